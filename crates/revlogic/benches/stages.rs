//! Checks 100,000 opportunities against the default pipeline with the system allocator:
//! `cargo bench -p revlogic --bench stages`. See `stages_mimalloc` for the same with mimalloc.

#[path = "workload/stages.rs"]
mod workload;

use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    workload::bench(c, "system-allocator");
}

criterion_group!(benches, bench);
criterion_main!(benches);

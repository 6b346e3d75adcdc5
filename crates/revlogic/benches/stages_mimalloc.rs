//! The `stages` benchmark with mimalloc as the global allocator (the Python binding ships with
//! it; many Rust services choose it): `cargo bench -p revlogic --bench stages_mimalloc`. A
//! batch allocates its results record by record, so the allocator is a visible part of the cost.

#[path = "workload/stages.rs"]
mod workload;

use criterion::{criterion_group, criterion_main, Criterion};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench(c: &mut Criterion) {
    workload::bench(c, "mimalloc");
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! The fairness report over a large period, single-threaded: 1,000,000 assignment records in
//! 10 groups, half of them carrying the three quality signals (the index computed through
//! `scoring::lead_quality_index`), half a given index. Throughput is reported per record.
//!
//! `cargo bench -p revlogic --bench fairness`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use revlogic::assignment::AssignmentPolicy;
use serde_json::{json, Value};
use std::hint::black_box;
use std::time::Duration;

const RECORDS: usize = 1_000_000;
const GROUPS: usize = 10;

fn request(n: usize) -> Value {
    let records: Vec<Value> = (0..n)
        .map(|i| {
            let mut r = json!({
                "leadId": format!("L{i}"), "repId": format!("R{}", i % 500),
                "group": format!("G{}", i % GROUPS),
                "assignedAt": "2026-01-12T10:00:00+08:00", "converted": i % 3 == 0,
            });
            if i % 2 == 0 {
                r["budgetMatch"] = json!(format!("0.{:02}", i % 100));
                r["decisionChain"] = json!(format!("0.{}", i % 10));
                r["competitorCoverage"] = json!("0.5");
            } else {
                r["qualityIndex"] = json!(format!("{}", i % 101));
            }
            r
        })
        .collect();
    json!({"records": records})
}

fn fairness(c: &mut Criterion) {
    let policy = AssignmentPolicy::load(&json!({"schemaVersion": 1, "id": "bench"})).unwrap();
    let request = request(RECORDS);
    let mut group = c.benchmark_group("fairness");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(RECORDS as u64));
    group.bench_function("report_1m_records", |b| {
        b.iter(|| black_box(policy.fairness_value(black_box(&request)).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, fairness);
criterion_main!(benches);

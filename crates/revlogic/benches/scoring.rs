//! Scoring at organisation scale, single-threaded: customer health for 1,000,000 customers,
//! PHI and data credit for 10,000 reps, and win-probability training on 1,000,000
//! opportunities with 20 fields, each in one call. Throughput is reported per record.
//!
//! `cargo bench -p revlogic --bench scoring`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use revlogic::scoring::{ScoreModel, ScoreOptions};
use revlogic::wire::ops::train_win_model;
use serde_json::{json, Value};
use std::hint::black_box;
use std::time::Duration;

const CUSTOMERS: usize = 1_000_000;
const REPS: usize = 10_000;
const OPPORTUNITIES: usize = 1_000_000;
const FIELDS: usize = 20;

fn health_model() -> ScoreModel {
    ScoreModel::load(&json!({"model": "customerHealth", "schemaVersion": 1, "id": "h", "measures": [
        {"name": "daysSinceLastDeal", "weight": "0.4", "breakpoints": [{"x": "0", "score": "100"}, {"x": "30", "score": "80"}, {"x": "90", "score": "40"}, {"x": "180", "score": "0"}]},
        {"name": "interactions90d", "weight": "0.3", "breakpoints": [{"x": "0", "score": "0"}, {"x": "4", "score": "50"}, {"x": "12", "score": "100"}]},
        {"name": "ticketCloseRate", "weight": "0.3", "breakpoints": [{"x": "0.5", "score": "0"}, {"x": "1", "score": "100"}]}
    ]}))
    .unwrap()
}

pub fn customers(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let mut c = json!({
                "id": format!("C-{i}"),
                "measures": {
                    "daysSinceLastDeal": format!("{}", i % 200),
                    "interactions90d": format!("{}", i % 15),
                    "ticketCloseRate": format!("0.{:02}", i % 100),
                },
                "previousScore": format!("{}", i % 100),
            });
            if i % 10 == 0 {
                c["measures"]["ticketCloseRate"] = Value::Null;
            }
            c
        })
        .collect()
}

fn reps_activity(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let leads: Vec<Value> = (0..20)
                .map(|j| json!({"id": format!("L{j}"), "assignedAt": "2026-03-02T09:00:00+08:00",
                                "firstActionAt": if (i + j) % 7 == 0 { "2026-03-04T09:00:00+08:00" } else { "2026-03-02T15:00:00+08:00" }}))
                .collect();
            let visits: Vec<Value> = (0..15).map(|j| json!({"id": format!("V{j}"), "done": (i + j) % 5 != 0})).collect();
            let commitments: Vec<Value> = (0..10)
                .map(|j| json!({"id": format!("C{j}"), "due": "2026-03-20", "doneOn": if (i + j) % 4 == 0 { "2026-03-22" } else { "2026-03-18" }}))
                .collect();
            json!({"id": format!("rep-{i}"), "leads": leads, "visits": visits, "commitments": commitments})
        })
        .collect()
}

fn reps_logs(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let logs: Vec<Value> = (0..20)
                .map(|j| json!({
                    "id": format!("V{j}"),
                    "fields": {"contact": "Dr. Chen", "purpose": "demo", "outcome": if (i + j) % 6 == 0 { "" } else { "agreed" }, "nextStep": "quote"},
                    "position": {"lat": format!("31.{:04}", 2304 + (i + j) % 90), "lon": "121.4737"},
                    "customerLocation": {"lat": "31.2304", "lon": "121.4737"},
                    "photoHashes": [format!("h{}-{}", i, j % 18)],
                    "visitStart": "2026-03-05T09:00:00+08:00", "visitEnd": "2026-03-05T10:00:00+08:00",
                    "submittedAt": format!("2026-03-05T{:02}:10:00+08:00", 10 + (i + j) % 12),
                }))
                .collect();
            json!({"id": format!("rep-{i}"), "logs": logs})
        })
        .collect()
}

fn closed_opportunities(n: usize) -> Value {
    Value::Array(
        (0..n)
            .map(|i| {
                let fields: serde_json::Map<String, Value> = (0..FIELDS)
                    .map(|f| (format!("f{f:02}"), json!(format!("v{}", (i * (f + 3) / 7) % (3 + f)))))
                    .collect();
                json!({"id": format!("O-{i}"), "outcome": if i % 3 == 0 { "won" } else { "lost" }, "fields": fields})
            })
            .collect(),
    )
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("scoring");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));

    let model = health_model();
    let records = customers(CUSTOMERS);
    group.throughput(Throughput::Elements(CUSTOMERS as u64));
    group.bench_function("customer_health_1m", |b| {
        b.iter(|| black_box(model.score_values(black_box(&records), ScoreOptions::default())))
    });
    drop(records);

    let phi = ScoreModel::load(&json!({"model": "processHealth", "schemaVersion": 1, "id": "phi"}))
        .unwrap();
    let reps = reps_activity(REPS);
    group.throughput(Throughput::Elements(REPS as u64));
    group.bench_function("process_health_10k_reps", |b| {
        b.iter(|| black_box(phi.score_values(black_box(&reps), ScoreOptions::default())))
    });

    let credit =
        ScoreModel::load(&json!({"model": "dataCredit", "schemaVersion": 1, "id": "dc"})).unwrap();
    let logs = reps_logs(REPS);
    group.bench_function("data_credit_10k_reps_20_logs", |b| {
        b.iter(|| black_box(credit.score_values(black_box(&logs), ScoreOptions::default())))
    });

    let opportunities = closed_opportunities(OPPORTUNITIES);
    let options = json!({"id": "win"});
    group.throughput(Throughput::Elements(OPPORTUNITIES as u64));
    group.bench_function("train_win_1m_x20", |b| {
        b.iter(|| black_box(train_win_model(black_box(&opportunities), &options).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! The stage-check workload shared by the `stages` and `stages_mimalloc` benchmarks: 100,000
//! opportunities checked against the default pipeline, single-threaded, throughput reported
//! per opportunity.

use criterion::{BatchSize, Criterion, Throughput};
use revlogic::stages::{CheckOptions, Pipeline, TransitionRequest};
use serde_json::{json, Value};
use std::hint::black_box;

const N: usize = 100_000;

/// A realistic mix: allowed moves, blocked moves with missing fields, approvals, skips,
/// backward moves and losses, cycling through the default pipeline.
pub fn requests(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let full = i % 3 != 0;
            let mut fields = json!({
                "first_contact_method": "visit", "pain_points": "reporting", "competitor_analysis": "acme",
                "decision_chain": ["director", "procurement"], "amount": format!("{}", 10_000 + (i % 90) * 1_000),
                "expected_close_date": if i % 5 == 0 { "2026-12-31" } else { "2026-06-15" },
                "customer_type": if i % 7 == 0 { "hospital_equipment_dept" } else { "distributor" },
                "payment_terms": "net 30"
            });
            if full {
                fields["budget_range"] = json!("100k-200k");
            }
            let (from, to) = [("lead", "proposal"), ("proposal", "quote"), ("quote", "contract"), ("contract", "payment"),
                              ("payment", "won"), ("lead", "quote"), ("quote", "proposal"), ("proposal", "lost")][i % 8];
            json!({
                "opportunity": {
                    "id": format!("OPP-{i}"), "stage": from, "fields": fields,
                    "evidence": [{"kind": "needs_survey", "fields": {"budget_range": "100k", "decision_chain": ["cfo"]}}],
                    "approvals": if i % 4 == 0 { json!([{"role": "director"}]) } else { json!([]) }
                },
                "to": to,
                "reason": if i % 2 == 0 { Value::from("customer asked") } else { Value::Null },
                "lossReason": "price"
            })
        })
        .collect()
}

/// `allocator` names the global allocator of the benchmark binary, for the report.
pub fn bench(c: &mut Criterion, allocator: &str) {
    let pipeline = Pipeline::default_pipeline().expect("default pipeline");
    let values = requests(N);
    let typed: Vec<TransitionRequest> = values
        .iter()
        .map(|v| serde_json::from_value(v.clone()).expect("typed"))
        .collect();

    let mut group = c.benchmark_group(format!("stages/check_100k/{allocator}"));
    group.throughput(Throughput::Elements(N as u64));
    group.sample_size(10);
    group.bench_function("typed, no explanation", |b| {
        b.iter(|| {
            black_box(pipeline.check_batch(black_box(&typed), CheckOptions { explain: false }))
        })
    });
    group.bench_function("typed, with explanation", |b| {
        b.iter(|| {
            black_box(pipeline.check_batch(black_box(&typed), CheckOptions { explain: true }))
        })
    });
    group.bench_function("wire values (decode + check), no explanation", |b| {
        b.iter(|| {
            black_box(pipeline.check_values(black_box(&values), CheckOptions { explain: false }))
        })
    });
    group.bench_function("wire values, serialise result to JSON value", |b| {
        b.iter_batched(
            || (),
            |_| {
                let batch = pipeline.check_values(&values, CheckOptions { explain: false });
                black_box(serde_json::to_value(&batch).expect("serialise"))
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

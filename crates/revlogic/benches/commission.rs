//! Commission statements for a synthetic quarter: `cargo bench -p revlogic --bench commission`.
//! 12 rate rules, graduated period accelerators, the activation kicker, sign-and-first-payment
//! release; 200 reps and 1,000,000 deals (override with `REVLOGIC_BENCH_DEALS`). Throughput is
//! reported per deal. Statements run on every core (at most 8), and once more on one thread
//! (`revlogic::set_max_threads(1)`) for the totals. The live figure is
//! one rep's quarter of 200 deals, as an app recomputes it on every deal update. The floor
//! reads every deal's amount once and adds it up: no statement over the same decoded request
//! can take less.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use revlogic::commission::{CommissionPlan, DealEntry, StatementRequest};
use serde_json::{json, Value};
use std::hint::black_box;

const REPS: usize = 200;

fn deals() -> usize {
    std::env::var("REVLOGIC_BENCH_DEALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

fn plan() -> CommissionPlan {
    let mut rules = Vec::new();
    let mut i = 0;
    for p in ["device", "consumable"] {
        for t in ["A", "B"] {
            for c in ["annual", "quarterly", "monthly"] {
                let rate = rust_decimal::Decimal::new(20 + 5 * i, 3);
                rules.push(json!({"id": format!("{p}-{t}-{c}"), "match": {"productLine": p, "customerTier": t, "paymentCycle": c}, "rate": rate.to_string()}));
                i += 1;
            }
        }
    }
    CommissionPlan::load(&json!({
        "schemaVersion": 1, "id": "bench",
        "versions": [{"id": "v1", "effectiveFrom": "2026-01-01", "rules": rules,
            "accelerator": {"measure": "attainment", "scope": "period", "tiers": {"mode": "graduated", "boundary": "lowerInclusive", "bands": [
                {"id": "b0", "from": "0", "to": "1.0", "rate": "1"},
                {"id": "b1", "from": "1.0", "to": "1.5", "rate": "1.5"},
                {"id": "b2", "from": "1.5", "rate": "2"}]}}}]
    }))
    .expect("the bench plan is valid")
}

fn request(n: usize, reps: usize, detail: &str) -> StatementRequest {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");
    let keys: Vec<(&str, &str, &str)> = ["device", "consumable"]
        .iter()
        .flat_map(|p| {
            ["A", "B"].iter().flat_map(move |t| {
                ["annual", "quarterly", "monthly"]
                    .iter()
                    .map(move |c| (*p, *t, *c))
            })
        })
        .collect();
    let mut deals = Vec::with_capacity(n);
    let mut payments = Vec::new();
    for i in 0..n {
        let close = start + chrono::Days::new((i % 90) as u64);
        let (p, t, c) = keys[i % 12];
        let mut deal = json!({
            "id": format!("D{i:07}"), "rep": format!("rep{:03}", i % reps),
            "amount": format!("{}.50", 10_000 + (i * 7919) % 60_000),
            "closeDate": close.to_string(),
            "fields": {"productLine": p, "customerTier": t, "paymentCycle": c}
        });
        if i % 4 != 0 {
            deal["signedDate"] = json!(close.to_string());
        }
        if i % 10 == 0 {
            deal["newCustomer"] = json!(true);
            deal["activation"] = json!({"rate": format!("0.{}", 94 + i % 3), "date": (close + chrono::Days::new((20 + i % 20) as u64)).to_string()});
        }
        if i % 3 != 0 {
            payments.push(json!({"id": format!("P{i}"), "deal": format!("D{i:07}"), "amount": "5000", "date": (close + chrono::Days::new(5)).to_string()}));
        }
        deals.push(deal);
    }
    let reps: Vec<Value> = (0..reps)
        .map(|r| json!({"id": format!("rep{r:03}"), "quota": (n / reps * 40_000).to_string()}))
        .collect();
    serde_json::from_value(json!({
        "period": {"from": "2026-01-01", "to": "2026-03-31"}, "asOf": "2026-03-31",
        "reps": reps, "deals": deals, "payments": payments, "explain": false, "detail": detail
    }))
    .expect("the bench request is valid")
}

fn bench(c: &mut Criterion) {
    let n = deals();
    let plan = plan();
    let mut group = c.benchmark_group("commission");
    group.sample_size(10);
    group.throughput(Throughput::Elements(n as u64));
    for detail in ["lines", "totals"] {
        let request = request(n, REPS, detail);
        if detail == "totals" {
            group.bench_function(format!("floor: {n} deal amounts read once"), |b| {
                b.iter(|| {
                    let amounts = black_box(&request).deals.iter().map(|d| match d {
                        DealEntry::Decoded(deal) => deal.amount,
                        DealEntry::Rejected { .. } => rust_decimal::Decimal::ZERO,
                    });
                    black_box(amounts.sum::<rust_decimal::Decimal>())
                })
            });
        }
        let threads = revlogic::max_threads();
        group.bench_function(
            format!("statement {n} deals, {REPS} reps, detail {detail}, {threads} threads"),
            |b| b.iter(|| black_box(plan.statement(black_box(&request)).expect("computes"))),
        );
        if detail == "totals" && threads > 1 {
            revlogic::set_max_threads(1);
            group.bench_function(
                format!("statement {n} deals, {REPS} reps, detail {detail}, 1 thread"),
                |b| b.iter(|| black_box(plan.statement(black_box(&request)).expect("computes"))),
            );
            revlogic::set_max_threads(0);
        }
    }
    group.finish();

    let mut live = c.benchmark_group("commission/live figure");
    let one_rep = request(200, 1, "lines");
    live.throughput(Throughput::Elements(1));
    live.bench_function("one rep, 200 deals", |b| {
        b.iter(|| black_box(plan.live_figure(black_box(&one_rep)).expect("computes")))
    });
    live.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

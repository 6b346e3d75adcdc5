//! Rebate settlement for a synthetic quarter, single-threaded:
//! `cargo bench -p revlogic --bench rebate`. 2,000 distributors with the seeds' agreement
//! (retroactive volume tiers, new-product bonus, payment-timeliness bonus, the ×1.2
//! coefficient, an excluded SKU) and 1,000,000 order lines in all (override with
//! `REVLOGIC_BENCH_LINES`), each distributor with returns, invoices and payments; the rebate is
//! allocated back to every line. Also: one estimate over a prepared period of 10,000 orders.
//! The floor reads every line's amount once and adds it up: no settlement over the same decoded
//! requests can take less.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use revlogic::rebate::{EstimateOrder, RebateAgreement, SettleDetail, SettleRequest};
use serde_json::{json, Value};
use std::hint::black_box;
use std::sync::Arc;

const DISTRIBUTORS: usize = 2_000;

fn lines_total() -> usize {
    std::env::var("REVLOGIC_BENCH_LINES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

fn agreement() -> RebateAgreement {
    RebateAgreement::load(&json!({
        "schemaVersion": 1, "id": "bench", "distributor": "d",
        "exclusions": {"skus": ["SKU-X"]},
        "newProducts": {"skus": ["NEW-1", "NEW-2"]},
        "volume": {"tiers": {"mode": "retroactive", "boundary": "lowerInclusive", "bands": [
            {"id": "T1", "from": "0", "to": "500000", "rate": "0.01"},
            {"id": "T2", "from": "500000", "to": "1000000", "rate": "0.02"},
            {"id": "T3", "from": "1000000", "rate": "0.03"}]}},
        "newProductBonus": {"rate": "0.02"},
        "paymentBonus": {"withinDays": 30, "rate": "0.005"}
    }))
    .expect("the bench agreement is valid")
}

const SKUS: [&str; 5] = ["OLD-1", "OLD-2", "NEW-1", "NEW-2", "SKU-X"];

/// One distributor's quarter: `n` lines, a return on every 20th, one invoice per 10 lines
/// paid 10 or 40 days later.
fn period(d: usize, n: usize) -> Value {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");
    let day = |k: usize| (start + chrono::Days::new((k % 90) as u64)).to_string();
    let mut lines = Vec::with_capacity(n);
    let mut returns = Vec::new();
    let mut invoices = Vec::new();
    let mut payments = Vec::new();
    for i in 0..n {
        let amount =
            rust_decimal::Decimal::new((1000 + (i * 7919 + d * 31) % 6000) as i64 * 100 + 50, 2);
        lines.push(
            json!({"id": format!("L{i}"), "orderId": format!("O{}", i / 3), "date": day(i / 6),
                          "sku": SKUS[(i + d) % 5], "amount": amount.to_string()}),
        );
        if i % 20 == 7 {
            returns.push(json!({"id": format!("R{i}"), "date": day(i / 6 + 1), "lineId": format!("L{i}"), "amount": "100.00"}));
        }
        if i % 10 == 9 {
            let inv = i / 10;
            invoices
                .push(json!({"id": format!("I{inv}"), "date": day(i / 6), "amount": "30000.00"}));
            let lag = if inv % 3 == 0 { 40 } else { 10 };
            let paid = (i / 6 + lag).min(89);
            payments.push(json!({"id": format!("P{inv}"), "date": day(paid), "invoiceId": format!("I{inv}"), "amount": "30000.00"}));
        }
    }
    json!({"periodStart": "2026-01-01", "asOf": "2026-03-31", "lines": lines, "returns": returns,
           "invoices": invoices, "payments": payments})
}

fn bench(c: &mut Criterion) {
    let total = lines_total();
    let per = total / DISTRIBUTORS;
    let agreement = Arc::new(agreement());
    let requests: Vec<SettleRequest> = (0..DISTRIBUTORS)
        .map(|d| serde_json::from_value(period(d, per)).expect("a valid request"))
        .collect();
    let mut group = c.benchmark_group("rebate");
    group.sample_size(10);
    group.throughput(Throughput::Elements((per * DISTRIBUTORS) as u64));
    group.bench_function(
        format!("settle {DISTRIBUTORS} distributors, {total} lines"),
        |b| {
            b.iter(|| {
                for r in &requests {
                    black_box(agreement.settle(r).expect("settles"));
                }
            })
        },
    );
    let totals: Vec<SettleRequest> = requests
        .iter()
        .cloned()
        .map(|mut r| {
            r.detail = SettleDetail::Totals;
            r
        })
        .collect();
    group.bench_function(format!("floor: {total} line amounts read once"), |b| {
        b.iter(|| {
            let amounts = black_box(&totals)
                .iter()
                .flat_map(|r| r.lines.iter().filter_map(|line| line.decoded()))
                .map(|line| line.amount);
            black_box(amounts.sum::<rust_decimal::Decimal>())
        })
    });
    group.bench_function(format!("settle totals only, {total} lines"), |b| {
        b.iter(|| {
            for r in &totals {
                black_box(agreement.settle(r).expect("settles"));
            }
        })
    });
    group.finish();

    let big: SettleRequest = serde_json::from_value(period(0, 30_000)).expect("a valid request");
    let prepared = agreement.prepare(&big).expect("prepares");
    let order: EstimateOrder = serde_json::from_value(json!({"lines": [
        {"sku": "NEW-1", "amount": "12000.00"}, {"sku": "OLD-1", "amount": "3000.00"}]}))
    .expect("an order");
    c.bench_function("rebate estimate (period of 10,000 orders)", |b| {
        b.iter(|| black_box(prepared.estimate(&order).expect("estimates")))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Invariants of rebate settlement and estimation (SPEC §5): allocation sums exactly, an
//! estimate is exactly settle(with) − settle(without), retroactive tiers pay at least as much
//! as graduated ones over the same non-decreasing rates, a return never increases the rebate,
//! and no input makes the engine panic.

mod common;
use common::full_decimal;
use proptest::prelude::*;
use revlogic::rebate::{EstimateOrder, RebateAgreement, SettleRequest};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::sync::Arc;

fn agreement(mode: &str, rates: &[u32; 3], cap: Option<&str>) -> RebateAgreement {
    let mut doc = json!({
        "schemaVersion": 1, "id": "a", "distributor": "d",
        "exclusions": {"skus": ["X"]},
        "newProducts": {"skus": ["N"]},
        "volume": {"tiers": {"mode": mode, "boundary": "lowerInclusive", "bands": [
            {"id": "T1", "from": "0", "to": "5000", "rate": format!("0.0{}", rates[0])},
            {"id": "T2", "from": "5000", "to": "20000", "rate": format!("0.0{}", rates[1])},
            {"id": "T3", "from": "20000", "rate": format!("0.0{}", rates[2])}]}},
        "newProductBonus": {"target": "3000", "rate": "0.02"},
        "paymentBonus": {"withinDays": 30, "rate": "0.005"},
        "coefficients": [{"id": "c", "when": {"all": [
            {"field": "collectionRate", "op": "gte", "value": "0.85"},
            {"field": "newProductPurchases", "op": "gte", "value": "3000"}]}, "factor": "1.2"}]
    });
    if let Some(cap) = cap {
        doc["totalCap"] = json!(cap);
    }
    RebateAgreement::load(&doc).unwrap()
}

#[derive(Debug, Clone)]
struct Line {
    sku: &'static str,
    cents: i64,
    day: u32,
}

fn line_strategy() -> impl Strategy<Value = Line> {
    (
        prop::sample::select(vec!["A", "B", "N", "X"]),
        0i64..2_000_000,
        1u32..28,
    )
        .prop_map(|(sku, cents, day)| Line { sku, cents, day })
}

fn money(cents: i64) -> String {
    Decimal::new(cents, 2).to_string()
}

fn request(lines: &[Line], returns: &[(usize, i64)], paid_cents: i64) -> SettleRequest {
    let invoiced: i64 = lines.iter().map(|l| l.cents).sum();
    let mut payments = vec![];
    if invoiced > 0 {
        payments.push(json!({"id": "P1", "date": "2026-02-10", "invoiceId": "I1",
                             "amount": money(paid_cents.min(invoiced))}));
    }
    let value = json!({
        "periodStart": "2026-01-01", "asOf": "2026-03-31",
        "lines": lines.iter().enumerate().map(|(i, l)| json!({
            "id": format!("L{i}"), "date": format!("2026-01-{:02}", l.day), "sku": l.sku,
            "amount": money(l.cents)})).collect::<Vec<Value>>(),
        "returns": returns.iter().enumerate().map(|(i, (line, cents))| json!({
            "id": format!("R{i}"), "date": "2026-03-01", "lineId": format!("L{line}"),
            "amount": money(*cents)})).collect::<Vec<Value>>(),
        "invoices": if invoiced > 0 { vec![json!({"id": "I1", "date": "2026-01-31", "amount": money(invoiced)})] } else { vec![] },
        "payments": payments,
    });
    serde_json::from_value(value).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn allocation_sums_exactly(
        lines in prop::collection::vec(line_strategy(), 0..30),
        paid in 0i64..50_000_000,
        cap in prop::option::of(0i64..100_000),
    ) {
        let cap = cap.map(money);
        let a = agreement("retroactive", &[1, 2, 3], cap.as_deref());
        let s = a.settle(&request(&lines, &[], paid)).unwrap();
        let sum: Decimal = s.lines.iter().map(|l| l.rebate).sum();
        prop_assert_eq!(sum + s.unallocated, s.entitlement);
        let components: Decimal = s.components.iter().map(|c| c.amount).sum();
        prop_assert_eq!(components, s.entitlement);
        prop_assert_eq!(s.lines.len() + s.rejected.len(), lines.len());
        for l in &s.lines {
            prop_assert!(!l.excluded || l.rebate.is_zero());
        }
    }

    #[test]
    fn estimate_equals_settle_with_minus_without(
        lines in prop::collection::vec(line_strategy(), 0..20),
        order in prop::collection::vec(line_strategy(), 1..4),
        paid in 0i64..50_000_000,
    ) {
        let a = Arc::new(agreement("retroactive", &[1, 2, 3], None));
        let without = request(&lines, &[], paid);
        let period = a.prepare(&without).unwrap();
        let estimate_order: EstimateOrder = serde_json::from_value(json!({
            "lines": order.iter().map(|l| json!({"sku": l.sku, "amount": money(l.cents)})).collect::<Vec<Value>>()
        })).unwrap();
        let estimate = period.estimate(&estimate_order).unwrap();
        // The order placed: same lines plus the order's, the same payments.
        let mut with_lines = lines.clone();
        with_lines.extend(order.iter().cloned());
        let mut with = request(&with_lines, &[], paid);
        // Keep the invoices and payments of the period without the order.
        with.invoices = without.invoices.clone();
        with.payments = without.payments.clone();
        let settled_with = a.settle(&with).unwrap().entitlement;
        let settled_without = a.settle(&without).unwrap().entitlement;
        prop_assert_eq!(estimate.rebate, settled_with - settled_without);
        prop_assert_eq!(estimate.entitlement_with, settled_with);
    }

    #[test]
    fn retroactive_pays_at_least_graduated(
        lines in prop::collection::vec(line_strategy(), 0..20),
        r1 in 0u32..4, d2 in 0u32..3, d3 in 0u32..3,
    ) {
        let rates = [r1, r1 + d2, r1 + d2 + d3];
        let retro = agreement("retroactive", &rates, None).settle(&request(&lines, &[], 0)).unwrap();
        let grad = agreement("graduated", &rates, None).settle(&request(&lines, &[], 0)).unwrap();
        prop_assert!(retro.components[0].amount >= grad.components[0].amount);
    }

    #[test]
    fn a_return_never_increases_the_rebate(
        lines in prop::collection::vec(line_strategy(), 1..20),
        which in 0usize..20,
        fraction in 0i64..=100,
        paid in 0i64..50_000_000,
    ) {
        let a = agreement("graduated", &[1, 2, 3], None);
        let i = which % lines.len();
        let returned = lines[i].cents * fraction / 100;
        let before = a.settle(&request(&lines, &[], paid)).unwrap();
        let mut after_req = request(&lines, &[(i, returned)], paid);
        after_req.invoices = request(&lines, &[], paid).invoices;
        let after = a.settle(&after_req).unwrap();
        prop_assert!(after.rejected.is_empty());
        prop_assert!(after.entitlement <= before.entitlement,
            "return of {} raised {} to {}", returned, before.entitlement, after.entitlement);
    }

    #[test]
    fn no_input_panics(amount in ".{0,12}", quantity in ".{0,6}", date in ".{0,12}") {
        let a = agreement("retroactive", &[1, 2, 3], None);
        let req = json!({"periodStart": "2026-01-01", "asOf": "2026-03-31",
            "lines": [{"id": "L", "date": date, "sku": "A", "amount": amount, "quantity": quantity}]});
        let _ = revlogic::wire::ops::rebate_settle(&a, &req);
        let period = a.clone();
        let _ = Arc::new(period).prepare(&serde_json::from_value(json!({"periodStart": "2026-01-01", "asOf": "2026-03-31"})).unwrap())
            .map(|p| p.estimate(&EstimateOrder { id: None, date: None, lines: vec![] }));
    }
}

fn full_amount() -> impl Strategy<Value = Decimal> {
    full_decimal().prop_map(|d| d.abs())
}

/// A day anywhere in years 1–9999, as `YYYY-MM-DD`.
fn any_date() -> impl Strategy<Value = String> {
    (1i32..=9999, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

/// Every record of the request comes back once, as a line or a rejection; the problem of an
/// error is coded and placed.
fn full_request(
    lines: &[(Decimal, &'static str)],
    returns: &[(usize, Decimal)],
    paid: &[Decimal],
    prior: &[Decimal],
) -> Value {
    json!({
        "periodStart": "2026-01-01", "asOf": "2026-03-31",
        "lines": lines.iter().enumerate().map(|(i, (amount, sku))| json!({
            "id": format!("L{i}"), "date": "2026-01-10", "sku": sku,
            "amount": amount.to_string()})).collect::<Vec<Value>>(),
        "returns": returns.iter().enumerate().map(|(i, (line, amount))| json!({
            "id": format!("R{i}"), "date": "2026-03-01", "lineId": format!("L{line}"),
            "amount": amount.to_string()})).collect::<Vec<Value>>(),
        "invoices": [{"id": "I1", "date": "2026-01-31", "amount": "9999999999999999999999999999"}],
        "payments": paid.iter().enumerate().map(|(i, amount)| json!({
            "id": format!("P{i}"), "date": "2026-02-10", "invoiceId": "I1",
            "amount": amount.to_string()})).collect::<Vec<Value>>(),
        "priorSettlements": prior.iter().enumerate().map(|(i, amount)| json!({
            "id": format!("S{i}"), "amount": amount.to_string()})).collect::<Vec<Value>>(),
    })
}

fn coded(e: &revlogic::Error) -> Result<(), TestCaseError> {
    prop_assert!(!e.problems.is_empty());
    for p in &e.problems {
        if p.code == revlogic::ErrorCode::Overflow {
            prop_assert!(
                !p.path.is_empty(),
                "an overflow without a path: {}",
                p.message
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Over the full decimal range: a settlement or a coded error, never a panic; a settlement's
    /// allocation sums exactly and every line comes back once.
    #[test]
    fn full_range_settles_or_fails_with_a_code(
        lines in prop::collection::vec((full_amount(), prop::sample::select(vec!["A", "N", "X"])), 0..6),
        returns in prop::collection::vec((0usize..6, full_amount()), 0..3),
        paid in prop::collection::vec(full_amount(), 0..3),
        prior in prop::collection::vec(full_decimal(), 0..3),
        cap in prop::option::of(full_amount()),
    ) {
        // A total cap anywhere in the range: one beyond whole minor units is refused at load.
        let cap = cap.map(|c| c.round_dp(2).to_string());
        let a = match std::panic::catch_unwind(|| agreement("retroactive", &[1, 2, 3], cap.as_deref())) {
            Ok(a) => a,
            Err(_) => {
                prop_assert!(cap.as_deref().is_some_and(|c| c.parse::<Decimal>().unwrap() > Decimal::MAX / Decimal::ONE_HUNDRED));
                return Ok(());
            }
        };
        let req = full_request(&lines, &returns, &paid, &prior);
        match revlogic::wire::ops::rebate_settle(&a, &req) {
            Ok(s) => {
                let sum: Decimal = s.lines.iter().map(|l| l.rebate).sum();
                prop_assert_eq!(sum + s.unallocated, s.entitlement);
                let components: Decimal = s.components.iter().map(|c| c.amount).sum();
                prop_assert_eq!(components, s.entitlement);
                prop_assert_eq!(s.lines.len() + s.rejected.iter().filter(|r| r.error.path.starts_with("lines")).count(), lines.len());
                prop_assert_eq!(s.settlement, s.entitlement - s.prior_settled);
            }
            Err(e) => coded(&e)?,
        }
    }

    /// Over the full range: an estimate is settle(with) − settle(without) whenever all three
    /// compute, and otherwise a coded error.
    #[test]
    fn full_range_estimate_is_the_settle_difference(
        lines in prop::collection::vec((full_amount(), prop::sample::select(vec!["A", "N", "X"])), 0..5),
        order in prop::collection::vec((full_amount(), prop::sample::select(vec!["A", "N", "X"])), 1..3),
        date in any_date(),
    ) {
        let a = Arc::new(agreement("retroactive", &[1, 2, 3], None));
        let without: SettleRequest = serde_json::from_value(full_request(&lines, &[], &[], &[])).unwrap();
        let period = match a.prepare(&without) {
            Ok(p) => p,
            Err(e) => return coded(&e),
        };
        let estimate_order: EstimateOrder = serde_json::from_value(json!({
            "lines": order.iter().map(|(amount, sku)| json!({"sku": sku, "amount": amount.to_string()})).collect::<Vec<Value>>()
        })).unwrap();
        // An order dated anywhere in the calendar: outside the period it is refused, coded.
        let dated: Result<EstimateOrder, _> = serde_json::from_value(json!({
            "date": date,
            "lines": [{"sku": "A", "amount": "1"}]
        }));
        if let Ok(dated) = dated {
            if let Err(e) = period.estimate(&dated) {
                coded(&e)?;
            }
        }
        let estimate = match period.estimate(&estimate_order) {
            Ok(e) => e,
            Err(e) => return coded(&e),
        };
        let mut with_lines = lines.clone();
        with_lines.extend(order.iter().cloned());
        let with: SettleRequest = serde_json::from_value(full_request(&with_lines, &[], &[], &[])).unwrap();
        match (a.settle(&with), a.settle(&without)) {
            (Ok(w), Ok(wo)) => {
                prop_assert_eq!(estimate.rebate, w.entitlement - wo.entitlement);
                prop_assert_eq!(estimate.entitlement_with, w.entitlement);
            }
            (Err(e), _) | (_, Err(e)) => coded(&e)?,
        }
    }
}

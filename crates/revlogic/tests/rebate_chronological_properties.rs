//! Invariants of chronologically valued quantity tiers (`volume.valuation: chronological`):
//! an estimate is exactly settle(with) − settle(without) wherever the order's date puts it in
//! the stack, the allocation sums exactly and follows the valuation, a return never increases
//! the rebate, the order of the request's lines does not matter (ties are broken by order id
//! and line id), and retroactive tables pay the same under either valuation.

use proptest::prelude::*;
use revlogic::rebate::{EstimateOrder, RebateAgreement, SettleRequest};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::sync::Arc;

fn agreement(mode: &str, valuation: &str, boundary: &str, rates: [u32; 3]) -> RebateAgreement {
    RebateAgreement::load(&json!({
        "schemaVersion": 1, "id": "a", "distributor": "d",
        "exclusions": {"skus": ["X"]},
        "newProducts": {"skus": ["N"]},
        "volume": {"basis": "quantity", "valuation": valuation, "tiers": {"mode": mode, "boundary": boundary, "bands": [
            {"id": "T1", "from": "0", "to": "100", "rate": format!("0.0{}", rates[0])},
            {"id": "T2", "from": "100", "to": "250", "rate": format!("0.0{}", rates[1])},
            {"id": "T3", "from": "250", "rate": format!("0.0{}", rates[2])}]}},
        "newProductBonus": {"target": "3000", "rate": "0.02"},
        "coefficients": [{"id": "c", "when": {"field": "newProductPurchases", "op": "gte", "value": "3000"}, "factor": "1.2"}]
    }))
    .unwrap()
}

fn rising() -> impl Strategy<Value = [u32; 3]> {
    (0u32..4, 0u32..3, 0u32..3).prop_map(|(a, b, c)| [a, a + b, a + b + c])
}

#[derive(Debug, Clone)]
struct Line {
    sku: &'static str,
    units: i64,
    cents: i64,
    day: u32,
    order: Option<u8>,
}

fn line_strategy() -> impl Strategy<Value = Line> {
    (
        prop::sample::select(vec!["A", "B", "N", "X"]),
        0i64..120,
        0i64..2_000_000,
        // Few distinct days, so that ties on the date are common.
        prop::sample::select(vec![3u32, 10, 17]),
        prop::option::of(0u8..4),
    )
        .prop_map(|(sku, units, cents, day, order)| Line {
            sku,
            units,
            cents,
            day,
            order,
        })
}

fn money(cents: i64) -> String {
    Decimal::new(cents, 2).to_string()
}

fn line_json(id: &str, l: &Line) -> Value {
    let mut v = json!({"id": id, "date": format!("2026-02-{:02}", l.day), "sku": l.sku,
        "quantity": l.units.to_string(), "amount": money(l.cents)});
    if let Some(o) = l.order {
        v["orderId"] = json!(format!("O{o}"));
    }
    v
}

/// A return of `share` percent of line `line`, stating its units or leaving them to the
/// proportional rule.
#[derive(Debug, Clone)]
struct Return {
    line: usize,
    share: i64,
    states_units: bool,
}

fn return_strategy() -> impl Strategy<Value = Return> {
    (0usize..40, 0i64..=100, any::<bool>()).prop_map(|(line, share, states_units)| Return {
        line,
        share,
        states_units,
    })
}

fn returns_json(lines: &[Line], returns: &[Return]) -> Vec<Value> {
    let mut out = Vec::new();
    let mut taken = vec![false; lines.len()];
    for (i, r) in returns.iter().enumerate() {
        if lines.is_empty() {
            break;
        }
        let at = r.line % lines.len();
        // One return per line keeps every return within its line.
        if taken[at] {
            continue;
        }
        taken[at] = true;
        let l = &lines[at];
        let mut v = json!({"id": format!("R{i}"), "date": "2026-03-01", "lineId": format!("L{at}"),
            "amount": money(l.cents * r.share / 100)});
        if r.states_units {
            v["quantity"] = json!((l.units * r.share / 100).to_string());
        }
        out.push(v);
    }
    out
}

fn request(lines: &[Line], returns: &[Value]) -> SettleRequest {
    serde_json::from_value(json!({
        "periodStart": "2026-01-01", "asOf": "2026-03-31",
        "lines": lines.iter().enumerate().map(|(i, l)| line_json(&format!("L{i}"), l)).collect::<Vec<Value>>(),
        "returns": returns,
    }))
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn estimate_equals_settle_with_minus_without(
        lines in prop::collection::vec(line_strategy(), 0..25),
        returns in prop::collection::vec(return_strategy(), 0..6),
        order in prop::collection::vec(line_strategy(), 1..4),
        order_day in prop::option::of(prop::sample::select(vec![1u32, 3, 10, 17, 28])),
        rates in rising(),
        upper in any::<bool>(),
    ) {
        let boundary = if upper { "upperInclusive" } else { "lowerInclusive" };
        let a = Arc::new(agreement("graduated", "chronological", boundary, rates));
        let returned = returns_json(&lines, &returns);
        let without = request(&lines, &returned);
        let date = order_day.map(|d| format!("2026-02-{d:02}"));
        let estimate_order: EstimateOrder = serde_json::from_value(json!({
            "date": date,
            "lines": order.iter().map(|l| json!({"sku": l.sku, "quantity": l.units.to_string(), "amount": money(l.cents)})).collect::<Vec<Value>>()
        })).unwrap();
        let estimate = a.prepare(&without).unwrap().estimate(&estimate_order).unwrap();
        // The order placed: dated as given (or on asOf: on top), after every line of its
        // date — its order id `~` sorts after the period's `O…` ones.
        let mut with = without.clone();
        for (k, l) in order.iter().enumerate() {
            let mut v = line_json(&format!("~{k}"), l);
            v["orderId"] = json!("~");
            v["date"] = json!(date.clone().unwrap_or_else(|| "2026-03-31".to_string()));
            with.lines.push(serde_json::from_value(v).unwrap());
        }
        let settled_with = a.settle(&with).unwrap();
        let settled_without = a.settle(&without).unwrap();
        prop_assert!(settled_with.rejected.is_empty() && settled_without.rejected.is_empty());
        prop_assert_eq!(estimate.entitlement_without, settled_without.entitlement);
        prop_assert_eq!(estimate.entitlement_with, settled_with.entitlement);
        prop_assert_eq!(estimate.rebate, settled_with.entitlement - settled_without.entitlement);
    }

    #[test]
    fn allocation_sums_exactly_and_follows_the_valuation(
        lines in prop::collection::vec(line_strategy(), 0..30),
        returns in prop::collection::vec(return_strategy(), 0..6),
        rates in rising(),
    ) {
        let a = agreement("graduated", "chronological", "lowerInclusive", rates);
        let s = a.settle(&request(&lines, &returns_json(&lines, &returns))).unwrap();
        let sum: Decimal = s.lines.iter().map(|l| l.rebate).sum();
        prop_assert_eq!(sum + s.unallocated, s.entitlement);
        let volume: Decimal = s.lines.iter().map(|l| l.components.volume).sum();
        let component = s.components.iter().find(|c| c.component == revlogic::rebate::ComponentKind::Volume).unwrap();
        prop_assert!(volume == component.amount || volume.is_zero());
        let slices: Decimal = component.unit_slices.iter().map(|u| u.amount).sum();
        // Exactly, up to the 28th significant digit at which a cut line's share is rounded.
        prop_assert!((slices - component.raw).abs() <= Decimal::new(1, 18));
        let units: Decimal = component.unit_slices.iter().map(|u| u.units).sum();
        // Units returned in proportion to an amount may need all 28 digits.
        prop_assert!((units - s.figures.net_quantity).abs() <= Decimal::new(1, 18));
        for l in &s.lines {
            prop_assert!(!l.excluded || l.rebate.is_zero());
        }
    }

    #[test]
    fn a_return_never_increases_the_rebate(
        lines in prop::collection::vec(line_strategy(), 1..25),
        r in return_strategy(),
        rates in rising(),
        upper in any::<bool>(),
    ) {
        let boundary = if upper { "upperInclusive" } else { "lowerInclusive" };
        let a = agreement("graduated", "chronological", boundary, rates);
        let before = a.settle(&request(&lines, &[])).unwrap();
        let after = a.settle(&request(&lines, &returns_json(&lines, &[r]))).unwrap();
        prop_assert!(after.rejected.is_empty());
        prop_assert!(after.entitlement <= before.entitlement,
            "a return raised {} to {}", before.entitlement, after.entitlement);
    }

    #[test]
    fn the_order_of_the_request_does_not_matter(
        lines in prop::collection::vec(line_strategy(), 0..25),
        rates in rising(),
    ) {
        let a = agreement("graduated", "chronological", "lowerInclusive", rates);
        let forward = request(&lines, &[]);
        let mut backward = forward.clone();
        backward.lines.reverse();
        let f = a.settle(&forward).unwrap();
        let b = a.settle(&backward).unwrap();
        prop_assert_eq!(f.entitlement, b.entitlement);
        let mut fl: Vec<_> = f.lines.iter().map(|l| (l.id.clone(), l.rebate)).collect();
        let mut bl: Vec<_> = b.lines.iter().map(|l| (l.id.clone(), l.rebate)).collect();
        fl.sort();
        bl.sort();
        // Ties in the allocation's largest remainder go to the earlier line of the request,
        // so single fen may move; the line's share before rounding does not.
        for ((id_f, r_f), (id_b, r_b)) in fl.iter().zip(&bl) {
            prop_assert_eq!(id_f, id_b);
            prop_assert!((*r_f - *r_b).abs() <= Decimal::new(1, 2));
        }
    }

    #[test]
    fn retroactive_tables_pay_the_same_under_either_valuation(
        lines in prop::collection::vec(line_strategy(), 0..25),
        returns in prop::collection::vec(return_strategy(), 0..6),
        rates in rising(),
    ) {
        let req = request(&lines, &returns_json(&lines, &returns));
        let chrono = agreement("retroactive", "chronological", "lowerInclusive", rates).settle(&req).unwrap();
        let average = agreement("retroactive", "averagePrice", "lowerInclusive", rates).settle(&req).unwrap();
        prop_assert_eq!(chrono.entitlement, average.entitlement);
    }
}

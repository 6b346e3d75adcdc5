//! Invariants of the tier module and the commission statement (issue 3, "Must hold").

use proptest::prelude::*;
use revlogic::commission::{CommissionPlan, StatementRequest};
use revlogic::error::Problems;
use revlogic::tiers::{TierTable, TierTableDoc};
use revlogic::wire::ops::commission_statement;
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// A valid table: bounds from strictly increasing cut points, rates non-decreasing.
fn table(mode: &str, boundary: &str, cuts: &[u32], rates: &[u32]) -> TierTable {
    let mut bands = Vec::new();
    let mut from = 0u32;
    for (i, rate) in rates.iter().enumerate() {
        let mut band = json!({"id": format!("b{i}"), "from": from.to_string(), "rate": format!("{}", Decimal::new(i64::from(*rate), 3))});
        if let Some(cut) = cuts.get(i) {
            band["to"] = json!(cut.to_string());
            from = *cut;
        }
        bands.push(band);
    }
    let doc: TierTableDoc =
        serde_json::from_value(json!({"mode": mode, "boundary": boundary, "bands": bands}))
            .unwrap();
    let mut problems = Problems::new();
    TierTable::load(&doc, "t", &mut problems).expect("generated tables are valid")
}

/// Strictly increasing cut points and as many non-decreasing rates plus one.
fn tiers() -> impl Strategy<Value = (Vec<u32>, Vec<u32>)> {
    prop::collection::vec(1u32..50_000, 0..5).prop_flat_map(|steps| {
        let mut cuts = Vec::new();
        let mut at = 0u32;
        for s in steps {
            at += s;
            cuts.push(at);
        }
        let n = cuts.len() + 1;
        (
            Just(cuts),
            prop::collection::vec(0u32..200, n).prop_map(|mut r| {
                r.sort_unstable();
                r
            }),
        )
    })
}

fn boundary() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("lowerInclusive"), Just("upperInclusive")]
}

proptest! {
    #[test]
    fn graduated_never_exceeds_retroactive((cuts, rates) in tiers(), b in boundary(), cents in 0i64..30_000_000) {
        let base = Decimal::new(cents, 2);
        let g = table("graduated", b, &cuts, &rates).evaluate(base).unwrap();
        let r = table("retroactive", b, &cuts, &rates).evaluate(base).unwrap();
        prop_assert!(g.amount <= r.amount, "graduated {} > retroactive {}", g.amount, r.amount);
    }

    #[test]
    fn tier_amounts_grow_with_the_base((cuts, rates) in tiers(), b in boundary(), a in 0i64..30_000_000, extra in 0i64..10_000_000) {
        for mode in ["graduated", "retroactive"] {
            let t = table(mode, b, &cuts, &rates);
            let small = t.evaluate(Decimal::new(a, 2)).unwrap().amount;
            let large = t.evaluate(Decimal::new(a + extra, 2)).unwrap().amount;
            prop_assert!(small <= large, "{mode}: {small} > {large}");
        }
    }

    #[test]
    fn slices_sum_to_the_total((cuts, rates) in tiers(), b in boundary(), cents in 0i64..30_000_000, start in 0i64..30_000_000) {
        let t = table("graduated", b, &cuts, &rates);
        let base = Decimal::new(cents, 2);
        let outcome = t.evaluate(base).unwrap();
        let sum: Decimal = outcome.slices.iter().map(|s| s.amount).sum();
        prop_assert_eq!(sum, outcome.amount);
        let covered: Decimal = outcome.slices.iter().map(|s| s.base).sum();
        prop_assert_eq!(covered, base);
        // A span of a running total is the difference of the two graduated amounts.
        let (lo, hi) = (Decimal::new(start.min(cents), 2), Decimal::new(start.max(cents), 2));
        let span = t.graduated_span(lo, hi).unwrap().amount;
        prop_assert_eq!(span, t.evaluate(hi).unwrap().amount - t.evaluate(lo).unwrap().amount);
    }
}

fn plan(mode: &str) -> CommissionPlan {
    CommissionPlan::load(&json!({
        "schemaVersion": 1, "id": "p",
        "versions": [{
            "id": "v1", "effectiveFrom": "2026-01-01",
            "rules": [
                {"id": "device", "match": {"productLine": "device"}, "rate": "0.06"},
                {"id": "consumable", "match": {"productLine": "consumable"}, "rate": "0.03"}
            ],
            "accelerator": {"measure": "attainment", "scope": "period", "tiers": {
                "mode": mode, "boundary": "lowerInclusive", "bands": [
                    {"id": "base", "from": "0", "to": "1", "rate": "1"},
                    {"id": "acc", "from": "1", "to": "1.5", "rate": "1.5"},
                    {"id": "top", "from": "1.5", "rate": "2"}
                ]}}
        }]
    }))
    .unwrap()
}

/// Deals: (cents, day of January, consumable?, split share of `wang` in percent).
fn deals() -> impl Strategy<Value = Vec<(i64, u32, bool, u32)>> {
    prop::collection::vec(
        (0i64..5_000_000, 1u32..=28, any::<bool>(), 0u32..=100),
        1..12,
    )
}

fn request(deals: &[(i64, u32, bool, u32)]) -> Value {
    let deals: Vec<Value> = deals
        .iter()
        .enumerate()
        .map(|(i, (cents, day, consumable, share))| {
            let mut d = json!({
                "id": format!("D{i:02}"), "rep": "wang",
                "amount": Decimal::new(*cents, 2).to_string(),
                "closeDate": format!("2026-01-{day:02}"), "signedDate": format!("2026-01-{day:02}"),
                "fields": {"productLine": if *consumable { "consumable" } else { "device" }}
            });
            if *share < 100 {
                let wang = Decimal::new(i64::from(*share), 2);
                d["splits"] = json!([
                    {"rep": "wang", "share": wang.to_string()},
                    {"rep": "li", "share": (Decimal::ONE - wang).to_string()}
                ]);
            }
            d
        })
        .collect();
    json!({
        "period": {"from": "2026-01-01", "to": "2026-03-31"}, "asOf": "2026-03-31",
        "reps": [{"id": "wang", "quota": "100000"}, {"id": "li", "quota": "50000"}],
        "deals": deals, "explain": false
    })
}

fn totals(plan: &CommissionPlan, req: &Value) -> Vec<(Decimal, Decimal)> {
    let statement = commission_statement(plan, req).unwrap();
    assert!(statement.rejected.is_empty(), "{:?}", statement.rejected);
    statement
        .reps
        .iter()
        .map(|r| (r.credited, r.totals.earned))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn split_credits_sum_exactly_to_the_deals(ds in deals()) {
        let statement = commission_statement(&plan("graduated"), &request(&ds)).unwrap();
        let credited: Decimal = statement.reps.iter().map(|r| r.credited).sum();
        let whole: Decimal = ds.iter().map(|(c, ..)| Decimal::new(*c, 2)).sum();
        prop_assert_eq!(credited, whole);
        for (i, (cents, ..)) in ds.iter().enumerate() {
            let id = format!("D{i:02}");
            let parts: Decimal = statement.reps.iter().flat_map(|r| &r.lines).filter(|l| l.deal == id).map(|l| l.amount).sum();
            prop_assert_eq!(parts, Decimal::new(*cents, 2));
        }
    }

    #[test]
    fn deal_order_does_not_change_totals(ds in deals(), seed in any::<u64>()) {
        // The same deals (ids included) in a different order, shuffled deterministically from
        // the seed.
        let original = request(&ds);
        let mut reordered = original.clone();
        let order: Vec<usize> = {
            let mut idx: Vec<usize> = (0..ds.len()).collect();
            let mut s = seed;
            for i in (1..idx.len()).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                idx.swap(i, (s >> 33) as usize % (i + 1));
            }
            idx
        };
        reordered["deals"] = Value::Array(order.iter().map(|&i| original["deals"][i].clone()).collect());
        for mode in ["graduated", "retroactive"] {
            let p = plan(mode);
            prop_assert_eq!(totals(&p, &original), totals(&p, &reordered));
        }
    }

    #[test]
    fn commission_never_decreases_when_a_deal_grows(ds in deals(), which in any::<prop::sample::Index>(), extra in 0i64..5_000_000) {
        let mut grown = ds.clone();
        let i = which.index(grown.len());
        grown[i].0 += extra;
        for mode in ["graduated", "retroactive"] {
            let p = plan(mode);
            let before = totals(&p, &request(&ds));
            let after = totals(&p, &request(&grown));
            for (b, a) in before.iter().zip(&after) {
                // Per-line rounding can move a total by at most half a cent per line.
                let slack = Decimal::new(ds.len() as i64, 2);
                prop_assert!(a.1 + slack >= b.1, "{mode}: earned fell from {} to {}", b.1, a.1);
            }
        }
    }

    #[test]
    fn what_if_agrees_with_both_statements(ds in deals()) {
        let req = request(&ds);
        let typed: StatementRequest = serde_json::from_value(req.clone()).unwrap();
        let (graduated, retroactive) = (plan("graduated"), plan("retroactive"));
        let same = graduated.what_if(&graduated, &typed).unwrap();
        prop_assert!(same.reps.iter().all(|r| r.comparison.difference.earned.is_zero()
            && r.comparison.difference.settlement_due.is_zero()));
        let cmp = graduated.what_if(&retroactive, &typed).unwrap();
        let (g, r) = (totals(&graduated, &req), totals(&retroactive, &req));
        let mut sum = Decimal::ZERO;
        for ((rep, g), r) in cmp.reps.iter().zip(&g).zip(&r) {
            prop_assert_eq!(rep.comparison.baseline.earned, g.1);
            prop_assert_eq!(rep.comparison.proposal.earned, r.1);
            prop_assert_eq!(rep.comparison.difference.earned, r.1 - g.1);
            sum += r.1 - g.1;
        }
        prop_assert_eq!(cmp.total.difference.earned, sum);
    }

    #[test]
    fn a_draw_pays_at_least_the_guarantee_and_recovers_at_most_the_balance(
        ds in deals(), amount in 0i64..2_000_000, balance in 0i64..2_000_000, recoverable in any::<bool>()
    ) {
        let mut req = request(&ds);
        let (amount, balance) = (Decimal::new(amount, 2), Decimal::new(balance, 2));
        req["reps"][0]["draw"] = json!({"amount": amount.to_string(), "balance": balance.to_string(), "recoverable": recoverable});
        let statement = commission_statement(&plan("graduated"), &req).unwrap();
        let wang = &statement.reps[0];
        let draw = wang.draw.as_ref().unwrap();
        let payable = wang.totals.payable_now;
        prop_assert_eq!(draw.paid, (amount - payable).max(Decimal::ZERO));
        prop_assert!(draw.recovered <= draw.balance_before);
        prop_assert!(draw.balance_after >= Decimal::ZERO);
        prop_assert!(payable + draw.paid >= amount);
        if recoverable {
            prop_assert_eq!(draw.balance_after, draw.balance_before + draw.paid - draw.recovered);
        } else {
            prop_assert!(draw.recovered.is_zero() && draw.balance_after.is_zero());
        }
        prop_assert_eq!(wang.totals.settlement_due, payable + draw.paid - draw.recovered);
    }

    #[test]
    fn live_figure_is_the_reps_statement(ds in deals()) {
        let mut req = request(&ds);
        req["reps"] = json!([{"id": "wang", "quota": "100000", "weeklyTarget": "20000"}]);
        req["week"] = json!({"from": "2026-01-05", "to": "2026-01-11"});
        let typed: StatementRequest = serde_json::from_value(req.clone()).unwrap();
        let p = plan("graduated");
        let live = p.live_figure(&typed).unwrap();
        let full = commission_statement(&p, &req).unwrap();
        let rep = &full.reps[0];
        prop_assert_eq!(live.earned, rep.totals.earned);
        prop_assert_eq!(live.payable_now, rep.totals.payable_now);
        prop_assert_eq!(live.excess_pool, rep.excess_pool);
        prop_assert_eq!(live.week_gap, rep.week.as_ref().map(|w| w.gap));
    }

    #[test]
    fn graduated_statement_never_exceeds_retroactive(ds in deals()) {
        let req = request(&ds);
        let g = totals(&plan("graduated"), &req);
        let r = totals(&plan("retroactive"), &req);
        for (g, r) in g.iter().zip(&r) {
            let slack = Decimal::new(ds.len() as i64, 2);
            prop_assert!(g.1 <= r.1 + slack, "graduated {} > retroactive {}", g.1, r.1);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn clawbacks_never_exceed_what_was_paid(
        deal_cents in 1i64..10_000_000,
        paid_cents in 0i64..1_000_000,
        refunds in prop::collection::vec((0i64..10_000_000, 1u32..=90), 1..8),
    ) {
        let refunds: Vec<Value> = refunds
            .iter()
            .enumerate()
            .map(|(i, (cents, day))| {
                let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(*day) - 1);
                json!({"id": format!("R{i}"), "deal": "D1", "amount": Decimal::new(*cents, 2).to_string(),
                       "date": date.to_string(), "commissionPaid": [{"rep": "wang", "amount": Decimal::new(paid_cents, 2).to_string()}]})
            })
            .collect();
        let req = json!({
            "period": {"from": "2026-01-01", "to": "2026-03-31"}, "asOf": "2026-03-31",
            "reps": [{"id": "wang", "quota": "1"}],
            "deals": [{"id": "D1", "rep": "wang", "amount": Decimal::new(deal_cents, 2).to_string(), "closeDate": "2025-12-01"}],
            "refunds": refunds
        });
        let statement = commission_statement(&plan("graduated"), &req).unwrap();
        let clawed: Decimal = statement.reps[0].clawbacks.iter().map(|c| c.amount).sum();
        prop_assert!(clawed <= Decimal::new(paid_cents, 2), "clawed {} of {}", clawed, paid_cents);
        prop_assert!(statement.reps[0].clawbacks.iter().all(|c| c.amount >= Decimal::ZERO));
        let refunded: Decimal = req["refunds"].as_array().unwrap().iter().map(|r| r["amount"].as_str().unwrap().parse::<Decimal>().unwrap()).sum();
        if refunded >= Decimal::new(deal_cents, 2) {
            prop_assert_eq!(clawed, Decimal::new(paid_cents, 2));
        }
    }
}

//! Invariants of the tier module and the commission statement (issue 3, "Must hold").

use proptest::prelude::*;
use revlogic::commission::{CommissionPlan, Statement, StatementRequest};
use revlogic::error::{Error, ErrorCode, Problems};
use revlogic::tiers::{TierTable, TierTableDoc};
use revlogic::wire::ops::commission_statement;
use revlogic::wire::scalar::within_significant_digits;
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

/// The largest mantissa the wire accepts: 28 nines (a decimal has at most 28 significant
/// digits; 2^96 − 1 has 29 and is refused as DECIMAL_OUT_OF_RANGE before any arithmetic).
const MAX_MANTISSA: u128 = 10u128.pow(28) - 1;

/// A non-negative decimal anywhere in the wire's range (28 significant digits) with 0–28 places: ordinary amounts in
/// cents, any mantissa at any scale, and mantissas within a thousand of the largest.
fn amount() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (0i64..5_000_000).prop_map(|c| Decimal::new(c, 2)),
        (0..=MAX_MANTISSA, 0u32..=28).prop_map(|(m, s)| decimal(m, s)),
        (0u128..1000, 0u32..=28).prop_map(|(d, s)| decimal(MAX_MANTISSA - d, s)),
    ]
}

/// A decimal of any sign, magnitude and scale.
fn signed_amount() -> impl Strategy<Value = Decimal> {
    (amount(), any::<bool>()).prop_map(|(a, negative)| if negative { -a } else { a })
}

fn decimal(mantissa: u128, scale: u32) -> Decimal {
    Decimal::from_i128_with_scale(mantissa as i128, scale)
}

/// A split share of `wang` in [0, 1] with up to 28 places (1 means no split).
fn share() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (0i64..=100).prop_map(|p| Decimal::new(p, 2)),
        (0u128..=10u128.pow(28)).prop_map(|m| decimal(m, 28)),
    ]
}

/// Deals: (amount, day of January, consumable?, split share of `wang`).
fn deals() -> impl Strategy<Value = Vec<(Decimal, u32, bool, Decimal)>> {
    prop::collection::vec((amount(), 1u32..=28, any::<bool>(), share()), 1..12)
}

fn request(deals: &[(Decimal, u32, bool, Decimal)]) -> Value {
    let deals: Vec<Value> = deals
        .iter()
        .enumerate()
        .map(|(i, (amount, day, consumable, share))| {
            let mut d = json!({
                "id": format!("D{i:02}"), "rep": "wang",
                "amount": amount.to_string(),
                "closeDate": format!("2026-01-{day:02}"), "signedDate": format!("2026-01-{day:02}"),
                "fields": {"productLine": if *consumable { "consumable" } else { "device" }}
            });
            if *share < Decimal::ONE {
                d["splits"] = json!([
                    {"rep": "wang", "share": share.to_string()},
                    {"rep": "li", "share": (Decimal::ONE - share).to_string()}
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

/// The statement, or `None` when a figure left the decimal range: then the call failed, or
/// rejected deals, with `OVERFLOW` at a path naming the record and field (never a panic, and
/// never another code for these well-formed requests).
fn statement(plan: &CommissionPlan, req: &Value) -> Option<Statement> {
    match commission_statement(plan, req) {
        Ok(statement) => {
            for r in &statement.rejected {
                assert_eq!(r.error.code, ErrorCode::Overflow, "{:?}", r.error);
                assert!(
                    r.error.path.starts_with(&format!("deals[{}].", r.index)),
                    "{:?}",
                    r.error
                );
            }
            statement.rejected.is_empty().then_some(statement)
        }
        Err(error) => {
            assert_overflow_named(&error);
            None
        }
    }
}

/// Every problem of a failed call is an overflow whose path names a record's field.
fn assert_overflow_named(error: &Error) {
    for p in &error.problems {
        assert_eq!(p.code, ErrorCode::Overflow, "{p}");
        assert!(p.path.contains('[') && p.path.contains('.'), "{p}");
        assert!(p.message.contains('`'), "{p}");
    }
}

fn totals(plan: &CommissionPlan, req: &Value) -> Option<Vec<(Decimal, Decimal)>> {
    Some(
        statement(plan, req)?
            .reps
            .iter()
            .map(|r| (r.credited, r.totals.earned))
            .collect(),
    )
}

/// What rounding may move a total by: half a cent per line, and one unit in the 28th
/// significant digit of each product (decimals keep 28 digits).
fn slack(lines: usize, a: Decimal, b: Decimal) -> Decimal {
    let digits = Decimal::new(1, 26);
    Decimal::new(lines as i64, 2) + (a.abs() * digits) + (b.abs() * digits)
}

/// Adds decimals; `None` beyond the range.
fn sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, x| acc.checked_add(x))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn split_credits_sum_exactly_to_the_deals(ds in deals()) {
        // Deals are rejected on their own when a split share is out of range: the others
        // still sum exactly.
        let Ok(statement) = commission_statement(&plan("graduated"), &request(&ds)) else {
            return Ok(());
        };
        let rejected: Vec<usize> = statement.rejected.iter().map(|r| r.index).collect();
        for r in &statement.rejected {
            prop_assert_eq!(r.error.code, ErrorCode::Overflow);
            prop_assert_eq!(&r.error.path, &format!("deals[{}].amount", r.index));
        }
        let kept = ds.iter().enumerate().filter(|(i, _)| !rejected.contains(i));
        let kept: Vec<Decimal> = kept.map(|(_, (a, ..))| *a).collect();
        if let (Some(credited), Some(whole)) = (
            sum(statement.reps.iter().map(|r| r.credited)),
            sum(kept.iter().copied()),
        ) {
            // A decimal keeps 28 or 29 significant digits: sums of amounts with more digits
            // than that are rounded (by the statement and by this test, in different orders).
            // Within 28 digits they are exact.
            let within_28_digits =
                kept.iter().all(|a| a.scale() <= 2) && whole < Decimal::from(10u128.pow(25));
            if within_28_digits {
                prop_assert_eq!(credited, whole);
            } else {
                let ulp = whole.abs().max(credited.abs()) * Decimal::new(1, 27);
                let terms = Decimal::from(kept.len() + statement.reps.len());
                prop_assert!((credited - whole).abs() <= ulp * terms, "credited {} of {}", credited, whole);
            }
        }
        for (i, (amount, ..)) in ds.iter().enumerate().filter(|(i, _)| !rejected.contains(i)) {
            let id = format!("D{i:02}");
            let parts = sum(statement.reps.iter().flat_map(|r| &r.lines).filter(|l| l.deal == id).map(|l| l.amount));
            prop_assert_eq!(parts, Some(*amount));
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
            // Whatever fails, fails the same way in any order: the same code and message (the
            // path holds the deal's position, which the order changes).
            let error = |r: &Value| {
                commission_statement(&p, r)
                    .err()
                    .map(|e| e.problems.into_iter().map(|p| (p.code, p.message)).collect::<Vec<_>>())
            };
            prop_assert_eq!(error(&original), error(&reordered));
        }
    }

    #[test]
    fn commission_never_decreases_when_a_deal_grows(ds in deals(), which in any::<prop::sample::Index>(), extra in amount()) {
        let mut grown = ds.clone();
        let i = which.index(grown.len());
        // A sum beyond 28 significant digits is not an amount the wire reads.
        let Some(larger) = grown[i].0.checked_add(extra).filter(|l| within_significant_digits(*l)) else {
            return Ok(());
        };
        grown[i].0 = larger;
        for mode in ["graduated", "retroactive"] {
            let p = plan(mode);
            let (Some(before), Some(after)) = (totals(&p, &request(&ds)), totals(&p, &request(&grown))) else {
                continue;
            };
            for (b, a) in before.iter().zip(&after) {
                let slack = slack(ds.len(), a.1, b.1);
                prop_assert!(a.1 + slack >= b.1, "{mode}: earned fell from {} to {}", b.1, a.1);
            }
        }
    }

    #[test]
    fn what_if_agrees_with_both_statements(ds in deals()) {
        let req = request(&ds);
        let typed: StatementRequest = serde_json::from_value(req.clone()).unwrap();
        let (graduated, retroactive) = (plan("graduated"), plan("retroactive"));
        let (Some(g), Some(r)) = (totals(&graduated, &req), totals(&retroactive, &req)) else {
            return Ok(());
        };
        let same = match graduated.what_if(&graduated, &typed) {
            Ok(same) => same,
            Err(error) => {
                assert_overflow_named(&error);
                return Ok(());
            }
        };
        prop_assert!(same.reps.iter().all(|r| r.comparison.difference.earned.is_zero()
            && r.comparison.difference.settlement_due.is_zero()));
        let cmp = match graduated.what_if(&retroactive, &typed) {
            Ok(cmp) => cmp,
            Err(error) => {
                assert_overflow_named(&error);
                return Ok(());
            }
        };
        let mut total = Decimal::ZERO;
        for ((rep, g), r) in cmp.reps.iter().zip(&g).zip(&r) {
            prop_assert_eq!(rep.comparison.baseline.earned, g.1);
            prop_assert_eq!(rep.comparison.proposal.earned, r.1);
            prop_assert_eq!(Some(rep.comparison.difference.earned), r.1.checked_sub(g.1));
            total += rep.comparison.difference.earned;
        }
        prop_assert_eq!(cmp.total.difference.earned, total);
    }

    #[test]
    fn a_draw_pays_at_least_the_guarantee_and_recovers_at_most_the_balance(
        ds in deals(), amount in amount(), balance in amount(), recoverable in any::<bool>()
    ) {
        let mut req = request(&ds);
        // Draw amounts are whole minor units.
        let (amount, balance) = (amount.round_dp(2), balance.round_dp(2));
        req["reps"][0]["draw"] = json!({"amount": amount.to_string(), "balance": balance.to_string(), "recoverable": recoverable});
        let Some(statement) = statement(&plan("graduated"), &req) else {
            return Ok(());
        };
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
        let (live, full) = match (p.live_figure(&typed), commission_statement(&p, &req)) {
            (Ok(live), Ok(full)) => (live, full),
            (Err(a), Err(b)) => {
                assert_overflow_named(&a);
                prop_assert_eq!(a.problems, b.problems);
                return Ok(());
            }
            (live, full) => panic!("the live figure and the statement disagree: {live:?} / {full:?}"),
        };
        let rep = &full.reps[0];
        prop_assert_eq!(live.earned, rep.totals.earned);
        prop_assert_eq!(live.payable_now, rep.totals.payable_now);
        prop_assert_eq!(live.excess_pool, rep.excess_pool);
        prop_assert_eq!(live.week_gap, rep.week.as_ref().map(|w| w.gap));
    }

    #[test]
    fn graduated_statement_never_exceeds_retroactive(ds in deals()) {
        let req = request(&ds);
        let (Some(g), Some(r)) = (totals(&plan("graduated"), &req), totals(&plan("retroactive"), &req)) else {
            return Ok(());
        };
        for (g, r) in g.iter().zip(&r) {
            let slack = slack(ds.len(), g.1, r.1);
            prop_assert!(g.1 <= r.1 + slack, "graduated {} > retroactive {}", g.1, r.1);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn clawbacks_never_exceed_what_was_paid(
        deal in amount(),
        paid in amount(),
        refunds in prop::collection::vec((amount(), 1u32..=90), 1..8),
    ) {
        prop_assume!(!deal.is_zero());
        let refunds: Vec<Value> = refunds
            .iter()
            .enumerate()
            .map(|(i, (cents, day))| {
                let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(*day) - 1);
                json!({"id": format!("R{i}"), "deal": "D1", "amount": cents.to_string(),
                       "date": date.to_string(), "commissionPaid": [{"rep": "wang", "amount": paid.to_string()}]})
            })
            .collect();
        let req = json!({
            "period": {"from": "2026-01-01", "to": "2026-03-31"}, "asOf": "2026-03-31",
            "reps": [{"id": "wang", "quota": "1"}],
            "deals": [{"id": "D1", "rep": "wang", "amount": deal.to_string(), "closeDate": "2025-12-01"}],
            "refunds": refunds
        });
        // Refunds of a deal of positive amount never overflow: the refunded share is exact.
        let Some(statement) = statement(&plan("graduated"), &req) else {
            return Ok(());
        };
        // The plan rounds half-up, and never claws back more than was paid.
        let paid_rounded = paid
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            .min(paid);
        let clawed = sum(statement.reps[0].clawbacks.iter().map(|c| c.amount));
        prop_assert!(clawed.is_some_and(|c| c <= paid), "clawed {:?} of {}", clawed, paid);
        prop_assert!(statement.reps[0].clawbacks.iter().all(|c| c.amount >= Decimal::ZERO));
        let refunded = sum(req["refunds"].as_array().unwrap().iter().map(|r| r["amount"].as_str().unwrap().parse::<Decimal>().unwrap()));
        // A sum beyond the range is above any deal's amount.
        if refunded.is_none_or(|r| r >= deal) {
            prop_assert_eq!(clawed, Some(paid_rounded));
        }
    }
}

/// A date anywhere in the range a request may carry (years 1 to 9999).
fn any_date() -> impl Strategy<Value = chrono::NaiveDate> {
    let first = chrono::NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
    let last = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
    let days = last.signed_duration_since(first).num_days() as u64;
    (0..=days).prop_map(move |d| first + chrono::Days::new(d))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Rep figures (renewal rate, carried-in, weekly target, draw, prior payouts) and dates
    /// (period, close, start, refund) anywhere in their range: a statement or an overflow that
    /// names a record's field, never a panic.
    #[test]
    fn rep_figures_and_dates_at_the_limits_give_a_statement_or_a_named_overflow(
        ds in deals(),
        (renewal, carried, target, payout) in (signed_amount(), signed_amount(), signed_amount(), signed_amount()),
        (from, to, start, close, refund) in (any_date(), any_date(), any_date(), any_date(), any_date()),
        (quota, refunded, paid) in (amount(), amount(), amount()),
    ) {
        prop_assume!(!quota.is_zero());
        let plan = CommissionPlan::load(&json!({
            "schemaVersion": 1, "id": "p",
            "versions": [{"id": "v1", "effectiveFrom": "0001-01-01",
                "rules": [{"id": "all", "match": {}, "rate": "0.05"}],
                "kickers": {"renewal": {"baseline": "0.80"}},
                "caps": {"perPeriod": "1000000", "carryForward": true}}]
        }))
        .expect("the plan loads");
        let (from, to) = (from.min(to), from.max(to));
        let mut req = request(&ds);
        req["period"] = json!({"from": from.to_string(), "to": to.to_string()});
        req["asOf"] = json!(to.to_string());
        req["reps"][0] = json!({"id": "wang", "quota": quota.to_string(), "startDate": start.to_string(),
            "renewalRate": renewal.to_string(), "carriedIn": carried.to_string(), "weeklyTarget": target.to_string(),
            "draw": {"amount": paid.round_dp(2).to_string()}});
        req["week"] = json!({"from": from.to_string(), "to": to.to_string()});
        req["deals"][0]["closeDate"] = json!(close.to_string());
        req["priorPayouts"] = json!([{"rep": "wang", "amount": payout.to_string()}]);
        req["refunds"] = json!([{"id": "R1", "deal": "D00", "amount": refunded.to_string(), "date": refund.to_string(),
            "commissionPaid": [{"rep": "wang", "amount": paid.to_string()}]}]);
        match commission_statement(&plan, &req) {
            Ok(_) => {}
            Err(error) => {
                // The request is well-formed but for a rep starting too late to have a quota.
                for p in &error.problems {
                    prop_assert!(!p.path.is_empty(), "{}", p);
                    prop_assert!(p.code == ErrorCode::Overflow || p.path == "reps[0].startDate", "{}", p);
                }
            }
        }
    }
}

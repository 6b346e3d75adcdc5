//! Invariants that must hold for any input, checked with proptest.

use proptest::prelude::*;
use revlogic::stages::{CheckOptions, Pipeline, Severity};
use revlogic::wire::ops::call;
use serde_json::{json, Map, Value};

const STAGES: &[&str] = &[
    "lead", "proposal", "quote", "contract", "payment", "won", "lost", "unknown",
];
const KEY_FIELDS: &[&str] = &[
    "first_contact_method",
    "pain_points",
    "competitor_analysis",
    "budget_range",
    "decision_chain",
];

/// Any JSON value, a few levels deep, including floats, huge numbers and odd strings.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        prop_oneof![
            Just("NaN".to_string()),
            Just("TBD".to_string()),
            Just("2026-12-31".to_string()),
            "[a-z0-9 .-]{0,12}"
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                "[a-z]{1,8}|stage|to|id|opportunity|fields|amount",
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A well-formed request with random stages and a random subset of fields filled.
fn request() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(STAGES),
        prop::sample::select(STAGES),
        prop::collection::vec(any::<bool>(), KEY_FIELDS.len()),
        prop::option::of(0u64..200_000),
        any::<bool>(),
        prop::option::of("[a-z ]{0,6}"),
    )
        .prop_map(|(from, to, filled, amount, survey, reason)| {
            let mut fields = Map::new();
            for (name, on) in KEY_FIELDS.iter().zip(&filled) {
                if *on {
                    fields.insert(name.to_string(), if *name == "decision_chain" { json!(["director"]) } else { json!("x") });
                }
            }
            if let Some(a) = amount {
                fields.insert("amount".into(), json!(a.to_string()));
            }
            let evidence = if survey {
                json!([{"kind": "needs_survey", "fields": {"budget_range": "1", "decision_chain": ["a"]}}])
            } else {
                json!([])
            };
            let mut r = json!({"opportunity": {"id": "O", "stage": from, "fields": fields, "evidence": evidence}, "to": to});
            if let Some(reason) = reason {
                r["reason"] = json!(reason);
                r["lossReason"] = json!(reason);
            }
            r
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// No operation panics on arbitrary input; each returns a result or a coded error.
    #[test]
    fn no_operation_panics_on_any_input(input in any_json(), requests in prop::collection::vec(any_json(), 0..5)) {
        for op in revlogic::wire::ops::OPERATIONS {
            let _ = call(op, &input);
            let _ = call(op, &json!({"pipeline": "default", "requests": requests.clone(), "request": input.clone(),
                                     "records": requests.clone(), "mapping": input.clone()}));
        }
        let _ = call("stages.checkTransitions", &json!({"pipeline": input.clone(), "requests": []}));
    }

    /// Every request comes back exactly once, in order, and the summary adds up.
    #[test]
    fn every_request_comes_back_once(requests in prop::collection::vec(prop_oneof![request(), any_json()], 0..20)) {
        let pipeline = Pipeline::default_pipeline().unwrap();
        let batch = pipeline.check_values(&requests, CheckOptions { explain: false });
        prop_assert_eq!(batch.results.len(), requests.len());
        let s = batch.summary;
        prop_assert_eq!(s.total, requests.len());
        prop_assert_eq!(s.allowed + s.blocked + s.rejected, s.total);
        for (i, r) in batch.results.iter().enumerate() {
            if let Some(rej) = r.rejection() {
                prop_assert_eq!(rej.index, i);
                let prefix = format!("requests[{i}]");
                prop_assert!(rej.error.path.starts_with(&prefix));
            }
        }
    }

    /// `allowed` is exactly "no error-severity violation", and effects only follow allowed moves.
    #[test]
    fn allowed_means_no_errors(req in request()) {
        let pipeline = Pipeline::default_pipeline().unwrap();
        let batch = pipeline.check_values(&[req], CheckOptions { explain: true });
        if let Some(check) = batch.results[0].ok() {
            let errors = check.violations.iter().filter(|v| v.severity == Severity::Error).count();
            prop_assert_eq!(check.allowed, errors == 0);
            if !check.allowed {
                prop_assert!(check.effects.is_empty());
            }
            // Explanations are opt-in but, when on, every failed rule shows up as a failed step.
            let steps = check.explanation.as_ref().unwrap();
            let failed = steps.steps.iter().filter(|s| s.outcome == revlogic::explain::Outcome::Fail).count();
            prop_assert!(failed >= errors.min(1));
        }
    }

    /// Filling a missing required field never adds a violation.
    #[test]
    fn filling_fields_never_adds_violations(req in request(), which in 0..KEY_FIELDS.len()) {
        let pipeline = Pipeline::default_pipeline().unwrap();
        let before = pipeline.check_values(std::slice::from_ref(&req), CheckOptions { explain: false });
        let mut filled = req;
        let value = if KEY_FIELDS[which] == "decision_chain" { json!(["cfo"]) } else { json!("filled") };
        filled["opportunity"]["fields"][KEY_FIELDS[which]] = value;
        let after = pipeline.check_values(&[filled], CheckOptions { explain: false });
        if let (Some(b), Some(a)) = (before.results[0].ok(), after.results[0].ok()) {
            prop_assert!(a.violations.len() <= b.violations.len());
            prop_assert!(a.allowed || !b.allowed);
        }
    }

    /// The breaker's verdicts do not depend on the order submissions arrive in.
    #[test]
    fn breaker_ignores_input_order(misses in prop::collection::vec(any::<bool>(), 0..12), seed in any::<u64>()) {
        let subs: Vec<Value> = misses.iter().enumerate().map(|(i, miss)| json!({
            "rep": if i % 3 == 0 { "a" } else { "b" }, "opportunityId": format!("O{i:02}"),
            "submittedAt": format!("2026-03-01T{:02}:00:00+08:00", i),
            "fields": if *miss { json!({}) } else { json!({"budget_range": "10k"}) }
        })).collect();
        let mut shuffled = subs.clone();
        // A deterministic shuffle from the seed.
        let n = shuffled.len();
        if n > 1 {
            let mut s = seed;
            for i in (1..n).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (s >> 33) as usize % (i + 1));
            }
        }
        let a = call("stages.dataQuality", &json!({"pipeline": "default", "request": {"submissions": subs}})).unwrap();
        let b = call("stages.dataQuality", &json!({"pipeline": "default", "request": {"submissions": shuffled}})).unwrap();
        prop_assert_eq!(a, b);
    }
}

/// A total anywhere in the decimal range, in whole cents or fewer places.
fn any_total() -> impl Strategy<Value = rust_decimal::Decimal> {
    (0u128..(1 << 96), 0u32..=2, any::<bool>()).prop_map(|(m, s, negative)| {
        let m = if negative { -(m as i128) } else { m as i128 };
        rust_decimal::Decimal::from_i128_with_scale(m, s)
    })
}

/// A weight anywhere in the decimal range with 0–28 places.
fn any_weight() -> impl Strategy<Value = rust_decimal::Decimal> {
    prop_oneof![
        (0u32..1000).prop_map(rust_decimal::Decimal::from),
        (0u128..(1 << 96), 0u32..=28)
            .prop_map(|(m, s)| rust_decimal::Decimal::from_i128_with_scale(m as i128, s)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any total in the range is split into parts that sum to it exactly, each of the total's
    /// sign and at most its size; only a part no decimal holds is an overflow, at `total`.
    #[test]
    fn allocation_at_the_limits_sums_exactly_or_overflows(
        total in any_total(),
        weights in prop::collection::vec(any_weight(), 1..6),
    ) {
        prop_assume!(weights.iter().any(|w| !w.is_zero()));
        let money = revlogic::Money::new(total, revlogic::Currency::CNY);
        match revlogic::allocate(money, &weights) {
            Ok(parts) => {
                prop_assert_eq!(parts.len(), weights.len());
                // Summed in whole cents: a decimal sum of parts near the limit would round.
                let cents = |d: rust_decimal::Decimal| d.mantissa() * 10i128.pow(2 - d.scale());
                let sum: i128 = parts.iter().map(|p| cents(p.amount)).sum();
                prop_assert_eq!(sum, cents(total));
                for (part, w) in parts.iter().zip(&weights) {
                    prop_assert!(part.amount.abs() <= total.abs());
                    prop_assert!(part.amount.is_zero() || part.amount.is_sign_negative() == total.is_sign_negative());
                    prop_assert!(part.amount.scale() <= 2);
                    if w.is_zero() {
                        prop_assert!(part.amount.is_zero());
                    }
                }
            }
            Err(problem) => {
                prop_assert_eq!(problem.code, revlogic::ErrorCode::Overflow);
                prop_assert_eq!(problem.path, "total");
            }
        }
    }
}

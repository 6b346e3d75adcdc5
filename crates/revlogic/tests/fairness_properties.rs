//! Invariants of the fairness report (SPEC §3 step 8): every record is either counted or
//! rejected, group counts add up to the total, shares sum to about 1 and figures that would
//! divide by zero are null rather than zero.

use proptest::prelude::*;
use revlogic::assignment::AssignmentPolicy;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::str::FromStr;

const GROUPS: [&str; 3] = ["A", "B", "C"];

/// Per record: group index, converted, quality index (None: no quality), out of range.
type Record = (usize, bool, Option<u32>, bool);

fn records() -> impl Strategy<Value = Vec<Record>> {
    proptest::collection::vec(
        (
            0..3usize,
            any::<bool>(),
            proptest::option::of(0..=100u32),
            proptest::bool::weighted(0.1),
        ),
        0..40,
    )
}

fn report(records: &[Record]) -> Value {
    let policy = AssignmentPolicy::load(&json!({"schemaVersion": 1, "id": "p"})).unwrap();
    let records: Vec<Value> = records
        .iter()
        .enumerate()
        .map(|(i, (g, converted, quality, bad))| {
            let mut r = json!({"leadId": format!("L{i}"), "repId": "r", "group": GROUPS[*g],
                               "assignedAt": "2026-01-12T10:00:00+08:00", "converted": converted});
            if let Some(q) = quality {
                r["qualityIndex"] = json!(q.to_string());
            }
            if *bad {
                r["qualityIndex"] = json!("101");
            }
            r
        })
        .collect();
    let request = json!({"records": records, "groups": GROUPS});
    serde_json::to_value(policy.fairness_value(&request).unwrap()).unwrap()
}

fn dec(v: &Value) -> Option<Decimal> {
    v.as_str().map(|s| Decimal::from_str(s).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_record_counted_or_rejected(records in records()) {
        let r = report(&records);
        let counted = r["leads"].as_u64().unwrap();
        let rejected = r["rejected"].as_array().unwrap().len() as u64;
        prop_assert_eq!(counted + rejected, records.len() as u64);
        let groups = r["groups"].as_array().unwrap();
        prop_assert_eq!(groups.len(), GROUPS.len());
        let by_group: u64 = groups.iter().map(|g| g["leads"].as_u64().unwrap()).sum();
        prop_assert_eq!(by_group, counted);
        let conversions: u64 = groups.iter().map(|g| g["conversions"].as_u64().unwrap()).sum();
        prop_assert_eq!(conversions, r["conversions"].as_u64().unwrap());
    }

    #[test]
    fn shares_sum_to_one_and_nulls_mean_no_denominator(records in records()) {
        let r = report(&records);
        let groups = r["groups"].as_array().unwrap();
        if r["leads"].as_u64().unwrap() == 0 {
            prop_assert!(groups.iter().all(|g| g["share"].is_null()));
            prop_assert!(r["warnings"].as_array().unwrap().is_empty());
        } else {
            let sum: Decimal = groups.iter().map(|g| dec(&g["share"]).unwrap()).sum();
            // Each share is rounded to 4 places, so the sum is within 3 half-units of 1.
            prop_assert!((sum - Decimal::ONE).abs() <= Decimal::new(15, 5), "shares sum to {}", sum);
        }
        for g in groups {
            let leads = g["leads"].as_u64().unwrap();
            prop_assert_eq!(g["conversionRate"].is_null(), leads == 0);
            prop_assert_eq!(g["meanQuality"].is_null(), g["qualityLeads"].as_u64().unwrap() == 0);
            if let Some(rate) = dec(&g["conversionRate"]) {
                prop_assert!(rate >= Decimal::ZERO && rate <= Decimal::ONE);
            }
        }
    }
}

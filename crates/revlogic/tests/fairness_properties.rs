//! Invariants of the fairness report (SPEC §3 step 8): every record is either counted or
//! rejected, group counts add up to the total, shares sum to about 1 and figures that would
//! divide by zero are null rather than zero. The full-range variants send any decimal of the
//! wire's range as a quality index or signal (28 significant digits, 0–28 places), instants
//! anywhere in years 1–9999 in several offsets and periods anywhere in the calendar: the
//! report or a coded error, never a panic or `INTERNAL`, and every rejection coded and placed.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use proptest::prelude::*;
use revlogic::assignment::AssignmentPolicy;
use revlogic::error::ErrorCode;
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

/// The largest mantissa the wire accepts: 28 nines (29 digits are refused before any arithmetic).
const MAX_MANTISSA: u128 = 10u128.pow(28) - 1;

fn decimal(mantissa: u128, scale: u32) -> Decimal {
    Decimal::from_i128_with_scale(mantissa as i128, scale)
}

/// A decimal of any sign anywhere in the wire's range with 0–28 places: ordinary values, any
/// mantissa at any scale, and the edges (28 nines, 10^-28, mantissas near the largest).
fn full_decimal() -> impl Strategy<Value = Decimal> {
    let magnitude = prop_oneof![
        (0i64..=10_000).prop_map(|c| Decimal::new(c, 2)),
        (0..=MAX_MANTISSA, 0u32..=28).prop_map(|(m, s)| decimal(m, s)),
        (0u128..1000, 0u32..=28).prop_map(|(d, s)| decimal(MAX_MANTISSA - d, s)),
        Just(decimal(MAX_MANTISSA, 0)),
        Just(decimal(1, 28)),
        Just(decimal(10u128.pow(28), 28)),
        Just(decimal(10u128.pow(27) + 1, 25)),
    ];
    (magnitude, proptest::bool::weighted(0.2))
        .prop_map(|(m, negative)| if negative { -m } else { m })
}

/// A day anywhere in years 1–9999, biased to the calendar's first and last days.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        3 => (1i32..=9999, 1u32..=366).prop_map(|(y, d)| {
            NaiveDate::from_yo_opt(y, d).unwrap_or_else(|| NaiveDate::from_yo_opt(y, 365).unwrap())
        }),
        1 => prop::sample::select(vec![
            NaiveDate::from_ymd_opt(1, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(1, 1, 2).unwrap(),
            NaiveDate::from_ymd_opt(9999, 12, 30).unwrap(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
            NaiveDate::from_ymd_opt(2026, 1, 12).unwrap(),
        ]),
    ]
}

/// An instant as written on the wire: a local day and time anywhere in years 1–9999 in one of
/// several offsets (so its UTC day may fall just outside the range).
fn any_instant() -> impl Strategy<Value = String> {
    (
        any_date(),
        prop_oneof![Just(0u32), Just(23u32), 0u32..24],
        0u32..60,
        prop::sample::select(vec!["Z", "+08:00", "-12:00", "+14:00", "+05:45", "-09:30"]),
    )
        .prop_map(|(day, h, m, offset)| format!("{day}T{h:02}:{m:02}:00{offset}"))
}

/// The instant's local day when the wire takes it: local and UTC days both in years 1–9999.
fn accepted_day(text: &str) -> Option<NaiveDate> {
    let at: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(text).unwrap();
    let in_range = |d: NaiveDate| (1..=9999).contains(&d.year());
    (in_range(at.date_naive()) && in_range(at.naive_utc().date())).then(|| at.date_naive())
}

#[derive(Debug, Clone)]
enum Quality {
    None,
    Index(Decimal),
    Signals([Option<Decimal>; 3]),
}

/// Per record: group index, converted, quality, assignedAt.
type FullRecord = (usize, bool, Quality, String);

fn full_records() -> impl Strategy<Value = Vec<FullRecord>> {
    let quality = prop_oneof![
        1 => Just(Quality::None),
        3 => full_decimal().prop_map(Quality::Index),
        1 => (0u32..=100).prop_map(|q| Quality::Index(Decimal::from(q))),
        2 => [
            proptest::option::of(full_decimal()),
            proptest::option::of(full_decimal()),
            proptest::option::of(full_decimal()),
        ]
        .prop_map(Quality::Signals),
    ];
    proptest::collection::vec((0..3usize, any::<bool>(), quality, any_instant()), 0..30)
}

fn full_request(records: &[FullRecord], start: Option<NaiveDate>, end: Option<NaiveDate>) -> Value {
    let records: Vec<Value> = records
        .iter()
        .enumerate()
        .map(|(i, (g, converted, quality, at))| {
            let mut r = json!({"leadId": format!("L{i}"), "repId": "r", "group": GROUPS[*g],
                               "assignedAt": at, "converted": converted});
            match quality {
                Quality::None => {}
                Quality::Index(q) => r["qualityIndex"] = json!(q.to_string()),
                Quality::Signals(s) => {
                    for (name, v) in ["budgetMatch", "decisionChain", "competitorCoverage"]
                        .iter()
                        .zip(s)
                    {
                        if let Some(v) = v {
                            r[*name] = json!(v.to_string());
                        }
                    }
                }
            }
            r
        })
        .collect();
    let mut request = json!({"records": records, "groups": GROUPS});
    if let Some(s) = start {
        request["periodStart"] = json!(s.to_string());
    }
    if let Some(e) = end {
        request["periodEnd"] = json!(e.to_string());
    }
    request
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Over the full range: a report or a coded error (only a reversed period refuses the whole
    /// request). Every record is counted or rejected; a rejection carries a code other than
    /// `INTERNAL` and its record's path; a record with an accepted instant inside the period
    /// and a quality index within 0–100 (or none) is counted; one whose instant is outside
    /// years 1–9999 is `INVALID_DATETIME`, one outside the period `DATE_OUTSIDE_PERIOD`, a
    /// quality index outside 0–100 `OUT_OF_RANGE`.
    #[test]
    fn full_range_every_record_counted_or_rejected_with_a_code(
        records in full_records(),
        start in proptest::option::of(any_date()),
        end in proptest::option::of(any_date()),
    ) {
        let policy = AssignmentPolicy::load(&json!({"schemaVersion": 1, "id": "p"})).unwrap();
        let request = full_request(&records, start, end);
        let r = match revlogic::wire::ops::fairness_report(&policy, &request) {
            Ok(r) => r,
            Err(e) => {
                prop_assert!(start.zip(end).is_some_and(|(s, e)| e < s), "unexpected error {:?}", e);
                prop_assert_eq!(e.problems.len(), 1);
                prop_assert_eq!(e.problems[0].code, ErrorCode::EndBeforeStart);
                prop_assert_eq!(e.problems[0].path.as_str(), "periodEnd");
                return Ok(());
            }
        };
        prop_assert!(start.zip(end).is_none_or(|(s, e)| s <= e));
        prop_assert_eq!(r.leads as usize + r.rejected.len(), records.len());
        let mut rejected = vec![None; records.len()];
        for x in &r.rejected {
            prop_assert!(x.error.code != ErrorCode::Internal, "{:?}", x);
            let prefix = format!("records[{}]", x.index);
            prop_assert!(x.error.path.starts_with(&prefix), "{:?}", x);
            prop_assert!(rejected[x.index].replace(x.error.code).is_none(), "rejected twice: {:?}", x);
        }
        for (i, (_, _, quality, at)) in records.iter().enumerate() {
            let day = accepted_day(at);
            let in_period = day.is_some_and(|d| start.is_none_or(|s| s <= d) && end.is_none_or(|e| d <= e));
            let index_ok = match quality {
                Quality::Index(q) => *q >= Decimal::ZERO && *q <= Decimal::ONE_HUNDRED,
                _ => true,
            };
            match (day, rejected[i]) {
                (None, code) => prop_assert_eq!(code, Some(ErrorCode::InvalidDatetime), "record {} at {}", i, at),
                (Some(_), Some(code)) if !in_period => prop_assert_eq!(code, ErrorCode::DateOutsidePeriod),
                (Some(_), None) => prop_assert!(in_period && index_ok, "record {} counted", i),
                (Some(_), Some(code)) => {
                    prop_assert!(!index_ok || matches!(quality, Quality::Signals(_)), "record {} rejected as {:?}", i, code);
                    if !index_ok {
                        prop_assert_eq!(code, ErrorCode::OutOfRange);
                    }
                }
            }
        }
        let by_group: u64 = r.groups.iter().map(|g| g.leads).sum();
        prop_assert_eq!(by_group, r.leads);
        let conversions: u64 = r.groups.iter().map(|g| g.conversions).sum();
        prop_assert_eq!(conversions, r.conversions);
        if r.leads > 0 {
            let sum: Decimal = r.groups.iter().map(|g| g.share.unwrap()).sum();
            prop_assert!((sum - Decimal::ONE).abs() <= Decimal::new(15, 5), "shares sum to {}", sum);
        }
        for g in r.groups.iter() {
            prop_assert_eq!(g.conversion_rate.is_none(), g.leads == 0);
            prop_assert_eq!(g.mean_quality.is_none(), g.quality_leads == 0);
            if let Some(m) = g.mean_quality {
                prop_assert!(m >= Decimal::ZERO && m <= Decimal::ONE_HUNDRED, "mean quality {}", m);
            }
        }
    }
}

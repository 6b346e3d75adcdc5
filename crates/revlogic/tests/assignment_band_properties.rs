//! The optimal mode's fairness band (SPEC §3 step 6) against a brute force on tiny batches:
//! the band holds whenever some assignment keeps it, the total is then the largest any such
//! assignment reaches, and the result says it is infeasible exactly when none does (returning
//! the optimum without the band). The full-range variant draws capacities and breaker limits
//! from all of `u32` (0 and the maximum included), tolerances and win rates with up to 28
//! places (tolerances outside 0–1 too) and the batch's day anywhere in years 1–9999 in several
//! offsets: the result or a coded error, never `INTERNAL`, and the brute force still agrees
//! wherever the request is valid.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, SecondsFormat};
use proptest::prelude::*;
use revlogic::assignment::AssignmentPolicy;
use revlogic::error::ErrorCode;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::str::FromStr;

const INDUSTRIES: [&str; 2] = ["K12", "retail"];
const GROUPS: [&str; 2] = ["A", "B"];

/// Capacity, open leads, win rates, K12 leads today, group.
type RepSpec = (u32, u32, [Option<Decimal>; 2], u32, usize);

#[derive(Debug, Clone)]
struct Instance {
    /// Per lead: industry index, hours since creation.
    leads: Vec<(usize, u32)>,
    /// Per rep: capacity, open leads, win rate per industry (None = no record),
    /// K12 leads given earlier today, group (index into GROUPS, 2 = none).
    reps: Vec<RepSpec>,
    daily_limit: u32,
    rolling_days: u32,
    rolling_limit: u32,
    tolerance: Decimal,
    /// Configured targets A 0.7 / B 0.3 instead of the equal share.
    configured: bool,
    /// The day of `asOf` and the offset every instant of the request is written in.
    day: NaiveDate,
    offset: FixedOffset,
}

fn instance() -> impl Strategy<Value = Instance> {
    let lead = (0..2usize, 0..40u32);
    let rep = (
        0..4u32,
        0..2u32,
        [
            proptest::option::weighted(0.8, hundredths()),
            proptest::option::weighted(0.8, hundredths()),
        ],
        0..3u32,
        prop_oneof![4 => 0..2usize, 1 => Just(2usize)],
    );
    (
        proptest::collection::vec(lead, 0..=5),
        proptest::collection::vec(rep, 1..=3),
        1..3u32,
        prop_oneof![Just(0i64), Just(10), Just(20), Just(34), Just(100)]
            .prop_map(|t| Decimal::new(t, 2)),
        any::<bool>(),
    )
        .prop_map(
            |(leads, reps, daily_limit, tolerance, configured)| Instance {
                leads,
                reps,
                daily_limit,
                rolling_days: 7,
                rolling_limit: 5,
                tolerance,
                configured,
                day: NaiveDate::from_ymd_opt(2026, 3, 11).unwrap(),
                offset: FixedOffset::east_opt(8 * 3600).unwrap(),
            },
        )
}

fn hundredths() -> impl Strategy<Value = Decimal> {
    (0..=100i64).prop_map(|h| Decimal::new(h, 2))
}

fn scaled(mantissa: u128, scale: u32) -> Decimal {
    Decimal::from_i128_with_scale(mantissa as i128, scale)
}

/// A decimal within 0–1 with 0–28 places, biased to the ends (0, 10^-28, 28 nines after the
/// point, 1).
fn unit_decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        2 => hundredths(),
        3 => (0u32..=28).prop_flat_map(|s| (0..=10u128.pow(s)).prop_map(move |m| scaled(m, s))),
        1 => prop::sample::select(vec![
            Decimal::ZERO,
            scaled(1, 28),
            scaled(10u128.pow(28) - 1, 28),
            Decimal::ONE,
        ]),
    ]
}

/// A `u32` anywhere in its range: small values (0 included), the largest, anything.
fn any_u32() -> impl Strategy<Value = u32> {
    prop_oneof![
        3 => 0..4u32,
        1 => Just(u32::MAX),
        1 => u32::MAX - 2..=u32::MAX,
        2 => any::<u32>(),
    ]
}

/// A breaker limit: a `u32` anywhere in its range, mostly valid (0 is refused at load).
fn any_limit() -> impl Strategy<Value = u32> {
    prop_oneof![
        1 => Just(0u32),
        10 => 1..4u32,
        3 => u32::MAX - 2..=u32::MAX,
        4 => any::<u32>(),
    ]
}

/// A day anywhere in years 1–9999, biased to the calendar's ends.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        2 => (1i32..=9999, 1u32..=365).prop_map(|(y, d)| NaiveDate::from_yo_opt(y, d).unwrap()),
        1 => prop::sample::select(vec![
            NaiveDate::from_ymd_opt(1, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(1, 1, 2).unwrap(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
        ]),
    ]
}

/// An instance over the full input range (tiny batches still, for the brute force).
fn full_instance() -> impl Strategy<Value = Instance> {
    let lead = (0..2usize, 0..40u32);
    let rep = (
        any_u32(),
        0..2u32,
        [
            proptest::option::weighted(0.8, unit_decimal()),
            proptest::option::weighted(0.8, unit_decimal()),
        ],
        0..3u32,
        prop_oneof![4 => 0..2usize, 1 => Just(2usize)],
    );
    let tolerance = prop_oneof![
        6 => unit_decimal(),
        // Outside 0–1: refused at load as OUT_OF_RANGE.
        1 => prop::sample::select(vec![
            scaled(10u128.pow(27) + 1, 27),
            -scaled(1, 28),
            scaled(10u128.pow(28) - 1, 0),
        ]),
    ];
    let offset = prop::sample::select(vec![0, 8 * 3600, -12 * 3600, 14 * 3600, 5 * 3600 + 2700])
        .prop_map(|s| FixedOffset::east_opt(s).unwrap());
    (
        (
            proptest::collection::vec(lead, 0..=5),
            proptest::collection::vec(rep, 1..=3),
        ),
        (any_limit(), any_limit(), any_limit()),
        tolerance,
        any::<bool>(),
        any_date(),
        offset,
    )
        .prop_map(
            |(
                (leads, reps),
                (daily_limit, rolling_days, rolling_limit),
                tolerance,
                configured,
                day,
                offset,
            )| {
                Instance {
                    leads,
                    reps,
                    daily_limit,
                    rolling_days,
                    rolling_limit,
                    tolerance,
                    configured,
                    day,
                    offset,
                }
            },
        )
}

/// The instant `hour`:00 on `day` (negative hours: the days before) in `offset`, as the wire
/// writes it, and whether the wire takes it (local and UTC days within years 1–9999).
fn instant(inst: &Instance, hour: i64) -> (String, bool) {
    let midnight = inst.day.and_hms_opt(0, 0, 0).unwrap();
    let local = midnight + Duration::hours(hour);
    let in_range = |d: NaiveDate| (1..=9999).contains(&d.year());
    let utc = local - Duration::seconds(i64::from(inst.offset.local_minus_utc()));
    let ok = in_range(local.date()) && in_range(utc.date());
    let at = DateTime::<FixedOffset>::from_naive_utc_and_offset(utc, inst.offset);
    (at.to_rfc3339_opts(SecondsFormat::Secs, false), ok)
}

fn policy_doc(inst: &Instance) -> Value {
    let mut fairness = json!({});
    if inst.configured {
        fairness = json!({"targetShares": [{"group": "A", "share": "0.7"},
                                           {"group": "B", "share": "0.3"}]});
    }
    json!({
        "schemaVersion": 1, "id": "p", "mode": "optimal",
        "breaker": {"dailyLimit": inst.daily_limit, "rollingDays": inst.rolling_days,
                    "rollingLimit": inst.rolling_limit},
        "match": {"weights": {"winRate": "1", "cycle": "0", "ticketFit": "0"}},
        "fairness": fairness,
        "optimal": {"fairnessBand": {"tolerance": inst.tolerance.to_string()}}
    })
}

fn policy(inst: &Instance) -> AssignmentPolicy {
    AssignmentPolicy::load(&policy_doc(inst)).unwrap()
}

fn request(inst: &Instance) -> Value {
    let leads: Vec<Value> = inst
        .leads
        .iter()
        .enumerate()
        .map(|(i, (industry, hours))| {
            json!({
                "id": format!("L{i}"),
                "createdAt": instant(inst, -1 - i64::from(hours % 24)).0,
                "region": "east", "customerType": "KA",
                "industry": INDUSTRIES[*industry],
            })
        })
        .collect();
    let mut history = Vec::new();
    let reps: Vec<Value> = inst
        .reps
        .iter()
        .enumerate()
        .map(|(r, (capacity, open, wins, today, group))| {
            let mut stats = serde_json::Map::new();
            for (k, w) in wins.iter().enumerate() {
                if let Some(w) = w {
                    stats.insert(
                        INDUSTRIES[k].to_string(),
                        json!({"winRate": w.to_string()}),
                    );
                }
            }
            for _ in 0..*today {
                history.push(json!({"repId": format!("R{r}"), "industry": "K12",
                                    "assignedAt": instant(inst, 8).0}));
            }
            let open_leads: Vec<Value> = (0..*open)
                .map(|o| json!({"id": format!("O{r}-{o}"), "lastUpdateAt": instant(inst, 8).0}))
                .collect();
            let mut rep = json!({"id": format!("R{r}"), "regions": ["east"], "customerTypes": ["KA"],
                   "capacity": capacity, "openLeads": open_leads, "stats": stats});
            if *group < 2 {
                rep["group"] = json!(GROUPS[*group]);
            }
            rep
        })
        .collect();
    json!({"asOf": instant(inst, 9).0, "leads": leads, "reps": reps, "history": history})
}

/// The band's groups with their targets as fractions `numerator ÷ denominator`.
fn targets(inst: &Instance) -> Vec<(&'static str, i64, i64)> {
    if inst.configured {
        return vec![("A", 70, 100), ("B", 30, 100)];
    }
    let present: Vec<&'static str> = GROUPS
        .iter()
        .enumerate()
        .filter(|(g, _)| inst.reps.iter().any(|r| r.4 == *g))
        .map(|(_, name)| *name)
        .collect();
    let k = present.len() as i64;
    present.into_iter().map(|name| (name, 1, k)).collect()
}

/// `(lower, upper)` per group for `n` placed leads, by integer arithmetic.
fn bounds(inst: &Instance, n: i64) -> Vec<(&'static str, i64, i64)> {
    // tolerance = tol ÷ 10^scale exactly.
    let tol = inst.tolerance.normalize();
    let scale = 10i128.pow(tol.scale());
    let tol = tol.mantissa();
    let n = i128::from(n);
    targets(inst)
        .into_iter()
        .map(|(name, a, b)| {
            let (a, b) = (i128::from(a), i128::from(b));
            // (a/b ∓ tol/scale) · n = n · (scale·a ∓ tol·b) / (scale·b)
            let d = scale * b;
            let low = n * (scale * a - tol * b);
            let high = n * (scale * a + tol * b);
            let lower = low.div_euclid(d) + i128::from(low.rem_euclid(d) != 0);
            let upper = high.div_euclid(d);
            (name, lower.max(0) as i64, upper.min(n) as i64)
        })
        .collect()
}

struct Brute {
    /// The most leads any assignment places.
    most: i64,
    /// Largest total over all assignments.
    unbanded: Decimal,
    /// Largest total over assignments placing `most` leads within the band, if any.
    banded: Option<Decimal>,
}

fn brute_force(inst: &Instance) -> Brute {
    let n_reps = inst.reps.len();
    let mut feasible_sets: Vec<(i64, Decimal, Vec<i64>)> = Vec::new();
    let mut choice = vec![0usize; inst.leads.len()];
    loop {
        let mut load: Vec<u32> = inst.reps.iter().map(|r| r.1).collect();
        let mut k12: Vec<u32> = inst.reps.iter().map(|r| r.3).collect();
        let mut retail = vec![0u32; n_reps];
        let mut sum = Decimal::ZERO;
        let mut per_group = vec![0i64; 2];
        let mut placed = 0;
        let mut ok = true;
        for (l, &c) in choice.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let r = c - 1;
            let industry = inst.leads[l].0;
            load[r] += 1;
            let counter = if industry == 0 {
                &mut k12[r]
            } else {
                &mut retail[r]
            };
            *counter += 1;
            if load[r] > inst.reps[r].0
                || *counter > inst.daily_limit
                || *counter > inst.rolling_limit
            {
                ok = false;
                break;
            }
            placed += 1;
            if inst.reps[r].4 < 2 {
                per_group[inst.reps[r].4] += 1;
            }
            // The match degree is rounded half away from zero to the policy's 4 places.
            sum += inst.reps[r].2[industry]
                .unwrap_or_default()
                .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
        }
        if ok {
            feasible_sets.push((placed, sum, per_group));
        }
        let mut i = 0;
        loop {
            if i == choice.len() {
                let most = feasible_sets.iter().map(|f| f.0).max().unwrap_or(0);
                let unbanded = feasible_sets.iter().map(|f| f.1).max().unwrap_or_default();
                let limits = bounds(inst, most);
                let banded = feasible_sets
                    .iter()
                    .filter(|(placed, _, groups)| {
                        *placed == most
                            && limits.iter().all(|(name, lower, upper)| {
                                let g = GROUPS.iter().position(|x| x == name).unwrap();
                                (*lower..=*upper).contains(&groups[g])
                            })
                    })
                    .map(|f| f.1)
                    .max();
                return Brute {
                    most,
                    unbanded,
                    banded,
                };
            }
            choice[i] += 1;
            if choice[i] <= n_reps {
                break;
            }
            choice[i] = 0;
            i += 1;
        }
    }
}

fn decimal(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap()).unwrap()
}

/// The optimal mode's result against the brute force.
fn check_against_brute_force(inst: &Instance, result: &Value) -> Result<(), TestCaseError> {
    let brute = brute_force(inst);
    let band = &result["fairnessBand"];
    let total = decimal(&result["summary"]["totalMatch"]);
    match brute.banded {
        Some(best) => {
            prop_assert_eq!(band["feasible"].as_bool(), Some(true), "{}", band);
            prop_assert_eq!(total, best);
            let assigned = result["assignments"].as_array().unwrap();
            prop_assert_eq!(assigned.len() as i64, brute.most);
            let rep_group: HashMap<String, usize> = inst
                .reps
                .iter()
                .enumerate()
                .map(|(r, rep)| (format!("R{r}"), rep.4))
                .collect();
            for (name, lower, upper) in bounds(inst, brute.most) {
                let g = GROUPS.iter().position(|x| *x == name).unwrap();
                let count = assigned
                    .iter()
                    .filter(|a| rep_group[a["repId"].as_str().unwrap()] == g)
                    .count() as i64;
                prop_assert!(
                    (lower..=upper).contains(&count),
                    "group {} has {} outside {}–{}",
                    name,
                    count,
                    lower,
                    upper
                );
            }
        }
        None => {
            prop_assert_eq!(band["feasible"].as_bool(), Some(false), "{}", band);
            prop_assert_eq!(total, brute.unbanded);
        }
    }
    let leads = result["assignments"].as_array().unwrap().len()
        + result["pooled"].as_array().unwrap().len();
    prop_assert_eq!(leads, inst.leads.len());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn band_matches_brute_force(inst in instance()) {
        let result = serde_json::to_value(policy(&inst).assign_value(&request(&inst)).unwrap()).unwrap();
        check_against_brute_force(&inst, &result)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    /// Over the full range: a policy the wire refuses is refused with a coded, placed error
    /// (a limit of 0, a tolerance outside 0–1); a request whose instants leave years 1–9999 is
    /// refused as INVALID_DATETIME; otherwise the result matches the brute force. Never
    /// `INTERNAL`.
    #[test]
    fn full_range_band_matches_brute_force_or_fails_with_a_code(inst in full_instance()) {
        let policy = match revlogic::wire::ops::load_assignment_policy(&policy_doc(&inst)) {
            Ok(p) => p,
            Err(e) => {
                let tolerance_ok = inst.tolerance >= Decimal::ZERO && inst.tolerance <= Decimal::ONE;
                let limits_ok = inst.daily_limit > 0 && inst.rolling_days > 0 && inst.rolling_limit > 0;
                prop_assert!(!tolerance_ok || !limits_ok, "a valid policy refused: {:?}", e);
                for p in &e.problems {
                    prop_assert!(p.code != ErrorCode::Internal && !p.path.is_empty(), "{:?}", p);
                    if p.path == "optimal.fairnessBand.tolerance" {
                        prop_assert_eq!(p.code, ErrorCode::OutOfRange);
                    }
                }
                return Ok(());
            }
        };
        prop_assert!(inst.tolerance >= Decimal::ZERO && inst.tolerance <= Decimal::ONE);
        prop_assert!(inst.daily_limit > 0 && inst.rolling_days > 0 && inst.rolling_limit > 0);
        // asOf, and the history and open leads an hour before it, then each lead's creation.
        let request_ok = instant(&inst, 9).1 && instant(&inst, 8).1;
        let leads_ok: Vec<bool> = inst.leads.iter().map(|l| instant(&inst, -1 - i64::from(l.1 % 24)).1).collect();
        match revlogic::wire::ops::assign(&policy, &request(&inst)) {
            Ok(result) => {
                prop_assert!(request_ok, "an asOf outside years 1–9999 was taken");
                let result = serde_json::to_value(result).unwrap();
                if leads_ok.iter().all(|ok| *ok) {
                    check_against_brute_force(&inst, &result)?;
                } else {
                    // A lead created outside the range is rejected in its place, coded.
                    let rejected = result["rejected"].as_array().unwrap();
                    let mut seen: Vec<usize> = Vec::new();
                    for r in rejected {
                        let i = r["index"].as_u64().unwrap() as usize;
                        prop_assert!(!leads_ok[i], "lead {} rejected: {}", i, r);
                        prop_assert_eq!(r["error"]["code"].as_str(), Some("INVALID_DATETIME"), "{}", r);
                        let prefix = format!("leads[{i}]");
                        prop_assert!(r["error"]["path"].as_str().unwrap().starts_with(&prefix), "{}", r);
                        seen.push(i);
                    }
                    seen.sort_unstable();
                    let expected: Vec<usize> = (0..inst.leads.len()).filter(|&i| !leads_ok[i]).collect();
                    prop_assert_eq!(seen, expected);
                    let back = result["assignments"].as_array().unwrap().len()
                        + result["pooled"].as_array().unwrap().len()
                        + rejected.len();
                    prop_assert_eq!(back, inst.leads.len());
                }
            }
            Err(e) => {
                prop_assert!(!request_ok, "a valid request refused: {:?}", e);
                for p in &e.problems {
                    prop_assert_eq!(p.code, ErrorCode::InvalidDatetime, "{:?}", p);
                    prop_assert!(!p.path.is_empty());
                }
            }
        }
    }
}

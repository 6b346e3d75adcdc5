//! The optimal mode's fairness band (SPEC §3 step 6) against a brute force on tiny batches:
//! the band holds whenever some assignment keeps it, the total is then the largest any such
//! assignment reaches, and the result says it is infeasible exactly when none does (returning
//! the optimum without the band).

use proptest::prelude::*;
use revlogic::assignment::AssignmentPolicy;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::str::FromStr;

const INDUSTRIES: [&str; 2] = ["K12", "retail"];
const GROUPS: [&str; 2] = ["A", "B"];

/// Capacity, open leads, win rates, K12 leads today, group.
type RepSpec = (u32, u32, [Option<u32>; 2], u32, usize);

#[derive(Debug, Clone)]
struct Instance {
    /// Per lead: industry index, hours since creation.
    leads: Vec<(usize, u32)>,
    /// Per rep: capacity, open leads, win rate per industry in hundredths (None = no record),
    /// K12 leads given earlier today, group (index into GROUPS, 2 = none).
    reps: Vec<RepSpec>,
    daily_limit: u32,
    /// Tolerance in hundredths.
    tolerance: u32,
    /// Configured targets A 0.7 / B 0.3 instead of the equal share.
    configured: bool,
}

fn instance() -> impl Strategy<Value = Instance> {
    let lead = (0..2usize, 0..40u32);
    let rep = (
        0..4u32,
        0..2u32,
        [
            proptest::option::weighted(0.8, 0..=100u32),
            proptest::option::weighted(0.8, 0..=100u32),
        ],
        0..3u32,
        prop_oneof![4 => 0..2usize, 1 => Just(2usize)],
    );
    (
        proptest::collection::vec(lead, 0..=5),
        proptest::collection::vec(rep, 1..=3),
        1..3u32,
        prop_oneof![Just(0u32), Just(10), Just(20), Just(34), Just(100)],
        any::<bool>(),
    )
        .prop_map(
            |(leads, reps, daily_limit, tolerance, configured)| Instance {
                leads,
                reps,
                daily_limit,
                tolerance,
                configured,
            },
        )
}

fn policy(inst: &Instance) -> AssignmentPolicy {
    let mut fairness = json!({});
    if inst.configured {
        fairness = json!({"targetShares": [{"group": "A", "share": "0.7"},
                                           {"group": "B", "share": "0.3"}]});
    }
    AssignmentPolicy::load(&json!({
        "schemaVersion": 1, "id": "p", "mode": "optimal",
        "breaker": {"dailyLimit": inst.daily_limit},
        "match": {"weights": {"winRate": "1", "cycle": "0", "ticketFit": "0"}},
        "fairness": fairness,
        "optimal": {"fairnessBand": {"tolerance": Decimal::new(i64::from(inst.tolerance), 2).to_string()}}
    }))
    .unwrap()
}

fn request(inst: &Instance) -> Value {
    let leads: Vec<Value> = inst
        .leads
        .iter()
        .enumerate()
        .map(|(i, (industry, hours))| {
            json!({
                "id": format!("L{i}"),
                "createdAt": format!("2026-03-10T{:02}:00:00+08:00", 23 - (hours % 24)),
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
                        json!({"winRate": Decimal::new(i64::from(*w), 2).to_string()}),
                    );
                }
            }
            for _ in 0..*today {
                history.push(json!({"repId": format!("R{r}"), "industry": "K12",
                                    "assignedAt": "2026-03-11T08:00:00+08:00"}));
            }
            let open_leads: Vec<Value> = (0..*open)
                .map(|o| json!({"id": format!("O{r}-{o}"), "lastUpdateAt": "2026-03-11T08:00:00+08:00"}))
                .collect();
            let mut rep = json!({"id": format!("R{r}"), "regions": ["east"], "customerTypes": ["KA"],
                   "capacity": capacity, "openLeads": open_leads, "stats": stats});
            if *group < 2 {
                rep["group"] = json!(GROUPS[*group]);
            }
            rep
        })
        .collect();
    json!({"asOf": "2026-03-11T09:00:00+08:00", "leads": leads, "reps": reps, "history": history})
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
    let tol = i64::from(inst.tolerance);
    targets(inst)
        .into_iter()
        .map(|(name, a, b)| {
            // (a/b ∓ tol/100) · n = n · (100a ∓ tol·b) / (100b)
            let d = 100 * b;
            let low = n * (100 * a - tol * b);
            let high = n * (100 * a + tol * b);
            let lower = low.div_euclid(d) + i64::from(low.rem_euclid(d) != 0);
            let upper = high.div_euclid(d);
            (name, lower.max(0), upper.min(n))
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
            if load[r] > inst.reps[r].0 || *counter > inst.daily_limit || *counter > 5 {
                ok = false;
                break;
            }
            placed += 1;
            if inst.reps[r].4 < 2 {
                per_group[inst.reps[r].4] += 1;
            }
            sum += Decimal::new(i64::from(inst.reps[r].2[industry].unwrap_or(0)), 2);
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn band_matches_brute_force(inst in instance()) {
        let result = serde_json::to_value(policy(&inst).assign_value(&request(&inst)).unwrap()).unwrap();
        let brute = brute_force(&inst);
        let band = &result["fairnessBand"];
        let total = decimal(&result["summary"]["totalMatch"]);
        match brute.banded {
            Some(best) => {
                prop_assert_eq!(band["feasible"].as_bool(), Some(true), "{}", band);
                prop_assert_eq!(total, best);
                let assigned = result["assignments"].as_array().unwrap();
                prop_assert_eq!(assigned.len() as i64, brute.most);
                let rep_group: HashMap<String, usize> = inst.reps.iter().enumerate()
                    .map(|(r, rep)| (format!("R{r}"), rep.4)).collect();
                for (name, lower, upper) in bounds(&inst, brute.most) {
                    let g = GROUPS.iter().position(|x| *x == name).unwrap();
                    let count = assigned.iter()
                        .filter(|a| rep_group[a["repId"].as_str().unwrap()] == g)
                        .count() as i64;
                    prop_assert!((lower..=upper).contains(&count),
                        "group {} has {} outside {}–{}", name, count, lower, upper);
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
    }
}

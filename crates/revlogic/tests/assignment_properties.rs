//! Invariants of lead assignment (SPEC §3): every lead exactly once, no rep over capacity or
//! the industry limits, the same input gives the same output, and the optimal mode's total
//! match is never below the ordered mode's and equals a brute-force maximum on small batches.

mod common;
use common::full_decimal;
use proptest::prelude::*;
use revlogic::assignment::AssignmentPolicy;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};
use std::str::FromStr;

const INDUSTRIES: [&str; 2] = ["K12", "retail"];

#[derive(Debug, Clone)]
struct Instance {
    /// Per lead: industry index, urgency index, hours since creation.
    leads: Vec<(usize, usize, u32)>,
    /// Per rep: capacity, open leads, win rate per industry in hundredths (None = no record),
    /// K12 leads given earlier today.
    reps: Vec<(u32, u32, [Option<u32>; 2], u32)>,
    daily_limit: u32,
    seed: u64,
}

fn instance(max_leads: usize, max_reps: usize) -> impl Strategy<Value = Instance> {
    let lead = (0..2usize, 0..3usize, 0..40u32);
    let rep = (
        0..4u32,
        0..2u32,
        [
            proptest::option::weighted(0.8, 0..=100u32),
            proptest::option::weighted(0.8, 0..=100u32),
        ],
        0..3u32,
    );
    (
        proptest::collection::vec(lead, 0..=max_leads),
        proptest::collection::vec(rep, 1..=max_reps),
        1..3u32,
        any::<u64>(),
    )
        .prop_map(|(leads, reps, daily_limit, seed)| Instance {
            leads,
            reps,
            daily_limit,
            seed,
        })
}

fn policy(mode: &str, daily_limit: u32) -> AssignmentPolicy {
    // Weights 1/0/0: the match degree is the win rate itself, so the brute force below can
    // compute it without the library.
    AssignmentPolicy::load(&json!({
        "schemaVersion": 1, "id": "p", "mode": mode,
        "breaker": {"dailyLimit": daily_limit},
        "match": {"weights": {"winRate": "1", "cycle": "0", "ticketFit": "0"}}
    }))
    .unwrap()
}

fn request(inst: &Instance) -> Value {
    let leads: Vec<Value> = inst
        .leads
        .iter()
        .enumerate()
        .map(|(i, (industry, urgency, hours))| {
            let urgency = ["red", "yellow", "blue"][*urgency];
            json!({
                "id": format!("L{i}"),
                "createdAt": format!("2026-03-10T{:02}:00:00+08:00", 23 - (hours % 24)),
                "region": "east", "customerType": "KA",
                "industry": INDUSTRIES[*industry],
                "urgency": urgency,
            })
        })
        .collect();
    let mut history = Vec::new();
    let reps: Vec<Value> = inst
        .reps
        .iter()
        .enumerate()
        .map(|(r, (capacity, open, wins, today))| {
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
            json!({"id": format!("R{r}"), "regions": ["east"], "customerTypes": ["KA"],
                   "capacity": capacity, "openLeads": open_leads, "stats": stats})
        })
        .collect();
    json!({"asOf": "2026-03-11T09:00:00+08:00", "leads": leads, "reps": reps, "history": history,
           "seed": inst.seed})
}

fn total(result: &Value) -> Decimal {
    Decimal::from_str(result["summary"]["totalMatch"].as_str().unwrap()).unwrap()
}

fn run(mode: &str, inst: &Instance) -> Value {
    let result = policy(mode, inst.daily_limit)
        .assign_value(&request(inst))
        .unwrap();
    serde_json::to_value(result).unwrap()
}

/// The largest total match over every way of giving each lead to one rep or to nobody.
fn brute_force(inst: &Instance) -> Decimal {
    let n_reps = inst.reps.len();
    let mut best = Decimal::ZERO;
    let mut choice = vec![0usize; inst.leads.len()];
    loop {
        let mut load: Vec<u32> = inst.reps.iter().map(|r| r.1).collect();
        let mut k12: Vec<u32> = inst.reps.iter().map(|r| r.3).collect();
        let mut retail = vec![0u32; n_reps];
        let mut sum = Decimal::ZERO;
        let mut feasible = true;
        for (l, &c) in choice.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let r = c - 1;
            let industry = inst.leads[l].0;
            let Some(w) = inst.reps[r].2[industry] else {
                feasible = false;
                break;
            };
            load[r] += 1;
            let counter = if industry == 0 {
                &mut k12[r]
            } else {
                &mut retail[r]
            };
            *counter += 1;
            // Rolling limit 5 per industry in the window; history holds only today's K12.
            if load[r] > inst.reps[r].0 || *counter > inst.daily_limit || *counter > 5 {
                feasible = false;
                break;
            }
            sum += Decimal::new(i64::from(w), 2);
        }
        if feasible && sum > best {
            best = sum;
        }
        // Next choice vector (odometer over 0..=n_reps per lead).
        let mut i = 0;
        loop {
            if i == choice.len() {
                return best;
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

fn check_every_lead_once(inst: &Instance, result: &Value) -> Result<(), TestCaseError> {
    let mut seen = HashSet::new();
    for (list, key) in [
        ("assignments", "leadId"),
        ("pooled", "leadId"),
        ("rejected", "leadId"),
    ] {
        for item in result[list].as_array().unwrap() {
            let id = item[key].as_str().unwrap().to_string();
            prop_assert!(seen.insert(id.clone()), "{id} appears twice");
        }
    }
    prop_assert_eq!(seen.len(), inst.leads.len());
    Ok(())
}

fn check_limits(inst: &Instance, result: &Value) -> Result<(), TestCaseError> {
    let mut per_rep: BTreeMap<String, (u32, u32, u32)> = BTreeMap::new();
    for a in result["assignments"].as_array().unwrap() {
        let lead: usize = a["leadId"].as_str().unwrap()[1..].parse().unwrap();
        let entry = per_rep
            .entry(a["repId"].as_str().unwrap().to_string())
            .or_default();
        entry.0 += 1;
        if inst.leads[lead].0 == 0 {
            entry.1 += 1;
        } else {
            entry.2 += 1;
        }
    }
    for (rep, (n, k12, retail)) in per_rep {
        let r: usize = rep[1..].parse().unwrap();
        let (capacity, open, _, today) = inst.reps[r];
        prop_assert!(open + n <= capacity, "{rep} over capacity");
        prop_assert!(
            today + k12 <= inst.daily_limit.max(today),
            "{rep} over the K12 limit"
        );
        prop_assert!(retail <= inst.daily_limit, "{rep} over the retail limit");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_lead_once_and_within_limits(inst in instance(12, 5)) {
        for mode in ["ordered", "optimal", "weightedRandom"] {
            let result = run(mode, &inst);
            check_every_lead_once(&inst, &result)?;
            check_limits(&inst, &result)?;
        }
    }

    #[test]
    fn same_input_same_output(inst in instance(10, 4)) {
        for mode in ["ordered", "optimal", "weightedRandom"] {
            prop_assert_eq!(run(mode, &inst), run(mode, &inst));
        }
    }

    #[test]
    fn optimal_is_at_least_ordered(inst in instance(14, 5)) {
        prop_assert!(total(&run("optimal", &inst)) >= total(&run("ordered", &inst)));
    }

    #[test]
    fn optimal_equals_brute_force(inst in instance(5, 3)) {
        prop_assert_eq!(total(&run("optimal", &inst)), brute_force(&inst));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Without explanations the ordered mode skips reps whose match bound cannot win; with
    /// them it evaluates every rep. Both must choose the same.
    #[test]
    fn pruning_never_changes_the_choice(inst in instance(12, 6)) {
        let mut req = request(&inst);
        let quick = serde_json::to_value(policy("ordered", inst.daily_limit).assign_value(&req).unwrap()).unwrap();
        req["explain"] = json!(true);
        let full = serde_json::to_value(policy("ordered", inst.daily_limit).assign_value(&req).unwrap()).unwrap();
        let pairs = |v: &Value| -> Vec<(Value, Value, Value)> {
            v["assignments"].as_array().unwrap().iter()
                .map(|a| (a["leadId"].clone(), a["repId"].clone(), a["match"].clone())).collect()
        };
        prop_assert_eq!(pairs(&quick), pairs(&full));
        prop_assert_eq!(&quick["pooled"].as_array().unwrap().len(), &full["pooled"].as_array().unwrap().len());
    }
}

/// The optimal total computed by an independent solver: the Kuhn–Munkres (Hungarian)
/// algorithm of the `pathfinding` crate on the capacity-expanded matrix — one row per lead,
/// one column per free capacity slot of each rep, weights in hundredths of a match degree.
/// A rep without a record in the lead's industry is ineligible; weight 0 stands for that,
/// as it does for the zero-weight dummy columns that let a lead stay unassigned (and keep
/// rows ≤ columns, which the solver requires). Only valid when the breaker cannot bind.
fn kuhn_munkres_total(inst: &Instance) -> Decimal {
    use pathfinding::prelude::{kuhn_munkres, Matrix};
    if inst.leads.is_empty() {
        return Decimal::ZERO;
    }
    let slots: Vec<usize> = inst
        .reps
        .iter()
        .enumerate()
        .flat_map(|(r, rep)| std::iter::repeat_n(r, rep.0.saturating_sub(rep.1) as usize))
        .collect();
    let columns = slots.len() + inst.leads.len();
    let mut weights = Matrix::new(inst.leads.len(), columns, 0i64);
    for (l, lead) in inst.leads.iter().enumerate() {
        for (c, &r) in slots.iter().enumerate() {
            weights[(l, c)] = inst.reps[r].2[lead.0].map_or(0, i64::from);
        }
    }
    let (total, _) = kuhn_munkres(&weights);
    Decimal::new(total, 2)
}

/// Instances where the breaker cannot bind: at most 6 leads, 4 reps of capacity ≤ 2, no
/// earlier assignments today, and limits (3 a day, 7 in the window) above any capacity.
fn unbreakable(inst: Instance) -> Instance {
    let reps = inst
        .reps
        .into_iter()
        .map(|(capacity, open, wins, _)| (capacity.min(2), open.min(capacity.min(2)), wins, 0))
        .collect();
    Instance {
        reps,
        daily_limit: 3,
        ..inst
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The optimal mode's total equals the total of an independent assignment solver.
    #[test]
    fn optimal_equals_kuhn_munkres(inst in instance(6, 4).prop_map(unbreakable)) {
        let ours = policy("optimal", inst.daily_limit)
            .assign_value(&request(&inst))
            .unwrap();
        let ours = total(&serde_json::to_value(ours).unwrap());
        prop_assert_eq!(ours, kuhn_munkres_total(&inst));
    }
}

/// An instant anywhere in years 1–9999.
fn any_instant() -> impl Strategy<Value = String> {
    (1i32..=9999, 1u32..=12, 1u32..=28, 0u32..24)
        .prop_map(|(y, m, d, h)| format!("{y:04}-{m:02}-{d:02}T{h:02}:00:00+08:00"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Over the full range of budgets, ticket bands, win rates, cycle days, weights and dates:
    /// an assignment or a coded error, never a panic; an assignment places every lead once.
    #[test]
    fn full_range_assigns_every_lead_once_or_fails_with_a_code(
        leads in prop::collection::vec((full_decimal(), any_instant()), 0..5),
        reps in prop::collection::vec((full_decimal(), full_decimal(), full_decimal(), full_decimal(), any_instant()), 1..4),
        weights in (0u32..=100, 0u32..=100),
        as_of in any_instant(),
        mode in prop::sample::select(vec!["ordered", "optimal", "weightedRandom"]),
        rolling in any::<u32>(),
    ) {
        let (w1, w2) = (weights.0.min(100), weights.1.min(100 - weights.0.min(100)));
        let w3 = 100 - w1 - w2;
        let policy = AssignmentPolicy::load(&json!({
            "schemaVersion": 1, "id": "p", "mode": mode,
            "breaker": {"dailyLimit": 3, "rollingDays": rolling},
            "match": {"weights": {
                "winRate": Decimal::new(i64::from(w1), 2).to_string(),
                "cycle": Decimal::new(i64::from(w2), 2).to_string(),
                "ticketFit": Decimal::new(i64::from(w3), 2).to_string()}}
        }));
        // Validated weights summing to 1 always load; only a zero window is refused.
        if rolling == 0 {
            prop_assert!(policy.is_err());
            return Ok(());
        }
        let policy = policy.map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let leads_json: Vec<Value> = leads.iter().enumerate().map(|(i, (budget, created))| json!({
            "id": format!("L{i}"), "createdAt": created, "region": "east", "customerType": "KA",
            "industry": "K12", "urgency": "red", "budget": budget.to_string()})).collect();
        let reps_json: Vec<Value> = reps.iter().enumerate().map(|(r, (win, cycle, lo, hi, updated))| {
            let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
            json!({"id": format!("R{r}"), "regions": ["east"], "customerTypes": ["KA"], "capacity": 5,
                "openLeads": [{"id": format!("O{r}"), "lastUpdateAt": updated}],
                "stats": {"K12": {"winRate": win.abs().min(Decimal::ONE).to_string(),
                    "avgCycleDays": cycle.abs().to_string(),
                    "ticketMin": lo.abs().to_string(), "ticketMax": hi.abs().max(lo.abs()).to_string()}}})
        }).collect();
        let history: Vec<Value> = reps.iter().enumerate().map(|(r, (_, _, _, _, at))| json!({
            "repId": format!("R{r}"), "industry": "K12", "assignedAt": at})).collect();
        let request = json!({"asOf": as_of, "leads": leads_json, "reps": reps_json,
            "history": history, "seed": 7});
        match policy.assign_value(&request) {
            Ok(result) => {
                let result = serde_json::to_value(result).unwrap();
                let mut seen = HashSet::new();
                for list in ["assignments", "pooled", "rejected"] {
                    for item in result[list].as_array().unwrap() {
                        prop_assert!(seen.insert(item["leadId"].as_str().unwrap().to_string()));
                    }
                }
                prop_assert_eq!(seen.len(), leads.len());
            }
            Err(e) => {
                prop_assert!(!e.problems.is_empty());
                for p in &e.problems {
                    prop_assert!(p.code != revlogic::ErrorCode::Overflow || !p.path.is_empty());
                }
            }
        }
    }
}

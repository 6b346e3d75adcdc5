//! Step 6, the optimal mode: the whole batch at once, maximising the total match degree subject
//! to every rep's free capacity and the industry breaker's remaining room, as a minimum-cost
//! circulation (see `flow`). Not greedy: a lead may go to its second-best rep so that another
//! lead, which only that first rep can serve well, is not left behind.
//!
//! The network, per batch:
//!
//! ```text
//! source → class of leads (cap: its leads) → rep×industry×sub-industry (cost −match)
//!        → rep×industry (cap: daily room) → rep (cap: rolling room) → sink (cap: free capacity)
//! sink → source (cap: number of leads, cost 0)
//! ```
//!
//! A class is the leads that have the same arcs (same region, customer type, match fields,
//! industry, sub-industry and budget): one node for all of them. The daily limit is per
//! sub-industry within an industry, the rolling limit per industry, so the breaker layers nest
//! and one node per (rep, key) carries each limit exactly; a layer with at least the room of
//! the one it feeds cannot bind and is left out.
//! Match degrees are rounded to the policy's decimals, so `match × 10^decimals` is an exact
//! integer cost. Pairs matching 0 add nothing to the objective and are left out of the network;
//! leads it does not place are then decided as in the ordered mode (a zero-match rep with room,
//! or the pool with the reason), which can only add assignments.

use super::band::{Band, BandSolve};
use super::eligibility::eligible;
use super::flow::{ArcId, Flow, Network};
use super::matching::match_degree;
use super::ordered::{decide, serving_order, Context, Decision};
use super::request::Lead;
use super::result::Assignment;
use super::roster::{daily_key, rolling_key, RepState};
use crate::condition::lookup;
use crate::explain::{Outcome, Tracer};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::collections::HashMap;

const SOURCE: usize = 0;
const SINK: usize = 1;

/// An arc from a class of leads to a rep.
struct Edge {
    arc: ArcId,
    rep: usize,
}

/// Leads the network cannot tell apart: the same candidates, eligibility, match degrees and
/// breaker keys. They share one node, fed by one arc whose capacity is their number, so a
/// batch of many similar leads is a small network (leads differ in a handful of attributes;
/// the reps they can go to are what makes the graph large).
struct Class {
    /// Its arcs to the reps it may go to, in roster order.
    edges: Vec<Edge>,
    /// How many reps pass the hard matches, availability and capacity for its leads.
    eligible: usize,
}

/// What decides a lead's arcs (see `Class`): region, customer type and the policy's match
/// fields (eligibility), industry and budget (match degree), sub-industry (breaker nodes).
#[derive(PartialEq, Eq, Hash)]
struct ClassKey<'a> {
    region: Option<&'a str>,
    customer_type: Option<&'a str>,
    fields: Vec<String>,
    industry: Option<&'a str>,
    sub_industry: Option<&'a str>,
    budget: Option<Decimal>,
}

impl<'a> ClassKey<'a> {
    fn of(lead: &'a Lead, ctx: &Context<'_>) -> Self {
        let doc = &ctx.policy.eligibility;
        ClassKey {
            region: lead.region.as_deref().filter(|_| doc.match_region),
            customer_type: lead
                .customer_type
                .as_deref()
                .filter(|_| doc.match_customer_type),
            fields: doc
                .match_fields
                .iter()
                .map(|name| lookup(&lead.fields, name).map_or(String::new(), Value::to_string))
                .collect(),
            industry: lead.industry.as_deref(),
            sub_industry: lead.sub_industry.as_deref(),
            budget: lead.budget,
        }
    }
}

/// The batch's network: one node per class of leads, rep and breaker key, the circulation
/// arc, and (with a band) one node per group between its reps and the sink.
struct Built {
    net: Network,
    classes: Vec<Class>,
    /// Per lead: its class.
    class_of: Vec<usize>,
    /// Per class: the arc from the source into it.
    class_arcs: Vec<ArcId>,
    /// The sink → source arc closing the circulation.
    circulation: ArcId,
    /// Per band group: its arc into the sink.
    group_arcs: Vec<ArcId>,
}

fn build(
    ctx: &Context<'_>,
    leads: &[(usize, Lead)],
    states: &[RepState],
    band: Option<&Band>,
) -> Built {
    let policy = ctx.policy;
    let scale = Decimal::from(10i64.pow(policy.matching.decimals.min(18)));
    let mut net = Network::new(2);
    let n = leads.len() as i64;
    // Group nodes first; their capacities are set per solve.
    let group_nodes: Vec<usize> = (0..band.map_or(0, Band::groups))
        .map(|_| net.add_node())
        .collect();
    let group_arcs = group_nodes
        .iter()
        .map(|&g| net.add_arc(g, SINK, n, 0))
        .collect();

    let mut index: HashMap<ClassKey, usize> = HashMap::new();
    let mut first_lead: Vec<usize> = Vec::new();
    let mut members: Vec<i64> = Vec::new();
    let class_of: Vec<usize> = leads
        .iter()
        .enumerate()
        .map(|(i, (_, lead))| {
            let next = first_lead.len();
            let c = *index.entry(ClassKey::of(lead, ctx)).or_insert(next);
            if c == next {
                first_lead.push(i);
                members.push(0);
            }
            members[c] += 1;
            c
        })
        .collect();

    let mut rep_nodes: Vec<Option<usize>> = vec![None; ctx.reps.len()];
    let mut industry_nodes: HashMap<(usize, &str), (usize, i64)> = HashMap::new();
    let mut sub_nodes: HashMap<(usize, &str, &str), usize> = HashMap::new();
    let mut classes: Vec<Class> = Vec::with_capacity(first_lead.len());
    let mut class_arcs = Vec::with_capacity(first_lead.len());
    // Without a band, pairs matching 0 add nothing and are left out; with one, they can place
    // a lead and so count towards the shares.
    let least = if band.is_some() { 0 } else { 1 };
    for (&i, &count) in first_lead.iter().zip(&members) {
        let lead = &leads[i].1;
        let class_node = net.add_node();
        class_arcs.push(net.add_arc(SOURCE, class_node, count, 0));
        let mut edges = Vec::new();
        let mut eligible_reps = 0;
        let industry = ctx.capability.industry(lead);
        let keys = (
            rolling_key(lead.sub_industry.as_deref(), lead.industry.as_deref()),
            daily_key(lead.sub_industry.as_deref(), lead.industry.as_deref()),
        );
        for &r in ctx.candidates(lead) {
            let rep = &ctx.reps[r];
            if !eligible(lead, rep, &states[r], &policy.eligibility) {
                continue;
            }
            eligible_reps += 1;
            let value = ctx
                .capability
                .value(r, industry, lead.budget, &policy.matching);
            // A match is within 0–1 and the scale at most 10^18: the product fits.
            let Some(weight) = value
                .checked_mul(scale)
                .and_then(|v| v.to_i64())
                .filter(|w| *w >= least)
            else {
                continue;
            };
            let rep_room = i64::from(rep.capacity.saturating_sub(states[r].load));
            let rep_node = *rep_nodes[r].get_or_insert_with(|| {
                let node = net.add_node();
                let out = band
                    .and_then(|b| b.group_of(r))
                    .map_or(SINK, |g| group_nodes[g]);
                net.add_arc(node, out, rep_room, 0);
                node
            });
            // A breaker layer whose room is no smaller than what it feeds can never bind, and
            // is left out: fewer nodes and shorter paths for the solver.
            let target = match keys {
                (Some(industry), Some(sub)) => {
                    let state = &states[r];
                    let (industry_node, industry_room) =
                        *industry_nodes.entry((r, industry)).or_insert_with(|| {
                            let used = state.rolling.get(industry).copied().unwrap_or(0);
                            let room = i64::from(policy.breaker.rolling_limit.saturating_sub(used));
                            if room >= rep_room {
                                return (rep_node, rep_room);
                            }
                            let node = net.add_node();
                            net.add_arc(node, rep_node, room, 0);
                            (node, room)
                        });
                    *sub_nodes.entry((r, industry, sub)).or_insert_with(|| {
                        let used = state.daily_count(industry, sub);
                        let room = i64::from(policy.breaker.daily_limit.saturating_sub(used));
                        if room >= industry_room {
                            return industry_node;
                        }
                        let node = net.add_node();
                        net.add_arc(node, industry_node, room, 0);
                        node
                    })
                }
                _ => rep_node,
            };
            let arc = net.add_arc(class_node, target, count, -weight);
            edges.push(Edge { arc, rep: r });
        }
        classes.push(Class {
            edges,
            eligible: eligible_reps,
        });
    }
    let circulation = net.add_arc(SINK, SOURCE, n, 0);
    Built {
        net,
        classes,
        class_of,
        class_arcs,
        circulation,
        group_arcs,
    }
}

/// Per band group, its `(lower, upper)` count bounds.
type Bounds = Vec<(u64, u64)>;

/// How the band went for the batch, for the explanations.
enum BandState {
    Off,
    /// Kept: per group its bounds, and the number of leads placed.
    Kept(Bounds, u64),
    /// No assignment keeps it; the solution is the optimum without the band.
    Infeasible,
}

pub(crate) fn assign_optimal(
    ctx: &Context<'_>,
    leads: &[(usize, Lead)],
    states: &mut [RepState],
    band: Option<&Band>,
) -> (Vec<Decision>, Option<BandSolve>) {
    let mut solved = None;
    let (built, flow, band_state) = match band {
        Some(band) => {
            let built = build(ctx, leads, states, Some(band));
            let (placeable, kept) = solve_with_band(&built, band);
            solved = Some(BandSolve {
                placeable,
                feasible: kept.is_some(),
            });
            match kept {
                Some((flow, bounds)) => (built, flow, BandState::Kept(bounds, placeable)),
                None => {
                    let built = build(ctx, leads, states, None);
                    let flow = built.net.min_cost_circulation();
                    (built, flow, BandState::Infeasible)
                }
            }
        }
        None => {
            let built = build(ctx, leads, states, None);
            let flow = built.net.min_cost_circulation();
            (built, flow, BandState::Off)
        }
    };
    let classes = &built.classes;

    // Record the optimum's assignments first, so that leads it leaves out are decided
    // against the reps' state after it. Within a class the leads are interchangeable: in
    // serving order, each takes the first of the class's arcs that still carries flow.
    let order = serving_order(leads);
    let mut left: Vec<Vec<i64>> = classes
        .iter()
        .map(|c| c.edges.iter().map(|e| flow.on(e.arc)).collect())
        .collect();
    let mut cursor: Vec<usize> = vec![0; classes.len()];
    let mut chosen: Vec<Option<usize>> = vec![None; leads.len()];
    for (sequence, &i) in order.iter().enumerate() {
        let c = built.class_of[i];
        while cursor[c] < left[c].len() && left[c][cursor[c]] == 0 {
            cursor[c] += 1;
        }
        if let Some(units) = left[c].get_mut(cursor[c]) {
            *units -= 1;
            let k = cursor[c];
            chosen[i] = Some(k);
            let rep = classes[c].edges[k].rep;
            states[rep].record(&leads[i].1, ctx.as_of, sequence as u64 + 1);
        }
    }
    let mut decisions = Vec::with_capacity(leads.len());
    let offset = order.len() as u64;
    for (sequence, &i) in order.iter().enumerate() {
        let lead = &leads[i].1;
        match chosen[i] {
            Some(k) => {
                let class = &classes[built.class_of[i]];
                let edge = &class.edges[k];
                let band_note = match (&band_state, band) {
                    (BandState::Kept(bounds, placed), Some(b)) => Some((
                        true,
                        b.group_of(edge.rep).map_or_else(
                            || format!("{} has no group: outside the fairness band", ctx.reps[edge.rep].id),
                            |g| b.describe(g, bounds[g], *placed),
                        ),
                    )),
                    (BandState::Infeasible, _) => Some((
                        false,
                        "no assignment of this batch keeps every group within the fairness band; chosen by the optimum without it".to_string(),
                    )),
                    _ => None,
                };
                decisions.push(Decision::Assigned(explain_choice(
                    ctx,
                    lead,
                    edge,
                    class.eligible,
                    band_note,
                )));
            }
            None => decisions.push(decide(ctx, lead, states, offset + sequence as u64 + 1)),
        }
    }
    (decisions, solved)
}

/// Solves the batch under the band: the most leads the batch can place (N), whether some
/// assignment of N leads keeps every group within its bounds, and if so the one with the
/// largest total match among them: N, and the flow with the bounds unless no assignment keeps
/// the band.
///
/// The group bounds are lower and upper bounds on each group's arc into the sink. The lower
/// bound is taken out in the standard way — the arc carries `lower` units from the start, so
/// its tail owes them and the sink has them — and the fixed count N as a supply at the source
/// and a demand at the sink, with the circulation arc closed.
fn solve_with_band(built: &Built, band: &Band) -> (u64, Option<(Flow, Bounds)>) {
    // 1. N: a maximum flow, as a circulation rewarding each lead placed by 1.
    let mut count = built.net.clone();
    zero_match_costs(&mut count, built);
    for &a in &built.class_arcs {
        count.set_cost(a, -1);
    }
    let placed = count.min_cost_circulation().on(built.circulation);
    let placeable = u64::try_from(placed).unwrap_or(0);
    let bounds = band.bounds(placeable);
    if placed == 0 {
        return (0, Some((built.net.min_cost_circulation(), bounds)));
    }

    // The network under the band, as both later solves use it.
    let mut banded = built.net.clone();
    banded.set_capacity(built.circulation, 0);
    banded.add_supply(SOURCE, placed);
    banded.add_supply(SINK, -placed);
    let mut owed: Vec<(usize, i64)> = vec![(SOURCE, placed), (SINK, -placed)];
    for (g, &(lower, upper)) in bounds.iter().enumerate() {
        let arc = built.group_arcs[g];
        let (lower, upper) = (lower as i64, upper as i64);
        if upper < lower {
            return (placeable, None);
        }
        banded.set_capacity(arc, upper - lower);
        let tail = banded.tail(arc);
        banded.add_supply(tail, -lower);
        banded.add_supply(SINK, lower);
        owed.push((tail, -lower));
        owed.push((SINK, lower));
    }

    // 2. Feasibility: the same supplies with a costly way around the network through a spare
    // node; the bounds can be kept exactly when the cheapest flow does not use it.
    let mut check = banded.clone();
    zero_match_costs(&mut check, built);
    let spare = check.add_node();
    let mut net_supply: HashMap<usize, i64> = HashMap::new();
    for (v, amount) in owed {
        *net_supply.entry(v).or_insert(0) += amount;
    }
    let mut detours = Vec::new();
    for (&v, &amount) in &net_supply {
        if amount > 0 {
            detours.push(check.add_arc(v, spare, amount, 1));
        } else if amount < 0 {
            detours.push(check.add_arc(spare, v, -amount, 1));
        }
    }
    let feasibility = check.min_cost_circulation();
    if detours.iter().any(|&a| feasibility.on(a) > 0) {
        return (placeable, None);
    }
    // 3. The largest total match under the band.
    (placeable, Some((banded.min_cost_circulation(), bounds)))
}

fn zero_match_costs(net: &mut Network, built: &Built) {
    for edge in built.classes.iter().flat_map(|c| &c.edges) {
        net.set_cost(edge.arc, 0);
    }
}

fn explain_choice(
    ctx: &Context<'_>,
    lead: &Lead,
    edge: &Edge,
    eligible: usize,
    band_note: Option<(bool, String)>,
) -> Assignment {
    let rules = ctx.rules;
    let rep = &ctx.reps[edge.rep];
    let stats = lead.industry.as_deref().and_then(|k| rep.stats.get(k));
    let degree = match_degree(lead, stats, &ctx.policy.matching);
    let mut tracer = Tracer::new(ctx.explain);
    tracer.step(&rules.health, Outcome::Pass, || {
        "passes the health filter".to_string()
    });
    tracer.step(&rules.eligibility, Outcome::Pass, || {
        format!("{eligible} of {} reps eligible", ctx.reps.len())
    });
    tracer.step_with(
        &rules.matching,
        Outcome::Computed,
        || format!("{}: {}", rep.id, degree.describe()),
        || (None, Some(degree.to_json())),
    );
    tracer.step_with(
        &rules.choose,
        Outcome::Computed,
        || {
            format!(
                "{} by the batch optimum: the largest total match within capacities and industry limits",
                rep.id
            )
        },
        || (None, Some(json!({"mode": "optimal"}))),
    );
    if let Some((kept, note)) = &band_note {
        let outcome = if *kept { Outcome::Pass } else { Outcome::Fail };
        tracer.step(&rules.band, outcome, || note.clone());
    }
    let mut reasons = vec![
        "passes the hard matches, availability and capacity".to_string(),
        degree.describe(),
        format!(
            "chosen among {eligible} eligible reps by the batch optimum (largest total match within capacities and industry limits)"
        ),
    ];
    if let Some((_, note)) = band_note {
        reasons.push(note);
    }
    Assignment {
        lead_id: lead.id.clone(),
        rep_id: rep.id.clone(),
        match_degree: degree.value,
        reasons,
        explanation: tracer.finish(),
    }
}

//! Step 6, the optimal mode: the whole batch at once, maximising the total match degree subject
//! to every rep's free capacity and the industry breaker's remaining room, as a minimum-cost
//! circulation (see `flow`). Not greedy: a lead may go to its second-best rep so that another
//! lead, which only that first rep can serve well, is not left behind.
//!
//! The network, per batch:
//!
//! ```text
//! source → lead (cap 1) → rep×industry×sub-industry (cost −match, cap 1)
//!        → rep×industry (cap: daily room) → rep (cap: rolling room) → sink (cap: free capacity)
//! sink → source (cap: number of leads, cost 0)
//! ```
//!
//! The daily limit is per sub-industry within an industry, the rolling limit per industry, so
//! the breaker layers nest and one node per (rep, key) carries each limit exactly.
//! Match degrees are rounded to the policy's decimals, so `match × 10^decimals` is an exact
//! integer cost. Pairs matching 0 add nothing to the objective and are left out of the network;
//! leads it does not place are then decided as in the ordered mode (a zero-match rep with room,
//! or the pool with the reason), which can only add assignments.

use super::eligibility::exclusion;
use super::flow::{ArcId, Network};
use super::matching::match_degree;
use super::ordered::{decide, serving_order, Context, Decision};
use super::request::Lead;
use super::result::Assignment;
use super::roster::{daily_key, rolling_key, RepState};
use crate::explain::{Outcome, Tracer};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::json;
use std::collections::HashMap;

const SOURCE: usize = 0;
const SINK: usize = 1;

/// An arc from a lead to a rep, with what the lead needs to be explained if it is used.
struct Edge {
    arc: ArcId,
    rep: usize,
}

pub(crate) fn assign_optimal(
    ctx: &Context<'_>,
    leads: &[(usize, Lead)],
    states: &mut [RepState],
) -> Vec<Decision> {
    let policy = ctx.policy;
    let scale = Decimal::from(10i64.pow(policy.matching.decimals.min(18)));
    let mut net = Network::new(2);
    let mut rep_nodes: Vec<Option<usize>> = vec![None; ctx.reps.len()];
    let mut industry_nodes: HashMap<(usize, &str), usize> = HashMap::new();
    let mut sub_nodes: HashMap<(usize, &str, &str), usize> = HashMap::new();
    let mut edges: Vec<Vec<Edge>> = Vec::with_capacity(leads.len());
    let mut eligible_counts: Vec<usize> = Vec::with_capacity(leads.len());
    for (_, lead) in leads {
        let lead_node = net.add_node();
        net.add_arc(SOURCE, lead_node, 1, 0);
        let mut lead_edges = Vec::new();
        let mut eligible = 0;
        let industry = ctx.capability.industry(lead);
        let keys = (
            rolling_key(lead.sub_industry.as_deref(), lead.industry.as_deref()),
            daily_key(lead.sub_industry.as_deref(), lead.industry.as_deref()),
        );
        for &r in ctx.candidates(lead) {
            let rep = &ctx.reps[r];
            if exclusion(lead, rep, &states[r], &policy.eligibility).is_some() {
                continue;
            }
            eligible += 1;
            let value = ctx
                .capability
                .value(r, industry, lead.budget, &policy.matching);
            let Some(weight) = (value * scale).to_i64().filter(|w| *w > 0) else {
                continue;
            };
            let rep_node = *rep_nodes[r].get_or_insert_with(|| {
                let node = net.add_node();
                let room = i64::from(rep.capacity.saturating_sub(states[r].load));
                net.add_arc(node, SINK, room, 0);
                node
            });
            let target = match keys {
                (Some(industry), Some(sub)) => {
                    let state = &states[r];
                    let industry_node = *industry_nodes.entry((r, industry)).or_insert_with(|| {
                        let node = net.add_node();
                        let used = state.rolling.get(industry).copied().unwrap_or(0);
                        let room = policy.breaker.rolling_limit.saturating_sub(used);
                        net.add_arc(node, rep_node, i64::from(room), 0);
                        node
                    });
                    *sub_nodes.entry((r, industry, sub)).or_insert_with(|| {
                        let node = net.add_node();
                        let used = state.daily_count(industry, sub);
                        let room = policy.breaker.daily_limit.saturating_sub(used);
                        net.add_arc(node, industry_node, i64::from(room), 0);
                        node
                    })
                }
                _ => rep_node,
            };
            let arc = net.add_arc(lead_node, target, 1, -weight);
            lead_edges.push(Edge { arc, rep: r });
        }
        edges.push(lead_edges);
        eligible_counts.push(eligible);
    }
    net.add_arc(SINK, SOURCE, leads.len() as i64, 0);
    let flow = net.min_cost_circulation();

    // Record the optimum's assignments first, so that leads it leaves out are decided
    // against the reps' state after it.
    let order = serving_order(leads);
    let mut chosen: Vec<Option<usize>> = vec![None; leads.len()];
    for (sequence, &i) in order.iter().enumerate() {
        if let Some(k) = edges[i].iter().position(|e| flow.on(e.arc) > 0) {
            chosen[i] = Some(k);
            states[edges[i][k].rep].record(&leads[i].1, ctx.as_of, sequence as u64 + 1);
        }
    }
    let mut decisions = Vec::with_capacity(leads.len());
    let offset = order.len() as u64;
    for (sequence, &i) in order.iter().enumerate() {
        let lead = &leads[i].1;
        match chosen[i] {
            Some(k) => {
                let edge = &edges[i][k];
                decisions.push(Decision::Assigned(explain_choice(
                    ctx,
                    lead,
                    edge,
                    eligible_counts[i],
                )));
            }
            None => decisions.push(decide(ctx, lead, states, offset + sequence as u64 + 1)),
        }
    }
    decisions
}

fn explain_choice(ctx: &Context<'_>, lead: &Lead, edge: &Edge, eligible: usize) -> Assignment {
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
    Assignment {
        lead_id: lead.id.clone(),
        rep_id: rep.id.clone(),
        match_degree: degree.value,
        reasons: vec![
            "passes the hard matches, availability and capacity".to_string(),
            degree.describe(),
            format!(
                "chosen among {eligible} eligible reps by the batch optimum (largest total match within capacities and industry limits)"
            ),
        ],
        explanation: tracer.finish(),
    }
}

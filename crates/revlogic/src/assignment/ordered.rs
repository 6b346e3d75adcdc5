//! Step 6, the ordered mode: leads by urgency, then age (oldest first), each to the best
//! eligible rep under the policy's ranking keys, ties broken by lower load, then longer since
//! the last assignment, then rep id — so the same input always gives the same answer.

use super::document::{PolicyDocument, RankKey};
use super::eligibility::{eligible, exclusion};
use super::matching::{match_degree, Capability};
use super::policy::StepRules;
use super::request::{Lead, Rep};
use super::result::{Assignment, PoolReason, PooledLead};
use super::roster::{breaker_block, RepState};
use crate::explain::{Outcome, Tracer};
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};
use std::cmp::Ordering;
use std::collections::HashMap;

/// What happened to one healthy lead.
pub(crate) enum Decision {
    Assigned(Assignment),
    Pooled(PooledLead),
}

pub(crate) struct Context<'a> {
    pub policy: &'a PolicyDocument,
    pub rules: &'a StepRules,
    pub reps: &'a [Rep],
    pub as_of: DateTime<FixedOffset>,
    pub explain: bool,
    /// Reps by region, when the policy matches regions: a lead only ever looks at the reps of
    /// its own region instead of the whole roster.
    pub by_region: Option<HashMap<&'a str, Vec<usize>>>,
    pub everyone: Vec<usize>,
    pub capability: Capability,
    /// When the ranking starts with the match: per region (the empty name without region
    /// matching) and industry, the candidates sorted by their match upper bound, highest first,
    /// so a lead's search stops at the first rep whose bound is below the best match found.
    pub by_bound: Option<BoundLists<'a>>,
    /// How the ordered ranking picks a rep, in words: the same sentence for every lead.
    pub best_rep_words: String,
}

impl<'a> Context<'a> {
    pub fn new(
        policy: &'a PolicyDocument,
        rules: &'a StepRules,
        reps: &'a [Rep],
        as_of: DateTime<FixedOffset>,
        explain: bool,
    ) -> Self {
        let by_region = policy.eligibility.match_region.then(|| {
            let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
            for (r, rep) in reps.iter().enumerate() {
                for region in &rep.regions {
                    let list = index.entry(region.as_str()).or_default();
                    // A rep listing a region twice is still one candidate.
                    if list.last() != Some(&r) {
                        list.push(r);
                    }
                }
            }
            index
        });
        let everyone: Vec<usize> = (0..reps.len()).collect();
        let capability = Capability::new(reps, &policy.matching);
        let by_bound = bounds(policy, &by_region, &everyone, &capability);
        Context {
            policy,
            rules,
            reps,
            as_of,
            explain,
            by_region,
            everyone,
            capability,
            by_bound,
            best_rep_words: format!(
                "the best eligible rep by {}",
                ranking_words(&policy.ordering.rank_by)
            ),
        }
    }

    /// The lead's candidates by descending match bound, when the ranking allows pruning.
    fn bounded(&self, lead: &Lead, industry: Option<usize>) -> Option<&[(usize, Decimal)]> {
        let lists = self.by_bound.as_ref()?;
        let key = match &self.by_region {
            Some(_) => lead.region.as_deref()?,
            None => "",
        };
        Some(lists.get(key)?.get(industry?)?.as_slice())
    }

    /// The reps that may pass the hard matches for `lead`, in roster order. Reps outside the
    /// lead's region are left out here rather than checked one by one.
    pub fn candidates(&self, lead: &Lead) -> &[usize] {
        match &self.by_region {
            Some(index) => lead
                .region
                .as_deref()
                .and_then(|r| index.get(r))
                .map_or(&[], Vec::as_slice),
            None => &self.everyone,
        }
    }
}

/// The order leads are served in: urgency (red first), then oldest first, then input order.
pub(crate) fn serving_order(leads: &[(usize, Lead)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..leads.len()).collect();
    order.sort_by(|&a, &b| {
        let (ia, la) = &leads[a];
        let (ib, lb) = &leads[b];
        la.urgency
            .cmp(&lb.urgency)
            .then(la.created_at.cmp(&lb.created_at))
            .then(ia.cmp(ib))
    });
    order
}

/// Serves the healthy leads in order against the reps' running state.
pub(crate) fn assign_ordered(
    ctx: &Context<'_>,
    leads: &[(usize, Lead)],
    states: &mut [RepState],
) -> Vec<Decision> {
    let mut decisions = Vec::with_capacity(leads.len());
    for (sequence, i) in serving_order(leads).into_iter().enumerate() {
        let lead = &leads[i].1;
        decisions.push(decide(ctx, lead, states, sequence as u64 + 1));
    }
    decisions
}

/// Per region name, per industry: `(rep, match upper bound)` sorted by descending bound.
pub(crate) type BoundLists<'a> = HashMap<&'a str, Vec<Vec<(usize, Decimal)>>>;

/// Upper-bound orderings for pruning, unless the ranking does not start with the match or the
/// lists would be too large to be worth building.
fn bounds<'a>(
    policy: &PolicyDocument,
    by_region: &Option<HashMap<&'a str, Vec<usize>>>,
    everyone: &[usize],
    capability: &Capability,
) -> Option<BoundLists<'a>> {
    const MAX_ENTRIES: usize = 20_000_000;
    if policy.ordering.rank_by.first() != Some(&RankKey::Match) {
        return None;
    }
    let groups: Vec<(&'a str, &[usize])> = match by_region {
        Some(index) => index.iter().map(|(k, v)| (*k, v.as_slice())).collect(),
        None => vec![("", everyone)],
    };
    let entries: usize = groups.iter().map(|(_, v)| v.len()).sum::<usize>();
    if entries.saturating_mul(capability.industries()) > MAX_ENTRIES {
        return None;
    }
    Some(
        groups
            .into_iter()
            .map(|(key, reps)| {
                let per_industry = (0..capability.industries())
                    .map(|k| {
                        let mut list: Vec<(usize, Decimal)> = reps
                            .iter()
                            .map(|&r| (r, capability.upper_bound(r, k)))
                            .collect();
                        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                        list
                    })
                    .collect();
                (key, per_industry)
            })
            .collect(),
    )
}

/// How a mode picks one rep among a lead's eligible candidates `(rep, match)`: the rep and
/// a sentence saying how it was picked.
pub(crate) type Chooser<'c> =
    &'c mut dyn FnMut(&Context<'_>, &[RepState], &[(usize, Decimal)]) -> Option<(usize, String)>;

/// Decides one lead against the reps' current state by the ordered ranking, and records an
/// assignment in it.
pub(crate) fn decide(
    ctx: &Context<'_>,
    lead: &Lead,
    states: &mut [RepState],
    sequence: u64,
) -> Decision {
    // Pruning leaves reps that cannot come first unevaluated, so it is off when the
    // explanation lists every eligible rep.
    let prune = !ctx.explain;
    decide_with(
        ctx,
        lead,
        states,
        sequence,
        prune,
        &mut |ctx, states, candidates| {
            candidates
                .iter()
                .min_by(|a, b| rank(ctx, states, a, b))
                .map(|(r, _)| (*r, ctx.best_rep_words.clone()))
        },
    )
}

/// Decides one lead: health has passed; eligibility, the mode's choice, then the breaker on
/// the chosen rep (over the limit → the pool, never silently the next rep).
pub(crate) fn decide_with(
    ctx: &Context<'_>,
    lead: &Lead,
    states: &mut [RepState],
    sequence: u64,
    prune: bool,
    choose: Chooser<'_>,
) -> Decision {
    let rules = ctx.rules;
    let mut tracer = Tracer::new(ctx.explain);
    tracer.step(&rules.health, Outcome::Pass, || {
        "passes the health filter".to_string()
    });
    let mut excluded = Map::new();
    let mut candidates: Vec<(usize, Decimal)> = Vec::new();
    let industry = ctx.capability.industry(lead);
    let sorted = if prune {
        ctx.bounded(lead, industry)
    } else {
        None
    };
    if let Some(sorted) = sorted {
        let mut best: Option<Decimal> = None;
        for &(r, bound) in sorted {
            // Reps further down cannot match better than the best found; equal bounds are
            // still evaluated, for the tie-breaks.
            if best.is_some_and(|b| bound < b) {
                break;
            }
            if !eligible(lead, &ctx.reps[r], &states[r], &ctx.policy.eligibility) {
                continue;
            }
            let value = ctx
                .capability
                .value(r, industry, lead.budget, &ctx.policy.matching);
            best = Some(best.map_or(value, |b| b.max(value)));
            candidates.push((r, value));
        }
    }
    for &r in ctx
        .candidates(lead)
        .iter()
        .take(if sorted.is_some() { 0 } else { usize::MAX })
    {
        let rep = &ctx.reps[r];
        match exclusion(lead, rep, &states[r], &ctx.policy.eligibility) {
            Some(why) => {
                if tracer.enabled() {
                    excluded.insert(rep.id.clone(), Value::String(why.describe()));
                }
            }
            None => {
                let value = ctx
                    .capability
                    .value(r, industry, lead.budget, &ctx.policy.matching);
                candidates.push((r, value));
            }
        }
    }
    let n = candidates.len();
    tracer.step_with(
        &rules.eligibility,
        if n == 0 { Outcome::Fail } else { Outcome::Pass },
        || format!("{n} of {} reps eligible", ctx.reps.len()),
        || {
            let eligible: Vec<&str> = candidates
                .iter()
                .map(|(r, _)| ctx.reps[*r].id.as_str())
                .collect();
            (
                Some(json!({"excluded": excluded})),
                Some(json!({"eligible": eligible})),
            )
        },
    );
    let Some((r, how)) = choose(ctx, states, &candidates) else {
        return Decision::Pooled(PooledLead {
            lead_id: lead.id.clone(),
            reason: PoolReason::NoEligibleRep,
            message: "no rep passes the hard matches, availability and capacity".to_string(),
            explanation: tracer.finish(),
        });
    };
    let rep = &ctx.reps[r];
    let stats = lead.industry.as_deref().and_then(|k| rep.stats.get(k));
    let degree = match_degree(lead, stats, &ctx.policy.matching);
    tracer.step_with(
        &rules.matching,
        Outcome::Computed,
        || format!("{}: {}", rep.id, degree.describe()),
        || (None, Some(degree.to_json())),
    );
    tracer.step_with(
        &rules.load,
        Outcome::Pass,
        || {
            format!(
                "{} holds {} of {} leads",
                rep.id, states[r].load, rep.capacity
            )
        },
        || {
            (
                None,
                Some(json!({"load": states[r].load, "capacity": rep.capacity})),
            )
        },
    );
    tracer.step(&rules.choose, Outcome::Computed, || {
        format!("{}: {how}", rep.id)
    });
    if let Some(block) = breaker_block(&states[r], lead, ctx.policy) {
        let message = format!("{}: {block}", rep.id);
        tracer.step(&rules.breaker, Outcome::Fail, || message.clone());
        return Decision::Pooled(PooledLead {
            lead_id: lead.id.clone(),
            reason: PoolReason::IndustryBreaker,
            message,
            explanation: tracer.finish(),
        });
    }
    tracer.step(&rules.breaker, Outcome::Pass, || {
        format!("{} is within the industry limits", rep.id)
    });
    states[r].record(lead, ctx.as_of, sequence);
    Decision::Assigned(Assignment {
        lead_id: lead.id.clone(),
        rep_id: rep.id.clone(),
        match_degree: degree.value,
        reasons: vec![
            "passes the hard matches, availability and capacity".to_string(),
            degree.describe(),
            how,
        ],
        explanation: tracer.finish(),
    })
}

/// `Less` when candidate `a` ranks before `b`.
fn rank(
    ctx: &Context<'_>,
    states: &[RepState],
    a: &(usize, Decimal),
    b: &(usize, Decimal),
) -> Ordering {
    let (ra, rb) = (&ctx.reps[a.0], &ctx.reps[b.0]);
    let (sa, sb) = (&states[a.0], &states[b.0]);
    let mut order = Ordering::Equal;
    for key in &ctx.policy.ordering.rank_by {
        order = order.then_with(|| match key {
            RankKey::Match => b.1.cmp(&a.1),
            // Most recent first; a rep never visited comes last.
            RankKey::RecentEffectiveVisit => {
                match (ra.last_effective_visit_at, rb.last_effective_visit_at) {
                    (Some(x), Some(y)) => y.cmp(&x),
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                }
            }
            RankKey::LowerLoad => sa.load.cmp(&sb.load),
        });
    }
    // `None` (never assigned) is the longest wait and sorts first, as Option's order gives.
    order
        .then(sa.load.cmp(&sb.load))
        .then(sa.last_assigned.cmp(&sb.last_assigned))
        .then(ra.id.cmp(&rb.id))
}

fn ranking_words(keys: &[RankKey]) -> String {
    let mut words: Vec<&str> = keys
        .iter()
        .map(|k| match k {
            RankKey::Match => "match",
            RankKey::RecentEffectiveVisit => "most recent effective visit",
            RankKey::LowerLoad => "lower load",
        })
        .collect();
    words.extend(["lower load", "longer since last assignment", "rep id"]);
    words.join(", then ")
}

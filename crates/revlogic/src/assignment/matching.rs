//! Step 5, capability match (能力匹配): how likely a rep is to convert a lead, in [0, 1], from
//! the rep's 30-day record in the lead's industry — win rate, average deal cycle and how well
//! the lead's budget fits the rep's ticket-size band — weighted by the policy.

use super::document::MatchDoc;
use super::request::{IndustryStats, Lead, Rep};
use crate::scoring::{display, weights::renormalised_mean};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{json, Value};
use std::collections::HashMap;

/// A match degree and the factors behind it (`None` = no data, left out and the other
/// weights renormalised).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MatchDegree {
    pub value: Decimal,
    pub win_rate: Option<Decimal>,
    pub cycle: Option<Decimal>,
    pub ticket_fit: Option<Decimal>,
}

impl MatchDegree {
    pub fn describe(&self) -> String {
        let f = |v: Option<Decimal>| v.map_or("no data".to_string(), |d| d.to_string());
        if self.win_rate.is_none() {
            return format!(
                "match {}: no 30-day record in the lead's industry",
                self.value
            );
        }
        format!(
            "match {} (win rate {}, cycle {}, ticket fit {})",
            self.value,
            f(self.win_rate),
            f(self.cycle),
            f(self.ticket_fit)
        )
    }

    pub fn to_json(&self) -> Value {
        let f = |v: Option<Decimal>| v.map(|d| Value::String(d.to_string()));
        json!({
            "match": self.value.to_string(),
            "winRate": f(self.win_rate),
            "cycle": f(self.cycle),
            "ticketFit": f(self.ticket_fit),
        })
    }
}

/// The match degree of a lead with a rep whose record in the lead's industry is `stats`. A rep
/// without a record there has shown nothing to go on and matches 0.
pub(crate) fn match_degree(
    lead: &Lead,
    stats: Option<&IndustryStats>,
    doc: &MatchDoc,
) -> MatchDegree {
    let Some(stats) = stats else {
        return MatchDegree {
            value: Decimal::ZERO,
            win_rate: None,
            cycle: None,
            ticket_fit: None,
        };
    };
    let factors = factors(lead.budget, stats, doc);
    let w = &doc.weights;
    // Factors are within 0–1 and weights validated (see `combine`): the mean cannot leave
    // the range, so `Err` is unreachable; it would count as no match rather than a number.
    let value = renormalised_mean(&[
        (w.win_rate, factors.0),
        (w.cycle, factors.1),
        (w.ticket_fit, factors.2),
    ])
    .ok()
    .flatten()
    .map_or(Decimal::ZERO, |(v, _)| display(v, doc.decimals));
    MatchDegree {
        value,
        win_rate: factors.0.map(|v| display(v, doc.decimals)),
        cycle: factors.1.map(|v| display(v, doc.decimals)),
        ticket_fit: factors.2.map(|v| display(v, doc.decimals)),
    }
}

type Factors = (Option<Decimal>, Option<Decimal>, Option<Decimal>);

fn factors(budget: Option<Decimal>, stats: &IndustryStats, doc: &MatchDoc) -> Factors {
    let ceiling = Decimal::from(doc.cycle_ceiling_days);
    let cycle = cycle_factor(stats.avg_cycle_days, ceiling);
    (
        Some(stats.win_rate),
        cycle,
        ticket_fit_of(budget, stats.ticket_min, stats.ticket_max),
    )
}

/// 1 inside the band; below it `budget ÷ min`, above it `max ÷ budget`, so the fit falls in
/// proportion to how far the lead is from what the rep usually closes.
fn ticket_fit_of(
    budget: Option<Decimal>,
    ticket_min: Option<Decimal>,
    ticket_max: Option<Decimal>,
) -> Option<Decimal> {
    let budget = budget?;
    if ticket_min.is_none() && ticket_max.is_none() {
        return None;
    }
    if let Some(min) = ticket_min {
        if budget < min {
            return Some(budget.checked_div(min).unwrap_or(Decimal::ZERO));
        }
    }
    if let Some(max) = ticket_max {
        if budget > max {
            return Some(max.checked_div(budget).unwrap_or(Decimal::ZERO));
        }
    }
    Some(Decimal::ONE)
}

/// The per-rep half of the match, computed once per batch: each rep's factors by industry,
/// indexed by an interned industry number, so ranking a lead's candidates costs an array
/// lookup and a few multiplications per rep instead of a map lookup and a division.
#[derive(Debug, Clone)]
pub(crate) struct Capability {
    industries: HashMap<String, usize>,
    /// `per_rep[r][industry]`: the rep's record in that industry, if any.
    per_rep: Vec<Vec<Option<RepFactors>>>,
}

#[derive(Debug, Clone, Copy)]
struct RepFactors {
    win_rate: Decimal,
    cycle: Option<Decimal>,
    ticket_min: Option<Decimal>,
    ticket_max: Option<Decimal>,
    /// The match with a budget inside the ticket band (fit 1) and with no fit at all: most
    /// pairs are one of the two, and need no arithmetic.
    inside_band: Decimal,
    without_fit: Decimal,
}

impl Capability {
    pub fn new(reps: &[Rep], doc: &MatchDoc) -> Self {
        let mut industries: HashMap<String, usize> = HashMap::new();
        for rep in reps {
            for name in rep.stats.keys() {
                let next = industries.len();
                industries.entry(name.clone()).or_insert(next);
            }
        }
        let ceiling = Decimal::from(doc.cycle_ceiling_days);
        let per_rep = reps
            .iter()
            .map(|rep| {
                let mut row = vec![None; industries.len()];
                for (name, s) in &rep.stats {
                    if let Some(&k) = industries.get(name) {
                        let mut f = RepFactors {
                            win_rate: s.win_rate,
                            cycle: cycle_factor(s.avg_cycle_days, ceiling),
                            ticket_min: s.ticket_min,
                            ticket_max: s.ticket_max,
                            inside_band: Decimal::ZERO,
                            without_fit: Decimal::ZERO,
                        };
                        f.inside_band = combine(&f, Some(Decimal::ONE), doc);
                        f.without_fit = combine(&f, None, doc);
                        row[k] = Some(f);
                    }
                }
                row
            })
            .collect();
        Capability {
            industries,
            per_rep,
        }
    }

    /// The interned number of a lead's industry; `None` when no rep has a record in it.
    pub fn industry(&self, lead: &Lead) -> Option<usize> {
        lead.industry
            .as_deref()
            .and_then(|name| self.industries.get(name))
            .copied()
    }

    /// The match degree of rep `r` for a lead of `industry` with `budget`: the same figure as
    /// [`match_degree`]'s `value`, without the factors.
    pub fn value(
        &self,
        r: usize,
        industry: Option<usize>,
        budget: Option<Decimal>,
        doc: &MatchDoc,
    ) -> Decimal {
        let Some(f) = industry.and_then(|k| self.per_rep[r][k]) else {
            return Decimal::ZERO;
        };
        match ticket_fit_of(budget, f.ticket_min, f.ticket_max) {
            None => f.without_fit,
            Some(fit) if fit == Decimal::ONE => f.inside_band,
            fit => combine(&f, fit, doc),
        }
    }

    /// The most rep `r` can match any lead of `industry`, whatever its budget: the larger of
    /// the match with a perfect ticket fit and the match without one. Ranking can skip a rep
    /// whose bound is below the best match already found.
    pub fn upper_bound(&self, r: usize, industry: usize) -> Decimal {
        let Some(f) = self.per_rep[r][industry] else {
            return Decimal::ZERO;
        };
        f.inside_band.max(f.without_fit)
    }

    pub fn industries(&self) -> usize {
        self.industries.len()
    }
}

/// Saturating arithmetic is exact here: every factor is within 0–1 (the win rate checked with
/// the reps, the cycle factor cut at 0 and at most 1, the ticket fit a smaller amount over a
/// larger one) and the weights are validated (non-negative, summing to 1), so no sum or
/// product below can leave 0–1, let alone the decimal range.
fn combine(f: &RepFactors, fit: Option<Decimal>, doc: &MatchDoc) -> Decimal {
    {
        let w = &doc.weights;
        let mut weighted = w.win_rate.saturating_mul(f.win_rate);
        let mut total = w.win_rate;
        if let Some(c) = f.cycle {
            weighted = weighted.saturating_add(w.cycle.saturating_mul(c));
            total = total.saturating_add(w.cycle);
        }
        if let Some(t) = fit {
            weighted = weighted.saturating_add(w.ticket_fit.saturating_mul(t));
            total = total.saturating_add(w.ticket_fit);
        }
        let value = if total == Decimal::ONE {
            weighted
        } else if total.is_zero() {
            return Decimal::ZERO;
        } else {
            weighted.checked_div(total).unwrap_or(Decimal::ZERO)
        };
        // Rounded like `display`, without its trailing-zero removal: only compared and summed.
        value.round_dp_with_strategy(doc.decimals, RoundingStrategy::MidpointAwayFromZero)
    }
}

fn cycle_factor(avg_cycle_days: Option<Decimal>, ceiling: Decimal) -> Option<Decimal> {
    avg_cycle_days.map(|c| {
        // A non-negative ratio (days ≥ 0 checked with the reps, the ceiling a whole number):
        // 1 − ratio is at most 1 and at least −MAX, then cut at 0.
        let ratio = c.checked_div(ceiling).unwrap_or(Decimal::ONE);
        Decimal::ONE.saturating_sub(ratio).max(Decimal::ZERO)
    })
}

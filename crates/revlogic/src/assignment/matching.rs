//! Step 5, capability match (能力匹配): how likely a rep is to convert a lead, in [0, 1], from
//! the rep's 30-day record in the lead's industry — win rate, average deal cycle and how well
//! the lead's budget fits the rep's ticket-size band — weighted by the policy.

use super::document::MatchDoc;
use super::request::{IndustryStats, Lead};
use crate::scoring::{display, weights::renormalised_mean};
use rust_decimal::Decimal;
use serde_json::{json, Value};

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
    let value = renormalised_mean(&[
        (w.win_rate, factors.0),
        (w.cycle, factors.1),
        (w.ticket_fit, factors.2),
    ])
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
    let cycle = stats.avg_cycle_days.map(|c| {
        let ratio = c.checked_div(ceiling).unwrap_or(Decimal::ONE);
        (Decimal::ONE - ratio).max(Decimal::ZERO)
    });
    (Some(stats.win_rate), cycle, ticket_fit(budget, stats))
}

/// 1 inside the band; below it `budget ÷ min`, above it `max ÷ budget`, so the fit falls in
/// proportion to how far the lead is from what the rep usually closes.
fn ticket_fit(budget: Option<Decimal>, stats: &IndustryStats) -> Option<Decimal> {
    let budget = budget?;
    if stats.ticket_min.is_none() && stats.ticket_max.is_none() {
        return None;
    }
    if let Some(min) = stats.ticket_min {
        if budget < min {
            return Some(budget.checked_div(min).unwrap_or(Decimal::ZERO));
        }
    }
    if let Some(max) = stats.ticket_max {
        if budget > max {
            return Some(max.checked_div(budget).unwrap_or(Decimal::ZERO));
        }
    }
    Some(Decimal::ONE)
}

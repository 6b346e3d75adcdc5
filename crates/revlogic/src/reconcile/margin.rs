//! Margin guard (SPEC §6): a quote whose margin is below the floor (default 18.5%), or below
//! the average margin of similar orders (same category) by more than the tolerance, is
//! flagged with every reason that applies.

use super::records::Books;
use super::report::MarginCheck;
use super::request::ReconcilePolicy;
use crate::money::RoundingMode;
use rust_decimal::Decimal;
use std::collections::HashMap;

pub(super) fn check(books: &Books, policy: &ReconcilePolicy) -> Vec<MarginCheck> {
    let mut by_category: HashMap<&str, (Decimal, usize)> = HashMap::new();
    for h in &books.history {
        let entry = by_category.entry(h.category.as_str()).or_default();
        entry.0 = entry.0.saturating_add(h.margin);
        entry.1 += 1;
    }
    books
        .quotes
        .iter()
        .map(|q| {
            let profit = q.price.saturating_sub(q.cost);
            let margin = profit.checked_div(q.price).unwrap_or_default();
            let mut reasons = Vec::new();
            // Exact: profit < floor × price.
            if profit < policy.margin_floor.saturating_mul(q.price) {
                reasons.push("belowFloor".to_string());
            }
            let (sum, count) = q
                .category
                .as_deref()
                .and_then(|c| by_category.get(c))
                .copied()
                .unwrap_or_default();
            let average = (count >= policy.min_history as usize && count > 0)
                .then(|| sum.checked_div(Decimal::from(count)))
                .flatten();
            if let Some(avg) = average {
                if margin < avg.saturating_sub(policy.history_tolerance) {
                    reasons.push("belowHistory".to_string());
                }
            }
            MarginCheck {
                quote: q.id.clone(),
                margin: four_places(margin),
                history_average: average.map(four_places),
                history_count: count,
                flagged: !reasons.is_empty(),
                reasons,
            }
        })
        .collect()
}

fn four_places(value: Decimal) -> Decimal {
    let mut v = RoundingMode::HalfUp.round(value, 4);
    v.rescale(4);
    v
}

//! Margin guard (SPEC §6): a quote whose margin is below the floor (default 18.5%), or below
//! the average margin of similar orders (same category) by more than the tolerance, is
//! flagged with every reason that applies.

use super::records::{overflow, Books};
use super::report::MarginCheck;
use super::request::ReconcilePolicy;
use crate::error::Error;
use crate::money::RoundingMode;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Overflow: a category's history margins that sum beyond the decimal range, or a quote's
/// margin too large to compute, fail the reconciliation at that record.
pub(super) fn check(books: &Books, policy: &ReconcilePolicy) -> Result<Vec<MarginCheck>, Error> {
    let mut by_category: HashMap<&str, (Decimal, usize)> = HashMap::new();
    for (k, h) in books.history.iter().enumerate() {
        let entry = by_category.entry(h.category.as_str()).or_default();
        entry.0 = entry.0.checked_add(h.margin).ok_or_else(|| {
            overflow(
                "history",
                books.at.history[k],
                "margin",
                format!("the margins of category `{}`", h.category),
            )
        })?;
        entry.1 += 1;
    }
    let mut out = Vec::with_capacity(books.quotes.len());
    for (k, q) in books.quotes.iter().enumerate() {
        let over = |field: &str| {
            overflow(
                "quotes",
                books.at.quotes[k],
                field,
                format!("quote `{}`: its margin", q.id),
            )
        };
        // The price is positive and the cost non-negative: the profit is in range.
        let profit = q.price.checked_sub(q.cost).ok_or_else(|| over("cost"))?;
        let margin = profit.checked_div(q.price).ok_or_else(|| over("price"))?;
        let mut reasons = Vec::new();
        // Exact: profit < floor × price; a product beyond the range is above any profit.
        if q.price
            .checked_mul(policy.margin_floor)
            .is_none_or(|floor| profit < floor)
        {
            reasons.push("belowFloor".to_string());
        }
        let (sum, count) = q
            .category
            .as_deref()
            .and_then(|c| by_category.get(c))
            .copied()
            .unwrap_or_default();
        // A mean of a positive count is at most its sum in magnitude: in range.
        let average = (count >= policy.min_history as usize && count > 0)
            .then(|| sum.checked_div(Decimal::from(count)))
            .flatten();
        if let Some(avg) = average {
            // Saturating is exact here: the tolerance is non-negative, so a difference below
            // the range would be below every margin, as −MAX is.
            if margin < avg.saturating_sub(policy.history_tolerance) {
                reasons.push("belowHistory".to_string());
            }
        }
        out.push(MarginCheck {
            quote: q.id.clone(),
            margin: four_places(margin),
            history_average: average.map(four_places),
            history_count: count,
            flagged: !reasons.is_empty(),
            reasons,
        });
    }
    Ok(out)
}

/// Rounded to 4 places; `rescale` then only adds zeros (fewer where 28 digits cannot hold
/// them, the value unchanged).
fn four_places(value: Decimal) -> Decimal {
    let mut v = RoundingMode::HalfUp.round(value, 4);
    v.rescale(4);
    v
}

//! Clawbacks: when a deal is refunded or cancelled within the plan's window, the commission
//! paid on it is taken back in proportion to the refunded share of the deal, dated in the
//! refund's period — a paid period is never reopened.
//!
//! For each deal and rep, refunds are taken in date order (then id). After refund k the
//! cumulative refunded share is `min(1, Σ refunded ÷ deal amount)` and the cumulative clawback
//! is `paid × share`, rounded per line; refund k claws back the difference from the previous
//! cumulative. So the clawbacks of a deal never exceed what was paid on it, however many
//! refunds follow. Refunds dated before the period were clawed back in their own period and
//! only count toward the cumulative share; refunds after `asOf` have not happened yet.

use super::request::StatementRequest;
use super::statement::at_scale;
use super::CommissionPlan;
use crate::batch::Rejection;
use crate::error::{ErrorCode, Problem};
use crate::fast_map::FastMap;
use crate::wire;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

/// One clawback on a rep's statement.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClawbackLine {
    pub refund: String,
    pub deal: String,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub date: NaiveDate,
    /// This refund's amount.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub refunded: Decimal,
    /// The refunded share of the deal after this refund (0 to 1, exact).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub refunded_share: Decimal,
    /// Commission paid to the rep on the deal.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub paid: Decimal,
    /// Whether the refund came within the plan's clawback window.
    pub within_window: bool,
    /// The amount taken back by this line (0 outside the window).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
}

/// What clawbacks need to know of a deal.
pub(super) struct DealFacts {
    pub amount: Decimal,
    pub close_date: NaiveDate,
}

pub(super) fn clawback_lines(
    plan: &CommissionPlan,
    request: &StatementRequest,
    reps: &FastMap<&str, usize>,
    deals: &FastMap<&str, DealFacts>,
    rejected: &mut Vec<Rejection>,
) -> Vec<Vec<ClawbackLine>> {
    let minor = plan.currency.minor_units();
    let round = |x: Decimal| {
        let mut r = plan.rounding.round(x, minor);
        r.rescale(minor);
        r
    };
    let mut lines: Vec<Vec<ClawbackLine>> = vec![Vec::new(); request.reps.len()];
    let mut order: Vec<usize> = Vec::new();
    for (i, refund) in request.refunds.iter().enumerate() {
        let path = format!("refunds[{i}]");
        let problem = if !deals.contains_key(refund.deal.as_str()) {
            Some(Problem::new(
                ErrorCode::UnknownDeal,
                format!("{path}.deal"),
                format!(
                    "refund `{}` names deal `{}`, which is not in the request's deals",
                    refund.id, refund.deal
                ),
            ))
        } else if refund.amount.is_sign_negative() && !refund.amount.is_zero() {
            Some(Problem::new(
                ErrorCode::NegativeAmount,
                format!("{path}.amount"),
                format!("refund `{}` has a negative amount", refund.id),
            ))
        } else {
            refund
                .commission_paid
                .iter()
                .enumerate()
                .find_map(|(j, p)| {
                    if !reps.contains_key(p.rep.as_str()) {
                        Some(Problem::new(
                            ErrorCode::UnknownRep,
                            format!("{path}.commissionPaid[{j}].rep"),
                            format!(
                                "refund `{}` names rep `{}`, who is not in the request's reps",
                                refund.id, p.rep
                            ),
                        ))
                    } else if p.amount.is_sign_negative() && !p.amount.is_zero() {
                        Some(Problem::new(
                            ErrorCode::NegativeAmount,
                            format!("{path}.commissionPaid[{j}].amount"),
                            "paid commission must not be negative",
                        ))
                    } else {
                        None
                    }
                })
        };
        match problem {
            Some(error) => rejected.push(Rejection {
                index: i,
                id: Some(refund.id.clone()),
                error,
            }),
            None if refund.date <= request.as_of => order.push(i),
            None => {}
        }
    }
    order.sort_by(|&a, &b| {
        let (a, b) = (&request.refunds[a], &request.refunds[b]);
        a.deal
            .cmp(&b.deal)
            .then(a.date.cmp(&b.date))
            .then_with(|| a.id.cmp(&b.id))
    });

    // Per (deal, rep): refunded so far within the window, and clawed back so far.
    let mut state: FastMap<(&str, &str), (Decimal, Decimal)> = FastMap::default();
    for i in order {
        let refund = &request.refunds[i];
        let Some(deal) = deals.get(refund.deal.as_str()) else {
            continue;
        };
        let window = plan
            .version_on(refund.date)
            .map_or(180, |v| v.clawback.window_days);
        let within = (refund.date - deal.close_date).num_days() <= i64::from(window);
        for paid in &refund.commission_paid {
            let entry = state
                .entry((refund.deal.as_str(), paid.rep.as_str()))
                .or_default();
            let (refunded_before, clawed_before) = *entry;
            let refunded = if within {
                refunded_before + refund.amount
            } else {
                refunded_before
            };
            let share = if deal.amount.is_zero() {
                Decimal::ONE
            } else {
                (refunded / deal.amount).min(Decimal::ONE)
            };
            let cumulative = round(paid.amount * share).min(paid.amount);
            let amount = if within {
                (cumulative - clawed_before).max(Decimal::ZERO)
            } else {
                Decimal::ZERO
            };
            *entry = (refunded, clawed_before + amount);
            if request.period.contains(refund.date) {
                if let Some(&r) = reps.get(paid.rep.as_str()) {
                    lines[r].push(ClawbackLine {
                        refund: refund.id.clone(),
                        deal: refund.deal.clone(),
                        date: refund.date,
                        refunded: at_scale(refund.amount, minor),
                        refunded_share: share.normalize(),
                        paid: at_scale(paid.amount, minor),
                        within_window: within,
                        amount: at_scale(amount, minor),
                    });
                }
            }
        }
    }
    lines
}

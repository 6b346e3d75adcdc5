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
        let within = refund
            .date
            .signed_duration_since(deal.close_date)
            .num_days()
            <= i64::from(window);
        // A refund's lines are computed before any state changes, so a refund whose figures
        // leave the decimal range is rejected whole and the later refunds go on without it.
        let mut computed = Vec::with_capacity(refund.commission_paid.len());
        let mut problem = None;
        for (j, paid) in refund.commission_paid.iter().enumerate() {
            let key = (refund.deal.as_str(), paid.rep.as_str());
            let before = state.get(&key).copied().unwrap_or_default();
            match clawback(deal, before, refund.amount, paid.amount, within, round) {
                Some(figures) => computed.push((key, figures)),
                None => {
                    let field = if figures_of_paid_overflow(deal, before, refund.amount, within) {
                        format!("commissionPaid[{j}].amount")
                    } else {
                        "amount".to_string()
                    };
                    problem = Some(Problem::new(
                        ErrorCode::Overflow,
                        format!("refunds[{i}].{field}"),
                        format!(
                            "refund `{}` of deal `{}`: the clawback left the decimal range",
                            refund.id, refund.deal
                        ),
                    ));
                    break;
                }
            }
        }
        if let Some(error) = problem {
            rejected.push(Rejection {
                index: i,
                id: Some(refund.id.clone()),
                error,
            });
            continue;
        }
        for ((key, figures), paid) in computed.into_iter().zip(&refund.commission_paid) {
            let Clawback {
                refunded,
                share,
                amount,
                clawed,
            } = figures;
            state.insert(key, (refunded, clawed));
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

/// One refund's figures for one rep.
struct Clawback {
    /// Refunded within the window so far; for a deal of positive amount, kept at most the
    /// deal's amount (see [`clawback`]).
    refunded: Decimal,
    share: Decimal,
    /// Taken back by this refund.
    amount: Decimal,
    /// Taken back so far.
    clawed: Decimal,
}

/// The clawback of one refund for one rep, from what was refunded and clawed back before;
/// `None` when a figure leaves the decimal range.
///
/// For a deal of positive amount the cumulative refunded amount is kept at most the deal's
/// amount: the share is `min(1, refunded ÷ amount)`, which any refunded amount at or above
/// the deal's gives as 1, so the share is exact and its quotient is at most 1 — even when the
/// refunds add up beyond the decimal range (that sum is above the amount, a decimal itself).
/// Only a deal of zero or negative amount (rejected from the statement, but still named by
/// refunds) can make a figure overflow.
fn clawback(
    deal: &DealFacts,
    (refunded_before, clawed_before): (Decimal, Decimal),
    refund: Decimal,
    paid: Decimal,
    within: bool,
    round: impl Fn(Decimal) -> Decimal,
) -> Option<Clawback> {
    let positive = deal.amount > Decimal::ZERO;
    let refunded = if !within {
        refunded_before
    } else if positive {
        refunded_before
            .checked_add(refund)
            .map_or(deal.amount, |r| r.min(deal.amount))
    } else {
        refunded_before.checked_add(refund)?
    };
    let share = if deal.amount.is_zero() {
        Decimal::ONE
    } else {
        refunded.checked_div(deal.amount)?.min(Decimal::ONE)
    };
    let cumulative = round(paid.checked_mul(share)?).min(paid);
    let amount = if within {
        cumulative.checked_sub(clawed_before)?.max(Decimal::ZERO)
    } else {
        Decimal::ZERO
    };
    Some(Clawback {
        refunded,
        share,
        amount,
        clawed: clawed_before.checked_add(amount)?,
    })
}

/// Whether the refunded share alone is in range, so that an overflow of [`clawback`] comes
/// from the commission paid rather than from the refund's amount.
fn figures_of_paid_overflow(
    deal: &DealFacts,
    (refunded_before, _): (Decimal, Decimal),
    refund: Decimal,
    within: bool,
) -> bool {
    let refunded = if within {
        refunded_before.checked_add(refund)
    } else {
        Some(refunded_before)
    };
    deal.amount.is_zero()
        || deal.amount > Decimal::ZERO
        || refunded.and_then(|r| r.checked_div(deal.amount)).is_some()
}

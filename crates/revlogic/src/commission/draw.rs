//! Draws (SPEC §4): an amount a rep is guaranteed per period whatever the commission.
//!
//! When the commission payable in the period is below the draw, the difference is paid as the
//! draw. A *non-recoverable* draw is a guarantee and ends there. A *recoverable* draw is an
//! advance: what it paid is added to the rep's draw balance, and in periods that end on or
//! after the recovery start, commission payable above the draw repays that balance first.
//! The balance is carried between periods by the caller (`drawBalance` in, `balanceAfter`
//! out), like capped amounts.

use crate::wire;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A rep's draw terms, on the rep record of a statement request.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DrawTerms {
    /// The guaranteed amount per period, in the plan currency; not negative.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    /// Whether what the draw pays is recovered from later commission (default true).
    #[serde(default = "recoverable_by_default")]
    pub recoverable: bool,
    /// Recovery applies to periods ending on or after this date (default: from the first).
    #[serde(default, with = "wire::date_opt")]
    #[schemars(with = "Option<wire::DateString>")]
    pub recovery_start: Option<NaiveDate>,
    /// The recoverable draw still outstanding from earlier periods; not negative.
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub balance: Option<Decimal>,
}

fn recoverable_by_default() -> bool {
    true
}

/// What the draw did this period: the statement's draw line.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DrawLine {
    pub recoverable: bool,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub guaranteed: Decimal,
    /// The commission payable the draw was compared with.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub commission_payable: Decimal,
    /// Paid as the draw: guaranteed − commission payable, when positive.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub paid: Decimal,
    /// Repaid from commission payable above the draw (recoverable draws only).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub recovered: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub balance_before: Decimal,
    /// The balance to pass in as `draw.balance` next period.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub balance_after: Decimal,
    /// Why, in words.
    pub note: String,
}

/// Applies `terms` to the commission payable in a period ending on `period_end`; amounts are
/// whole minor units already (nothing is rounded here), and every figure is shown with
/// `minor` places. A figure beyond the decimal range is `Err` with the field of the terms it
/// comes from (`draw.amount`, `draw.balance`), for the caller to name under the rep.
pub(crate) fn apply_draw(
    terms: &DrawTerms,
    payable: Decimal,
    period_end: NaiveDate,
    minor: u32,
) -> Result<DrawLine, &'static str> {
    let shown = |mut x: Decimal| {
        x.rescale(minor);
        x
    };
    let balance_before = if terms.recoverable {
        terms.balance.unwrap_or_default()
    } else {
        Decimal::ZERO
    };
    let paid = terms
        .amount
        .checked_sub(payable)
        .ok_or("draw.amount")?
        .max(Decimal::ZERO);
    let recovering = terms.recoverable && terms.recovery_start.is_none_or(|d| period_end >= d);
    let recovered = if recovering {
        payable
            .checked_sub(terms.amount)
            .ok_or("draw.amount")?
            .max(Decimal::ZERO)
            .min(balance_before)
    } else {
        Decimal::ZERO
    };
    let balance_after = if terms.recoverable {
        balance_before
            .checked_add(paid)
            .and_then(|b| b.checked_sub(recovered))
            .ok_or("draw.balance")?
    } else {
        Decimal::ZERO
    };
    let note = match (paid.is_zero(), recovered.is_zero(), terms.recoverable) {
        (false, _, true) => format!(
            "commission {payable} is below the draw {}: {paid} advanced, to be recovered",
            terms.amount
        ),
        (false, _, false) => format!(
            "commission {payable} is below the guaranteed {}: {paid} paid, not recovered",
            terms.amount
        ),
        (true, false, _) => format!(
            "commission {payable} is above the draw {}: {recovered} of the outstanding {balance_before} recovered",
            terms.amount
        ),
        (true, true, true) if !recovering && !balance_before.is_zero() => format!(
            "recovery of the outstanding {balance_before} starts with the period ending {}",
            terms.recovery_start.map(|d| d.to_string()).unwrap_or_default()
        ),
        (true, true, _) => format!("commission {payable} covers the draw {}", terms.amount),
    };
    Ok(DrawLine {
        recoverable: terms.recoverable,
        guaranteed: shown(terms.amount),
        commission_payable: shown(payable),
        paid: shown(paid),
        recovered: shown(recovered),
        balance_before: shown(balance_before),
        balance_after: shown(balance_after),
        note,
    })
}

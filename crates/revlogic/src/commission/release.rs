//! Release (SPEC §4): earning and paying out are separate events. A deal's commission is
//! earned when it is credited and released by the plan's policy: once signed and first paid,
//! only when fully paid, or in proportion to the cash received. Only payments received by
//! `asOf` and not bounced by then count.

use super::document::ReleasePolicy;
use super::request::{DealRecord, PaymentRecord};
use super::statement::{ReleaseState, TriggerState};
use crate::error::{ErrorCode, Problem};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The first counting payment's date: the crediting date under `payment` crediting, and the
/// rate date under the `payment` exchange-rate policy.
pub(super) fn first_payment(payments: &[&PaymentRecord], as_of: NaiveDate) -> Option<NaiveDate> {
    payments
        .iter()
        .filter(|p| counts(p, as_of))
        .map(|p| p.date)
        .min()
}

/// A payment counts when it arrived by `asOf` and had not bounced by then.
fn counts(p: &PaymentRecord, as_of: NaiveDate) -> bool {
    p.date <= as_of && p.bounced_on.is_none_or(|b| b > as_of)
}

/// How much of a deal's commission is payable now under the version's release policy, and
/// the trigger state a line reports. `record` comes with its position in the request, and the
/// deal's `payments` with all of the request's (`all`), so that a deal whose payments add up
/// beyond the decimal range is rejected naming the payment that did it.
pub(super) fn release_state(
    policy: ReleasePolicy,
    (record, index): (&DealRecord, usize),
    (payments, all): (&[&PaymentRecord], &[PaymentRecord]),
    as_of: NaiveDate,
) -> Result<(ReleaseState, Decimal), Problem> {
    let signed = record.signed_date.is_some_and(|d| d <= as_of);
    let first = first_payment(payments, as_of);
    let mut collected = Decimal::ZERO;
    for p in payments.iter().filter(|p| counts(p, as_of)) {
        let too_large = |field: &str| {
            let at = all.iter().position(|q| std::ptr::eq(q, *p));
            Problem::new(
                ErrorCode::Overflow,
                match at {
                    Some(k) => format!("payments[{k}].{field}"),
                    None => format!("deals[{index}]"),
                },
                format!(
                    "the payments of deal `{}` left the decimal range at payment `{}`",
                    record.id, p.id
                ),
            )
        };
        collected = collected
            .checked_add(p.amount)
            .ok_or_else(|| too_large("amount"))?;
        if let Some(discount) = p.cash_discount {
            collected = collected
                .checked_add(discount)
                .ok_or_else(|| too_large("cashDiscount"))?;
        }
    }
    let fraction = match policy {
        ReleasePolicy::SignedAndFirstPayment => {
            if signed && first.is_some() {
                Decimal::ONE
            } else {
                Decimal::ZERO
            }
        }
        ReleasePolicy::FullyPaid => {
            if collected >= record.amount {
                Decimal::ONE
            } else {
                Decimal::ZERO
            }
        }
        ReleasePolicy::ProportionalToCash => {
            if collected >= record.amount {
                Decimal::ONE
            } else {
                // collected < amount here, so the quotient is below 1.
                collected.checked_div(record.amount).ok_or_else(|| {
                    Problem::new(
                        ErrorCode::Overflow,
                        format!("deals[{index}].amount"),
                        format!(
                            "deal `{}`: the collected share left the decimal range",
                            record.id
                        ),
                    )
                })?
            }
        }
    };
    let state = if fraction == Decimal::ONE {
        TriggerState::Payable
    } else if fraction.is_zero() {
        TriggerState::Projected
    } else {
        TriggerState::Partial
    };
    Ok((
        ReleaseState {
            policy,
            state,
            signed,
            first_payment: first,
            collected,
        },
        fraction,
    ))
}

//! Release (SPEC §4): earning and paying out are separate events. A deal's commission is
//! earned when it is credited and released by the plan's policy: once signed and first paid,
//! only when fully paid, or in proportion to the cash received. Only payments received by
//! `asOf` and not bounced by then count.

use super::document::ReleasePolicy;
use super::request::{DealRecord, PaymentRecord};
use super::statement::{overflow, ReleaseState, TriggerState};
use crate::error::Problem;
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
/// the trigger state a line reports.
pub(super) fn release_state(
    policy: ReleasePolicy,
    record: &DealRecord,
    payments: &[&PaymentRecord],
    as_of: NaiveDate,
) -> Result<(ReleaseState, Decimal), Problem> {
    let signed = record.signed_date.is_some_and(|d| d <= as_of);
    let first = first_payment(payments, as_of);
    let mut collected = Decimal::ZERO;
    for p in payments.iter().filter(|p| counts(p, as_of)) {
        collected = collected
            .checked_add(p.amount)
            .and_then(|c| match p.cash_discount {
                Some(discount) => c.checked_add(discount),
                None => Some(c),
            })
            .ok_or_else(overflow)?;
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
                collected.checked_div(record.amount).ok_or_else(overflow)?
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

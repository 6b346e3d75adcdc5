//! Payment vs contract amount (SPEC §6): a contract whose payments deviate from its amount by
//! more than ± the policy's fraction alerts sales and finance. Contracts without payments are
//! not judged here (the overdue check and the three-way match cover them).

use super::records::{overflow, Books};
use super::report::DeviationCheck;
use super::request::ReconcilePolicy;
use crate::error::Error;
use crate::money::RoundingMode;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Overflow: a contract's payments that sum beyond the decimal range, or a deviation too large
/// to compute, fail the reconciliation at the payment or contract (see `overflow`).
pub(super) fn check(books: &Books, policy: &ReconcilePolicy) -> Result<Vec<DeviationCheck>, Error> {
    let paid = paid_by_contract(books)?;
    let mut out = Vec::new();
    for (k, c) in books.contracts.iter().enumerate() {
        let Some(&paid) = paid.get(c.id.as_str()) else {
            continue;
        };
        let over = || {
            overflow(
                "contracts",
                books.at.contracts[k],
                "amount",
                format!("contract `{}`: its payment deviation", c.id),
            )
        };
        // Both are non-negative: the gap is in range.
        let gap = paid.checked_sub(c.amount).ok_or_else(over)?;
        // A tolerance beyond the decimal range is above any gap: no alert, exactly.
        let alert = c
            .amount
            .checked_mul(policy.payment_deviation)
            .is_some_and(|limit| gap.abs() > limit);
        // Rounded to 4 places; `rescale` then only adds zeros (fewer where 28 digits cannot
        // hold them, the value unchanged).
        let deviation = gap
            .checked_div(c.amount)
            .map(|d| {
                let mut d = RoundingMode::HalfUp.round(d, 4);
                d.rescale(4);
                d
            })
            .ok_or_else(over)?;
        out.push(DeviationCheck {
            contract: c.id.clone(),
            contract_amount: c.amount,
            paid,
            deviation,
            alert,
            notify: if alert {
                policy.deviation_alert.clone()
            } else {
                Vec::new()
            },
        });
    }
    Ok(out)
}

/// The payments of each contract, summed; a sum that leaves the range fails at the payment.
pub(super) fn paid_by_contract(books: &Books) -> Result<HashMap<&str, Decimal>, Error> {
    let mut paid: HashMap<&str, Decimal> = HashMap::new();
    for (k, p) in books.payments.iter().enumerate() {
        if let Some(id) = p.contract_id.as_deref() {
            let sum = paid.entry(id).or_default();
            *sum = sum.checked_add(p.amount).ok_or_else(|| {
                overflow(
                    "payments",
                    books.at.payments[k],
                    "amount",
                    format!("payment `{}`: the payments of contract `{id}`", p.id),
                )
            })?;
        }
    }
    Ok(paid)
}

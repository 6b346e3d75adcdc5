//! Deliverable new contract value (可交付新签额, SPEC §6): the contracts' amounts, leaving out
//! add-on orders of existing customers, orders not scheduled yet and non-cash orders — each
//! left-out contract listed with every reason.

use super::records::{overflow, Books};
use super::report::{DeliverableValue, ExcludedContract};
use crate::error::Error;
use rust_decimal::Decimal;

/// Overflow: a total beyond the decimal range fails the reconciliation at the contract that
/// took it out.
pub(super) fn check(books: &Books) -> Result<DeliverableValue, Error> {
    let mut total = Decimal::ZERO;
    let mut included = Vec::new();
    let mut excluded = Vec::new();
    for (k, c) in books.contracts.iter().enumerate() {
        let mut reasons = Vec::new();
        if c.add_on && c.existing_customer {
            reasons.push("addOnOfExistingCustomer".to_string());
        }
        if !c.scheduled {
            reasons.push("notScheduled".to_string());
        }
        if !c.cash {
            reasons.push("nonCash".to_string());
        }
        if reasons.is_empty() {
            total = total.checked_add(c.amount).ok_or_else(|| {
                overflow(
                    "contracts",
                    books.at.contracts[k],
                    "amount",
                    format!("contract `{}`: the deliverable total", c.id),
                )
            })?;
            included.push(c.id.clone());
        } else {
            excluded.push(ExcludedContract {
                contract: c.id.clone(),
                reasons,
            });
        }
    }
    Ok(DeliverableValue {
        total,
        included,
        excluded,
    })
}

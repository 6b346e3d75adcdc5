//! Three-way match of contract, payment and invoice (SPEC §6): yellow when a payment or an
//! invoice is missing, otherwise red when any two amounts differ by more than the tolerance
//! (exactly the tolerance is still green), otherwise green.

use super::records::{overflow, Books};
use super::report::{MatchCheck, MatchStatus};
use super::request::ReconcilePolicy;
use crate::error::Error;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Overflow: payments or invoices of a contract that sum beyond the decimal range fail the
/// reconciliation at the record that took the sum out.
pub(super) fn check(books: &Books, policy: &ReconcilePolicy) -> Result<Vec<MatchCheck>, Error> {
    let paid = super::deviation::paid_by_contract(books)?;
    let mut invoiced: HashMap<&str, Decimal> = HashMap::new();
    for (k, i) in books.invoices.iter().enumerate() {
        let sum = invoiced.entry(i.contract_id.as_str()).or_default();
        *sum = sum.checked_add(i.amount).ok_or_else(|| {
            overflow(
                "invoices",
                books.at.invoices[k],
                "amount",
                format!(
                    "invoice `{}`: the invoices of contract `{}`",
                    i.id, i.contract_id
                ),
            )
        })?;
    }
    let mut out = Vec::with_capacity(books.contracts.len());
    for (k, c) in books.contracts.iter().enumerate() {
        out.push({
            let p = paid.get(c.id.as_str()).copied();
            let i = invoiced.get(c.id.as_str()).copied();
            let mut missing = Vec::new();
            if p.is_none() {
                missing.push("payment".to_string());
            }
            if i.is_none() {
                missing.push("invoice".to_string());
            }
            let present: Vec<Decimal> = [Some(c.amount), p, i].into_iter().flatten().collect();
            let high = present.iter().copied().max().unwrap_or_default();
            let low = present.iter().copied().min().unwrap_or_default();
            // All three are non-negative: their difference is in range.
            let difference = high.checked_sub(low).ok_or_else(|| {
                overflow(
                    "contracts",
                    books.at.contracts[k],
                    "amount",
                    format!("contract `{}`: its three-way difference", c.id),
                )
            })?;
            let status = if !missing.is_empty() {
                MatchStatus::Yellow
            } else if difference > policy.match_tolerance {
                MatchStatus::Red
            } else {
                MatchStatus::Green
            };
            MatchCheck {
                contract: c.id.clone(),
                status,
                contract_amount: c.amount,
                paid: p.unwrap_or_default(),
                invoiced: i.unwrap_or_default(),
                missing,
                difference,
            }
        });
    }
    Ok(out)
}

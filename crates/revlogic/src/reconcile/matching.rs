//! Three-way match of contract, payment and invoice (SPEC §6): yellow when a payment or an
//! invoice is missing, otherwise red when any two amounts differ by more than the tolerance
//! (exactly the tolerance is still green), otherwise green.

use super::records::Books;
use super::report::{MatchCheck, MatchStatus};
use super::request::ReconcilePolicy;
use rust_decimal::Decimal;
use std::collections::HashMap;

pub(super) fn check(books: &Books, policy: &ReconcilePolicy) -> Vec<MatchCheck> {
    let mut paid: HashMap<&str, Decimal> = HashMap::new();
    for p in &books.payments {
        if let Some(id) = p.contract_id.as_deref() {
            let sum = paid.entry(id).or_default();
            *sum = sum.saturating_add(p.amount);
        }
    }
    let mut invoiced: HashMap<&str, Decimal> = HashMap::new();
    for i in &books.invoices {
        let sum = invoiced.entry(i.contract_id.as_str()).or_default();
        *sum = sum.saturating_add(i.amount);
    }
    books
        .contracts
        .iter()
        .map(|c| {
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
            let difference = high.saturating_sub(low);
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
        })
        .collect()
}

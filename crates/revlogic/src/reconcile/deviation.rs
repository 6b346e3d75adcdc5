//! Payment vs contract amount (SPEC §6): a contract whose payments deviate from its amount by
//! more than ± the policy's fraction alerts sales and finance. Contracts without payments are
//! not judged here (the overdue check and the three-way match cover them).

use super::records::Books;
use super::report::DeviationCheck;
use super::request::ReconcilePolicy;
use crate::money::RoundingMode;
use rust_decimal::Decimal;
use std::collections::HashMap;

pub(super) fn check(books: &Books, policy: &ReconcilePolicy) -> Vec<DeviationCheck> {
    let mut paid: HashMap<&str, Decimal> = HashMap::new();
    for p in &books.payments {
        if let Some(id) = p.contract_id.as_deref() {
            let sum = paid.entry(id).or_default();
            *sum = sum.saturating_add(p.amount);
        }
    }
    books
        .contracts
        .iter()
        .filter_map(|c| {
            let paid = *paid.get(c.id.as_str())?;
            let gap = paid.saturating_sub(c.amount);
            // Exact: |paid − amount| > amount × threshold, no division involved.
            let alert = gap.abs() > c.amount.saturating_mul(policy.payment_deviation);
            let deviation = gap
                .checked_div(c.amount)
                .map(|d| {
                    let mut d = RoundingMode::HalfUp.round(d, 4);
                    d.rescale(4);
                    d
                })
                .unwrap_or_default();
            Some(DeviationCheck {
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
            })
        })
        .collect()
}

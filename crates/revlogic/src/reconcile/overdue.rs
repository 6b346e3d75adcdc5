//! Overdue receivables (SPEC §6): outstanding more than `overdueDays` after the due date (day
//! N itself does not alert) alerts the sales manager, regional director and finance partner,
//! with the amount outstanding and the payment history.

use super::records::{overflow, Books};
use super::report::{OverdueCheck, PaymentEntry, Recipient};
use super::request::ReconcilePolicy;
use crate::error::Error;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Overflow: a receivable's payments that sum beyond the decimal range fail the
/// reconciliation at the payment that took the sum out.
pub(super) fn check(
    books: &Books,
    policy: &ReconcilePolicy,
    as_of: NaiveDate,
) -> Result<Vec<OverdueCheck>, Error> {
    // Each payment with its index in the request's `payments`, for the path of an overflow.
    let mut history: HashMap<&str, Vec<(usize, PaymentEntry)>> = HashMap::new();
    for (k, p) in books.payments.iter().enumerate() {
        if let Some(id) = p.receivable_id.as_deref() {
            history.entry(id).or_default().push((
                books.at.payments[k],
                PaymentEntry {
                    id: p.id.clone(),
                    date: p.date,
                    amount: p.amount,
                },
            ));
        }
    }
    let mut out = Vec::with_capacity(books.receivables.len());
    for r in &books.receivables {
        let mut entries = history.remove(r.id.as_str()).unwrap_or_default();
        entries.sort_by(|(_, a), (_, b)| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        let mut paid = Decimal::ZERO;
        for (index, p) in &entries {
            paid = paid.checked_add(p.amount).ok_or_else(|| {
                overflow(
                    "payments",
                    *index,
                    "amount",
                    format!("payment `{}`: the payments of receivable `{}`", p.id, r.id),
                )
            })?;
        }
        let payments: Vec<PaymentEntry> = entries.into_iter().map(|(_, p)| p).collect();
        // Both are non-negative: the difference is in range.
        let mut outstanding = r.amount.saturating_sub(paid);
        if outstanding.is_sign_negative() {
            // Overpaid: nothing is outstanding (the deviation check sees overpayments).
            outstanding = Decimal::ZERO;
        }
        // The difference of two dates is always a representable duration.
        let days_overdue = as_of.signed_duration_since(r.due_date).num_days().max(0);
        let alert = outstanding > Decimal::ZERO && days_overdue > i64::from(policy.overdue_days);
        let notify = if alert {
            policy
                .overdue_alert
                .iter()
                .map(|role| Recipient {
                    role: role.clone(),
                    name: r.contacts.get(role).cloned(),
                })
                .collect()
        } else {
            Vec::new()
        };
        out.push(OverdueCheck {
            receivable: r.id.clone(),
            customer: r.customer.clone(),
            due_date: r.due_date,
            outstanding,
            days_overdue,
            alert,
            notify,
            payments,
        });
    }
    Ok(out)
}

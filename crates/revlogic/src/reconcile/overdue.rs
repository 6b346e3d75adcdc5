//! Overdue receivables (SPEC §6): outstanding more than `overdueDays` after the due date (day
//! N itself does not alert) alerts the sales manager, regional director and finance partner,
//! with the amount outstanding and the payment history.

use super::records::Books;
use super::report::{OverdueCheck, PaymentEntry, Recipient};
use super::request::ReconcilePolicy;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

pub(super) fn check(
    books: &Books,
    policy: &ReconcilePolicy,
    as_of: NaiveDate,
) -> Vec<OverdueCheck> {
    let mut history: HashMap<&str, Vec<PaymentEntry>> = HashMap::new();
    for p in &books.payments {
        if let Some(id) = p.receivable_id.as_deref() {
            history.entry(id).or_default().push(PaymentEntry {
                id: p.id.clone(),
                date: p.date,
                amount: p.amount,
            });
        }
    }
    books
        .receivables
        .iter()
        .map(|r| {
            let mut payments = history.remove(r.id.as_str()).unwrap_or_default();
            payments.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
            let paid = payments
                .iter()
                .fold(Decimal::ZERO, |acc, p| acc.saturating_add(p.amount));
            let mut outstanding = r.amount.saturating_sub(paid);
            if outstanding.is_sign_negative() {
                // Overpaid: nothing is outstanding (the deviation check sees overpayments).
                outstanding = Decimal::ZERO;
            }
            // The difference of two dates is always a representable duration.
            let days_overdue = as_of.signed_duration_since(r.due_date).num_days().max(0);
            let alert =
                outstanding > Decimal::ZERO && days_overdue > i64::from(policy.overdue_days);
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
            OverdueCheck {
                receivable: r.id.clone(),
                customer: r.customer.clone(),
                due_date: r.due_date,
                outstanding,
                days_overdue,
                alert,
                notify,
                payments,
            }
        })
        .collect()
}

//! Deliverable new contract value (可交付新签额, SPEC §6): the contracts' amounts, leaving out
//! add-on orders of existing customers, orders not scheduled yet and non-cash orders — each
//! left-out contract listed with every reason.

use super::records::Books;
use super::report::{DeliverableValue, ExcludedContract};
use rust_decimal::Decimal;

pub(super) fn check(books: &Books) -> DeliverableValue {
    let mut total = Decimal::ZERO;
    let mut included = Vec::new();
    let mut excluded = Vec::new();
    for c in &books.contracts {
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
            total = total.saturating_add(c.amount);
            included.push(c.id.clone());
        } else {
            excluded.push(ExcludedContract {
                contract: c.id.clone(),
                reasons,
            });
        }
    }
    DeliverableValue {
        total,
        included,
        excluded,
    }
}

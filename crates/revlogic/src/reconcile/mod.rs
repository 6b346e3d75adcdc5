//! Reconciliation and alerts (SPEC §6): payment vs contract deviation, overdue receivables
//! with who to alert, the three-way match of contract, payment and invoice, deliverable new
//! contract value, and the margin guard. One operation runs the five checks over one batch of
//! records; every threshold is a policy parameter with SPEC's default.
//!
//! `request.rs` holds the policy and records, `records.rs` checks them one by one,
//! `report.rs` the result; one file per check: `deviation.rs`, `overdue.rs`, `matching.rs`,
//! `deliverable.rs`, `margin.rs`.

mod deliverable;
mod deviation;
mod margin;
mod matching;
mod overdue;
mod records;
mod report;
mod request;

pub use report::*;
pub use request::*;

use crate::error::Error;

/// Runs the five checks of SPEC §6 on the request's records.
pub fn reconcile(request: &ReconcileRequest) -> Result<ReconcileReport, Error> {
    let books = records::Books::read(request)?;
    let policy = &request.policy;
    Ok(ReconcileReport {
        as_of: request.as_of,
        currency: request.currency,
        payment_deviations: deviation::check(&books, policy)?,
        overdue: overdue::check(&books, policy, request.as_of)?,
        three_way_match: matching::check(&books, policy)?,
        deliverable: deliverable::check(&books)?,
        margins: margin::check(&books, policy)?,
        rejected: books.rejected,
    })
}

#[cfg(test)]
mod tests {
    use crate::wire::ops::call;
    use crate::{ErrorCode, ErrorKind};
    use serde_json::json;

    fn check(request: serde_json::Value) -> crate::Error {
        match call("reconcile.check", &json!({ "request": request })) {
            Ok(v) => panic!("expected an error, got {v}"),
            Err(e) => e,
        }
    }

    #[test]
    fn payments_summing_beyond_the_range_fail_at_the_payment_that_did() {
        let e = check(json!({"asOf": "2026-03-31",
        "contracts": [{"id": "C1", "customer": "K", "date": "2026-01-15", "amount": "1"}],
        // 28 nines, the largest amount the wire takes: eight of them sum beyond 2^96.
        "payments": (1..=9)
            .map(|i| json!({"id": format!("P{i}"), "date": "2026-02-01",
                "amount": "9999999999999999999999999999", "contractId": "C1"}))
            .collect::<Vec<_>>()}));
        assert_eq!(e.kind, ErrorKind::Input);
        assert_eq!(e.code(), ErrorCode::Overflow);
        assert_eq!(e.path(), "payments[7].amount");
        assert!(e.first().message.contains("`P8`"));
    }

    #[test]
    fn a_deviation_too_large_to_compute_fails_at_the_contract() {
        // Paid 7.9 × 10²⁸ on a contract of 10⁻²⁸: the ratio leaves the range.
        let e = check(json!({"asOf": "2026-03-31",
        "contracts": [{"id": "C1", "customer": "K", "date": "2026-01-15", "amount": "0.0000000000000000000000000001"}],
        "payments": [
            {"id": "P1", "date": "2026-02-01", "amount": "9999999999999999999999999999", "contractId": "C1"}
        ]}));
        assert_eq!(e.code(), ErrorCode::Overflow);
        assert_eq!(e.path(), "contracts[0].amount");
    }

    #[test]
    fn history_margins_summing_beyond_the_range_fail_at_the_record() {
        let e = check(json!({"asOf": "2026-03-31",
        "history": (1..=9)
            .map(|i| json!({"id": format!("H{i}"), "category": "pumps",
                "margin": "-9999999999999999999999999999"}))
            .collect::<Vec<_>>()}));
        assert_eq!(e.code(), ErrorCode::Overflow);
        assert_eq!(e.path(), "history[7].margin");
    }
}

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

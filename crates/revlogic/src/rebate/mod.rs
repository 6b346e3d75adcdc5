//! Distributor rebates (SPEC §5): agreements with volume tiers, a new-product bonus, a
//! payment-timeliness bonus, conditional coefficients and caps; settling a period into an
//! audited statement allocated back to order lines; estimating what one more order adds.
//!
//! `document.rs` is the agreement's serde shape, `agreement.rs` loads and validates it,
//! `request.rs` holds the records, `text_records.rs` builds them from text as the request is
//! read, `ledger.rs` checks and sums them, `chronology.rs` stacks
//! units in purchase order for chronologically valued quantity tiers, `figures.rs` turns the
//! sums into the entitlement (shared by settle and estimate), `settle.rs` and `estimate.rs`
//! are the two operations.

mod agreement;
mod chronology;
mod document;
mod estimate;
mod figures;
mod ledger;
mod request;
mod settle;
mod text_records;

pub use agreement::RebateAgreement;
pub use chronology::UnitSlice;
pub use document::*;
pub use estimate::{ComponentEstimate, Estimate, PeriodBaseline, PreparedPeriod};
pub use figures::{Figures, FIGURE_NAMES};
pub use ledger::IgnoredRecord;
pub use request::*;
pub use settle::*;

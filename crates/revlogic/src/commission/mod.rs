//! Commission (SPEC §4): effective-dated plans with a rate decision table, quota
//! accelerators, release triggers and kickers, and the statement that settles a period.
//!
//! `document.rs` is the plan's serde shape, `plan.rs` loads and validates it, `rules.rs` is
//! the rate decision table, `request.rs` the statement's inputs and `statement.rs` the
//! computation and its result.

mod awards;
mod clawback;
mod document;
mod plan;
mod request;
mod rules;
mod statement;

pub use awards::AwardLine;
pub use clawback::ClawbackLine;
pub use document::*;
pub use plan::CommissionPlan;
pub use request::*;
pub use statement::*;

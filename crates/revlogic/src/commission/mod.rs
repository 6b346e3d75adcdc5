//! Commission (SPEC §4): effective-dated plans with a rate decision table, quota
//! accelerators, release triggers and kickers, and the statement that settles a period.
//!
//! `document.rs` is the plan's serde shape, `plan.rs` loads and validates it, `rules.rs` is
//! the rate decision table, `request.rs` the statement's inputs and `statement.rs` the
//! computation and its result. Built on the statement: `what_if.rs` (two plans compared),
//! `efficiency.rs` (incentive cost per 10,000 of revenue) and `live.rs` (one rep's figures now).

mod awards;
mod clawback;
mod credit;
mod deal_entry;
mod deal_index;
mod document;
mod draw;
mod efficiency;
mod exchange;
mod fields;
mod intake;
mod line_explanation;
mod live;
mod plan;
mod proration;
mod release;
mod request;
mod rules;
mod statement;
mod what_if;

pub use awards::AwardLine;
pub use clawback::ClawbackLine;
pub use deal_entry::DealEntry;
pub use document::*;
pub use draw::{DrawLine, DrawTerms};
pub use efficiency::*;
pub use exchange::{Conversion, ExchangeRate, RateDate};
pub use fields::{DealFields, FieldValue};
pub use live::*;
pub use plan::CommissionPlan;
pub use proration::{Proration, QuotaProration};
pub use request::*;
pub use statement::*;
pub use what_if::*;

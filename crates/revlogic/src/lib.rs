//! # revlogic
//!
//! Sales-management logic for CRMs and ERPs, as a pure library: opportunity stage validation
//! today; scoring, lead assignment, commission and distributor rebates build on the same
//! foundations. No I/O, no clock, no unseeded randomness; money is `rust_decimal`.
//!
//! Configuration documents (pipelines, mappings, …) are loaded once, validated as a whole —
//! every problem reported with a stable code and a JSON path — and then applied to batches.
//! Every result explains itself, and every input record comes back, either with its result or
//! rejected with a reason. A large batch is shared among the machine's cores, with the same
//! result as on one ([`set_max_threads`] caps them).
//!
//! ```
//! use revlogic::stages::{CheckOptions, Pipeline};
//! use serde_json::json;
//!
//! let pipeline = Pipeline::default_pipeline().unwrap();
//! let batch = pipeline.check_values(
//!     &[json!({
//!         "opportunity": {"id": "OPP-1", "stage": "lead", "fields": {"first_contact_method": "visit"}},
//!         "to": "proposal"
//!     })],
//!     CheckOptions::default(),
//! );
//! let check = batch.results[0].ok().unwrap();
//! assert!(!check.allowed);
//! // pain_points, competitor_analysis, budget_range and decision_chain are still missing.
//! assert_eq!(check.violations.len(), 4);
//! ```

#![forbid(unsafe_code)]
// Every operation on a Decimal or a date is a checked one: their operators panic on overflow,
// and a panic in the core would take the host process down (clippy.toml allows whole numbers).
#![deny(clippy::arithmetic_side_effects)]
#![cfg_attr(test, allow(clippy::arithmetic_side_effects))]

pub mod assignment;
pub mod batch;
pub mod commission;
pub mod condition;
pub mod error;
pub mod explain;
mod fast_map;
pub mod money;
mod parallel;
pub mod rebate;
pub mod reconcile;
pub mod scoring;
pub mod stages;
pub mod tiers;
pub mod wire;

pub use error::{Error, ErrorCode, ErrorKind, ErrorPayload, Problem};
pub use money::{allocate, Currency, Money, RoundingMode};
pub use parallel::{max_threads, set_max_threads};

//! Batch results shared by every domain: one outcome per input record, in input order, so no
//! record is ever silently dropped.

use crate::error::Problem;
use schemars::JsonSchema;
use serde::Serialize;

/// The outcome for one input record: its result, or why it was rejected.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum RecordOutcome<T> {
    /// The record was processed; its result follows.
    Ok(T),
    /// The record could not be processed; the rest of the batch was.
    Rejected(Rejection),
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Rejection {
    /// Position of the record in the input batch.
    pub index: usize,
    /// The record's id when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub error: Problem,
}

impl<T> RecordOutcome<T> {
    pub fn ok(&self) -> Option<&T> {
        match self {
            RecordOutcome::Ok(t) => Some(t),
            RecordOutcome::Rejected(_) => None,
        }
    }

    pub fn rejection(&self) -> Option<&Rejection> {
        match self {
            RecordOutcome::Ok(_) => None,
            RecordOutcome::Rejected(r) => Some(r),
        }
    }
}

//! Scoring models (SPEC §2) in wire form.

use super::{as_array, member, to_value};
use crate::error::Error;
use crate::scoring::{ScoreBatch, ScoreModel, ScoreOptions};
use crate::wire::decode::array_member;
use serde_json::Value;

/// Loads and validates a score model document (any `model` kind).
pub fn load_score_model(document: &Value) -> Result<ScoreModel, Error> {
    ScoreModel::load(document)
}

/// Scores a batch of records (`records` must be an array); one outcome per record.
pub fn score(model: &ScoreModel, records: &Value, explain: bool) -> Result<ScoreBatch, Error> {
    let items = as_array(records, "records")?;
    Ok(model.score_values(items, ScoreOptions { explain }))
}

/// The vectors' operations of this domain. Inputs: `{model, records, explain?}`.
pub(super) fn call(operation: &str, input: &Value) -> Option<Result<Value, Error>> {
    Some(match operation {
        "scoring.score" => load_score_model(member(input, "model")).and_then(|model| {
            let explain = input
                .get("explain")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let records = array_member(input, "records")?;
            to_value(Ok(model.score_values(records, ScoreOptions { explain })))
        }),
        _ => return None,
    })
}

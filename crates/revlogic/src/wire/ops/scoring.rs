//! Scoring models (SPEC §2) in wire form.

use super::{as_array, guarded, member, to_value};
use crate::error::{Error, ErrorKind};
use crate::scoring::{
    KpiReport, PriorityList, ScoreBatch, ScoreModel, ScoreOptions, TrainingReport,
};
use crate::wire::decode::{array_member, decode};
use serde_json::Value;

/// Loads and validates a score model document (any `model` kind).
pub fn load_score_model(document: &Value) -> Result<ScoreModel, Error> {
    guarded(|| ScoreModel::load(document))
}

/// Scores a batch of records (`records` must be an array); one outcome per record.
pub fn score(
    model: &ScoreModel,
    records: &Value,
    options: ScoreOptions,
) -> Result<ScoreBatch, Error> {
    guarded(|| {
        let items = as_array(records, "records")?;
        Ok(model.score_values(items, options))
    })
}

/// Reads `score`'s options object (`{explain?, components?}`); absent or null is the default.
pub fn score_options(options: &Value) -> Result<ScoreOptions, Error> {
    guarded(|| match options {
        Value::Null => Ok(ScoreOptions::default()),
        _ => decode(options, "options", ErrorKind::Input),
    })
}

/// Trains a win-probability model from closed opportunities (`opportunities` must be an
/// array; `options` is `{id, version?, fields?, parameters?}`).
pub fn train_win_model(opportunities: &Value, options: &Value) -> Result<TrainingReport, Error> {
    guarded(|| {
        let items = as_array(opportunities, "opportunities")?;
        crate::scoring::train_win_model(items, options)
    })
}

/// The TOP-N opportunities to push: `{opportunities, model?, stageProbabilities?,
/// intentBoosts?, top?}`.
pub fn prioritise(request: &Value) -> Result<PriorityList, Error> {
    guarded(|| crate::scoring::prioritise(request))
}

/// KPI helpers: `{forecastAccuracy?, targetDeviation?, decisionAcceleration?, …}`.
pub fn kpi(request: &Value) -> Result<KpiReport, Error> {
    guarded(|| crate::scoring::kpi(request))
}

/// The vectors' operations of this domain. Inputs: `{model, records, explain?}` for
/// `scoring.score`, `{opportunities, options}` for `scoring.trainWinModel`, `{request}` for
/// `scoring.prioritise` and `scoring.kpi`.
pub(super) fn call(operation: &str, input: &Value) -> Option<Result<Value, Error>> {
    Some(match operation {
        "scoring.score" => load_score_model(member(input, "model")).and_then(|model| {
            let options = ScoreOptions {
                explain: input
                    .get("explain")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                components: input
                    .get("components")
                    .and_then(Value::as_bool)
                    .unwrap_or(true),
            };
            let records = array_member(input, "records")?;
            to_value(Ok(model.score_values(records, options)))
        }),
        "scoring.trainWinModel" => to_value(train_win_model(
            member(input, "opportunities"),
            member(input, "options"),
        )),
        "scoring.prioritise" => to_value(prioritise(member(input, "request"))),
        "scoring.kpi" => to_value(kpi(member(input, "request"))),
        _ => return None,
    })
}

//! Scoring models (SPEC §2): `new ScoreModel(document).score(records, {explain})`.

use crate::convert::{is_absent, js_error, to_value};
use crate::to_js::to_js;
use napi::{Env, Unknown};
use napi_derive::napi;
use revlogic::wire::ops;
use revlogic::ErrorKind;

/// A loaded, validated score model of any kind (`processHealth`, `dataCredit`, …).
#[napi]
pub struct ScoreModel {
    inner: revlogic::scoring::ScoreModel,
}

#[napi]
impl ScoreModel {
    #[napi(
        catch_unwind,
        constructor,
        ts_args_type = "document: ScoreModelDocument"
    )]
    pub fn new(env: Env, document: Unknown) -> napi::Result<Self> {
        let document = to_value(&document, "", ErrorKind::Config).map_err(|f| f.into_napi(&env))?;
        let inner = ops::load_score_model(&document).map_err(|e| js_error(&env, &e))?;
        Ok(ScoreModel { inner })
    }

    /// The model kind, e.g. `processHealth`.
    #[napi(catch_unwind, getter)]
    pub fn model(&self) -> &'static str {
        self.inner.model()
    }

    #[napi(catch_unwind, getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_string()
    }

    /// Scores a batch of records: one outcome per record, in input order.
    #[napi(
        catch_unwind,
        ts_args_type = "records: ScoreRecord[], options?: ScoreOptions",
        ts_return_type = "ScoreBatch"
    )]
    pub fn score<'env>(
        &self,
        env: &'env Env,
        records: Unknown,
        options: Unknown,
    ) -> napi::Result<Unknown<'env>> {
        let options = if is_absent(&options)? {
            serde_json::Value::Null
        } else {
            to_value(&options, "options", ErrorKind::Input).map_err(|f| f.into_napi(env))?
        };
        let options = ops::score_options(&options).map_err(|e| js_error(env, &e))?;
        let records =
            to_value(&records, "records", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
        let batch = ops::score(&self.inner, &records, options).map_err(|e| js_error(env, &e))?;
        to_js(env, &batch)
    }
}

/// Trains a win-probability model from closed opportunities.
#[napi(
    catch_unwind,
    ts_args_type = "opportunities: ClosedOpportunity[], options: TrainOptions",
    ts_return_type = "TrainingReport"
)]
pub fn train_win_model<'env>(
    env: &'env Env,
    opportunities: Unknown,
    options: Unknown,
) -> napi::Result<Unknown<'env>> {
    let opportunities = to_value(&opportunities, "opportunities", ErrorKind::Input)
        .map_err(|f| f.into_napi(env))?;
    let options = to_value(&options, "options", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
    let report = ops::train_win_model(&opportunities, &options).map_err(|e| js_error(env, &e))?;
    to_js(env, &report)
}

/// The TOP-N opportunities to push today.
#[napi(
    catch_unwind,
    ts_args_type = "request: PriorityRequest",
    ts_return_type = "PriorityList"
)]
pub fn prioritise<'env>(env: &'env Env, request: Unknown) -> napi::Result<Unknown<'env>> {
    let request = to_value(&request, "", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
    let list = ops::prioritise(&request).map_err(|e| js_error(env, &e))?;
    to_js(env, &list)
}

/// KPI helpers: forecast accuracy, target deviation, decision acceleration.
#[napi(
    catch_unwind,
    ts_args_type = "request: KpiRequest",
    ts_return_type = "KpiReport"
)]
pub fn kpi<'env>(env: &'env Env, request: Unknown) -> napi::Result<Unknown<'env>> {
    let request = to_value(&request, "", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
    let report = ops::kpi(&request).map_err(|e| js_error(env, &e))?;
    to_js(env, &report)
}

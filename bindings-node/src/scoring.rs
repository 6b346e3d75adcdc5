//! Scoring models (SPEC §2): `new ScoreModel(document).score(records, {explain})`.

use crate::convert::{js_error, to_value};
use crate::explain_option_or;
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
    #[napi(constructor, ts_args_type = "document: ScoreModelDocument")]
    pub fn new(env: Env, document: Unknown) -> napi::Result<Self> {
        let document = to_value(&document, "", ErrorKind::Config).map_err(|f| f.into_napi(&env))?;
        let inner = ops::load_score_model(&document).map_err(|e| js_error(&env, &e))?;
        Ok(ScoreModel { inner })
    }

    /// The model kind, e.g. `processHealth`.
    #[napi(getter)]
    pub fn model(&self) -> &'static str {
        self.inner.model()
    }

    #[napi(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_string()
    }

    /// Scores a batch of records: one outcome per record, in input order.
    #[napi(
        ts_args_type = "records: ScoreRecord[], options?: ScoreOptions",
        ts_return_type = "ScoreBatch"
    )]
    pub fn score<'env>(
        &self,
        env: &'env Env,
        records: Unknown,
        options: Unknown,
    ) -> napi::Result<Unknown<'env>> {
        let explain = explain_option_or(&options, false).map_err(|f| f.into_napi(env))?;
        let records =
            to_value(&records, "records", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
        let batch = ops::score(&self.inner, &records, explain).map_err(|e| js_error(env, &e))?;
        to_js(env, &batch)
    }
}

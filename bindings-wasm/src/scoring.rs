//! Scoring models (SPEC §2): `new ScoreModel(document).score(records, {explain})`.

use crate::convert::{js_error, to_js, to_value};
use crate::explain_option_or;
use revlogic::wire::ops;
use revlogic::ErrorKind;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The optional `options` argument of `score`.
    #[wasm_bindgen(typescript_type = "ScoreOptions")]
    pub type ScoreOptionsArg;
}

/// A loaded, validated score model of any kind (`processHealth`, `dataCredit`, …).
#[wasm_bindgen]
pub struct ScoreModel {
    inner: revlogic::scoring::ScoreModel,
}

#[wasm_bindgen]
impl ScoreModel {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ScoreModelDocument")] document: JsValue,
    ) -> Result<ScoreModel, JsValue> {
        let document = to_value(&document, "", ErrorKind::Config)?;
        let inner = ops::load_score_model(&document).map_err(|e| js_error(&e))?;
        Ok(ScoreModel { inner })
    }

    /// The model kind, e.g. `processHealth`.
    #[wasm_bindgen(getter)]
    pub fn model(&self) -> String {
        self.inner.model().to_string()
    }

    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_string()
    }

    /// Scores a batch of records: one outcome per record, in input order.
    #[wasm_bindgen(unchecked_return_type = "ScoreBatch")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ScoreRecord[]")] records: JsValue,
        options: Option<ScoreOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let explain = explain_option_or(options.map(JsValue::from), false)?;
        let records = to_value(&records, "records", ErrorKind::Input)?;
        to_js(&ops::score(&self.inner, &records, explain).map_err(|e| js_error(&e))?)
    }
}

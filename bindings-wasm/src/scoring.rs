//! Scoring models (SPEC §2): `new ScoreModel(document).score(records, {explain})`.

use crate::convert::{js_error, to_js, to_value};
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
        let options = match options.map(JsValue::from) {
            Some(o) if !o.is_undefined() && !o.is_null() => {
                to_value(&o, "options", ErrorKind::Input)?
            }
            _ => serde_json::Value::Null,
        };
        let options = ops::score_options(&options).map_err(|e| js_error(&e))?;
        let records = to_value(&records, "records", ErrorKind::Input)?;
        to_js(&ops::score(&self.inner, &records, options).map_err(|e| js_error(&e))?)
    }
}

/// Trains a win-probability model from closed opportunities.
#[wasm_bindgen(js_name = "trainWinModel", unchecked_return_type = "TrainingReport")]
pub fn train_win_model(
    #[wasm_bindgen(unchecked_param_type = "ClosedOpportunity[]")] opportunities: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TrainOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let opportunities = to_value(&opportunities, "opportunities", ErrorKind::Input)?;
    let options = to_value(&options, "options", ErrorKind::Input)?;
    to_js(&ops::train_win_model(&opportunities, &options).map_err(|e| js_error(&e))?)
}

/// The TOP-N opportunities to push today.
#[wasm_bindgen(unchecked_return_type = "PriorityList")]
pub fn prioritise(
    #[wasm_bindgen(unchecked_param_type = "PriorityRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let request = to_value(&request, "", ErrorKind::Input)?;
    to_js(&ops::prioritise(&request).map_err(|e| js_error(&e))?)
}

/// KPI helpers: forecast accuracy, target deviation, decision acceleration.
#[wasm_bindgen(unchecked_return_type = "KpiReport")]
pub fn kpi(
    #[wasm_bindgen(unchecked_param_type = "KpiRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let request = to_value(&request, "", ErrorKind::Input)?;
    to_js(&ops::kpi(&request).map_err(|e| js_error(&e))?)
}

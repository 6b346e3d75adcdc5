//! `CommissionPlan` (SPEC §4): load a plan once, compute statements from it.

use crate::convert::{js_error, to_js, to_value};
use revlogic::wire::ops;
use revlogic::ErrorKind;
use wasm_bindgen::prelude::*;

/// A loaded, validated commission plan.
#[wasm_bindgen]
pub struct CommissionPlan {
    inner: revlogic::commission::CommissionPlan,
}

#[wasm_bindgen]
impl CommissionPlan {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "CommissionPlanDocument")] document: JsValue,
    ) -> Result<CommissionPlan, JsValue> {
        let document = to_value(&document, "", ErrorKind::Config)?;
        let inner = ops::load_commission_plan(&document).map_err(|e| js_error(&e))?;
        Ok(CommissionPlan { inner })
    }

    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_string()
    }

    #[wasm_bindgen(unchecked_return_type = "CommissionStatement")]
    pub fn statement(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CommissionStatementRequest")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let request = to_value(&request, "", ErrorKind::Input)?;
        to_js(&ops::commission_statement(&self.inner, &request).map_err(|e| js_error(&e))?)
    }

    /// The request's statement under this plan and under `proposal`, compared rep by rep.
    #[wasm_bindgen(js_name = whatIf, unchecked_return_type = "CommissionWhatIf")]
    pub fn what_if(
        &self,
        proposal: &CommissionPlan,
        #[wasm_bindgen(unchecked_param_type = "CommissionStatementRequest")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let request = to_value(&request, "", ErrorKind::Input)?;
        to_js(
            &ops::commission_what_if(&self.inner, &proposal.inner, &request)
                .map_err(|e| js_error(&e))?,
        )
    }

    /// Incentive cost per 10,000 of revenue per rep, with the high-output / low-incentive flag.
    #[wasm_bindgen(unchecked_return_type = "EfficiencyReport")]
    pub fn efficiency(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CommissionStatementRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_param_type = "EfficiencyOptions | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let request = to_value(&request, "", ErrorKind::Input)?;
        let options = if options.is_undefined() || options.is_null() {
            serde_json::Value::Null
        } else {
            to_value(&options, "options", ErrorKind::Input)?
        };
        to_js(
            &ops::commission_efficiency(&self.inner, &request, &options)
                .map_err(|e| js_error(&e))?,
        )
    }

    /// One rep's figures now (payable now, week gap, excess pool); the request names one rep.
    #[wasm_bindgen(js_name = liveFigure, unchecked_return_type = "LiveFigure")]
    pub fn live_figure(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CommissionStatementRequest")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let request = to_value(&request, "", ErrorKind::Input)?;
        to_js(&ops::commission_live_figure(&self.inner, &request).map_err(|e| js_error(&e))?)
    }
}

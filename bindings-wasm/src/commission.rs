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
}

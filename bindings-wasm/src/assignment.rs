//! `Assigner` (SPEC §3): load an assignment policy once, assign batches of leads with it.

use crate::convert::{js_error, to_js, to_value};
use revlogic::wire::ops;
use revlogic::ErrorKind;
use wasm_bindgen::prelude::*;

/// A loaded, validated assignment policy.
#[wasm_bindgen]
pub struct Assigner {
    inner: revlogic::assignment::AssignmentPolicy,
}

#[wasm_bindgen]
impl Assigner {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "AssignmentPolicyDocument")] policy: JsValue,
    ) -> Result<Assigner, JsValue> {
        let policy = to_value(&policy, "", ErrorKind::Config)?;
        let inner = ops::load_assignment_policy(&policy).map_err(|e| js_error(&e))?;
        Ok(Assigner { inner })
    }

    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_string()
    }

    #[wasm_bindgen(unchecked_return_type = "AssignmentResult")]
    pub fn assign(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AssignRequest")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let request = to_value(&request, "", ErrorKind::Input)?;
        to_js(&ops::assign(&self.inner, &request).map_err(|e| js_error(&e))?)
    }

    #[wasm_bindgen(unchecked_return_type = "ClaimResult")]
    pub fn claim(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ClaimRequest")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let request = to_value(&request, "", ErrorKind::Input)?;
        to_js(&ops::claim(&self.inner, &request).map_err(|e| js_error(&e))?)
    }

    #[wasm_bindgen(js_name = fairnessReport, unchecked_return_type = "FairnessReport")]
    pub fn fairness_report(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FairnessRequest")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let request = to_value(&request, "", ErrorKind::Input)?;
        to_js(&ops::fairness_report(&self.inner, &request).map_err(|e| js_error(&e))?)
    }
}

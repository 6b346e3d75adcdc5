//! `RebateAgreement` (SPEC §5): load an agreement once, settle periods, prepare a period for
//! estimates on every keystroke.

use crate::convert::{js_error, to_js, to_value};
use revlogic::wire::ops;
use revlogic::ErrorKind;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// A loaded, validated rebate agreement.
#[wasm_bindgen]
pub struct RebateAgreement {
    inner: Arc<revlogic::rebate::RebateAgreement>,
}

#[wasm_bindgen]
impl RebateAgreement {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "RebateAgreementDocument")] document: JsValue,
    ) -> Result<RebateAgreement, JsValue> {
        let document = to_value(&document, "", ErrorKind::Config)?;
        let inner = ops::load_rebate_agreement(&document).map_err(|e| js_error(&e))?;
        Ok(RebateAgreement {
            inner: Arc::new(inner),
        })
    }

    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_string()
    }

    #[wasm_bindgen(getter)]
    pub fn distributor(&self) -> String {
        self.inner.distributor().to_string()
    }

    #[wasm_bindgen(unchecked_return_type = "RebateSettlement")]
    pub fn settle(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RebateSettleRequest")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let request = to_value(&request, "", ErrorKind::Input)?;
        to_js(&ops::rebate_settle(&self.inner, &request).map_err(|e| js_error(&e))?)
    }

    /// Checks and sums a period once (same request as `settle`) for many estimates.
    pub fn prepare(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RebateSettleRequest")] request: JsValue,
    ) -> Result<PreparedRebatePeriod, JsValue> {
        let request = to_value(&request, "", ErrorKind::Input)?;
        let inner = ops::rebate_prepare(&self.inner, &request).map_err(|e| js_error(&e))?;
        Ok(PreparedRebatePeriod { inner })
    }
}

/// A period checked and summed once; each estimate costs O(tiers), not O(orders).
#[wasm_bindgen]
pub struct PreparedRebatePeriod {
    inner: revlogic::rebate::PreparedPeriod,
}

#[wasm_bindgen]
impl PreparedRebatePeriod {
    /// What `order` would add: rebate with it − without it, by component.
    #[wasm_bindgen(unchecked_return_type = "RebateEstimate")]
    pub fn estimate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RebateEstimateOrder")] order: JsValue,
    ) -> Result<JsValue, JsValue> {
        let order = to_value(&order, "", ErrorKind::Input)?;
        via_json(&ops::rebate_estimate(&self.inner, &order).map_err(|e| js_error(&e))?)
    }

    /// The period so far: figures, entitlement by component, rejected record count.
    #[wasm_bindgen(unchecked_return_type = "RebatePeriodBaseline")]
    pub fn baseline(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.baseline())
    }
}

/// An estimate runs on every keystroke, and building its ~35 members one boundary crossing at
/// a time costs more than computing it: it crosses as JSON text for the engine's `JSON.parse`
/// instead. Same plain objects and decimal strings as `to_js` gives.
fn via_json<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| JsValue::from_str(&e.to_string()))?;
    js_sys::JSON::parse(&text)
}

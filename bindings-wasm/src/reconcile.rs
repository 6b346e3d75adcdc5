//! `reconcile` (SPEC §6): the five reconciliation checks over one batch of records.

use crate::convert::{js_error, to_js, to_value};
use revlogic::wire::ops;
use revlogic::ErrorKind;
use wasm_bindgen::prelude::*;

/// Payment deviation, overdue receivables, three-way match, deliverable new contract value
/// and margin guard.
#[wasm_bindgen(unchecked_return_type = "ReconcileReport")]
pub fn reconcile(
    #[wasm_bindgen(unchecked_param_type = "ReconcileRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let request = to_value(&request, "", ErrorKind::Input)?;
    to_js(&ops::reconcile(&request).map_err(|e| js_error(&e))?)
}

//! `reconcile` (SPEC §6): the five reconciliation checks over one batch of records.

use crate::convert::{js_error, to_value};
use crate::to_js::to_js;
use napi::{Env, Unknown};
use napi_derive::napi;
use revlogic::wire::ops;
use revlogic::ErrorKind;

/// Payment deviation, overdue receivables, three-way match, deliverable new contract value
/// and margin guard.
#[napi(
    catch_unwind,
    ts_args_type = "request: ReconcileRequest",
    ts_return_type = "ReconcileReport"
)]
pub fn reconcile<'env>(env: &'env Env, request: Unknown) -> napi::Result<Unknown<'env>> {
    let request = to_value(&request, "", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
    let report = ops::reconcile(&request).map_err(|e| js_error(env, &e))?;
    to_js(env, &report)
}

//! Reconciliation and alerts (SPEC §6) in wire form.

use super::{guarded, member, to_value};
use crate::error::{Error, ErrorKind};
use crate::reconcile::{ReconcileReport, ReconcileRequest};
use crate::wire::decode::decode;
use serde_json::Value;

/// The five checks of SPEC §6: `{asOf, currency?, policy?, contracts?, payments?, invoices?,
/// receivables?, quotes?, history?}`.
pub fn reconcile(request: &Value) -> Result<ReconcileReport, Error> {
    guarded(|| {
        let request: ReconcileRequest = decode(request, "", ErrorKind::Input)?;
        crate::reconcile::reconcile(&request)
    })
}

/// The vectors' operations of this domain. Input: `{request}`.
pub(super) fn call(operation: &str, input: &Value) -> Option<Result<Value, Error>> {
    Some(match operation {
        "reconcile.check" => to_value(reconcile(member(input, "request"))),
        _ => return None,
    })
}

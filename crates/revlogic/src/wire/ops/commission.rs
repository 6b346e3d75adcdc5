//! Commission (SPEC §4) in wire form.

use super::{member, to_value};
use crate::commission::{CommissionPlan, Statement, StatementRequest};
use crate::error::{Error, ErrorKind};
use crate::wire::decode::decode;
use serde_json::Value;

/// Loads and validates a commission plan document.
pub fn load_commission_plan(document: &Value) -> Result<CommissionPlan, Error> {
    CommissionPlan::load(document)
}

/// The statement for a period: `{period, asOf, reps, deals, payments?, priorPayouts?, week?,
/// explain?}`.
pub fn commission_statement(plan: &CommissionPlan, request: &Value) -> Result<Statement, Error> {
    let request: StatementRequest = decode(request, "", ErrorKind::Input)?;
    plan.statement(&request)
}

/// The vectors' operations of this domain. Input: `{plan, request}`.
pub(super) fn call(operation: &str, input: &Value) -> Option<Result<Value, Error>> {
    let plan = || load_commission_plan(member(input, "plan"));
    Some(match operation {
        "commission.statement" => {
            plan().and_then(|p| to_value(commission_statement(&p, member(input, "request"))))
        }
        _ => return None,
    })
}

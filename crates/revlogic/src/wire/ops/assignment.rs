//! Lead assignment (SPEC §3) in wire form.

use super::{guarded, member, to_value};
use crate::assignment::{AssignmentPolicy, AssignmentResult, ClaimResult, FairnessReport};
use crate::error::Error;
use serde_json::Value;

/// Loads and validates an assignment policy document.
pub fn load_assignment_policy(document: &Value) -> Result<AssignmentPolicy, Error> {
    guarded(|| AssignmentPolicy::load(document))
}

/// Assigns a batch: `{asOf, leads, reps, history?, explain?}`; every lead comes back once,
/// assigned, pooled or rejected.
pub fn assign(policy: &AssignmentPolicy, request: &Value) -> Result<AssignmentResult, Error> {
    guarded(|| policy.assign_value(request))
}

/// Decides a rep's claim on a pool lead: `{asOf, lead, rep, reason, history?}`.
pub fn claim(policy: &AssignmentPolicy, request: &Value) -> Result<ClaimResult, Error> {
    guarded(|| policy.claim_value(request))
}

/// The fairness report of a period's assignment records:
/// `{records, periodStart?, periodEnd?, groups?, explain?}`.
pub fn fairness_report(
    policy: &AssignmentPolicy,
    request: &Value,
) -> Result<FairnessReport, Error> {
    guarded(|| policy.fairness_value(request))
}

/// The vectors' operations of this domain. Input: `{policy, request}`.
pub(super) fn call(operation: &str, input: &Value) -> Option<Result<Value, Error>> {
    let policy = || load_assignment_policy(member(input, "policy"));
    Some(match operation {
        "assignment.assign" => {
            policy().and_then(|p| to_value(assign(&p, member(input, "request"))))
        }
        "assignment.claim" => policy().and_then(|p| to_value(claim(&p, member(input, "request")))),
        "assignment.fairness" => {
            policy().and_then(|p| to_value(fairness_report(&p, member(input, "request"))))
        }
        _ => return None,
    })
}

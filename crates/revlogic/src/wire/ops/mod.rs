//! Operations in wire form: requests as `serde_json::Value`, typed results, coded errors.
//! Each binding method is a thin call to one of these; [`call`] dispatches by operation name
//! for the conformance vectors. One file per domain; the helpers below are shared.

mod assignment;
mod commission;
mod money;
mod rebate;
mod reconcile;
mod scoring;
mod stages;

pub use assignment::{assign, claim, fairness_report, load_assignment_policy};
pub use commission::{
    commission_efficiency, commission_efficiency_decoded, commission_live_figure,
    commission_live_figure_decoded, commission_statement, commission_statement_decoded,
    commission_what_if, commission_what_if_decoded, load_commission_plan,
};
pub use money::{allocate, AllocateRequest, Allocation};
pub use rebate::{
    load_rebate_agreement, rebate_estimate, rebate_prepare, rebate_prepare_decoded, rebate_settle,
    rebate_settle_decoded,
};
pub use reconcile::reconcile;
pub use scoring::{kpi, load_score_model, prioritise, score, score_options, train_win_model};
pub use stages::{
    check_options, check_transitions, compare_stages, data_quality, dwell_times, load_pipeline,
    load_stage_mapping, map_stages,
};

use crate::error::{Error, ErrorCode, ErrorKind, Problem};
use serde::Serialize;
use serde_json::Value;

/// Sets the thread cap ([`crate::set_max_threads`]) from its wire value, a whole number from
/// 0 up; anything else is an input error at `threads`.
pub fn set_max_threads(threads: &Value) -> Result<(), Error> {
    guarded(|| {
        let threads: usize = crate::wire::decode::decode(threads, "threads", ErrorKind::Input)?;
        crate::set_max_threads(threads);
        Ok(())
    })
}

/// Runs an operation so that a panic inside it — a bug, never an expected outcome — comes back
/// as an `INTERNAL` error instead of unwinding into (or aborting) the host process. This is the
/// last line of defence: arithmetic is checked and loops are bounded so that it never fires.
/// On WebAssembly a panic aborts before it could be caught.
pub(crate) fn guarded<R>(op: impl FnOnce() -> Result<R, Error>) -> Result<R, Error> {
    // The operations take their documents by shared reference and keep no state between
    // calls, so nothing a panic interrupted is observed afterwards.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(op))
        .unwrap_or_else(|payload| Err(internal_error(payload.as_ref())))
}

/// The `INTERNAL` error for a caught panic, with the panic's own message when it has one.
pub fn internal_error(payload: &(dyn std::any::Any + Send)) -> Error {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into());
    Error::single(
        ErrorKind::Internal,
        Problem::new(
            ErrorCode::Internal,
            "",
            format!("revlogic failed internally ({detail}); please report this input"),
        ),
    )
}

pub(crate) fn as_array<'v>(value: &'v Value, name: &str) -> Result<&'v [Value], Error> {
    match value {
        Value::Array(items) => crate::wire::decode::within_list_limit(items, name),
        _ => Err(Error::single(
            ErrorKind::Input,
            Problem::new(
                ErrorCode::InvalidType,
                name,
                format!("`{name}` must be an array"),
            ),
        )),
    }
}

pub(crate) fn to_value<T: Serialize>(result: Result<T, Error>) -> Result<Value, Error> {
    result.and_then(|r| {
        serde_json::to_value(r).map_err(|e| {
            Error::single(
                ErrorKind::Input,
                Problem::new(ErrorCode::InvalidValue, "", e.to_string()),
            )
        })
    })
}

pub(crate) fn member<'v>(input: &'v Value, key: &str) -> &'v Value {
    input.get(key).unwrap_or(&Value::Null)
}

/// The operations the conformance vectors name, in canonical JSON form.
pub const OPERATIONS: &[&str] = &[
    "stages.checkTransitions",
    "stages.dataQuality",
    "stages.dwellTimes",
    "stages.mapStages",
    "stages.compareStages",
    "money.allocate",
    "commission.statement",
    "commission.whatIf",
    "commission.efficiency",
    "commission.liveFigure",
    "scoring.score",
    "scoring.trainWinModel",
    "scoring.prioritise",
    "scoring.kpi",
    "rebate.settle",
    "rebate.estimate",
    "reconcile.check",
    "assignment.assign",
    "assignment.claim",
    "assignment.fairness",
];

/// Runs an operation by name on a vector's `input` and returns the result as plain JSON; each
/// domain's `call` documents its inputs.
pub fn call(operation: &str, input: &Value) -> Result<Value, Error> {
    guarded(|| {
        let found = match operation.split_once('.').map(|(domain, _)| domain) {
            Some("stages") => stages::call(operation, input),
            Some("money") => money::call(operation, input),
            Some("commission") => commission::call(operation, input),
            Some("scoring") => scoring::call(operation, input),
            Some("rebate") => rebate::call(operation, input),
            Some("reconcile") => reconcile::call(operation, input),
            Some("assignment") => assignment::call(operation, input),
            _ => None,
        };
        found.unwrap_or_else(|| {
            Err(Error::single(
                ErrorKind::Input,
                Problem::new(
                    ErrorCode::UnknownOperation,
                    "operation",
                    format!("unknown operation `{operation}`"),
                ),
            ))
        })
    })
}

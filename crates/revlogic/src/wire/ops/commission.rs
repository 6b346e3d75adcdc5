//! Commission (SPEC §4) in wire form.

use super::{guarded, member, to_value};
use crate::commission::{
    CommissionPlan, EfficiencyOptions, EfficiencyReport, LiveFigure, Statement, StatementRequest,
    WhatIf,
};
use crate::error::{Error, ErrorKind};
use crate::wire::decode::decode;
use serde_json::Value;

/// Loads and validates a commission plan document.
pub fn load_commission_plan(document: &Value) -> Result<CommissionPlan, Error> {
    guarded(|| CommissionPlan::load(document))
}

/// The statement for a period: `{period, asOf, reps, deals, payments?, priorPayouts?, week?,
/// explain?}`.
pub fn commission_statement(plan: &CommissionPlan, request: &Value) -> Result<Statement, Error> {
    guarded(|| {
        let request: StatementRequest = decode(request, "", ErrorKind::Input)?;
        commission_statement_decoded(plan, &request)
    })
}

/// [`commission_statement`] on a request a binding has already decoded from its host values.
pub fn commission_statement_decoded(
    plan: &CommissionPlan,
    request: &StatementRequest,
) -> Result<Statement, Error> {
    guarded(|| plan.statement(request))
}

/// `baseline.whatIf(proposal, request)`: the request's statement under both plans, compared.
pub fn commission_what_if(
    baseline: &CommissionPlan,
    proposal: &CommissionPlan,
    request: &Value,
) -> Result<WhatIf, Error> {
    guarded(|| {
        let request: StatementRequest = decode(request, "", ErrorKind::Input)?;
        commission_what_if_decoded(baseline, proposal, &request)
    })
}

/// [`commission_what_if`] on a decoded request.
pub fn commission_what_if_decoded(
    baseline: &CommissionPlan,
    proposal: &CommissionPlan,
    request: &StatementRequest,
) -> Result<WhatIf, Error> {
    guarded(|| baseline.what_if(proposal, request))
}

/// Incentive cost per unit of revenue; `options` may be null (every default).
pub fn commission_efficiency(
    plan: &CommissionPlan,
    request: &Value,
    options: &Value,
) -> Result<EfficiencyReport, Error> {
    guarded(|| {
        let request: StatementRequest = decode(request, "", ErrorKind::Input)?;
        let options: EfficiencyOptions = if options.is_null() {
            EfficiencyOptions::default()
        } else {
            decode(options, "options", ErrorKind::Input)?
        };
        commission_efficiency_decoded(plan, &request, &options)
    })
}

/// [`commission_efficiency`] on a decoded request and options.
pub fn commission_efficiency_decoded(
    plan: &CommissionPlan,
    request: &StatementRequest,
    options: &EfficiencyOptions,
) -> Result<EfficiencyReport, Error> {
    guarded(|| plan.efficiency(request, options))
}

/// One rep's figures now: the request is a statement request naming exactly one rep.
pub fn commission_live_figure(plan: &CommissionPlan, request: &Value) -> Result<LiveFigure, Error> {
    guarded(|| {
        let request: StatementRequest = decode(request, "", ErrorKind::Input)?;
        commission_live_figure_decoded(plan, &request)
    })
}

/// [`commission_live_figure`] on a decoded request.
pub fn commission_live_figure_decoded(
    plan: &CommissionPlan,
    request: &StatementRequest,
) -> Result<LiveFigure, Error> {
    guarded(|| plan.live_figure(request))
}

/// The vectors' operations of this domain. Input: `{plan, request}` (`whatIf` adds
/// `proposal`, a second plan; `efficiency` adds `options`).
pub(super) fn call(operation: &str, input: &Value) -> Option<Result<Value, Error>> {
    let plan = || load_commission_plan(member(input, "plan"));
    Some(match operation {
        "commission.statement" => {
            plan().and_then(|p| to_value(commission_statement(&p, member(input, "request"))))
        }
        "commission.whatIf" => plan().and_then(|p| {
            let proposal = load_commission_plan(member(input, "proposal"))?;
            to_value(commission_what_if(&p, &proposal, member(input, "request")))
        }),
        "commission.efficiency" => plan().and_then(|p| {
            to_value(commission_efficiency(
                &p,
                member(input, "request"),
                member(input, "options"),
            ))
        }),
        "commission.liveFigure" => {
            plan().and_then(|p| to_value(commission_live_figure(&p, member(input, "request"))))
        }
        _ => return None,
    })
}

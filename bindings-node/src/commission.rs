//! `CommissionPlan` (SPEC §4): load a plan once, compute statements from it.

use crate::convert::{js_error, to_value, Failure};
use crate::to_js::to_js;
use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task, Unknown};
use napi_derive::napi;
use revlogic::commission::{EfficiencyReport, Statement, WhatIf};
use revlogic::wire::ops;
use revlogic::ErrorKind;
use serde_json::Value;
use std::sync::Arc;

/// A loaded, validated commission plan.
#[napi]
pub struct CommissionPlan {
    // Shared with background tasks of `statementAsync`.
    inner: Arc<revlogic::commission::CommissionPlan>,
}

#[napi]
impl CommissionPlan {
    #[napi(
        catch_unwind,
        constructor,
        ts_args_type = "document: CommissionPlanDocument"
    )]
    pub fn new(env: Env, document: Unknown) -> napi::Result<Self> {
        let document = to_value(&document, "", ErrorKind::Config).map_err(|f| f.into_napi(&env))?;
        let inner = ops::load_commission_plan(&document).map_err(|e| js_error(&env, &e))?;
        Ok(CommissionPlan {
            inner: Arc::new(inner),
        })
    }

    #[napi(catch_unwind, getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_string()
    }

    #[napi(
        catch_unwind,
        ts_args_type = "request: CommissionStatementRequest",
        ts_return_type = "CommissionStatement"
    )]
    pub fn statement<'env>(&self, env: &'env Env, request: Unknown) -> napi::Result<Unknown<'env>> {
        let request = to_value(&request, "", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
        let statement =
            ops::commission_statement(&self.inner, &request).map_err(|e| js_error(env, &e))?;
        to_js(env, &statement)
    }

    /// The request's statement under this plan and under `proposal`, compared rep by rep.
    #[napi(
        catch_unwind,
        ts_args_type = "proposal: CommissionPlan, request: CommissionStatementRequest",
        ts_return_type = "CommissionWhatIf"
    )]
    pub fn what_if<'env>(
        &self,
        env: &'env Env,
        proposal: &CommissionPlan,
        request: Unknown,
    ) -> napi::Result<Unknown<'env>> {
        let request = to_value(&request, "", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
        let comparison = ops::commission_what_if(&self.inner, &proposal.inner, &request)
            .map_err(|e| js_error(env, &e))?;
        to_js(env, &comparison)
    }

    /// Incentive cost per 10,000 of revenue per rep, with the high-output / low-incentive flag.
    #[napi(
        catch_unwind,
        ts_args_type = "request: CommissionStatementRequest, options?: EfficiencyOptions",
        ts_return_type = "EfficiencyReport"
    )]
    pub fn efficiency<'env>(
        &self,
        env: &'env Env,
        request: Unknown,
        options: Option<Unknown>,
    ) -> napi::Result<Unknown<'env>> {
        let request = to_value(&request, "", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
        let options = match options {
            Some(o) => to_value(&o, "options", ErrorKind::Input).map_err(|f| f.into_napi(env))?,
            None => Value::Null,
        };
        let report = ops::commission_efficiency(&self.inner, &request, &options)
            .map_err(|e| js_error(env, &e))?;
        to_js(env, &report)
    }

    /// One rep's figures now (payable now, week gap, excess pool); the request names one rep.
    #[napi(
        catch_unwind,
        ts_args_type = "request: CommissionStatementRequest",
        ts_return_type = "LiveFigure"
    )]
    pub fn live_figure<'env>(
        &self,
        env: &'env Env,
        request: Unknown,
    ) -> napi::Result<Unknown<'env>> {
        let request = to_value(&request, "", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
        let figure =
            ops::commission_live_figure(&self.inner, &request).map_err(|e| js_error(env, &e))?;
        to_js(env, &figure)
    }

    /// Like `statement`, computed on a libuv worker thread; the request is converted on the
    /// calling thread first, and every coded error rejects the promise.
    #[napi(
        catch_unwind,
        ts_args_type = "request: CommissionStatementRequest",
        ts_return_type = "Promise<CommissionStatement>"
    )]
    pub fn statement_async(
        &self,
        env: Env,
        request: Unknown,
    ) -> napi::Result<AsyncTask<CommissionTask>> {
        self.task(&env, Job::Statement, &request, None)
    }

    /// Like `whatIf`, computed on a libuv worker thread (two full statements).
    #[napi(
        catch_unwind,
        ts_args_type = "proposal: CommissionPlan, request: CommissionStatementRequest",
        ts_return_type = "Promise<CommissionWhatIf>"
    )]
    pub fn what_if_async(
        &self,
        env: Env,
        proposal: &CommissionPlan,
        request: Unknown,
    ) -> napi::Result<AsyncTask<CommissionTask>> {
        let job = Job::WhatIf(Arc::clone(&proposal.inner));
        self.task(&env, job, &request, None)
    }

    /// Like `efficiency`, computed on a libuv worker thread.
    #[napi(
        catch_unwind,
        ts_args_type = "request: CommissionStatementRequest, options?: EfficiencyOptions",
        ts_return_type = "Promise<EfficiencyReport>"
    )]
    pub fn efficiency_async(
        &self,
        env: Env,
        request: Unknown,
        options: Option<Unknown>,
    ) -> napi::Result<AsyncTask<CommissionTask>> {
        self.task(&env, Job::Efficiency, &request, options.as_ref())
    }

    /// Converts the arguments on the calling thread; a conversion that fails with a coded
    /// error rejects the promise like any other.
    fn task(
        &self,
        env: &Env,
        job: Job,
        request: &Unknown,
        options: Option<&Unknown>,
    ) -> napi::Result<AsyncTask<CommissionTask>> {
        let convert = |value: Option<&Unknown>, root: &str| match value {
            None => Ok(Ok(Value::Null)),
            Some(v) => match to_value(v, root, ErrorKind::Input) {
                Ok(v) => Ok(Ok(v)),
                Err(Failure::Core(err)) => Ok(Err(err)),
                Err(js) => Err(js.into_napi(env)),
            },
        };
        let request = convert(Some(request), "")?;
        let options = convert(options, "options")?;
        let input = request.and_then(|r| options.map(|o| (r, o)));
        Ok(AsyncTask::new(CommissionTask {
            plan: Arc::clone(&self.inner),
            job,
            input,
        }))
    }
}

/// Which long computation a `CommissionTask` runs.
pub enum Job {
    Statement,
    WhatIf(Arc<revlogic::commission::CommissionPlan>),
    Efficiency,
}

/// What a `CommissionTask` computed.
pub enum Computed {
    Statement(Statement),
    WhatIf(WhatIf),
    Efficiency(EfficiencyReport),
}

/// The background half of `statementAsync`, `whatIfAsync` and `efficiencyAsync`.
pub struct CommissionTask {
    plan: Arc<revlogic::commission::CommissionPlan>,
    job: Job,
    /// The request and the options (null when absent), converted.
    input: Result<(Value, Value), revlogic::Error>,
}

impl Task for CommissionTask {
    type Output = Result<Computed, revlogic::Error>;
    type JsValue = Unknown<'static>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let input = std::mem::replace(&mut self.input, Ok((Value::Null, Value::Null)));
        Ok(input.and_then(|(request, options)| match &self.job {
            Job::Statement => {
                ops::commission_statement(&self.plan, &request).map(Computed::Statement)
            }
            Job::WhatIf(proposal) => {
                ops::commission_what_if(&self.plan, proposal, &request).map(Computed::WhatIf)
            }
            Job::Efficiency => {
                ops::commission_efficiency(&self.plan, &request, &options).map(Computed::Efficiency)
            }
        }))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        match output {
            Ok(Computed::Statement(statement)) => to_js(&env, &statement),
            Ok(Computed::WhatIf(comparison)) => to_js(&env, &comparison),
            Ok(Computed::Efficiency(report)) => to_js(&env, &report),
            Err(err) => Err(js_error(&env, &err)),
        }
    }
}

//! `CommissionPlan` (SPEC §4): load a plan once, compute statements from it.

use crate::convert::{js_error, to_value, Failure};
use crate::to_js::to_js;
use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task, Unknown};
use napi_derive::napi;
use revlogic::commission::Statement;
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
    #[napi(constructor, ts_args_type = "document: CommissionPlanDocument")]
    pub fn new(env: Env, document: Unknown) -> napi::Result<Self> {
        let document = to_value(&document, "", ErrorKind::Config).map_err(|f| f.into_napi(&env))?;
        let inner = ops::load_commission_plan(&document).map_err(|e| js_error(&env, &e))?;
        Ok(CommissionPlan {
            inner: Arc::new(inner),
        })
    }

    #[napi(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_string()
    }

    #[napi(
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
        ts_args_type = "request: CommissionStatementRequest",
        ts_return_type = "Promise<CommissionStatement>"
    )]
    pub fn statement_async(
        &self,
        env: Env,
        request: Unknown,
    ) -> napi::Result<AsyncTask<StatementTask>> {
        let input = match to_value(&request, "", ErrorKind::Input) {
            Ok(v) => Ok(v),
            Err(Failure::Core(err)) => Err(err),
            Err(js) => return Err(js.into_napi(&env)),
        };
        Ok(AsyncTask::new(StatementTask {
            plan: Arc::clone(&self.inner),
            input,
        }))
    }
}

/// The background half of `statementAsync`.
pub struct StatementTask {
    plan: Arc<revlogic::commission::CommissionPlan>,
    input: Result<Value, revlogic::Error>,
}

impl Task for StatementTask {
    type Output = Result<Statement, revlogic::Error>;
    type JsValue = Unknown<'static>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let input = std::mem::replace(&mut self.input, Ok(Value::Null));
        Ok(input.and_then(|request| ops::commission_statement(&self.plan, &request)))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        match output {
            Ok(statement) => to_js(&env, &statement),
            Err(err) => Err(js_error(&env, &err)),
        }
    }
}

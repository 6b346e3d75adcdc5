//! `Assigner` (SPEC §3): load an assignment policy once, assign batches of leads with it.

use crate::convert::{js_error, to_value, Failure};
use crate::to_js::to_js;
use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task, Unknown};
use napi_derive::napi;
use revlogic::assignment::{AssignmentPolicy, AssignmentResult};
use revlogic::wire::ops;
use revlogic::ErrorKind;
use serde_json::Value;
use std::sync::Arc;

/// A loaded, validated assignment policy.
#[napi]
pub struct Assigner {
    // Shared with background tasks of `assignAsync`.
    inner: Arc<AssignmentPolicy>,
}

#[napi]
impl Assigner {
    #[napi(
        catch_unwind,
        constructor,
        ts_args_type = "policy: AssignmentPolicyDocument"
    )]
    pub fn new(env: Env, policy: Unknown) -> napi::Result<Self> {
        let policy = to_value(&policy, "", ErrorKind::Config).map_err(|f| f.into_napi(&env))?;
        let inner = ops::load_assignment_policy(&policy).map_err(|e| js_error(&env, &e))?;
        Ok(Assigner {
            inner: Arc::new(inner),
        })
    }

    #[napi(catch_unwind, getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_string()
    }

    #[napi(
        catch_unwind,
        ts_args_type = "request: AssignRequest",
        ts_return_type = "AssignmentResult"
    )]
    pub fn assign<'env>(&self, env: &'env Env, request: Unknown) -> napi::Result<Unknown<'env>> {
        let request = to_value(&request, "", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
        let result = ops::assign(&self.inner, &request).map_err(|e| js_error(env, &e))?;
        to_js(env, &result)
    }

    #[napi(
        catch_unwind,
        ts_args_type = "request: ClaimRequest",
        ts_return_type = "ClaimResult"
    )]
    pub fn claim<'env>(&self, env: &'env Env, request: Unknown) -> napi::Result<Unknown<'env>> {
        let request = to_value(&request, "", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
        let result = ops::claim(&self.inner, &request).map_err(|e| js_error(env, &e))?;
        to_js(env, &result)
    }

    #[napi(
        catch_unwind,
        ts_args_type = "request: FairnessRequest",
        ts_return_type = "FairnessReport"
    )]
    pub fn fairness_report<'env>(
        &self,
        env: &'env Env,
        request: Unknown,
    ) -> napi::Result<Unknown<'env>> {
        let request = to_value(&request, "", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
        let result = ops::fairness_report(&self.inner, &request).map_err(|e| js_error(env, &e))?;
        to_js(env, &result)
    }

    /// Like `assign`, computed on a libuv worker thread; the request is converted on the
    /// calling thread first, and every coded error rejects the promise.
    #[napi(
        catch_unwind,
        ts_args_type = "request: AssignRequest",
        ts_return_type = "Promise<AssignmentResult>"
    )]
    pub fn assign_async(&self, env: Env, request: Unknown) -> napi::Result<AsyncTask<AssignTask>> {
        let input = match to_value(&request, "", ErrorKind::Input) {
            Ok(v) => Ok(v),
            Err(Failure::Core(err)) => Err(err),
            Err(js) => return Err(js.into_napi(&env)),
        };
        Ok(AsyncTask::new(AssignTask {
            policy: Arc::clone(&self.inner),
            input,
        }))
    }
}

/// The background half of `assignAsync`.
pub struct AssignTask {
    policy: Arc<AssignmentPolicy>,
    input: Result<Value, revlogic::Error>,
}

impl Task for AssignTask {
    type Output = Result<AssignmentResult, revlogic::Error>;
    type JsValue = Unknown<'static>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let input = std::mem::replace(&mut self.input, Ok(Value::Null));
        Ok(input.and_then(|request| ops::assign(&self.policy, &request)))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        match output {
            Ok(result) => to_js(&env, &result),
            Err(err) => Err(js_error(&env, &err)),
        }
    }
}

//! `RebateAgreement` (SPEC §5): load an agreement once, settle periods, prepare a period for
//! estimates as the rep types.

use crate::convert::{js_error, to_value, Failure};
use crate::to_js::to_js;
use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task, Unknown};
use napi_derive::napi;
use revlogic::rebate::Settlement;
use revlogic::wire::ops;
use revlogic::ErrorKind;
use serde_json::Value;
use std::sync::Arc;

/// A loaded, validated rebate agreement.
#[napi]
pub struct RebateAgreement {
    // Shared with background tasks of `settleAsync` and with prepared periods.
    inner: Arc<revlogic::rebate::RebateAgreement>,
}

#[napi]
impl RebateAgreement {
    #[napi(
        catch_unwind,
        constructor,
        ts_args_type = "document: RebateAgreementDocument"
    )]
    pub fn new(env: Env, document: Unknown) -> napi::Result<Self> {
        let document = to_value(&document, "", ErrorKind::Config).map_err(|f| f.into_napi(&env))?;
        let inner = ops::load_rebate_agreement(&document).map_err(|e| js_error(&env, &e))?;
        Ok(RebateAgreement {
            inner: Arc::new(inner),
        })
    }

    #[napi(catch_unwind, getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_string()
    }

    #[napi(catch_unwind, getter)]
    pub fn distributor(&self) -> String {
        self.inner.distributor().to_string()
    }

    #[napi(
        catch_unwind,
        ts_args_type = "request: RebateSettleRequest",
        ts_return_type = "RebateSettlement"
    )]
    pub fn settle<'env>(&self, env: &'env Env, request: Unknown) -> napi::Result<Unknown<'env>> {
        let request = to_value(&request, "", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
        let settlement =
            ops::rebate_settle(&self.inner, &request).map_err(|e| js_error(env, &e))?;
        to_js(env, &settlement)
    }

    /// Like `settle`, computed on a libuv worker thread; the request is converted on the
    /// calling thread first, and every coded error rejects the promise.
    #[napi(
        catch_unwind,
        ts_args_type = "request: RebateSettleRequest",
        ts_return_type = "Promise<RebateSettlement>"
    )]
    pub fn settle_async(&self, env: Env, request: Unknown) -> napi::Result<AsyncTask<SettleTask>> {
        let input = match to_value(&request, "", ErrorKind::Input) {
            Ok(v) => Ok(v),
            Err(Failure::Core(err)) => Err(err),
            Err(js) => return Err(js.into_napi(&env)),
        };
        Ok(AsyncTask::new(SettleTask {
            agreement: Arc::clone(&self.inner),
            input,
        }))
    }

    /// Checks and sums a period once (same request as `settle`) for many estimates.
    #[napi(catch_unwind, ts_args_type = "request: RebateSettleRequest")]
    pub fn prepare(&self, env: Env, request: Unknown) -> napi::Result<PreparedRebatePeriod> {
        let request = to_value(&request, "", ErrorKind::Input).map_err(|f| f.into_napi(&env))?;
        let inner = ops::rebate_prepare(&self.inner, &request).map_err(|e| js_error(&env, &e))?;
        Ok(PreparedRebatePeriod { inner })
    }
}

/// A period checked and summed once; each estimate costs O(tiers), not O(orders).
#[napi]
pub struct PreparedRebatePeriod {
    inner: revlogic::rebate::PreparedPeriod,
}

#[napi]
impl PreparedRebatePeriod {
    /// What `order` would add: rebate with it − without it, by component.
    #[napi(
        catch_unwind,
        ts_args_type = "order: RebateEstimateOrder",
        ts_return_type = "RebateEstimate"
    )]
    pub fn estimate<'env>(&self, env: &'env Env, order: Unknown) -> napi::Result<Unknown<'env>> {
        let order = to_value(&order, "", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
        let estimate = ops::rebate_estimate(&self.inner, &order).map_err(|e| js_error(env, &e))?;
        to_js(env, &estimate)
    }

    /// The period so far: figures, entitlement by component, rejected record count.
    #[napi(catch_unwind, ts_return_type = "RebatePeriodBaseline")]
    pub fn baseline<'env>(&self, env: &'env Env) -> napi::Result<Unknown<'env>> {
        to_js(env, &self.inner.baseline())
    }
}

/// The background half of `settleAsync`.
pub struct SettleTask {
    agreement: Arc<revlogic::rebate::RebateAgreement>,
    input: Result<Value, revlogic::Error>,
}

impl Task for SettleTask {
    type Output = Result<Settlement, revlogic::Error>;
    type JsValue = Unknown<'static>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let input = std::mem::replace(&mut self.input, Ok(Value::Null));
        Ok(input.and_then(|request| ops::rebate_settle(&self.agreement, &request)))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        match output {
            Ok(settlement) => to_js(&env, &settlement),
            Err(err) => Err(js_error(&env, &err)),
        }
    }
}

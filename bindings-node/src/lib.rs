//! Node binding of revlogic. Each exported function converts its JS arguments into a
//! `serde_json::Value`, calls one function of `revlogic::wire::ops`, and converts the typed
//! result or the coded error back. No business logic lives here.
//!
//! The TypeScript signatures name types from `types.d.ts`, generated from the core's JSON
//! Schemas at build time (see `scripts/gen-types.mjs`).

mod assignment;
mod commission;
mod convert;
mod rebate;
mod reconcile;
mod scoring;
mod to_js;

use convert::{is_absent, js_error, to_value, Failure};
use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task, Unknown};
use napi_derive::napi;
use revlogic::stages::CheckBatch;
use revlogic::wire::{ops, schema as wire_schema};
use revlogic::{ErrorCode, ErrorKind, Problem};
use serde_json::Value;
use std::sync::Arc;
use to_js::to_js;

type Core<T> = Result<T, revlogic::Error>;

/// A loaded, validated pipeline, applied to many batches.
#[napi]
pub struct Pipeline {
    // Shared with background tasks of `checkTransitionsAsync`.
    inner: Arc<revlogic::stages::Pipeline>,
}

#[napi]
impl Pipeline {
    #[napi(
        catch_unwind,
        constructor,
        ts_args_type = "document: PipelineDocument | 'default'"
    )]
    pub fn new(env: Env, document: Unknown) -> napi::Result<Self> {
        let document = to_value(&document, "", ErrorKind::Config).map_err(|f| f.into_napi(&env))?;
        let inner = ops::load_pipeline(&document).map_err(|e| js_error(&env, &e))?;
        Ok(Pipeline {
            inner: Arc::new(inner),
        })
    }

    /// The built-in default pipeline.
    #[napi(catch_unwind, factory, js_name = "default")]
    pub fn default_pipeline(env: Env) -> napi::Result<Self> {
        Self::new_from(&env, &Value::String("default".into()))
    }

    #[napi(catch_unwind, getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_string()
    }

    #[napi(
        catch_unwind,
        ts_args_type = "requests: TransitionRequest[], options?: CheckOptions",
        ts_return_type = "CheckBatch"
    )]
    pub fn check_transitions<'env>(
        &self,
        env: &'env Env,
        requests: Unknown,
        options: Unknown,
    ) -> napi::Result<Unknown<'env>> {
        let explain = explain_option(&options).map_err(|f| f.into_napi(env))?;
        let requests =
            to_value(&requests, "requests", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
        let batch = ops::check_transitions(&self.inner, &requests, explain)
            .map_err(|e| js_error(env, &e))?;
        to_js(env, &batch)
    }

    /// Like `checkTransitions`, computed on a libuv worker thread; the arguments are converted
    /// on the calling thread first, and every coded error rejects the promise.
    #[napi(
        catch_unwind,
        ts_args_type = "requests: TransitionRequest[], options?: CheckOptions",
        ts_return_type = "Promise<CheckBatch>"
    )]
    pub fn check_transitions_async(
        &self,
        env: Env,
        requests: Unknown,
        options: Unknown,
    ) -> napi::Result<AsyncTask<CheckTask>> {
        let input = explain_option(&options).and_then(|explain| {
            to_value(&requests, "requests", ErrorKind::Input).map(|requests| (requests, explain))
        });
        let input = match input {
            Ok(ok) => Ok(ok),
            Err(Failure::Core(err)) => Err(err),
            Err(js) => return Err(js.into_napi(&env)),
        };
        Ok(AsyncTask::new(CheckTask {
            pipeline: Arc::clone(&self.inner),
            input,
        }))
    }

    #[napi(
        catch_unwind,
        ts_args_type = "request: BreakerRequest",
        ts_return_type = "BreakerReport"
    )]
    pub fn data_quality<'env>(
        &self,
        env: &'env Env,
        request: Unknown,
    ) -> napi::Result<Unknown<'env>> {
        let request = to_value(&request, "", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
        let report = ops::data_quality(&self.inner, &request).map_err(|e| js_error(env, &e))?;
        to_js(env, &report)
    }

    #[napi(
        catch_unwind,
        ts_args_type = "request: DwellRequest",
        ts_return_type = "DwellReport"
    )]
    pub fn dwell_times<'env>(
        &self,
        env: &'env Env,
        request: Unknown,
    ) -> napi::Result<Unknown<'env>> {
        let request = to_value(&request, "", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
        let report = ops::dwell_times(&self.inner, &request).map_err(|e| js_error(env, &e))?;
        to_js(env, &report)
    }
}

impl Pipeline {
    fn new_from(env: &Env, document: &Value) -> napi::Result<Self> {
        let inner = ops::load_pipeline(document).map_err(|e| js_error(env, &e))?;
        Ok(Pipeline {
            inner: Arc::new(inner),
        })
    }
}

/// The options of `checkTransitions`, read by the core (absent means the defaults).
fn explain_option(options: &Unknown) -> Result<bool, Failure> {
    let options = if is_absent(options).map_err(Failure::Js)? {
        Value::Null
    } else {
        to_value(options, "options", ErrorKind::Input)?
    };
    ops::check_options(&options)
        .map(|o| o.explain)
        .map_err(Failure::Core)
}

/// The background half of `checkTransitionsAsync`.
pub struct CheckTask {
    pipeline: Arc<revlogic::stages::Pipeline>,
    input: Core<(Value, bool)>,
}

impl Task for CheckTask {
    type Output = Core<CheckBatch>;
    type JsValue = Unknown<'static>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        // A conversion error is carried here so that it rejects the promise like any other.
        let input = std::mem::replace(&mut self.input, Ok((Value::Null, false)));
        Ok(input.and_then(|(requests, explain)| {
            ops::check_transitions(&self.pipeline, &requests, explain)
        }))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        match output {
            Ok(batch) => to_js(&env, &batch),
            Err(err) => Err(js_error(&env, &err)),
        }
    }
}

/// A loaded stage mapping between two systems.
#[napi]
pub struct StageMapping {
    inner: revlogic::stages::StageMapping,
}

#[napi]
impl StageMapping {
    #[napi(
        catch_unwind,
        constructor,
        ts_args_type = "document: StageMappingDocument"
    )]
    pub fn new(env: Env, document: Unknown) -> napi::Result<Self> {
        let document = to_value(&document, "", ErrorKind::Config).map_err(|f| f.into_napi(&env))?;
        let inner = ops::load_stage_mapping(&document).map_err(|e| js_error(&env, &e))?;
        Ok(StageMapping { inner })
    }

    #[napi(
        catch_unwind,
        ts_args_type = "records: StageRecord[]",
        ts_return_type = "MappedBatch"
    )]
    pub fn map<'env>(&self, env: &'env Env, records: Unknown) -> napi::Result<Unknown<'env>> {
        let records =
            to_value(&records, "records", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
        let batch = ops::map_stages(&self.inner, &records).map_err(|e| js_error(env, &e))?;
        to_js(env, &batch)
    }

    #[napi(
        catch_unwind,
        ts_args_type = "request: CompareRequest",
        ts_return_type = "ComparisonReport"
    )]
    pub fn compare<'env>(&self, env: &'env Env, request: Unknown) -> napi::Result<Unknown<'env>> {
        let request = to_value(&request, "", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
        let report = ops::compare_stages(&self.inner, &request).map_err(|e| js_error(env, &e))?;
        to_js(env, &report)
    }
}

/// Splits `total` by `weights` so that the parts sum exactly to the total.
#[napi(
    catch_unwind,
    ts_args_type = "total: AllocateRequest['total'], weights: AllocateRequest['weights']",
    ts_return_type = "Allocation"
)]
pub fn allocate<'env>(
    env: &'env Env,
    total: Unknown,
    weights: Unknown,
) -> napi::Result<Unknown<'env>> {
    let mut request = serde_json::Map::new();
    // Absent arguments stay absent, so the core reports them as missing members.
    for (name, arg) in [("total", &total), ("weights", &weights)] {
        if arg.get_type()? != napi::ValueType::Undefined {
            let value = to_value(arg, name, ErrorKind::Input).map_err(|f| f.into_napi(env))?;
            request.insert(name.to_string(), value);
        }
    }
    let allocation = ops::allocate(&Value::Object(request)).map_err(|e| js_error(env, &e))?;
    to_js(env, &allocation)
}

/// Caps the threads one call may use for a large batch (16,384 records or more): 1 keeps
/// every call on the calling thread, 0 restores the default, the machine's cores up to 8.
/// Results never depend on it.
#[napi(catch_unwind, ts_args_type = "threads: number")]
pub fn set_max_threads(env: &Env, threads: Unknown) -> napi::Result<()> {
    let value = to_value(&threads, "threads", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
    ops::set_max_threads(&value).map_err(|e| js_error(env, &e))
}

/// How many threads one call may use for a large batch.
#[napi(catch_unwind)]
pub fn max_threads() -> u32 {
    u32::try_from(revlogic::max_threads()).unwrap_or(u32::MAX)
}

/// The JSON Schema (draft 2020-12) of a document, request or result type.
#[napi(
    catch_unwind,
    ts_args_type = "name: SchemaName",
    ts_return_type = "Record<string, unknown>"
)]
pub fn schema<'env>(env: &'env Env, name: Unknown) -> napi::Result<Unknown<'env>> {
    let name = to_value(&name, "name", ErrorKind::Input).map_err(|f| f.into_napi(env))?;
    let found = match name.as_str() {
        Some(name) => wire_schema::schema(name),
        None => Err(revlogic::Error::single(
            ErrorKind::Input,
            Problem::new(ErrorCode::InvalidType, "name", "`name` must be a string"),
        )),
    };
    let schema = found.map_err(|e| js_error(env, &e))?;
    to_js(env, &schema)
}

/// Names accepted by `schema`; the JS wrapper exposes them as `SCHEMA_NAMES`.
#[napi(catch_unwind, ts_return_type = "SchemaName[]")]
pub fn schema_names() -> Vec<&'static str> {
    wire_schema::SCHEMA_NAMES.to_vec()
}

/// Every stable error code; the JS wrapper exposes them as `ERROR_CODES`.
#[napi(catch_unwind, ts_return_type = "ErrorCode[]")]
pub fn error_codes() -> Vec<&'static str> {
    ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
}

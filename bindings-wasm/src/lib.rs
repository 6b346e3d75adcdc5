//! WebAssembly binding of revlogic (wasm-bindgen). Each exported function converts its JS
//! arguments into a `serde_json::Value`, calls one function of `revlogic::wire::ops`, and
//! converts the typed result or the coded error back. No business logic lives here. The API
//! is the Node binding's, name for name.

mod alloc;
mod assignment;
mod commission;
mod convert;
mod rebate;
mod reconcile;
mod scoring;

use convert::{js_error, to_js, to_value};
use revlogic::wire::{ops, schema as wire_schema};
use revlogic::{ErrorCode, ErrorKind, Problem};
use serde_json::Value;
use wasm_bindgen::prelude::*;

// The argument and result types come from types.d.ts, generated once from the core's JSON
// Schemas by the Node package's build and copied next to this glue.
#[wasm_bindgen(typescript_custom_section)]
const TS_IMPORTS: &str = r#"
import type {
  AllocateRequest, Allocation, BreakerReport, BreakerRequest, CheckBatch, CommissionPlanDocument,
  CommissionStatement, CommissionStatementRequest, CommissionWhatIf, EfficiencyOptions,
  EfficiencyReport, LiveFigure, CompareRequest,
  ComparisonReport, DwellReport, DwellRequest, ErrorCode, MappedBatch, PipelineDocument,
  SchemaName, StageMappingDocument, StageRecord, TransitionRequest,
  ScoreModelDocument, ScoreBatch, ScoreRecord, ClosedOpportunity, TrainOptions, TrainingReport,
  PriorityRequest, PriorityList, KpiRequest, KpiReport,
  RebateAgreementDocument, RebateSettleRequest, RebateSettlement, RebateEstimateOrder,
  RebateEstimate, RebatePeriodBaseline, ReconcileRequest, ReconcileReport,
  AssignmentPolicyDocument, AssignRequest, AssignmentResult, ClaimRequest, ClaimResult, FairnessRequest, FairnessReport,
} from './types.js'

/** Options of `Pipeline.checkTransitions`. */
export interface CheckOptions {
  /** Attach each rule evaluated and its outcome to every result (the core's default: true). */
  explain?: boolean
}

/** Options of `ScoreModel.score`. */
export interface ScoreOptions {
  /** Attach the steps of each score (default: false). */
  explain?: boolean
  /** Return each score's components (default: true). */
  components?: boolean
}
"#;

#[wasm_bindgen]
extern "C" {
    /// The optional `options` argument: typed for TypeScript, checked on conversion.
    #[wasm_bindgen(typescript_type = "CheckOptions")]
    pub type CheckOptionsArg;
}

/// A loaded, validated pipeline, applied to many batches.
#[wasm_bindgen]
pub struct Pipeline {
    inner: revlogic::stages::Pipeline,
}

#[wasm_bindgen]
impl Pipeline {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "PipelineDocument | 'default'")] document: JsValue,
    ) -> Result<Pipeline, JsValue> {
        let document = to_value(&document, "", ErrorKind::Config)?;
        Self::load(&document)
    }

    /// The built-in default pipeline.
    #[wasm_bindgen(js_name = "default")]
    pub fn default_pipeline() -> Result<Pipeline, JsValue> {
        Self::load(&Value::String("default".into()))
    }

    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_string()
    }

    #[wasm_bindgen(js_name = "checkTransitions", unchecked_return_type = "CheckBatch")]
    pub fn check_transitions(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TransitionRequest[]")] requests: JsValue,
        options: Option<CheckOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let explain = explain_option(options.map(JsValue::from))?;
        let requests = to_value(&requests, "requests", ErrorKind::Input)?;
        let batch =
            ops::check_transitions(&self.inner, &requests, explain).map_err(|e| js_error(&e))?;
        to_js(&batch)
    }

    #[wasm_bindgen(js_name = "dataQuality", unchecked_return_type = "BreakerReport")]
    pub fn data_quality(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BreakerRequest")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let request = to_value(&request, "", ErrorKind::Input)?;
        to_js(&ops::data_quality(&self.inner, &request).map_err(|e| js_error(&e))?)
    }

    #[wasm_bindgen(js_name = "dwellTimes", unchecked_return_type = "DwellReport")]
    pub fn dwell_times(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DwellRequest")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let request = to_value(&request, "", ErrorKind::Input)?;
        to_js(&ops::dwell_times(&self.inner, &request).map_err(|e| js_error(&e))?)
    }
}

impl Pipeline {
    fn load(document: &Value) -> Result<Pipeline, JsValue> {
        let inner = ops::load_pipeline(document).map_err(|e| js_error(&e))?;
        Ok(Pipeline { inner })
    }
}

/// The options of `checkTransitions`, read by the core (absent means the defaults).
fn explain_option(options: Option<JsValue>) -> Result<bool, JsValue> {
    let options = match options {
        Some(options) => to_value(&options, "options", ErrorKind::Input)?,
        None => Value::Null,
    };
    ops::check_options(&options)
        .map(|o| o.explain)
        .map_err(|e| js_error(&e))
}

/// A loaded stage mapping between two systems.
#[wasm_bindgen]
pub struct StageMapping {
    inner: revlogic::stages::StageMapping,
}

#[wasm_bindgen]
impl StageMapping {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "StageMappingDocument")] document: JsValue,
    ) -> Result<StageMapping, JsValue> {
        let document = to_value(&document, "", ErrorKind::Config)?;
        let inner = ops::load_stage_mapping(&document).map_err(|e| js_error(&e))?;
        Ok(StageMapping { inner })
    }

    #[wasm_bindgen(unchecked_return_type = "MappedBatch")]
    pub fn map(
        &self,
        #[wasm_bindgen(unchecked_param_type = "StageRecord[]")] records: JsValue,
    ) -> Result<JsValue, JsValue> {
        let records = to_value(&records, "records", ErrorKind::Input)?;
        to_js(&ops::map_stages(&self.inner, &records).map_err(|e| js_error(&e))?)
    }

    #[wasm_bindgen(unchecked_return_type = "ComparisonReport")]
    pub fn compare(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CompareRequest")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let request = to_value(&request, "", ErrorKind::Input)?;
        to_js(&ops::compare_stages(&self.inner, &request).map_err(|e| js_error(&e))?)
    }
}

/// Splits `total` by `weights` so that the parts sum exactly to the total.
#[wasm_bindgen(unchecked_return_type = "Allocation")]
pub fn allocate(
    #[wasm_bindgen(unchecked_param_type = "AllocateRequest['total']")] total: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AllocateRequest['weights']")] weights: JsValue,
) -> Result<JsValue, JsValue> {
    let mut request = serde_json::Map::new();
    // Absent arguments stay absent, so the core reports them as missing members.
    for (name, arg) in [("total", &total), ("weights", &weights)] {
        if !arg.is_undefined() {
            request.insert(name.to_string(), to_value(arg, name, ErrorKind::Input)?);
        }
    }
    to_js(&ops::allocate(&Value::Object(request)).map_err(|e| js_error(&e))?)
}

/// The JSON Schema (draft 2020-12) of a document, request or result type.
#[wasm_bindgen(unchecked_return_type = "Record<string, unknown>")]
pub fn schema(
    #[wasm_bindgen(unchecked_param_type = "SchemaName")] name: JsValue,
) -> Result<JsValue, JsValue> {
    let found = match name.as_string() {
        Some(name) => wire_schema::schema(&name),
        None => Err(revlogic::Error::single(
            ErrorKind::Input,
            Problem::new(ErrorCode::InvalidType, "name", "`name` must be a string"),
        )),
    };
    to_js(&found.map_err(|e| js_error(&e))?)
}

/// Names accepted by `schema`; the JS wrapper exposes them as `SCHEMA_NAMES`.
#[wasm_bindgen(js_name = "schemaNames", unchecked_return_type = "SchemaName[]")]
pub fn schema_names() -> Vec<String> {
    wire_schema::SCHEMA_NAMES
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// Every stable error code; the JS wrapper exposes them as `ERROR_CODES`.
#[wasm_bindgen(js_name = "errorCodes", unchecked_return_type = "ErrorCode[]")]
pub fn error_codes() -> Vec<String> {
    ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect()
}

//! Operations in wire form: requests as `serde_json::Value`, typed results, coded errors.
//! Each binding method is a thin call to one of these; [`call`] dispatches by operation name
//! for the conformance vectors.

use crate::error::{Error, ErrorCode, ErrorKind, Problem};
use crate::money::{allocate as allocate_money, Money};
use crate::stages::{
    BreakerReport, BreakerRequest, CheckBatch, CheckOptions, CompareRequest, ComparisonReport,
    DwellReport, DwellRequest, MappedBatch, Pipeline, StageMapping,
};
use crate::wire::decode::{array_member, decode};
use crate::wire::DecimalString;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Loads a pipeline document; the string `"default"` stands for the built-in default pipeline.
pub fn load_pipeline(document: &Value) -> Result<Pipeline, Error> {
    match document {
        Value::String(s) if s == "default" => Pipeline::default_pipeline(),
        _ => Pipeline::load(document),
    }
}

/// Checks a batch of transition requests (`requests` must be an array).
pub fn check_transitions(
    pipeline: &Pipeline,
    requests: &Value,
    explain: bool,
) -> Result<CheckBatch, Error> {
    let items = as_array(requests, "requests")?;
    Ok(pipeline.check_values(items, CheckOptions { explain }))
}

/// Evaluates the data-quality breaker: `{submissions: [...], clearances?: [...]}`.
pub fn data_quality(pipeline: &Pipeline, request: &Value) -> Result<BreakerReport, Error> {
    let request: BreakerRequest = decode(request, "", ErrorKind::Input)?;
    Ok(pipeline.data_quality(&request))
}

/// Computes dwell times: `{asOf, histories: [...], top?}`.
pub fn dwell_times(pipeline: &Pipeline, request: &Value) -> Result<DwellReport, Error> {
    let request: DwellRequest = decode(request, "", ErrorKind::Input)?;
    Ok(pipeline.dwell_times(&request))
}

pub fn load_stage_mapping(document: &Value) -> Result<StageMapping, Error> {
    StageMapping::load(document)
}

/// Translates records `[{id, stage}]` into the target system's stages.
pub fn map_stages(mapping: &StageMapping, records: &Value) -> Result<MappedBatch, Error> {
    let items = as_array(records, "records")?;
    Ok(mapping.map_records(items))
}

/// Compares `{source: [...], target: [...]}` record by record.
pub fn compare_stages(mapping: &StageMapping, request: &Value) -> Result<ComparisonReport, Error> {
    let request: CompareRequest = decode(request, "", ErrorKind::Input)?;
    Ok(mapping.compare(&request))
}

/// `{total: {amount, currency}, weights: [...]}` → the parts, summing exactly to the total.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AllocateRequest {
    pub total: Money,
    #[schemars(with = "Vec<DecimalString>")]
    #[serde(deserialize_with = "decimal_list")]
    pub weights: Vec<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Allocation {
    pub parts: Vec<Money>,
}

fn decimal_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Decimal>, D::Error> {
    #[derive(Deserialize)]
    struct Item(#[serde(with = "crate::wire::decimal")] Decimal);
    Vec::<Item>::deserialize(d).map(|items| items.into_iter().map(|i| i.0).collect())
}

pub fn allocate(request: &Value) -> Result<Allocation, Error> {
    let request: AllocateRequest = decode(request, "", ErrorKind::Input)?;
    allocate_money(request.total, &request.weights)
        .map(|parts| Allocation { parts })
        .map_err(|p| Error::single(ErrorKind::Input, p))
}

fn as_array<'v>(value: &'v Value, name: &str) -> Result<&'v [Value], Error> {
    match value {
        Value::Array(items) => Ok(items),
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

fn to_value<T: Serialize>(result: Result<T, Error>) -> Result<Value, Error> {
    result.and_then(|r| {
        serde_json::to_value(r).map_err(|e| {
            Error::single(
                ErrorKind::Input,
                Problem::new(ErrorCode::InvalidValue, "", e.to_string()),
            )
        })
    })
}

fn member<'v>(input: &'v Value, key: &str) -> &'v Value {
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
];

/// Runs an operation by name on a vector's `input` and returns the result as plain JSON.
/// Inputs: `{pipeline, requests, explain?}`, `{pipeline, request}`, `{mapping, records}`,
/// `{mapping, request}` or the allocation request itself.
pub fn call(operation: &str, input: &Value) -> Result<Value, Error> {
    match operation {
        "stages.checkTransitions" => {
            let pipeline = load_pipeline(member(input, "pipeline"))?;
            let explain = input
                .get("explain")
                .and_then(Value::as_bool)
                .unwrap_or(true);
            let requests = array_member(input, "requests")?;
            to_value(Ok(pipeline.check_values(requests, CheckOptions { explain })))
        }
        "stages.dataQuality" => {
            let pipeline = load_pipeline(member(input, "pipeline"))?;
            to_value(data_quality(&pipeline, member(input, "request")))
        }
        "stages.dwellTimes" => {
            let pipeline = load_pipeline(member(input, "pipeline"))?;
            to_value(dwell_times(&pipeline, member(input, "request")))
        }
        "stages.mapStages" => {
            let mapping = load_stage_mapping(member(input, "mapping"))?;
            to_value(map_stages(&mapping, member(input, "records")))
        }
        "stages.compareStages" => {
            let mapping = load_stage_mapping(member(input, "mapping"))?;
            to_value(compare_stages(&mapping, member(input, "request")))
        }
        "money.allocate" => to_value(allocate(input)),
        other => Err(Error::single(
            ErrorKind::Input,
            Problem::new(
                ErrorCode::UnknownOperation,
                "operation",
                format!("unknown operation `{other}`"),
            ),
        )),
    }
}

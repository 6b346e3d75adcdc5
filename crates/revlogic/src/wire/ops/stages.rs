//! Stage validation (SPEC §1) in wire form.

use super::{as_array, guarded, member, to_value};
use crate::error::{Error, ErrorCode, ErrorKind, Problem};
use crate::stages::{
    BreakerReport, BreakerRequest, CheckBatch, CheckOptions, CompareRequest, ComparisonReport,
    DwellReport, DwellRequest, MappedBatch, Pipeline, StageMapping,
};
use crate::wire::decode::{array_member, decode};
use serde_json::Value;

/// Loads a pipeline document; the string `"default"` stands for the built-in default pipeline.
pub fn load_pipeline(document: &Value) -> Result<Pipeline, Error> {
    guarded(|| match document {
        Value::String(s) if s == "default" => Pipeline::default_pipeline(),
        _ => Pipeline::load(document),
    })
}

/// Checks a batch of transition requests (`requests` must be an array).
pub fn check_transitions(
    pipeline: &Pipeline,
    requests: &Value,
    explain: bool,
) -> Result<CheckBatch, Error> {
    guarded(|| {
        let items = as_array(requests, "requests")?;
        Ok(pipeline.check_values(items, CheckOptions { explain }))
    })
}

/// Reads `checkTransitions`' options object (`{explain?}`) for the JS bindings; absent or
/// null (the object or `explain`) is the default.
pub fn check_options(options: &Value) -> Result<CheckOptions, Error> {
    guarded(|| {
        let invalid = |path: &str, message: &str| {
            Error::single(
                ErrorKind::Input,
                Problem::new(ErrorCode::InvalidType, path, message),
            )
        };
        let default = CheckOptions::default();
        match options {
            Value::Null => Ok(default),
            Value::Object(members) => match members.get("explain") {
                None | Some(Value::Null) => Ok(default),
                Some(Value::Bool(explain)) => Ok(CheckOptions { explain: *explain }),
                Some(_) => Err(invalid("options.explain", "`explain` must be a boolean")),
            },
            _ => Err(invalid(
                "options",
                "`options` must be an object such as {explain: false}",
            )),
        }
    })
}

/// Evaluates the data-quality breaker: `{submissions: [...], clearances?: [...]}`.
pub fn data_quality(pipeline: &Pipeline, request: &Value) -> Result<BreakerReport, Error> {
    guarded(|| {
        let request: BreakerRequest = decode(request, "", ErrorKind::Input)?;
        Ok(pipeline.data_quality(&request))
    })
}

/// Computes dwell times: `{asOf, histories: [...], top?}`.
pub fn dwell_times(pipeline: &Pipeline, request: &Value) -> Result<DwellReport, Error> {
    guarded(|| {
        let request: DwellRequest = decode(request, "", ErrorKind::Input)?;
        Ok(pipeline.dwell_times(&request))
    })
}

pub fn load_stage_mapping(document: &Value) -> Result<StageMapping, Error> {
    guarded(|| StageMapping::load(document))
}

/// Translates records `[{id, stage}]` into the target system's stages.
pub fn map_stages(mapping: &StageMapping, records: &Value) -> Result<MappedBatch, Error> {
    guarded(|| {
        let items = as_array(records, "records")?;
        Ok(mapping.map_records(items))
    })
}

/// Compares `{source: [...], target: [...]}` record by record.
pub fn compare_stages(mapping: &StageMapping, request: &Value) -> Result<ComparisonReport, Error> {
    guarded(|| {
        let request: CompareRequest = decode(request, "", ErrorKind::Input)?;
        Ok(mapping.compare(&request))
    })
}

/// The vectors' operations of this domain (`None` for a name it does not know). Inputs:
/// `{pipeline, requests, explain?}`, `{pipeline, request}`, `{mapping, records}` or
/// `{mapping, request}`.
pub(super) fn call(operation: &str, input: &Value) -> Option<Result<Value, Error>> {
    let pipeline = || load_pipeline(member(input, "pipeline"));
    let mapping = || load_stage_mapping(member(input, "mapping"));
    Some(match operation {
        "stages.checkTransitions" => pipeline().and_then(|pipeline| {
            let explain = input
                .get("explain")
                .and_then(Value::as_bool)
                .unwrap_or(true);
            let requests = array_member(input, "requests")?;
            to_value(Ok(pipeline.check_values(requests, CheckOptions { explain })))
        }),
        "stages.dataQuality" => {
            pipeline().and_then(|p| to_value(data_quality(&p, member(input, "request"))))
        }
        "stages.dwellTimes" => {
            pipeline().and_then(|p| to_value(dwell_times(&p, member(input, "request"))))
        }
        "stages.mapStages" => {
            mapping().and_then(|m| to_value(map_stages(&m, member(input, "records"))))
        }
        "stages.compareStages" => {
            mapping().and_then(|m| to_value(compare_stages(&m, member(input, "request"))))
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn check_options_default_and_refuse_what_is_not_a_boolean() {
        let explain = |v: Value| check_options(&v).map(|o| o.explain);
        assert_eq!(explain(Value::Null), Ok(CheckOptions::default().explain));
        assert_eq!(
            explain(json!({"explain": null})),
            Ok(CheckOptions::default().explain)
        );
        assert_eq!(explain(json!({"explain": false})), Ok(false));
        let error = check_options(&json!({"explain": "no"})).unwrap_err();
        assert_eq!(
            (error.code(), error.path()),
            (ErrorCode::InvalidType, "options.explain")
        );
        let error = check_options(&json!([true])).unwrap_err();
        assert_eq!(
            (error.code(), error.path()),
            (ErrorCode::InvalidType, "options")
        );
    }
}

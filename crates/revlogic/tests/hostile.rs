//! The hostile-input corpus (`tests/hostile/corpus.json`, see `generate.py` there): every case
//! must end in a result or a coded error — never a panic or an `INTERNAL` error — and in the
//! outcome recorded in `tests/hostile/outcomes.json`, which the Python, Node and WASM runners
//! check too, so that every language gives the same code and path. `REVLOGIC_BLESS=1` rewrites
//! the record after an intended change (review its diff).

use revlogic::wire::ops::call;
use revlogic::ErrorCode;
use serde_json::{json, Map, Value};
use std::path::Path;

/// Expands the corpus's compact forms: `{"$repeat": [text, n]}`, `{"$list": [value, n]}` and
/// `{"$nest": n}`.
fn expand(value: &Value) -> Value {
    match value {
        Value::Object(members) => {
            if let Some(Value::Array(args)) = members.get("$repeat") {
                return Value::String(args[0].as_str().unwrap().repeat(count(&args[1])));
            }
            if let Some(Value::Array(args)) = members.get("$list") {
                return Value::Array(vec![expand(&args[0]); count(&args[1])]);
            }
            if let Some(depth) = members.get("$nest") {
                let mut nested = json!([]);
                for _ in 0..count(depth) {
                    nested = json!([nested]);
                }
                return nested;
            }
            Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), expand(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(expand).collect()),
        other => other.clone(),
    }
}

fn count(value: &Value) -> usize {
    value.as_u64().unwrap() as usize
}

/// Every per-record rejection in a result (an object with an `error` that has a `code`: a
/// batch's `{"status": "rejected", …}` or a statement's `rejected` list), visiting members in
/// sorted order as every runner does, as `{code, path}`.
fn rejections(value: &Value, out: &mut Vec<Value>) {
    match value {
        Value::Object(members) => {
            if let Some(error) = members.get("error").filter(|e| e.get("code").is_some()) {
                out.push(json!({"code": error["code"], "path": error["path"]}));
            }
            let mut keys: Vec<&String> = members.keys().collect();
            keys.sort();
            for k in keys {
                rejections(&members[k], out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| rejections(v, out)),
        _ => {}
    }
}

fn outcome(operation: &str, input: &Value) -> Value {
    match call(operation, input) {
        Ok(result) => {
            let mut found = Vec::new();
            rejections(&result, &mut found);
            json!({ "rejected": found })
        }
        Err(err) => {
            let p = err.payload();
            json!({"error": {"kind": p.kind, "code": p.code, "path": p.path}})
        }
    }
}

#[test]
fn every_hostile_case_ends_in_a_result_or_a_coded_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile");
    let corpus: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("corpus.json")).unwrap()).unwrap();
    assert!(corpus.len() >= 300, "only {} cases", corpus.len());
    let record_path = dir.join("outcomes.json");
    let bless = std::env::var_os("REVLOGIC_BLESS").is_some();
    let recorded: Map<String, Value> = if bless {
        Map::new()
    } else {
        serde_json::from_str(&std::fs::read_to_string(&record_path).unwrap()).unwrap()
    };
    let mut outcomes = Map::new();
    let mut failures = Vec::new();
    for case in &corpus {
        let name = case["name"].as_str().unwrap();
        let operation = case["operation"].as_str().unwrap();
        let input = expand(&case["input"]);
        let got = match std::panic::catch_unwind(|| outcome(operation, &input)) {
            Ok(got) => got,
            Err(_) => {
                failures.push(format!("{name}: panicked"));
                continue;
            }
        };
        if got["error"]["code"] == json!(ErrorCode::Internal) {
            failures.push(format!("{name}: INTERNAL {}", got["error"]));
        }
        if let Some(expected) = case.get("expect") {
            let matches = match expected.get("error") {
                Some(e) => got["error"]["code"] == e["code"] && got["error"]["path"] == e["path"],
                None => got.get("rejected") == expected.get("rejected"),
            };
            if !matches {
                failures.push(format!("{name}: expected {expected}, got {got}"));
            }
        }
        let limits = case.get("limits") == Some(&Value::Bool(true));
        if !bless && !limits && recorded.get(name) != Some(&got) {
            failures.push(format!(
                "{name}: recorded {}, got {got}",
                recorded.get(name).unwrap_or(&Value::Null)
            ));
        }
        if !limits {
            outcomes.insert(name.to_string(), got);
        }
    }
    if bless {
        let text = serde_json::to_string_pretty(&Value::Object(outcomes)).unwrap();
        std::fs::write(&record_path, text + "\n").unwrap();
    }
    assert!(
        failures.is_empty(),
        "{} of {} hostile cases failed:\n{}",
        failures.len(),
        corpus.len(),
        failures.join("\n")
    );
}

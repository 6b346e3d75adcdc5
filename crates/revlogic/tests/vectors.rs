//! Runs every conformance vector in `tests/vectors/` through `wire::ops::call` and matches the
//! result as `tests/vectors/README.md` describes. Every failing vector is named.

mod common;
use common::vector_files;
use revlogic::wire::ops::call;
use serde_json::Value;
use std::path::Path;

/// `Ok` when `actual` matches `expected` by the README's rules, else the path of the mismatch.
fn matches(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let av = a
                    .get(k)
                    .ok_or_else(|| format!("{path}.{k}: missing in result"))?;
                matches(ev, av, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!(
                    "{path}: expected {} elements, got {}",
                    e.len(),
                    a.len()
                ));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                matches(ev, av, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        _ if expected == actual => Ok(()),
        _ => Err(format!("{path}: expected {expected}, got {actual}")),
    }
}

fn run(vector: &Value) -> Result<(), String> {
    let operation = vector["operation"]
        .as_str()
        .ok_or("vector has no operation")?;
    let result = call(operation, &vector["input"]);
    match (vector.get("expected"), vector.get("error"), result) {
        (Some(expected), None, Ok(actual)) => {
            matches(expected, &actual, "result").map_err(|m| format!("{m}\nfull result: {actual}"))
        }
        (None, Some(expected), Err(err)) => {
            let actual = serde_json::to_value(err.payload()).map_err(|e| e.to_string())?;
            let mut wanted = expected.clone();
            // Messages are never compared.
            if let Some(problems) = wanted.get_mut("problems").and_then(Value::as_array_mut) {
                for p in problems {
                    if let Some(o) = p.as_object_mut() {
                        o.remove("message");
                    }
                }
            }
            matches(&wanted, &actual, "error").map_err(|m| format!("{m}\nfull error: {actual}"))
        }
        (Some(_), None, Err(err)) => {
            Err(format!("expected a result, got error {:?}", err.payload()))
        }
        (None, Some(_), Ok(actual)) => Err(format!("expected an error, got result {actual}")),
        _ => Err("a vector has exactly one of `expected` and `error`".into()),
    }
}

#[test]
fn every_vector_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut files = Vec::new();
    vector_files(&root, &mut files);
    assert!(
        files.len() >= 2,
        "no vectors found under {}",
        root.display()
    );
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let name = file.strip_prefix(&root).unwrap().display().to_string();
        let outcome = serde_json::from_str::<Value>(&text)
            .map_err(|e| format!("invalid JSON: {e}"))
            .and_then(|v| run(&v));
        if let Err(why) = outcome {
            failures.push(format!("{name}: {why}"));
        }
    }
    println!("{} vectors run", files.len());
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

//! Every conformance vector pushed to the limits of its inputs, one leaf at a time: each
//! decimal becomes ±(2^96 − 1), ±1e-28, 28 nines or zero; each date the first and last
//! supported days and year 0; each whole number ±2^63, 2^32 − 1, −1 or zero. Whatever the
//! outcome — a result or a coded error — it must never be a panic (nor the `INTERNAL` error a
//! caught panic becomes).

mod common;
use common::vector_files;
use revlogic::wire::ops::call;
use revlogic::ErrorCode;
use serde_json::Value;
use std::path::Path;

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn leaves(value: &Value, at: &mut Vec<Step>, out: &mut Vec<(Vec<Step>, Value)>) {
    match value {
        Value::Object(members) => {
            for (k, v) in members {
                at.push(Step::Key(k.clone()));
                leaves(v, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                at.push(Step::Index(i));
                leaves(v, at, out);
                at.pop();
            }
        }
        _ => out.push((at.clone(), value.clone())),
    }
}

fn replaced(input: &Value, at: &[Step], new: Value) -> Value {
    let mut copy = input.clone();
    let mut cursor = &mut copy;
    for step in at {
        cursor = match step {
            Step::Key(k) => &mut cursor[k.as_str()],
            Step::Index(i) => &mut cursor[*i],
        };
    }
    *cursor = new;
    copy
}

fn shown(at: &[Step]) -> String {
    at.iter()
        .map(|s| match s {
            Step::Key(k) => format!(".{k}"),
            Step::Index(i) => format!("[{i}]"),
        })
        .collect()
}

const DECIMALS: &[&str] = &[
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "9999999999999999999999999999",
    "-9999999999999999999999999999",
    "0.0000000000000000000000000001",
    "-0.0000000000000000000000000001",
    "0",
];
const DATES: &[&str] = &["0000-01-01", "0001-01-01", "9999-12-31"];
const WHOLE: &[i64] = &[i64::MAX, i64::MIN, u32::MAX as i64, -1, 0];

/// The limit values a leaf is replaced by, judged by what the leaf looks like.
fn limits_for(leaf: &Value) -> Vec<Value> {
    match leaf {
        Value::String(s) if revlogic::wire::scalar::parse_decimal(s).is_ok() => {
            DECIMALS.iter().map(|d| Value::from(*d)).collect()
        }
        Value::String(s) if s.len() == 10 && s.as_bytes()[4] == b'-' => {
            DATES.iter().map(|d| Value::from(*d)).collect()
        }
        Value::String(s) if s.len() > 10 && s.as_bytes()[4] == b'-' && s.contains('T') => vec![
            Value::from(format!("0000{}", &s[4..])),
            Value::from(format!("9999-12-31{}", &s[10..])),
        ],
        Value::Number(_) => WHOLE.iter().map(|i| Value::from(*i)).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn no_vector_pushed_to_its_limits_panics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut files = Vec::new();
    vector_files(&root, &mut files);
    assert!(
        files.len() > 100,
        "vectors not found under {}",
        root.display()
    );
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let (mut calls, mut panics) = (0usize, Vec::new());
    for file in &files {
        let vector: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let Some(operation) = vector["operation"].as_str() else {
            continue;
        };
        let mut found = Vec::new();
        leaves(&vector["input"], &mut Vec::new(), &mut found);
        for (at, leaf) in found {
            for limit in limits_for(&leaf) {
                let input = replaced(&vector["input"], &at, limit.clone());
                calls += 1;
                // A panic is caught at the boundary as INTERNAL: that is still a bug here.
                let outcome = std::panic::catch_unwind(|| call(operation, &input));
                let internal =
                    matches!(&outcome, Ok(Err(e)) if e.payload().code == ErrorCode::Internal);
                if outcome.is_err() || internal {
                    let name = file.strip_prefix(&root).unwrap().display();
                    panics.push(format!("{name}: input{} = {limit}", shown(&at)));
                }
            }
        }
    }
    std::panic::set_hook(quiet);
    println!("{calls} calls at the limits");
    assert!(calls > 10_000, "only {calls} calls");
    assert!(
        panics.is_empty(),
        "{} of {calls} calls panicked:\n{}",
        panics.len(),
        panics.join("\n")
    );
}

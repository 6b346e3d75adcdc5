//! `revlogic` — the library from the command line.
//!
//! - `revlogic demo [DATA_DIR]` runs the quarter-close demo on the sample data in
//!   `examples/data` (stage validation for now; later domains add their sections).
//! - `revlogic schema [NAME]` prints the JSON Schema of a document, request or result type,
//!   or lists the names.
//! - `revlogic call OPERATION [FILE]` runs one wire operation on a JSON input (a file or
//!   standard input) and prints the result, as the conformance vectors do.

mod commission_demo;
mod demo;

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo::run(
            &args
                .get(1)
                .map(PathBuf::from)
                .unwrap_or_else(default_data_dir),
        ),
        Some("schema") => schema(args.get(1).map(String::as_str)),
        Some("call") => match args.get(1) {
            Some(op) => call(op, args.get(2).map(String::as_str)),
            None => Err("usage: revlogic call OPERATION [FILE]".into()),
        },
        _ => Err("usage: revlogic demo [DATA_DIR] | schema [NAME] | call OPERATION [FILE]".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("revlogic: {message}");
            ExitCode::FAILURE
        }
    }
}

fn default_data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/data")
}

fn schema(name: Option<&str>) -> Result<(), String> {
    match name {
        None => {
            for n in revlogic::wire::schema::SCHEMA_NAMES {
                println!("{n}");
            }
            Ok(())
        }
        Some(name) => {
            let s = revlogic::wire::schema::schema(name).map_err(|e| e.to_string())?;
            println!(
                "{}",
                serde_json::to_string_pretty(&s).map_err(|e| e.to_string())?
            );
            Ok(())
        }
    }
}

fn call(operation: &str, file: Option<&str>) -> Result<(), String> {
    let text = match file {
        Some(path) => std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?,
        None => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| e.to_string())?;
            s
        }
    };
    let input: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("input is not JSON: {e}"))?;
    let output = match revlogic::wire::ops::call(operation, &input) {
        Ok(v) => v,
        Err(e) => serde_json::json!({ "error": e.payload() }),
    };
    println!(
        "{}",
        serde_json::to_string_pretty(&output).map_err(|e| e.to_string())?
    );
    Ok(())
}

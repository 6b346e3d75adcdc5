//! Python values → the wire's `serde_json::Value` tree, with one generic walker. Decimals
//! become plain-notation strings and dates ISO strings, exactly as JSON would carry them; the
//! core then applies the same rules as for every other language (floats refused for money).

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use revlogic::{ErrorCode, Problem};
use serde_json::{Map, Number, Value};

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();

pub(crate) fn class<'py>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<PyType>>,
    module: &str,
    name: &str,
) -> PyResult<&'py Bound<'py, PyType>> {
    cell.import(py, module, name)
}

enum Segment {
    Key(String),
    Index(usize),
}

/// A failure deep in the tree; the path is assembled on the way out, so the happy path
/// builds no strings.
struct Failure {
    code: ErrorCode,
    message: String,
    segments: Vec<Segment>,
}

impl Failure {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
            segments: Vec::new(),
        }
    }
}

/// Converts `obj`; an unconvertible value is a problem at `root` + its path.
pub fn to_value(obj: &Bound<'_, PyAny>, root: &str) -> Result<Value, Problem> {
    walk(obj).map_err(|f| {
        let mut path = root.to_string();
        for s in f.segments.iter().rev() {
            match s {
                Segment::Index(i) => path.push_str(&format!("[{i}]")),
                Segment::Key(k) if path.is_empty() => path.push_str(k),
                Segment::Key(k) => {
                    path.push('.');
                    path.push_str(k);
                }
            }
        }
        Problem::new(f.code, path, f.message)
    })
}

fn py_failure(e: PyErr) -> Failure {
    Failure::new(ErrorCode::InvalidValue, e.to_string())
}

fn walk(obj: &Bound<'_, PyAny>) -> Result<Value, Failure> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow().map_err(py_failure)?.into_owned()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let key = match k.cast::<PyString>() {
                Ok(s) => s.to_cow().map_err(py_failure)?.into_owned(),
                Err(_) => {
                    let shown = k.repr().map(|r| r.to_string()).unwrap_or_default();
                    return Err(Failure::new(
                        ErrorCode::InvalidType,
                        format!("dictionary keys must be strings, not {shown}"),
                    ));
                }
            };
            match walk(&v) {
                Ok(value) => {
                    map.insert(key, value);
                }
                Err(mut f) => {
                    f.segments.push(Segment::Key(key));
                    return Err(f);
                }
            }
        }
        return Ok(Value::Object(map));
    }
    if let Ok(list) = obj.cast::<PyList>() {
        return sequence(list.iter());
    }
    // bool before int: in Python, True is an int.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::Number(u.into()));
        }
        // Too large for 64 bits: pass the digits so the core reports DECIMAL_OUT_OF_RANGE.
        return Ok(Value::String(obj.str().map_err(py_failure)?.to_string()));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    let py = obj.py();
    if obj
        .is_instance(class(py, &DECIMAL, "decimal", "Decimal").map_err(py_failure)?)
        .map_err(py_failure)?
    {
        // format(d, "f") never uses exponent notation; NaN and Infinity pass through as text
        // and are refused by the core with INVALID_DECIMAL.
        let text = obj.call_method1("__format__", ("f",)).map_err(py_failure)?;
        return Ok(Value::String(text.to_string()));
    }
    // datetime before date: a datetime is a date.
    if obj
        .is_instance(class(py, &DATETIME, "datetime", "datetime").map_err(py_failure)?)
        .map_err(py_failure)?
    {
        return Ok(Value::String(
            obj.call_method0("isoformat")
                .map_err(py_failure)?
                .to_string(),
        ));
    }
    if obj
        .is_instance(class(py, &DATE, "datetime", "date").map_err(py_failure)?)
        .map_err(py_failure)?
    {
        return Ok(Value::String(
            obj.call_method0("isoformat")
                .map_err(py_failure)?
                .to_string(),
        ));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        return Number::from_f64(v).map(Value::Number).ok_or_else(|| {
            Failure::new(
                ErrorCode::InvalidDecimal,
                format!("{v} is not a number; pass decimals as Decimal or str"),
            )
        });
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return sequence(t.iter());
    }
    let type_name = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    Err(Failure::new(
        ErrorCode::InvalidType,
        format!("a {type_name} cannot be sent to revlogic; use dict, list, str, int, bool, None, Decimal, date or datetime"),
    ))
}

fn sequence<'py>(items: impl Iterator<Item = Bound<'py, PyAny>>) -> Result<Value, Failure> {
    let mut out = Vec::new();
    for (i, item) in items.enumerate() {
        match walk(&item) {
            Ok(v) => out.push(v),
            Err(mut f) => {
                f.segments.push(Segment::Index(i));
                return Err(f);
            }
        }
    }
    Ok(Value::Array(out))
}

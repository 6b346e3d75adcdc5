//! Python values → the wire's `serde_json::Value` tree, by one generic walker (no JSON text).
//!
//! The walker only changes representation: decimals become plain-notation strings, dates and
//! instants ISO strings, exactly as JSON would carry them. Whether a value is acceptable where
//! it stands (a float for money, a naive datetime, a number beyond the decimal range) is left
//! to the core, so Python reports the same codes as every other language.

use crate::host::Classes;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMemoryView, PyString, PyTuple,
};
use revlogic::wire::decode::problem_from_message;
use revlogic::wire::limits;
use revlogic::wire::strict::lone_surrogate;
use revlogic::{Error, ErrorCode, ErrorKind, Problem};
use serde_json::{Map, Number, Value};
use std::borrow::Cow;

/// A `Decimal` whose plain notation would need more digits than this on either side of the
/// point is refused before it is written out: `Decimal('1E+999999999')` would otherwise become
/// a gigabyte of zeros. The bound sits far beyond the core's 28-digit range, so it never
/// refuses a value the core would accept, and the code is the one the core would give.
const MAX_PLAIN_EXPONENT: u64 = 1000;

/// Converts one argument. `root` names it in paths (`requests`, `weights`, or empty for a
/// request whose members are the roots); `kind` says whose fault an unconvertible value is.
pub fn to_value(obj: &Bound<'_, PyAny>, root: &str, kind: ErrorKind) -> Result<Value, Error> {
    let classes = Classes::get(obj.py()).map_err(|e| {
        Error::single(
            kind,
            Problem::new(ErrorCode::InvalidValue, root, e.to_string()),
        )
    })?;
    Walker { classes }
        .walk(obj, 0)
        .map_err(|f| f.into_error(root, kind))
}

pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

/// A failure deep in the tree. The path is collected on the way out, innermost segment
/// first, so that the common case of a valid value builds no path strings at all.
#[derive(Debug)]
pub(crate) struct Failure {
    /// `None` when the message comes from serde or the core's own deserializers: the core
    /// then reads the code from the message, exactly as it does for every other language.
    code: Option<ErrorCode>,
    message: String,
    reversed_path: Vec<Segment>,
}

impl std::fmt::Debug for Segment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Segment::Key(k) => write!(f, ".{k}"),
            Segment::Index(i) => write!(f, "[{i}]"),
        }
    }
}

impl Failure {
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Failure {
            code: Some(code),
            message: message.into(),
            reversed_path: Vec::new(),
        }
    }

    /// A message whose code the core classifies (serde's wording or `[CODE] …`).
    pub(crate) fn classified(message: String) -> Self {
        Failure {
            code: None,
            message,
            reversed_path: Vec::new(),
        }
    }

    pub(crate) fn within(mut self, segment: Segment) -> Self {
        self.reversed_path.push(segment);
        self
    }

    /// The coded error, its path under `root`.
    pub(crate) fn into_error(self, root: &str, kind: ErrorKind) -> Error {
        let mut path = root.to_string();
        for segment in self.reversed_path.iter().rev() {
            match segment {
                Segment::Index(i) => path.push_str(&format!("[{i}]")),
                Segment::Key(k) if path.is_empty() => path.push_str(k),
                Segment::Key(k) => {
                    path.push('.');
                    path.push_str(k);
                }
            }
        }
        let problem = match self.code {
            Some(code) => Problem::new(code, path, self.message),
            None => problem_from_message(&self.message, &path),
        };
        Error::single(kind, problem)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A Python exception raised while reading a value (a `str` with lone surrogates, a
/// `Decimal` subclass whose `__str__` fails) is reported at the value's path.
impl From<PyErr> for Failure {
    fn from(e: PyErr) -> Self {
        Failure::new(ErrorCode::InvalidValue, e.to_string())
    }
}

struct Walker<'py> {
    classes: Classes<'py>,
}

impl<'py> Walker<'py> {
    fn walk(&self, obj: &Bound<'py, PyAny>, depth: usize) -> Result<Value, Failure> {
        // Most frequent kinds first: a batch is mostly dicts, strings and lists.
        if let Ok(s) = obj.cast::<PyString>() {
            return Ok(Value::String(text(s)?.into_owned()));
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            return self.object(dict, depth);
        }
        if let Ok(list) = obj.cast::<PyList>() {
            return self.array(list.iter(), depth);
        }
        if obj.is_none() {
            return Ok(Value::Null);
        }
        // bool before int: in Python, True is an int.
        if let Ok(b) = obj.cast::<PyBool>() {
            return Ok(Value::Bool(b.is_true()));
        }
        if obj.is_instance_of::<PyInt>() {
            return integer(obj);
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            return float(f.value());
        }
        if obj.is_instance(&self.classes.decimal)? {
            return decimal(obj);
        }
        // datetime before date, since a datetime is also a date: RFC 3339 with its offset. A
        // naive datetime is written without one, which the core refuses as INVALID_DATETIME.
        if obj.is_instance(&self.classes.datetime)? {
            return iso_text(obj);
        }
        if obj.is_instance(&self.classes.date)? {
            return iso_text(obj);
        }
        if let Ok(tuple) = obj.cast::<PyTuple>() {
            return self.array(tuple.iter(), depth);
        }
        // Other mappings and sequences (a MappingProxyType, a custom Sequence) pass like dicts
        // and lists, as the typing stubs promise; bytes-like values are not text, so they stay
        // refused. Checked last: the ABC checks are slower than the exact type checks above.
        if obj.is_instance(&self.classes.mapping)? {
            return self.mapping(obj, depth);
        }
        let bytes_like = obj.is_instance_of::<PyBytes>()
            || obj.is_instance_of::<PyByteArray>()
            || obj.is_instance_of::<PyMemoryView>();
        if !bytes_like && obj.is_instance(&self.classes.sequence)? {
            let items = obj.try_iter()?.collect::<PyResult<Vec<_>>>()?;
            return self.array(items.into_iter(), depth);
        }
        let type_name = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        Err(Failure::new(
            ErrorCode::InvalidType,
            format!(
                "a `{type_name}` cannot be passed to revlogic; use dict, list, tuple, str, int, \
                 bool, None, Decimal, date or datetime"
            ),
        ))
    }

    fn object(&self, dict: &Bound<'py, PyDict>, depth: usize) -> Result<Value, Failure> {
        nested(depth)?;
        let mut map = Map::new();
        let size = dict.len();
        let mut members = dict.iter();
        for _ in 0..size {
            // Converting a value can run the caller's code (a Decimal subclass's `__str__`, a
            // custom Mapping). Should that code resize this dict, pyo3's iterator would panic:
            // refuse the value instead, as Python's own iteration raises in that case.
            if dict.len() != size {
                return Err(Failure::new(
                    ErrorCode::InvalidValue,
                    "the dict changed size while it was being read",
                ));
            }
            let Some((key, value)) = members.next() else {
                break;
            };
            self.member(&mut map, &key, &value, depth)?;
        }
        Ok(Value::Object(map))
    }

    fn mapping(&self, obj: &Bound<'py, PyAny>, depth: usize) -> Result<Value, Failure> {
        nested(depth)?;
        let mut map = Map::new();
        for item in obj.call_method0(intern!(obj.py(), "items"))?.try_iter()? {
            let (key, value) = item?.extract::<(Bound<'py, PyAny>, Bound<'py, PyAny>)>()?;
            self.member(&mut map, &key, &value, depth)?;
        }
        Ok(Value::Object(map))
    }

    fn member(
        &self,
        map: &mut Map<String, Value>,
        key: &Bound<'py, PyAny>,
        value: &Bound<'py, PyAny>,
        depth: usize,
    ) -> Result<(), Failure> {
        let Ok(key) = key.cast::<PyString>() else {
            let shown = key.repr().map(|r| r.to_string()).unwrap_or_default();
            return Err(Failure::new(
                ErrorCode::InvalidType,
                format!("dictionary keys must be str, not {shown}"),
            ));
        };
        let key = text(key)?.into_owned();
        match self.walk(value, depth + 1) {
            Ok(v) => {
                map.insert(key, v);
                Ok(())
            }
            Err(f) => Err(f.within(Segment::Key(key))),
        }
    }

    fn array(
        &self,
        items: impl ExactSizeIterator<Item = Bound<'py, PyAny>>,
        depth: usize,
    ) -> Result<Value, Failure> {
        nested(depth)?;
        within_list_limit(items.len())?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.enumerate() {
            out.push(
                self.walk(&item, depth + 1)
                    .map_err(|f| f.within(Segment::Index(i)))?,
            );
        }
        Ok(Value::Array(out))
    }
}

pub(crate) fn nested(depth: usize) -> Result<(), Failure> {
    if depth >= limits::MAX_DEPTH {
        let (code, message) = limits::too_deep();
        return Err(Failure::new(code, message));
    }
    Ok(())
}

/// Refuses a list longer than the core's limit before any element is read.
pub(crate) fn within_list_limit(len: usize) -> Result<(), Failure> {
    match limits::list_too_long(len) {
        Some((code, message)) => Err(Failure::new(code, message)),
        None => Ok(()),
    }
}

/// The text of a `str`. One with a lone surrogate (which UTF-8 cannot hold) is passed marked
/// as invalid, so that the core rejects the record holding it — as the JS bindings do — rather
/// than the whole call failing or two such texts colliding.
pub(crate) fn text<'a>(s: &'a Bound<'_, PyString>) -> Result<Cow<'a, str>, Failure> {
    let text = match s.to_cow() {
        Ok(text) => text,
        Err(_) => Cow::Owned(lone_surrogate(&s.to_string_lossy())),
    };
    match limits::text_too_long(text.len()) {
        Some((code, message)) => Err(Failure::new(code, message)),
        None => Ok(text),
    }
}

/// `isoformat()`: `YYYY-MM-DD` for a date, `YYYY-MM-DDTHH:MM:SS[.ffffff]+HH:MM` for an
/// aware datetime.
fn iso_text(obj: &Bound<'_, PyAny>) -> Result<Value, Failure> {
    let text = obj.call_method0(intern!(obj.py(), "isoformat"))?;
    Ok(Value::String(text.str()?.to_cow()?.into_owned()))
}

/// 64-bit integers stay numbers. A larger int is passed as its digits: where a decimal is
/// expected the core then accepts it up to 28 digits and reports DECIMAL_OUT_OF_RANGE beyond.
fn integer(obj: &Bound<'_, PyAny>) -> Result<Value, Failure> {
    if let Ok(i) = obj.extract::<i64>() {
        return Ok(Value::Number(i.into()));
    }
    if let Ok(u) = obj.extract::<u64>() {
        return Ok(Value::Number(u.into()));
    }
    match obj.str() {
        Ok(digits) => Ok(Value::String(digits.to_cow()?.into_owned())),
        // Python itself refuses to print ints of more than 4,300 digits.
        Err(_) => Err(Failure::new(
            ErrorCode::DecimalOutOfRange,
            "an int with thousands of digits is beyond the decimal range",
        )),
    }
}

/// A float stays a float, so that the core can refuse it with FLOAT_NOT_ALLOWED where a
/// decimal is expected; NaN and infinities, which JSON cannot hold, are refused the same way
/// in the record that holds them.
fn float(v: f64) -> Result<Value, Failure> {
    Ok(Number::from_f64(v)
        .map(Value::Number)
        .unwrap_or_else(|| Value::String(revlogic::wire::scalar::non_finite(v))))
}

/// A `Decimal` in plain notation (`Decimal('1E+2')` → `"100"`), since the wire refuses
/// exponents. NaN and Infinity keep their text, which the core refuses as INVALID_DECIMAL.
fn decimal(obj: &Bound<'_, PyAny>) -> Result<Value, Failure> {
    decimal_text(obj).map(Value::String)
}

/// The plain-notation text of a `Decimal` (see [`decimal`]).
pub(crate) fn decimal_text(obj: &Bound<'_, PyAny>) -> Result<String, Failure> {
    with_decimal_text(obj, |text| Ok(text.to_string()))
}

/// Hands a `Decimal`'s plain text to `read` without copying it: the usual amount is read
/// straight from the Python string `str()` returns.
pub(crate) fn with_decimal_text<R>(
    obj: &Bound<'_, PyAny>,
    read: impl FnOnce(&str) -> Result<R, Failure>,
) -> Result<R, Failure> {
    let py = obj.py();
    // `str()` already is plain notation unless it shows an exponent; it is also the cheapest
    // call, so the usual amount costs one call.
    let text = obj.str()?;
    let text = text.to_cow()?;
    if !text.contains('E') {
        return read(&text);
    }
    let adjusted: i64 = obj.call_method0(intern!(py, "adjusted"))?.extract()?;
    if adjusted.unsigned_abs() > MAX_PLAIN_EXPONENT {
        return Err(Failure::new(
            ErrorCode::DecimalOutOfRange,
            format!("`{text}` is beyond the decimal range (28 significant digits)"),
        ));
    }
    let plain = obj.call_method1(intern!(py, "__format__"), (intern!(py, "f"),))?;
    read(&plain.str()?.to_cow()?)
}

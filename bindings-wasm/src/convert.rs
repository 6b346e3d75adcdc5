//! Host values in and out. JS values become a `serde_json::Value` tree by walking them with
//! js-sys (never JSON text); results go back through serde-wasm-bindgen as plain objects.
//!
//! serde-wasm-bindgen's own `Deserialize for serde_json::Value` is not used for input: it turns
//! `NaN` and `Infinity` silently into `null` and keeps `undefined` members as `null`.

use js_sys::{Array, Object, Reflect};
use revlogic::{Error, ErrorCode, ErrorKind, Problem};
use serde::Serialize;
use serde_json::{Map, Value};
use wasm_bindgen::{JsCast, JsValue};

use revlogic::wire::limits::{self, MAX_DEPTH};
use revlogic::wire::strict::lone_surrogate;

/// Converts one argument. `root` names it in paths (`requests`, `weights`, or empty for a
/// request object whose members are the roots); `kind` says whose fault a bad value is.
/// The error is a JS value ready to throw: a coded error, or the caller's own exception (a
/// throwing getter) unchanged.
pub fn to_value(value: &JsValue, root: &str, kind: ErrorKind) -> Result<Value, JsValue> {
    walk(value, 0).map_err(|fail| match fail {
        Walk::Problem(code, message, reversed) => {
            let mut path = root.to_string();
            for segment in reversed.iter().rev() {
                match segment {
                    Segment::Index(i) => path.push_str(&format!("[{i}]")),
                    Segment::Key(k) if path.is_empty() => path.push_str(k),
                    Segment::Key(k) => {
                        path.push('.');
                        path.push_str(k);
                    }
                }
            }
            js_error(&Error::single(kind, Problem::new(code, path, message)))
        }
        Walk::Js(err) => err,
    })
}

/// Serialises a typed core result into plain JS values (objects, arrays, strings, numbers).
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(JsValue::from)
}

/// A JS `Error` carrying the core's payload as properties (`kind`, `code`, `path`,
/// `problems`); the package's JS wrapper turns it into `ConfigError` or `InputError`.
pub fn js_error(err: &Error) -> JsValue {
    let payload = err.payload();
    let error = js_sys::Error::new(&payload.message);
    let fields = [
        ("kind", to_js(&payload.kind)),
        ("code", Ok(JsValue::from_str(payload.code.as_str()))),
        ("path", Ok(JsValue::from_str(&payload.path))),
        ("problems", to_js(&payload.problems)),
    ];
    for (name, value) in fields {
        // Setting a property on a fresh Error cannot fail; if it ever did, the message stays.
        if let Ok(value) = value {
            let _ = Reflect::set(&error, &JsValue::from_str(name), &value);
        }
    }
    error.into()
}

enum Segment {
    Index(u32),
    Key(String),
}

enum Walk {
    /// Code, message and the path from the failing value up to the argument, innermost first.
    Problem(ErrorCode, String, Vec<Segment>),
    Js(JsValue),
}

fn problem(code: ErrorCode, message: impl Into<String>) -> Walk {
    Walk::Problem(code, message.into(), Vec::new())
}

fn within(segment: Segment) -> impl FnOnce(Walk) -> Walk {
    move |fail| match fail {
        Walk::Problem(code, message, mut path) => {
            path.push(segment);
            Walk::Problem(code, message, path)
        }
        other => other,
    }
}

/// A JS number as the core expects it; the rule is shared with the other JS binding.
fn number(n: f64) -> Result<Value, Walk> {
    revlogic::wire::scalar::js_number(n).map_err(|(code, message)| problem(code, message))
}

fn walk(value: &JsValue, depth: usize) -> Result<Value, Walk> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return number(n);
    }
    if let Some(s) = value.as_string() {
        return text(value, s);
    }
    if value.is_bigint() {
        return bigint(value);
    }
    if value.is_function() {
        return Err(problem(ErrorCode::InvalidType, "a function is not a value"));
    }
    if !value.is_object() {
        return Err(problem(
            ErrorCode::InvalidType,
            "a symbol is not a JSON value",
        ));
    }
    if depth >= MAX_DEPTH {
        let (code, message) = limits::too_deep();
        return Err(problem(code, message));
    }
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        let len = array.length();
        if let Some((code, message)) = limits::list_too_long(len as usize) {
            return Err(problem(code, message));
        }
        let mut items = Vec::with_capacity(len as usize);
        for i in 0..len {
            let item = walk(&array.get(i), depth + 1).map_err(within(Segment::Index(i)))?;
            items.push(item);
        }
        return Ok(Value::Array(items));
    }
    if value.is_instance_of::<js_sys::Date>() {
        return Err(problem(
            ErrorCode::InvalidType,
            "a Date object; pass dates as \"YYYY-MM-DD\" and instants as RFC 3339 strings",
        ));
    }
    // Own enumerable string keys, as `Object.keys` and `JSON.stringify` see them.
    let object: &Object = value.unchecked_ref();
    let keys = Object::keys(object);
    let mut map = Map::new();
    for i in 0..keys.length() {
        let key = keys.get(i);
        let member = Reflect::get(object, &key).map_err(Walk::Js)?;
        // `undefined` members are absent, as in JSON.
        if member.is_undefined() {
            continue;
        }
        let name = match key.as_string() {
            Some(name) => match text(&key, name) {
                Ok(Value::String(name)) => name,
                Ok(_) => String::new(),
                Err(fail) => return Err(fail),
            },
            None => String::new(),
        };
        match walk(&member, depth + 1) {
            Ok(v) => {
                map.insert(name, v);
            }
            Err(fail) => return Err(within(Segment::Key(name))(fail)),
        }
    }
    Ok(Value::Object(map))
}

fn bigint(value: &JsValue) -> Result<Value, Walk> {
    if let Ok(signed) = i64::try_from(value.clone()) {
        return Ok(Value::from(signed));
    }
    if let Ok(unsigned) = u64::try_from(value.clone()) {
        return Ok(Value::from(unsigned));
    }
    Err(problem(
        ErrorCode::DecimalOutOfRange,
        "a BigInt beyond 64 bits; pass large decimals as strings",
    ))
}

/// A JS string as UTF-8. wasm-bindgen replaces a lone UTF-16 surrogate with U+FFFD, which
/// would make two different ids equal; such a string is passed marked as invalid instead, so
/// that the core rejects the record holding it. Only a string that came out with a U+FFFD is
/// checked again, to tell a lone surrogate from a U+FFFD the caller really wrote.
fn text(value: &JsValue, utf8: String) -> Result<Value, Walk> {
    if let Some((code, message)) = limits::text_too_long(utf8.len()) {
        return Err(problem(code, message));
    }
    if !utf8.contains('\u{FFFD}') {
        return Ok(Value::String(utf8));
    }
    let valid = value
        .dyn_ref::<js_sys::JsString>()
        .is_none_or(|s| s.is_valid_utf16());
    if valid {
        return Ok(Value::String(utf8));
    }
    Ok(Value::String(lone_surrogate(&utf8)))
}

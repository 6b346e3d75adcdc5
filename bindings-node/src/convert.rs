//! Host values in and out. JS values become a `serde_json::Value` tree by walking them
//! directly (never JSON text); results and errors go back through napi's serde serializer.
//!
//! napi's own `FromNapiValue for serde_json::Value` is not used: it turns whole numbers above
//! 2^32 into floats (which the core would refuse as FLOAT_NOT_ALLOWED), fails on `undefined`
//! members, and caps a conversion at one million values, which a 100,000-record batch exceeds.

use crate::to_js::to_js;
use napi::bindgen_prelude::{FromNapiValue, Object};
use napi::{sys, Env, JsValue, Status, Unknown};
use revlogic::{Error, ErrorCode, ErrorKind, Problem};
use serde_json::{Map, Value};
use std::ptr;

use revlogic::wire::limits::{self, MAX_DEPTH};
use revlogic::wire::strict::lone_surrogate;

/// Why a conversion stopped: a coded problem for the caller, or a JS exception (a throwing
/// getter, a failing napi call) that must propagate as it is.
pub enum Failure {
    Core(Error),
    Js(napi::Error),
}

impl Failure {
    /// The error to throw: core errors become coded JS errors.
    pub fn into_napi(self, env: &Env) -> napi::Error {
        match self {
            Failure::Core(err) => js_error(env, &err),
            Failure::Js(err) => err,
        }
    }
}

/// Converts one argument. `root` names it in paths (`requests`, `weights`, or empty for a
/// request object whose members are the roots); `kind` says whose fault a bad value is.
pub fn to_value(value: &Unknown, root: &str, kind: ErrorKind) -> Result<Value, Failure> {
    let env = value.value().env;
    // SAFETY: `env` and the handle come from a live callback scope napi handed us.
    unsafe { walk(env, value.raw(), 0) }.map_err(|fail| match fail {
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
            Failure::Core(Error::single(kind, Problem::new(code, path, message)))
        }
        Walk::Js(err) => Failure::Js(err),
    })
}

/// Whether an optional argument was left out.
pub fn is_absent(value: &Unknown) -> napi::Result<bool> {
    Ok(matches!(
        value.get_type()?,
        napi::ValueType::Undefined | napi::ValueType::Null
    ))
}

/// A JS `Error` carrying the core's payload as properties (`kind`, `code`, `path`,
/// `problems`); the package's JS wrapper turns it into `ConfigError` or `InputError`.
pub fn js_error(env: &Env, err: &Error) -> napi::Error {
    let payload = err.payload();
    let build = || -> napi::Result<napi::Error> {
        let mut object: Object =
            env.create_error(napi::Error::new(Status::GenericFailure, &payload.message))?;
        object.set("kind", to_js(env, &payload.kind)?)?;
        object.set("code", payload.code.as_str())?;
        object.set("path", payload.path.as_str())?;
        object.set("problems", to_js(env, &payload.problems)?)?;
        Ok(napi::Error::from(object.to_unknown()))
    };
    // Should building the object itself fail, the message still reaches the caller.
    build().unwrap_or_else(|_| napi::Error::new(Status::GenericFailure, payload.message.clone()))
}

enum Segment {
    Index(u32),
    Key(String),
}

enum Walk {
    /// Code, message and the path from the failing value up to the argument, innermost first.
    Problem(ErrorCode, String, Vec<Segment>),
    Js(napi::Error),
}

impl From<napi::Error> for Walk {
    fn from(err: napi::Error) -> Self {
        Walk::Js(err)
    }
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

fn check(status: sys::napi_status) -> Result<(), Walk> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(Walk::Js(napi::Error::from_status(Status::from(status))))
    }
}

/// A JS number as the core expects it; the rule is shared with the other JS binding.
fn number(n: f64) -> Result<Value, Walk> {
    revlogic::wire::scalar::js_number(n).map_err(|(code, message)| problem(code, message))
}

unsafe fn walk(env: sys::napi_env, value: sys::napi_value, depth: usize) -> Result<Value, Walk> {
    let mut kind = 0;
    check(unsafe { sys::napi_typeof(env, value, &mut kind) })?;
    match kind {
        sys::ValueType::napi_undefined | sys::ValueType::napi_null => Ok(Value::Null),
        sys::ValueType::napi_boolean => {
            Ok(Value::Bool(unsafe { bool::from_napi_value(env, value)? }))
        }
        sys::ValueType::napi_number => number(unsafe { f64::from_napi_value(env, value)? }),
        sys::ValueType::napi_string => Ok(Value::String(unsafe { text(env, value)? })),
        sys::ValueType::napi_bigint => unsafe { bigint(env, value) },
        sys::ValueType::napi_object => {
            if depth >= MAX_DEPTH {
                let (code, message) = limits::too_deep();
                return Err(problem(code, message));
            }
            let mut is_array = false;
            check(unsafe { sys::napi_is_array(env, value, &mut is_array) })?;
            if is_array {
                return unsafe { array(env, value, depth) };
            }
            let mut is_date = false;
            check(unsafe { sys::napi_is_date(env, value, &mut is_date) })?;
            if is_date {
                return Err(problem(
                    ErrorCode::InvalidType,
                    "a Date object; pass dates as \"YYYY-MM-DD\" and instants as RFC 3339 strings",
                ));
            }
            unsafe { object(env, value, depth) }
        }
        sys::ValueType::napi_function => {
            Err(problem(ErrorCode::InvalidType, "a function is not a value"))
        }
        _ => Err(problem(
            ErrorCode::InvalidType,
            "a symbol or external value is not a JSON value",
        )),
    }
}

unsafe fn bigint(env: sys::napi_env, value: sys::napi_value) -> Result<Value, Walk> {
    let (mut signed, mut lossless) = (0i64, false);
    check(unsafe { sys::napi_get_value_bigint_int64(env, value, &mut signed, &mut lossless) })?;
    if lossless {
        return Ok(Value::from(signed));
    }
    let mut unsigned = 0u64;
    check(unsafe { sys::napi_get_value_bigint_uint64(env, value, &mut unsigned, &mut lossless) })?;
    if lossless {
        return Ok(Value::from(unsigned));
    }
    Err(problem(
        ErrorCode::DecimalOutOfRange,
        "a BigInt beyond 64 bits; pass large decimals as strings",
    ))
}

unsafe fn array(env: sys::napi_env, value: sys::napi_value, depth: usize) -> Result<Value, Walk> {
    let mut len = 0u32;
    check(unsafe { sys::napi_get_array_length(env, value, &mut len) })?;
    if let Some((code, message)) = limits::list_too_long(len as usize) {
        return Err(problem(code, message));
    }
    let mut items = Vec::with_capacity(len as usize);
    for i in 0..len {
        // A scope per element keeps a large batch from holding every temporary handle at once.
        let mut scope = ptr::null_mut();
        check(unsafe { sys::napi_open_handle_scope(env, &mut scope) })?;
        let item = unsafe { element(env, value, i, depth) };
        check(unsafe { sys::napi_close_handle_scope(env, scope) })?;
        items.push(item.map_err(within(Segment::Index(i)))?);
    }
    Ok(Value::Array(items))
}

unsafe fn element(
    env: sys::napi_env,
    array: sys::napi_value,
    index: u32,
    depth: usize,
) -> Result<Value, Walk> {
    let mut item = ptr::null_mut();
    check(unsafe { sys::napi_get_element(env, array, index, &mut item) })?;
    unsafe { walk(env, item, depth + 1) }
}

unsafe fn object(env: sys::napi_env, value: sys::napi_value, depth: usize) -> Result<Value, Walk> {
    // Own enumerable string keys, as `Object.keys` and `JSON.stringify` see them.
    let mut keys = ptr::null_mut();
    check(unsafe {
        sys::napi_get_all_property_names(
            env,
            value,
            sys::KeyCollectionMode::own_only,
            sys::KeyFilter::enumerable | sys::KeyFilter::skip_symbols,
            sys::KeyConversion::numbers_to_strings,
            &mut keys,
        )
    })?;
    let mut len = 0u32;
    check(unsafe { sys::napi_get_array_length(env, keys, &mut len) })?;
    let mut map = Map::new();
    for i in 0..len {
        let mut key = ptr::null_mut();
        check(unsafe { sys::napi_get_element(env, keys, i, &mut key) })?;
        let mut member = ptr::null_mut();
        check(unsafe { sys::napi_get_property(env, value, key, &mut member) })?;
        let mut member_kind = 0;
        check(unsafe { sys::napi_typeof(env, member, &mut member_kind) })?;
        // `undefined` members are absent, as in JSON.
        if member_kind == sys::ValueType::napi_undefined {
            continue;
        }
        let name = unsafe { text(env, key)? };
        let converted = unsafe { walk(env, member, depth + 1) };
        match converted {
            Ok(v) => {
                map.insert(name, v);
            }
            Err(fail) => return Err(within(Segment::Key(name))(fail)),
        }
    }
    Ok(Value::Object(map))
}

/// A JS string as UTF-8. napi replaces a lone UTF-16 surrogate with U+FFFD, which would make
/// two different ids equal; such a string is passed marked as invalid instead, so that the
/// core rejects the record holding it. Only a string that came out with a U+FFFD is read again
/// as UTF-16 to tell a lone surrogate from a U+FFFD the caller really wrote.
unsafe fn text(env: sys::napi_env, value: sys::napi_value) -> Result<String, Walk> {
    let utf8 = unsafe { String::from_napi_value(env, value)? };
    if let Some((code, message)) = limits::text_too_long(utf8.len()) {
        return Err(problem(code, message));
    }
    if !utf8.contains('\u{FFFD}') {
        return Ok(utf8);
    }
    let mut units = 0usize;
    check(unsafe { sys::napi_get_value_string_utf16(env, value, ptr::null_mut(), 0, &mut units) })?;
    let mut buffer = vec![0u16; units + 1];
    let mut written = 0usize;
    check(unsafe {
        sys::napi_get_value_string_utf16(
            env,
            value,
            buffer.as_mut_ptr(),
            buffer.len(),
            &mut written,
        )
    })?;
    let lone = char::decode_utf16(buffer[..written].iter().copied()).any(|c| c.is_err());
    if !lone {
        return Ok(utf8);
    }
    Ok(lone_surrogate(&utf8))
}

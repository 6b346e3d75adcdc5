//! Typed results → Python objects, by a `serde::Serializer` that builds them directly (no
//! `serde_json::Value` and no JSON text in between).
//!
//! Newtypes carrying the wire's reserved names become `decimal.Decimal`, `datetime.date` and
//! `datetime.datetime`; every other newtype is transparent. Structs and maps become dicts,
//! sequences and tuples lists, unit and `None` become `None`, and enums follow serde's
//! representations (externally tagged `{variant: value}`; internally tagged ones arrive here
//! as structs already carrying their tag).

use crate::host::Classes;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use pyo3::IntoPyObjectExt;
use revlogic::wire::{DATE_MARKER, DECIMAL_MARKER, INSTANT_MARKER};
use serde::ser::{self, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

/// Converts a serialisable result into a Python object.
pub fn to_python<T: Serialize + ?Sized>(py: Python<'_>, value: &T) -> PyResult<Py<PyAny>> {
    let _paused = GcPause::new(py)?;
    let context = Context {
        classes: Classes::get(py)?,
        names: RefCell::new(HashMap::new()),
        decimals: PyDict::new(py),
        dates: PyDict::new(py),
    };
    value
        .serialize(PySerializer {
            py,
            context: &context,
        })
        .map(Bound::unbind)
        .map_err(|e| e.0)
}

/// Pauses Python's cyclic garbage collector while a result is built, and restores it on drop.
///
/// A batch result is hundreds of thousands of new dicts and lists; each few hundred of them
/// trigger a collection that traverses the whole heap now and then (the caller's input
/// batch included), which took a quarter of the call's time. The new containers cannot form
/// cycles, and no application code runs meanwhile: the GIL is held throughout and the only
/// Python calls are the constructors of Decimal, date and datetime. A collector the
/// application had already disabled stays disabled; the allocation count carries on, so a
/// collection follows soon after the pause if one is due.
struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> PyResult<Self> {
        let gc = PyModule::import(py, intern!(py, "gc"))?;
        if !gc.call_method0(intern!(py, "isenabled"))?.is_truthy()? {
            return Ok(GcPause { gc: None });
        }
        gc.call_method0(intern!(py, "disable"))?;
        Ok(GcPause { gc: Some(gc) })
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            // Nothing useful can be done with a failure here; enabling does not fail in CPython.
            let _ = gc.call_method0(intern!(gc.py(), "enable"));
        }
    }
}

/// State shared by one conversion.
struct Context<'py> {
    classes: Classes<'py>,
    /// Python strings for field and variant names, which are `&'static str` in serde: a batch
    /// of 100,000 results repeats the same few dozen names, so each is created once per call.
    /// Keyed by address and length, which identify a static string's bytes.
    names: RefCell<HashMap<(usize, usize), Bound<'py, PyString>>>,
    /// Decimals and dates already built in this conversion, by their text. Both are immutable,
    /// so one object can stand for every equal value; a result repeats many (zero shares, the
    /// same amounts and dates), and building one costs several times a dictionary look-up.
    decimals: Bound<'py, PyDict>,
    dates: Bound<'py, PyDict>,
}

impl<'py> Context<'py> {
    fn name(&self, py: Python<'py>, name: &'static str) -> Bound<'py, PyString> {
        let key = (name.as_ptr() as usize, name.len());
        self.names
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| PyString::new(py, name))
            .clone()
    }
}

/// A Python exception, as serde's error type.
pub struct PyError(PyErr);

impl fmt::Debug for PyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for PyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for PyError {}

impl ser::Error for PyError {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        PyError(pyo3::exceptions::PyRuntimeError::new_err(msg.to_string()))
    }
}

impl From<PyErr> for PyError {
    fn from(e: PyErr) -> Self {
        PyError(e)
    }
}

type Out<'py> = Result<Bound<'py, PyAny>, PyError>;

#[derive(Clone, Copy)]
struct PySerializer<'a, 'py> {
    py: Python<'py>,
    context: &'a Context<'py>,
}

impl<'a, 'py> PySerializer<'a, 'py> {
    fn obj<T: IntoPyObject<'py>>(self, v: T) -> Out<'py> {
        Ok(v.into_bound_py_any(self.py)?)
    }

    /// Builds a Decimal, date or datetime from the marked string.
    fn scalar<T: ?Sized + Serialize>(self, marker: &'static str, value: &T) -> Out<'py> {
        let text = value.serialize(self)?;
        let classes = &self.context.classes;
        let made = match marker {
            DECIMAL_MARKER | DATE_MARKER => {
                let (built, decimal) = match marker {
                    DECIMAL_MARKER => (&self.context.decimals, true),
                    _ => (&self.context.dates, false),
                };
                if let Some(known) = built.get_item(&text)? {
                    return Ok(known);
                }
                let made = if decimal {
                    classes.decimal.call1((&text,))?
                } else {
                    classes
                        .date
                        .call_method1(intern!(self.py, "fromisoformat"), (&text,))?
                };
                built.set_item(text, &made)?;
                made
            }
            _ => {
                let text = text.cast_into::<PyString>().map_err(PyErr::from)?;
                let text = microseconds(&text.to_cow()?);
                classes
                    .datetime
                    .call_method1(intern!(self.py, "fromisoformat"), (text,))?
            }
        };
        Ok(made)
    }
}

/// `datetime` holds microseconds and Python before 3.11 parses no more than six fractional
/// digits, so an instant printed with nanoseconds is cut to microseconds (as Python 3.11 would).
fn microseconds(text: &str) -> String {
    let Some(dot) = text.find('.') else {
        return text.to_string();
    };
    let digits = text[dot + 1..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if digits <= 6 {
        return text.to_string();
    }
    format!("{}{}", &text[..dot + 7], &text[dot + 1 + digits..])
}

/// Wraps `inner` as `{variant: inner}` for externally tagged variants.
fn tagged<'py>(
    ser: PySerializer<'_, 'py>,
    variant: Option<&'static str>,
    inner: Bound<'py, PyAny>,
) -> Out<'py> {
    match variant {
        None => Ok(inner),
        Some(name) => {
            let d = PyDict::new(ser.py);
            d.set_item(ser.context.name(ser.py, name), inner)?;
            Ok(d.into_any())
        }
    }
}

impl<'a, 'py> ser::Serializer for PySerializer<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = PyError;
    type SerializeSeq = Seq<'a, 'py>;
    type SerializeTuple = Seq<'a, 'py>;
    type SerializeTupleStruct = Seq<'a, 'py>;
    type SerializeTupleVariant = Seq<'a, 'py>;
    type SerializeMap = Dict<'a, 'py>;
    type SerializeStruct = Dict<'a, 'py>;
    type SerializeStructVariant = Dict<'a, 'py>;

    fn serialize_bool(self, v: bool) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_i8(self, v: i8) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_i16(self, v: i16) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_i32(self, v: i32) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_i64(self, v: i64) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_i128(self, v: i128) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_u8(self, v: u8) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_u16(self, v: u16) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_u32(self, v: u32) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_u64(self, v: u64) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_u128(self, v: u128) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_f32(self, v: f32) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_f64(self, v: f64) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_char(self, v: char) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_str(self, v: &str) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Out<'py> {
        self.obj(v)
    }
    fn serialize_none(self) -> Out<'py> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Out<'py> {
        Ok(self.context.name(self.py, variant).into_any())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Out<'py> {
        match name {
            DECIMAL_MARKER | DATE_MARKER | INSTANT_MARKER => self.scalar(name, value),
            _ => value.serialize(self),
        }
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Out<'py> {
        let inner = value.serialize(self)?;
        tagged(self, Some(variant), inner)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'a, 'py>, PyError> {
        Ok(Seq {
            ser: self,
            items: Vec::with_capacity(len.unwrap_or(0)),
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a, 'py>, PyError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Seq<'a, 'py>, PyError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq<'a, 'py>, PyError> {
        Ok(Seq {
            ser: self,
            items: Vec::with_capacity(len),
            variant: Some(variant),
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Dict<'a, 'py>, PyError> {
        Ok(Dict {
            ser: self,
            dict: PyDict::new(self.py),
            key: None,
            variant: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Dict<'a, 'py>, PyError> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Dict<'a, 'py>, PyError> {
        Ok(Dict {
            ser: self,
            dict: PyDict::new(self.py),
            key: None,
            variant: Some(variant),
        })
    }
}

/// A list under construction; `variant` is set for a tuple variant (`{variant: [...]}`).
pub struct Seq<'a, 'py> {
    ser: PySerializer<'a, 'py>,
    items: Vec<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

impl<'a, 'py> Seq<'a, 'py> {
    fn push<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), PyError> {
        self.items.push(value.serialize(self.ser)?);
        Ok(())
    }
    fn finish(self) -> Out<'py> {
        let list = PyList::new(self.ser.py, self.items)?;
        tagged(self.ser, self.variant, list.into_any())
    }
}

impl<'a, 'py> ser::SerializeSeq for Seq<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = PyError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), PyError> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'a, 'py> ser::SerializeTuple for Seq<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = PyError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), PyError> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'a, 'py> ser::SerializeTupleStruct for Seq<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = PyError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), PyError> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'a, 'py> ser::SerializeTupleVariant for Seq<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = PyError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), PyError> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

/// A dict under construction; `variant` is set for a struct variant (`{variant: {...}}`).
pub struct Dict<'a, 'py> {
    ser: PySerializer<'a, 'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

impl<'a, 'py> Dict<'a, 'py> {
    fn field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), PyError> {
        let value = value.serialize(self.ser)?;
        let key = self.ser.context.name(self.ser.py, key);
        self.dict.set_item(key, value)?;
        Ok(())
    }
    fn finish(self) -> Out<'py> {
        tagged(self.ser, self.variant, self.dict.into_any())
    }
}

impl<'a, 'py> ser::SerializeMap for Dict<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = PyError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), PyError> {
        self.key = Some(key.serialize(self.ser)?);
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), PyError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| <PyError as ser::Error>::custom("a map value came without its key"))?;
        let value = value.serialize(self.ser)?;
        self.dict.set_item(key, value)?;
        Ok(())
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'a, 'py> ser::SerializeStruct for Dict<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = PyError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), PyError> {
        self.field(key, value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'a, 'py> ser::SerializeStructVariant for Dict<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = PyError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), PyError> {
        self.field(key, value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::microseconds;

    #[test]
    fn nanoseconds_are_cut_to_microseconds() {
        assert_eq!(
            microseconds("2026-03-01T09:30:00.123456789+08:00"),
            "2026-03-01T09:30:00.123456+08:00"
        );
        assert_eq!(
            microseconds("2026-03-01T09:30:00.123+08:00"),
            "2026-03-01T09:30:00.123+08:00"
        );
        assert_eq!(
            microseconds("2026-03-01T09:30:00+00:00"),
            "2026-03-01T09:30:00+00:00"
        );
    }
}

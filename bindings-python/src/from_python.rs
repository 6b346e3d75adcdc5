//! Python values → typed core requests, by a `serde::Deserializer` that reads the Python
//! objects in place: no `serde_json::Value` tree is built for the parts the request types
//! decode themselves, and nothing is copied twice.
//!
//! It presents each value exactly as `to_wire` would write it (a `Decimal` as its plain
//! notation, a `date` as `YYYY-MM-DD`, a `datetime` as RFC 3339, an int beyond 64 bits as its
//! digits), so a request decodes to the same result and the same coded problems either way.

use crate::host::Classes;
use crate::to_wire::{nested, text, with_decimal_text, within_list_limit, Failure, Segment};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyMemoryView,
    PyString, PyTuple,
};
use revlogic::wire::scalar::LENIENT_MARKER;
use revlogic::{Error, ErrorCode, ErrorKind};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};

/// Decodes one argument into `T`. `root` names it in paths; `kind` says whose fault a bad
/// value is.
pub fn from_python<T: DeserializeOwned>(
    obj: &Bound<'_, PyAny>,
    root: &str,
    kind: ErrorKind,
) -> Result<T, Error> {
    let classes = Classes::get(obj.py())
        .map_err(|e| Failure::new(ErrorCode::InvalidValue, e.to_string()).into_error(root, kind))?;
    T::deserialize(PyDeserializer {
        obj,
        classes: &classes,
        depth: 0,
    })
    .map_err(|f| f.into_error(root, kind))
}

impl de::Error for Failure {
    fn custom<T: std::fmt::Display>(message: T) -> Self {
        Failure::classified(message.to_string())
    }
}

impl std::error::Error for Failure {}

#[derive(Clone, Copy)]
struct PyDeserializer<'a, 'py> {
    obj: &'a Bound<'py, PyAny>,
    classes: &'a Classes<'py>,
    depth: usize,
}

impl<'a, 'py> PyDeserializer<'a, 'py> {
    fn child<'b>(&'b self, obj: &'b Bound<'py, PyAny>) -> PyDeserializer<'b, 'py> {
        PyDeserializer {
            obj,
            classes: self.classes,
            depth: self.depth + 1,
        }
    }

    fn unsupported(&self) -> Failure {
        let type_name = self
            .obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        Failure::new(
            ErrorCode::InvalidType,
            format!(
                "a `{type_name}` cannot be passed to revlogic; use dict, list, tuple, str, int, \
                 bool, None, Decimal, date or datetime"
            ),
        )
    }
}

impl<'de> de::Deserializer<'de> for PyDeserializer<'_, '_> {
    type Error = Failure;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Failure> {
        let obj = self.obj;
        // Most frequent kinds first, as in `to_wire`.
        // A str with a lone surrogate has no UTF-8 form: refused here, so that no two such
        // texts can meet as one (a lenient read, below, passes it marked to its record instead).
        if let Ok(s) = obj.cast::<PyString>() {
            return visitor.visit_str(&strict_text(s)?);
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            nested(self.depth)?;
            return visitor.visit_map(DictAccess::new(self, dict));
        }
        if let Ok(list) = obj.cast::<PyList>() {
            nested(self.depth)?;
            within_list_limit(list.len())?;
            let items = ListItems::List(list);
            return visitor.visit_seq(SeqAccess::new(self, items));
        }
        if obj.is_none() {
            return visitor.visit_unit();
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            return visitor.visit_bool(b.is_true());
        }
        // Plain decimals and dates, the commonest values after strings, are known by comparing
        // their type; subclasses go through the `isinstance` calls below.
        if obj.is_exact_instance(&self.classes.decimal) {
            return with_decimal_text(obj, |text| visitor.visit_str(text));
        }
        if obj.is_exact_instance(&self.classes.date) {
            return visit_date(obj, visitor);
        }
        if obj.is_instance(&self.classes.decimal)? {
            return with_decimal_text(obj, |text| visitor.visit_str(text));
        }
        // datetime before date: a datetime is also a date.
        if obj.cast::<PyDateTime>().is_ok() {
            let text = obj.call_method0(intern!(obj.py(), "isoformat"))?;
            return visitor.visit_str(&text.str()?.to_cow()?);
        }
        if obj.cast::<PyDate>().is_ok() {
            return visit_date(obj, visitor);
        }
        if obj.is_instance_of::<PyInt>() {
            if let Ok(i) = obj.extract::<i64>() {
                return visitor.visit_i64(i);
            }
            if let Ok(u) = obj.extract::<u64>() {
                return visitor.visit_u64(u);
            }
            return match obj.str() {
                Ok(digits) => visitor.visit_str(&digits.to_cow()?),
                Err(_) => Err(Failure::new(
                    ErrorCode::DecimalOutOfRange,
                    "an int with thousands of digits is beyond the decimal range",
                )),
            };
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            let v = f.value();
            if !v.is_finite() {
                return Err(Failure::new(
                    ErrorCode::FloatNotAllowed,
                    format!("{v} is a binary floating-point value, not a number; pass decimals as Decimal or str"),
                ));
            }
            return visitor.visit_f64(v);
        }
        if let Ok(tuple) = obj.cast::<PyTuple>() {
            nested(self.depth)?;
            let items = ListItems::Owned(tuple.iter().collect());
            return visitor.visit_seq(SeqAccess::new(self, items));
        }
        if obj.is_instance(&self.classes.mapping)? {
            nested(self.depth)?;
            let mut entries = Vec::new();
            for item in obj.call_method0(intern!(obj.py(), "items"))?.try_iter()? {
                entries.push(item?.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()?);
            }
            return visitor.visit_map(PairsAccess {
                de: self,
                entries: entries.into_iter(),
                value: None,
            });
        }
        let bytes_like = obj.is_instance_of::<PyBytes>()
            || obj.is_instance_of::<PyByteArray>()
            || obj.is_instance_of::<PyMemoryView>();
        if !bytes_like && obj.is_instance(&self.classes.sequence)? {
            nested(self.depth)?;
            let items = obj.try_iter()?.collect::<PyResult<Vec<_>>>()?;
            let items = ListItems::Owned(items);
            return visitor.visit_seq(SeqAccess::new(self, items));
        }
        Err(self.unsupported())
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Failure> {
        if self.obj.is_none() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    /// Skipped members (a deal's `fields`, read elsewhere) are not converted at all.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Failure> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Failure> {
        // A lenient read (a record member read on its own) takes a value with no wire form as
        // marked text, so that its record is rejected with the value's code, not the call.
        if name == LENIENT_MARKER {
            if let Ok(s) = self.obj.cast::<PyString>() {
                return visitor.visit_str(&text(s)?);
            }
            if let Ok(f) = self.obj.cast::<PyFloat>() {
                if !f.value().is_finite() {
                    return visitor.visit_str(&revlogic::wire::scalar::non_finite(f.value()));
                }
            }
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Failure> {
        // A unit variant is its name; a variant with data is a one-member dict, as in JSON.
        if let Ok(s) = self.obj.cast::<PyString>() {
            let name = text(s)?;
            let unit: de::value::StrDeserializer<'_, Failure> = name.as_ref().into_deserializer();
            return visitor.visit_enum(unit);
        }
        if let Ok(dict) = self.obj.cast::<PyDict>() {
            if dict.len() == 1 {
                if let Some((key, value)) = dict.iter().next() {
                    let key = key.cast_into::<PyString>().map_err(|_| non_str_key())?;
                    return visitor.visit_enum(VariantAccess {
                        de: self.child(&value),
                        name: key.to_cow()?.into_owned(),
                    });
                }
            }
        }
        self.deserialize_any(visitor)
    }

    /// A record is a mapping: a list or tuple is refused, never read by position (the core's
    /// decoder refuses an array the same way).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Failure> {
        let obj = self.obj;
        let positional = obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok();
        if positional {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &"an object"));
        }
        self.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier
    }
}

/// A date as ISO text, from one call returning an int and no Python string: cheaper than
/// `isoformat()` or reading year, month and day. The C accessors are not in the stable ABI
/// this module targets.
fn visit_date<'de, V: Visitor<'de>>(
    obj: &Bound<'_, PyAny>,
    visitor: V,
) -> Result<V::Value, Failure> {
    let ordinal: i64 = obj
        .call_method0(intern!(obj.py(), "toordinal"))?
        .extract()?;
    let mut buffer = [0; 10];
    let text = revlogic::wire::iso_date_text_of_ordinal(&mut buffer, ordinal)
        .ok_or_else(|| Failure::new(ErrorCode::InvalidDate, "a date outside years 1 to 9999"))?;
    visitor.visit_str(text)
}

fn non_str_key() -> Failure {
    Failure::new(ErrorCode::InvalidType, "dictionary keys must be str")
}

/// The members of a dict, read in place. Converting a value can run the caller's code (a
/// `Decimal` subclass's `__str__`); should that resize the dict, the value is refused, as
/// Python's own iteration raises in that case.
struct DictAccess<'a, 'py> {
    de: PyDeserializer<'a, 'py>,
    dict: &'a Bound<'py, PyDict>,
    size: usize,
    members: pyo3::types::iter::BoundDictIterator<'py>,
    remaining: usize,
    /// The key is kept as the Python string: its text is only needed again for an error path.
    value: Option<(Bound<'py, PyString>, Bound<'py, PyAny>)>,
}

impl<'a, 'py> DictAccess<'a, 'py> {
    fn new(de: PyDeserializer<'a, 'py>, dict: &'a Bound<'py, PyDict>) -> Self {
        let size = dict.len();
        DictAccess {
            de,
            dict,
            size,
            members: dict.iter(),
            remaining: size,
            value: None,
        }
    }
}

impl<'de> de::MapAccess<'de> for DictAccess<'_, '_> {
    type Error = Failure;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Failure> {
        if self.remaining == 0 {
            return Ok(None);
        }
        if self.dict.len() != self.size {
            return Err(Failure::new(
                ErrorCode::InvalidValue,
                "the dict changed size while it was being read",
            ));
        }
        let Some((key, value)) = self.members.next() else {
            return Ok(None);
        };
        self.remaining -= 1;
        let key = match key.cast_into::<PyString>() {
            Ok(key) => key,
            Err(e) => {
                let shown = e
                    .into_inner()
                    .repr()
                    .map(|r| r.to_string())
                    .unwrap_or_default();
                return Err(Failure::new(
                    ErrorCode::InvalidType,
                    format!("dictionary keys must be str, not {shown}"),
                ));
            }
        };
        let out = seed.deserialize(key.to_cow()?.as_ref().into_deserializer());
        self.value = Some((key, value));
        out.map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Failure> {
        let (key, value) = self
            .value
            .take()
            .ok_or_else(|| Failure::new(ErrorCode::InvalidValue, "a value without its key"))?;
        seed.deserialize(self.de.child(&value)).map_err(|f| {
            let name = key.to_cow().map(|k| k.into_owned()).unwrap_or_default();
            f.within(Segment::Key(name))
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.remaining)
    }
}

/// The pairs of a non-dict `Mapping`, collected first (its `items()` is arbitrary code).
struct PairsAccess<'a, 'py> {
    de: PyDeserializer<'a, 'py>,
    entries: std::vec::IntoIter<(Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    value: Option<(String, Bound<'py, PyAny>)>,
}

impl<'de> de::MapAccess<'de> for PairsAccess<'_, '_> {
    type Error = Failure;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Failure> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        let key = key.cast_into::<PyString>().map_err(|_| non_str_key())?;
        let name = key.to_cow()?.into_owned();
        let out = seed.deserialize(name.as_str().into_deserializer());
        self.value = Some((name, value));
        out.map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Failure> {
        let (name, value) = self
            .value
            .take()
            .ok_or_else(|| Failure::new(ErrorCode::InvalidValue, "a value without its key"))?;
        seed.deserialize(self.de.child(&value))
            .map_err(|f| f.within(Segment::Key(name)))
    }
}

enum ListItems<'a, 'py> {
    /// Read by index, so a list the caller's code shortens meanwhile ends early, never panics.
    List(&'a Bound<'py, PyList>),
    Owned(Vec<Bound<'py, PyAny>>),
}

struct SeqAccess<'a, 'py> {
    de: PyDeserializer<'a, 'py>,
    items: ListItems<'a, 'py>,
    index: usize,
}

impl<'a, 'py> SeqAccess<'a, 'py> {
    fn new(de: PyDeserializer<'a, 'py>, items: ListItems<'a, 'py>) -> Self {
        SeqAccess {
            de,
            items,
            index: 0,
        }
    }
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_, '_> {
    type Error = Failure;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Failure> {
        let i = self.index;
        let item = match &self.items {
            ListItems::List(list) => match list.get_item(i) {
                Ok(item) => item,
                Err(_) => return Ok(None),
            },
            ListItems::Owned(items) => match items.get(i) {
                Some(item) => item.clone(),
                None => return Ok(None),
            },
        };
        self.index += 1;
        seed.deserialize(self.de.child(&item))
            .map(Some)
            .map_err(|f| f.within(Segment::Index(i)))
    }

    fn size_hint(&self) -> Option<usize> {
        let len = match &self.items {
            ListItems::List(list) => list.len(),
            ListItems::Owned(items) => items.len(),
        };
        Some(len.saturating_sub(self.index))
    }
}

/// `{variant: value}` for an externally tagged enum.
struct VariantAccess<'a, 'py> {
    de: PyDeserializer<'a, 'py>,
    name: String,
}

impl<'de, 'a, 'py> de::EnumAccess<'de> for VariantAccess<'a, 'py> {
    type Error = Failure;
    type Variant = PyDeserializer<'a, 'py>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), Failure> {
        let name: de::value::StrDeserializer<'_, Failure> = self.name.as_str().into_deserializer();
        let variant = seed.deserialize(name)?;
        Ok((variant, self.de))
    }
}

impl<'de> de::VariantAccess<'de> for PyDeserializer<'_, '_> {
    type Error = Failure;

    fn unit_variant(self) -> Result<(), Failure> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Failure> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Failure> {
        de::Deserializer::deserialize_any(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Failure> {
        de::Deserializer::deserialize_any(self, visitor)
    }
}

/// The text of a `str`, refusing one with a lone surrogate (`INVALID_VALUE`).
fn strict_text<'a>(s: &'a Bound<'_, PyString>) -> Result<std::borrow::Cow<'a, str>, Failure> {
    let text = text(s)?;
    match revlogic::wire::strict::refusal_of(&text) {
        Some((code, message)) => Err(Failure::new(code, message)),
        None => Ok(text),
    }
}

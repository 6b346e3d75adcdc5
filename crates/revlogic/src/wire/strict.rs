//! The deserializer every wire value is decoded through. It reads a `serde_json::Value` as
//! serde_json's own does, with two refusals that keep host values from being misread:
//!
//! - An array is never read as a record. serde's derived structs also accept a sequence and
//!   take its elements by position, so `["100", "CNY"]` would pass as a money amount and `[1]`
//!   as options; here it is `INVALID_TYPE` ("expected an object").
//! - A host value that has no wire form — text that was not valid Unicode (a lone UTF-16
//!   surrogate in a Python `str` or a JS string), a NaN or an infinity — reaches the core as a
//!   [`marked`] text carrying the code and message of its refusal, and is refused here with
//!   that code wherever it is decoded. So the record that holds it is rejected like any other
//!   bad record, rather than the whole call failing, or two ids that differ only in a
//!   surrogate becoming one.

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, VariantAccess, Visitor,
};
use serde::forward_to_deserialize_any;
use serde_json::{Map, Number, Value};

use super::limits;
use super::scalar::{coded, LENIENT_MARKER};
use crate::error::ErrorCode;

/// Marks a host value that has no wire form. U+FFFF is a noncharacter, reserved by Unicode for
/// exactly this kind of internal use, so no text a caller sends is confused with it (text that
/// holds it anyway is refused too).
pub const INVALID_TEXT_MARKER: char = '\u{FFFF}';

/// The text standing for a host value that has no wire form: it is refused with `code` and
/// `message` wherever the core decodes it.
pub fn marked(code: ErrorCode, message: &str) -> String {
    format!(
        "{INVALID_TEXT_MARKER}{}{INVALID_TEXT_MARKER}{message}",
        code.as_str()
    )
}

/// The marked text standing for host text with a lone UTF-16 surrogate, given the text as the
/// host would show it with the surrogate replaced (`lossy`): every binding passes it this way.
pub fn lone_surrogate(lossy: &str) -> String {
    marked(
        ErrorCode::InvalidValue,
        &format!("text that is not valid Unicode (a lone UTF-16 surrogate): {lossy:?}"),
    )
}

/// The code and message of a [`marked`] text, or of any text that holds the marker.
pub fn refusal_of(text: &str) -> Option<(ErrorCode, &str)> {
    if !text.contains(INVALID_TEXT_MARKER) {
        return None;
    }
    let parsed = text
        .strip_prefix(INVALID_TEXT_MARKER)
        .and_then(|rest| rest.split_once(INVALID_TEXT_MARKER))
        .and_then(|(code, message)| Some((ErrorCode::parse(code)?, message)));
    Some(parsed.unwrap_or((
        ErrorCode::InvalidValue,
        "text holding the noncharacter U+FFFF",
    )))
}

/// Decodes `T` from a wire value by the rules above.
pub fn from_value<'de, T: de::Deserialize<'de>>(value: &'de Value) -> Result<T, serde_json::Error> {
    T::deserialize(Strict::root(value))
}

/// A wire value to deserialize from, at its depth in the tree being decoded.
#[derive(Clone, Copy)]
pub struct Strict<'de>(pub &'de Value, pub usize);

impl<'de> Strict<'de> {
    /// The root of a tree.
    pub fn root(value: &'de Value) -> Self {
        Strict(value, 0)
    }

    fn child(self, value: &'de Value) -> Self {
        Strict(value, self.1 + 1)
    }
}

type Error = serde_json::Error;

fn limit(problem: (ErrorCode, String)) -> Error {
    de::Error::custom(coded(problem.0, problem.1))
}

fn text(s: &str) -> Result<&str, Error> {
    if let Some(problem) = limits::text_too_long(s.len()) {
        return Err(limit(problem));
    }
    if let Some((code, message)) = refusal_of(s) {
        return Err(de::Error::custom(coded(code, message)));
    }
    Ok(s)
}

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => number_unexpected(n),
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

fn number_unexpected(n: &Number) -> Unexpected<'static> {
    if let Some(u) = n.as_u64() {
        Unexpected::Unsigned(u)
    } else if let Some(i) = n.as_i64() {
        Unexpected::Signed(i)
    } else {
        Unexpected::Float(n.as_f64().unwrap_or(f64::NAN))
    }
}

fn visit_number<'de, V: Visitor<'de>>(n: &Number, visitor: V) -> Result<V::Value, Error> {
    if let Some(u) = n.as_u64() {
        visitor.visit_u64(u)
    } else if let Some(i) = n.as_i64() {
        visitor.visit_i64(i)
    } else {
        visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
    }
}

fn visit_array<'de, V: Visitor<'de>>(
    at: Strict<'de>,
    items: &'de [Value],
    visitor: V,
) -> Result<V::Value, Error> {
    if let Some(problem) = limits::list_too_long(items.len()) {
        return Err(limit(problem));
    }
    let mut access = Elements {
        at,
        items: items.iter(),
    };
    let value = visitor.visit_seq(&mut access)?;
    match access.items.len() {
        0 => Ok(value),
        _ => Err(de::Error::invalid_length(items.len(), &"fewer elements")),
    }
}

fn visit_object<'de, V: Visitor<'de>>(
    at: Strict<'de>,
    members: &'de Map<String, Value>,
    visitor: V,
) -> Result<V::Value, Error> {
    let mut access = Members {
        at,
        members: members.iter(),
        value: None,
    };
    visitor.visit_map(&mut access)
}

impl<'de> Strict<'de> {
    /// This value, when an array or object may still open at its depth.
    fn nested(self) -> Result<Self, Error> {
        if self.1 >= limits::MAX_DEPTH {
            return Err(limit(limits::too_deep()));
        }
        Ok(self)
    }
}

impl<'de> Deserializer<'de> for Strict<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => visit_number(n, visitor),
            Value::String(s) => visitor.visit_borrowed_str(text(s)?),
            Value::Array(items) => visit_array(self.nested()?, items, visitor),
            Value::Object(members) => visit_object(self.nested()?, members, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        // A lenient read takes marked text as text and leaves the refusal to the general path.
        if let (LENIENT_MARKER, Value::String(s)) = (name, self.0) {
            return visitor.visit_borrowed_str(s);
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(members) => visit_object(self.nested()?, members, visitor),
            other => Err(de::Error::invalid_type(unexpected(other), &"an object")),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(members) => visit_object(self.nested()?, members, visitor),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(items) => visit_array(self.nested()?, items, visitor),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(s) => visitor.visit_enum(BorrowedStrDeserializer::<Error>::new(text(s)?)),
            Value::Object(members) if members.len() == 1 => {
                let Some((variant, content)) = members.iter().next() else {
                    return Err(de::Error::invalid_length(0, &"one member"));
                };
                visitor.visit_enum(Tagged {
                    variant,
                    content: self.nested()?.child(content),
                })
            }
            Value::Object(members) => Err(de::Error::invalid_length(
                members.len(),
                &"an object with exactly one member",
            )),
            other => Err(de::Error::invalid_type(
                unexpected(other),
                &"a string or an object",
            )),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit_struct tuple_struct identifier
    }
}

impl<'de> IntoDeserializer<'de, Error> for Strict<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

struct Elements<'de> {
    at: Strict<'de>,
    items: std::slice::Iter<'de, Value>,
}

impl<'de> SeqAccess<'de> for Elements<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.items.next() {
            Some(item) => seed.deserialize(self.at.child(item)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Members<'de> {
    at: Strict<'de>,
    members: serde_json::map::Iter<'de>,
    value: Option<&'de Value>,
}

impl<'de> MapAccess<'de> for Members<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.members.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(BorrowedStrDeserializer::new(text(key)?))
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(self.at.child(value)),
            None => Err(de::Error::custom("a value was read before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

struct Tagged<'de> {
    variant: &'de str,
    content: Strict<'de>,
}

impl<'de> EnumAccess<'de> for Tagged<'de> {
    type Error = Error;
    type Variant = Strict<'de>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Strict<'de>), Error> {
        let variant = seed.deserialize(BorrowedStrDeserializer::new(text(self.variant)?))?;
        Ok((variant, self.content))
    }
}

impl<'de> VariantAccess<'de> for Strict<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_struct("", &[], visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Amount {
        amount: String,
        currency: String,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    enum Mode {
        Graduated,
        Fixed { amount: u32 },
    }

    #[test]
    fn an_array_is_not_a_record() {
        let err = from_value::<Amount>(&json!(["100", "CNY"])).unwrap_err();
        assert!(
            err.to_string().starts_with("invalid type: sequence"),
            "{err}"
        );
        let ok: Amount = from_value(&json!({"amount": "100", "currency": "CNY"})).unwrap();
        assert_eq!(ok.amount, "100");
        // Arrays of records still decode.
        let list: Vec<Amount> = from_value(&json!([{"amount": "1", "currency": "CNY"}])).unwrap();
        assert_eq!(list.len(), 1);
    }

    #[test]
    fn marked_text_is_refused_wherever_it_is_read() {
        let nan = marked(ErrorCode::FloatNotAllowed, "NaN is not a number");
        let err = from_value::<Amount>(&json!({"amount": nan, "currency": "CNY"})).unwrap_err();
        assert_eq!(err.to_string(), "[FLOAT_NOT_ALLOWED] NaN is not a number");
        let bad = format!("D{INVALID_TEXT_MARKER}\u{FFFD}");
        for value in [
            json!({"amount": bad, "currency": "CNY"}),
            json!({"amount": "1", "currency": "CNY", bad.clone(): 1}),
        ] {
            let err = from_value::<Amount>(&value).unwrap_err();
            assert!(err.to_string().starts_with("[INVALID_VALUE]"), "{err}");
        }
        assert!(from_value::<Mode>(&json!(bad)).is_err());
    }

    #[test]
    fn enums_options_and_numbers_read_as_serde_json_reads_them() {
        assert_eq!(
            from_value::<Mode>(&json!("graduated")).unwrap(),
            Mode::Graduated
        );
        assert_eq!(
            from_value::<Mode>(&json!({"fixed": {"amount": 3}})).unwrap(),
            Mode::Fixed { amount: 3 }
        );
        assert_eq!(from_value::<Option<u32>>(&json!(null)).unwrap(), None);
        assert_eq!(from_value::<Option<i64>>(&json!(-4)).unwrap(), Some(-4));
        assert!(from_value::<u32>(&json!(-1)).is_err());
        assert!(from_value::<u32>(&json!(1.5)).is_err());
        let unknown = from_value::<Amount>(&json!({"amount": "1", "currency": "CNY", "x": 1}));
        assert!(unknown
            .unwrap_err()
            .to_string()
            .starts_with("unknown field `x`"));
    }
}

//! How decimals, dates and instants cross the wire.
//!
//! On the wire a decimal is a string (`"1234.50"`) or a whole number; a date is `YYYY-MM-DD`;
//! an instant is RFC 3339 with an offset. A binary float is refused everywhere a decimal is
//! expected, because `0.1 + 0.2` must never become money.
//!
//! Serialisation wraps each value in a newtype struct with a reserved name. JSON, Node and
//! WASM ignore the name and see a plain string; the Python binding recognises it and returns
//! `decimal.Decimal`, `datetime.date` or `datetime.datetime` instead of a string.

use crate::error::ErrorCode;
use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};
use std::fmt;

/// Newtype name that marks a decimal string in serialised output.
pub const DECIMAL_MARKER: &str = "$revlogic::Decimal";
/// Newtype name that marks a `YYYY-MM-DD` date string in serialised output.
pub const DATE_MARKER: &str = "$revlogic::Date";
/// Newtype name that marks an RFC 3339 instant string in serialised output.
pub const INSTANT_MARKER: &str = "$revlogic::Instant";

/// An error message that carries its stable code in front (`[CODE] message`), so that serde
/// errors raised inside a deserializer keep their code when classified at the boundary.
pub(crate) fn coded(code: ErrorCode, message: impl fmt::Display) -> String {
    format!("[{}] {}", code.as_str(), message)
}

/// Parses a decimal written in plain notation: optional sign, digits, optional fraction.
/// Exponents, `NaN`, `Infinity`, grouping separators and surrounding blanks are refused, and so
/// is a value of more than [`MAX_SIGNIFICANT_DIGITS`] significant digits.
pub fn parse_decimal(text: &str) -> Result<Decimal, (ErrorCode, String)> {
    let value = parse_decimal_in_range(text)?;
    // Trailing zeros after the point are not significant: `1.50` is as exact as `1.5`.
    if significant_digits(value.normalize().mantissa()) > MAX_SIGNIFICANT_DIGITS {
        return Err(out_of_range(text));
    }
    Ok(value)
}

fn out_of_range(text: &str) -> (ErrorCode, String) {
    (
        ErrorCode::DecimalOutOfRange,
        format!(
            "`{text}` is beyond the decimal range ({MAX_SIGNIFICANT_DIGITS} significant digits, \
             at most 28 after the point)"
        ),
    )
}

/// [`parse_decimal`] without the limit on significant digits: for text the core wrote itself
/// (a period figure compared by a condition), which may use all 96 bits of a decimal.
pub fn parse_decimal_in_range(text: &str) -> Result<Decimal, (ErrorCode, String)> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text).as_bytes();
    // Byte scans: this runs for every amount of every record.
    let dot = unsigned.iter().position(|&b| b == b'.');
    let (int_part, frac_part) = match dot {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let digits = |part: &[u8]| part.iter().all(u8::is_ascii_digit);
    let well_formed = !int_part.is_empty()
        && digits(int_part)
        && frac_part.is_none_or(|f| !f.is_empty() && digits(f));
    if !well_formed {
        return Err((
            ErrorCode::InvalidDecimal,
            format!("`{text}` is not a decimal number"),
        ));
    }
    Decimal::from_str_exact(text).map_err(|_| out_of_range(text))
}

/// The most significant digits a decimal may have. 96 bits hold every 28-digit number but only
/// some of 29 digits (up to 79,228,162,514,264,337,593,543,950,335), so the contract is 28.
pub const MAX_SIGNIFICANT_DIGITS: u32 = 28;

fn significant_digits(mantissa: i128) -> u32 {
    mantissa
        .unsigned_abs()
        .checked_ilog10()
        .map_or(1, |log| log + 1)
}

/// Whether a decimal has at most [`MAX_SIGNIFICANT_DIGITS`] significant digits: what a decimal
/// read from a host's native type (Python's `Decimal`, an integer) must also satisfy.
pub fn within_significant_digits(value: Decimal) -> bool {
    significant_digits(value.normalize().mantissa()) <= MAX_SIGNIFICANT_DIGITS
}

/// The first and last day the library reads and writes: years 1 to 9999, the range every
/// binding's native date type holds (Python's `date`, an ISO string in JS).
pub const FIRST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};
/// See [`FIRST_DATE`].
pub const LAST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// Whether a date is within [`FIRST_DATE`] … [`LAST_DATE`].
pub fn date_in_range(date: NaiveDate) -> bool {
    (FIRST_DATE..=LAST_DATE).contains(&date)
}

/// Parses a calendar date in `YYYY-MM-DD` form. Written out by hand because it runs for
/// every dated field of every record, and a format-string parser costs ten times more.
pub fn parse_date(text: &str) -> Result<NaiveDate, (ErrorCode, String)> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let parsed = if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        match (digits(0..4), digits(5..7), digits(8..10)) {
            // Year 0 is a proleptic year chrono knows, but no host date type does.
            (Some(y @ 1..), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
            _ => None,
        }
    } else {
        None
    };
    parsed.ok_or_else(|| {
        (
            ErrorCode::InvalidDate,
            format!("`{text}` is not a date in YYYY-MM-DD form between 0001-01-01 and 9999-12-31"),
        )
    })
}

/// Parses an RFC 3339 instant; the offset is required (`Z` or `+08:00`).
pub fn parse_instant(text: &str) -> Result<DateTime<FixedOffset>, (ErrorCode, String)> {
    let parsed = DateTime::parse_from_rfc3339(text).map_err(|_| {
        (
            ErrorCode::InvalidDatetime,
            format!("`{text}` is not an RFC 3339 instant with an offset, e.g. 2026-03-01T09:30:00+08:00"),
        )
    })?;
    // Both the local and the UTC calendar day must be in range: either may be written out.
    if !date_in_range(parsed.date_naive()) || !date_in_range(parsed.naive_utc().date()) {
        return Err((
            ErrorCode::InvalidDatetime,
            format!("`{text}` is outside the supported range, years 1 to 9999"),
        ));
    }
    Ok(parsed)
}

/// The largest integer a JavaScript number holds exactly (2^53 − 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A JavaScript number as the wire carries it, the same for Node and WASM: a whole number
/// within ±2^53 becomes an integer (so `100` is a valid amount); any other finite number
/// stays a float, which the core refuses wherever a decimal is expected; NaN and the
/// infinities, which JSON cannot hold, are refused as floats are, in the record they are in.
pub fn js_number(n: f64) -> Result<serde_json::Value, (ErrorCode, String)> {
    if !n.is_finite() {
        return Ok(serde_json::Value::String(non_finite(n)));
    }
    if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER {
        // Exact: the value is whole and within ±2^53. `-0` becomes `0`.
        return Ok(serde_json::Value::from(n as i64));
    }
    Ok(serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number))
}

/// The wire form of a NaN or an infinity from a host (a JS number, a Python float): a text the
/// core refuses with `FLOAT_NOT_ALLOWED` in the record that holds it, as it refuses any float.
pub fn non_finite(n: f64) -> String {
    super::strict::marked(
        ErrorCode::FloatNotAllowed,
        &format!("{n} is a binary floating-point value, not a number; pass decimals as strings (\"12.50\") or Decimal"),
    )
}

/// The canonical text of an instant: seconds precision unless sub-seconds are present, and
/// always a numeric offset (`+00:00`, never `Z`) so that every language prints it alike.
pub fn format_instant(at: &DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

/// A host value with no wire form (a NaN handed over as marked text) keeps the code of its
/// refusal wherever a decimal, date or instant is read, whichever deserializer reads it.
fn refuse_marked<E: de::Error>(v: &str) -> Result<(), E> {
    match super::strict::refusal_of(v) {
        Some((code, message)) => Err(E::custom(coded(code, message))),
        None => Ok(()),
    }
}

struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a decimal as a string such as \"1234.50\", or a whole number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        refuse_marked(v)?;
        parse_decimal(v).map_err(|(code, msg)| E::custom(coded(code, msg)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        Err(E::custom(coded(
            ErrorCode::FloatNotAllowed,
            format!("{v} is a binary floating-point number; pass decimals as strings (\"0.3\") or Decimal"),
        )))
    }
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = NaiveDate;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date in YYYY-MM-DD form")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<NaiveDate, E> {
        refuse_marked(v)?;
        parse_date(v).map_err(|(code, msg)| E::custom(coded(code, msg)))
    }
}

struct InstantVisitor;

impl<'de> Visitor<'de> for InstantVisitor {
    type Value = DateTime<FixedOffset>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an RFC 3339 instant with an offset")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime<FixedOffset>, E> {
        refuse_marked(v)?;
        parse_instant(v).map_err(|(code, msg)| E::custom(coded(code, msg)))
    }
}

/// `#[serde(with = "wire::decimal")]` for `Decimal` fields.
pub mod decimal {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(DECIMAL_MARKER, &value.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(DecimalVisitor)
    }
}

/// `#[serde(with = "wire::decimal_opt", default)]` for `Option<Decimal>` fields.
pub mod decimal_opt {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => super::decimal::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        d.deserialize_option(OptionVisitor(DecimalVisitor))
    }
}

/// `#[serde(with = "wire::date")]` for `NaiveDate` fields.
pub mod date {
    use super::*;

    pub fn serialize<S: Serializer>(value: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(DATE_MARKER, &value.format("%Y-%m-%d").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        d.deserialize_str(DateVisitor)
    }
}

/// `#[serde(with = "wire::date_opt", default)]` for `Option<NaiveDate>` fields.
pub mod date_opt {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => super::date::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        d.deserialize_option(OptionVisitor(DateVisitor))
    }
}

/// `#[serde(with = "wire::instant")]` for `DateTime<FixedOffset>` fields.
pub mod instant {
    use super::*;

    pub fn serialize<S: Serializer>(
        value: &DateTime<FixedOffset>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(INSTANT_MARKER, &format_instant(value))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        d.deserialize_str(InstantVisitor)
    }
}

/// `#[serde(with = "wire::instant_opt", default)]` for `Option<DateTime<FixedOffset>>` fields.
pub mod instant_opt {
    use super::*;

    pub fn serialize<S: Serializer>(
        value: &Option<DateTime<FixedOffset>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => super::instant::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        d.deserialize_option(OptionVisitor(InstantVisitor))
    }
}

/// `YYYY-MM-DD` for a four-digit year (0 to 9999), written into `buffer` without formatting
/// machinery: dates are written once per record on hot paths (placeholder messages, the
/// Python binding's reading of `date` objects).
pub fn iso_date_text(buffer: &mut [u8; 10], year: u32, month: u32, day: u32) -> &str {
    let digit = |n: u32| b'0' + (n % 10) as u8;
    *buffer = [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ];
    // Only ASCII digits and dashes were written.
    std::str::from_utf8(buffer).unwrap_or_default()
}

/// `YYYY-MM-DD` of a proleptic Gregorian day number, day 1 being 0001-01-01 (Python's
/// `date.toordinal()`); `None` outside years 1 to 9999.
pub fn iso_date_text_of_ordinal(buffer: &mut [u8; 10], ordinal: i64) -> Option<&str> {
    let (year, month, day) = civil_of_ordinal(ordinal)?;
    Some(iso_date_text(buffer, year, month, day))
}

/// Year, month and day of a day number in years 1 to 9999, by whole-number arithmetic on
/// 400-year cycles counted from 1 March of year 0, so that the leap day ends each year: the
/// Python binding reads every `date` this way.
fn civil_of_ordinal(ordinal: i64) -> Option<(u32, u32, u32)> {
    // 9999-12-31 is day 3,652,059.
    if !(1..=3_652_059).contains(&ordinal) {
        return None;
    }
    // 0001-01-01 is day 306 counted from 0000-03-01 (day 0).
    let days = (ordinal + 305) as u32;
    let cycle = days / 146_097;
    let day_of_cycle = days % 146_097;
    let year_of_cycle = (day_of_cycle - day_of_cycle / 1_460 + day_of_cycle / 36_524
        - day_of_cycle / 146_096)
        / 365;
    let day_of_year =
        day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);
    // Months counted from March: 0 is March, 11 is February.
    let march_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * march_month + 2) / 5 + 1;
    let month = if march_month < 10 {
        march_month + 3
    } else {
        march_month - 9
    };
    let year = cycle * 400 + year_of_cycle + u32::from(month <= 2);
    Some((year, month, day))
}

/// What a [`Lenient`] read takes in directly; everything else it returns as a `Value`.
pub(crate) trait Taker<'de> {
    type Out;
    fn text(self, text: &str) -> Option<Self::Out>;
    fn map<A: de::MapAccess<'de>>(
        self,
        map: A,
    ) -> Result<Result<Self::Out, serde_json::Value>, A::Error>
    where
        Self: Sized,
    {
        <serde_json::Value as de::Deserialize>::deserialize(de::value::MapAccessDeserializer::new(
            map,
        ))
        .map(Err)
    }
}

/// Reads one value without raising an error for its content: what the taker accepts is
/// taken in, anything else comes back as the `Value` it is, for the general path to word.
pub(crate) struct Lenient<T>(pub T);

/// The newtype name a [`Lenient`] read asks for: `wire::strict` then hands it marked text (a
/// host value with no wire form) as text instead of refusing it, so that the record holding it
/// is rejected on its own by the general path. Every other deserializer just unwraps it.
pub const LENIENT_MARKER: &str = "$revlogic::Lenient";

impl<'de, T: Taker<'de>> de::DeserializeSeed<'de> for Lenient<T> {
    type Value = Result<T::Out, serde_json::Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_newtype_struct(LENIENT_MARKER, self)
    }
}

impl<'de, T: Taker<'de>> Visitor<'de> for Lenient<T> {
    type Value = Result<T::Out, serde_json::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        // Host text that was not valid Unicode is never taken: the general path refuses it.
        if super::strict::refusal_of(v).is_some() {
            return Ok(Err(serde_json::Value::String(v.to_owned())));
        }
        Ok(self
            .0
            .text(v)
            .ok_or_else(|| serde_json::Value::String(v.to_owned())))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Err(serde_json::Value::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Err(serde_json::Value::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Err(serde_json::Value::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Err(serde_json::Number::from_f64(v).map_or(
            serde_json::Value::Null,
            serde_json::Value::Number,
        )))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Err(serde_json::Value::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Err(serde_json::Value::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        <serde_json::Value as de::Deserialize>::deserialize(d).map(Err)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        <serde_json::Value as de::Deserialize>::deserialize(de::value::SeqAccessDeserializer::new(
            seq,
        ))
        .map(Err)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.map(map)
    }
}

/// Any text, as it is (an id, a field value, a member kept for later parsing).
pub(crate) struct AnyText;

impl<'de> Taker<'de> for AnyText {
    type Out = compact_str::CompactString;
    fn text(self, text: &str) -> Option<compact_str::CompactString> {
        Some(compact_str::CompactString::from(text))
    }
}

/// A record read as a map whose refusal is a value, not an error: what a record type that is
/// rejected on its own (a commission deal) implements to be read by [`RecordVisitor`].
pub(crate) trait RecordMap<'de>: Sized {
    type Value;
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error>;
    /// The value for something that is not a map at all, described as serde would
    /// (`string "x"`, `floating point `1.5``).
    fn not_a_map(self, what: fmt::Arguments<'_>) -> Self::Value;
}

/// Reads a record without ever raising an error for its content, so that an error swallowed
/// for one record never reaches the request's path-tracking decoder. Floats are described here
/// (with the other wire refusals) like every other non-map.
pub(crate) struct RecordVisitor<R>(pub R);

impl<'de, R: RecordMap<'de>> Visitor<'de> for RecordVisitor<R> {
    type Value = R::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record (an object)")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<R::Value, E> {
        Ok(self.0.not_a_map(format_args!("boolean `{v}`")))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<R::Value, E> {
        Ok(self.0.not_a_map(format_args!("integer `{v}`")))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<R::Value, E> {
        Ok(self.0.not_a_map(format_args!("integer `{v}`")))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<R::Value, E> {
        Ok(self.0.not_a_map(format_args!("floating point `{v}`")))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<R::Value, E> {
        Ok(self.0.not_a_map(format_args!("string {v:?}")))
    }
    fn visit_unit<E: de::Error>(self) -> Result<R::Value, E> {
        Ok(self.0.not_a_map(format_args!("null")))
    }
    fn visit_none<E: de::Error>(self) -> Result<R::Value, E> {
        Ok(self.0.not_a_map(format_args!("null")))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<R::Value, A::Error> {
        // Read to the end: a tree deserializer refuses a sequence left half-read.
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(self.0.not_a_map(format_args!("sequence")))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<R::Value, A::Error> {
        self.0.visit_map(map)
    }
}

struct OptionVisitor<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for OptionVisitor<V> {
    type Value = Option<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(" or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self.0).map(Some)
    }
}

/// Marker types for JSON Schema: `#[schemars(with = "wire::DecimalString")]` documents a
/// decimal field as a string with a decimal pattern.
pub struct DecimalString;

impl schemars::JsonSchema for DecimalString {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DecimalString".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A decimal number written as a string (\"1234.50\") or a whole number; binary floats are refused.",
            "anyOf": [
                { "type": "string", "pattern": "^[+-]?[0-9]+(\\.[0-9]+)?$" },
                { "type": "integer" }
            ]
        })
    }
}

/// JSON Schema for a `YYYY-MM-DD` date.
pub struct DateString;

impl schemars::JsonSchema for DateString {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DateString".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date" })
    }
}

/// JSON Schema for an RFC 3339 instant.
pub struct InstantString;

impl schemars::JsonSchema for InstantString {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "InstantString".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date-time" })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ordinals_count_days_from_the_first_of_january_of_year_one() {
        let text = |n| iso_date_text_of_ordinal(&mut [0; 10], n).map(str::to_string);
        assert_eq!(text(1).as_deref(), Some("0001-01-01"));
        // date(2026, 3, 31).toordinal() in Python.
        assert_eq!(text(739_706).as_deref(), Some("2026-03-31"));
        assert_eq!(text(3_652_059).as_deref(), Some("9999-12-31"));
        assert_eq!(text(0), None);
        assert_eq!(text(3_652_060), None);
    }

    #[test]
    fn every_ordinal_of_years_one_to_9999_reads_as_chrono_counts_it() {
        use chrono::{Datelike, NaiveDate};
        for ordinal in 1..=3_652_059 {
            let date = NaiveDate::from_num_days_from_ce_opt(ordinal as i32).expect("in range");
            let expected = (date.year() as u32, date.month(), date.day());
            assert_eq!(
                super::civil_of_ordinal(ordinal),
                Some(expected),
                "day {ordinal}"
            );
        }
    }

    #[test]
    fn iso_date_text_pads_every_part() {
        let mut buffer = [0; 10];
        assert_eq!(super::iso_date_text(&mut buffer, 999, 1, 2), "0999-01-02");
        assert_eq!(
            super::iso_date_text(&mut buffer, 2026, 12, 31),
            "2026-12-31"
        );
    }

    use super::*;

    #[test]
    fn decimals_have_at_most_28_significant_digits() {
        for ok in [
            "9999999999999999999999999999",
            "-9999999999999999999999999999",
            "0.0000000000000000000000000001",
            "1.5000000000000000000000000000",
            "12345678901234567890.12345678",
        ] {
            assert!(parse_decimal(ok).is_ok(), "{ok}");
        }
        for out in [
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "10000000000000000000000000000",
            "1.0000000000000000000000000001",
            "0.00000000000000000000000000001",
        ] {
            assert_eq!(
                parse_decimal(out).unwrap_err().0,
                ErrorCode::DecimalOutOfRange,
                "{out}"
            );
        }
        assert!(within_significant_digits(Decimal::new(1, 0)));
        assert!(!within_significant_digits(Decimal::MAX));
    }

    #[test]
    fn dates_and_instants_are_within_years_1_to_9999() {
        assert_eq!(parse_date("0001-01-01").unwrap(), FIRST_DATE);
        assert_eq!(parse_date("9999-12-31").unwrap(), LAST_DATE);
        assert_eq!(
            parse_date("0000-01-01").unwrap_err().0,
            ErrorCode::InvalidDate
        );
        assert_eq!(
            parse_date("0000-02-29").unwrap_err().0,
            ErrorCode::InvalidDate
        );
        assert!(parse_instant("0001-01-01T00:00:00Z").is_ok());
        assert!(parse_instant("9999-12-31T23:59:59Z").is_ok());
        for out in [
            "0000-12-31T23:59:59Z",
            // Year 1 locally, but year 0 in UTC.
            "0001-01-01T00:00:00+08:00",
            "9999-12-31T23:00:00-08:00",
        ] {
            assert_eq!(
                parse_instant(out).unwrap_err().0,
                ErrorCode::InvalidDatetime,
                "{out}"
            );
        }
    }

    #[test]
    fn decimals_parse_in_plain_notation_only() {
        assert_eq!(parse_decimal("1234.50").unwrap().to_string(), "1234.50");
        assert_eq!(parse_decimal("-0.1").unwrap().to_string(), "-0.1");
        assert_eq!(
            parse_decimal("1234567890123456789012345678")
                .unwrap()
                .to_string(),
            "1234567890123456789012345678"
        );
        for bad in [
            "NaN", "Infinity", "1e5", "", "1.", ".5", "1,000", " 1", "0x10", "--1",
        ] {
            assert_eq!(
                parse_decimal(bad).unwrap_err().0,
                ErrorCode::InvalidDecimal,
                "{bad}"
            );
        }
        for huge in [
            "123456789012345678901234567890",
            "0.12345678901234567890123456789012",
        ] {
            assert_eq!(
                parse_decimal(huge).unwrap_err().0,
                ErrorCode::DecimalOutOfRange,
                "{huge}"
            );
        }
    }

    #[test]
    fn dates_must_be_iso_calendar_dates() {
        assert!(parse_date("2026-12-31").is_ok());
        for bad in [
            "2026/12/31",
            "2026-02-30",
            "26-12-31",
            "2026-1-5",
            "20261231",
        ] {
            assert_eq!(
                parse_date(bad).unwrap_err().0,
                ErrorCode::InvalidDate,
                "{bad}"
            );
        }
    }

    #[test]
    fn js_numbers_become_integers_when_whole() {
        assert_eq!(js_number(100.0).unwrap(), serde_json::json!(100));
        assert_eq!(js_number(-0.0).unwrap(), serde_json::json!(0));
        assert!(js_number(0.1 + 0.2).unwrap().is_f64());
        assert!(js_number(9_007_199_254_740_992.0).unwrap().is_f64());
        for n in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let marked = js_number(n).unwrap();
            let refusal = super::super::strict::refusal_of(marked.as_str().unwrap());
            assert_eq!(
                refusal.map(|r| r.0),
                Some(ErrorCode::FloatNotAllowed),
                "{n}"
            );
        }
    }

    #[test]
    fn instants_need_an_offset_and_print_it_numerically() {
        let at = parse_instant("2026-03-01T09:30:00Z").unwrap();
        assert_eq!(format_instant(&at), "2026-03-01T09:30:00+00:00");
        assert!(parse_instant("2026-03-01T09:30:00").is_err());
    }
}

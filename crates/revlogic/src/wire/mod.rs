//! The one boundary every binding and the conformance runner use. A binding turns host values
//! into a `serde_json::Value` tree (no JSON text), calls a function of [`ops`], and turns the
//! typed result (via serde) or the [`crate::ErrorPayload`] back into host values. No binding
//! decodes documents or holds domain logic of its own.

pub mod decode;
pub mod entry;
pub mod limits;
pub mod ops;
pub mod scalar;
pub mod schema;
pub mod strict;

pub use entry::{Entry, TextRecord};
pub use scalar::{
    date, date_opt, decimal, decimal_opt, instant, instant_opt, iso_date_text,
    iso_date_text_of_ordinal, DateString, DecimalString, InstantString, DATE_MARKER,
    DECIMAL_MARKER, INSTANT_MARKER,
};

//! One deal of a statement request, decoded while the request is read: a good deal becomes a
//! typed [`DealRecord`] at once, a bad one keeps its problem (and the id and rep it named) so
//! that it is rejected on its own while the rest of the statement computes.
//!
//! Decoding never fails for a bad deal. Each member is first taken as a small `Value` (which
//! any tree of host values can always give) and then converted on its own, so the error of one
//! member is never raised through the request's decoder: that decoder tracks the path of the
//! first error it sees, and a swallowed deal error would otherwise be reported for a later,
//! unrelated one.

use super::request::{ActivationRecord, DealRecord, SplitRecord};
use super::{DealFields, FieldValue};
use crate::error::{ErrorCode, Problem};
use crate::money::Currency;
use crate::wire;
use crate::wire::decode::{decode_problem, problem_from_message};
use crate::wire::entry::{Key, KeySeed};
use crate::wire::scalar::{parse_date, parse_decimal, AnyText, Lenient, Taker};
use crate::wire::scalar::{RecordMap, RecordVisitor};
use crate::wire::strict::refusal_of;
use compact_str::CompactString;
use serde::de::{DeserializeOwned, Deserializer, MapAccess};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

/// A deal as the request carried it.
#[derive(Debug, Clone)]
pub enum DealEntry {
    /// Held inline rather than boxed: a statement reads the deals in order, and a vector of
    /// records side by side is read at memory speed where boxes scattered by the decoder are not.
    Decoded(DealRecord),
    /// The problem's path is relative to the deal (`amount`, `activation.rate`, or empty for
    /// the deal itself); the statement places it under `deals[i]`.
    Rejected {
        id: Option<String>,
        rep: Option<String>,
        problem: Problem,
    },
}

impl DealEntry {
    /// The id the deal names, decoded or not.
    pub fn id(&self) -> Option<&str> {
        match self {
            DealEntry::Decoded(record) => Some(&record.id),
            DealEntry::Rejected { id, .. } => id.as_deref(),
        }
    }

    /// The record, for a deal that decoded.
    pub fn record(&self) -> Option<&DealRecord> {
        match self {
            DealEntry::Decoded(record) => Some(record),
            DealEntry::Rejected { .. } => None,
        }
    }
}

impl From<DealRecord> for DealEntry {
    fn from(record: DealRecord) -> Self {
        DealEntry::Decoded(record)
    }
}

impl<'de> Deserialize<'de> for DealEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RecordVisitor(DealReader))
    }
}

struct DealReader;

const FIELDS: &[&str] = &[
    "id",
    "rep",
    "amount",
    "currency",
    "closeDate",
    "invoiceDate",
    "signedDate",
    "fields",
    "newCustomer",
    "activation",
    "splits",
    "overlays",
];

impl<'de> RecordMap<'de> for DealReader {
    type Value = DealEntry;

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DealEntry, A::Error> {
        let mut deal = Partial::default();
        // Member names are matched without allocating them; only an unknown one is kept.
        while let Some(key) = map.next_key_seed(KeySeed(FIELDS))? {
            let key = match &key {
                Key::Member(slot) => FIELDS[*slot],
                Key::Other(name) => name.as_str(),
            };
            // Text that parses is taken in directly; anything else goes the general way.
            let read = if key == "fields" {
                match map.next_value_seed(Lenient(FieldsTaker))? {
                    Ok(fields) => {
                        deal.fields = Some(fields);
                        continue;
                    }
                    Err(value) => value,
                }
            } else {
                match map.next_value_seed(Lenient(MemberTaker(&mut deal, key)))? {
                    Ok(()) => continue,
                    Err(value) => value,
                }
            };
            deal.member(key, read);
        }
        Ok(deal.finish())
    }

    fn not_a_map(self, what: fmt::Arguments<'_>) -> DealEntry {
        DealEntry::Rejected {
            id: None,
            rep: None,
            problem: Problem::new(
                ErrorCode::InvalidType,
                "",
                format!("invalid type: {what}, expected struct DealRecord"),
            ),
        }
    }
}

/// The members read so far, and the first problem in member-name order: the order in which
/// a decoder reading the members sorted by name (as every other binding's tree holds them)
/// meets them, so that every language reports the same one.
#[derive(Default)]
struct Partial {
    id: Option<CompactString>,
    rep: Option<CompactString>,
    amount: Option<rust_decimal::Decimal>,
    currency: Option<Currency>,
    close_date: Option<chrono::NaiveDate>,
    invoice_date: Option<chrono::NaiveDate>,
    signed_date: Option<chrono::NaiveDate>,
    fields: Option<DealFields>,
    new_customer: bool,
    activation: Option<ActivationRecord>,
    splits: Option<Vec<SplitRecord>>,
    overlays: Option<Vec<SplitRecord>>,
    problem: Option<(String, Problem)>,
}

impl Partial {
    fn member(&mut self, key: &str, value: Value) {
        let outcome = match key {
            "id" => scalar::<CompactString>(value, key).map(|v| self.id = Some(v)),
            "rep" => scalar::<CompactString>(value, key).map(|v| self.rep = Some(v)),
            "amount" => with(wire::decimal::deserialize, value, key).map(|v| self.amount = Some(v)),
            "currency" => scalar::<Option<Currency>>(value, key).map(|v| self.currency = v),
            "closeDate" => {
                with(wire::date::deserialize, value, key).map(|v| self.close_date = Some(v))
            }
            "invoiceDate" => {
                with(wire::date_opt::deserialize, value, key).map(|v| self.invoice_date = v)
            }
            "signedDate" => {
                with(wire::date_opt::deserialize, value, key).map(|v| self.signed_date = v)
            }
            "fields" => match value {
                Value::Null => Ok(()),
                Value::Object(map) => {
                    self.fields = Some(DealFields::from(map));
                    Ok(())
                }
                _ => Err(Problem::new(
                    ErrorCode::InvalidType,
                    "fields",
                    "`fields` must be an object of field names to values",
                )),
            },
            "newCustomer" => scalar::<bool>(value, key).map(|v| self.new_customer = v),
            "activation" => nested(&value, key).map(|v| self.activation = v),
            "splits" => nested(&value, key).map(|v| self.splits = v),
            "overlays" => nested(&value, key).map(|v| self.overlays = v),
            _ => Err(problem_from_message(
                &format!(
                    "unknown field `{key}`, expected one of {}",
                    FIELDS
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                "",
            )),
        };
        if let Err(problem) = outcome {
            let earlier = matches!(&self.problem, Some((k, _)) if k.as_str() <= key);
            if !earlier {
                self.problem = Some((key.to_string(), problem));
            }
        }
    }

    fn finish(self) -> DealEntry {
        match (
            self.problem,
            self.id,
            self.rep,
            self.amount,
            self.close_date,
        ) {
            (None, Some(id), Some(rep), Some(amount), Some(close_date)) => {
                DealEntry::Decoded(DealRecord {
                    id,
                    rep,
                    amount,
                    currency: self.currency,
                    close_date,
                    invoice_date: self.invoice_date,
                    signed_date: self.signed_date,
                    fields: self.fields.unwrap_or_default(),
                    new_customer: self.new_customer,
                    activation: self.activation,
                    splits: self.splits,
                    overlays: self.overlays,
                })
            }
            (problem, id, rep, amount, _) => {
                let problem = problem.map(|(_, p)| p).unwrap_or_else(|| {
                    let name = match (&id, &rep, amount) {
                        (None, ..) => "id",
                        (_, None, _) => "rep",
                        (_, _, None) => "amount",
                        _ => "closeDate",
                    };
                    problem_from_message(&format!("missing field `{name}`"), "")
                });
                // The id and rep as named (only text is), even when the deal does not decode.
                DealEntry::Rejected {
                    id: id.map(|id| id.to_string()),
                    rep: rep.map(|rep| rep.to_string()),
                    problem,
                }
            }
        }
    }
}

impl Partial {
    /// Takes in a member given as text when the text is what the member needs (an id, a
    /// decimal, a date): the common case, without building a `Value` first. `false` leaves it
    /// to [`Partial::member`], which words the problem.
    fn take_text(&mut self, key: &str, text: &str) -> bool {
        match key {
            "id" => self.id = Some(CompactString::from(text)),
            "rep" => self.rep = Some(CompactString::from(text)),
            "amount" => match parse_decimal(text) {
                Ok(amount) => self.amount = Some(amount),
                Err(_) => return false,
            },
            "closeDate" | "invoiceDate" | "signedDate" => match parse_date(text) {
                Ok(date) => match key {
                    "closeDate" => self.close_date = Some(date),
                    "invoiceDate" => self.invoice_date = Some(date),
                    _ => self.signed_date = Some(date),
                },
                Err(_) => return false,
            },
            _ => return false,
        }
        true
    }
}

/// A deal member given as text.
struct MemberTaker<'p>(&'p mut Partial, &'p str);

impl<'de> Taker<'de> for MemberTaker<'_> {
    type Out = ();
    fn text(self, text: &str) -> Option<()> {
        self.0.take_text(self.1, text).then_some(())
    }
}

/// A deal's `fields` object, read straight into [`DealFields`].
struct FieldsTaker;

impl<'de> Taker<'de> for FieldsTaker {
    type Out = DealFields;
    fn text(self, _: &str) -> Option<DealFields> {
        None
    }
    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Result<DealFields, Value>, A::Error> {
        let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0));
        // Field names are short: read inline, without an allocation each.
        while let Some(name) = map.next_key::<CompactString>()? {
            let value = match map.next_value_seed(Lenient(AnyText))? {
                Ok(text) => FieldValue::Text(text),
                Err(other) => FieldValue::Other(other),
            };
            pairs.push((name, value));
        }
        Ok(Ok(DealFields::from_pairs(pairs)))
    }
}

/// A member that is one value (a string, a decimal, a date): its problem is at the member.
fn scalar<T: DeserializeOwned>(value: Value, key: &str) -> Result<T, Problem> {
    crate::wire::strict::from_value(&value).map_err(|e| problem_from_message(&e.to_string(), key))
}

fn with<T>(
    read: fn(Value) -> Result<T, serde_json::Error>,
    value: Value,
    key: &str,
) -> Result<T, Problem> {
    // A host value with no wire form keeps the code of its refusal (a NaN is a float).
    if let Some((code, message)) = value.as_str().and_then(refusal_of) {
        return Err(Problem::new(code, key, message));
    }
    read(value).map_err(|e| problem_from_message(&e.to_string(), key))
}

/// A member with members of its own: a problem inside it names the inner path.
fn nested<T: DeserializeOwned>(value: &Value, key: &str) -> Result<T, Problem> {
    crate::wire::strict::from_value(value).or_else(|_| decode_problem(value, key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::value::MapDeserializer;
    use serde_json::json;

    fn entry_from_members(members: Vec<(&str, Value)>) -> DealEntry {
        let members = members.into_iter().map(|(k, v)| (k.to_string(), v));
        DealEntry::deserialize(MapDeserializer::<_, serde_json::Error>::new(members))
            .expect("a deal entry never fails to decode")
    }

    fn problem(entry: &DealEntry) -> (ErrorCode, &str) {
        match entry {
            DealEntry::Rejected { problem, .. } => (problem.code, problem.path.as_str()),
            DealEntry::Decoded(_) => panic!("expected a rejected deal"),
        }
    }

    #[test]
    fn the_first_problem_by_member_name_wins_whatever_order_the_members_come_in() {
        let members = || {
            vec![
                ("zeta", json!(1)),
                ("rep", json!("wang")),
                ("amount", json!("abc")),
                ("id", json!("D1")),
                ("closeDate", json!("2026-01-05")),
            ]
        };
        let forward = entry_from_members(members());
        let backward = entry_from_members(members().into_iter().rev().collect());
        assert_eq!(problem(&forward), (ErrorCode::InvalidDecimal, "amount"));
        assert_eq!(problem(&backward), problem(&forward));
        let DealEntry::Rejected { id, rep, .. } = forward else {
            unreachable!()
        };
        assert_eq!((id.as_deref(), rep.as_deref()), (Some("D1"), Some("wang")));
    }

    #[test]
    fn missing_members_are_named_in_declaration_order_and_nested_paths_kept() {
        let no_rep = entry_from_members(vec![("id", json!("D1"))]);
        assert_eq!(problem(&no_rep), (ErrorCode::MissingField, "rep"));
        let bad_activation = entry_from_members(vec![
            ("id", json!("D1")),
            ("rep", json!("wang")),
            ("amount", json!("10")),
            ("closeDate", json!("2026-01-05")),
            ("activation", json!({"rate": 0.95, "date": "2026-01-20"})),
        ]);
        assert_eq!(
            problem(&bad_activation),
            (ErrorCode::FloatNotAllowed, "activation.rate")
        );
        for not_an_object in [json!("D1"), json!(1.5), json!([1, 2]), json!(null)] {
            let entry: DealEntry = serde_json::from_value(not_an_object).expect("decodes");
            assert_eq!(problem(&entry), (ErrorCode::InvalidType, ""));
        }
    }

    #[test]
    fn known_members_and_field_names_are_read_and_an_unknown_member_is_named() {
        let valid = || {
            vec![
                ("id", json!("D1")),
                ("rep", json!("wang")),
                ("amount", json!("10")),
                ("closeDate", json!("2026-01-05")),
                (
                    "fields",
                    json!({"tier": "B", "line": "device", "vip": true}),
                ),
            ]
        };
        let DealEntry::Decoded(deal) = entry_from_members(valid()) else {
            panic!("a valid deal decodes")
        };
        let fields: Vec<(&str, Option<String>)> = deal
            .fields
            .iter()
            .map(|(name, value)| (name, value.match_text().map(|t| t.to_string())))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("line", Some("device".to_string())),
                ("tier", Some("B".to_string())),
                ("vip", Some("true".to_string()))
            ]
        );
        let mut with_unknown = valid();
        with_unknown.push(("colour", json!("red")));
        let DealEntry::Rejected { problem, .. } = entry_from_members(with_unknown) else {
            panic!("an unknown member rejects the deal")
        };
        assert_eq!(problem.code, ErrorCode::UnknownField);
        assert!(problem.message.contains("`colour`"), "{}", problem.message);
    }

    #[test]
    fn a_bad_deal_does_not_take_over_the_path_of_a_later_request_error() {
        let request = json!({
            "period": {"from": "2026-01-01", "to": "2026-03-31"},
            "asOf": "not a date",
            "reps": [],
            "deals": [{"id": "D1", "rep": "wang", "amount": "x", "closeDate": "2026-01-05"}]
        });
        let err = crate::wire::decode::decode::<super::super::StatementRequest>(
            &request,
            "",
            crate::error::ErrorKind::Input,
        )
        .expect_err("asOf is not a date");
        assert_eq!(err.problems[0].path, "asOf");
    }
}

//! One record of a long request list (order lines, returns, invoices, payments), decoded while
//! the request is read.
//!
//! A record whose members are all text that parses becomes its typed form at once, with no
//! `Value` in between: the common case, and the one a million-line batch pays for. Anything
//! else (a number, a null, a nested object, an unknown member, text that does not parse) is
//! handed to the record's own serde decoder as a `Value`, which accepts or words the problem
//! exactly as it would have without the shortcut. Either way a bad record is kept with its
//! problem and rejected on its own: decoding the request never fails because of one record,
//! and no error of a record reaches the request's path-tracking decoder.

use crate::error::Problem;
use crate::wire::decode::{decode_problem, problem_from_message};
use crate::wire::scalar::{AnyText, Lenient, RecordMap, RecordVisitor};
use compact_str::CompactString;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::fmt;
use std::marker::PhantomData;

/// The most members a [`TextRecord`] has.
pub const MAX_MEMBERS: usize = 8;

/// A record's members given as text, by their position in [`TextRecord::MEMBERS`].
pub type Texts = [Option<CompactString>; MAX_MEMBERS];

/// A record type that can be built straight from members given as text.
pub trait TextRecord: DeserializeOwned {
    /// The struct name serde's messages use (`expected struct OrderLineRecord`).
    const NAME: &'static str;
    /// Member names on the wire; a member's slot in [`Texts`] is its position here.
    const MEMBERS: &'static [&'static str];
    /// The record, when every required member is there and each text parses; `None` leaves
    /// the record to its serde decoder. Texts are taken out only once the record is sure to
    /// build, so that decoder still sees every member.
    fn from_texts(texts: &mut Texts) -> Option<Self>;
    /// The record's id, for its rejection.
    fn id(&self) -> &str;
}

/// A record as the request carried it.
#[derive(Debug, Clone)]
pub enum Entry<T> {
    Decoded(T),
    /// The problem's path is relative to the record (`amount`, or empty for the record
    /// itself); the operation places it under the list (`lines[3].amount`).
    Rejected {
        id: Option<String>,
        problem: Problem,
    },
}

impl<T> Entry<T> {
    pub fn decoded(&self) -> Option<&T> {
        match self {
            Entry::Decoded(record) => Some(record),
            Entry::Rejected { .. } => None,
        }
    }
}

impl<T: TextRecord> Entry<T> {
    /// The id the record names, decoded or not (only text is an id).
    pub fn id(&self) -> Option<&str> {
        match self {
            Entry::Decoded(record) => Some(record.id()),
            Entry::Rejected { id, .. } => id.as_deref(),
        }
    }
}

impl<T> From<T> for Entry<T> {
    fn from(record: T) -> Self {
        Entry::Decoded(record)
    }
}

/// An optional member given as text: `Some(None)` when absent, `None` when it does not parse.
pub fn optional<T, E>(
    text: &Option<CompactString>,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Option<Option<T>> {
    match text {
        None => Some(None),
        Some(text) => parse(text).ok().map(Some),
    }
}

impl<'de, T: TextRecord> Deserialize<'de> for Entry<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RecordVisitor(Reader(PhantomData::<T>)))
    }
}

struct Reader<T>(PhantomData<T>);

impl<'de, T: TextRecord> RecordMap<'de> for Reader<T> {
    type Value = Entry<T>;

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry<T>, A::Error> {
        const {
            assert!(
                T::MEMBERS.len() <= MAX_MEMBERS,
                "more members than `Texts` holds"
            )
        };
        let mut texts = Texts::default();
        let mut others: Vec<(String, Value)> = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed(T::MEMBERS))? {
            match key {
                Key::Member(slot) => match map.next_value_seed(Lenient(AnyText))? {
                    Ok(text) => {
                        if !others.is_empty() {
                            // A member given twice: the later one stands, as in a `Value`.
                            others.retain(|(k, _)| k != T::MEMBERS[slot]);
                        }
                        texts[slot] = Some(text);
                    }
                    Err(value) => {
                        texts[slot] = None;
                        others.push((T::MEMBERS[slot].to_string(), value));
                    }
                },
                Key::Other(name) => {
                    let value = map.next_value::<Value>()?;
                    others.push((name, value));
                }
            }
        }
        if others.is_empty() {
            if let Some(record) = T::from_texts(&mut texts) {
                return Ok(Entry::Decoded(record));
            }
        }
        Ok(by_schema(texts, others))
    }

    fn not_a_map(self, what: fmt::Arguments<'_>) -> Entry<T> {
        let message = format!("invalid type: {what}, expected struct {}", T::NAME);
        Entry::Rejected {
            id: None,
            problem: problem_from_message(&message, ""),
        }
    }
}

/// The record decoded by its serde type from the members as given.
fn by_schema<T: TextRecord>(texts: Texts, others: Vec<(String, Value)>) -> Entry<T> {
    let mut object = Map::new();
    for (name, text) in T::MEMBERS.iter().zip(texts) {
        if let Some(text) = text {
            object.insert((*name).to_string(), Value::String(text.into()));
        }
    }
    object.extend(others);
    let value = Value::Object(object);
    match decode_problem::<T>(&value, "") {
        Ok(record) => Entry::Decoded(record),
        Err(problem) => Entry::Rejected {
            id: value.get("id").and_then(Value::as_str).map(str::to_string),
            problem,
        },
    }
}

/// A member name: its slot among the record's members, or the name itself when unknown.
pub(crate) enum Key {
    Member(usize),
    Other(String),
}

/// Reads a record's member name without allocating it when it is one of the record's own.
pub(crate) struct KeySeed(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(match self.0.iter().position(|m| *m == name) {
            Some(slot) => Key::Member(slot),
            None => Key::Other(name.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use serde_json::json;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Item {
        id: CompactString,
        #[serde(with = "crate::wire::decimal")]
        amount: rust_decimal::Decimal,
        #[serde(default)]
        note: Option<String>,
    }

    impl TextRecord for Item {
        const NAME: &'static str = "Item";
        const MEMBERS: &'static [&'static str] = &["id", "amount", "note"];
        fn from_texts(texts: &mut Texts) -> Option<Self> {
            let amount = crate::wire::scalar::parse_decimal(texts[1].as_deref()?).ok()?;
            let id = texts[0].take()?;
            Some(Item {
                id,
                amount,
                note: texts[2].take().map(String::from),
            })
        }
        fn id(&self) -> &str {
            &self.id
        }
    }

    fn entry(value: Value) -> Entry<Item> {
        serde_json::from_value(value).expect("an entry never fails to decode")
    }

    fn problem(entry: &Entry<Item>) -> (Option<&str>, ErrorCode, &str) {
        match entry {
            Entry::Rejected { id, problem } => (id.as_deref(), problem.code, &problem.path),
            Entry::Decoded(item) => panic!("expected a rejection, got {item:?}"),
        }
    }

    #[test]
    fn text_members_and_members_that_need_the_schema_give_the_same_record() {
        let by_text = entry(json!({"id": "A", "amount": "12.50"}));
        let by_schema = entry(json!({"id": "A", "amount": 12, "note": null}));
        let expected = |amount: &str| Item {
            id: "A".into(),
            amount: amount.parse().expect("a decimal"),
            note: None,
        };
        assert_eq!(by_text.decoded(), Some(&expected("12.50")));
        assert_eq!(by_schema.decoded(), Some(&expected("12")));
    }

    #[test]
    fn problems_are_those_of_the_schema_with_the_id_when_it_is_text() {
        let e = entry(json!({"id": "A", "amount": "x"}));
        assert_eq!(
            problem(&e),
            (Some("A"), ErrorCode::InvalidDecimal, "amount")
        );
        let e = entry(json!({"id": "A", "amount": 1.5}));
        assert_eq!(
            problem(&e),
            (Some("A"), ErrorCode::FloatNotAllowed, "amount")
        );
        let e = entry(json!({"id": "A", "amount": "1", "colour": "red"}));
        assert_eq!(problem(&e), (Some("A"), ErrorCode::UnknownField, "colour"));
        let e = entry(json!({"amount": "1"}));
        assert_eq!(problem(&e), (None, ErrorCode::MissingField, "id"));
        let e = entry(json!({"id": 7, "amount": "1"}));
        assert_eq!(problem(&e).0, None);
        let e = entry(json!("A"));
        assert_eq!(problem(&e), (None, ErrorCode::InvalidType, ""));
        match e {
            Entry::Rejected { problem, .. } => {
                assert_eq!(
                    problem.message,
                    "invalid type: string \"A\", expected struct Item"
                )
            }
            Entry::Decoded(_) => unreachable!(),
        }
    }

    #[test]
    fn a_member_given_twice_keeps_the_later_value() {
        let members = |later: Value| {
            let pairs = vec![
                ("id".to_string(), json!("A")),
                ("amount".to_string(), json!(3)),
                ("amount".to_string(), later),
            ];
            Entry::<Item>::deserialize(de::value::MapDeserializer::<_, serde_json::Error>::new(
                pairs.into_iter(),
            ))
            .expect("decodes")
        };
        let text_last = members(json!("4.00"));
        assert_eq!(
            text_last.decoded().map(|i| i.amount.to_string()),
            Some("4.00".into())
        );
        let number_last = members(json!(5));
        assert_eq!(
            number_last.decoded().map(|i| i.amount.to_string()),
            Some("5".into())
        );
    }
}

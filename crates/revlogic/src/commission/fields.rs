//! A deal's fields, the values the rate rules look at (`productLine`, `customerTier`, …).
//!
//! A deal names a handful of fields, and a statement reads them for every deal of a batch that
//! may hold a million. They are kept as one short list sorted by name, with names and text
//! values stored inline when short, rather than as a JSON map whose nodes and strings are each
//! a separate allocation to chase.

use compact_str::CompactString;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};
use std::borrow::Cow;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DealFields(Vec<(CompactString, FieldValue)>);

/// One field's value: text, or any other JSON value as sent.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(CompactString),
    Other(Value),
}

impl FieldValue {
    /// The text a rate rule compares with: strings as they are, booleans and numbers by their
    /// JSON text; other values match no rule.
    pub fn match_text(&self) -> Option<Cow<'_, str>> {
        match self {
            FieldValue::Text(s) => Some(Cow::Borrowed(s.as_str())),
            FieldValue::Other(v @ (Value::Bool(_) | Value::Number(_))) => {
                Some(Cow::Owned(v.to_string()))
            }
            FieldValue::Other(_) => None,
        }
    }

    pub fn to_value(&self) -> Value {
        match self {
            FieldValue::Text(s) => Value::String(s.to_string()),
            FieldValue::Other(v) => v.clone(),
        }
    }
}

impl DealFields {
    pub fn get(&self, name: &str) -> Option<&FieldValue> {
        // A scan rather than a binary search: a deal has a handful of fields, and an equality
        // test rejects most names on their length without comparing bytes.
        self.0
            .iter()
            .find(|(n, _)| n.as_str() == name)
            .map(|(_, value)| value)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The fields in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &FieldValue)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v))
    }

    /// The fields as a JSON object, for explanations.
    pub fn to_map(&self) -> Map<String, Value> {
        self.iter()
            .map(|(n, v)| (n.to_string(), v.to_value()))
            .collect()
    }
}

impl DealFields {
    /// The fields from (name, value) pairs in any order; of a name given twice, the later
    /// value stands, as in a JSON object.
    pub fn from_pairs(mut pairs: Vec<(CompactString, FieldValue)>) -> Self {
        pairs.reverse();
        // Stable: of equal names the later pair (now first) is kept by `dedup_by`.
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        pairs.dedup_by(|later, kept| later.0 == kept.0);
        DealFields(pairs)
    }
}

impl From<Map<String, Value>> for DealFields {
    fn from(map: Map<String, Value>) -> Self {
        let pairs = map
            .into_iter()
            .map(|(name, value)| {
                let value = match value {
                    Value::String(s) => FieldValue::Text(CompactString::from(s)),
                    other => FieldValue::Other(other),
                };
                (CompactString::from(name), value)
            })
            .collect();
        DealFields::from_pairs(pairs)
    }
}

impl<'de> Deserialize<'de> for DealFields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Map::<String, Value>::deserialize(d).map(DealFields::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_are_found_by_name_and_compare_as_rules_read_them() {
        let Value::Object(map) = json!({"tier": "A", "seats": 12, "vip": true, "notes": null})
        else {
            unreachable!()
        };
        let fields = DealFields::from(map.clone());
        let text = |name: &str| fields.get(name).and_then(FieldValue::match_text);
        assert_eq!(text("tier").as_deref(), Some("A"));
        assert_eq!(text("seats").as_deref(), Some("12"));
        assert_eq!(text("vip").as_deref(), Some("true"));
        assert_eq!(text("notes"), None);
        assert!(fields.get("region").is_none());
        assert_eq!(fields.to_map(), map);
        let names: Vec<&str> = fields.iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["notes", "seats", "tier", "vip"]);
    }

    #[test]
    fn of_a_name_given_twice_the_later_value_stands() {
        let text = |s: &str| FieldValue::Text(CompactString::from(s));
        let fields = DealFields::from_pairs(vec![
            ("tier".into(), text("A")),
            ("line".into(), text("device")),
            ("tier".into(), text("B")),
        ]);
        assert_eq!(fields.get("tier"), Some(&text("B")));
        assert_eq!(fields.iter().count(), 2);
    }
}

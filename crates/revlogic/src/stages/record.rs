//! The values of the record fields a pipeline reads, found in one pass over the record.
//!
//! A check reads the same few fields several times (type checks, requirements, warnings). A
//! record's fields are a sorted map, and the pipeline knows every top-level name it can ask
//! for, so one merge of the two sorted lists finds them all; afterwards each read is an index.

use crate::condition::{lookup, FieldSource};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::sync::Arc;

/// Slots kept on the stack; pipelines reading more fields spill to the heap.
const INLINE_SLOTS: usize = 16;

/// Typed values remembered per record: the type check reads each declared decimal or date
/// once, and later readers (sentinel dates, thresholds) reuse it. Pipelines declare few typed
/// fields; any beyond this many are simply read again.
const REMEMBERED: usize = 4;

/// A field value the type check has already read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Typed {
    Decimal(Decimal),
    Date(NaiveDate),
}

/// The plain (undotted) field names a pipeline reads, sorted; a name's slot is its position.
#[derive(Debug, Clone, Default)]
pub(crate) struct FieldIndex {
    names: Vec<Arc<str>>,
    /// Whether the record's map iterates in key order. It does unless some crate in the build
    /// turns on serde_json's `preserve_order`; then every read falls back to a lookup.
    sorted_maps: bool,
}

impl FieldIndex {
    pub fn new<'n>(names: impl IntoIterator<Item = &'n str>) -> FieldIndex {
        let mut names: Vec<Arc<str>> = names
            .into_iter()
            .filter(|n| !n.as_bytes().contains(&b'.'))
            .map(Arc::from)
            .collect();
        names.sort();
        names.dedup();
        FieldIndex {
            names,
            sorted_maps: maps_iterate_sorted(),
        }
    }

    /// The slot of `name`, if the index holds it.
    pub fn slot(&self, name: &str) -> Option<u16> {
        let i = self.names.binary_search_by(|n| (**n).cmp(name)).ok()?;
        u16::try_from(i).ok()
    }

    pub fn view<'a>(&self, fields: &'a Map<String, Value>) -> FieldView<'a> {
        let mut slots = if self.names.len() <= INLINE_SLOTS {
            Slots::Inline([None; INLINE_SLOTS])
        } else {
            Slots::Heap(vec![None; self.names.len()])
        };
        if self.sorted_maps {
            let found = slots.as_mut();
            let mut wanted = self.names.iter().enumerate().peekable();
            'record: for (key, value) in fields {
                while let Some((i, name)) = wanted.peek() {
                    match name.as_bytes().cmp(key.as_bytes()) {
                        std::cmp::Ordering::Less => {
                            wanted.next();
                        }
                        std::cmp::Ordering::Equal => {
                            found[*i] = Some(value);
                            wanted.next();
                            continue 'record;
                        }
                        std::cmp::Ordering::Greater => continue 'record,
                    }
                }
                break;
            }
        }
        FieldView {
            fields,
            slots,
            merged: self.sorted_maps,
            typed: [None; REMEMBERED],
        }
    }
}

fn maps_iterate_sorted() -> bool {
    let mut probe = Map::new();
    probe.insert("b".into(), Value::Null);
    probe.insert("a".into(), Value::Null);
    probe.keys().next().map(String::as_str) == Some("a")
}

// Large on purpose: the inline slots live on the stack so a check allocates nothing for them.
#[allow(clippy::large_enum_variant)]
enum Slots<'a> {
    Inline([Option<&'a Value>; INLINE_SLOTS]),
    Heap(Vec<Option<&'a Value>>),
}

impl<'a> Slots<'a> {
    fn as_mut(&mut self) -> &mut [Option<&'a Value>] {
        match self {
            Slots::Inline(a) => a,
            Slots::Heap(v) => v,
        }
    }

    fn get(&self, i: usize) -> Option<&'a Value> {
        match self {
            Slots::Inline(a) => a.get(i).copied().flatten(),
            Slots::Heap(v) => v.get(i).copied().flatten(),
        }
    }
}

/// One record's fields as the pipeline reads them.
pub(crate) struct FieldView<'a> {
    fields: &'a Map<String, Value>,
    slots: Slots<'a>,
    merged: bool,
    typed: [Option<(u16, Typed)>; REMEMBERED],
}

impl<'a> FieldView<'a> {
    /// The value of `name`, through its slot when it has one.
    pub fn get(&self, name: &str, slot: Option<u16>) -> Option<&'a Value> {
        match slot {
            Some(i) if self.merged => self.slots.get(usize::from(i)),
            _ => lookup(self.fields, name),
        }
    }

    /// Keeps the typed reading of the field in `slot`, if there is room.
    pub fn remember(&mut self, slot: Option<u16>, value: Typed) {
        let Some(slot) = slot else { return };
        if let Some(free) = self.typed.iter_mut().find(|t| t.is_none()) {
            *free = Some((slot, value));
        }
    }

    fn typed(&self, slot: Option<u16>) -> Option<Typed> {
        let slot = slot?;
        self.typed
            .iter()
            .map_while(|t| *t)
            .find(|(s, _)| *s == slot)
            .map(|(_, t)| t)
    }

    /// The date the type check read from the field in `slot`.
    pub fn date(&self, slot: Option<u16>) -> Option<NaiveDate> {
        match self.typed(slot)? {
            Typed::Date(d) => Some(d),
            Typed::Decimal(_) => None,
        }
    }

    /// The decimal the type check read from the field in `slot`.
    pub fn decimal(&self, slot: Option<u16>) -> Option<Decimal> {
        match self.typed(slot)? {
            Typed::Decimal(d) => Some(d),
            Typed::Date(_) => None,
        }
    }
}

impl<'a> FieldSource<'a> for FieldView<'a> {
    fn value(&self, field: &str, slot: Option<u16>) -> Option<&'a Value> {
        self.get(field, slot)
    }

    fn known_decimal(&self, slot: Option<u16>) -> Option<Decimal> {
        self.decimal(slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_view_reads_what_a_lookup_reads() {
        let index = FieldIndex::new(["b", "d", "a.x", "zz", "a", "c"]);
        let record = json!({"a": {"x": 1}, "c": 3, "d": null, "e": 5, "zz": "z"});
        let fields = record.as_object().unwrap();
        let view = index.view(fields);
        for name in ["a", "b", "c", "d", "e", "zz", "a.x", "nope"] {
            assert_eq!(
                view.get(name, index.slot(name)),
                lookup(fields, name),
                "{name}"
            );
        }
        assert_eq!(index.slot("a.x"), None);
    }

    #[test]
    fn conditions_read_a_view_as_they_read_the_map() {
        use crate::condition::Condition;
        use crate::error::Problems;
        let index = FieldIndex::new(["amount", "customer_type"]);
        let record =
            json!({"amount": "600000", "customer_type": "hospital", "region": {"city": "Wuhan"}});
        let fields = record.as_object().unwrap();
        let mut view = index.view(fields);
        view.remember(index.slot("amount"), Typed::Decimal(Decimal::from(600_000)));
        let docs = [
            json!({"field": "amount", "op": "gte", "value": "500000"}),
            json!({"field": "customer_type", "op": "eq", "value": "hospital"}),
            json!({"all": [{"field": "region.city", "op": "eq", "value": "Wuhan"},
                           {"field": "amount", "op": "lt", "value": 600001}]}),
        ];
        for doc in docs {
            let mut problems = Problems::new();
            let doc = serde_json::from_value(doc).unwrap();
            let mut condition = Condition::compile(&doc, "when", &mut problems).unwrap();
            condition.assign_slots(&|name| index.slot(name));
            assert!(condition.evaluate_in(&view, "fields").unwrap());
            assert!(condition.evaluate(fields, "fields").unwrap());
        }
    }

    #[test]
    fn many_names_spill_to_the_heap() {
        let names: Vec<String> = (0..40).map(|i| format!("f{i:02}")).collect();
        let index = FieldIndex::new(names.iter().map(String::as_str));
        let record = json!({"f00": 0, "f17": 17, "f39": 39});
        let view = index.view(record.as_object().unwrap());
        assert_eq!(view.get("f39", index.slot("f39")), Some(&json!(39)));
        assert_eq!(view.get("f38", index.slot("f38")), None);
    }
}

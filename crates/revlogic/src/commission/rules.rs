//! The rate table: a decision table over deal fields (product line × customer tier × payment
//! cycle, or any other field). The most specific matching rule wins — specificity being the
//! number of fields a rule names — and two rules of equal specificity that some deal could
//! match together are rejected on load, so the winner is never a matter of row order.
//!
//! Rules match by exact values rather than through the general condition language: overlap
//! between rules must be decided on load, which needs value sets, not arbitrary predicates.

use super::document::{MatchValue, RateRuleDoc};
use super::{DealFields, FieldValue};
use crate::error::{ErrorCode, Problems};
use rust_decimal::Decimal;
use std::collections::HashSet;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub(crate) struct RateTable {
    /// Most specific first; among equals, document order (equal ones never overlap).
    rules: Vec<RateRule>,
    /// The distinct fields the rules name; a deal's value of each is looked up once.
    columns: Vec<FieldColumn>,
    /// Every rule, as a set: bit `i` of word `i / 64` is rule `i`.
    all: Vec<u64>,
}

/// One field the rules name, as sets of rules: the rules each value satisfies, so a deal is
/// matched with one look-up per field and a few AND-ed words instead of a string comparison
/// per rule and field.
#[derive(Debug, Clone)]
struct FieldColumn {
    name: String,
    /// Each value some rule accepts, with the rules it satisfies (those naming it and those
    /// not naming the field at all).
    values: Vec<(String, Vec<u64>)>,
    /// The rules that do not name the field: satisfied by any value, or by none.
    free: Vec<u64>,
}

#[derive(Debug, Clone)]
pub(crate) struct RateRule {
    pub id: Arc<str>,
    /// (field, accepted values), sorted by field.
    pub matches: Vec<(String, Vec<String>)>,
    pub rate: Decimal,
}

impl RateRule {
    /// The values the rule accepts for `field`; `None` when it does not name the field.
    fn accepted(&self, field: &str) -> Option<&Vec<String>> {
        self.matches
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, values)| values)
    }

    fn specificity(&self) -> usize {
        self.matches.len()
    }

    /// Whether one deal could satisfy both rules: every field both name shares a value.
    fn overlaps(&self, other: &RateRule) -> bool {
        self.matches.iter().all(|(field, values)| {
            match other.matches.iter().find(|(f, _)| f == field) {
                Some((_, theirs)) => values.iter().any(|v| theirs.contains(v)),
                None => true,
            }
        })
    }
}

/// The field columns of rules in their final order, and the set of all rules.
fn columns(rules: &[RateRule]) -> (Vec<FieldColumn>, Vec<u64>) {
    let words = rules.len().div_ceil(64);
    let set = |members: &mut dyn Iterator<Item = usize>| {
        let mut bits = vec![0u64; words];
        for i in members {
            bits[i / 64] |= 1 << (i % 64);
        }
        bits
    };
    let all = set(&mut (0..rules.len()));
    let mut names: Vec<&String> = Vec::new();
    for (field, _) in rules.iter().flat_map(|r| &r.matches) {
        if !names.contains(&field) {
            names.push(field);
        }
    }
    let columns = names
        .into_iter()
        .map(|name| {
            let accepted = |i: usize| rules[i].accepted(name);
            let free = set(&mut (0..rules.len()).filter(|&i| accepted(i).is_none()));
            let mut values: Vec<String> = Vec::new();
            for vs in (0..rules.len()).filter_map(accepted) {
                for v in vs {
                    if !values.contains(v) {
                        values.push(v.clone());
                    }
                }
            }
            let values = values
                .into_iter()
                .map(|value| {
                    let satisfied = set(&mut (0..rules.len())
                        .filter(|&i| accepted(i).is_none_or(|vs| vs.contains(&value))));
                    (value, satisfied)
                })
                .collect();
            FieldColumn {
                name: name.clone(),
                values,
                free,
            }
        })
        .collect();
    (columns, all)
}

impl RateTable {
    pub fn load(docs: &[RateRuleDoc], path: &str, problems: &mut Problems) -> Option<RateTable> {
        let before = problems.len();
        if docs.is_empty() {
            problems.push(
                ErrorCode::EmptyPlan,
                path,
                "a plan version needs at least one rate rule; without one every deal would fail",
            );
            return None;
        }
        let mut ids = HashSet::new();
        let mut rules: Vec<(usize, RateRule)> = Vec::with_capacity(docs.len());
        for (i, doc) in docs.iter().enumerate() {
            let at = format!("{path}[{i}]");
            if !ids.insert(doc.id.as_str()) {
                problems.push(
                    ErrorCode::DuplicateId,
                    format!("{at}.id"),
                    format!("rule id `{}` is used twice", doc.id),
                );
            }
            if doc.rate.is_sign_negative() && !doc.rate.is_zero() {
                problems.push(
                    ErrorCode::NegativeRate,
                    format!("{at}.rate"),
                    format!("rule `{}` has a negative rate {}", doc.id, doc.rate),
                );
            }
            let mut matches = Vec::with_capacity(doc.matches.len());
            for (field, value) in &doc.matches {
                let values = match value {
                    MatchValue::One(v) => vec![v.clone()],
                    MatchValue::AnyOf(vs) => vs.clone(),
                };
                if values.is_empty() {
                    problems.push(
                        ErrorCode::RuleNeverFires,
                        format!("{at}.match.{field}"),
                        format!("rule `{}` accepts no value of `{field}`", doc.id),
                    );
                }
                matches.push((field.clone(), values));
            }
            let rule = RateRule {
                id: Arc::from(doc.id.as_str()),
                matches,
                rate: doc.rate,
            };
            for (j, earlier) in &rules {
                if earlier.specificity() == rule.specificity() && earlier.overlaps(&rule) {
                    problems.push(
                        ErrorCode::AmbiguousRules,
                        format!("{at}.match"),
                        format!(
                            "rules `{}` and `{}` name {} field(s) each and can match the same deal; make one more specific or make them disjoint",
                            docs[*j].id, doc.id, rule.specificity()
                        ),
                    );
                }
            }
            rules.push((i, rule));
        }
        if problems.len() != before {
            return None;
        }
        let mut rules: Vec<RateRule> = rules.into_iter().map(|(_, r)| r).collect();
        rules.sort_by_key(|r| std::cmp::Reverse(r.specificity()));
        let (columns, all) = columns(&rules);
        Some(RateTable {
            rules,
            columns,
            all,
        })
    }

    /// The position of the most specific rule accepting the deal's fields. Each field the
    /// rules name is read from the deal once; strings compare as they are, booleans and
    /// numbers by their JSON text.
    pub fn find_index(&self, fields: &DealFields) -> Option<usize> {
        // Up to 256 rules the candidates stay on the stack.
        const INLINE: usize = 4;
        let mut inline = [0u64; INLINE];
        let mut spilled = Vec::new();
        let live: &mut [u64] = if self.all.len() <= INLINE {
            &mut inline[..self.all.len()]
        } else {
            spilled.resize(self.all.len(), 0);
            &mut spilled
        };
        live.copy_from_slice(&self.all);
        for column in &self.columns {
            let value = fields.get(&column.name).and_then(FieldValue::match_text);
            let satisfied = value
                .and_then(|v| column.values.iter().find(|(accepted, _)| *accepted == *v))
                .map_or(&column.free, |(_, rules)| rules);
            for (word, accepts) in live.iter_mut().zip(satisfied) {
                *word &= accepts;
            }
        }
        live.iter()
            .enumerate()
            .find(|(_, word)| **word != 0)
            .map(|(i, word)| i * 64 + word.trailing_zeros() as usize)
    }

    /// The rule at a position `find_index` returned.
    pub fn rule(&self, index: usize) -> &RateRule {
        &self.rules[index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn fields(value: Value) -> DealFields {
        match value {
            Value::Object(map) => DealFields::from(map),
            _ => unreachable!("fields are an object"),
        }
    }

    #[test]
    fn the_most_specific_rule_is_found_past_the_first_64_rules() {
        let mut docs: Vec<Value> = (0..70)
            .map(|i| json!({"id": format!("r{i}"), "match": {"sku": format!("s{i}")}, "rate": "0.01"}))
            .collect();
        docs.push(
            json!({"id": "special", "match": {"sku": "s65", "tier": ["A", "B"]}, "rate": "0.02"}),
        );
        let docs: Vec<RateRuleDoc> = serde_json::from_value(Value::Array(docs)).unwrap();
        let mut problems = Problems::new();
        let table = RateTable::load(&docs, "rules", &mut problems).expect("a valid table");
        let found = |deal: Value| {
            table
                .find_index(&fields(deal))
                .map(|i| table.rule(i).id.to_string())
        };
        assert_eq!(
            found(json!({"sku": "s65", "tier": "B"})).as_deref(),
            Some("special")
        );
        assert_eq!(
            found(json!({"sku": "s65", "tier": "C"})).as_deref(),
            Some("r65")
        );
        assert_eq!(found(json!({"sku": "s69"})).as_deref(), Some("r69"));
        assert_eq!(
            found(json!({"sku": "s3", "tier": "A"})).as_deref(),
            Some("r3")
        );
        assert_eq!(found(json!({"sku": "s70"})), None);
        assert_eq!(found(json!({"tier": "A"})), None);
    }
}

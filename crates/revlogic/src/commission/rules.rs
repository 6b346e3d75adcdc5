//! The rate table: a decision table over deal fields (product line × customer tier × payment
//! cycle, or any other field). The most specific matching rule wins — specificity being the
//! number of fields a rule names — and two rules of equal specificity that some deal could
//! match together are rejected on load, so the winner is never a matter of row order.
//!
//! Rules match by exact values rather than through the general condition language: overlap
//! between rules must be decided on load, which needs value sets, not arbitrary predicates.

use super::document::{MatchValue, RateRuleDoc};
use crate::error::{ErrorCode, Problems};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub(crate) struct RateTable {
    /// Most specific first; among equals, document order (equal ones never overlap).
    rules: Vec<RateRule>,
    /// The distinct fields the rules name; a deal's value of each is looked up once.
    fields: Vec<String>,
    /// Per rule, (position in `fields`, accepted values).
    compiled: Vec<Vec<(usize, Vec<String>)>>,
}

#[derive(Debug, Clone)]
pub(crate) struct RateRule {
    pub id: Arc<str>,
    /// (field, accepted values), sorted by field.
    pub matches: Vec<(String, Vec<String>)>,
    pub rate: Decimal,
}

impl RateRule {
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
        let mut fields: Vec<String> = Vec::new();
        let compiled = rules
            .iter()
            .map(|rule| {
                rule.matches
                    .iter()
                    .map(|(field, values)| {
                        let at = fields.iter().position(|f| f == field).unwrap_or_else(|| {
                            fields.push(field.clone());
                            fields.len() - 1
                        });
                        (at, values.clone())
                    })
                    .collect()
            })
            .collect();
        Some(RateTable {
            rules,
            fields,
            compiled,
        })
    }

    /// The position of the most specific rule accepting the deal's fields. Each field the
    /// rules name is read from the deal once; strings compare as they are, booleans and
    /// numbers by their JSON text.
    pub fn find_index(&self, fields: &Map<String, Value>) -> Option<usize> {
        let read = |f: &String| match fields.get(f) {
            Some(Value::String(s)) => Some(Cow::Borrowed(s.as_str())),
            Some(v @ (Value::Bool(_) | Value::Number(_))) => Some(Cow::Owned(v.to_string())),
            _ => None,
        };
        // A table names a handful of fields; keep their values on the stack when it can.
        const INLINE: usize = 8;
        let inline: [Option<Cow<'_, str>>; INLINE];
        let spilled: Vec<Option<Cow<'_, str>>>;
        let values: &[Option<Cow<'_, str>>] = if self.fields.len() <= INLINE {
            inline = std::array::from_fn(|i| self.fields.get(i).and_then(read));
            &inline
        } else {
            spilled = self.fields.iter().map(read).collect();
            &spilled
        };
        self.compiled.iter().position(|rule| {
            rule.iter().all(|(at, accepted)| {
                values[*at]
                    .as_deref()
                    .is_some_and(|v| accepted.iter().any(|a| a == v))
            })
        })
    }

    /// The rule at a position `find_index` returned.
    pub fn rule(&self, index: usize) -> &RateRule {
        &self.rules[index]
    }
}

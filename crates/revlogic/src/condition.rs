//! Conditions on record fields: comparisons combined with `all` / `any` / `not`. Stage rules
//! use them today; grading and tagging rules will use the same language.
//!
//! A condition is written as one of
//! `{"field": "amount", "op": "gt", "value": "50000"}`,
//! `{"all": [ … ]}`, `{"any": [ … ]}` or `{"not": { … }}`.
//!
//! Comparison semantics, fixed and documented (docs/conditions.md):
//! - `gt`/`gte`/`lt`/`lte` compare decimals when `value` is a decimal (string or whole number)
//!   and dates when it is a `YYYY-MM-DD` string; the field must then hold the same kind.
//! - `eq`/`ne`/`in`/`notIn` compare numerically when both sides are decimals (`"50000.00"`
//!   equals `50000`), otherwise as exact text or booleans.
//! - A missing or null field makes every comparison false except `ne`, `notIn` and `absent`.
//! - A field that holds the wrong kind for its comparison is an input error with the field's
//!   path; it never counts as false silently.

use crate::error::{ErrorCode, Problem, Problems};
use crate::wire::scalar::{parse_date, parse_decimal, parse_decimal_in_range};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The document form of a condition, as a settings UI writes it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ConditionDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<ConditionDoc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<ConditionDoc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<ConditionDoc>>,
    /// The field compared, a name or a dotted path into nested objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op: Option<CompareOp>,
    /// The operand: a decimal string or whole number, a date string, text, a boolean, or for
    /// `in`/`notIn` a list of those.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum CompareOp {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    In,
    NotIn,
    Present,
    Absent,
}

impl CompareOp {
    fn symbol(self) -> &'static str {
        match self {
            CompareOp::Eq => "=",
            CompareOp::Ne => "≠",
            CompareOp::Gt => ">",
            CompareOp::Gte => "≥",
            CompareOp::Lt => "<",
            CompareOp::Lte => "≤",
            CompareOp::In => "in",
            CompareOp::NotIn => "not in",
            CompareOp::Present => "is present",
            CompareOp::Absent => "is absent",
        }
    }
}

/// A validated condition, ready to evaluate.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Compare {
        field: String,
        op: CompareOp,
        operand: Operand,
        /// Where a `FieldSource` that indexes its fields finds this one; set by the domain
        /// that compiles the condition into its own document (`assign_slots`).
        slot: Option<u16>,
    },
}

/// Where a condition reads field values: a record's map, or a view that has already found
/// (and perhaps typed) the fields it will be asked for.
pub trait FieldSource<'a> {
    /// The value of `field`; `slot` is the position `assign_slots` gave it, if any.
    fn value(&self, field: &str, slot: Option<u16>) -> Option<&'a Value>;

    /// The field already read as a decimal, when the source has read it.
    fn known_decimal(&self, _slot: Option<u16>) -> Option<Decimal> {
        None
    }
}

impl<'a> FieldSource<'a> for &'a Map<String, Value> {
    fn value(&self, field: &str, _slot: Option<u16>) -> Option<&'a Value> {
        lookup(self, field)
    }
}

/// A comparison operand, typed once when the document is loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    None,
    /// Text that may also read as a decimal (`"50000"`), kept in both forms.
    Text(String, Option<Decimal>),
    Number(Decimal),
    Date(NaiveDate),
    Bool(bool),
    List(Vec<Operand>),
}

/// The deepest a condition may nest: a comparison inside at most 31 `all` / `any` / `not`
/// levels. Deeper conditions are refused at load (`INVALID_CONDITION` at the level that is
/// one too deep), so that compiling, evaluating and describing a condition — all recursive —
/// never exhaust the stack of the host process.
pub const MAX_DEPTH: usize = 32;

impl Condition {
    /// Validates a document condition; problems are reported under `path`.
    pub fn compile(doc: &ConditionDoc, path: &str, problems: &mut Problems) -> Option<Condition> {
        Condition::compile_at(doc, path, problems, 1)
    }

    /// `compile` for a condition `depth` levels down (the root is level 1).
    fn compile_at(
        doc: &ConditionDoc,
        path: &str,
        problems: &mut Problems,
        depth: usize,
    ) -> Option<Condition> {
        if depth > MAX_DEPTH {
            problems.push(
                ErrorCode::InvalidCondition,
                path,
                format!("conditions may nest at most {MAX_DEPTH} levels deep"),
            );
            return None;
        }
        let shapes = [
            doc.all.is_some(),
            doc.any.is_some(),
            doc.not.is_some(),
            doc.field.is_some(),
        ];
        if shapes.iter().filter(|s| **s).count() != 1 {
            problems.push(
                ErrorCode::InvalidCondition,
                path,
                "a condition is exactly one of {field, op, value}, {all: [...]}, {any: [...]} or {not: {...}}",
            );
            return None;
        }
        if let Some(list) = doc.all.as_ref().or(doc.any.as_ref()) {
            let key = if doc.all.is_some() { "all" } else { "any" };
            if list.is_empty() {
                problems.push(
                    ErrorCode::InvalidCondition,
                    format!("{path}.{key}"),
                    format!("`{key}` needs at least one condition"),
                );
                return None;
            }
            let parts: Vec<Option<Condition>> = list
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    Condition::compile_at(c, &format!("{path}.{key}[{i}]"), problems, depth + 1)
                })
                .collect();
            let parts: Option<Vec<Condition>> = parts.into_iter().collect();
            return parts.map(|p| {
                if doc.all.is_some() {
                    Condition::All(p)
                } else {
                    Condition::Any(p)
                }
            });
        }
        if let Some(inner) = &doc.not {
            return Condition::compile_at(inner, &format!("{path}.not"), problems, depth + 1)
                .map(|c| Condition::Not(Box::new(c)));
        }
        let field = doc.field.clone().unwrap_or_default();
        if field.trim().is_empty() {
            problems.push(
                ErrorCode::InvalidCondition,
                format!("{path}.field"),
                "the field name is empty",
            );
            return None;
        }
        let Some(op) = doc.op else {
            problems.push(
                ErrorCode::MissingField,
                format!("{path}.op"),
                "a comparison needs `op`",
            );
            return None;
        };
        let operand = compile_operand(op, doc.value.as_ref(), &format!("{path}.value"), problems)?;
        Some(Condition::Compare {
            field,
            op,
            operand,
            slot: None,
        })
    }

    /// Every field name the condition reads.
    pub fn fields(&self) -> Vec<&str> {
        let mut names = Vec::new();
        self.collect_fields(&mut names);
        names
    }

    fn collect_fields<'s>(&'s self, names: &mut Vec<&'s str>) {
        match self {
            Condition::All(parts) | Condition::Any(parts) => {
                parts.iter().for_each(|p| p.collect_fields(names))
            }
            Condition::Not(inner) => inner.collect_fields(names),
            Condition::Compare { field, .. } => names.push(field),
        }
    }

    /// Gives each comparison the slot `slot_of` assigns its field.
    pub fn assign_slots(&mut self, slot_of: &impl Fn(&str) -> Option<u16>) {
        match self {
            Condition::All(parts) | Condition::Any(parts) => {
                parts.iter_mut().for_each(|p| p.assign_slots(slot_of))
            }
            Condition::Not(inner) => inner.assign_slots(slot_of),
            Condition::Compare { field, slot, .. } => *slot = slot_of(field),
        }
    }

    /// Evaluates against a record's fields. An error names the offending field's path under
    /// `fields_path` (e.g. `opportunity.fields`).
    pub fn evaluate(
        &self,
        fields: &Map<String, Value>,
        fields_path: &str,
    ) -> Result<bool, Problem> {
        self.evaluate_in(&fields, fields_path)
    }

    /// Evaluates against any source of field values.
    pub fn evaluate_in<'a, S: FieldSource<'a>>(
        &self,
        fields: &S,
        fields_path: &str,
    ) -> Result<bool, Problem> {
        match self {
            Condition::All(parts) => {
                for p in parts {
                    if !p.evaluate_in(fields, fields_path)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Condition::Any(parts) => {
                for p in parts {
                    if p.evaluate_in(fields, fields_path)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Condition::Not(inner) => Ok(!inner.evaluate_in(fields, fields_path)?),
            Condition::Compare {
                field,
                op,
                operand,
                slot,
            } => {
                let value = fields.value(field, *slot).filter(|v| !v.is_null());
                let known = || fields.known_decimal(*slot);
                compare(value, *op, operand, known).map_err(|(code, message)| {
                    Problem::new(code, format!("{fields_path}.{field}"), message)
                })
            }
        }
    }

    /// True for conditions that no record can satisfy: an empty `in` list, or an `all` whose
    /// comparisons on one field contradict each other (two different `eq` values, an empty
    /// numeric interval). Detection is deliberately simple and never claims a false positive.
    pub fn is_unsatisfiable(&self) -> bool {
        match self {
            Condition::Compare {
                op: CompareOp::In,
                operand: Operand::List(items),
                ..
            } => items.is_empty(),
            Condition::Compare { .. } => false,
            Condition::Not(_) => false,
            Condition::Any(parts) => parts.iter().all(Condition::is_unsatisfiable),
            Condition::All(parts) => {
                parts.iter().any(Condition::is_unsatisfiable) || contradictory(parts)
            }
        }
    }

    /// A short human rendering, used in explanations (`amount > 50000`).
    pub fn describe(&self) -> String {
        match self {
            Condition::All(p) => format!(
                "({})",
                p.iter()
                    .map(Condition::describe)
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            Condition::Any(p) => format!(
                "({})",
                p.iter()
                    .map(Condition::describe)
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            Condition::Not(c) => format!("not {}", c.describe()),
            Condition::Compare {
                field, op, operand, ..
            } => match operand {
                Operand::None => format!("{field} {}", op.symbol()),
                _ => format!("{field} {} {}", op.symbol(), operand.describe()),
            },
        }
    }
}

impl Operand {
    fn describe(&self) -> String {
        match self {
            Operand::None => String::new(),
            Operand::Text(t, _) => format!("\"{t}\""),
            Operand::Number(n) => n.to_string(),
            Operand::Date(d) => d.to_string(),
            Operand::Bool(b) => b.to_string(),
            Operand::List(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(Operand::describe)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// Looks a field up by name or dotted path (`customer.region`).
pub fn lookup<'a>(fields: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    if let Some(v) = fields.get(path) {
        return Some(v);
    }
    // Most names are plain; only a dotted name can reach into nested objects.
    if !path.as_bytes().contains(&b'.') {
        return None;
    }
    let mut parts = path.split('.');
    let mut node = fields.get(parts.next()?)?;
    for part in parts {
        node = node.as_object()?.get(part)?;
    }
    Some(node)
}

fn compile_operand(
    op: CompareOp,
    value: Option<&Value>,
    path: &str,
    problems: &mut Problems,
) -> Option<Operand> {
    match op {
        CompareOp::Present | CompareOp::Absent => {
            if value.is_some() {
                problems.push(
                    ErrorCode::InvalidCondition,
                    path,
                    format!("`{}` takes no value", op.symbol()),
                );
                return None;
            }
            Some(Operand::None)
        }
        CompareOp::In | CompareOp::NotIn => match value {
            Some(Value::Array(items)) => {
                let ops: Option<Vec<Operand>> = items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| scalar_operand(v, &format!("{path}[{i}]"), problems))
                    .collect();
                ops.map(Operand::List)
            }
            _ => {
                problems.push(
                    ErrorCode::InvalidCondition,
                    path,
                    "`in` and `notIn` take a list of values",
                );
                None
            }
        },
        CompareOp::Eq | CompareOp::Ne => match value {
            Some(v) => scalar_operand(v, path, problems),
            None => {
                problems.push(
                    ErrorCode::MissingField,
                    path,
                    "this comparison needs a `value`",
                );
                None
            }
        },
        CompareOp::Gt | CompareOp::Gte | CompareOp::Lt | CompareOp::Lte => {
            let ordered = match value.map(|v| scalar_operand(v, path, problems)) {
                Some(Some(Operand::Text(text, None))) => match parse_date(&text) {
                    Ok(d) => Some(Operand::Date(d)),
                    Err(_) => None,
                },
                Some(Some(Operand::Text(_, Some(n)))) => Some(Operand::Number(n)),
                Some(Some(Operand::Number(n))) => Some(Operand::Number(n)),
                Some(None) => return None,
                _ => None,
            };
            if ordered.is_none() {
                problems.push(
                    ErrorCode::InvalidCondition,
                    path,
                    format!(
                        "`{}` compares decimals or YYYY-MM-DD dates; give one as the value",
                        op.symbol()
                    ),
                );
            }
            ordered
        }
    }
}

fn scalar_operand(value: &Value, path: &str, problems: &mut Problems) -> Option<Operand> {
    match value {
        Value::String(s) => Some(Operand::Text(s.clone(), parse_decimal(s).ok())),
        Value::Bool(b) => Some(Operand::Bool(*b)),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(Operand::Number(
            n.as_i64()
                .map(Decimal::from)
                .unwrap_or_else(|| Decimal::from(n.as_u64().unwrap_or(0))),
        )),
        Value::Number(n) => {
            problems.push(
                ErrorCode::FloatNotAllowed,
                path,
                format!("{n} is a binary float; write decimals as strings"),
            );
            None
        }
        _ => {
            problems.push(
                ErrorCode::InvalidCondition,
                path,
                "a comparison value is a string, a whole number or a boolean",
            );
            None
        }
    }
}

type Mismatch = (ErrorCode, String);

fn compare(
    value: Option<&Value>,
    op: CompareOp,
    operand: &Operand,
    known_decimal: impl FnOnce() -> Option<Decimal>,
) -> Result<bool, Mismatch> {
    let Some(value) = value else {
        return Ok(matches!(
            op,
            CompareOp::Ne | CompareOp::NotIn | CompareOp::Absent
        ));
    };
    Ok(match op {
        CompareOp::Present => true,
        CompareOp::Absent => false,
        CompareOp::Eq => equals(value, operand)?,
        CompareOp::Ne => !equals(value, operand)?,
        CompareOp::In | CompareOp::NotIn => {
            let Operand::List(items) = operand else {
                return Ok(false);
            };
            let mut found = false;
            for item in items {
                if equals(value, item)? {
                    found = true;
                    break;
                }
            }
            found == (op == CompareOp::In)
        }
        CompareOp::Gt | CompareOp::Gte | CompareOp::Lt | CompareOp::Lte => {
            let ordering = match operand {
                Operand::Number(n) => match known_decimal() {
                    Some(d) => d,
                    None => field_decimal(value)?,
                }
                .cmp(n),
                Operand::Date(d) => field_date(value)?.cmp(d),
                _ => return Ok(false),
            };
            match op {
                CompareOp::Gt => ordering.is_gt(),
                CompareOp::Gte => ordering.is_ge(),
                CompareOp::Lt => ordering.is_lt(),
                _ => ordering.is_le(),
            }
        }
    })
}

fn equals(value: &Value, operand: &Operand) -> Result<bool, Mismatch> {
    Ok(match operand {
        Operand::Bool(b) => value.as_bool() == Some(*b),
        Operand::Number(n) => match value {
            Value::String(s) => parse_decimal_in_range(s).ok() == Some(*n),
            _ => field_decimal(value).ok() == Some(*n),
        },
        Operand::Text(text, numeric) => match value {
            Value::String(s) => {
                s == text || (numeric.is_some() && parse_decimal_in_range(s).ok() == *numeric)
            }
            Value::Number(_) => {
                numeric.is_some() && field_decimal(value)? == numeric.unwrap_or_default()
            }
            _ => false,
        },
        Operand::Date(d) => value.as_str().and_then(|s| parse_date(s).ok()) == Some(*d),
        Operand::List(_) | Operand::None => false,
    })
}

/// Reads a field as a decimal: a decimal string or a whole number. Floats are refused. A
/// field may be a figure the core computed (a rebate's period sums), which can use all 96 bits,
/// so the 28-digit limit of typed input members does not apply here.
pub fn field_decimal(value: &Value) -> Result<Decimal, Mismatch> {
    match value {
        Value::String(s) => parse_decimal_in_range(s),
        Value::Number(n) if n.is_i64() => Ok(Decimal::from(n.as_i64().unwrap_or(0))),
        Value::Number(n) if n.is_u64() => Ok(Decimal::from(n.as_u64().unwrap_or(0))),
        Value::Number(n) => Err((
            ErrorCode::FloatNotAllowed,
            format!("{n} is a binary floating-point number; pass decimals as strings or Decimal"),
        )),
        _ => Err((
            ErrorCode::InvalidType,
            "expected a decimal (a string such as \"1234.50\" or a whole number)".into(),
        )),
    }
}

/// Reads a field as a `YYYY-MM-DD` date.
pub fn field_date(value: &Value) -> Result<NaiveDate, Mismatch> {
    match value {
        Value::String(s) => parse_date(s),
        _ => Err((
            ErrorCode::InvalidType,
            "expected a date string in YYYY-MM-DD form".into(),
        )),
    }
}

/// Detects an `all` whose direct comparisons on one field cannot hold together.
fn contradictory(parts: &[Condition]) -> bool {
    use std::collections::BTreeMap;
    let mut eq_values: BTreeMap<&str, &Operand> = BTreeMap::new();
    let mut lower: BTreeMap<&str, (Decimal, bool)> = BTreeMap::new(); // (bound, inclusive)
    let mut upper: BTreeMap<&str, (Decimal, bool)> = BTreeMap::new();
    for part in parts {
        let Condition::Compare {
            field, op, operand, ..
        } = part
        else {
            continue;
        };
        match (op, operand) {
            (CompareOp::Eq, operand) => {
                if let Some(previous) = eq_values.insert(field.as_str(), operand) {
                    if different_constants(previous, operand) {
                        return true;
                    }
                }
            }
            (CompareOp::Gt | CompareOp::Gte, Operand::Number(n)) => {
                let inclusive = *op == CompareOp::Gte;
                let entry = lower.entry(field.as_str()).or_insert((*n, inclusive));
                if *n > entry.0 || (*n == entry.0 && !inclusive) {
                    *entry = (*n, inclusive);
                }
            }
            (CompareOp::Lt | CompareOp::Lte, Operand::Number(n)) => {
                let inclusive = *op == CompareOp::Lte;
                let entry = upper.entry(field.as_str()).or_insert((*n, inclusive));
                if *n < entry.0 || (*n == entry.0 && !inclusive) {
                    *entry = (*n, inclusive);
                }
            }
            _ => {}
        }
    }
    lower
        .iter()
        .any(|(field, (lo, lo_inc))| match upper.get(field) {
            Some((hi, hi_inc)) => lo > hi || (lo == hi && !(*lo_inc && *hi_inc)),
            None => false,
        })
}

fn different_constants(a: &Operand, b: &Operand) -> bool {
    match (a, b) {
        (Operand::Number(x), Operand::Number(y)) => x != y,
        (Operand::Text(x, nx), Operand::Text(y, ny)) => match (nx, ny) {
            (Some(p), Some(q)) => p != q,
            _ => x != y,
        },
        (Operand::Bool(x), Operand::Bool(y)) => x != y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn compile(v: Value) -> Result<Condition, Vec<Problem>> {
        let doc: ConditionDoc = serde_json::from_value(v).unwrap();
        let mut problems = Problems::new();
        let c = Condition::compile(&doc, "when", &mut problems);
        if problems.is_empty() {
            Ok(c.unwrap())
        } else {
            Err(problems.into_vec())
        }
    }

    fn fields(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    fn nested(levels: usize) -> Value {
        let mut v = json!({"field": "amount", "op": "gt", "value": "1"});
        for i in 1..levels {
            v = if i % 2 == 0 {
                json!({"not": v})
            } else {
                json!({"all": [v]})
            };
        }
        v
    }

    #[test]
    fn nesting_is_bounded_at_load() {
        assert!(compile(nested(MAX_DEPTH)).is_ok());
        let problems = compile(nested(MAX_DEPTH + 1)).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, ErrorCode::InvalidCondition);
        // 32 levels down from the root: alternating `all[0]` and `not`.
        let mut path = "when".to_string();
        for level in (1..=MAX_DEPTH).rev() {
            path.push_str(if level % 2 == 0 { ".not" } else { ".all[0]" });
        }
        assert_eq!(problems[0].path, path);
        // Deeper still reports one problem, without walking the whole depth. (Decoding the
        // document is itself recursive: a few thousand levels overflow serde's stack first.)
        let problems = compile(nested(200)).unwrap_err();
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn numeric_thresholds_compare_decimal_strings_and_integers() {
        let c = compile(json!({"field": "amount", "op": "gt", "value": "50000"})).unwrap();
        assert!(c
            .evaluate(&fields(json!({"amount": "50000.01"})), "f")
            .unwrap());
        assert!(!c.evaluate(&fields(json!({"amount": 50000})), "f").unwrap());
        assert!(!c.evaluate(&fields(json!({})), "f").unwrap());
        let err = c
            .evaluate(&fields(json!({"amount": 0.5})), "opportunity.fields")
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::FloatNotAllowed);
        assert_eq!(err.path, "opportunity.fields.amount");
        assert_eq!(
            c.evaluate(&fields(json!({"amount": "NaN"})), "f")
                .unwrap_err()
                .code,
            ErrorCode::InvalidDecimal
        );
    }

    #[test]
    fn equality_is_numeric_when_both_sides_are_numbers() {
        let c = compile(json!({"field": "amount", "op": "eq", "value": "50000"})).unwrap();
        assert!(c
            .evaluate(&fields(json!({"amount": "50000.00"})), "f")
            .unwrap());
        let t = compile(
            json!({"field": "customer_type", "op": "eq", "value": "hospital_equipment_dept"}),
        )
        .unwrap();
        assert!(t
            .evaluate(
                &fields(json!({"customer_type": "hospital_equipment_dept"})),
                "f"
            )
            .unwrap());
        assert!(!t
            .evaluate(&fields(json!({"customer_type": "clinic"})), "f")
            .unwrap());
    }

    #[test]
    fn combinators_and_missing_fields() {
        let c = compile(json!({"all": [
            {"field": "industry", "op": "eq", "value": "auto_repair"},
            {"not": {"field": "region", "op": "in", "value": ["north", "east"]}}
        ]}))
        .unwrap();
        assert!(c
            .evaluate(
                &fields(json!({"industry": "auto_repair", "region": "south"})),
                "f"
            )
            .unwrap());
        assert!(c
            .evaluate(&fields(json!({"industry": "auto_repair"})), "f")
            .unwrap());
        assert!(!c
            .evaluate(
                &fields(json!({"industry": "auto_repair", "region": "east"})),
                "f"
            )
            .unwrap());
        assert_eq!(
            c.describe(),
            "(industry = \"auto_repair\" and not region in [\"north\", \"east\"])"
        );
    }

    #[test]
    fn contradictions_are_detected() {
        assert!(compile(json!({"all": [
            {"field": "a", "op": "eq", "value": "x"}, {"field": "a", "op": "eq", "value": "y"}
        ]}))
        .unwrap()
        .is_unsatisfiable());
        assert!(compile(json!({"all": [
            {"field": "a", "op": "gt", "value": 5}, {"field": "a", "op": "lt", "value": 3}
        ]}))
        .unwrap()
        .is_unsatisfiable());
        assert!(compile(json!({"all": [
            {"field": "a", "op": "gt", "value": 5}, {"field": "a", "op": "lte", "value": 5}
        ]}))
        .unwrap()
        .is_unsatisfiable());
        assert!(!compile(json!({"all": [
            {"field": "a", "op": "gte", "value": 5}, {"field": "a", "op": "lte", "value": 5}
        ]}))
        .unwrap()
        .is_unsatisfiable());
        assert!(compile(json!({"field": "a", "op": "in", "value": []}))
            .unwrap()
            .is_unsatisfiable());
    }

    #[test]
    fn malformed_conditions_are_reported_with_paths() {
        let errs = compile(json!({"field": "a", "op": "gt", "value": "abc"})).unwrap_err();
        assert_eq!(errs[0].code, ErrorCode::InvalidCondition);
        assert_eq!(errs[0].path, "when.value");
        let errs = compile(json!({"field": "a", "op": "eq", "value": 0.5})).unwrap_err();
        assert_eq!(errs[0].code, ErrorCode::FloatNotAllowed);
        let errs = compile(json!({"all": []})).unwrap_err();
        assert_eq!(errs[0].path, "when.all");
        let errs = compile(json!({"field": "a", "op": "eq", "value": "x", "all": [{"field": "b", "op": "present"}]})).unwrap_err();
        assert_eq!(errs[0].code, ErrorCode::InvalidCondition);
    }
}

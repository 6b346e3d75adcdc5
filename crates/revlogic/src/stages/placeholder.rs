//! Deciding whether a field holds a meaningful value. Absent, null and empty collections are
//! missing; blank text, configured tokens (`TBD`, `待定`) and configured sentinel dates (any
//! `12-31` as an expected close date) are placeholders, which count as missing too.

use super::document::PlaceholderDoc;
use crate::error::{ErrorCode, Problems};
use crate::wire::scalar::parse_date;
use chrono::{Datelike, NaiveDate};
use serde_json::Value;
use std::fmt;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FieldState {
    Present,
    Missing,
    /// Present but meaningless, and why.
    Placeholder(Why),
}

/// Why a present value counts as a placeholder. Kept as data so that the common case (the
/// value is fine) and the check itself allocate nothing; the text is written only for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Why {
    Blank,
    Token(Arc<str>),
    SentinelDate(NaiveDate),
    EveryElementBlank,
}

impl Why {
    /// Appends the reason to `out`. Written by hand rather than through `fmt`: a blocked batch
    /// writes one such message per placeholder found, and the formatting machinery costs
    /// several times more than the check itself.
    pub fn write_to(&self, out: &mut String) {
        match self {
            Why::Blank => out.push_str("blank"),
            Why::Token(t) => {
                out.push_str("placeholder token \"");
                out.push_str(t);
                out.push('"');
            }
            Why::SentinelDate(d) => {
                out.push_str("sentinel date ");
                push_date(out, *d);
            }
            Why::EveryElementBlank => out.push_str("every element is blank or a placeholder"),
        }
    }
}

/// `YYYY-MM-DD`, as `NaiveDate`'s `Display` writes it for the four-digit years dates are
/// parsed from.
fn push_date(out: &mut String, date: NaiveDate) {
    let (year, month, day) = (date.year(), date.month(), date.day());
    let Ok(year @ 0..=9999) = u32::try_from(year) else {
        out.push_str(&date.to_string());
        return;
    };
    out.push_str(crate::wire::iso_date_text(&mut [0; 10], year, month, day));
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.write_to(&mut text);
        f.write_str(&text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SentinelDate {
    Exact(NaiveDate),
    AnyYear { month: u32, day: u32 },
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Placeholders {
    /// Upper-cased, trimmed tokens.
    tokens: Vec<Arc<str>>,
    /// Few fields carry sentinels; a short list is faster to scan than a hash map.
    sentinels: Vec<(String, Vec<SentinelDate>)>,
}

impl Placeholders {
    pub fn compile(doc: &PlaceholderDoc, problems: &mut Problems) -> Placeholders {
        let mut tokens = Vec::new();
        for (i, t) in doc.tokens.iter().enumerate() {
            let norm = t.trim().to_ascii_uppercase();
            if norm.is_empty() {
                problems.push(
                    ErrorCode::InvalidValue,
                    format!("placeholders.tokens[{i}]"),
                    "a placeholder token is blank (blank values are always placeholders)",
                );
            } else {
                tokens.push(Arc::from(norm));
            }
        }
        let mut sentinels = Vec::new();
        for (field, patterns) in &doc.sentinel_dates {
            let mut parsed = Vec::new();
            for (i, p) in patterns.iter().enumerate() {
                match parse_sentinel(p) {
                    Some(s) => parsed.push(s),
                    None => problems.push(
                        ErrorCode::InvalidDate,
                        format!("placeholders.sentinelDates.{field}[{i}]"),
                        format!("`{p}` is neither YYYY-MM-DD nor *-MM-DD"),
                    ),
                }
            }
            sentinels.push((field.clone(), parsed));
        }
        Placeholders { tokens, sentinels }
    }

    /// The state of a free-text answer such as a reason, which has no field of its own.
    pub fn text(&self, value: Option<&str>) -> FieldState {
        match value {
            None => FieldState::Missing,
            Some(text) => self.text_state(None, text, None),
        }
    }

    /// Which sentinel list, if any, applies to `field`; resolved once when a pipeline is
    /// compiled so that a check does not compare field names.
    pub fn sentinel_of(&self, field: &str) -> Option<usize> {
        self.sentinels.iter().position(|(f, _)| f == field)
    }

    /// The state of `value` held in `field`.
    pub fn state(&self, field: &str, value: Option<&Value>) -> FieldState {
        self.state_known(self.sentinel_of(field), value, None)
    }

    /// The state of a value whose sentinel list is known; `date` is the value already read as
    /// a date by the type check, if it was.
    pub fn state_known(
        &self,
        sentinel: Option<usize>,
        value: Option<&Value>,
        date: Option<NaiveDate>,
    ) -> FieldState {
        match value {
            None | Some(Value::Null) => FieldState::Missing,
            Some(Value::String(s)) => self.text_state(sentinel, s, date),
            Some(Value::Array(items)) if items.is_empty() => FieldState::Missing,
            Some(Value::Array(items)) => {
                // A list is meaningful when at least one element is.
                if items
                    .iter()
                    .any(|v| self.state_known(sentinel, Some(v), None) == FieldState::Present)
                {
                    FieldState::Present
                } else {
                    FieldState::Placeholder(Why::EveryElementBlank)
                }
            }
            Some(Value::Object(map)) if map.is_empty() => FieldState::Missing,
            Some(_) => FieldState::Present,
        }
    }

    fn text_state(
        &self,
        sentinel: Option<usize>,
        text: &str,
        date: Option<NaiveDate>,
    ) -> FieldState {
        let trimmed = trim(text);
        if trimmed.is_empty() {
            return FieldState::Placeholder(Why::Blank);
        }
        // Compared without allocating: this runs for every required field of every check.
        if let Some(t) = self.tokens.iter().find(|t| t.eq_ignore_ascii_case(trimmed)) {
            return FieldState::Placeholder(Why::Token(t.clone()));
        }
        let Some((_, patterns)) = sentinel.and_then(|i| self.sentinels.get(i)) else {
            return FieldState::Present;
        };
        if let Some(date) = date.or_else(|| parse_date(trimmed).ok()) {
            let hit = patterns.iter().any(|p| match p {
                SentinelDate::Exact(d) => *d == date,
                SentinelDate::AnyYear { month, day } => {
                    date.month() == *month && date.day() == *day
                }
            });
            if hit {
                return FieldState::Placeholder(Why::SentinelDate(date));
            }
        }
        FieldState::Present
    }
}

fn parse_sentinel(pattern: &str) -> Option<SentinelDate> {
    if let Some(rest) = pattern.strip_prefix("*-") {
        // Validate month and day against a leap year so that 02-29 is accepted.
        let d = parse_date(&format!("2024-{rest}")).ok()?;
        return Some(SentinelDate::AnyYear {
            month: d.month(),
            day: d.day(),
        });
    }
    parse_date(pattern).ok().map(SentinelDate::Exact)
}

/// `str::trim`, skipping the Unicode scan in the usual case of text that starts and ends with
/// a visible ASCII character.
fn trim(text: &str) -> &str {
    match text.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        [only] if only.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    fn placeholders() -> Placeholders {
        let mut sentinel_dates = BTreeMap::new();
        sentinel_dates.insert(
            "expected_close_date".to_string(),
            vec!["*-12-31".to_string(), "2027-06-30".to_string()],
        );
        let doc = PlaceholderDoc {
            sentinel_dates,
            ..PlaceholderDoc::default()
        };
        let mut problems = Problems::new();
        let p = Placeholders::compile(&doc, &mut problems);
        assert!(problems.is_empty());
        p
    }

    #[test]
    fn blanks_tokens_and_sentinels_are_placeholders() {
        let p = placeholders();
        assert_eq!(p.state("x", None), FieldState::Missing);
        assert_eq!(p.state("x", Some(&json!(null))), FieldState::Missing);
        assert_eq!(p.state("x", Some(&json!([]))), FieldState::Missing);
        assert!(matches!(
            p.state("x", Some(&json!("   "))),
            FieldState::Placeholder(_)
        ));
        assert!(matches!(
            p.state("x", Some(&json!(" tbd "))),
            FieldState::Placeholder(_)
        ));
        assert!(matches!(
            p.state("x", Some(&json!("待定"))),
            FieldState::Placeholder(_)
        ));
        assert!(matches!(
            p.state("x", Some(&json!(["TBD", ""]))),
            FieldState::Placeholder(_)
        ));
        assert_eq!(
            p.state("x", Some(&json!(["cto", "TBD"]))),
            FieldState::Present
        );
        assert!(matches!(
            p.state("expected_close_date", Some(&json!("2026-12-31"))),
            FieldState::Placeholder(_)
        ));
        assert!(matches!(
            p.state("expected_close_date", Some(&json!("2031-12-31"))),
            FieldState::Placeholder(_)
        ));
        assert!(matches!(
            p.state("expected_close_date", Some(&json!("2027-06-30"))),
            FieldState::Placeholder(_)
        ));
        assert_eq!(
            p.state("expected_close_date", Some(&json!("2026-12-30"))),
            FieldState::Present
        );
        // Sentinels apply only to the fields they are configured for.
        assert_eq!(
            p.state("contract_date", Some(&json!("2026-12-31"))),
            FieldState::Present
        );
        assert_eq!(p.state("x", Some(&json!(0))), FieldState::Present);
        assert_eq!(p.state("x", Some(&json!(false))), FieldState::Present);
    }
}

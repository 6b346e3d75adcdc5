//! Step 2, eligibility: the hard matches (region, customer type, configured fields) and
//! availability (present today; idle when the policy asks for idle reps; below capacity).

use super::document::EligibilityDoc;
use super::request::{Lead, Rep};
use super::roster::RepState;
use crate::condition::lookup;
use serde_json::Value;

/// Why a rep cannot take a lead. Kept as data so the search for a rep (which meets many
/// excluded reps) formats nothing; `describe` words it for the explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exclusion<'a> {
    NotAvailable,
    CustomerType(Option<&'a str>),
    Field(&'a str),
    NotIdle(u32),
    AtCapacity { load: u32, capacity: u32 },
}

impl Exclusion<'_> {
    pub fn describe(&self) -> String {
        match self {
            Exclusion::NotAvailable => "not available".to_string(),
            Exclusion::CustomerType(wanted) => format!(
                "customer type {} is not among the rep's types",
                wanted.map_or("(none)".to_string(), |v| format!("`{v}`"))
            ),
            Exclusion::Field(name) => format!("field `{name}` does not match"),
            Exclusion::NotIdle(pending) => format!("not idle: {pending} pending visit task(s)"),
            Exclusion::AtCapacity { load, capacity } => {
                format!("at capacity ({load} of {capacity})")
            }
        }
    }
}

/// Why a rep cannot take a lead, or `None` when they can. The checks run in a fixed order so
/// an explanation always names the same first reason. Only reps of the lead's region (when
/// the policy matches regions) are ever passed here.
pub(crate) fn exclusion<'a>(
    lead: &'a Lead,
    rep: &Rep,
    state: &RepState,
    doc: &'a EligibilityDoc,
) -> Option<Exclusion<'a>> {
    if !rep.available {
        return Some(Exclusion::NotAvailable);
    }
    // The region is matched before this, by the roster's region index
    // (`Context::candidates`): a lead only ever meets the reps of its own region.
    if doc.match_customer_type && !lists(&rep.customer_types, lead.customer_type.as_deref()) {
        return Some(Exclusion::CustomerType(lead.customer_type.as_deref()));
    }
    if let Some(name) = doc
        .match_fields
        .iter()
        .find(|name| !field_matches(lead, rep, name))
    {
        return Some(Exclusion::Field(name));
    }
    if doc.idle_only && rep.pending_visits > 0 {
        return Some(Exclusion::NotIdle(rep.pending_visits));
    }
    if state.load >= rep.capacity {
        return Some(Exclusion::AtCapacity {
            load: state.load,
            capacity: rep.capacity,
        });
    }
    None
}

/// Whether the rep can take the lead: [`exclusion`] with nothing to report, for searches
/// that only need the answer (no reason is worded, so this costs a few comparisons).
pub(crate) fn eligible(lead: &Lead, rep: &Rep, state: &RepState, doc: &EligibilityDoc) -> bool {
    exclusion(lead, rep, state, doc).is_none()
}

fn field_matches(lead: &Lead, rep: &Rep, name: &str) -> bool {
    let wanted = lookup(&lead.fields, name).filter(|v| !v.is_null());
    match (wanted, lookup(&rep.fields, name)) {
        (Some(w), Some(Value::Array(items))) => items.contains(w),
        (Some(w), Some(o)) => w == o,
        _ => false,
    }
}

fn lists(values: &[String], wanted: Option<&str>) -> bool {
    wanted.is_some_and(|w| values.iter().any(|v| v == w))
}

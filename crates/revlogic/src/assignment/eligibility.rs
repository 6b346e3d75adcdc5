//! Step 2, eligibility: the hard matches (region, customer type, configured fields) and
//! availability (present today; idle when the policy asks for idle reps; below capacity).

use super::document::EligibilityDoc;
use super::request::{Lead, Rep};
use super::roster::RepState;
use crate::condition::lookup;
use serde_json::Value;

/// Why a rep cannot take a lead, or `None` when they can. The checks run in a fixed order so
/// an explanation always names the same first reason. Only reps of the lead's region (when
/// the policy matches regions) are ever passed here.
pub(crate) fn exclusion(
    lead: &Lead,
    rep: &Rep,
    state: &RepState,
    doc: &EligibilityDoc,
) -> Option<String> {
    if !rep.available {
        return Some("not available".to_string());
    }
    // The region is matched before this, by the roster's region index
    // (`Context::candidates`): a lead only ever meets the reps of its own region.
    if doc.match_customer_type && !lists(&rep.customer_types, lead.customer_type.as_deref()) {
        return Some(format!(
            "customer type {} is not among the rep's types",
            shown(lead.customer_type.as_deref())
        ));
    }
    for name in &doc.match_fields {
        let wanted = lookup(&lead.fields, name).filter(|v| !v.is_null());
        let offered = lookup(&rep.fields, name);
        let ok = match (wanted, offered) {
            (Some(w), Some(Value::Array(items))) => items.contains(w),
            (Some(w), Some(o)) => w == o,
            _ => false,
        };
        if !ok {
            return Some(format!("field `{name}` does not match"));
        }
    }
    if doc.idle_only && rep.pending_visits > 0 {
        return Some(format!(
            "not idle: {} pending visit task(s)",
            rep.pending_visits
        ));
    }
    if state.load >= rep.capacity {
        return Some(format!("at capacity ({} of {})", state.load, rep.capacity));
    }
    None
}

fn lists(values: &[String], wanted: Option<&str>) -> bool {
    wanted.is_some_and(|w| values.iter().any(|v| v == w))
}

fn shown(value: Option<&str>) -> String {
    value.map_or("(none)".to_string(), |v| format!("`{v}`"))
}

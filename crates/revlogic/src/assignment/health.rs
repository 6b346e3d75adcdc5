//! Step 1, the lead health filter (线索健康度过滤): a lead nobody acted on for too long, one the
//! customer parked (暂不考虑) or one with an invalid phone is not worth a rep's time; it is
//! returned with the reason instead of being assigned.

use super::document::HealthDoc;
use super::request::Lead;
use super::result::RejectReason;
use chrono::{DateTime, Duration, FixedOffset};

/// `Ok` when the lead may be assigned, otherwise why not; the checks run in SPEC's order, so
/// the first failing one is the reason given.
pub(crate) fn check(
    lead: &Lead,
    health: &HealthDoc,
    as_of: DateTime<FixedOffset>,
) -> Result<(), (RejectReason, String)> {
    if let Some(hours) = health.max_no_action_hours {
        let last = lead.last_action_at.unwrap_or(lead.created_at);
        // The difference of two instants is always a representable duration.
        let idle = as_of.signed_duration_since(last);
        if idle > Duration::hours(i64::from(hours)) {
            return Err((
                RejectReason::NoRecentAction,
                format!(
                    "no action for {} h, more than the {hours} h allowed",
                    idle.num_hours()
                ),
            ));
        }
    }
    if let Some(status) = lead.status.as_deref() {
        if health.excluded_statuses.iter().any(|s| s == status) {
            return Err((
                RejectReason::ExcludedStatus,
                format!("status `{status}` is excluded from assignment"),
            ));
        }
    }
    if health.reject_invalid_phone && !lead.phone_valid {
        return Err((
            RejectReason::InvalidPhone,
            "the phone number is marked invalid".to_string(),
        ));
    }
    Ok(())
}

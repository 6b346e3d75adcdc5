//! Checks on the request's reference data (reps and history). Unlike leads, which are
//! rejected one by one, a wrong rep or history entry would skew every decision of the batch,
//! so the request fails as a whole — with every problem listed.

use super::request::{PastAssignment, Rep};
use crate::error::{ErrorCode, Problems};
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use std::collections::HashSet;

pub(crate) fn check_reps(reps: &[Rep], as_of: DateTime<FixedOffset>, problems: &mut Problems) {
    let mut ids = HashSet::new();
    for (i, rep) in reps.iter().enumerate() {
        let path = format!("reps[{i}]");
        if !ids.insert(rep.id.as_str()) {
            problems.push(
                ErrorCode::DuplicateId,
                format!("{path}.id"),
                format!("rep `{}` is listed twice", rep.id),
            );
        }
        for (j, open) in rep.open_leads.iter().enumerate() {
            if open.last_update_at > as_of {
                problems.push(
                    ErrorCode::EventAfterAsOf,
                    format!("{path}.openLeads[{j}].lastUpdateAt"),
                    format!("lead `{}` was updated after asOf", open.id),
                );
            }
        }
        for (industry, s) in &rep.stats {
            let at = format!("{path}.stats.{industry}");
            if s.win_rate < Decimal::ZERO || s.win_rate > Decimal::ONE {
                problems.push(
                    ErrorCode::OutOfRange,
                    format!("{at}.winRate"),
                    format!("win rate {} is outside 0–1", s.win_rate),
                );
            }
            for (value, name) in [
                (s.avg_cycle_days, "avgCycleDays"),
                (s.ticket_min, "ticketMin"),
                (s.ticket_max, "ticketMax"),
            ] {
                if value.is_some_and(|v| v < Decimal::ZERO) {
                    problems.push(
                        ErrorCode::NegativeAmount,
                        format!("{at}.{name}"),
                        format!("{name} must not be negative"),
                    );
                }
            }
            if let (Some(min), Some(max)) = (s.ticket_min, s.ticket_max) {
                if min > max {
                    problems.push(
                        ErrorCode::OutOfRange,
                        format!("{at}.ticketMax"),
                        format!("the ticket band {min}–{max} ends below its start"),
                    );
                }
            }
        }
    }
}

pub(crate) fn check_history(
    history: &[PastAssignment],
    reps: &[Rep],
    as_of: DateTime<FixedOffset>,
    problems: &mut Problems,
) {
    let known: HashSet<&str> = reps.iter().map(|r| r.id.as_str()).collect();
    for (i, past) in history.iter().enumerate() {
        if !known.contains(past.rep_id.as_str()) {
            problems.push(
                ErrorCode::UnknownRep,
                format!("history[{i}].repId"),
                format!("rep `{}` is not among the request's reps", past.rep_id),
            );
        }
        if past.assigned_at > as_of {
            problems.push(
                ErrorCode::EventAfterAsOf,
                format!("history[{i}].assignedAt"),
                "an assignment dated after asOf",
            );
        }
    }
}

//! Quota proration for a rep who joins during the period (SPEC §4, issue 3): the quota covers
//! the part of the period the rep was on the team, counted in days or in whole months.

use super::request::{DateRange, RepRecord};
use crate::wire;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How a mid-period joiner's quota is prorated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum QuotaProration {
    /// Days from the start date to the period's end, both included, over the period's days.
    #[default]
    Days,
    /// Calendar months of the period that begin on or after the start date, over the
    /// period's months (a rep joining on the 10th counts from the next month).
    Months,
}

/// How a rep's quota was prorated, shown on the statement.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Proration {
    pub policy: QuotaProration,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub start_date: NaiveDate,
    /// Days or months the rep was on the team …
    pub active: u32,
    /// … of the period's days or months.
    pub of: u32,
    /// The quota as given, before proration.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub full_quota: Decimal,
}

/// The quota the statement measures the rep against, rounded to `minor` places half-up, and
/// the proration when one applied. A rep who started on or before the period's first day
/// keeps the full quota. The share is at most 1, so the prorated quota is at most the quota;
/// `None` (never expected) would mean a figure left the decimal range.
pub(crate) fn prorated_quota(
    rep: &RepRecord,
    period: &DateRange,
    policy: QuotaProration,
    minor: u32,
) -> Option<(Decimal, Option<Proration>)> {
    let Some(start) = rep.start_date.filter(|d| *d > period.from) else {
        return Some((rep.quota, None));
    };
    let (active, of) = match policy {
        QuotaProration::Days => (days(start, period.to), days(period.from, period.to)),
        QuotaProration::Months => (
            months_starting_from(start, period),
            months_starting_from(period.from, period).max(1),
        ),
    };
    let share = Decimal::from(active).checked_div(Decimal::from(of.max(1)))?;
    let quota = rep
        .quota
        .checked_mul(share)?
        .round_dp_with_strategy(minor, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    Some((
        quota,
        Some(Proration {
            policy,
            start_date: start,
            active,
            of,
            full_quota: rep.quota,
        }),
    ))
}

/// Days from `from` to `to`, both included; 0 when `from` is later.
fn days(from: NaiveDate, to: NaiveDate) -> u32 {
    // Days between two calendar dates are far within an i64.
    u32::try_from(to.signed_duration_since(from).num_days() + 1).unwrap_or(0)
}

/// Calendar months within `period` whose first day is on or after `start` (the period's own
/// first month counts when `start` is the period's first day).
fn months_starting_from(start: NaiveDate, period: &DateRange) -> u32 {
    let mut count = 0;
    let (mut year, mut month) = (period.from.year(), period.from.month());
    while let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) {
        if first > period.to {
            break;
        }
        let begins = if first < period.from {
            period.from
        } else {
            first
        };
        if begins >= start {
            count += 1;
        }
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    count
}

//! Steps 3 and 4 as state: each rep's load (open leads, stale ones included, plus what this
//! batch gave them), the stale leads to reclaim, and the industry breaker's counters for the
//! day of `asOf` and the rolling window, fed by the history and by this batch.

use super::document::PolicyDocument;
use super::request::{Lead, PastAssignment, Rep};
use super::result::Reclaim;
use chrono::{DateTime, Duration, FixedOffset};
use std::collections::HashMap;

/// A rep as the batch goes on.
#[derive(Debug, Clone)]
pub(crate) struct RepState {
    /// Open leads held, stale ones included, plus leads assigned in this batch.
    pub load: u32,
    /// Leads assigned on the day of `asOf`, by rolling key (industry) and then daily key
    /// (sub-industry, else the industry again): a sub-industry is counted within its industry,
    /// so the two limits nest.
    pub daily: HashMap<String, HashMap<String, u32>>,
    /// Leads of each rolling key (industry, else sub-industry) within the rolling window.
    pub rolling: HashMap<String, u32>,
    /// When the rep last received a lead: an instant from the history, or this batch's
    /// sequence number (later than any instant) for leads given now. `None`: never.
    pub last_assigned: Option<(DateTime<FixedOffset>, u64)>,
}

/// The breaker key a lead or past assignment counts under for the daily limit.
pub(crate) fn daily_key<'a>(sub: Option<&'a str>, industry: Option<&'a str>) -> Option<&'a str> {
    sub.or(industry)
}

/// The key for the rolling per-industry limit.
pub(crate) fn rolling_key<'a>(sub: Option<&'a str>, industry: Option<&'a str>) -> Option<&'a str> {
    industry.or(sub)
}

/// Why a rep cannot take a lead under the breaker, if they cannot.
pub(crate) fn breaker_block(
    state: &RepState,
    lead: &Lead,
    policy: &PolicyDocument,
) -> Option<String> {
    let b = &policy.breaker;
    let keys = (
        rolling_key(lead.sub_industry.as_deref(), lead.industry.as_deref()),
        daily_key(lead.sub_industry.as_deref(), lead.industry.as_deref()),
    );
    if let (Some(industry), Some(key)) = keys {
        let n = state.daily_count(industry, key);
        if n >= b.daily_limit {
            return Some(format!(
                "already {n} `{key}` leads today, the daily limit is {}",
                b.daily_limit
            ));
        }
    }
    if let Some(key) = rolling_key(lead.sub_industry.as_deref(), lead.industry.as_deref()) {
        let n = state.rolling.get(key).copied().unwrap_or(0);
        if n >= b.rolling_limit {
            return Some(format!(
                "already {n} `{key}` leads in {} days, the rolling limit is {}",
                b.rolling_days, b.rolling_limit
            ));
        }
    }
    None
}

impl RepState {
    pub fn record(&mut self, lead: &Lead, as_of: DateTime<FixedOffset>, sequence: u64) {
        self.load = self.load.saturating_add(1);
        self.count(
            lead.sub_industry.as_deref(),
            lead.industry.as_deref(),
            true,
            true,
        );
        self.last_assigned = Some((as_of, sequence));
    }

    /// Leads of `sub` within `industry` given today.
    pub fn daily_count(&self, industry: &str, sub: &str) -> u32 {
        self.daily
            .get(industry)
            .and_then(|m| m.get(sub))
            .copied()
            .unwrap_or(0)
    }

    fn count(&mut self, sub: Option<&str>, industry: Option<&str>, today: bool, window: bool) {
        let (Some(industry), Some(sub)) = (rolling_key(sub, industry), daily_key(sub, industry))
        else {
            return;
        };
        // Keys are copied only the first time they are met: a rep sees few industries.
        if today {
            match self.daily.get_mut(industry) {
                Some(subs) => bump(subs, sub),
                None => {
                    let subs = HashMap::from([(sub.to_string(), 1)]);
                    self.daily.insert(industry.to_string(), subs);
                }
            }
        }
        if window {
            bump(&mut self.rolling, industry);
        }
    }
}

fn bump(counts: &mut HashMap<String, u32>, key: &str) {
    match counts.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            counts.insert(key.to_string(), 1);
        }
    }
}

/// Builds every rep's state and the reclaim list. `history` must only name known reps (the
/// request is checked first).
pub(crate) fn build(
    reps: &[Rep],
    history: &[PastAssignment],
    policy: &PolicyDocument,
    as_of: DateTime<FixedOffset>,
) -> (Vec<RepState>, Vec<Reclaim>) {
    let stale_after = Duration::hours(i64::from(policy.load.stale_after_hours));
    let mut reclaims = Vec::new();
    let mut states: Vec<RepState> = reps
        .iter()
        .map(|rep| {
            for open in &rep.open_leads {
                // The difference of two instants is always a representable duration.
                let quiet = as_of.signed_duration_since(open.last_update_at);
                if quiet > stale_after {
                    reclaims.push(Reclaim {
                        lead_id: open.id.clone(),
                        rep_id: rep.id.clone(),
                        hours_since_update: quiet.num_hours(),
                        reason: format!(
                            "not updated for {} h, more than {} h: stale, still counted in {}'s load",
                            quiet.num_hours(),
                            policy.load.stale_after_hours,
                            rep.id
                        ),
                    });
                }
            }
            RepState {
                load: u32::try_from(rep.open_leads.len()).unwrap_or(u32::MAX),
                daily: HashMap::new(),
                rolling: HashMap::new(),
                last_assigned: None,
            }
        })
        .collect();
    let index: HashMap<&str, usize> = reps
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let day = as_of.date_naive();
    // A window reaching back before the calendar's first day has no start: every past
    // assignment up to `asOf` is inside it.
    let window_start =
        as_of.checked_sub_signed(Duration::days(i64::from(policy.breaker.rolling_days)));
    for past in history {
        let Some(&i) = index.get(past.rep_id.as_str()) else {
            continue;
        };
        if past.assigned_at > as_of {
            continue;
        }
        let state = &mut states[i];
        let at = past.assigned_at;
        if state.last_assigned.is_none_or(|(t, _)| at > t) {
            state.last_assigned = Some((at, 0));
        }
        // The day is the calendar day of `asOf` in its own offset.
        let today = at.with_timezone(as_of.offset()).date_naive() == day;
        state.count(
            past.sub_industry.as_deref(),
            past.industry.as_deref(),
            today,
            window_start.is_none_or(|start| at > start),
        );
    }
    (states, reclaims)
}

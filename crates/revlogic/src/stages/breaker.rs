//! The data-quality circuit breaker (数据质量熔断): a rep who submits the configured number of
//! consecutive opportunities without `budget_range` (or the configured field) is suspended
//! from creating new ones until a manager clears them.

use super::pipeline::Pipeline;
use super::placeholder::FieldState;
use crate::batch::Rejection;
use crate::condition::lookup;
use crate::wire;
use crate::wire::decode::decode_problem;
use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// One opportunity a rep submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Submission {
    pub rep: String,
    pub opportunity_id: String,
    #[serde(with = "wire::instant")]
    #[schemars(with = "wire::InstantString")]
    pub submitted_at: DateTime<FixedOffset>,
    #[serde(default)]
    pub fields: Map<String, Value>,
}

/// A manager cleared the rep (e.g. after the data-standards test); earlier submissions no
/// longer count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Clearance {
    pub rep: String,
    #[serde(with = "wire::instant")]
    #[schemars(with = "wire::InstantString")]
    pub at: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BreakerRequest {
    pub submissions: Vec<Value>,
    #[serde(default)]
    pub clearances: Vec<Clearance>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum RepStatus {
    Active,
    Suspended,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RepBreakerStatus {
    pub rep: String,
    pub status: RepStatus,
    /// Submissions without the field at the end of the rep's history (after any clearance).
    pub current_streak: u32,
    /// The submissions that tripped the breaker, oldest first (empty when active).
    pub evidence: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none", with = "wire::instant_opt")]
    #[schemars(with = "Option<wire::InstantString>")]
    pub suspended_at: Option<DateTime<FixedOffset>>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BreakerReport {
    pub field: String,
    pub consecutive: u32,
    /// One entry per rep with a readable submission, ordered by rep id.
    pub reps: Vec<RepBreakerStatus>,
    /// Submissions that could not be read, with the reason; all others were counted.
    pub rejected: Vec<Rejection>,
}

impl Pipeline {
    /// Evaluates the breaker over reps' submissions. Order of submissions in the input does not
    /// matter: each rep's are taken in time order (ties by opportunity id).
    pub fn data_quality(&self, request: &BreakerRequest) -> BreakerReport {
        let policy = &self.document.data_quality;
        let mut by_rep: BTreeMap<String, Vec<Submission>> = BTreeMap::new();
        let mut rejected = Vec::new();
        for (i, raw) in request.submissions.iter().enumerate() {
            match decode_problem::<Submission>(raw, &format!("submissions[{i}]")) {
                Ok(s) => by_rep.entry(s.rep.clone()).or_default().push(s),
                Err(error) => rejected.push(Rejection {
                    index: i,
                    id: raw
                        .get("opportunityId")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    error,
                }),
            }
        }
        let reps = by_rep
            .into_iter()
            .map(|(rep, mut subs)| {
                subs.sort_by(|a, b| {
                    a.submitted_at
                        .cmp(&b.submitted_at)
                        .then_with(|| a.opportunity_id.cmp(&b.opportunity_id))
                });
                let cleared_at = request
                    .clearances
                    .iter()
                    .filter(|c| c.rep == rep)
                    .map(|c| c.at)
                    .max();
                self.rep_status(rep, &subs, cleared_at)
            })
            .collect();
        BreakerReport {
            field: policy.field.clone(),
            consecutive: policy.consecutive,
            reps,
            rejected,
        }
    }

    fn rep_status(
        &self,
        rep: String,
        subs: &[Submission],
        cleared_at: Option<DateTime<FixedOffset>>,
    ) -> RepBreakerStatus {
        let policy = &self.document.data_quality;
        let field = policy.field.as_str();
        let mut streak: Vec<&Submission> = Vec::new();
        let mut tripped: Option<Vec<&Submission>> = None;
        for s in subs
            .iter()
            .filter(|s| cleared_at.is_none_or(|c| s.submitted_at > c))
        {
            if self.placeholders.state(field, lookup(&s.fields, field)) == FieldState::Present {
                streak.clear();
            } else {
                streak.push(s);
                if tripped.is_none() && streak.len() as u32 >= policy.consecutive {
                    tripped = Some(streak.clone());
                }
            }
        }
        let current_streak = streak.len() as u32;
        match tripped {
            Some(run) => {
                let ids: Vec<String> = run.iter().map(|s| s.opportunity_id.clone()).collect();
                RepBreakerStatus {
                    message: format!(
                        "{rep} submitted {} opportunities in a row without `{field}` ({}); new opportunities are suspended until cleared",
                        run.len(),
                        ids.join(", ")
                    ),
                    rep,
                    status: RepStatus::Suspended,
                    current_streak,
                    evidence: ids,
                    suspended_at: run.last().map(|s| s.submitted_at),
                }
            }
            None => RepBreakerStatus {
                message: format!(
                    "{current_streak} of {} consecutive submissions without `{field}`",
                    policy.consecutive
                ),
                rep,
                status: RepStatus::Active,
                current_streak,
                evidence: Vec::new(),
                suspended_at: None,
            },
        }
    }
}

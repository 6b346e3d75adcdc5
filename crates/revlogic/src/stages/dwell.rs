//! Dwell time: how long each opportunity stayed in each stage, and per team the longest stays
//! beyond each stage's threshold (各阶段停留时长TOP3异常项).

use super::document::StageKind;
use super::pipeline::Pipeline;
use crate::batch::Rejection;
use crate::error::{ErrorCode, Problem};
use crate::money::RoundingMode;
use crate::wire;
use crate::wire::decode::decode_problem;
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// An opportunity's stage history: each event is the moment it entered a stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StageHistory {
    pub opportunity_id: String,
    pub team: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    pub events: Vec<StageEvent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StageEvent {
    pub stage: String,
    #[serde(with = "wire::instant")]
    #[schemars(with = "wire::InstantString")]
    pub at: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DwellRequest {
    /// "Now": the open stay in the current stage runs until this instant.
    #[serde(with = "wire::instant")]
    #[schemars(with = "wire::InstantString")]
    pub as_of: DateTime<FixedOffset>,
    pub histories: Vec<Value>,
    /// How many anomalies to list per team and per stage (default 3). A `u32`, not a `usize`,
    /// so that what a request may say does not depend on the platform (WASM is 32-bit).
    #[serde(default = "default_top")]
    pub top: u32,
}

fn default_top() -> u32 {
    3
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StageDwell {
    pub stage: Arc<str>,
    /// Total time in the stage over all stays, in seconds.
    pub seconds: i64,
    /// The same in hours, rounded half-up to 2 places.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub hours: Decimal,
    /// Whether the opportunity is still in this stage at `asOf`.
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OpportunityDwell {
    pub opportunity_id: String,
    pub team: String,
    pub stages: Vec<StageDwell>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DwellAnomaly {
    pub opportunity_id: String,
    pub stage: Arc<str>,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub hours: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub threshold_hours: Decimal,
    /// Hours beyond the threshold, the ranking key.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub excess_hours: Decimal,
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TeamDwell {
    pub team: String,
    /// The longest stays beyond threshold across all stages, largest excess first.
    pub top: Vec<DwellAnomaly>,
    /// The same per stage, in pipeline order; stages without anomalies are left out.
    pub by_stage: Vec<StageAnomalies>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StageAnomalies {
    pub stage: Arc<str>,
    pub top: Vec<DwellAnomaly>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DwellReport {
    pub opportunities: Vec<OpportunityDwell>,
    /// Teams in name order.
    pub teams: Vec<TeamDwell>,
    pub rejected: Vec<Rejection>,
}

impl Pipeline {
    /// Computes dwell times and anomalies. Events are taken in time order whatever their
    /// input order; a stay ends when the next event begins, or at `asOf` for the current one.
    /// Time spent in won or lost stages is not counted.
    pub fn dwell_times(&self, request: &DwellRequest) -> DwellReport {
        let mut opportunities = Vec::new();
        let mut rejected = Vec::new();
        for (i, raw) in request.histories.iter().enumerate() {
            let path = format!("histories[{i}]");
            let result = decode_problem::<StageHistory>(raw, &path)
                .and_then(|h| self.dwell_of(&h, request.as_of).map_err(|p| p.under(&path)));
            match result {
                Ok(d) => opportunities.push(d),
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
        let teams = self.team_anomalies(&opportunities, request.top as usize);
        DwellReport {
            opportunities,
            teams,
            rejected,
        }
    }

    fn dwell_of(
        &self,
        h: &StageHistory,
        as_of: DateTime<FixedOffset>,
    ) -> Result<OpportunityDwell, Problem> {
        let mut events: Vec<(usize, &StageEvent)> = h.events.iter().enumerate().collect();
        for (i, e) in &events {
            if self.stage(&e.stage).is_none() {
                return Err(Problem::new(
                    ErrorCode::UnknownStage,
                    format!("events[{i}].stage"),
                    format!(
                        "stage `{}` is not in pipeline `{}`",
                        e.stage, self.document.id
                    ),
                ));
            }
            if e.at > as_of {
                return Err(Problem::new(
                    ErrorCode::EventAfterAsOf,
                    format!("events[{i}].at"),
                    format!("{} is after asOf", wire::scalar::format_instant(&e.at)),
                ));
            }
        }
        events.sort_by_key(|(i, e)| (e.at, *i));
        let mut totals: Vec<(usize, i64, bool)> = Vec::new(); // (stage index, seconds, current)
        for (k, (_, e)) in events.iter().enumerate() {
            let Some((stage_i, stage)) = self.stage(&e.stage) else {
                continue;
            };
            if stage.kind != StageKind::Open {
                continue;
            }
            let (end, current) = match events.get(k + 1) {
                Some((_, next)) => (next.at, false),
                None => (as_of, true),
            };
            // The difference of two instants is always a representable duration.
            let seconds = end.signed_duration_since(e.at).num_seconds();
            match totals.iter_mut().find(|(s, _, _)| *s == stage_i) {
                Some(t) => {
                    t.1 += seconds;
                    t.2 |= current;
                }
                None => totals.push((stage_i, seconds, current)),
            }
        }
        totals.sort_by_key(|(s, _, _)| self.stages[*s].rank);
        let stages = totals
            .into_iter()
            .map(|(s, seconds, current)| StageDwell {
                stage: self.stages[s].name.clone(),
                seconds,
                hours: hours(seconds),
                current,
            })
            .collect();
        Ok(OpportunityDwell {
            opportunity_id: h.opportunity_id.clone(),
            team: h.team.clone(),
            stages,
        })
    }

    fn team_anomalies(&self, opportunities: &[OpportunityDwell], top: usize) -> Vec<TeamDwell> {
        let mut by_team: BTreeMap<&str, Vec<DwellAnomaly>> = BTreeMap::new();
        for o in opportunities {
            let entry = by_team.entry(o.team.as_str()).or_default();
            for s in &o.stages {
                let Some((_, stage)) = self.stage(&s.stage) else {
                    continue;
                };
                let Some(threshold) = stage.dwell_threshold_hours else {
                    continue;
                };
                if s.hours > threshold {
                    entry.push(DwellAnomaly {
                        opportunity_id: o.opportunity_id.clone(),
                        stage: s.stage.clone(),
                        hours: s.hours,
                        threshold_hours: threshold,
                        // Thresholds are positive (checked at load) and below the hours: the
                        // excess lies in (0, hours), so saturating is exact.
                        excess_hours: s.hours.saturating_sub(threshold),
                        current: s.current,
                    });
                }
            }
        }
        let rank_of = |name: &str| self.stage(name).and_then(|(_, s)| s.rank);
        by_team
            .into_iter()
            .map(|(team, mut all)| {
                all.sort_by(|a, b| {
                    b.excess_hours
                        .cmp(&a.excess_hours)
                        .then_with(|| rank_of(&a.stage).cmp(&rank_of(&b.stage)))
                        .then_with(|| a.opportunity_id.cmp(&b.opportunity_id))
                });
                let mut by_stage: Vec<StageAnomalies> = Vec::new();
                for s in self.stages.iter().filter(|s| s.kind == StageKind::Open) {
                    let list: Vec<DwellAnomaly> = all
                        .iter()
                        .filter(|a| a.stage == s.name)
                        .take(top)
                        .cloned()
                        .collect();
                    if !list.is_empty() {
                        by_stage.push(StageAnomalies {
                            stage: s.name.clone(),
                            top: list,
                        });
                    }
                }
                all.truncate(top);
                TeamDwell {
                    team: team.to_string(),
                    top: all,
                    by_stage,
                }
            })
            .collect()
    }
}

/// Hours with exactly two decimal places, so `96.00` reads the same in every language.
fn hours(seconds: i64) -> Decimal {
    // Any i64 over 3600 is in range: the quotient always exists.
    let quotient = Decimal::from(seconds)
        .checked_div(Decimal::from(3600))
        .unwrap_or(Decimal::ZERO);
    let mut h = RoundingMode::HalfUp.round(quotient, 2);
    h.rescale(2);
    h
}

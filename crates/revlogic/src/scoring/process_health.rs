//! Process Health Index (过程健康度指数, SPEC §2.1): how well a rep keeps the sales process —
//! leads answered within the SLA, planned visits made, commitments closed on time — weighted
//! into one index from 0 to 1.

use super::bands::Band;
use super::bands::Bands;
use super::decode_record as decode_problem;
use super::result::{Component, ScoredRecord};
use super::{checked, display, overflow, schema_version_problem};
use crate::error::{ErrorCode, Problem, Problems};
use crate::explain::{Outcome, Tracer};
use crate::wire;
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::Arc;

/// The PHI model document. Every number has SPEC's default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ProcessHealthDocument {
    /// Version of this document format; this library reads version 1.
    pub schema_version: u32,
    pub id: String,
    /// The business's own label for this revision of the model, echoed in results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default)]
    pub weights: ProcessHealthWeights,
    /// A lead counts as answered in time when its first action comes at most this many hours
    /// after it was assigned (default 24).
    #[serde(default = "default_sla_hours", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub response_sla_hours: Decimal,
    /// Default: green ≥ 0.85, yellow ≥ 0.70.
    #[serde(default = "default_bands")]
    pub bands: Bands,
    /// Decimal places of the published rates and index (half-up; default 4).
    #[serde(default = "default_decimals")]
    pub decimals: u32,
}

/// Weights of the three rates; they must sum to 1 (defaults 0.3 / 0.4 / 0.3).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ProcessHealthWeights {
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub response: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub visit_completion: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub commitment_closure: Decimal,
}

impl Default for ProcessHealthWeights {
    fn default() -> Self {
        ProcessHealthWeights {
            response: Decimal::new(3, 1),
            visit_completion: Decimal::new(4, 1),
            commitment_closure: Decimal::new(3, 1),
        }
    }
}

fn default_sla_hours() -> Decimal {
    Decimal::from(24)
}

fn default_bands() -> Bands {
    Bands::new(Decimal::new(85, 2), Decimal::new(70, 2))
}

pub(super) fn default_decimals() -> u32 {
    4
}

/// One rep's activity in the period: the raw records the three rates are counted from. A
/// rate may instead be given directly in `rates` (then its raw records must be absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RepActivity {
    pub id: String,
    /// Leads assigned to the rep in the period.
    #[serde(default)]
    pub leads: Vec<LeadActivity>,
    /// Visits the rep planned in the period.
    #[serde(default)]
    pub visits: Vec<PlannedVisit>,
    /// Commitments due in the period.
    #[serde(default)]
    pub commitments: Vec<Commitment>,
    #[serde(default)]
    pub rates: Option<ProcessRates>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LeadActivity {
    pub id: String,
    #[serde(with = "wire::instant")]
    #[schemars(with = "wire::InstantString")]
    pub assigned_at: DateTime<FixedOffset>,
    /// The rep's first action on the lead; absent when never acted on.
    #[serde(default, with = "wire::instant_opt")]
    #[schemars(with = "Option<wire::InstantString>")]
    pub first_action_at: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PlannedVisit {
    pub id: String,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Commitment {
    pub id: String,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub due: NaiveDate,
    /// The day it was marked done; absent when still open.
    #[serde(default, with = "wire::date_opt")]
    #[schemars(with = "Option<wire::DateString>")]
    pub done_on: Option<NaiveDate>,
}

/// Rates already computed elsewhere, each between 0 and 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ProcessRates {
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub response: Option<Decimal>,
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub visit_completion: Option<Decimal>,
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub commitment_closure: Option<Decimal>,
}

/// A validated PHI model.
#[derive(Debug, Clone)]
pub struct ProcessHealthModel {
    pub(super) doc: ProcessHealthDocument,
    sla_seconds: Decimal,
    rule: Arc<str>,
}

/// One of the three rates: its value when it applies, and the counts behind it.
struct Rate {
    value: Option<Decimal>,
    counts: Option<(u64, u64)>,
    note: Option<String>,
}

impl ProcessHealthModel {
    pub fn compile(doc: ProcessHealthDocument) -> Result<Self, Vec<Problem>> {
        let mut problems = Problems::new();
        schema_version_problem(doc.schema_version, &mut problems);
        let w = &doc.weights;
        super::weights::validate(
            &[
                ("response", w.response),
                ("visitCompletion", w.visit_completion),
                ("commitmentClosure", w.commitment_closure),
            ],
            "weights",
            &mut problems,
        );
        if doc.response_sla_hours <= Decimal::ZERO {
            problems.push(
                ErrorCode::OutOfRange,
                "responseSlaHours",
                "the response SLA must be a positive number of hours",
            );
        }
        doc.bands
            .validate(Decimal::ZERO, Decimal::ONE, "bands", &mut problems);
        super::decimals_problem(doc.decimals, "decimals", &mut problems);
        let sla_seconds = doc
            .response_sla_hours
            .checked_mul(Decimal::from(3600))
            .unwrap_or(Decimal::MAX);
        let rule = Arc::from(format!("{}:processHealth", doc.id));
        problems
            .into_result(crate::ErrorKind::Config, ())
            .map_err(|e| e.problems)?;
        Ok(ProcessHealthModel {
            doc,
            sla_seconds,
            rule,
        })
    }

    pub(super) fn score_record(
        &self,
        record: &Value,
        path: &str,
        explain: bool,
    ) -> Result<ScoredRecord, Problem> {
        let rep: RepActivity = decode_problem(record, path)?;
        let rates = rep.rates.clone().unwrap_or(ProcessRates {
            response: None,
            visit_completion: None,
            commitment_closure: None,
        });
        unique_ids(
            rep.leads.iter().map(|l| l.id.as_str()),
            &format!("{path}.leads"),
        )?;
        unique_ids(
            rep.visits.iter().map(|v| v.id.as_str()),
            &format!("{path}.visits"),
        )?;
        unique_ids(
            rep.commitments.iter().map(|c| c.id.as_str()),
            &format!("{path}.commitments"),
        )?;

        let response = match given(
            rates.response,
            !rep.leads.is_empty(),
            path,
            "response",
            "leads",
        )? {
            Some(rate) => rate,
            None => self.response_rate(&rep.leads, path)?,
        };
        let visits = match given(
            rates.visit_completion,
            !rep.visits.is_empty(),
            path,
            "visitCompletion",
            "visits",
        )? {
            Some(rate) => rate,
            None => counted(
                rep.visits.iter().filter(|v| v.done).count(),
                rep.visits.len(),
                "no visits were planned in the period",
            ),
        };
        let closure = match given(
            rates.commitment_closure,
            !rep.commitments.is_empty(),
            path,
            "commitmentClosure",
            "commitments",
        )? {
            Some(rate) => rate,
            None => counted(
                rep.commitments
                    .iter()
                    .filter(|c| c.done_on.is_some_and(|d| d <= c.due))
                    .count(),
                rep.commitments.len(),
                "no commitments were due in the period",
            ),
        };

        let w = &self.doc.weights;
        let parts = [
            ("responseRate", w.response, response),
            ("visitCompletionRate", w.visit_completion, visits),
            ("commitmentClosureRate", w.commitment_closure, closure),
        ];
        self.combine(rep.id, &parts, path, explain)
    }

    fn response_rate(&self, leads: &[LeadActivity], path: &str) -> Result<Rate, Problem> {
        let mut in_time = 0usize;
        for (i, lead) in leads.iter().enumerate() {
            let Some(acted) = lead.first_action_at else {
                continue;
            };
            let seconds = acted.signed_duration_since(lead.assigned_at).num_seconds();
            if seconds < 0 {
                return Err(Problem::new(
                    ErrorCode::EndBeforeStart,
                    format!("{path}.leads[{i}].firstActionAt"),
                    format!("lead `{}` was acted on before it was assigned", lead.id),
                ));
            }
            if Decimal::from(seconds) <= self.sla_seconds {
                in_time += 1;
            }
        }
        Ok(counted(
            in_time,
            leads.len(),
            "no leads were assigned in the period",
        ))
    }

    fn combine(
        &self,
        id: String,
        parts: &[(&str, Decimal, Rate); 3],
        path: &str,
        explain: bool,
    ) -> Result<ScoredRecord, Problem> {
        let dp = self.doc.decimals;
        let mut tracer = Tracer::new(explain);
        let weighted: Vec<(Decimal, Option<Decimal>)> =
            parts.iter().map(|(_, w, r)| (*w, r.value)).collect();
        let mean = super::weights::renormalised_mean(&weighted).map_err(|_| overflow(path, &id))?;
        let applied = mean
            .as_ref()
            .map(|(_, a)| a.clone())
            .unwrap_or_else(|| vec![Decimal::ZERO; parts.len()]);
        let mut components: Vec<Component> = Vec::with_capacity(parts.len());
        for ((name, weight, rate), applied) in parts.iter().zip(&applied) {
            // Rates are within 0–1 and applied weights too.
            let contribution = match rate.value {
                Some(v) => Some(checked(v.checked_mul(*applied), path, &id)?),
                None => None,
            };
            components.push({
                let mut c = Component::new(name, rate.value.map(|v| display(v, dp)), *weight);
                c.applied_weight = display(*applied, dp);
                c.contribution = contribution.map(|v| display(v, dp));
                c.numerator = rate.counts.map(|(n, _)| n);
                c.denominator = rate.counts.map(|(_, d)| d);
                c.note = rate.note.clone();
                tracer.step_with(
                    &self.rule,
                    if rate.value.is_some() {
                        Outcome::Computed
                    } else {
                        Outcome::Skip
                    },
                    || match (rate.value, rate.counts) {
                        (Some(_), Some((n, d))) => format!("{name} = {n} ÷ {d}"),
                        (Some(_), None) => format!("{name} given directly"),
                        (None, _) => format!(
                            "{name} not applicable ({}); the other weights are renormalised",
                            rate.note.as_deref().unwrap_or("no data")
                        ),
                    },
                    || (None, rate.value.map(|v| json!(display(v, dp).to_string()))),
                );
                c
            });
        }
        let mut out = ScoredRecord {
            id,
            components,
            ..ScoredRecord::default()
        };
        match mean {
            Some((score, _)) => {
                let score = display(score, dp);
                let band: Band = self.doc.bands.classify(score);
                tracer.step_with(
                    &self.rule,
                    Outcome::Computed,
                    || {
                        format!(
                            "PHI = Σ appliedWeight × rate = {score}; band {band:?} (green ≥ {}, yellow ≥ {})",
                            self.doc.bands.green, self.doc.bands.yellow
                        )
                    },
                    || (None, Some(json!(score.to_string()))),
                );
                out.score = Some(score);
                out.band = Some(band);
            }
            None => {
                let reason = "no component applies: no leads assigned, no visits planned and no commitments due".to_string();
                tracer.step(&self.rule, Outcome::Skip, || reason.clone());
                out.absent_reason = Some(reason);
            }
        }
        out.explanation = tracer.finish();
        Ok(out)
    }
}

fn counted(numerator: usize, denominator: usize, empty: &str) -> Rate {
    if denominator == 0 {
        return Rate {
            value: None,
            counts: Some((0, 0)),
            note: Some(empty.to_string()),
        };
    }
    // A count over a positive count of at most 2^64: the quotient is within 0–2^64.
    Rate {
        value: Decimal::from(numerator).checked_div(Decimal::from(denominator)),
        counts: Some((numerator as u64, denominator as u64)),
        note: None,
    }
}

/// A rate given directly: checked to lie in 0–1 and not to contradict raw records.
fn given(
    rate: Option<Decimal>,
    has_raw: bool,
    path: &str,
    name: &str,
    raw: &str,
) -> Result<Option<Rate>, Problem> {
    let Some(rate) = rate else {
        return Ok(None);
    };
    if has_raw {
        return Err(Problem::new(
            ErrorCode::InvalidValue,
            format!("{path}.rates.{name}"),
            format!("give either `rates.{name}` or `{raw}`, not both"),
        ));
    }
    if rate < Decimal::ZERO || rate > Decimal::ONE {
        return Err(Problem::new(
            ErrorCode::OutOfRange,
            format!("{path}.rates.{name}"),
            format!("the rate {rate} is outside 0–1"),
        ));
    }
    Ok(Some(Rate {
        value: Some(rate),
        counts: None,
        note: None,
    }))
}

/// Rejects a record whose activities repeat an id (a lead counted twice would skew a rate).
pub(super) fn unique_ids<'a>(
    ids: impl Iterator<Item = &'a str>,
    path: &str,
) -> Result<(), Problem> {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        if !seen.insert(id) {
            return Err(Problem::new(
                ErrorCode::DuplicateId,
                format!("{path}[{i}].id"),
                format!("`{id}` appears more than once"),
            ));
        }
    }
    Ok(())
}

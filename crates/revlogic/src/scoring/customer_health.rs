//! Customer health (客户健康度, SPEC §2.3): measures mapped to 0–100 by piecewise-linear
//! breakpoints, weighted, banded, compared with the previous period, plus two triggers — a
//! churn-risk alert and the silent-customer rule.

use super::bands::Bands;
use super::breakpoints::{self, Breakpoint};
use super::decode_record as decode_problem;
use super::process_health::unique_ids;
use super::result::{Alert, Component, ScoredRecord, Trend, TrendDirection};
use super::{decimals_problem, display, schema_version_problem};
use crate::error::{ErrorCode, ErrorKind, Problem, Problems};
use crate::explain::{Outcome, Tracer};
use crate::wire;
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Neg;
use std::sync::Arc;

/// The customer health model document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CustomerHealthDocument {
    pub schema_version: u32,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The weighted measures; their weights must sum to 1.
    pub measures: Vec<MeasureDoc>,
    /// What a measure without data does, unless the measure says otherwise.
    #[serde(default)]
    pub missing: MissingRule,
    /// Default: green ≥ 70, yellow ≥ 40.
    #[serde(default = "default_bands")]
    pub bands: Bands,
    /// A change against the previous period within ± this many points is `flat` (default 0).
    #[serde(default, with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub trend_tolerance: Decimal,
    #[serde(default)]
    pub churn_risk: ChurnRiskRule,
    #[serde(default)]
    pub silent_customer: SilentCustomerRule,
    /// Decimal places of the published score (half-up; default 2).
    #[serde(default = "two_places")]
    pub decimals: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MeasureDoc {
    /// The measure's name in records, e.g. `daysSinceLastDeal`.
    pub name: String,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub weight: Decimal,
    /// Raw value → 0–100, inputs strictly increasing.
    pub breakpoints: Vec<Breakpoint>,
    /// Overrides the model's rule for this measure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<MissingRule>,
}

/// What a measure with no data does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum MissingRule {
    /// Leave it out and renormalise the other weights (the default).
    #[default]
    DropAndRenormalise,
    /// Score it as the lowest score its breakpoints give.
    ScoreAsWorst,
}

/// No document opened for `noDocumentOpenedDays` (7) days **and** each of the last
/// `slowReplies` (3) replies slower than `slowReplyHours` (48) → churn-risk alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ChurnRiskRule {
    pub no_document_opened_days: u32,
    pub slow_replies: u32,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub slow_reply_hours: Decimal,
    pub route_to: String,
}

impl Default for ChurnRiskRule {
    fn default() -> Self {
        ChurnRiskRule {
            no_document_opened_days: 7,
            slow_replies: 3,
            slow_reply_hours: Decimal::from(48),
            route_to: "customerSuccess".into(),
        }
    }
}

/// The last `unopenedProposals` (2) proposals sent all unopened → silent customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SilentCustomerRule {
    pub unopened_proposals: u32,
    pub route_to: String,
}

impl Default for SilentCustomerRule {
    fn default() -> Self {
        SilentCustomerRule {
            unopened_proposals: 2,
            route_to: "seniorRep".into(),
        }
    }
}

fn default_bands() -> Bands {
    Bands::new(Decimal::from(70), Decimal::from(40))
}
fn two_places() -> u32 {
    2
}

/// One customer's data for the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CustomerSignals {
    pub id: String,
    /// Raw measure values by name; absent or null means no data.
    #[serde(default)]
    pub measures: BTreeMap<String, MeasureValue>,
    /// Last period's score, for the trend.
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub previous_score: Option<Decimal>,
    /// Days since the customer last opened a document; absent when never opened.
    #[serde(default)]
    pub days_since_document_opened: Option<u32>,
    /// Reply latencies in hours, oldest first.
    #[serde(default)]
    pub reply_latency_hours: Vec<MeasureValue>,
    /// Proposals sent to the customer.
    #[serde(default)]
    pub proposals: Vec<Proposal>,
}

/// A decimal value that may be null.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct MeasureValue(
    #[serde(with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub Option<Decimal>,
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Proposal {
    pub id: String,
    #[serde(with = "wire::instant")]
    #[schemars(with = "wire::InstantString")]
    pub sent_at: DateTime<FixedOffset>,
    pub opened: bool,
}

/// A validated customer health model.
#[derive(Debug, Clone)]
pub struct CustomerHealthModel {
    pub(super) doc: CustomerHealthDocument,
    index: HashMap<String, usize>,
    rule: Arc<str>,
}

impl CustomerHealthModel {
    pub fn compile(doc: CustomerHealthDocument) -> Result<Self, Vec<Problem>> {
        let mut problems = Problems::new();
        schema_version_problem(doc.schema_version, &mut problems);
        if doc.measures.is_empty() {
            problems.push(
                ErrorCode::InvalidValue,
                "measures",
                "a model needs at least one measure",
            );
        }
        let mut seen = HashSet::new();
        for (i, m) in doc.measures.iter().enumerate() {
            if !seen.insert(m.name.as_str()) {
                problems.push(
                    ErrorCode::DuplicateId,
                    format!("measures[{i}].name"),
                    format!("the measure `{}` is defined twice", m.name),
                );
            }
            breakpoints::validate(
                &m.breakpoints,
                Decimal::ONE_HUNDRED,
                &format!("measures[{i}].breakpoints"),
                &mut problems,
            );
        }
        let weights: Vec<(String, Decimal)> = doc
            .measures
            .iter()
            .enumerate()
            .map(|(i, m)| (format!("[{i}].weight"), m.weight))
            .collect();
        let named: Vec<(&str, Decimal)> = weights.iter().map(|(n, w)| (n.as_str(), *w)).collect();
        let mut weight_problems = Problems::new();
        super::weights::validate(&named, "measures", &mut weight_problems);
        // `measures.[0].weight` → `measures[0].weight`.
        problems.extend(weight_problems.into_vec().into_iter().map(|mut p| {
            p.path = p.path.replace("measures.[", "measures[");
            p
        }));
        if doc.trend_tolerance < Decimal::ZERO {
            problems.push(
                ErrorCode::OutOfRange,
                "trendTolerance",
                "the tolerance must be ≥ 0",
            );
        }
        if doc.churn_risk.slow_replies == 0 {
            problems.push(
                ErrorCode::OutOfRange,
                "churnRisk.slowReplies",
                "at least one reply must be slow",
            );
        }
        if doc.silent_customer.unopened_proposals == 0 {
            problems.push(
                ErrorCode::OutOfRange,
                "silentCustomer.unopenedProposals",
                "at least one proposal must be unopened",
            );
        }
        doc.bands
            .validate(Decimal::ZERO, Decimal::ONE_HUNDRED, "bands", &mut problems);
        decimals_problem(doc.decimals, "decimals", &mut problems);
        problems
            .into_result(ErrorKind::Config, ())
            .map_err(|e| e.problems)?;
        let index = doc
            .measures
            .iter()
            .enumerate()
            .map(|(i, m)| (m.name.clone(), i))
            .collect();
        let rule = Arc::from(format!("{}:customerHealth", doc.id));
        Ok(CustomerHealthModel { doc, index, rule })
    }

    pub(super) fn score_record(
        &self,
        record: &Value,
        path: &str,
        explain: bool,
    ) -> Result<ScoredRecord, Problem> {
        let customer: CustomerSignals = decode_problem(record, path)?;
        if let Some(name) = customer
            .measures
            .keys()
            .find(|k| !self.index.contains_key(*k))
        {
            return Err(Problem::new(
                ErrorCode::UnknownField,
                format!("{path}.measures.{name}"),
                format!("the model has no measure `{name}`"),
            ));
        }
        unique_ids(
            customer.proposals.iter().map(|p| p.id.as_str()),
            &format!("{path}.proposals"),
        )?;
        if let Some(previous) = customer.previous_score {
            if previous < Decimal::ZERO || previous > Decimal::ONE_HUNDRED {
                return Err(Problem::new(
                    ErrorCode::OutOfRange,
                    format!("{path}.previousScore"),
                    format!("the previous score {previous} is outside 0–100"),
                ));
            }
        }
        for (i, latency) in customer.reply_latency_hours.iter().enumerate() {
            match latency.0 {
                Some(h) if h >= Decimal::ZERO => {}
                _ => {
                    return Err(Problem::new(
                        ErrorCode::OutOfRange,
                        format!("{path}.replyLatencyHours[{i}]"),
                        "a reply latency is a number of hours ≥ 0",
                    ))
                }
            }
        }
        let dp = self.doc.decimals;
        let mut tracer = Tracer::new(explain);
        let mut parts: Vec<(Decimal, Option<Decimal>)> =
            Vec::with_capacity(self.doc.measures.len());
        let mut components = Vec::with_capacity(self.doc.measures.len());
        for (i, m) in self.doc.measures.iter().enumerate() {
            let raw = customer.measures.get(&m.name).and_then(|v| v.0);
            let rule = m.missing.unwrap_or(self.doc.missing);
            let (value, note) = match raw {
                Some(x) => match breakpoints::map(&m.breakpoints, x) {
                    Some(v) => (Some(v), None),
                    None => {
                        return Err(Problem::new(
                            ErrorCode::Overflow,
                            format!("{path}.measures.{}", m.name),
                            "the measure is beyond the range the library computes in",
                        ))
                    }
                },
                None => match rule {
                    MissingRule::DropAndRenormalise => (
                        None,
                        Some("no data: left out, the other weights renormalised".to_string()),
                    ),
                    MissingRule::ScoreAsWorst => (
                        Some(breakpoints::worst(&m.breakpoints)),
                        Some("no data: scored as the worst its breakpoints give".to_string()),
                    ),
                },
            };
            tracer.step_with(
                &self.rule,
                if value.is_some() {
                    Outcome::Computed
                } else {
                    Outcome::Skip
                },
                || match (raw, value) {
                    (Some(x), Some(v)) => {
                        format!("{} = {x} → {v} by measures[{i}].breakpoints", m.name)
                    }
                    _ => format!("{}: {}", m.name, note.as_deref().unwrap_or("")),
                },
                || {
                    (
                        raw.map(|x| json!(x.to_string())),
                        value.map(|v| json!(v.to_string())),
                    )
                },
            );
            parts.push((m.weight, value));
            let mut c = Component::new(&m.name, value.map(|v| display(v, dp)), m.weight);
            c.input = raw;
            c.note = note;
            components.push(c);
        }
        let id = customer.id.as_str();
        let mean = super::weights::renormalised_mean(&parts)
            .map_err(|_| super::overflow(&format!("{path}.measures"), id))?;
        if let Some((_, applied)) = &mean {
            for (c, (a, (_, v))) in components.iter_mut().zip(applied.iter().zip(&parts)) {
                c.applied_weight = display(*a, 4);
                c.contribution = match v {
                    Some(v) => Some(display(super::checked(v.checked_mul(*a), path, id)?, dp)),
                    None => None,
                };
            }
        }
        let mut out = ScoredRecord {
            id: customer.id.clone(),
            components,
            ..ScoredRecord::default()
        };
        match mean {
            Some((score, _)) => {
                let score = display(score, dp);
                let band = self.doc.bands.classify(score);
                tracer.step_with(
                    &self.rule,
                    Outcome::Computed,
                    || format!("health = Σ appliedWeight × measure score = {score}; band {band:?}"),
                    || (None, Some(json!(score.to_string()))),
                );
                out.score = Some(score);
                out.band = Some(band);
                out.trend = customer.previous_score.map(|previous| {
                    // Both are scores within the bands' 0–100 (previous checked on input).
                    let change = score.saturating_sub(previous).normalize();
                    let direction = if change > self.doc.trend_tolerance {
                        TrendDirection::Up
                    } else if change < self.doc.trend_tolerance.neg() {
                        TrendDirection::Down
                    } else {
                        TrendDirection::Flat
                    };
                    Trend {
                        previous,
                        change,
                        direction,
                    }
                });
            }
            None => {
                let reason = "no measure has data".to_string();
                tracer.step(&self.rule, Outcome::Skip, || reason.clone());
                out.absent_reason = Some(reason);
            }
        }
        out.alerts = self.alerts(&customer);
        for alert in &out.alerts {
            tracer.step(&self.rule, Outcome::Warn, || {
                format!("{}: {}", alert.kind, alert.reason)
            });
        }
        out.explanation = tracer.finish();
        Ok(out)
    }

    fn alerts(&self, customer: &CustomerSignals) -> Vec<Alert> {
        let mut alerts = Vec::new();
        let churn = &self.doc.churn_risk;
        let not_opened = customer
            .days_since_document_opened
            .is_none_or(|d| d >= churn.no_document_opened_days);
        let needed = churn.slow_replies as usize;
        let latencies = &customer.reply_latency_hours;
        let slow = latencies.len() >= needed
            && latencies[latencies.len() - needed..]
                .iter()
                .all(|h| h.0.is_some_and(|h| h > churn.slow_reply_hours));
        if not_opened && slow {
            let opened = match customer.days_since_document_opened {
                Some(d) => format!("no document opened for {d} days"),
                None => "no document ever opened".to_string(),
            };
            alerts.push(Alert {
                kind: "churnRisk".into(),
                route_to: churn.route_to.clone(),
                reason: format!(
                    "{opened} (≥ {}) and each of the last {needed} replies slower than {} h",
                    churn.no_document_opened_days, churn.slow_reply_hours
                ),
            });
        }
        let silent = &self.doc.silent_customer;
        let needed = silent.unopened_proposals as usize;
        let mut proposals: Vec<&Proposal> = customer.proposals.iter().collect();
        proposals.sort_by(|a, b| (a.sent_at, &a.id).cmp(&(b.sent_at, &b.id)));
        if proposals.len() >= needed
            && proposals[proposals.len() - needed..]
                .iter()
                .all(|p| !p.opened)
        {
            alerts.push(Alert {
                kind: "silentCustomer".into(),
                route_to: silent.route_to.clone(),
                reason: format!("the last {needed} proposals sent were not opened"),
            });
        }
        alerts
    }
}

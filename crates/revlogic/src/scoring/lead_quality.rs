//! Lead quality index (线索质量指数, SPEC §2.5): 0–100 from budget match, decision-chain
//! completeness and competitor coverage, weighted. Lead assignment (§3) calls
//! [`lead_quality_index`] directly for its fairness report.

use super::bands::Bands;
use super::decode_record as decode_problem;
use super::result::{Component, ScoredRecord};
use super::{checked, decimals_problem, display, overflow, schema_version_problem};
use crate::error::{ErrorCode, ErrorKind, Problem, Problems};
use crate::explain::{Outcome, Tracer};
use crate::wire;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LeadQualityDocument {
    pub schema_version: u32,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default)]
    pub weights: LeadQualityWeights,
    /// Default: green ≥ 70, yellow ≥ 40.
    #[serde(default = "default_bands")]
    pub bands: Bands,
    /// Decimal places of the published index (half-up; default 2).
    #[serde(default = "two_places")]
    pub decimals: u32,
}

/// Weights of the three signals; they must sum to 1. SPEC gives none, so the defaults
/// (0.4 / 0.3 / 0.3) favour the budget, which decides most deals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LeadQualityWeights {
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub budget_match: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub decision_chain: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub competitor_coverage: Decimal,
}

impl Default for LeadQualityWeights {
    fn default() -> Self {
        LeadQualityWeights {
            budget_match: Decimal::new(4, 1),
            decision_chain: Decimal::new(3, 1),
            competitor_coverage: Decimal::new(3, 1),
        }
    }
}

fn default_bands() -> Bands {
    Bands::new(Decimal::from(70), Decimal::from(40))
}
fn two_places() -> u32 {
    2
}

/// A lead's three signals, each a fraction from 0 to 1; an absent signal is left out and the
/// other weights renormalised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LeadSignals {
    pub id: String,
    /// How well the stated budget matches the offer (预算匹配度).
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub budget_match: Option<Decimal>,
    /// Share of the decision chain identified (决策链完整度).
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub decision_chain: Option<Decimal>,
    /// Share of competitors whose position is known (竞品覆盖度).
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub competitor_coverage: Option<Decimal>,
}

/// The index (0–100, unrounded) of one lead's signals under `weights`, or the problem with a
/// signal (outside 0–1, at `path.<signal>`). `Ok(None)` when no signal is present.
pub fn lead_quality_index(
    signals: &LeadSignals,
    weights: &LeadQualityWeights,
    path: &str,
) -> Result<Option<Decimal>, Problem> {
    let parts = checked_parts(signals, weights, path)?;
    let pairs: Vec<(Decimal, Option<Decimal>)> = parts.iter().map(|(_, w, v)| (*w, *v)).collect();
    // Signals are within 0–1 (checked) and weights validated: the index is within 0–100.
    match super::weights::renormalised_mean(&pairs) {
        Ok(Some((s, _))) => Ok(Some(checked(
            s.checked_mul(Decimal::ONE_HUNDRED),
            path,
            &signals.id,
        )?)),
        Ok(None) => Ok(None),
        Err(_) => Err(overflow(path, &signals.id)),
    }
}

type Part = (&'static str, Decimal, Option<Decimal>);

fn checked_parts(
    signals: &LeadSignals,
    weights: &LeadQualityWeights,
    path: &str,
) -> Result<[Part; 3], Problem> {
    let parts = [
        ("budgetMatch", weights.budget_match, signals.budget_match),
        (
            "decisionChain",
            weights.decision_chain,
            signals.decision_chain,
        ),
        (
            "competitorCoverage",
            weights.competitor_coverage,
            signals.competitor_coverage,
        ),
    ];
    for (name, _, v) in &parts {
        if let Some(v) = v {
            if *v < Decimal::ZERO || *v > Decimal::ONE {
                return Err(Problem::new(
                    ErrorCode::OutOfRange,
                    format!("{path}.{name}"),
                    format!("{name} {v} is outside 0–1"),
                ));
            }
        }
    }
    Ok(parts)
}

/// A validated lead quality model.
#[derive(Debug, Clone)]
pub struct LeadQualityModel {
    pub(super) doc: LeadQualityDocument,
    rule: Arc<str>,
}

impl LeadQualityModel {
    pub fn compile(doc: LeadQualityDocument) -> Result<Self, Vec<Problem>> {
        let mut problems = Problems::new();
        schema_version_problem(doc.schema_version, &mut problems);
        let w = &doc.weights;
        super::weights::validate(
            &[
                ("budgetMatch", w.budget_match),
                ("decisionChain", w.decision_chain),
                ("competitorCoverage", w.competitor_coverage),
            ],
            "weights",
            &mut problems,
        );
        doc.bands
            .validate(Decimal::ZERO, Decimal::ONE_HUNDRED, "bands", &mut problems);
        decimals_problem(doc.decimals, "decimals", &mut problems);
        problems
            .into_result(ErrorKind::Config, ())
            .map_err(|e| e.problems)?;
        let rule = Arc::from(format!("{}:leadQuality", doc.id));
        Ok(LeadQualityModel { doc, rule })
    }

    pub(super) fn score_record(
        &self,
        record: &Value,
        path: &str,
        explain: bool,
    ) -> Result<ScoredRecord, Problem> {
        let lead: LeadSignals = decode_problem(record, path)?;
        let dp = self.doc.decimals;
        let parts = checked_parts(&lead, &self.doc.weights, path)?;
        let pairs: Vec<(Decimal, Option<Decimal>)> =
            parts.iter().map(|(_, w, v)| (*w, *v)).collect();
        let id = lead.id.clone();
        let id = id.as_str();
        let mean = super::weights::renormalised_mean(&pairs).map_err(|_| overflow(path, id))?;
        let mut tracer = Tracer::new(explain);
        // Signals are within 0–1 and applied weights too: every product is within 0–100.
        let percent = |v: Decimal| checked(v.checked_mul(Decimal::ONE_HUNDRED), path, id);
        let mut components = Vec::with_capacity(parts.len());
        for (i, (name, w, v)) in parts.iter().enumerate() {
            let shown = match v {
                Some(v) => Some(display(percent(*v)?, dp)),
                None => None,
            };
            let mut c = Component::new(name, shown, *w);
            if let Some((_, applied)) = &mean {
                c.applied_weight = display(applied[i], 4);
                c.contribution = match v {
                    Some(v) => Some(display(
                        percent(checked(v.checked_mul(applied[i]), path, id)?)?,
                        dp,
                    )),
                    None => None,
                };
            }
            c.input = *v;
            if v.is_none() {
                c.note = Some("no data: left out, the other weights renormalised".into());
            }
            components.push(c);
        }
        let mut out = ScoredRecord {
            id: lead.id,
            components,
            ..ScoredRecord::default()
        };
        match mean {
            Some((s, _)) => {
                let score = display(checked(s.checked_mul(Decimal::ONE_HUNDRED), path, id)?, dp);
                let band = self.doc.bands.classify(score);
                tracer.step_with(
                    &self.rule,
                    Outcome::Computed,
                    || format!("index = 100 × Σ appliedWeight × signal = {score}; band {band:?}"),
                    || (None, Some(json!(score.to_string()))),
                );
                out.score = Some(score);
                out.band = Some(band);
            }
            None => {
                let reason = "no signal is present".to_string();
                tracer.step(&self.rule, Outcome::Skip, || reason.clone());
                out.absent_reason = Some(reason);
            }
        }
        out.explanation = tracer.finish();
        Ok(out)
    }
}

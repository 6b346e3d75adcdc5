//! Opportunities to push today (TOP3待推进商机, SPEC §2.6): `priority = win probability ×
//! urgency weight × (1 + Σ intent boosts)`, highest first. The probability is the one given,
//! else the trained model's, else the stage default.

use super::decode_record as decode_problem;
use super::display;
use super::result::ScoredRecord;
use super::win_probability::WinProbabilityModel;
use crate::batch::{RecordOutcome, Rejection};
use crate::error::{Error, ErrorCode, ErrorKind, Problem, Problems};
use crate::wire;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// `prioritise`'s request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PriorityRequest {
    /// The open opportunities to rank.
    pub opportunities: Vec<Value>,
    /// A trained win-probability model for opportunities given without a probability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<Value>,
    /// Stage → default win probability, the last resort.
    #[serde(default)]
    pub stage_probabilities: BTreeMap<String, DecimalValue>,
    /// Intent signal → boost added to 1 before multiplying (e.g. `openedSpecSheet: 0.5`).
    #[serde(default)]
    pub intent_boosts: BTreeMap<String, DecimalValue>,
    /// How many to return in `top` (default 3); a `u32` so that the limit is the same on
    /// every platform.
    #[serde(default = "three")]
    pub top: u32,
}

fn three() -> u32 {
    3
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct DecimalValue(
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub Decimal,
);

/// One open opportunity to rank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PriorityCandidate {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// Fields for the trained model.
    #[serde(default)]
    pub fields: Map<String, Value>,
    /// A probability already known (0–1); wins over the model and the stage default.
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub win_probability: Option<Decimal>,
    /// How pressing the opportunity is (≥ 0), e.g. from its close date.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub urgency_weight: Decimal,
    /// Intent signals observed, by name (`openedSpecSheet`).
    #[serde(default)]
    pub intent_signals: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ProbabilitySource {
    Given,
    Model,
    StageDefault,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Prioritised {
    pub id: String,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub priority: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub win_probability: Decimal,
    pub probability_source: ProbabilitySource,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub urgency_weight: Decimal,
    /// `1 + Σ boosts` of the signals present.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub intent_multiplier: Decimal,
    /// When the model gave the probability: its score, components and reasons.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_score: Option<ScoredRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PriorityList {
    /// The `top` highest priorities, highest first (ties by id).
    pub top: Vec<Prioritised>,
    /// One outcome per opportunity, in input order.
    pub results: Vec<RecordOutcome<Prioritised>>,
}

pub fn prioritise(request: &Value) -> Result<PriorityList, Error> {
    let request: PriorityRequest = crate::wire::decode::decode(request, "", ErrorKind::Input)?;
    let mut problems = Problems::new();
    for (name, v) in &request.stage_probabilities {
        if v.0 < Decimal::ZERO || v.0 > Decimal::ONE {
            problems.push(
                ErrorCode::OutOfRange,
                format!("stageProbabilities.{name}"),
                "a probability lies in 0–1",
            );
        }
    }
    for (name, v) in &request.intent_boosts {
        if v.0 < Decimal::ZERO || v.0 > Decimal::ONE_HUNDRED {
            problems.push(
                ErrorCode::OutOfRange,
                format!("intentBoosts.{name}"),
                "a boost lies in 0–100",
            );
        }
    }
    problems.into_result(ErrorKind::Input, ())?;
    let model = match &request.model {
        Some(doc) => {
            let doc = super::decode_model_document(doc).map_err(|e| prefixed(e, "model"))?;
            let super::ScoreModelDocument::WinProbability(doc) = doc else {
                return Err(Error::single(
                    ErrorKind::Config,
                    Problem::new(
                        ErrorCode::InvalidValue,
                        "model.model",
                        "prioritising needs a `winProbability` model",
                    ),
                ));
            };
            Some(
                WinProbabilityModel::compile(doc)
                    .map_err(|p| prefixed(Error::config(p), "model"))?,
            )
        }
        None => None,
    };
    let duplicates = super::duplicate_ids(&request.opportunities);
    let results: Vec<RecordOutcome<Prioritised>> = request
        .opportunities
        .iter()
        .enumerate()
        .map(|(index, value)| {
            let path = format!("opportunities[{index}]");
            let id = value.get("id").and_then(Value::as_str);
            let ranked = match id {
                Some(id) if duplicates.contains_key(id) => Err(Problem::new(
                    ErrorCode::DuplicateId,
                    format!("{path}.id"),
                    format!("the id `{id}` is shared by more than one opportunity"),
                )),
                _ => rank_one(&request, model.as_ref(), value, &path),
            };
            match ranked {
                Ok(p) => RecordOutcome::Ok(p),
                Err(error) => RecordOutcome::Rejected(Rejection {
                    index,
                    id: id.map(str::to_string),
                    error,
                }),
            }
        })
        .collect();
    let mut top: Vec<Prioritised> = results.iter().filter_map(|r| r.ok().cloned()).collect();
    top.sort_by(|a, b| b.priority.cmp(&a.priority).then_with(|| a.id.cmp(&b.id)));
    top.truncate(request.top as usize);
    Ok(PriorityList { top, results })
}

fn prefixed(mut e: Error, root: &str) -> Error {
    for p in &mut e.problems {
        p.path = crate::error::join_path(root, &p.path);
    }
    e
}

fn rank_one(
    request: &PriorityRequest,
    model: Option<&WinProbabilityModel>,
    value: &Value,
    path: &str,
) -> Result<Prioritised, Problem> {
    let c: PriorityCandidate = decode_problem(value, path)?;
    if c.urgency_weight < Decimal::ZERO || c.urgency_weight > Decimal::from(1_000_000) {
        return Err(Problem::new(
            ErrorCode::OutOfRange,
            format!("{path}.urgencyWeight"),
            "the urgency weight lies in 0–1 000 000",
        ));
    }
    let mut model_score = None;
    let (probability, source) = if let Some(p) = c.win_probability {
        if p < Decimal::ZERO || p > Decimal::ONE {
            return Err(Problem::new(
                ErrorCode::OutOfRange,
                format!("{path}.winProbability"),
                "a probability lies in 0–1",
            ));
        }
        (p, ProbabilitySource::Given)
    } else if let Some(m) = model {
        let scored = m.probability(c.id.clone(), &c.fields, path, false)?;
        let p = scored.score.unwrap_or(Decimal::ZERO);
        model_score = Some(scored);
        (p, ProbabilitySource::Model)
    } else if let Some(p) = c
        .stage
        .as_ref()
        .and_then(|s| request.stage_probabilities.get(s))
    {
        (p.0, ProbabilitySource::StageDefault)
    } else {
        return Err(Problem::new(
            ErrorCode::MissingField,
            format!("{path}.winProbability"),
            "no probability: none given, no model, and no default for the stage",
        ));
    };
    let mut multiplier = Decimal::ONE;
    let mut seen = std::collections::HashSet::new();
    for (i, s) in c.intent_signals.iter().enumerate() {
        let Some(boost) = request.intent_boosts.get(s) else {
            return Err(Problem::new(
                ErrorCode::InvalidValue,
                format!("{path}.intentSignals[{i}]"),
                format!("`{s}` is not a signal of `intentBoosts`"),
            ));
        };
        if seen.insert(s.as_str()) {
            // Boosts and urgency are the caller's numbers, unbounded: an overflow rejects
            // this candidate at the signal (or its urgency) that took it out.
            multiplier = multiplier.checked_add(boost.0).ok_or_else(|| {
                Problem::new(
                    ErrorCode::Overflow,
                    format!("{path}.intentSignals[{i}]"),
                    format!("`{}`: the intent multiplier left the decimal range", c.id),
                )
            })?;
        }
    }
    let priority = probability
        .checked_mul(c.urgency_weight)
        .and_then(|x| x.checked_mul(multiplier))
        .ok_or_else(|| {
            Problem::new(
                ErrorCode::Overflow,
                format!("{path}.urgencyWeight"),
                format!("`{}`: the priority left the decimal range", c.id),
            )
        })?;
    Ok(Prioritised {
        priority: display(priority, 6),
        id: c.id,
        win_probability: probability,
        probability_source: source,
        urgency_weight: c.urgency_weight,
        intent_multiplier: multiplier.normalize(),
        model_score,
    })
}

//! Win probability (SPEC §2.6): a naive-Bayes model trained on the organisation's won and lost
//! opportunities, stored as a document of integer counts, and applied to open opportunities
//! with each probability explained by the fields that moved it most.
//!
//! Arithmetic: the document holds exact counts; a probability is computed in log-odds,
//! `logit = ln(won ÷ lost) + Σ ln(P(v | won) ÷ P(v | lost))`, with Laplace smoothing
//! `P(v | c) = (n_c(v) + α) ÷ (N_c + α·K)` (K = distinct values of the field), and
//! `p = 1 ÷ (1 + e^(−logit))` clamped to `[minProbability, maxProbability]`. `ln` and `exp` are
//! rust_decimal's, which are deterministic on every platform.

use super::bands::Bands;
use super::decode_record as decode_problem;
use super::result::{Component, Reason, ScoredRecord};
use super::{checked, display, schema_version_problem};
use crate::batch::Rejection;
use crate::error::{Error, ErrorCode, ErrorKind, Problem, Problems};
use crate::explain::{Outcome, Tracer};
use crate::wire;
use rust_decimal::{Decimal, MathematicalOps};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Neg;
use std::sync::Arc;

/// A trained win-probability model: class counts and, per field, per value, how many won and
/// lost opportunities had it. Maps are ordered, so equal training data gives an equal
/// document, byte for byte.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WinProbabilityDocument {
    pub schema_version: u32,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Won opportunities in the training data.
    pub won: u64,
    /// Lost opportunities in the training data.
    pub lost: u64,
    #[serde(default)]
    pub parameters: WinParameters,
    /// Field → value → counts.
    pub fields: BTreeMap<String, BTreeMap<String, ValueCounts>>,
}

/// The parameters of training and scoring, kept in the model document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WinParameters {
    /// Laplace smoothing α (default 1).
    #[serde(default = "one", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub smoothing: Decimal,
    /// A value seen in fewer opportunities than this is ignored when scoring (default 3).
    #[serde(default = "three")]
    pub min_count: u64,
    /// Probabilities are clamped to `[minProbability, maxProbability]` (0.01, 0.99).
    #[serde(default = "min_p", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub min_probability: Decimal,
    #[serde(default = "max_p", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub max_probability: Decimal,
    /// How many fields explain each probability (default 3).
    #[serde(default = "three")]
    pub top_reasons: u64,
    /// Default: green ≥ 0.6, yellow ≥ 0.3.
    #[serde(default = "default_bands")]
    pub bands: Bands,
}

impl Default for WinParameters {
    fn default() -> Self {
        WinParameters {
            smoothing: one(),
            min_count: 3,
            min_probability: min_p(),
            max_probability: max_p(),
            top_reasons: 3,
            bands: default_bands(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ValueCounts {
    pub won: u64,
    pub lost: u64,
}

fn one() -> Decimal {
    Decimal::ONE
}
fn three() -> u64 {
    3
}
fn min_p() -> Decimal {
    Decimal::new(1, 2)
}
fn max_p() -> Decimal {
    Decimal::new(99, 2)
}
fn default_bands() -> Bands {
    Bands::new(Decimal::new(6, 1), Decimal::new(3, 1))
}

/// A closed opportunity to learn from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClosedOpportunity {
    pub id: String,
    pub outcome: ClosedOutcome,
    /// Field values: text, booleans or whole numbers; null counts as absent.
    #[serde(default)]
    pub fields: Map<String, Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ClosedOutcome {
    Won,
    Lost,
}

/// An open opportunity to score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OpenOpportunity {
    pub id: String,
    #[serde(default)]
    pub fields: Map<String, Value>,
}

/// Options of `trainWinModel`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TrainOptions {
    /// The id of the model document produced.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Fields to learn from; by default every field seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
    #[serde(default)]
    pub parameters: WinParameters,
}

/// What training returns: the model document, how many opportunities it learned from, and
/// every opportunity it could not use.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrainingReport {
    /// A `winProbability` model document, ready for `ScoreModel`.
    pub model: super::ScoreModelDocument,
    pub trained: u64,
    pub rejected: Vec<Rejection>,
}

/// The text a field value is counted under: text as written, booleans `true`/`false`, whole
/// numbers in decimal. Null is absent; a binary float, list or object is refused.
fn value_key<'a>(
    value: &'a Value,
    path: &dyn Fn() -> String,
) -> Result<Option<Cow<'a, str>>, Problem> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(Cow::Borrowed(s.as_str()))),
        Value::Bool(true) => Ok(Some(Cow::Borrowed("true"))),
        Value::Bool(false) => Ok(Some(Cow::Borrowed("false"))),
        Value::Number(n) if n.is_i64() || n.is_u64() => Ok(Some(Cow::Owned(n.to_string()))),
        Value::Number(_) => Err(Problem::new(
            ErrorCode::FloatNotAllowed,
            path(),
            "a binary float cannot be a category; pass the value as text",
        )),
        _ => Err(Problem::new(
            ErrorCode::InvalidType,
            path(),
            "a field value for win probability is text, a boolean or a whole number",
        )),
    }
}

/// The members of a closed opportunity read without copying: the id borrowed, the fields
/// looked up in place. Any record this does not accept is decoded again as a
/// [`ClosedOpportunity`] for the problem's code and path.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ClosedHeader<'a> {
    #[allow(dead_code)]
    id: &'a str,
    outcome: ClosedOutcome,
    #[serde(default)]
    #[allow(dead_code)]
    fields: Option<serde::de::IgnoredAny>,
}

type Counts<'a> = HashMap<&'a str, HashMap<Cow<'a, str>, ValueCounts>>;

/// Trains a model from closed opportunities (`opportunities` must be an array). Records that
/// cannot be used are listed in `rejected`; ids shared by several records reject all of them.
pub fn train(opportunities: &[Value], options: &Value) -> Result<TrainingReport, Error> {
    let options: TrainOptions = crate::wire::decode::decode(options, "options", ErrorKind::Input)?;
    validate_parameters(&options.parameters, "options.parameters", ErrorKind::Input)?;
    let wanted: Option<BTreeSet<&str>> = options
        .fields
        .as_ref()
        .map(|f| f.iter().map(String::as_str).collect());
    let duplicates = super::duplicate_ids(opportunities);
    let mut won = 0u64;
    let mut lost = 0u64;
    let mut counts: Counts = HashMap::new();
    let mut rejected = Vec::new();
    let mut values: Vec<(&str, Cow<str>)> = Vec::new();
    for (index, record) in opportunities.iter().enumerate() {
        let path = || format!("opportunities[{index}]");
        let id = record.get("id").and_then(Value::as_str);
        let header = match id {
            Some(id) if duplicates.contains_key(id) => Err(Problem::new(
                ErrorCode::DuplicateId,
                format!("{}.id", path()),
                format!("the id `{id}` is shared by more than one opportunity"),
            )),
            _ => ClosedHeader::deserialize(record).map_err(|_| {
                match crate::wire::decode::decode_problem::<ClosedOpportunity>(record, &path()) {
                    Err(p) => p,
                    Ok(_) => {
                        Problem::new(ErrorCode::InvalidValue, path(), "unreadable opportunity")
                    }
                }
            }),
        };
        let fields = match (header, record.get("fields")) {
            (Ok(h), None | Some(Value::Null)) => Ok((h.outcome, None)),
            (Ok(h), Some(Value::Object(f))) => Ok((h.outcome, Some(f))),
            (Ok(_), Some(_)) => Err(Problem::new(
                ErrorCode::InvalidType,
                format!("{}.fields", path()),
                "`fields` must be an object",
            )),
            (Err(p), _) => Err(p),
        };
        values.clear();
        let read = fields.and_then(|(outcome, fields)| {
            for (name, value) in fields.into_iter().flatten() {
                if wanted.as_ref().is_some_and(|w| !w.contains(name.as_str())) {
                    continue;
                }
                let at = || format!("{}.fields.{name}", path());
                if let Some(key) = value_key(value, &at)? {
                    values.push((name.as_str(), key));
                }
            }
            Ok(outcome)
        });
        let outcome = match read {
            Ok(o) => o,
            Err(error) => {
                rejected.push(Rejection {
                    index,
                    id: id.map(str::to_string),
                    error,
                });
                continue;
            }
        };
        match outcome {
            ClosedOutcome::Won => won += 1,
            ClosedOutcome::Lost => lost += 1,
        }
        for (name, key) in values.drain(..) {
            let c = counts.entry(name).or_default().entry(key).or_default();
            match outcome {
                ClosedOutcome::Won => c.won += 1,
                ClosedOutcome::Lost => c.lost += 1,
            }
        }
    }
    // Ordered maps for the document, so that its bytes never depend on the input order.
    let mut fields: BTreeMap<String, BTreeMap<String, ValueCounts>> = BTreeMap::new();
    if let Some(w) = &wanted {
        for f in w {
            fields.insert(f.to_string(), BTreeMap::new());
        }
    }
    for (name, values) in counts {
        let entry = fields.entry(name.to_string()).or_default();
        for (key, c) in values {
            entry.insert(key.into_owned(), c);
        }
    }
    if won == 0 || lost == 0 {
        return Err(Error::single(
            ErrorKind::Input,
            Problem::new(
                ErrorCode::InsufficientTrainingData,
                "opportunities",
                format!("training needs at least one won and one lost opportunity ({won} won, {lost} lost)"),
            ),
        ));
    }
    Ok(TrainingReport {
        model: super::ScoreModelDocument::WinProbability(WinProbabilityDocument {
            schema_version: 1,
            id: options.id,
            version: options.version,
            won,
            lost,
            parameters: options.parameters,
            fields,
        }),
        trained: won + lost,
        rejected,
    })
}

fn validate_parameters(p: &WinParameters, root: &str, kind: ErrorKind) -> Result<(), Error> {
    let mut problems = Problems::new();
    parameter_problems(p, root, &mut problems);
    problems.into_result(kind, ())
}

fn parameter_problems(p: &WinParameters, root: &str, problems: &mut Problems) {
    let at = |name: &str| crate::error::join_path(root, name);
    if p.smoothing <= Decimal::ZERO || p.smoothing > Decimal::from(1000) {
        problems.push(
            ErrorCode::OutOfRange,
            at("smoothing"),
            "smoothing must be in (0, 1000]",
        );
    }
    let in_open_unit = |v: Decimal| v > Decimal::ZERO && v < Decimal::ONE;
    if !in_open_unit(p.min_probability) {
        problems.push(
            ErrorCode::OutOfRange,
            at("minProbability"),
            "must lie strictly between 0 and 1",
        );
    }
    if !in_open_unit(p.max_probability) {
        problems.push(
            ErrorCode::OutOfRange,
            at("maxProbability"),
            "must lie strictly between 0 and 1",
        );
    }
    if p.min_probability > p.max_probability {
        problems.push(
            ErrorCode::InvalidValue,
            at("minProbability"),
            "minProbability is above maxProbability",
        );
    }
    p.bands
        .validate(Decimal::ZERO, Decimal::ONE, &at("bands"), problems);
}

/// Per field: the totals the smoothing needs.
#[derive(Debug, Clone)]
struct FieldTotals {
    won: Decimal,
    lost: Decimal,
    distinct: Decimal,
}

/// A validated win-probability model.
#[derive(Debug, Clone)]
pub struct WinProbabilityModel {
    pub(super) doc: WinProbabilityDocument,
    totals: HashMap<String, FieldTotals>,
    prior: Decimal,
    rule: Arc<str>,
}

/// `|logit|` beyond this is clamped before `exp`: the probability is then within 1e-20 of 0
/// or 1, far past any sensible clamp, and `exp` stays in range.
const LOGIT_LIMIT: i64 = 46;

impl WinProbabilityModel {
    pub fn compile(doc: WinProbabilityDocument) -> Result<Self, Vec<Problem>> {
        let mut problems = Problems::new();
        schema_version_problem(doc.schema_version, &mut problems);
        parameter_problems(&doc.parameters, "parameters", &mut problems);
        if doc.won == 0 || doc.lost == 0 {
            problems.push(
                ErrorCode::InsufficientTrainingData,
                if doc.won == 0 { "won" } else { "lost" },
                "a model needs at least one won and one lost opportunity",
            );
        }
        let mut totals = HashMap::new();
        for (name, values) in &doc.fields {
            // A sum beyond u64 certainly exceeds the model's totals.
            let won = values.values().try_fold(0u64, |s, c| s.checked_add(c.won));
            let lost = values.values().try_fold(0u64, |s, c| s.checked_add(c.lost));
            let (Some(won), Some(lost)) = (won, lost) else {
                problems.push(
                    ErrorCode::InvalidValue,
                    format!("fields.{name}"),
                    "the field's counts exceed the model's won or lost totals",
                );
                continue;
            };
            if won > doc.won || lost > doc.lost {
                problems.push(
                    ErrorCode::InvalidValue,
                    format!("fields.{name}"),
                    "the field's counts exceed the model's won or lost totals",
                );
            }
            totals.insert(
                name.clone(),
                FieldTotals {
                    won: Decimal::from(won),
                    lost: Decimal::from(lost),
                    distinct: Decimal::from(values.len() as u64),
                },
            );
        }
        problems
            .into_result(ErrorKind::Config, ())
            .map_err(|e| e.problems)?;
        // Both counts are positive (checked above) and at most 2^64: the ratio is within
        // 2^±64 and its logarithm defined.
        let prior = Decimal::from(doc.won)
            .checked_div(Decimal::from(doc.lost))
            .and_then(|r| r.checked_ln())
            .ok_or_else(|| {
                vec![Problem::new(
                    ErrorCode::Overflow,
                    "won",
                    "the prior log-odds left the decimal range",
                )]
            })?;
        let rule = Arc::from(format!("{}:winProbability", doc.id));
        Ok(WinProbabilityModel {
            doc,
            totals,
            prior,
            rule,
        })
    }

    /// The probability of an open opportunity's fields, with its components and reasons.
    pub fn probability(
        &self,
        id: String,
        fields: &Map<String, Value>,
        path: &str,
        explain: bool,
    ) -> Result<ScoredRecord, Problem> {
        let p = &self.doc.parameters;
        let alpha = p.smoothing;
        let mut tracer = Tracer::new(explain);
        let mut logit = self.prior;
        tracer.step_with(
            &self.rule,
            Outcome::Computed,
            || {
                format!(
                    "prior log-odds ln({} won ÷ {} lost)",
                    self.doc.won, self.doc.lost
                )
            },
            || (None, Some(json!(display(self.prior, 4).to_string()))),
        );
        let mut components = Vec::new();
        let mut moved: Vec<(Decimal, Reason)> = Vec::new();
        for (name, value) in fields {
            let at = || format!("{path}.fields.{name}");
            let Some(key) = value_key(value, &at)? else {
                continue;
            };
            let (Some(values), Some(t)) = (self.doc.fields.get(name), self.totals.get(name)) else {
                // A field the model never learned says nothing either way.
                continue;
            };
            let mut c = Component::new(name, None, Decimal::ONE);
            let Some(counts) = values.get(key.as_ref()) else {
                c.note = Some(format!("value `{key}` never seen in training: ignored"));
                components.push(c);
                continue;
            };
            // Saturating is exact for the comparison: a sum beyond u64 is above any minimum.
            let seen = counts.won.saturating_add(counts.lost);
            if seen < p.min_count {
                c.note = Some(format!(
                    "value `{key}` seen {} time(s), under the minimum of {}: ignored",
                    seen, p.min_count
                ));
                components.push(c);
                continue;
            }
            // Counts are at most 2^64 and α within (0, 1000]: every term is in range and
            // positive, so the logarithm is defined. Checked all the same: an overflow rejects
            // the record at the field.
            let smoothed = |n: u64, total: Decimal| {
                let denominator = alpha.checked_mul(t.distinct)?.checked_add(total)?;
                Decimal::from(n)
                    .checked_add(alpha)?
                    .checked_div(denominator)
            };
            let effect = smoothed(counts.won, t.won)
                .zip(smoothed(counts.lost, t.lost))
                .and_then(|(w, l)| w.checked_div(l))
                .and_then(|r| r.checked_ln())
                .and_then(|e| Some((e, logit.checked_add(e)?)));
            let Some((effect, sum)) = effect else {
                return Err(super::overflow(&at(), &id));
            };
            logit = sum;
            tracer.step_with(
                &self.rule,
                Outcome::Computed,
                || {
                    format!(
                        "{name} = {key}: ln(P(v|won) ÷ P(v|lost)) with won {}, lost {}",
                        counts.won, counts.lost
                    )
                },
                || (None, Some(json!(display(effect, 4).to_string()))),
            );
            c.value = Some(display(effect, 4));
            c.applied_weight = Decimal::ONE;
            c.contribution = c.value;
            c.input = None;
            c.note = Some(format!(
                "{name} = {key}: won {}, lost {}",
                counts.won, counts.lost
            ));
            components.push(c);
            moved.push((
                effect.abs(),
                Reason {
                    about: name.clone(),
                    message: format!(
                        "{name} = {key} {} the odds (won {}, lost {} in training)",
                        if effect >= Decimal::ZERO {
                            "raises"
                        } else {
                            "lowers"
                        },
                        counts.won,
                        counts.lost
                    ),
                    effect: Some(display(effect, 4)),
                },
            ));
        }
        // Strongest first; equal strengths by field name, so the order never depends on input.
        moved.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.about.cmp(&b.1.about)));
        let limit = Decimal::from(LOGIT_LIMIT);
        // Clamping the logit is exact for the result: beyond ±46 the probability is within
        // 1e-20 of 0 or 1, and the probability clamp below is far wider.
        let bounded = logit.clamp(limit.neg(), limit);
        // e^46 is about 9.5 × 10^19: in range, and 1 + it is positive.
        let probability = checked(
            bounded
                .neg()
                .checked_exp()
                .and_then(|e| Decimal::ONE.checked_add(e))
                .and_then(|d| Decimal::ONE.checked_div(d)),
            path,
            &id,
        )?;
        let clamped = probability.clamp(p.min_probability, p.max_probability);
        let score = display(clamped, 4);
        let band = p.bands.classify(score);
        tracer.step_with(
            &self.rule,
            Outcome::Computed,
            || {
                format!(
                    "p = 1 ÷ (1 + e^−{}) clamped to [{}, {}]",
                    display(logit, 4),
                    p.min_probability,
                    p.max_probability
                )
            },
            || (None, Some(json!(score.to_string()))),
        );
        Ok(ScoredRecord {
            id,
            score: Some(score),
            band: Some(band),
            components,
            reasons: moved
                .into_iter()
                .take(p.top_reasons as usize)
                .map(|(_, r)| r)
                .collect(),
            explanation: tracer.finish(),
            ..ScoredRecord::default()
        })
    }

    pub(super) fn score_record(
        &self,
        record: &Value,
        path: &str,
        explain: bool,
    ) -> Result<ScoredRecord, Problem> {
        let opp: OpenOpportunity = decode_problem(record, path)?;
        self.probability(opp.id, &opp.fields, path, explain)
    }
}

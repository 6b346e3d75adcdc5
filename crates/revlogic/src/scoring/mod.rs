//! Scoring models (SPEC §2): each a versioned document with weights, thresholds and bands,
//! loaded and validated once as a [`ScoreModel`], then applied to batches of records. Every
//! score comes with a band (green / yellow / red), its components and, on request, the steps
//! that produced it.
//!
//! One file per model; `bands`, `weights` and `breakpoints` are shared by all of them.

pub mod bands;
pub mod breakpoints;
pub mod credit_risk;
pub mod customer_health;
pub mod data_credit;
pub mod geo;
pub mod grading;
pub mod kpi;
pub mod lead_quality;
pub mod priority;
pub mod process_health;
pub mod result;
pub mod weights;
pub mod win_probability;

pub use bands::{Band, Bands, LowerBound};
pub use breakpoints::Breakpoint;
pub use credit_risk::{CreditHistory, CreditRiskDocument, CreditRiskModel};
pub use customer_health::{
    CustomerHealthDocument, CustomerHealthModel, CustomerSignals, MissingRule,
};
pub use data_credit::{DataCreditDocument, DataCreditModel, RepVisitLogs, VisitLog};
pub use geo::GeoPoint;
pub use grading::{GradedRecord, GradingDocument, GradingModel};
pub use kpi::{kpi, KpiReport, KpiRequest};
pub use lead_quality::{
    lead_quality_index, LeadQualityDocument, LeadQualityModel, LeadQualityWeights, LeadSignals,
};
pub use priority::{prioritise, PriorityList, PriorityRequest};
pub use process_health::{ProcessHealthDocument, ProcessHealthModel, RepActivity};
pub use result::{
    Alert, Component, CreditPolicy, Deduction, GradeAssignment, Reason, Recommendation, ScoreBatch,
    ScoredRecord, TagAssignment, Trend, TrendDirection,
};
pub use win_probability::{
    train as train_win_model, ClosedOpportunity, OpenOpportunity, TrainOptions, TrainingReport,
    WinProbabilityDocument, WinProbabilityModel,
};

use crate::batch::{RecordOutcome, Rejection};
use crate::error::{Error, ErrorCode, ErrorKind, Problem, Problems};
use crate::wire::decode::decode_document;
use rust_decimal::{Decimal, RoundingStrategy};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;

/// A score model document, tagged by `model`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "model", rename_all = "camelCase")]
pub enum ScoreModelDocument {
    ProcessHealth(ProcessHealthDocument),
    DataCredit(DataCreditDocument),
    CustomerHealth(CustomerHealthDocument),
    Grading(GradingDocument),
    LeadQuality(LeadQualityDocument),
    CreditRisk(CreditRiskDocument),
    WinProbability(WinProbabilityDocument),
}

/// A record of any model, for the JSON Schema (and the TypeScript type) of `score`'s input;
/// the model decodes each record as its own type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ScoreRecord {
    RepActivity(RepActivity),
    RepVisitLogs(RepVisitLogs),
    CustomerSignals(CustomerSignals),
    GradedRecord(GradedRecord),
    LeadSignals(LeadSignals),
    CreditHistory(CreditHistory),
    OpenOpportunity(OpenOpportunity),
}

/// Options of [`ScoreModel::score_values`]; on the wire `{explain?, components?}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScoreOptions {
    /// Attach the steps of each score (default false).
    #[serde(default)]
    pub explain: bool,
    /// Return each score's components (default true). A dashboard that needs only scores,
    /// bands, trends and alerts for a million customers turns them off.
    #[serde(default = "yes")]
    pub components: bool,
}

fn yes() -> bool {
    true
}

impl Default for ScoreOptions {
    fn default() -> Self {
        ScoreOptions {
            explain: false,
            components: true,
        }
    }
}

/// A loaded, validated score model.
#[derive(Debug, Clone)]
pub struct ScoreModel {
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    ProcessHealth(ProcessHealthModel),
    DataCredit(DataCreditModel),
    CustomerHealth(CustomerHealthModel),
    Grading(GradingModel),
    LeadQuality(LeadQualityModel),
    CreditRisk(CreditRiskModel),
    WinProbability(WinProbabilityModel),
}

impl ScoreModel {
    /// Loads and validates a model document, reporting every problem at once.
    pub fn load(document: &Value) -> Result<ScoreModel, Error> {
        Self::from_document(decode_model_document(document)?)
    }

    pub fn from_document(doc: ScoreModelDocument) -> Result<ScoreModel, Error> {
        let kind = match doc {
            ScoreModelDocument::ProcessHealth(d) => {
                ProcessHealthModel::compile(d).map(Kind::ProcessHealth)
            }
            ScoreModelDocument::DataCredit(d) => DataCreditModel::compile(d).map(Kind::DataCredit),
            ScoreModelDocument::CustomerHealth(d) => {
                CustomerHealthModel::compile(d).map(Kind::CustomerHealth)
            }
            ScoreModelDocument::Grading(d) => GradingModel::compile(d).map(Kind::Grading),
            ScoreModelDocument::LeadQuality(d) => {
                LeadQualityModel::compile(d).map(Kind::LeadQuality)
            }
            ScoreModelDocument::CreditRisk(d) => CreditRiskModel::compile(d).map(Kind::CreditRisk),
            ScoreModelDocument::WinProbability(d) => {
                WinProbabilityModel::compile(d).map(Kind::WinProbability)
            }
        };
        kind.map(|kind| ScoreModel { kind }).map_err(Error::config)
    }

    /// The model kind as written in the document's `model` member.
    pub fn model(&self) -> &'static str {
        match &self.kind {
            Kind::ProcessHealth(_) => "processHealth",
            Kind::DataCredit(_) => "dataCredit",
            Kind::CustomerHealth(_) => "customerHealth",
            Kind::Grading(_) => "grading",
            Kind::LeadQuality(_) => "leadQuality",
            Kind::CreditRisk(_) => "creditRisk",
            Kind::WinProbability(_) => "winProbability",
        }
    }

    pub fn id(&self) -> &str {
        match &self.kind {
            Kind::ProcessHealth(m) => &m.doc.id,
            Kind::DataCredit(m) => &m.doc.id,
            Kind::CustomerHealth(m) => &m.doc.id,
            Kind::Grading(m) => &m.doc.id,
            Kind::LeadQuality(m) => &m.doc.id,
            Kind::CreditRisk(m) => &m.doc.id,
            Kind::WinProbability(m) => &m.doc.id,
        }
    }

    pub fn version(&self) -> Option<&str> {
        match &self.kind {
            Kind::ProcessHealth(m) => m.doc.version.as_deref(),
            Kind::DataCredit(m) => m.doc.version.as_deref(),
            Kind::CustomerHealth(m) => m.doc.version.as_deref(),
            Kind::Grading(m) => m.doc.version.as_deref(),
            Kind::LeadQuality(m) => m.doc.version.as_deref(),
            Kind::CreditRisk(m) => m.doc.version.as_deref(),
            Kind::WinProbability(m) => m.doc.version.as_deref(),
        }
    }

    /// Scores a batch: one outcome per record, in input order. Records sharing an id are all
    /// rejected (`DUPLICATE_ID`), so that the outcome never depends on their order.
    pub fn score_values(&self, records: &[Value], options: ScoreOptions) -> ScoreBatch {
        let duplicates = duplicate_ids(records);
        let results = records
            .iter()
            .enumerate()
            .map(|(index, record)| {
                let path = format!("records[{index}]");
                let id = record.get("id").and_then(Value::as_str);
                let scored = match id {
                    Some(id) if duplicates.contains_key(id) => Err(Problem::new(
                        ErrorCode::DuplicateId,
                        format!("{path}.id"),
                        format!("the id `{id}` is shared by more than one record of the batch"),
                    )),
                    _ => self.score_one(record, &path, options.explain),
                };
                let scored = scored.map(|mut r| {
                    if !options.components {
                        r.components = Vec::new();
                    }
                    r
                });
                match scored {
                    Ok(r) => RecordOutcome::Ok(r),
                    Err(error) => RecordOutcome::Rejected(Rejection {
                        index,
                        id: id.map(str::to_string),
                        error,
                    }),
                }
            })
            .collect();
        ScoreBatch {
            model: self.model(),
            model_id: self.id().to_string(),
            version: self.version().map(str::to_string),
            results,
        }
    }

    fn score_one(
        &self,
        record: &Value,
        path: &str,
        explain: bool,
    ) -> Result<ScoredRecord, Problem> {
        match &self.kind {
            Kind::ProcessHealth(m) => m.score_record(record, path, explain),
            Kind::DataCredit(m) => m.score_record(record, path, explain),
            Kind::CustomerHealth(m) => m.score_record(record, path, explain),
            Kind::Grading(m) => m.score_record(record, path, explain),
            Kind::LeadQuality(m) => m.score_record(record, path, explain),
            Kind::CreditRisk(m) => m.score_record(record, path, explain),
            Kind::WinProbability(m) => m.score_record(record, path, explain),
        }
    }
}

/// Decodes a model document. The `model` tag is read first and the rest decoded as that
/// model's type, rather than through serde's internally tagged enum, which buffers the
/// content and so loses the JSON path of every problem inside it.
pub fn decode_model_document(document: &Value) -> Result<ScoreModelDocument, Error> {
    let fail = |code, message: &str| {
        Err(Error::single(
            ErrorKind::Config,
            Problem::new(code, "model", message),
        ))
    };
    let Some(map) = document.as_object() else {
        return Err(Error::single(
            ErrorKind::Config,
            Problem::new(
                ErrorCode::InvalidType,
                "",
                "a score model document is an object",
            ),
        ));
    };
    let kind = match map.get("model") {
        Some(Value::String(k)) => k.as_str(),
        None => return fail(ErrorCode::MissingField, "`model` names the model kind"),
        Some(_) => return fail(ErrorCode::InvalidType, "`model` must be a string"),
    };
    let mut body = map.clone();
    body.remove("model");
    let body = Value::Object(body);
    Ok(match kind {
        "processHealth" => ScoreModelDocument::ProcessHealth(decode_document(&body)?),
        "dataCredit" => ScoreModelDocument::DataCredit(decode_document(&body)?),
        "customerHealth" => ScoreModelDocument::CustomerHealth(decode_document(&body)?),
        "grading" => ScoreModelDocument::Grading(decode_document(&body)?),
        "leadQuality" => ScoreModelDocument::LeadQuality(decode_document(&body)?),
        "creditRisk" => ScoreModelDocument::CreditRisk(decode_document(&body)?),
        "winProbability" => ScoreModelDocument::WinProbability(decode_document(&body)?),
        other => {
            return fail(
                ErrorCode::InvalidValue,
                &format!(
                    "unknown model `{other}`; known: processHealth, dataCredit, customerHealth, grading, leadQuality, creditRisk, winProbability"
                ),
            )
        }
    })
}

/// Ids that occur more than once in the batch.
pub(crate) fn duplicate_ids(records: &[Value]) -> HashMap<&str, usize> {
    let mut counts: HashMap<&str, usize> = HashMap::with_capacity(records.len());
    for id in records
        .iter()
        .filter_map(|r| r.get("id").and_then(Value::as_str))
    {
        *counts.entry(id).or_insert(0) += 1;
    }
    counts.retain(|_, n| *n > 1);
    counts
}

/// Decodes one record. The plain serde pass is tried first because it is several times
/// faster; only a record that fails is decoded again with path tracking, for the problem's
/// code and path.
pub(crate) fn decode_record<T: serde::de::DeserializeOwned>(
    value: &Value,
    path: &str,
) -> Result<T, Problem> {
    match crate::wire::strict::from_value::<T>(value) {
        Ok(t) => Ok(t),
        Err(_) => crate::wire::decode::decode_problem(value, path),
    }
}

/// A published figure: rounded half-up (away from zero) to `dp` places, trailing zeros
/// removed, so `0.8750` is printed `0.875` and vectors can be written by hand.
pub fn display(value: Decimal, dp: u32) -> Decimal {
    value
        .round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

pub(crate) fn schema_version_problem(version: u32, problems: &mut Problems) {
    if version != 1 {
        problems.push(
            ErrorCode::UnsupportedSchemaVersion,
            "schemaVersion",
            format!("schema version {version} is not supported; this library reads version 1"),
        );
    }
}

/// A checked step of one record's score. Scores are built from validated weights
/// (non-negative, summing to 1) and measures within 0–1 or 0–100, so no step leaves the decimal
/// range; were one to (`None`), the record alone is rejected with `OVERFLOW` at `path` (the
/// record or its measure), named by its id.
pub(crate) fn checked(value: Option<Decimal>, path: &str, id: &str) -> Result<Decimal, Problem> {
    value.ok_or_else(|| overflow(path, id))
}

/// The problem [`checked`] reports.
pub(crate) fn overflow(path: &str, id: &str) -> Problem {
    Problem::new(
        ErrorCode::Overflow,
        path,
        format!("record `{id}`: its score left the decimal range"),
    )
}

pub(crate) fn decimals_problem(dp: u32, path: &str, problems: &mut Problems) {
    if dp > 10 {
        problems.push(
            ErrorCode::OutOfRange,
            path,
            format!("{dp} decimal places is more than the 10 a score may carry"),
        );
    }
}

//! Stage mapping: one system's stages expressed in another's (a 7-level CRM pipeline against
//! finance's `signed` / `unsigned`), so that records from both can be compared.

use crate::batch::{RecordOutcome, Rejection};
use crate::error::{Error, ErrorCode, ErrorKind, Problem, Problems};
use crate::wire::decode::{decode_document, decode_problem};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StageMappingDocument {
    pub schema_version: u32,
    pub id: String,
    /// Name of the source system, e.g. `crm`.
    pub source: String,
    /// Name of the target system, e.g. `finance`.
    pub target: String,
    /// Every stage of the source system; each must be mapped.
    pub source_stages: Vec<String>,
    /// Every stage of the target system.
    pub target_stages: Vec<String>,
    /// Source stage → target stage.
    pub map: BTreeMap<String, String>,
}

/// A validated mapping.
#[derive(Debug, Clone)]
pub struct StageMapping {
    document: StageMappingDocument,
    map: HashMap<String, String>,
    targets: BTreeSet<String>,
}

/// A record from the source system to translate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StageRecord {
    pub id: String,
    pub stage: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MappedRecord {
    pub id: String,
    pub source_stage: String,
    pub target_stage: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MappedBatch {
    pub results: Vec<RecordOutcome<MappedRecord>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CompareRequest {
    /// Records as the source system has them.
    pub source: Vec<Value>,
    /// Records as the target system has them (stages already in target terms).
    pub target: Vec<Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Agreement {
    /// Both systems agree once the source stage is mapped.
    Match,
    /// Both have the record but disagree.
    Mismatch,
    /// Only the source system has the record.
    MissingInTarget,
    /// Only the target system has the record.
    MissingInSource,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    pub id: String,
    pub agreement: Agreement,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_stage: Option<String>,
    /// The source stage in target terms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_target_stage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_stage: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonSummary {
    pub matched: usize,
    pub mismatched: usize,
    pub missing_in_target: usize,
    pub missing_in_source: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonReport {
    /// One entry per record id, ordered by id.
    pub records: Vec<Comparison>,
    pub summary: ComparisonSummary,
    pub rejected: Vec<Rejection>,
}

impl StageMapping {
    /// Loads and validates a mapping: every source stage mapped, to a declared target stage.
    pub fn load(document: &Value) -> Result<StageMapping, Error> {
        let doc: StageMappingDocument = decode_document(document)?;
        let mut problems = Problems::new();
        if doc.schema_version != 1 {
            problems.push(
                ErrorCode::UnsupportedSchemaVersion,
                "schemaVersion",
                format!(
                    "schema version {} is not supported; this library reads version 1",
                    doc.schema_version
                ),
            );
        }
        let sources = unique(&doc.source_stages, "sourceStages", &mut problems);
        let targets = unique(&doc.target_stages, "targetStages", &mut problems);
        for (from, to) in &doc.map {
            if !sources.contains(from) {
                problems.push(
                    ErrorCode::UnknownStage,
                    format!("map.{from}"),
                    format!("`{from}` is not a {} stage", doc.source),
                );
            }
            if !targets.contains(to) {
                problems.push(
                    ErrorCode::UnknownStage,
                    format!("map.{from}"),
                    format!("`{to}` is not a {} stage", doc.target),
                );
            }
        }
        for (i, s) in doc.source_stages.iter().enumerate() {
            if !doc.map.contains_key(s) {
                problems.push(
                    ErrorCode::UnmappedStage,
                    format!("sourceStages[{i}]"),
                    format!(
                        "{} stage `{s}` has no {} counterpart",
                        doc.source, doc.target
                    ),
                );
            }
        }
        let map = doc
            .map
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        problems.into_result(
            ErrorKind::Config,
            StageMapping {
                document: doc,
                map,
                targets,
            },
        )
    }

    pub fn document(&self) -> &StageMappingDocument {
        &self.document
    }

    /// Translates one source stage.
    pub fn target_of(&self, source_stage: &str) -> Option<&str> {
        self.map.get(source_stage).map(String::as_str)
    }

    /// Translates a batch of records; an unknown source stage rejects that record.
    pub fn map_records(&self, records: &[Value]) -> MappedBatch {
        let results = records
            .iter()
            .enumerate()
            .map(|(i, raw)| {
                let path = format!("records[{i}]");
                match decode_problem::<StageRecord>(raw, &path).and_then(|r| self.map_one(r, &path))
                {
                    Ok(m) => RecordOutcome::Ok(m),
                    Err(error) => RecordOutcome::Rejected(Rejection {
                        index: i,
                        id: raw.get("id").and_then(Value::as_str).map(str::to_string),
                        error,
                    }),
                }
            })
            .collect();
        MappedBatch { results }
    }

    fn map_one(&self, r: StageRecord, path: &str) -> Result<MappedRecord, Problem> {
        match self.map.get(&r.stage) {
            Some(t) => Ok(MappedRecord {
                target_stage: t.clone(),
                id: r.id,
                source_stage: r.stage,
            }),
            None => Err(Problem::new(
                ErrorCode::UnknownStage,
                format!("{path}.stage"),
                format!("`{}` is not a {} stage", r.stage, self.document.source),
            )),
        }
    }

    /// Compares the two systems record by record.
    pub fn compare(&self, request: &CompareRequest) -> ComparisonReport {
        let mut rejected = Vec::new();
        let mut source: BTreeMap<String, (String, String)> = BTreeMap::new();
        for (i, raw) in request.source.iter().enumerate() {
            let path = format!("source[{i}]");
            let read = decode_problem::<StageRecord>(raw, &path).and_then(|r| {
                if source.contains_key(&r.id) {
                    return Err(Problem::new(
                        ErrorCode::DuplicateId,
                        format!("{path}.id"),
                        format!("record `{}` appears twice", r.id),
                    ));
                }
                self.map_one(r, &path)
            });
            match read {
                Ok(m) => {
                    source.insert(m.id, (m.source_stage, m.target_stage));
                }
                Err(error) => rejected.push(Rejection {
                    index: i,
                    id: raw.get("id").and_then(Value::as_str).map(str::to_string),
                    error,
                }),
            }
        }
        let mut target: BTreeMap<String, String> = BTreeMap::new();
        for (i, raw) in request.target.iter().enumerate() {
            let path = format!("target[{i}]");
            let read = decode_problem::<StageRecord>(raw, &path).and_then(|r| {
                if target.contains_key(&r.id) {
                    return Err(Problem::new(
                        ErrorCode::DuplicateId,
                        format!("{path}.id"),
                        format!("record `{}` appears twice", r.id),
                    ));
                }
                if !self.targets.contains(&r.stage) {
                    return Err(Problem::new(
                        ErrorCode::UnknownStage,
                        format!("{path}.stage"),
                        format!("`{}` is not a {} stage", r.stage, self.document.target),
                    ));
                }
                Ok(r)
            });
            match read {
                Ok(r) => {
                    target.insert(r.id, r.stage);
                }
                Err(error) => rejected.push(Rejection {
                    index: i,
                    id: raw.get("id").and_then(Value::as_str).map(str::to_string),
                    error,
                }),
            }
        }
        let ids: BTreeSet<&String> = source.keys().chain(target.keys()).collect();
        let mut summary = ComparisonSummary::default();
        let records = ids
            .into_iter()
            .map(|id| {
                let s = source.get(id);
                let t = target.get(id);
                let agreement = match (s, t) {
                    (Some((_, expected)), Some(actual)) if expected == actual => Agreement::Match,
                    (Some(_), Some(_)) => Agreement::Mismatch,
                    (Some(_), None) => Agreement::MissingInTarget,
                    _ => Agreement::MissingInSource,
                };
                match agreement {
                    Agreement::Match => summary.matched += 1,
                    Agreement::Mismatch => summary.mismatched += 1,
                    Agreement::MissingInTarget => summary.missing_in_target += 1,
                    Agreement::MissingInSource => summary.missing_in_source += 1,
                }
                Comparison {
                    id: id.clone(),
                    agreement,
                    source_stage: s.map(|(src, _)| src.clone()),
                    expected_target_stage: s.map(|(_, tgt)| tgt.clone()),
                    target_stage: t.cloned(),
                }
            })
            .collect();
        ComparisonReport {
            records,
            summary,
            rejected,
        }
    }
}

fn unique(names: &[String], key: &str, problems: &mut Problems) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    for (i, n) in names.iter().enumerate() {
        if !set.insert(n.clone()) {
            problems.push(
                ErrorCode::DuplicateStage,
                format!("{key}[{i}]"),
                format!("stage `{n}` is listed twice"),
            );
        }
    }
    set
}

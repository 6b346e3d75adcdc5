//! Customer grading and auto-tags (客户分级, 自动打标, SPEC §2.4): rules `condition → grade`
//! (first match wins) and `condition → tag` (every match fires), written in the shared
//! condition language; each grade and tag names the rule that produced it.

use super::decode_record as decode_problem;
use super::result::{GradeAssignment, ScoredRecord, TagAssignment};
use super::schema_version_problem;
use crate::condition::{Condition, ConditionDoc};
use crate::error::{ErrorCode, ErrorKind, Problem, Problems};
use crate::explain::{Outcome, Tracer};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GradingDocument {
    pub schema_version: u32,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Grade rules in priority order; the first whose condition holds gives the grade.
    #[serde(default)]
    pub grades: Vec<GradeRuleDoc>,
    /// The grade when no grade rule matches; without it the record has no grade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_grade: Option<String>,
    /// Tag rules; every rule whose condition holds adds its tag.
    #[serde(default)]
    pub tags: Vec<TagRuleDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GradeRuleDoc {
    pub id: String,
    pub grade: String,
    pub when: ConditionDoc,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TagRuleDoc {
    pub id: String,
    pub tag: String,
    pub when: ConditionDoc,
}

/// A customer (or any record) to grade: its fields, as the conditions name them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GradedRecord {
    pub id: String,
    #[serde(default)]
    pub fields: Map<String, Value>,
}

#[derive(Debug, Clone)]
struct Rule {
    id: Arc<str>,
    label: String,
    condition: Condition,
}

/// A validated grading model.
#[derive(Debug, Clone)]
pub struct GradingModel {
    pub(super) doc: GradingDocument,
    grades: Vec<Rule>,
    tags: Vec<Rule>,
}

impl GradingModel {
    pub fn compile(doc: GradingDocument) -> Result<Self, Vec<Problem>> {
        let mut problems = Problems::new();
        schema_version_problem(doc.schema_version, &mut problems);
        let mut ids = HashSet::new();
        let mut compile = |kind: &str,
                           i: usize,
                           id: &str,
                           label: &str,
                           when: &ConditionDoc,
                           problems: &mut Problems| {
            let path = format!("{kind}[{i}]");
            if !ids.insert(id.to_string()) {
                problems.push(
                    ErrorCode::DuplicateId,
                    format!("{path}.id"),
                    format!("the rule id `{id}` is used twice"),
                );
            }
            if label.trim().is_empty() {
                problems.push(
                    ErrorCode::InvalidValue,
                    path.clone(),
                    "the grade or tag is empty",
                );
            }
            let condition = Condition::compile(when, &format!("{path}.when"), problems)?;
            if condition.is_unsatisfiable() {
                problems.push(
                    ErrorCode::RuleNeverFires,
                    format!("{path}.when"),
                    format!("no record can satisfy {}", condition.describe()),
                );
            }
            Some(Rule {
                id: Arc::from(id),
                label: label.to_string(),
                condition,
            })
        };
        let grades: Vec<Rule> = doc
            .grades
            .iter()
            .enumerate()
            .filter_map(|(i, r)| compile("grades", i, &r.id, &r.grade, &r.when, &mut problems))
            .collect();
        let tags: Vec<Rule> = doc
            .tags
            .iter()
            .enumerate()
            .filter_map(|(i, r)| compile("tags", i, &r.id, &r.tag, &r.when, &mut problems))
            .collect();
        problems
            .into_result(ErrorKind::Config, ())
            .map_err(|e| e.problems)?;
        Ok(GradingModel { doc, grades, tags })
    }

    pub(super) fn score_record(
        &self,
        record: &Value,
        path: &str,
        explain: bool,
    ) -> Result<ScoredRecord, Problem> {
        let rec: GradedRecord = decode_problem(record, path)?;
        let fields_path = format!("{path}.fields");
        let mut tracer = Tracer::new(explain);
        let mut grade = None;
        for rule in &self.grades {
            let holds = rule.condition.evaluate(&rec.fields, &fields_path)?;
            tracer.step(
                &rule.id,
                if holds { Outcome::Pass } else { Outcome::Skip },
                || format!("grade {} if {}", rule.label, rule.condition.describe()),
            );
            if holds {
                grade = Some(GradeAssignment {
                    grade: rule.label.clone(),
                    rule: rule.id.to_string(),
                    condition: rule.condition.describe(),
                });
                break;
            }
        }
        if grade.is_none() {
            grade = self.doc.default_grade.as_ref().map(|g| GradeAssignment {
                grade: g.clone(),
                rule: "defaultGrade".into(),
                condition: "no grade rule matched".into(),
            });
        }
        let mut tags = Vec::new();
        for rule in &self.tags {
            let holds = rule.condition.evaluate(&rec.fields, &fields_path)?;
            tracer.step(
                &rule.id,
                if holds { Outcome::Pass } else { Outcome::Skip },
                || format!("tag {} if {}", rule.label, rule.condition.describe()),
            );
            if holds {
                tags.push(TagAssignment {
                    tag: rule.label.clone(),
                    rule: rule.id.to_string(),
                    condition: rule.condition.describe(),
                });
            }
        }
        Ok(ScoredRecord {
            id: rec.id,
            grade,
            tags,
            explanation: tracer.finish(),
            ..ScoredRecord::default()
        })
    }
}

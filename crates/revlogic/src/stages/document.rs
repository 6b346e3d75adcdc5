//! The pipeline document: what a CRM's settings screen edits and stores. Loading it
//! (`Pipeline::load`) validates everything and reports every problem at once.

use crate::condition::ConditionDoc;
use crate::wire;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A sales pipeline: ordered stages and what an opportunity needs to move between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PipelineDocument {
    /// Version of this document format; this library reads version 1.
    pub schema_version: u32,
    pub id: String,
    /// The business's own label for this revision of the pipeline, echoed in results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Open stages in pipeline order, plus terminal stages (`kind: won` / `kind: lost`).
    pub stages: Vec<StageDoc>,
    /// Whether a forward move may skip stages (their requirements must still be met).
    #[serde(default = "default_true")]
    pub allow_skip: bool,
    /// Whether a won or lost opportunity may move back to an open stage (with a reason).
    #[serde(default)]
    pub allow_reopen: bool,
    /// Requirements checked on every forward move, whatever the stages.
    #[serde(default, skip_serializing_if = "RequirementsDoc::is_empty")]
    pub every_advance: RequirementsDoc,
    /// Declared types of record fields; a value of the wrong type rejects the record.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub field_types: BTreeMap<String, FieldTypeDoc>,
    #[serde(default)]
    pub placeholders: PlaceholderDoc,
    /// Side effects returned to the host when a move is allowed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub effects: Vec<EffectRuleDoc>,
    #[serde(default)]
    pub data_quality: DataQualityDoc,
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum StageKind {
    #[default]
    Open,
    Won,
    Lost,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StageDoc {
    pub name: String,
    /// Display name, e.g. 方案.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default)]
    pub kind: StageKind,
    /// What an opportunity must have to enter this stage.
    #[serde(default, skip_serializing_if = "RequirementsDoc::is_empty")]
    pub entry: RequirementsDoc,
    /// What it must have to leave this stage forward (e.g. a PO acceptance scan to mark
    /// payment done).
    #[serde(default, skip_serializing_if = "RequirementsDoc::is_empty")]
    pub exit: RequirementsDoc,
    /// Dwell beyond this many hours is an anomaly in the dwell report.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "wire::decimal_opt"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub dwell_threshold_hours: Option<Decimal>,
}

/// A set of requirements. They are checked in this order: fields, evidence, conditional
/// requirements, approvals; each list in document order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RequirementsDoc {
    /// Fields that must hold a meaningful value (not absent, empty or a placeholder).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceDoc>,
    /// Requirements that apply only when a condition on the record holds (场景化表单).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditional: Vec<ConditionalDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approvals: Vec<ApprovalRuleDoc>,
}

impl RequirementsDoc {
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
            && self.evidence.is_empty()
            && self.conditional.is_empty()
            && self.approvals.is_empty()
    }
}

/// An attachment the opportunity must carry: one of `kinds`, with its own `fields` filled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EvidenceDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub kinds: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ConditionalDoc {
    pub id: String,
    pub when: ConditionDoc,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceDoc>,
}

/// An approval the move needs when `when` holds (always, when `when` is absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ApprovalRuleDoc {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<ConditionDoc>,
    pub role: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum FieldType {
    Text,
    Decimal,
    Date,
    Datetime,
    Boolean,
    List,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FieldTypeDoc {
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// For decimals: the smallest allowed value (`"0"` forbids negative amounts).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "wire::decimal_opt"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub min: Option<Decimal>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "wire::decimal_opt"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub max: Option<Decimal>,
}

/// Values that are present but mean nothing, and so count as missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PlaceholderDoc {
    /// Compared after trimming, ignoring ASCII case. Blank strings are always placeholders.
    #[serde(default = "default_tokens")]
    pub tokens: Vec<String>,
    /// Per field, dates that are placeholders: `YYYY-MM-DD`, or `*-MM-DD` for any year.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sentinel_dates: BTreeMap<String, Vec<String>>,
    /// Fields checked for placeholders on every move, as warnings when not required.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warn_fields: Vec<String>,
}

fn default_tokens() -> Vec<String> {
    vec!["TBD".into(), "N/A".into(), "待定".into()]
}

impl Default for PlaceholderDoc {
    fn default() -> Self {
        PlaceholderDoc {
            tokens: default_tokens(),
            sentinel_dates: BTreeMap::new(),
            warn_fields: Vec::new(),
        }
    }
}

/// A side effect for the host to carry out after an allowed move from `from` (any stage when
/// absent) to `to`, e.g. notify `legal` with the amount and payment terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EffectRuleDoc {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    pub to: String,
    /// What the host should do, e.g. `notify` or `start_receivable_tracking`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Record fields copied into the effect's data.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
}

/// The data-quality circuit breaker (数据质量熔断).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DataQualityDoc {
    /// The field whose repeated absence suspends a rep.
    #[serde(default = "default_breaker_field")]
    pub field: String,
    /// How many consecutive submissions without it trigger the suspension.
    #[serde(default = "default_breaker_count")]
    pub consecutive: u32,
}

fn default_breaker_field() -> String {
    "budget_range".into()
}

fn default_breaker_count() -> u32 {
    3
}

impl Default for DataQualityDoc {
    fn default() -> Self {
        DataQualityDoc {
            field: default_breaker_field(),
            consecutive: default_breaker_count(),
        }
    }
}

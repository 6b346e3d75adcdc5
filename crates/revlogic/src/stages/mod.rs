//! Opportunity stage validation (商机阶段管理, SPEC §1): pipelines, stage moves with their
//! requirements, approvals and effects, the data-quality breaker, dwell times and stage
//! mapping between systems.

mod breaker;
mod check;
mod document;
mod dwell;
mod mapping;
mod pipeline;
mod placeholder;
mod record;

pub use breaker::{
    BreakerReport, BreakerRequest, Clearance, RepBreakerStatus, RepStatus, Submission,
};
pub use check::{
    Approval, ApprovalStatus, Attachment, CheckBatch, CheckOptions, CheckSummary, Direction,
    Effect, EffectValue, Opportunity, Severity, TransitionCheck, TransitionRequest, Violation,
    ViolationCode,
};
pub use document::{
    ApprovalRuleDoc, ConditionalDoc, DataQualityDoc, EffectRuleDoc, EvidenceDoc, FieldType,
    FieldTypeDoc, PipelineDocument, PlaceholderDoc, RequirementsDoc, StageDoc, StageKind,
};
pub use dwell::{
    DwellAnomaly, DwellReport, DwellRequest, OpportunityDwell, StageAnomalies, StageDwell,
    StageEvent, StageHistory, TeamDwell,
};
pub use mapping::{
    Agreement, CompareRequest, Comparison, ComparisonReport, ComparisonSummary, MappedBatch,
    MappedRecord, StageMapping, StageMappingDocument, StageRecord,
};
pub use pipeline::Pipeline;

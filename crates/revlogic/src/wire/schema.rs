//! JSON Schemas of the documents, requests and results, so a CRM can build its settings forms
//! and a TypeScript or Python client its types from the same source as the library.

use crate::assignment::{
    AssignRequest, AssignmentResult, ClaimRequest, ClaimResult, FairnessReport, FairnessRequest,
    PolicyDocument as AssignmentPolicyDocument,
};
use crate::commission::{
    EfficiencyOptions, EfficiencyReport, LiveFigure, PlanDocument, Statement, StatementRequest,
    WhatIf,
};
use crate::error::{Error, ErrorCode, ErrorKind, ErrorPayload, Problem};
use crate::rebate::{
    AgreementDocument, Estimate, EstimateOrder, PeriodBaseline, SettleRequest, Settlement,
};
use crate::reconcile::{ReconcileReport, ReconcileRequest};
use crate::scoring::{
    ClosedOpportunity, KpiReport, KpiRequest, PriorityList, PriorityRequest, ScoreBatch,
    ScoreModelDocument, ScoreRecord, TrainOptions, TrainingReport,
};
use crate::stages::{
    BreakerReport, BreakerRequest, CheckBatch, CompareRequest, ComparisonReport, DwellReport,
    DwellRequest, MappedBatch, PipelineDocument, StageMappingDocument, StageRecord,
    TransitionRequest,
};
use crate::wire::ops::{AllocateRequest, Allocation};
use serde_json::Value;

/// Names accepted by [`schema`], in a stable order.
pub const SCHEMA_NAMES: &[&str] = &[
    "PipelineDocument",
    "TransitionRequest",
    "CheckBatch",
    "BreakerRequest",
    "BreakerReport",
    "DwellRequest",
    "DwellReport",
    "StageMappingDocument",
    "StageRecord",
    "MappedBatch",
    "CompareRequest",
    "ComparisonReport",
    "AllocateRequest",
    "Allocation",
    "ScoreModelDocument",
    "ScoreRecord",
    "ScoreBatch",
    "ClosedOpportunity",
    "TrainOptions",
    "TrainingReport",
    "PriorityRequest",
    "PriorityList",
    "KpiRequest",
    "KpiReport",
    "ErrorPayload",
    "CommissionPlanDocument",
    "CommissionStatementRequest",
    "CommissionStatement",
    "CommissionWhatIf",
    "EfficiencyOptions",
    "EfficiencyReport",
    "LiveFigure",
    "RebateAgreementDocument",
    "RebateSettleRequest",
    "RebateSettlement",
    "RebateEstimateOrder",
    "RebateEstimate",
    "RebatePeriodBaseline",
    "ReconcileRequest",
    "ReconcileReport",
    "AssignmentPolicyDocument",
    "AssignRequest",
    "AssignmentResult",
    "ClaimRequest",
    "ClaimResult",
    "FairnessRequest",
    "FairnessReport",
];

/// The JSON Schema (draft 2020-12) of a document, request or result type.
pub fn schema(name: &str) -> Result<Value, Error> {
    macro_rules! of {
        ($t:ty) => {
            serde_json::to_value(schemars::schema_for!($t)).unwrap_or(Value::Null)
        };
    }
    Ok(match name {
        "PipelineDocument" => of!(PipelineDocument),
        "TransitionRequest" => of!(TransitionRequest),
        "CheckBatch" => of!(CheckBatch),
        "BreakerRequest" => of!(BreakerRequest),
        "BreakerReport" => of!(BreakerReport),
        "DwellRequest" => of!(DwellRequest),
        "DwellReport" => of!(DwellReport),
        "StageMappingDocument" => of!(StageMappingDocument),
        "StageRecord" => of!(StageRecord),
        "MappedBatch" => of!(MappedBatch),
        "CompareRequest" => of!(CompareRequest),
        "ComparisonReport" => of!(ComparisonReport),
        "AllocateRequest" => of!(AllocateRequest),
        "Allocation" => of!(Allocation),
        "ScoreModelDocument" => of!(ScoreModelDocument),
        "ScoreRecord" => of!(ScoreRecord),
        "ScoreBatch" => of!(ScoreBatch),
        "ClosedOpportunity" => of!(ClosedOpportunity),
        "TrainOptions" => of!(TrainOptions),
        "TrainingReport" => of!(TrainingReport),
        "PriorityRequest" => of!(PriorityRequest),
        "PriorityList" => of!(PriorityList),
        "KpiRequest" => of!(KpiRequest),
        "KpiReport" => of!(KpiReport),
        "ErrorPayload" => of!(ErrorPayload),
        "CommissionPlanDocument" => of!(PlanDocument),
        "CommissionStatementRequest" => of!(StatementRequest),
        "CommissionStatement" => of!(Statement),
        "CommissionWhatIf" => of!(WhatIf),
        "EfficiencyOptions" => of!(EfficiencyOptions),
        "EfficiencyReport" => of!(EfficiencyReport),
        "LiveFigure" => of!(LiveFigure),
        "RebateAgreementDocument" => of!(AgreementDocument),
        "RebateSettleRequest" => of!(SettleRequest),
        "RebateSettlement" => of!(Settlement),
        "RebateEstimateOrder" => of!(EstimateOrder),
        "RebateEstimate" => of!(Estimate),
        "RebatePeriodBaseline" => of!(PeriodBaseline),
        "ReconcileRequest" => of!(ReconcileRequest),
        "ReconcileReport" => of!(ReconcileReport),
        "AssignmentPolicyDocument" => of!(AssignmentPolicyDocument),
        "AssignRequest" => of!(AssignRequest),
        "AssignmentResult" => of!(AssignmentResult),
        "ClaimRequest" => of!(ClaimRequest),
        "ClaimResult" => of!(ClaimResult),
        "FairnessRequest" => of!(FairnessRequest),
        "FairnessReport" => of!(FairnessReport),
        other => {
            return Err(Error::single(
                ErrorKind::Input,
                Problem::new(
                    ErrorCode::InvalidValue,
                    "name",
                    format!(
                        "no schema named `{other}`; known: {}",
                        SCHEMA_NAMES.join(", ")
                    ),
                ),
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_schema_renders() {
        for name in SCHEMA_NAMES {
            let s = schema(name).unwrap();
            assert!(s.get("$schema").is_some(), "{name}");
        }
        assert_eq!(schema("Nope").unwrap_err().code(), ErrorCode::InvalidValue);
    }
}

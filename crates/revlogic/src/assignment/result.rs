//! What `assign` returns. Every lead of the request appears exactly once: assigned, pooled or
//! rejected.

use crate::error::Problem;
use crate::explain::Explanation;
use crate::wire;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AssignmentResult {
    pub policy_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_version: Option<String>,
    pub mode: super::AssignmentMode,
    /// In the order the leads were served.
    pub assignments: Vec<Assignment>,
    /// Healthy leads that no rep may take now, for the public pool (公海池).
    pub pooled: Vec<PooledLead>,
    /// Leads that failed the health filter or could not be read.
    pub rejected: Vec<RejectedLead>,
    /// Stale open leads to take back from their holders (僵尸线索).
    pub reclaims: Vec<Reclaim>,
    pub summary: Summary,
    /// The optimal mode's fairness band, when the policy sets one: whether it holds, and each
    /// group's count against its bounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fairness_band: Option<FairnessBandResult>,
}

/// How the batch's assignments sit in the fairness band.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FairnessBandResult {
    /// True when the assignment keeps every group within its bounds; false when no assignment
    /// of `placeable` leads can (the optimum without the band is returned, and `groups` shows
    /// which group misses which bound).
    pub feasible: bool,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub tolerance: Decimal,
    /// The most leads this batch can place within capacities and the industry limits: the
    /// denominator of every share. With a feasible band, exactly this many are assigned.
    pub placeable: u64,
    pub groups: Vec<BandGroup>,
    pub message: String,
}

/// One group in the fairness band.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BandGroup {
    pub group: String,
    /// The fairness target (`fairness.targetShares`, else the equal share), rounded to the
    /// fairness section's decimals for display; the bounds use the exact figure.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub target_share: Decimal,
    /// ⌈(target − tolerance) × placeable⌉, at least 0.
    pub lower: u64,
    /// ⌊(target + tolerance) × placeable⌋, at most `placeable`.
    pub upper: u64,
    /// Leads the group's reps receive in this batch.
    pub assigned: u64,
    /// assigned ÷ placeable; `null` when the batch can place no lead.
    #[serde(with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub share: Option<Decimal>,
    pub within: bool,
}

/// One lead handed to one rep.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Assignment {
    pub lead_id: String,
    pub rep_id: String,
    /// The match degree (匹配度), 0–1.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    #[serde(rename = "match")]
    pub match_degree: Decimal,
    /// Why this rep: short sentences a manager can read.
    pub reasons: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

/// Why a healthy lead was not assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum PoolReason {
    /// The rep it would go to has reached the industry breaker's limit (行业负荷熔断).
    IndustryBreaker,
    /// No rep passes the hard matches, availability and capacity.
    NoEligibleRep,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PooledLead {
    pub lead_id: String,
    pub reason: PoolReason,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

/// Why a lead was not considered at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum RejectReason {
    /// No action for longer than the policy allows.
    NoRecentAction,
    /// A status the policy excludes (暂不考虑).
    ExcludedStatus,
    InvalidPhone,
    /// The record could not be read, or repeats an id; `error` says why.
    InvalidRecord,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RejectedLead {
    /// Position of the lead in the request.
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_id: Option<String>,
    pub reason: RejectReason,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Problem>,
}

/// A stale lead to return to the public pool.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Reclaim {
    pub lead_id: String,
    pub rep_id: String,
    /// Whole hours since the lead's last update.
    pub hours_since_update: i64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub leads: usize,
    pub assigned: usize,
    pub pooled: usize,
    pub rejected: usize,
    pub reclaims: usize,
    /// Σ match over the assignments.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub total_match: Decimal,
}

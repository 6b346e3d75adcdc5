//! The `assign` request: the leads to hand out, the reps who can take them, the recent
//! assignment history the industry breaker counts, and `asOf` — the library never reads a
//! clock.

use crate::wire;
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// What `assign` reads. Leads are decoded one by one (a bad lead is rejected in its place);
/// reps and history are reference data and must be valid as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AssignRequest {
    /// "Now" for every age and window in the request.
    #[serde(with = "wire::instant")]
    #[schemars(with = "wire::InstantString")]
    pub as_of: DateTime<FixedOffset>,
    pub leads: Vec<Lead>,
    pub reps: Vec<Rep>,
    /// Recent assignments, for the industry breaker and the "longest since last assignment"
    /// tie-break.
    #[serde(default)]
    pub history: Vec<PastAssignment>,
    /// Whether each lead carries the steps that decided it (default false).
    #[serde(default)]
    pub explain: bool,
    /// The seed of the weighted random mode (default 0); ignored by the other modes.
    #[serde(default)]
    pub seed: u64,
}

/// Urgency of a lead (紧急等级); red is served first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum Urgency {
    Red,
    Yellow,
    #[default]
    Blue,
}

/// One lead to assign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Lead {
    pub id: String,
    #[serde(with = "wire::instant")]
    #[schemars(with = "wire::InstantString")]
    pub created_at: DateTime<FixedOffset>,
    /// The last follow-up action; without one the lead's age counts from `createdAt`.
    #[serde(
        default,
        with = "wire::instant_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::InstantString>")]
    pub last_action_at: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// The breaker's daily limit counts by sub-industry (细分行业), else by industry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_industry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_channel: Option<String>,
    #[serde(default)]
    pub urgency: Urgency,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Whether the phone number is valid (default true).
    #[serde(default = "yes")]
    pub phone_valid: bool,
    /// The customer's budget, compared with a rep's ticket-size band.
    #[serde(
        default,
        with = "wire::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub budget: Option<Decimal>,
    /// Further fields named by the policy's `eligibility.matchFields`.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub fields: Map<String, Value>,
}

/// One rep who may receive leads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Rep {
    pub id: String,
    /// Team or group, for fairness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub customer_types: Vec<String>,
    /// The most open leads the rep may hold, new ones included.
    pub capacity: u32,
    /// Pending visit tasks; a rep with none is idle (空闲).
    #[serde(default)]
    pub pending_visits: u32,
    /// Whether the rep takes leads at all today (leave, training; default true).
    #[serde(default = "yes")]
    pub available: bool,
    #[serde(
        default,
        with = "wire::instant_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::InstantString>")]
    pub last_effective_visit_at: Option<DateTime<FixedOffset>>,
    /// Open leads the rep holds; each counts towards the load, stale ones too.
    #[serde(default)]
    pub open_leads: Vec<OpenLead>,
    /// 30-day statistics per industry.
    #[serde(default)]
    pub stats: BTreeMap<String, IndustryStats>,
    /// Values for the policy's `eligibility.matchFields`: a value or a list of values.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub fields: Map<String, Value>,
}

/// A lead a rep already holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OpenLead {
    pub id: String,
    #[serde(with = "wire::instant")]
    #[schemars(with = "wire::InstantString")]
    pub last_update_at: DateTime<FixedOffset>,
}

/// A rep's last 30 days in one industry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct IndustryStats {
    /// Won ÷ closed, 0–1.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub win_rate: Decimal,
    /// Average deal cycle in days.
    #[serde(
        default,
        with = "wire::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub avg_cycle_days: Option<Decimal>,
    /// The ticket-size band (客单价区间) the rep usually closes.
    #[serde(
        default,
        with = "wire::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub ticket_min: Option<Decimal>,
    #[serde(
        default,
        with = "wire::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub ticket_max: Option<Decimal>,
}

/// An assignment made before this batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PastAssignment {
    pub rep_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_industry: Option<String>,
    #[serde(with = "wire::instant")]
    #[schemars(with = "wire::InstantString")]
    pub assigned_at: DateTime<FixedOffset>,
}

fn yes() -> bool {
    true
}

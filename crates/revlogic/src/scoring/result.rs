//! What scoring a batch returns: one outcome per record, each score with its band, its
//! components (the figures it was made of) and, on request, the steps of its explanation.

use super::bands::Band;
use crate::batch::RecordOutcome;
use crate::explain::Explanation;
use crate::wire;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

/// The result of `ScoreModel.score`: the model that scored, and one outcome per record in
/// input order.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScoreBatch {
    /// The model kind, e.g. `processHealth`.
    pub model: &'static str,
    pub model_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    pub results: Vec<RecordOutcome<ScoredRecord>>,
}

/// One record's score. The lists (`components`, `alerts`, `tags`, `reasons`) are always there,
/// empty where they do not apply, as the schema says; the single members that belong to one
/// model only (`policy`, `trend`, `grade`, `recommendation`) are left out for the others.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScoredRecord {
    pub id: String,
    /// Absent when no component applies; `absentReason` then says why.
    #[serde(skip_serializing_if = "Option::is_none", with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub score: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band: Option<Band>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub absent_reason: Option<String>,
    pub components: Vec<Component>,
    /// Data credit: what the score means for the rep (§2.2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<CreditPolicy>,
    /// Customer health: the change against the previous period's score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend: Option<Trend>,
    /// Customer health: triggered alerts (churn risk, silent customer).
    pub alerts: Vec<Alert>,
    /// Grading: the grade of the first matching rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<GradeAssignment>,
    /// Grading: every tag whose rule matched, each naming its rule.
    pub tags: Vec<TagAssignment>,
    /// Credit risk: approve / review / decline a credit-limit increase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<Recommendation>,
    /// Credit risk and win probability: the reasons behind the figure, strongest first.
    pub reasons: Vec<Reason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

/// One component of a score: its value, its weight in the model and the weight it actually
/// carried once non-applicable components were set aside, and its share of the score.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    pub name: String,
    /// Absent when the component does not apply (a zero denominator, a missing measure).
    #[serde(skip_serializing_if = "Option::is_none", with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub value: Option<Decimal>,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub weight: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub applied_weight: Decimal,
    #[serde(skip_serializing_if = "Option::is_none", with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub contribution: Option<Decimal>,
    /// Counted rates: how many qualified out of how many.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerator: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<u64>,
    /// The raw input a mapped measure came from (customer health, lead quality).
    #[serde(skip_serializing_if = "Option::is_none", with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub input: Option<Decimal>,
    /// Point deductions behind a dimension that starts at 100 (data credit); empty elsewhere.
    pub deductions: Vec<Deduction>,
    /// Why the component does not apply, or how a missing measure was treated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Component {
    pub fn new(name: &str, value: Option<Decimal>, weight: Decimal) -> Self {
        Component {
            name: name.to_string(),
            value,
            weight,
            applied_weight: Decimal::ZERO,
            contribution: None,
            numerator: None,
            denominator: None,
            input: None,
            deductions: Vec::new(),
            note: None,
        }
    }
}

/// Points taken off a dimension, and for which log and rule.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Deduction {
    /// The visit log concerned.
    pub log: String,
    /// `missingField`, `farFromCustomer`, `reusedPhoto` or `lateSubmission`.
    pub rule: String,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub points: Decimal,
    pub detail: String,
}

/// Data credit policy (§2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum CreditPolicy {
    /// Below the suspension threshold: the special-price fast lane is suspended.
    SuspendFastLane,
    /// Neither threshold crossed.
    Normal,
    /// Above the priority threshold: priority for new-product resources.
    Priority,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Trend {
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub previous: Decimal,
    /// `score − previous`.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub change: Decimal,
    pub direction: TrendDirection,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum TrendDirection {
    Up,
    Flat,
    Down,
}

/// A triggered alert and where it routes the customer.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Alert {
    /// `churnRisk` or `silentCustomer`.
    pub kind: String,
    /// The owner role the customer goes to, from the model (`customerSuccess`, `seniorRep`).
    pub route_to: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GradeAssignment {
    pub grade: String,
    pub rule: String,
    pub condition: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TagAssignment {
    pub tag: String,
    pub rule: String,
    pub condition: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Recommendation {
    Approve,
    Review,
    Decline,
}

/// A reason behind a figure: what it is about, and how much it moved the result.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Reason {
    /// The component or field concerned.
    pub about: String,
    pub message: String,
    /// The signed effect, in the model's own unit (risk points, log-odds).
    #[serde(skip_serializing_if = "Option::is_none", with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub effect: Option<Decimal>,
}

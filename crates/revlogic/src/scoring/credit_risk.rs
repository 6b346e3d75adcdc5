//! Credit risk (信用额度决策, SPEC §2.7): from the last six months' on-time payment rate,
//! complaint rate and purchase frequency, a risk score (0–100, higher is riskier) and a
//! recommendation on a credit-limit increase — approve, review or decline — with reasons.

use super::bands::Band;
use super::decode_record as decode_problem;
use super::result::{Component, Reason, Recommendation, ScoredRecord};
use super::{checked, decimals_problem, display, schema_version_problem};
use crate::error::{ErrorCode, ErrorKind, Problem, Problems};
use crate::explain::{Outcome, Tracer};
use crate::wire;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::sync::Arc;

/// SPEC names the inputs but no numbers; every default below is this library's choice and a
/// parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreditRiskDocument {
    pub schema_version: u32,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default)]
    pub weights: CreditRiskWeights,
    /// A complaint rate at or above this is full complaint risk (default 0.2).
    #[serde(default = "complaint_ceiling", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub complaint_rate_ceiling: Decimal,
    /// Purchases in the six months at which frequency carries no risk (default 6).
    #[serde(default = "purchases_target", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub purchases_target: Decimal,
    /// Risk from this value up is `review` (default 30).
    #[serde(default = "review_from", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub review_from: Decimal,
    /// Risk from this value up is `decline` (default 60).
    #[serde(default = "decline_from", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub decline_from: Decimal,
    /// Decimal places of the published risk (half-up; default 2).
    #[serde(default = "two_places")]
    pub decimals: u32,
}

/// Weights of the three risk components; they must sum to 1 (defaults 0.5 / 0.2 / 0.3).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreditRiskWeights {
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub late_payment: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub complaints: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub purchase_frequency: Decimal,
}

impl Default for CreditRiskWeights {
    fn default() -> Self {
        CreditRiskWeights {
            late_payment: Decimal::new(5, 1),
            complaints: Decimal::new(2, 1),
            purchase_frequency: Decimal::new(3, 1),
        }
    }
}

fn complaint_ceiling() -> Decimal {
    Decimal::new(2, 1)
}
fn purchases_target() -> Decimal {
    Decimal::from(6)
}
fn review_from() -> Decimal {
    Decimal::from(30)
}
fn decline_from() -> Decimal {
    Decimal::from(60)
}
fn two_places() -> u32 {
    2
}

/// A customer's last six months.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreditHistory {
    pub id: String,
    /// Share of receivables paid on time (回款准时率), 0–1.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub on_time_payment_rate: Decimal,
    /// Complaints per order (服务投诉率), 0–1.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub complaint_rate: Decimal,
    /// Parts purchases in the six months (配件采购频次), ≥ 0.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub purchases: Decimal,
}

#[derive(Debug, Clone)]
pub struct CreditRiskModel {
    pub(super) doc: CreditRiskDocument,
    rule: Arc<str>,
}

impl CreditRiskModel {
    pub fn compile(doc: CreditRiskDocument) -> Result<Self, Vec<Problem>> {
        let mut problems = Problems::new();
        schema_version_problem(doc.schema_version, &mut problems);
        let w = &doc.weights;
        super::weights::validate(
            &[
                ("latePayment", w.late_payment),
                ("complaints", w.complaints),
                ("purchaseFrequency", w.purchase_frequency),
            ],
            "weights",
            &mut problems,
        );
        if doc.complaint_rate_ceiling <= Decimal::ZERO || doc.complaint_rate_ceiling > Decimal::ONE
        {
            problems.push(
                ErrorCode::OutOfRange,
                "complaintRateCeiling",
                "the ceiling must be in (0, 1]",
            );
        }
        if doc.purchases_target <= Decimal::ZERO {
            problems.push(
                ErrorCode::OutOfRange,
                "purchasesTarget",
                "the target must be positive",
            );
        }
        for (name, v) in [
            ("reviewFrom", doc.review_from),
            ("declineFrom", doc.decline_from),
        ] {
            if v < Decimal::ZERO || v > Decimal::ONE_HUNDRED {
                problems.push(ErrorCode::OutOfRange, name, format!("{v} is outside 0–100"));
            }
        }
        if doc.review_from > doc.decline_from {
            problems.push(
                ErrorCode::InvalidValue,
                "reviewFrom",
                "the review threshold is above the decline threshold",
            );
        }
        decimals_problem(doc.decimals, "decimals", &mut problems);
        problems
            .into_result(ErrorKind::Config, ())
            .map_err(|e| e.problems)?;
        let rule = Arc::from(format!("{}:creditRisk", doc.id));
        Ok(CreditRiskModel { doc, rule })
    }

    pub(super) fn score_record(
        &self,
        record: &Value,
        path: &str,
        explain: bool,
    ) -> Result<ScoredRecord, Problem> {
        let h: CreditHistory = decode_problem(record, path)?;
        for (name, v) in [
            ("onTimePaymentRate", h.on_time_payment_rate),
            ("complaintRate", h.complaint_rate),
        ] {
            if v < Decimal::ZERO || v > Decimal::ONE {
                return Err(Problem::new(
                    ErrorCode::OutOfRange,
                    format!("{path}.{name}"),
                    format!("{name} {v} is outside 0–1"),
                ));
            }
        }
        if h.purchases < Decimal::ZERO {
            return Err(Problem::new(
                ErrorCode::OutOfRange,
                format!("{path}.purchases"),
                "purchases cannot be negative",
            ));
        }
        let d = &self.doc;
        let hundred = Decimal::ONE_HUNDRED;
        // Each component is risk points 0–100: the rates are within 0–1 (checked above), the
        // ceiling within (0, 1], and shares of the target are cut at 1 before use.
        let at = |field: &str| format!("{path}.{field}");
        let late = checked(
            Decimal::ONE
                .checked_sub(h.on_time_payment_rate)
                .and_then(|x| x.checked_mul(hundred)),
            &at("onTimePaymentRate"),
            &h.id,
        )?;
        let complaints = checked(
            h.complaint_rate
                .checked_div(d.complaint_rate_ceiling)
                .and_then(|x| x.min(Decimal::ONE).checked_mul(hundred)),
            &at("complaintRate"),
            &h.id,
        )?;
        // A share too large to compute is far above the target: it counts as reaching it.
        let share = h
            .purchases
            .checked_div(d.purchases_target)
            .unwrap_or(Decimal::ONE)
            .min(Decimal::ONE);
        let frequency = checked(
            Decimal::ONE
                .checked_sub(share)
                .and_then(|x| x.checked_mul(hundred)),
            &at("purchases"),
            &h.id,
        )?;
        let parts = [
            (
                "latePayment",
                d.weights.late_payment,
                late,
                format!("on-time payment rate {}", h.on_time_payment_rate),
            ),
            (
                "complaints",
                d.weights.complaints,
                complaints,
                format!(
                    "complaint rate {} against a ceiling of {}",
                    h.complaint_rate, d.complaint_rate_ceiling
                ),
            ),
            (
                "purchaseFrequency",
                d.weights.purchase_frequency,
                frequency,
                format!(
                    "{} purchases against a target of {}",
                    h.purchases, d.purchases_target
                ),
            ),
        ];
        let dp = d.decimals;
        let mut tracer = Tracer::new(explain);
        let mut risk = Decimal::ZERO;
        let mut components = Vec::with_capacity(3);
        let mut reasons = Vec::new();
        for (name, w, points, what) in &parts {
            let contribution = checked(points.checked_mul(*w), path, &h.id)?;
            risk = checked(risk.checked_add(contribution), path, &h.id)?;
            tracer.step_with(
                &self.rule,
                Outcome::Computed,
                || {
                    format!(
                        "{name}: {what} → {} risk points × {w}",
                        display(*points, dp)
                    )
                },
                || (None, Some(json!(display(contribution, dp).to_string()))),
            );
            let mut c = Component::new(name, Some(display(*points, dp)), *w);
            c.applied_weight = *w;
            c.contribution = Some(display(contribution, dp));
            components.push(c);
            if contribution > Decimal::ZERO {
                reasons.push(Reason {
                    about: name.to_string(),
                    message: format!("{what}: {} risk points", display(contribution, dp)),
                    effect: Some(display(contribution, dp)),
                });
            }
        }
        // Strongest reason first; ties keep the component order.
        reasons.sort_by_key(|r| std::cmp::Reverse(r.effect));
        let risk = display(risk, dp);
        let (recommendation, band) = if risk >= d.decline_from {
            (Recommendation::Decline, Band::Red)
        } else if risk >= d.review_from {
            (Recommendation::Review, Band::Yellow)
        } else {
            (Recommendation::Approve, Band::Green)
        };
        tracer.step_with(
            &self.rule,
            Outcome::Computed,
            || {
                format!(
                    "risk = {risk}: {recommendation:?} (review from {}, decline from {})",
                    d.review_from, d.decline_from
                )
            },
            || (None, Some(json!(risk.to_string()))),
        );
        Ok(ScoredRecord {
            id: h.id,
            score: Some(risk),
            band: Some(band),
            components,
            recommendation: Some(recommendation),
            reasons,
            explanation: tracer.finish(),
            ..ScoredRecord::default()
        })
    }
}

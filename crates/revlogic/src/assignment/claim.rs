//! Step 7, public-pool claim (线索申领): a rep asks for a lead from the pool. Granted only when
//! the rep's match degree with the lead is strictly above the policy's threshold (default
//! 0.85), the rep states a reason — which the result records for review — and the rep has room
//! under capacity and the industry breaker.

use super::checks::{check_history, check_reps};
use super::matching::match_degree;
use super::policy::AssignmentPolicy;
use super::request::{Lead, PastAssignment, Rep};
use super::roster::{self, breaker_block};
use crate::error::{Error, ErrorKind, Problems};
use crate::wire;
use crate::wire::decode::decode;
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A rep's claim on a pool lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClaimRequest {
    #[serde(with = "wire::instant")]
    #[schemars(with = "wire::InstantString")]
    pub as_of: DateTime<FixedOffset>,
    pub lead: Lead,
    pub rep: Rep,
    /// Why the rep should have the lead (e.g. the customer's industry credentials); required.
    pub reason: String,
    /// The rep's recent assignments, for the industry breaker.
    #[serde(default)]
    pub history: Vec<PastAssignment>,
}

/// Why a claim was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ClaimRefusal {
    /// No reason was given.
    ReasonRequired,
    /// The match degree is not above the threshold.
    MatchTooLow,
    /// The rep's open leads already fill the capacity.
    AtCapacity,
    /// The rep has reached the industry breaker's limit.
    IndustryBreaker,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClaimResult {
    pub lead_id: String,
    pub rep_id: String,
    pub granted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<ClaimRefusal>,
    #[serde(rename = "match", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub match_degree: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub threshold: Decimal,
    /// The rep's stated reason, recorded for review.
    pub reason: String,
    /// The decision in a sentence.
    pub message: String,
}

impl AssignmentPolicy {
    /// Decides a claim given in wire form (see `ClaimRequest`).
    pub fn claim_value(&self, request: &Value) -> Result<ClaimResult, Error> {
        let request: ClaimRequest = decode(request, "", ErrorKind::Input)?;
        let reps = std::slice::from_ref(&request.rep);
        let mut problems = Problems::new();
        check_reps(reps, request.as_of, &mut problems);
        check_history(&request.history, reps, request.as_of, &mut problems);
        problems.into_result(ErrorKind::Input, ())?;
        Ok(self.claim(&request))
    }

    pub fn claim(&self, request: &ClaimRequest) -> ClaimResult {
        let doc = &self.doc;
        let (lead, rep) = (&request.lead, &request.rep);
        let stats = lead.industry.as_deref().and_then(|k| rep.stats.get(k));
        let degree = match_degree(lead, stats, &doc.matching);
        let threshold = doc.claim.threshold;
        let (states, _) = roster::build(
            std::slice::from_ref(rep),
            &request.history,
            doc,
            request.as_of,
        );
        let refusal = if request.reason.trim().is_empty() {
            Some((
                ClaimRefusal::ReasonRequired,
                "a claim needs a stated reason".to_string(),
            ))
        } else if degree.value <= threshold {
            Some((
                ClaimRefusal::MatchTooLow,
                format!(
                    "{}, not above the claim threshold {threshold}",
                    degree.describe()
                ),
            ))
        } else if states[0].load >= rep.capacity {
            Some((
                ClaimRefusal::AtCapacity,
                format!("at capacity ({} of {})", states[0].load, rep.capacity),
            ))
        } else {
            breaker_block(&states[0], lead, doc).map(|b| (ClaimRefusal::IndustryBreaker, b))
        };
        let (granted, refusal, message) = match refusal {
            None => (
                true,
                None,
                format!(
                    "granted: {} is above the claim threshold {threshold}",
                    degree.describe()
                ),
            ),
            Some((why, message)) => (false, Some(why), format!("refused: {message}")),
        };
        ClaimResult {
            lead_id: lead.id.clone(),
            rep_id: rep.id.clone(),
            granted,
            refusal,
            match_degree: degree.value,
            threshold,
            reason: request.reason.clone(),
            message,
        }
    }
}

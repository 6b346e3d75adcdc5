//! `assign`: the steps of SPEC §3 over one batch. Reference data (reps, history) is checked
//! as a whole; each lead is decoded, checked and filtered on its own, so a bad lead is
//! rejected in its place and every lead comes back exactly once.

use super::band::Band;
use super::checks::{check_history, check_reps};
use super::document::AssignmentMode;
use super::health;
use super::optimal::assign_optimal;
use super::ordered::{assign_ordered, Context, Decision};
use super::policy::AssignmentPolicy;
use super::request::{Lead, PastAssignment, Rep};
use super::result::{AssignmentResult, RejectReason, RejectedLead, Summary};
use super::roster;
use super::weighted::assign_weighted;
use crate::error::{Error, ErrorCode, ErrorKind, Problem, Problems};
use crate::wire;
use crate::wire::decode::decode;
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashSet;

/// The request without its leads, which are read one by one from the request itself (so each
/// can be rejected on its own, and the batch is never copied).
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RequestParts {
    #[serde(with = "wire::instant")]
    as_of: DateTime<FixedOffset>,
    #[allow(dead_code)]
    leads: serde::de::IgnoredAny,
    reps: Vec<Rep>,
    #[serde(default)]
    history: Vec<PastAssignment>,
    #[serde(default)]
    explain: bool,
    #[serde(default)]
    seed: u64,
}

impl AssignmentPolicy {
    /// Assigns a batch given in wire form (see `AssignRequest` for its shape).
    pub fn assign_value(&self, request: &Value) -> Result<AssignmentResult, Error> {
        let parts: RequestParts = decode(request, "", ErrorKind::Input)?;
        let leads = crate::wire::decode::array_member(request, "leads")?;
        let mut problems = Problems::new();
        check_reps(&parts.reps, parts.as_of, &mut problems);
        check_history(&parts.history, &parts.reps, parts.as_of, &mut problems);
        problems.into_result(ErrorKind::Input, ())?;
        Ok(self.run(&parts, leads))
    }

    fn run(&self, parts: &RequestParts, leads: &[Value]) -> AssignmentResult {
        let doc = &self.doc;
        let (mut states, reclaims) = roster::build(&parts.reps, &parts.history, doc, parts.as_of);
        let mut rejected = Vec::new();
        let mut healthy: Vec<(usize, Lead)> = Vec::with_capacity(leads.len());
        let mut seen: HashSet<&str> = HashSet::with_capacity(leads.len());
        for (index, value) in leads.iter().enumerate() {
            let lead = match read_lead(value, index, parts.as_of, &mut seen) {
                Ok(lead) => lead,
                Err(problem) => {
                    rejected.push(RejectedLead {
                        index,
                        lead_id: value.get("id").and_then(Value::as_str).map(str::to_string),
                        reason: RejectReason::InvalidRecord,
                        message: problem.message.clone(),
                        error: Some(problem),
                    });
                    continue;
                }
            };
            match health::check(&lead, &doc.health, parts.as_of) {
                Ok(()) => healthy.push((index, lead)),
                Err((reason, message)) => rejected.push(RejectedLead {
                    index,
                    lead_id: Some(lead.id),
                    reason,
                    message,
                    error: None,
                }),
            }
        }
        let band = Band::new(doc, &parts.reps).filter(|_| doc.mode == AssignmentMode::Optimal);
        let ctx = Context::new(doc, &self.rules, &parts.reps, parts.as_of, parts.explain);
        let mut band_solve = None;
        let decisions = match doc.mode {
            AssignmentMode::Ordered => assign_ordered(&ctx, &healthy, &mut states),
            AssignmentMode::Optimal => {
                let (decisions, solved) =
                    assign_optimal(&ctx, &healthy, &mut states, band.as_ref());
                band_solve = solved;
                decisions
            }
            AssignmentMode::WeightedRandom => {
                assign_weighted(&ctx, &healthy, &mut states, parts.seed)
            }
        };
        let mut assignments = Vec::new();
        let mut pooled = Vec::new();
        for d in decisions {
            match d {
                Decision::Assigned(a) => assignments.push(a),
                Decision::Pooled(p) => pooled.push(p),
            }
        }
        let total_match = assignments
            .iter()
            .fold(Decimal::ZERO, |sum, a| sum.saturating_add(a.match_degree));
        let fairness_band = band
            .zip(band_solve)
            .map(|(b, solved)| b.outcome(&assignments, &parts.reps, solved));
        let summary = Summary {
            leads: leads.len(),
            assigned: assignments.len(),
            pooled: pooled.len(),
            rejected: rejected.len(),
            reclaims: reclaims.len(),
            total_match,
        };
        AssignmentResult {
            policy_id: doc.id.clone(),
            policy_version: doc.version.clone(),
            mode: doc.mode,
            assignments,
            pooled,
            rejected,
            reclaims,
            summary,
            fairness_band,
        }
    }
}

fn read_lead<'v>(
    value: &'v Value,
    index: usize,
    as_of: DateTime<FixedOffset>,
    seen: &mut HashSet<&'v str>,
) -> Result<Lead, Problem> {
    // The path is written only when there is a problem to report: most leads have none.
    let path = || format!("leads[{index}]");
    let lead = match crate::wire::strict::from_value::<Lead>(value) {
        Ok(lead) => lead,
        Err(_) => return crate::wire::decode::decode_problem(value, &path()),
    };
    // A decoded lead's id is the request's own string, which the set can borrow.
    let id = value.get("id").and_then(Value::as_str).unwrap_or_default();
    if !seen.insert(id) {
        return Err(Problem::new(
            ErrorCode::DuplicateId,
            format!("{}.id", path()),
            format!("lead `{}` appears earlier in the batch", lead.id),
        ));
    }
    if lead.created_at > as_of {
        return Err(Problem::new(
            ErrorCode::EventAfterAsOf,
            format!("{}.createdAt", path()),
            "the lead was created after asOf",
        ));
    }
    if lead.budget.is_some_and(|b| b < Decimal::ZERO) {
        return Err(Problem::new(
            ErrorCode::NegativeAmount,
            format!("{}.budget", path()),
            "the budget must not be negative",
        ));
    }
    Ok(lead)
}

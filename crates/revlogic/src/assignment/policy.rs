//! A loaded assignment policy: the document validated once, then applied to many batches.

use super::document::{AssignmentMode, PolicyDocument, RankKey};
use crate::error::{Error, ErrorCode, ErrorKind, Problems};
use crate::wire::decode::decode_document;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::HashSet;
use std::sync::Arc;

/// A validated assignment policy.
#[derive(Debug, Clone)]
pub struct AssignmentPolicy {
    pub(crate) doc: PolicyDocument,
    pub(crate) rules: StepRules,
}

/// The ids of the explanation steps, one per SPEC step, interned once per policy so that the
/// steps of a batch share them.
#[derive(Debug, Clone)]
pub(crate) struct StepRules {
    pub health: Arc<str>,
    pub eligibility: Arc<str>,
    pub load: Arc<str>,
    pub breaker: Arc<str>,
    pub matching: Arc<str>,
    pub choose: Arc<str>,
    pub band: Arc<str>,
}

impl StepRules {
    fn new() -> Self {
        StepRules {
            health: Arc::from("health"),
            eligibility: Arc::from("eligibility"),
            load: Arc::from("load"),
            breaker: Arc::from("breaker"),
            matching: Arc::from("match"),
            choose: Arc::from("ordering"),
            band: Arc::from("fairnessBand"),
        }
    }
}

impl AssignmentPolicy {
    /// Loads and validates a policy given as a wire value; every problem is reported at once,
    /// each with a code and a JSON path.
    pub fn load(document: &Value) -> Result<AssignmentPolicy, Error> {
        let doc: PolicyDocument = decode_document(document)?;
        AssignmentPolicy::from_document(doc)
    }

    pub fn from_document(doc: PolicyDocument) -> Result<AssignmentPolicy, Error> {
        let mut problems = Problems::new();
        if doc.schema_version != 1 {
            problems.push(
                ErrorCode::UnsupportedSchemaVersion,
                "schemaVersion",
                format!(
                    "schema version {} is not supported; this library reads version 1",
                    doc.schema_version
                ),
            );
        }
        if doc.id.trim().is_empty() {
            problems.push(ErrorCode::InvalidValue, "id", "the policy id is empty");
        }
        let mut statuses = HashSet::new();
        for (i, s) in doc.health.excluded_statuses.iter().enumerate() {
            if !statuses.insert(s.as_str()) {
                problems.push(
                    ErrorCode::DuplicateId,
                    format!("health.excludedStatuses[{i}]"),
                    format!("status `{s}` is listed twice"),
                );
            }
        }
        let mut fields = HashSet::new();
        for (i, f) in doc.eligibility.match_fields.iter().enumerate() {
            let path = format!("eligibility.matchFields[{i}]");
            if f.trim().is_empty() {
                problems.push(ErrorCode::InvalidValue, path, "the field name is empty");
            } else if !fields.insert(f.as_str()) {
                problems.push(
                    ErrorCode::DuplicateId,
                    path,
                    format!("field `{f}` is listed twice"),
                );
            }
        }
        at_least_one(
            doc.load.stale_after_hours,
            "load.staleAfterHours",
            &mut problems,
        );
        at_least_one(doc.breaker.daily_limit, "breaker.dailyLimit", &mut problems);
        at_least_one(
            doc.breaker.rolling_days,
            "breaker.rollingDays",
            &mut problems,
        );
        at_least_one(
            doc.breaker.rolling_limit,
            "breaker.rollingLimit",
            &mut problems,
        );
        let w = &doc.matching.weights;
        crate::scoring::weights::validate(
            &[
                ("winRate", w.win_rate),
                ("cycle", w.cycle),
                ("ticketFit", w.ticket_fit),
            ],
            "match.weights",
            &mut problems,
        );
        at_least_one(
            doc.matching.cycle_ceiling_days,
            "match.cycleCeilingDays",
            &mut problems,
        );
        if doc.matching.decimals > 10 {
            problems.push(
                ErrorCode::OutOfRange,
                "match.decimals",
                format!(
                    "{} decimal places is more than the 10 a match degree may carry",
                    doc.matching.decimals
                ),
            );
        }
        if doc.mode != AssignmentMode::Ordered && doc.matching.decimals > 6 {
            problems.push(
                ErrorCode::OutOfRange,
                "match.decimals",
                "the optimal and weighted random modes work on match degrees scaled to whole numbers; use at most 6 decimal places",
            );
        }
        let mut keys: HashSet<RankKey> = HashSet::new();
        for (i, k) in doc.ordering.rank_by.iter().enumerate() {
            if !keys.insert(*k) {
                problems.push(
                    ErrorCode::DuplicateId,
                    format!("ordering.rankBy[{i}]"),
                    "a ranking key is listed twice",
                );
            }
        }
        let t = doc.claim.threshold;
        if t < Decimal::ZERO || t > Decimal::ONE {
            problems.push(
                ErrorCode::OutOfRange,
                "claim.threshold",
                format!("the claim threshold {t} is outside 0–1"),
            );
        }
        super::fairness::validate(&doc.fairness, &mut problems);
        super::band::validate(&doc, &mut problems);
        problems.into_result(
            ErrorKind::Config,
            AssignmentPolicy {
                doc,
                rules: StepRules::new(),
            },
        )
    }

    pub fn id(&self) -> &str {
        &self.doc.id
    }

    pub fn version(&self) -> Option<&str> {
        self.doc.version.as_deref()
    }

    pub fn document(&self) -> &PolicyDocument {
        &self.doc
    }
}

fn at_least_one(value: u32, path: &str, problems: &mut Problems) {
    if value == 0 {
        problems.push(ErrorCode::OutOfRange, path, "must be at least 1");
    }
}

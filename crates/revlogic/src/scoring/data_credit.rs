//! Data credit score (数据信用分, SPEC §2.2): how trustworthy a rep's month of visit logs is.
//! Three dimensions start at 100 and lose points — completeness for missing required fields,
//! accuracy for GPS positions far from the customer and reused photos, timeliness for late
//! submission — and the weighted score decides a policy (fast lane suspended, or priority).

use super::bands::Bands;
use super::decode_record as decode_problem;
use super::geo::{distance_from_term, haversine_term, threshold_term, GeoPoint};
use super::process_health::unique_ids;
use super::result::{Component, CreditPolicy, Deduction, ScoredRecord};
use super::{decimals_problem, display, schema_version_problem};
use crate::error::{ErrorCode, ErrorKind, Problem, Problems};
use crate::explain::{Outcome, Tracer};
use crate::wire;
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::HashSet;
use std::sync::Arc;

/// The data credit model document; every number has SPEC's default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DataCreditDocument {
    pub schema_version: u32,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Weights of the three dimensions (0.3 / 0.4 / 0.3); they must sum to 1.
    #[serde(default)]
    pub weights: DataCreditWeights,
    /// Fields every visit log must carry; absent, null, blank text and empty lists count as
    /// missing.
    #[serde(default = "default_required_fields")]
    pub required_fields: Vec<String>,
    /// Points lost per missing required field (2).
    #[serde(default = "two", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub missing_field_points: Decimal,
    /// Points lost per log whose position is farther than `gpsThresholdMeters` (5).
    #[serde(default = "five", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub far_position_points: Decimal,
    /// Great-circle distance beyond which a position is far (500 m; strictly more).
    #[serde(default = "five_hundred", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub gps_threshold_meters: Decimal,
    /// The sphere the distance is measured on (mean Earth radius, 6 371 000 m; more than
    /// 1 000 m).
    #[serde(default = "earth_radius", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub earth_radius_meters: Decimal,
    /// Points lost per log reusing a photo already used in another log (5).
    #[serde(default = "five", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub reused_photo_points: Decimal,
    /// Hours after the visit's end a log may be submitted without loss (2).
    #[serde(default = "two", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub submission_grace_hours: Decimal,
    /// Points lost per started hour beyond the grace (1).
    #[serde(default = "one", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub late_points_per_hour: Decimal,
    /// At most this many timeliness points are lost per log (10).
    #[serde(default = "ten", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub late_points_cap_per_log: Decimal,
    #[serde(default)]
    pub policy: DataCreditPolicy,
    /// Default: green ≥ 95, yellow ≥ 85.
    #[serde(default = "default_bands")]
    pub bands: Bands,
    /// Decimal places of the published score (half-up; default 2).
    #[serde(default = "two_places")]
    pub decimals: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DataCreditWeights {
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub completeness: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub accuracy: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub timeliness: Decimal,
}

impl Default for DataCreditWeights {
    fn default() -> Self {
        DataCreditWeights {
            completeness: Decimal::new(3, 1),
            accuracy: Decimal::new(4, 1),
            timeliness: Decimal::new(3, 1),
        }
    }
}

/// Score below `suspendBelow` (85) suspends the special-price fast lane; above
/// `priorityAbove` (95) earns priority for new-product resources. Both comparisons are strict.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DataCreditPolicy {
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub suspend_below: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub priority_above: Decimal,
}

impl Default for DataCreditPolicy {
    fn default() -> Self {
        DataCreditPolicy {
            suspend_below: Decimal::from(85),
            priority_above: Decimal::from(95),
        }
    }
}

fn default_required_fields() -> Vec<String> {
    ["contact", "purpose", "outcome", "nextStep"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}
fn one() -> Decimal {
    Decimal::ONE
}
fn two() -> Decimal {
    Decimal::TWO
}
fn five() -> Decimal {
    Decimal::from(5)
}
fn ten() -> Decimal {
    Decimal::TEN
}
fn five_hundred() -> Decimal {
    Decimal::from(500)
}
fn earth_radius() -> Decimal {
    Decimal::from(6_371_000)
}
fn two_places() -> u32 {
    2
}
fn default_bands() -> Bands {
    Bands::new(Decimal::from(95), Decimal::from(85))
}

/// One rep's visit logs of the month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RepVisitLogs {
    pub id: String,
    pub logs: Vec<VisitLog>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct VisitLog {
    pub id: String,
    /// The log's form fields; the model's `requiredFields` are looked up here.
    #[serde(default)]
    pub fields: Map<String, Value>,
    /// Where the phone was when the log was made.
    #[serde(default)]
    pub position: Option<GeoPoint>,
    /// The customer's registered location.
    #[serde(default)]
    pub customer_location: Option<GeoPoint>,
    /// Content hashes of the photos attached.
    #[serde(default)]
    pub photo_hashes: Vec<String>,
    #[serde(with = "wire::instant")]
    #[schemars(with = "wire::InstantString")]
    pub visit_start: DateTime<FixedOffset>,
    #[serde(with = "wire::instant")]
    #[schemars(with = "wire::InstantString")]
    pub visit_end: DateTime<FixedOffset>,
    #[serde(with = "wire::instant")]
    #[schemars(with = "wire::InstantString")]
    pub submitted_at: DateTime<FixedOffset>,
}

/// A validated data credit model.
#[derive(Debug, Clone)]
pub struct DataCreditModel {
    pub(super) doc: DataCreditDocument,
    /// `sin²(threshold ÷ 2R)`, computed once; `None` when no distance can exceed it.
    far_term: Option<Decimal>,
    rule: Arc<str>,
}

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

impl DataCreditModel {
    pub fn compile(doc: DataCreditDocument) -> Result<Self, Vec<Problem>> {
        let mut problems = Problems::new();
        schema_version_problem(doc.schema_version, &mut problems);
        let w = &doc.weights;
        super::weights::validate(
            &[
                ("completeness", w.completeness),
                ("accuracy", w.accuracy),
                ("timeliness", w.timeliness),
            ],
            "weights",
            &mut problems,
        );
        for (name, value) in [
            ("missingFieldPoints", doc.missing_field_points),
            ("farPositionPoints", doc.far_position_points),
            ("reusedPhotoPoints", doc.reused_photo_points),
            ("submissionGraceHours", doc.submission_grace_hours),
            ("latePointsPerHour", doc.late_points_per_hour),
            ("latePointsCapPerLog", doc.late_points_cap_per_log),
        ] {
            if value < Decimal::ZERO || value > HUNDRED {
                problems.push(
                    ErrorCode::OutOfRange,
                    name,
                    format!("{value} is outside 0–100"),
                );
            }
        }
        // A radius of at least 1 km keeps `threshold ÷ 2R` well inside the decimal range.
        for (name, value, min) in [
            (
                "gpsThresholdMeters",
                doc.gps_threshold_meters,
                Decimal::ZERO,
            ),
            (
                "earthRadiusMeters",
                doc.earth_radius_meters,
                Decimal::from(1000),
            ),
        ] {
            if value <= min || value > Decimal::from(100_000_000) {
                problems.push(
                    ErrorCode::OutOfRange,
                    name,
                    format!("{value} metres is outside ({min}, 100 000 000]"),
                );
            }
        }
        let mut seen = HashSet::new();
        for (i, f) in doc.required_fields.iter().enumerate() {
            if !seen.insert(f.as_str()) {
                problems.push(
                    ErrorCode::DuplicateId,
                    format!("requiredFields[{i}]"),
                    format!("`{f}` is listed twice"),
                );
            }
        }
        if doc.policy.suspend_below > doc.policy.priority_above {
            problems.push(
                ErrorCode::InvalidValue,
                "policy.suspendBelow",
                "the suspension threshold is above the priority threshold",
            );
        }
        doc.bands
            .validate(Decimal::ZERO, HUNDRED, "bands", &mut problems);
        decimals_problem(doc.decimals, "decimals", &mut problems);
        problems
            .into_result(ErrorKind::Config, ())
            .map_err(|e| e.problems)?;
        let rule = Arc::from(format!("{}:dataCredit", doc.id));
        let far_term = threshold_term(doc.gps_threshold_meters, doc.earth_radius_meters);
        Ok(DataCreditModel {
            doc,
            far_term,
            rule,
        })
    }

    pub(super) fn score_record(
        &self,
        record: &Value,
        path: &str,
        explain: bool,
    ) -> Result<ScoredRecord, Problem> {
        let rep: RepVisitLogs = decode_problem(record, path)?;
        unique_ids(
            rep.logs.iter().map(|l| l.id.as_str()),
            &format!("{path}.logs"),
        )?;
        for (i, log) in rep.logs.iter().enumerate() {
            let at = format!("{path}.logs[{i}]");
            if log.visit_end < log.visit_start {
                return Err(Problem::new(
                    ErrorCode::EndBeforeStart,
                    format!("{at}.visitEnd"),
                    format!("visit `{}` ends before it starts", log.id),
                ));
            }
            if log.submitted_at < log.visit_end {
                return Err(Problem::new(
                    ErrorCode::EndBeforeStart,
                    format!("{at}.submittedAt"),
                    format!("log `{}` was submitted before the visit ended", log.id),
                ));
            }
            if let Some(p) = &log.position {
                p.validate(&format!("{at}.position"))?;
            }
            if let Some(p) = &log.customer_location {
                p.validate(&format!("{at}.customerLocation"))?;
            }
        }
        if rep.logs.is_empty() {
            let mut tracer = Tracer::new(explain);
            let reason = "no visit logs in the month".to_string();
            tracer.step(&self.rule, Outcome::Skip, || reason.clone());
            return Ok(ScoredRecord {
                id: rep.id,
                absent_reason: Some(reason),
                explanation: tracer.finish(),
                ..ScoredRecord::default()
            });
        }
        // Logs in submission order (then id), so that "already used in another log" means the
        // same thing whatever order the host sent them in.
        let mut order: Vec<&VisitLog> = rep.logs.iter().collect();
        order.sort_by(|a, b| (a.submitted_at, &a.id).cmp(&(b.submitted_at, &b.id)));

        let completeness = self.completeness(&order);
        let accuracy = self.accuracy(&order).map_err(|p| p.under(path))?;
        let timeliness = self.timeliness(&order).map_err(|late| {
            // Named at the log's place in the record, not in submission order.
            let i = late.map_or(0, |id| {
                rep.logs.iter().position(|l| l.id == id).unwrap_or(0)
            });
            Problem::new(
                ErrorCode::Overflow,
                format!("{path}.logs[{i}].submittedAt"),
                format!(
                    "rep `{}`: the lateness of visit log `{}` left the decimal range",
                    rep.id,
                    late.unwrap_or("")
                ),
            )
        })?;
        self.combine(rep.id, [completeness, accuracy, timeliness], explain)
            .map_err(|p| p.under(path))
    }

    fn completeness(&self, logs: &[&VisitLog]) -> Vec<Deduction> {
        let mut out = Vec::new();
        for log in logs {
            for field in &self.doc.required_fields {
                let missing = match crate::condition::lookup(&log.fields, field) {
                    None | Some(Value::Null) => true,
                    Some(Value::String(s)) => s.trim().is_empty(),
                    Some(Value::Array(a)) => a.is_empty(),
                    Some(_) => false,
                };
                if missing {
                    out.push(Deduction {
                        log: log.id.clone(),
                        rule: "missingField".into(),
                        points: self.doc.missing_field_points,
                        detail: format!("required field `{field}` is missing"),
                    });
                }
            }
        }
        out
    }

    fn accuracy(&self, logs: &[&VisitLog]) -> Result<Vec<Deduction>, Problem> {
        let mut out = Vec::new();
        let mut seen_photos: HashSet<&str> = HashSet::new();
        for log in logs {
            if let (Some(at), Some(customer)) = (log.position, log.customer_location) {
                let (threshold, radius) =
                    (self.doc.gps_threshold_meters, self.doc.earth_radius_meters);
                let term = haversine_term(at, customer).ok_or_else(|| overflow(log))?;
                let far = self.far_term.is_some_and(|limit| term > limit);
                if far {
                    let metres = distance_from_term(term, radius)
                        .ok_or_else(|| overflow(log))?
                        .round_dp(1);
                    out.push(Deduction {
                        log: log.id.clone(),
                        rule: "farFromCustomer".into(),
                        points: self.doc.far_position_points,
                        detail: format!(
                            "logged {metres} m from the customer's registered location (more than {threshold} m)"
                        ),
                    });
                }
            }
            let reused = log
                .photo_hashes
                .iter()
                .find(|h| seen_photos.contains(h.as_str()));
            if let Some(hash) = reused {
                out.push(Deduction {
                    log: log.id.clone(),
                    rule: "reusedPhoto".into(),
                    points: self.doc.reused_photo_points,
                    detail: format!("photo `{hash}` was already used in an earlier log"),
                });
            }
            seen_photos.extend(log.photo_hashes.iter().map(String::as_str));
        }
        Ok(out)
    }

    /// Overflow cannot happen here (the grace and points are within 0–100 and a delay within
    /// the calendar's 10,000 years), but is checked: it would reject the record at the log.
    fn timeliness<'a>(&self, logs: &[&'a VisitLog]) -> Result<Vec<Deduction>, Option<&'a str>> {
        let hour = Decimal::from(3600);
        let grace = self
            .doc
            .submission_grace_hours
            .checked_mul(hour)
            .ok_or_else(|| logs.first().map(|l| l.id.as_str()))?;
        let mut out = Vec::new();
        for log in logs {
            let seconds = log
                .submitted_at
                .signed_duration_since(log.visit_end)
                .num_seconds();
            let delay = Decimal::from(seconds);
            if delay <= grace {
                continue;
            }
            // Every started hour counts: 2 h 10 min beyond the grace is 3 hours.
            let started_hours = delay
                .checked_sub(grace)
                .and_then(|late| late.checked_div(hour))
                .map(|h| h.ceil());
            let points = started_hours
                .and_then(|h| Some((h, h.checked_mul(self.doc.late_points_per_hour)?)))
                .map(|(h, p)| (h, p.min(self.doc.late_points_cap_per_log)));
            let Some((started_hours, points)) = points else {
                return Err(Some(log.id.as_str()));
            };
            if points > Decimal::ZERO {
                out.push(Deduction {
                    log: log.id.clone(),
                    rule: "lateSubmission".into(),
                    points,
                    detail: format!(
                        "submitted {} after the visit ended: {started_hours} started hour(s) beyond the {} h grace",
                        hours_minutes(seconds),
                        self.doc.submission_grace_hours.normalize()
                    ),
                });
            }
        }
        Ok(out)
    }

    /// Points are within 0–100 and weights sum to 1, so every figure here is bounded; the
    /// arithmetic is checked all the same and would reject the record.
    fn combine(
        &self,
        id: String,
        dims: [Vec<Deduction>; 3],
        explain: bool,
    ) -> Result<ScoredRecord, Problem> {
        let dp = self.doc.decimals;
        let w = &self.doc.weights;
        let names = [
            ("completeness", w.completeness),
            ("accuracy", w.accuracy),
            ("timeliness", w.timeliness),
        ];
        let mut tracer = Tracer::new(explain);
        let mut score = Decimal::ZERO;
        let mut components = Vec::with_capacity(3);
        for ((name, weight), deductions) in names.iter().zip(dims) {
            let over = || {
                Problem::new(
                    ErrorCode::Overflow,
                    "logs",
                    format!("rep `{id}`: the {name} points left the decimal range"),
                )
            };
            let lost = deductions
                .iter()
                .try_fold(Decimal::ZERO, |sum, d| sum.checked_add(d.points))
                .ok_or_else(over)?;
            let value = HUNDRED
                .checked_sub(lost)
                .ok_or_else(over)?
                .max(Decimal::ZERO);
            let contribution = value.checked_mul(*weight).ok_or_else(over)?;
            score = score.checked_add(contribution).ok_or_else(over)?;
            tracer.step_with(
                &self.rule,
                Outcome::Computed,
                || {
                    format!(
                        "{name} = max(0, 100 − {lost}) = {value} from {} deduction(s)",
                        deductions.len()
                    )
                },
                || (None, Some(json!(value.to_string()))),
            );
            let mut c = Component::new(name, Some(display(value, dp)), *weight);
            c.applied_weight = *weight;
            c.contribution = Some(display(contribution, dp));
            c.deductions = deductions;
            components.push(c);
        }
        let score = display(score, dp);
        let band = self.doc.bands.classify(score);
        let policy = if score < self.doc.policy.suspend_below {
            CreditPolicy::SuspendFastLane
        } else if score > self.doc.policy.priority_above {
            CreditPolicy::Priority
        } else {
            CreditPolicy::Normal
        };
        tracer.step_with(
            &self.rule,
            Outcome::Computed,
            || {
                format!(
                    "score = Σ weight × dimension = {score}; policy {policy:?} (suspend below {}, priority above {})",
                    self.doc.policy.suspend_below, self.doc.policy.priority_above
                )
            },
            || (None, Some(json!(score.to_string()))),
        );
        Ok(ScoredRecord {
            id,
            score: Some(score),
            band: Some(band),
            components,
            policy: Some(policy),
            explanation: tracer.finish(),
            ..ScoredRecord::default()
        })
    }
}

/// Whole seconds as hours and minutes (integer arithmetic on a non-negative delay).
fn hours_minutes(seconds: i64) -> String {
    let total_minutes = seconds.div_euclid(60);
    format!(
        "{} h {} min",
        total_minutes.div_euclid(60),
        total_minutes.rem_euclid(60)
    )
}

/// A distance that the decimal arithmetic could not compute, named by its visit log.
fn overflow(log: &VisitLog) -> Problem {
    Problem::new(
        ErrorCode::Overflow,
        "logs",
        format!(
            "the distance of visit log `{}` left the decimal range",
            log.id
        ),
    )
}

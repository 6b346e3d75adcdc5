//! Checking a stage move: what an opportunity lacks to make it, the approvals it needs, and the
//! effects the host should carry out once it is made.
//!
//! Violations come in a fixed order (docs/stages/check-transitions.md):
//! 1. the move itself (`same_stage`, `terminal_stage`, `skip_not_allowed`, `reason_required`);
//! 2. for a forward move, the requirements in pipeline order: exit requirements of the stage
//!    left, then for each stage passed (skipped) its entry and exit requirements, then the
//!    entry requirements of the target, then `everyAdvance`; within each set fields, evidence,
//!    conditional requirements, approvals, each in document order;
//! 3. placeholder warnings on `warnFields` not already reported.

use super::document::{FieldType, StageKind};
use super::pipeline::{
    missing_message, Builtin, Context, EvidenceRequirement, Pipeline, RequiredField, Requirements,
    Stage,
};
use super::placeholder::FieldState;
use super::record::{FieldView, Typed};
use crate::batch::{RecordOutcome, Rejection};
use crate::condition::{field_date, field_decimal, lookup};
use crate::error::{ErrorCode, Problem};
use crate::explain::{Explanation, Outcome, Tracer};
use crate::wire;
use crate::wire::decode::decode_problem;
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// An opportunity as the CRM holds it at the moment of the move.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Opportunity {
    /// Shared with the result rather than copied into it.
    pub id: Arc<str>,
    /// The stage it is in now.
    pub stage: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The record's fields by name, free-form: the pipeline says which matter.
    #[serde(default)]
    pub fields: Map<String, Value>,
    /// Attachments: survey forms, PO scans, visit photos, meeting minutes.
    #[serde(default)]
    pub evidence: Vec<Attachment>,
    /// Approvals granted so far.
    #[serde(default)]
    pub approvals: Vec<Approval>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Attachment {
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default)]
    pub fields: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Approval {
    pub role: String,
    /// The approval rule this grant answers; when absent it answers any rule for the role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "wire::instant_opt"
    )]
    #[schemars(with = "Option<wire::InstantString>")]
    pub at: Option<DateTime<FixedOffset>>,
}

/// A request to move `opportunity` to stage `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TransitionRequest {
    pub opportunity: Opportunity,
    pub to: String,
    /// Why the opportunity moves backward or is reopened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Why the opportunity is lost (required for moves to a lost stage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss_reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Direction {
    Forward,
    Backward,
    Same,
    ToLost,
    Reopen,
    FromTerminal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// Blocks the move.
    Error,
    /// Reported, does not block.
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ViolationCode {
    MissingField,
    PlaceholderValue,
    MissingEvidence,
    ApprovalRequired,
    SkipNotAllowed,
    ReasonRequired,
    TerminalStage,
    SameStage,
}

/// One thing that stands in the way of the move (or, as a warning, beside it).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    pub code: ViolationCode,
    pub severity: Severity,
    /// The stage whose requirement this is.
    pub stage: Arc<str>,
    /// Path of the field in the request (`opportunity.fields.budget_range`,
    /// `opportunity.evidence[0].fields.budget_range`, `reason`), when one is concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Arc<str>>,
    /// The rule that raised it: a rule id from the document or a built-in rule name.
    pub rule: Arc<str>,
    pub message: Arc<str>,
}

/// An approval rule that applies to this move and whether it is granted.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalStatus {
    pub rule: Arc<str>,
    pub role: Arc<str>,
    pub stage: Arc<str>,
    pub satisfied: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
}

/// A side effect for the host to carry out, as data.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Effect {
    pub rule: Arc<str>,
    pub kind: Arc<str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Arc<str>>,
    /// Copies of the record fields the rule includes; typed fields keep their type (decimals
    /// and dates come back as `Decimal` / `date` in Python).
    pub data: BTreeMap<Arc<str>, EffectValue>,
}

/// A field value copied into an effect.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(with = "Value")]
pub enum EffectValue {
    Decimal(Decimal),
    Date(NaiveDate),
    Raw(Value),
}

impl Serialize for EffectValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            EffectValue::Decimal(d) => wire::decimal::serialize(d, s),
            EffectValue::Date(d) => wire::date::serialize(d, s),
            EffectValue::Raw(v) => v.serialize(s),
        }
    }
}

/// The answer for one move.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TransitionCheck {
    pub opportunity_id: Arc<str>,
    pub from: Arc<str>,
    pub to: Arc<str>,
    pub direction: Direction,
    pub allowed: bool,
    pub violations: Vec<Violation>,
    pub approvals_required: Vec<ApprovalStatus>,
    /// Effects to carry out; empty unless the move is allowed.
    pub effects: Vec<Effect>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

/// Counts over a checked batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CheckSummary {
    pub total: usize,
    pub allowed: usize,
    pub blocked: usize,
    pub rejected: usize,
}

/// One outcome per request, in request order.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CheckBatch {
    pub pipeline_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pipeline_version: Option<String>,
    pub results: Vec<RecordOutcome<TransitionCheck>>,
    pub summary: CheckSummary,
}

/// Options for a batch of checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOptions {
    /// Attach an explanation (every rule evaluated and how it came out) to each result.
    pub explain: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions { explain: true }
    }
}

impl Pipeline {
    /// Checks a batch of wire-form requests. Each request that cannot be read, names an
    /// unknown stage or carries a field of the wrong type is rejected on its own with a code
    /// and path under `requests[i]`; the others are checked.
    pub fn check_values(&self, requests: &[Value], options: CheckOptions) -> CheckBatch {
        let results: Vec<RecordOutcome<TransitionCheck>> = requests
            .iter()
            .enumerate()
            .map(|(i, raw)| {
                let root = format!("requests[{i}]");
                let outcome = decode_problem::<TransitionRequest>(raw, &root)
                    .and_then(|req| self.check(&req, options).map_err(|p| p.under(&root)));
                match outcome {
                    Ok(check) => RecordOutcome::Ok(check),
                    Err(error) => RecordOutcome::Rejected(Rejection {
                        index: i,
                        id: raw
                            .pointer("/opportunity/id")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                        error,
                    }),
                }
            })
            .collect();
        self.batch(results)
    }

    /// Checks typed requests (for Rust callers).
    pub fn check_batch(&self, requests: &[TransitionRequest], options: CheckOptions) -> CheckBatch {
        let results = requests
            .iter()
            .enumerate()
            .map(|(i, req)| match self.check(req, options) {
                Ok(check) => RecordOutcome::Ok(check),
                Err(p) => RecordOutcome::Rejected(Rejection {
                    index: i,
                    id: Some(req.opportunity.id.to_string()),
                    error: p.under(&format!("requests[{i}]")),
                }),
            })
            .collect();
        self.batch(results)
    }

    fn batch(&self, results: Vec<RecordOutcome<TransitionCheck>>) -> CheckBatch {
        let mut summary = CheckSummary {
            total: results.len(),
            ..CheckSummary::default()
        };
        for r in &results {
            match r {
                RecordOutcome::Ok(c) if c.allowed => summary.allowed += 1,
                RecordOutcome::Ok(_) => summary.blocked += 1,
                RecordOutcome::Rejected(_) => summary.rejected += 1,
            }
        }
        CheckBatch {
            pipeline_id: self.document.id.clone(),
            pipeline_version: self.document.version.clone(),
            results,
            summary,
        }
    }

    /// Checks one move. An `Err` means the request itself is unusable (unknown stage, a field
    /// of the wrong type); its path is relative to the request.
    pub fn check(
        &self,
        req: &TransitionRequest,
        options: CheckOptions,
    ) -> Result<TransitionCheck, Problem> {
        let (from_i, from) = self.stage(&req.opportunity.stage).ok_or_else(|| {
            Problem::new(
                ErrorCode::UnknownStage,
                "opportunity.stage",
                format!(
                    "stage `{}` is not in pipeline `{}`",
                    req.opportunity.stage, self.document.id
                ),
            )
        })?;
        let (to_i, to) = self.stage(&req.to).ok_or_else(|| {
            Problem::new(
                ErrorCode::UnknownStage,
                "to",
                format!(
                    "stage `{}` is not in pipeline `{}`",
                    req.to, self.document.id
                ),
            )
        })?;
        let mut fields = self.field_index.view(&req.opportunity.fields);
        self.check_field_types(&mut fields)?;

        let mut run = Run {
            pipeline: self,
            req,
            fields,
            tracer: Tracer::new(options.explain),
            violations: Vec::new(),
            approvals: Vec::new(),
            fatal: None,
        };
        let direction = run.check_move(from_i, from, to_i, to)?;
        if let Some(problem) = run.fatal.take() {
            return Err(problem);
        }
        run.check_warnings();

        let allowed = !run.violations.iter().any(|v| v.severity == Severity::Error);
        let effects = if allowed {
            self.effects_for(from_i, to_i, req)
        } else {
            Vec::new()
        };
        let Run {
            tracer,
            violations,
            approvals,
            ..
        } = run;
        Ok(TransitionCheck {
            opportunity_id: req.opportunity.id.clone(),
            from: from.name.clone(),
            to: to.name.clone(),
            direction,
            allowed,
            violations,
            approvals_required: approvals,
            effects,
            explanation: tracer.finish(),
        })
    }

    fn check_field_types(&self, fields: &mut FieldView<'_>) -> Result<(), Problem> {
        for (name, slot, t) in &self.field_types {
            let Some(value) = fields.get(name, *slot).filter(|v| !v.is_null()) else {
                continue;
            };
            // The path is built only on failure: this loop runs for every record.
            let fail = |code: ErrorCode, message: String| {
                Err(Problem::new(
                    code,
                    format!("opportunity.fields.{name}"),
                    message,
                ))
            };
            match t.kind {
                FieldType::Decimal => {
                    let d = match field_decimal(value) {
                        Ok(d) => d,
                        Err((code, msg)) => return fail(code, msg),
                    };
                    if let Some(min) = t.min {
                        if d < min {
                            let code = if min.is_zero() {
                                ErrorCode::NegativeAmount
                            } else {
                                ErrorCode::OutOfRange
                            };
                            return fail(code, format!("{d} is below the minimum {min}"));
                        }
                    }
                    if let Some(max) = t.max {
                        if d > max {
                            return fail(
                                ErrorCode::OutOfRange,
                                format!("{d} is above the maximum {max}"),
                            );
                        }
                    }
                    fields.remember(*slot, Typed::Decimal(d));
                }
                FieldType::Date => match field_date(value) {
                    Ok(date) => fields.remember(*slot, Typed::Date(date)),
                    Err((code, msg)) => return fail(code, msg),
                },
                FieldType::Datetime => match value.as_str().map(wire::scalar::parse_instant) {
                    Some(Ok(_)) => {}
                    Some(Err((code, msg))) => return fail(code, msg),
                    None => {
                        return fail(
                            ErrorCode::InvalidType,
                            "expected an RFC 3339 instant string".into(),
                        )
                    }
                },
                FieldType::Text if !value.is_string() => {
                    return fail(ErrorCode::InvalidType, "expected text".into())
                }
                FieldType::Boolean if !value.is_boolean() => {
                    return fail(ErrorCode::InvalidType, "expected true or false".into())
                }
                FieldType::List if !value.is_array() => {
                    return fail(ErrorCode::InvalidType, "expected a list".into())
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn effects_for(&self, from: usize, to: usize, req: &TransitionRequest) -> Vec<Effect> {
        self.effects
            .iter()
            .filter(|e| e.to == to && e.from.is_none_or(|f| f == from))
            .map(|e| Effect {
                rule: e.rule.clone(),
                kind: e.kind.clone(),
                role: e.role.clone(),
                data: e
                    .include
                    .iter()
                    .map(|f| (f.clone(), self.effect_value(f, &req.opportunity.fields)))
                    .collect(),
            })
            .collect()
    }

    fn effect_value(&self, field: &str, fields: &Map<String, Value>) -> EffectValue {
        let value = lookup(fields, field).cloned().unwrap_or(Value::Null);
        let kind = self
            .field_types
            .iter()
            .find(|(n, _, _)| n == field)
            .map(|(_, _, t)| t.kind);
        // Field types were validated before the check, so these conversions succeed.
        match kind {
            Some(FieldType::Decimal) if !value.is_null() => field_decimal(&value)
                .map(EffectValue::Decimal)
                .unwrap_or(EffectValue::Raw(value)),
            Some(FieldType::Date) if !value.is_null() => field_date(&value)
                .map(EffectValue::Date)
                .unwrap_or(EffectValue::Raw(value)),
            _ => EffectValue::Raw(value),
        }
    }
}

/// The state of one check as it runs.
struct Run<'a> {
    pipeline: &'a Pipeline,
    req: &'a TransitionRequest,
    fields: FieldView<'a>,
    tracer: Tracer,
    violations: Vec<Violation>,
    approvals: Vec<ApprovalStatus>,
    fatal: Option<Problem>,
}

impl<'a> Run<'a> {
    /// A built-in rule name or request path, shared rather than allocated per check.
    fn builtin(&self, name: Builtin) -> Arc<str> {
        self.pipeline.shared(name)
    }

    fn violate(
        &mut self,
        code: ViolationCode,
        stage: &Arc<str>,
        field: Option<Arc<str>>,
        rule: &Arc<str>,
        message: Arc<str>,
    ) {
        self.violations.push(Violation {
            code,
            severity: Severity::Error,
            stage: stage.clone(),
            field,
            rule: rule.clone(),
            message,
        });
    }

    fn check_move(
        &mut self,
        from_i: usize,
        from: &'a Stage,
        to_i: usize,
        to: &'a Stage,
    ) -> Result<Direction, Problem> {
        let move_rule = self.builtin(Builtin::Move);
        if from_i == to_i {
            self.violate(
                ViolationCode::SameStage,
                &to.name,
                Some(self.builtin(Builtin::To)),
                &move_rule,
                format!("the opportunity is already in `{}`", to.name).into(),
            );
            self.tracer.step(&move_rule, Outcome::Fail, || {
                format!("{} → {}: no change", from.name, to.name)
            });
            return Ok(Direction::Same);
        }
        if from.kind != StageKind::Open {
            let terminal = self.builtin(Builtin::MoveTerminal);
            if !self.pipeline.document.allow_reopen || to.kind != StageKind::Open {
                let why = if self.pipeline.document.allow_reopen {
                    "it can only be reopened to an open stage"
                } else {
                    "this pipeline does not allow reopening"
                };
                self.violate(
                    ViolationCode::TerminalStage,
                    &from.name,
                    Some(self.builtin(Builtin::To)),
                    &terminal,
                    format!("`{}` is a final stage: {why}", from.name).into(),
                );
                self.tracer.step(&terminal, Outcome::Fail, || {
                    format!("leave final stage {}", from.name)
                });
                return Ok(Direction::FromTerminal);
            }
            self.tracer.step(&terminal, Outcome::Pass, || {
                format!(
                    "reopen {} → {} (allowed by the pipeline)",
                    from.name, to.name
                )
            });
            self.require_reason(
                Builtin::MoveReason,
                Builtin::Reason,
                self.req.reason.as_deref(),
                &to.name,
                "reopening",
            );
            return Ok(Direction::Reopen);
        }
        if to.kind == StageKind::Lost {
            self.tracer.step(&move_rule, Outcome::Pass, || {
                format!(
                    "{} → {}: an open opportunity can always be lost",
                    from.name, to.name
                )
            });
            self.require_reason(
                Builtin::MoveLossReason,
                Builtin::LossReason,
                self.req.loss_reason.as_deref(),
                &to.name,
                "losing an opportunity",
            );
            self.check_requirements(&to.entry, &to.name, "enter");
            return Ok(Direction::ToLost);
        }
        let (from_rank, to_rank) = (from.rank.unwrap_or(0), to.rank.unwrap_or(0));
        if to_rank < from_rank {
            self.tracer.step(&move_rule, Outcome::Pass, || {
                format!("{} → {}: backward move", from.name, to.name)
            });
            self.require_reason(
                Builtin::MoveReason,
                Builtin::Reason,
                self.req.reason.as_deref(),
                &to.name,
                "a backward move",
            );
            return Ok(Direction::Backward);
        }

        // Open stages are stored in rank order, so the skipped ones come out in pipeline order.
        let pipeline = self.pipeline;
        let skipped = || {
            pipeline.stages.iter().filter(move |s| {
                s.kind == StageKind::Open && s.rank.is_some_and(|r| r > from_rank && r < to_rank)
            })
        };
        if to_rank > from_rank + 1 {
            let skip_rule = self.builtin(Builtin::MoveSkip);
            let names = || {
                skipped()
                    .map(|s| s.name.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if pipeline.document.allow_skip {
                self.tracer.step(&skip_rule, Outcome::Pass, || {
                    format!(
                        "skipping {}: allowed when their requirements are met",
                        names()
                    )
                });
            } else {
                self.violate(
                    ViolationCode::SkipNotAllowed,
                    &to.name,
                    Some(self.builtin(Builtin::To)),
                    &skip_rule,
                    format!("this pipeline does not allow skipping {}", names()).into(),
                );
                self.tracer.step(&skip_rule, Outcome::Fail, || {
                    format!("skipping {}: not allowed by the pipeline", names())
                });
            }
        } else {
            self.tracer.step(&move_rule, Outcome::Pass, || {
                format!("{} → {}: forward one step", from.name, to.name)
            });
        }

        self.check_requirements(&from.exit, &from.name, "leave");
        for s in skipped() {
            self.check_requirements(&s.entry, &s.name, "enter");
            self.check_requirements(&s.exit, &s.name, "leave");
        }
        self.check_requirements(&to.entry, &to.name, "enter");
        self.check_requirements(&to.advance, &to.name, "advance to");
        Ok(Direction::Forward)
    }

    fn require_reason(
        &mut self,
        rule_name: Builtin,
        field_name: Builtin,
        reason: Option<&str>,
        stage: &Arc<str>,
        what: &str,
    ) {
        let rule = self.builtin(rule_name);
        let field = field_name.text();
        let state = self.pipeline.placeholders.text(reason);
        if state == FieldState::Present {
            self.tracer
                .step(&rule, Outcome::Pass, || format!("{what} has a reason"));
        } else {
            self.violate(
                ViolationCode::ReasonRequired,
                stage,
                Some(self.builtin(field_name)),
                &rule,
                format!("{what} requires a `{field}`").into(),
            );
            self.tracer.step(&rule, Outcome::Fail, || {
                format!("{what} requires a `{field}`")
            });
        }
    }

    fn check_requirements(&mut self, reqs: &Requirements, stage: &Arc<str>, verb: &'static str) {
        if reqs.is_empty() {
            return;
        }
        for field in &reqs.fields {
            self.check_required(field, stage, verb);
        }
        for ev in &reqs.evidence {
            self.check_evidence(ev, stage, verb);
        }
        for cond in &reqs.conditional {
            let holds = cond.when.evaluate_in(&self.fields, "opportunity.fields");
            match holds {
                Ok(true) => {
                    self.tracer.step(&cond.rule, Outcome::Pass, || {
                        format!(
                            "condition {} holds: its requirements apply",
                            cond.when.describe()
                        )
                    });
                    for field in &cond.fields {
                        self.check_required(field, stage, verb);
                    }
                    for ev in &cond.evidence {
                        self.check_evidence(ev, stage, verb);
                    }
                }
                Ok(false) => {
                    self.tracer.step(&cond.rule, Outcome::Skip, || {
                        format!("condition {} does not hold", cond.when.describe())
                    });
                }
                Err(problem) => self.condition_error(problem, &cond.rule, stage),
            }
        }
        for approval in &reqs.approvals {
            let applies = match &approval.when {
                None => Ok(true),
                Some(c) => c.evaluate_in(&self.fields, "opportunity.fields"),
            };
            match applies {
                Ok(false) => {
                    self.tracer.step(&approval.rule, Outcome::Skip, || {
                        let describe = approval
                            .when
                            .as_ref()
                            .map(|c| c.describe())
                            .unwrap_or_default();
                        format!("no approval needed: {describe} does not hold")
                    });
                }
                Ok(true) => {
                    let grant = self.req.opportunity.approvals.iter().find(|a| {
                        *a.role == *approval.role
                            && a.rule.as_deref().is_none_or(|r| r == &*approval.id)
                    });
                    self.approvals.push(ApprovalStatus {
                        rule: approval.id.clone(),
                        role: approval.role.clone(),
                        stage: stage.clone(),
                        satisfied: grant.is_some(),
                        approved_by: grant.and_then(|g| g.by.clone()),
                    });
                    if grant.is_some() {
                        self.tracer.step(&approval.rule, Outcome::Pass, || {
                            format!("approval by `{}` is on record", approval.role)
                        });
                    } else {
                        self.violate(
                            ViolationCode::ApprovalRequired,
                            stage,
                            Some(self.builtin(Builtin::Approvals)),
                            &approval.rule,
                            approval.missing.clone(),
                        );
                        self.tracer.step(&approval.rule, Outcome::Fail, || {
                            format!("approval by `{}` is missing", approval.role)
                        });
                    }
                }
                Err(problem) => self.condition_error(problem, &approval.rule, stage),
            }
        }
    }

    /// A condition met a value it cannot compare (text in a numeric threshold, a float). The
    /// record is rejected with that field's path: skipping the rule would be a silent wrong
    /// answer. The first such problem is kept.
    fn condition_error(&mut self, problem: Problem, rule: &Arc<str>, _stage: &Arc<str>) {
        self.tracer.step(rule, Outcome::Fail, || {
            format!("cannot evaluate: {}", problem.message)
        });
        if self.fatal.is_none() {
            self.fatal = Some(problem);
        }
    }

    /// A field of the record a requirement set asks for; the violation's path and message
    /// were written when the pipeline was loaded.
    fn check_required(&mut self, field: &RequiredField, stage: &Arc<str>, verb: &'static str) {
        let value = self.fields.get(&field.name, field.slot);
        let state = self.pipeline.placeholders.state_known(
            field.sentinel,
            value,
            self.fields.date(field.slot),
        );
        self.report_field(
            state,
            &field.name,
            stage,
            &field.rule,
            verb,
            || field.path.clone(),
            || field.missing.clone(),
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn report_field(
        &mut self,
        state: FieldState,
        field: &Arc<str>,
        stage: &Arc<str>,
        rule: &Arc<str>,
        verb: &'static str,
        path: impl FnOnce() -> Arc<str>,
        missing: impl FnOnce() -> Arc<str>,
    ) {
        match state {
            FieldState::Present => self
                .tracer
                .step(rule, Outcome::Pass, || format!("`{field}` is filled")),
            FieldState::Missing => {
                self.violate(
                    ViolationCode::MissingField,
                    stage,
                    Some(path()),
                    rule,
                    missing(),
                );
                self.tracer
                    .step(rule, Outcome::Fail, || format!("`{field}` is missing"));
            }
            FieldState::Placeholder(why) => {
                let mut message = String::with_capacity(128);
                for part in [
                    "to ",
                    verb,
                    " `",
                    stage,
                    "`, `",
                    field,
                    "` needs a real value (",
                ] {
                    message.push_str(part);
                }
                why.write_to(&mut message);
                message.push(')');
                self.violate(
                    ViolationCode::PlaceholderValue,
                    stage,
                    Some(path()),
                    rule,
                    message.into(),
                );
                self.tracer.step(rule, Outcome::Fail, || {
                    format!("`{field}` holds a placeholder ({why})")
                });
            }
        }
    }

    fn check_evidence(&mut self, ev: &EvidenceRequirement, stage: &Arc<str>, verb: &'static str) {
        let attachments = &self.req.opportunity.evidence;
        let placeholders = &self.pipeline.placeholders;
        let mut first_candidate: Option<usize> = None;
        let mut complete: Option<usize> = None;
        for (i, a) in attachments.iter().enumerate() {
            if !ev.kinds.contains(&a.kind) {
                continue;
            }
            first_candidate.get_or_insert(i);
            if ev
                .fields
                .iter()
                .all(|f| placeholders.state(f, lookup(&a.fields, f)) == FieldState::Present)
            {
                complete = Some(i);
                break;
            }
        }
        let kinds = || ev.kinds.join(" or ");
        if let Some(i) = complete {
            self.tracer.step(&ev.rule, Outcome::Pass, || {
                format!("{} attached and complete (evidence[{i}])", kinds())
            });
            return;
        }
        let Some(i) = first_candidate else {
            self.violate(
                ViolationCode::MissingEvidence,
                stage,
                Some(self.builtin(Builtin::Evidence)),
                &ev.rule,
                ev.missing.clone(),
            );
            self.tracer.step(&ev.rule, Outcome::Fail, || {
                format!("no {} attached", kinds())
            });
            return;
        };
        // None is complete: report the gaps of the first candidate, which is what a rep fixes.
        let req = self.req;
        let base = format!("opportunity.evidence[{i}].fields");
        for f in &ev.fields {
            let context = Context { verb, stage };
            let state = placeholders.state(f, lookup(&req.opportunity.evidence[i].fields, f));
            self.report_field(
                state,
                f,
                stage,
                &ev.rule,
                verb,
                || Arc::from(format!("{base}.{f}")),
                || Arc::from(missing_message(context, f)),
            );
        }
    }

    fn check_warnings(&mut self) {
        let pipeline = self.pipeline;
        if pipeline.warn_fields.is_empty() {
            return;
        }
        for warn in &pipeline.warn_fields {
            let (field, path) = (&warn.name, &warn.path);
            let FieldState::Placeholder(why) = pipeline.placeholders.state_known(
                warn.sentinel,
                self.fields.get(field, warn.slot),
                self.fields.date(warn.slot),
            ) else {
                continue;
            };
            if self
                .violations
                .iter()
                .any(|v| v.field.as_deref() == Some(&**path))
            {
                continue;
            }
            let rule = self.builtin(Builtin::WarnFields);
            let stage = pipeline
                .stage(&self.req.to)
                .map(|(_, s)| s.name.clone())
                .unwrap_or_else(|| Arc::from(""));
            self.tracer.step(&rule, Outcome::Warn, || {
                format!("`{field}` holds a placeholder ({why})")
            });
            self.violations.push(Violation {
                code: ViolationCode::PlaceholderValue,
                severity: Severity::Warning,
                stage,
                field: Some(path.clone()),
                rule,
                message: {
                    let mut message = String::with_capacity(128);
                    for part in ["`", field, "` looks like a placeholder ("] {
                        message.push_str(part);
                    }
                    why.write_to(&mut message);
                    message.push(')');
                    message.into()
                },
            });
        }
    }
}

//! A loaded pipeline: the document validated once and compiled for fast checks.

use super::document::*;
use super::placeholder::Placeholders;
use super::record::FieldIndex;
use crate::condition::Condition;
use crate::error::{Error, ErrorCode, ErrorKind, Problems};
use crate::wire::decode::decode_document;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

const DEFAULT_PIPELINE: &str = include_str!("default_pipeline.json");

/// A validated pipeline, ready to check transitions in batches.
#[derive(Debug, Clone)]
pub struct Pipeline {
    pub(crate) document: PipelineDocument,
    pub(crate) stages: Vec<Stage>,
    /// Declared field types, each with its slot in `field_index`.
    pub(crate) field_types: Vec<(String, Option<u16>, FieldTypeDoc)>,
    pub(crate) placeholders: Placeholders,
    pub(crate) warn_fields: Vec<WarnField>,
    pub(crate) field_index: FieldIndex,
    pub(crate) effects: Vec<EffectRule>,
    shared_names: Vec<Arc<str>>,
}

/// A field whose placeholder values are reported as warnings.
#[derive(Debug, Clone)]
pub(crate) struct WarnField {
    pub name: Arc<str>,
    /// `opportunity.fields.<name>`
    pub path: Arc<str>,
    pub slot: Option<u16>,
    pub sentinel: Option<usize>,
}

/// Names the library itself puts in results — its own rules (moves, reasons, warnings) and
/// the request paths they concern — interned once per pipeline so that results share them
/// instead of allocating per check. Indexed by the variant, so fetching one compares nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Builtin {
    Move,
    MoveSkip,
    MoveReason,
    MoveLossReason,
    MoveTerminal,
    WarnFields,
    To,
    Reason,
    LossReason,
    Approvals,
    Evidence,
}

impl Builtin {
    const ALL: [Builtin; 11] = [
        Builtin::Move,
        Builtin::MoveSkip,
        Builtin::MoveReason,
        Builtin::MoveLossReason,
        Builtin::MoveTerminal,
        Builtin::WarnFields,
        Builtin::To,
        Builtin::Reason,
        Builtin::LossReason,
        Builtin::Approvals,
        Builtin::Evidence,
    ];

    pub fn text(self) -> &'static str {
        match self {
            Builtin::Move => "move",
            Builtin::MoveSkip => "move.skip",
            Builtin::MoveReason => "move.reason",
            Builtin::MoveLossReason => "move.lossReason",
            Builtin::MoveTerminal => "move.terminal",
            Builtin::WarnFields => "placeholders.warnFields",
            Builtin::To => "to",
            Builtin::Reason => "reason",
            Builtin::LossReason => "lossReason",
            Builtin::Approvals => "opportunity.approvals",
            Builtin::Evidence => "opportunity.evidence",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Stage {
    pub name: Arc<str>,
    pub kind: StageKind,
    /// Position among open stages; `won` ranks after the last open stage; lost stages have none.
    pub rank: Option<usize>,
    pub entry: Requirements,
    pub exit: Requirements,
    /// The pipeline's `everyAdvance` requirements as they read for a move into this stage.
    pub advance: Requirements,
    pub dwell_threshold_hours: Option<Decimal>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Requirements {
    pub fields: Vec<RequiredField>,
    pub evidence: Vec<EvidenceRequirement>,
    pub conditional: Vec<ConditionalRequirement>,
    pub approvals: Vec<ApprovalRule>,
}

impl Requirements {
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
            && self.evidence.is_empty()
            && self.conditional.is_empty()
            && self.approvals.is_empty()
    }
}

/// What a set of requirements asks of the move that meets it: "to `enter` stage `quote`".
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    pub verb: &'static str,
    pub stage: &'a str,
}

/// A record field a requirement set asks for, with the path and message of the violation when
/// it is missing, written once at load: a blocked check shares them instead of formatting
/// them for every record.
#[derive(Debug, Clone)]
pub(crate) struct RequiredField {
    pub name: Arc<str>,
    pub rule: Arc<str>,
    /// `opportunity.fields.<name>`
    pub path: Arc<str>,
    pub missing: Arc<str>,
    /// Where a check finds the value (see `record.rs`), set once the pipeline is compiled.
    pub slot: Option<u16>,
    /// The placeholder sentinel dates that apply to the field, likewise.
    pub sentinel: Option<usize>,
}

impl RequiredField {
    fn new(name: &str, rule: &Arc<str>, context: Context<'_>) -> RequiredField {
        RequiredField {
            name: Arc::from(name),
            rule: rule.clone(),
            path: Arc::from(format!("opportunity.fields.{name}")),
            missing: Arc::from(missing_message(context, name)),
            slot: None,
            sentinel: None,
        }
    }

    fn in_context(&self, context: Context<'_>) -> RequiredField {
        RequiredField::new(&self.name, &self.rule, context)
    }
}

/// The message of a `missing_field` violation.
pub(crate) fn missing_message(context: Context<'_>, field: &str) -> String {
    format!(
        "to {} `{}`, `{field}` is required",
        context.verb, context.stage
    )
}

impl Requirements {
    /// The same requirements, their messages written for another context (`everyAdvance` is
    /// compiled once and read per target stage).
    /// The names of the record fields these requirements read.
    fn field_names(&self) -> impl Iterator<Item = &str> {
        let conditional = self.conditional.iter().flat_map(|c| &c.fields);
        let required = self.fields.iter().chain(conditional).map(|f| &*f.name);
        let conditions = self.conditional.iter().map(|c| &c.when);
        let conditions = conditions.chain(self.approvals.iter().filter_map(|a| a.when.as_ref()));
        required.chain(conditions.flat_map(Condition::fields))
    }

    fn assign_slots(&mut self, index: &FieldIndex, placeholders: &Placeholders) {
        let slot_of = |name: &str| index.slot(name);
        for c in &mut self.conditional {
            c.when.assign_slots(&slot_of);
        }
        for a in &mut self.approvals {
            if let Some(when) = &mut a.when {
                when.assign_slots(&slot_of);
            }
        }
        let conditional = self.conditional.iter_mut().flat_map(|c| &mut c.fields);
        for field in self.fields.iter_mut().chain(conditional) {
            field.slot = index.slot(&field.name);
            field.sentinel = placeholders.sentinel_of(&field.name);
        }
    }

    fn in_context(&self, context: Context<'_>) -> Requirements {
        let fields = |list: &[RequiredField]| list.iter().map(|f| f.in_context(context)).collect();
        let evidence =
            |list: &[EvidenceRequirement]| list.iter().map(|e| e.in_context(context)).collect();
        Requirements {
            fields: fields(&self.fields),
            evidence: evidence(&self.evidence),
            conditional: self
                .conditional
                .iter()
                .map(|c| ConditionalRequirement {
                    rule: c.rule.clone(),
                    when: c.when.clone(),
                    fields: fields(&c.fields),
                    evidence: evidence(&c.evidence),
                })
                .collect(),
            approvals: self
                .approvals
                .iter()
                .map(|a| a.in_context(context))
                .collect(),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct EvidenceRequirement {
    pub rule: Arc<str>,
    pub kinds: Vec<String>,
    pub fields: Vec<Arc<str>>,
    /// The violation's message when nothing of these kinds is attached.
    pub missing: Arc<str>,
}

impl EvidenceRequirement {
    fn missing_message(kinds: &[String], context: Context<'_>) -> Arc<str> {
        let kinds = kinds.join(" or ");
        Arc::from(format!(
            "to {} `{}`, attach {kinds}",
            context.verb, context.stage
        ))
    }

    fn in_context(&self, context: Context<'_>) -> EvidenceRequirement {
        EvidenceRequirement {
            missing: Self::missing_message(&self.kinds, context),
            ..self.clone()
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ConditionalRequirement {
    pub rule: Arc<str>,
    pub when: Condition,
    pub fields: Vec<RequiredField>,
    pub evidence: Vec<EvidenceRequirement>,
}

#[derive(Debug, Clone)]
pub(crate) struct ApprovalRule {
    pub rule: Arc<str>,
    pub id: Arc<str>,
    pub when: Option<Condition>,
    pub role: Arc<str>,
    /// The violation's message when the approval is not on record.
    pub missing: Arc<str>,
}

impl ApprovalRule {
    fn missing_message(role: &str, when: Option<&Condition>, context: Context<'_>) -> Arc<str> {
        let because = when
            .map(|c| format!(" because {}", c.describe()))
            .unwrap_or_default();
        Arc::from(format!(
            "to {} `{}` needs approval by `{role}`{because}",
            context.verb, context.stage
        ))
    }

    fn in_context(&self, context: Context<'_>) -> ApprovalRule {
        ApprovalRule {
            missing: Self::missing_message(&self.role, self.when.as_ref(), context),
            ..self.clone()
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct EffectRule {
    pub rule: Arc<str>,
    pub from: Option<usize>,
    pub to: usize,
    pub kind: Arc<str>,
    pub role: Option<Arc<str>>,
    pub include: Vec<Arc<str>>,
}

impl Pipeline {
    /// Loads and validates a pipeline document given as a wire value (JSON, a Python dict, a
    /// JS object). Every problem is reported at once, each with a code and a JSON path.
    pub fn load(document: &Value) -> Result<Pipeline, Error> {
        let doc: PipelineDocument = decode_document(document)?;
        Pipeline::from_document(doc)
    }

    /// The built-in default pipeline of SPEC §1: lead → proposal → quote → contract →
    /// payment, won and lost, with the five key fields, the needs survey, the PO acceptance,
    /// the hospital scenario form, the 50,000 quote approval and the legal notification.
    pub fn default_document() -> Value {
        // The embedded file is checked by a unit test; a parse failure here cannot happen at
        // run time, and an empty object would fail `load` with a clear error anyway.
        serde_json::from_str(DEFAULT_PIPELINE).unwrap_or(Value::Null)
    }

    pub fn default_pipeline() -> Result<Pipeline, Error> {
        Pipeline::load(&Self::default_document())
    }

    pub fn document(&self) -> &PipelineDocument {
        &self.document
    }

    pub fn id(&self) -> &str {
        &self.document.id
    }

    pub(crate) fn shared(&self, name: Builtin) -> Arc<str> {
        match self.shared_names.get(name as usize) {
            Some(shared) => shared.clone(),
            None => Arc::from(name.text()),
        }
    }

    /// Pipelines have a handful of stages: comparing names beats hashing them.
    pub(crate) fn stage(&self, name: &str) -> Option<(usize, &Stage)> {
        self.stages
            .iter()
            .enumerate()
            .find(|(_, s)| &*s.name == name)
    }

    /// Validates a decoded document and compiles it.
    pub fn from_document(doc: PipelineDocument) -> Result<Pipeline, Error> {
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
            problems.push(ErrorCode::InvalidValue, "id", "the pipeline id is empty");
        }
        if doc.stages.is_empty() {
            problems.push(
                ErrorCode::EmptyPipeline,
                "stages",
                "a pipeline needs at least one open stage, a won and a lost stage",
            );
        }

        let mut index = HashMap::new();
        for (i, stage) in doc.stages.iter().enumerate() {
            if stage.name.trim().is_empty() {
                problems.push(
                    ErrorCode::InvalidValue,
                    format!("stages[{i}].name"),
                    "a stage name is empty",
                );
            } else if index.insert(stage.name.clone(), i).is_some() {
                problems.push(
                    ErrorCode::DuplicateStage,
                    format!("stages[{i}].name"),
                    format!("stage `{}` is defined twice", stage.name),
                );
            }
        }
        let won_count = doc
            .stages
            .iter()
            .filter(|s| s.kind == StageKind::Won)
            .count();
        let lost_count = doc
            .stages
            .iter()
            .filter(|s| s.kind == StageKind::Lost)
            .count();
        let open_count = doc
            .stages
            .iter()
            .filter(|s| s.kind == StageKind::Open)
            .count();
        if !doc.stages.is_empty() && (won_count != 1 || lost_count == 0 || open_count == 0) {
            problems.push(
                ErrorCode::InvalidTerminalStages,
                "stages",
                format!("a pipeline needs open stages, exactly one `won` and at least one `lost` stage (found {open_count} open, {won_count} won, {lost_count} lost)"),
            );
        }

        let mut rule_ids = HashSet::new();
        let mut stages = Vec::with_capacity(doc.stages.len());
        let mut open_rank = 0usize;
        let first_open = doc.stages.iter().position(|s| s.kind == StageKind::Open);
        for (i, s) in doc.stages.iter().enumerate() {
            let path = format!("stages[{i}]");
            let rank = match s.kind {
                StageKind::Open => {
                    open_rank += 1;
                    Some(open_rank - 1)
                }
                StageKind::Won => Some(open_count),
                StageKind::Lost => None,
            };
            let entry_path = format!("{path}.entry");
            let exit_path = format!("{path}.exit");
            if Some(i) == first_open && !s.entry.is_empty() {
                problems.push(
                    ErrorCode::RuleNeverFires,
                    &entry_path,
                    format!("`{}` is the first stage: no move enters it forward, so its entry requirements never apply", s.name),
                );
            }
            if s.kind != StageKind::Open && !s.exit.is_empty() {
                problems.push(
                    ErrorCode::RuleNeverFires,
                    &exit_path,
                    format!("`{}` is terminal: no forward move leaves it, so its exit requirements never apply", s.name),
                );
            }
            let entry = compile_requirements(
                &s.entry,
                &entry_path,
                &format!("{}.entry", s.name),
                Context {
                    verb: "enter",
                    stage: &s.name,
                },
                &mut rule_ids,
                &mut problems,
            );
            let exit = compile_requirements(
                &s.exit,
                &exit_path,
                &format!("{}.exit", s.name),
                Context {
                    verb: "leave",
                    stage: &s.name,
                },
                &mut rule_ids,
                &mut problems,
            );
            if let Some(h) = s.dwell_threshold_hours {
                if h <= Decimal::ZERO {
                    problems.push(
                        ErrorCode::OutOfRange,
                        format!("{path}.dwellThresholdHours"),
                        "a dwell threshold must be positive",
                    );
                }
            }
            stages.push(Stage {
                name: Arc::from(s.name.as_str()),
                kind: s.kind,
                rank,
                entry,
                exit,
                advance: Requirements::default(),
                dwell_threshold_hours: s.dwell_threshold_hours,
            });
        }
        let every_advance = compile_requirements(
            &doc.every_advance,
            "everyAdvance",
            "everyAdvance",
            Context {
                verb: ADVANCE,
                stage: "",
            },
            &mut rule_ids,
            &mut problems,
        );

        for stage in &mut stages {
            stage.advance = every_advance.in_context(Context {
                verb: ADVANCE,
                stage: &stage.name,
            });
        }

        let mut field_types = Vec::new();
        for (field, t) in &doc.field_types {
            let path = format!("fieldTypes.{field}");
            if (t.min.is_some() || t.max.is_some()) && t.kind != FieldType::Decimal {
                problems.push(
                    ErrorCode::InvalidValue,
                    &path,
                    "`min` and `max` apply to decimal fields only",
                );
            }
            if let (Some(lo), Some(hi)) = (t.min, t.max) {
                if lo > hi {
                    problems.push(
                        ErrorCode::RuleNeverFires,
                        &path,
                        format!("min {lo} is above max {hi}: no value can satisfy it"),
                    );
                }
            }
            field_types.push((field.clone(), None, t.clone()));
        }

        let placeholders = Placeholders::compile(&doc.placeholders, &mut problems);
        let mut warn_fields = doc
            .placeholders
            .warn_fields
            .iter()
            .map(|f| WarnField {
                name: Arc::from(f.as_str()),
                path: Arc::from(format!("opportunity.fields.{f}")),
                slot: None,
                sentinel: None,
            })
            .collect::<Vec<_>>();

        let mut effects = Vec::new();
        for (i, e) in doc.effects.iter().enumerate() {
            let path = format!("effects[{i}]");
            if !rule_ids.insert(e.id.clone()) {
                problems.push(
                    ErrorCode::DuplicateId,
                    format!("{path}.id"),
                    format!("rule id `{}` is used twice", e.id),
                );
            }
            let to = resolve_stage(&index, &e.to, &format!("{path}.to"), &mut problems);
            let from = e
                .from
                .as_ref()
                .and_then(|f| resolve_stage(&index, f, &format!("{path}.from"), &mut problems));
            if let (Some(to_i), Some(from_i)) = (to, from) {
                let from_kind = doc.stages[from_i].kind;
                if from_i == to_i {
                    problems.push(
                        ErrorCode::RuleNeverFires,
                        &path,
                        "an effect from a stage to itself never fires",
                    );
                } else if from_kind != StageKind::Open && !doc.allow_reopen {
                    problems.push(
                        ErrorCode::RuleNeverFires,
                        &path,
                        format!(
                            "`{}` is terminal and reopening is not allowed",
                            doc.stages[from_i].name
                        ),
                    );
                }
            }
            if let Some(to) = to {
                effects.push(EffectRule {
                    rule: Arc::from(format!("effect:{}", e.id).as_str()),
                    from,
                    to,
                    kind: Arc::from(e.kind.as_str()),
                    role: e.role.as_deref().map(Arc::from),
                    include: e.include.iter().map(|f| Arc::from(f.as_str())).collect(),
                });
            }
        }
        if doc.data_quality.consecutive == 0 {
            problems.push(
                ErrorCode::OutOfRange,
                "dataQuality.consecutive",
                "the breaker needs at least one submission to trigger",
            );
        }

        let field_index = index_fields(
            &mut stages,
            &mut field_types,
            &mut warn_fields,
            &placeholders,
        );
        let pipeline = Pipeline {
            document: doc.clone(),
            stages,
            field_types,
            placeholders,
            warn_fields,
            field_index,
            effects,
            shared_names: Builtin::ALL.iter().map(|b| Arc::from(b.text())).collect(),
        };
        problems.into_result(ErrorKind::Config, pipeline)
    }
}

/// Indexes every top-level field a check reads and tells each reader its slot.
fn index_fields(
    stages: &mut [Stage],
    field_types: &mut [(String, Option<u16>, FieldTypeDoc)],
    warn_fields: &mut [WarnField],
    placeholders: &Placeholders,
) -> FieldIndex {
    let required = stages
        .iter()
        .flat_map(|s| [&s.entry, &s.exit, &s.advance])
        .flat_map(Requirements::field_names);
    let typed = field_types.iter().map(|(name, _, _)| name.as_str());
    let warned = warn_fields.iter().map(|w| &*w.name);
    let index = FieldIndex::new(required.chain(typed).chain(warned));
    for stage in stages {
        for reqs in [&mut stage.entry, &mut stage.exit, &mut stage.advance] {
            reqs.assign_slots(&index, placeholders);
        }
    }
    for (name, slot, _) in field_types {
        *slot = index.slot(name);
    }
    for warn in warn_fields {
        warn.slot = index.slot(&warn.name);
        warn.sentinel = placeholders.sentinel_of(&warn.name);
    }
    index
}

fn resolve_stage(
    index: &HashMap<String, usize>,
    name: &str,
    path: &str,
    problems: &mut Problems,
) -> Option<usize> {
    let found = index.get(name).copied();
    if found.is_none() {
        problems.push(
            ErrorCode::UnknownStage,
            path,
            format!("stage `{name}` is not defined in this pipeline"),
        );
    }
    found
}

/// The verb of `everyAdvance` requirements; the stage is the move's target.
const ADVANCE: &str = "advance to";

fn compile_requirements(
    doc: &RequirementsDoc,
    path: &str,
    rule_prefix: &str,
    context: Context<'_>,
    rule_ids: &mut HashSet<String>,
    problems: &mut Problems,
) -> Requirements {
    let field_rule: Arc<str> = Arc::from(format!("{rule_prefix}.fields").as_str());
    let mut seen = HashSet::new();
    let mut fields = Vec::new();
    for (i, f) in doc.fields.iter().enumerate() {
        if f.trim().is_empty() {
            problems.push(
                ErrorCode::InvalidValue,
                format!("{path}.fields[{i}]"),
                "a field name is empty",
            );
        } else if !seen.insert(f.as_str()) {
            problems.push(
                ErrorCode::DuplicateId,
                format!("{path}.fields[{i}]"),
                format!("field `{f}` is listed twice"),
            );
        } else {
            fields.push(RequiredField::new(f, &field_rule, context));
        }
    }
    let evidence = compile_evidence(
        &doc.evidence,
        &format!("{path}.evidence"),
        &format!("{rule_prefix}.evidence"),
        context,
        problems,
    );
    let mut conditional = Vec::new();
    for (i, c) in doc.conditional.iter().enumerate() {
        let cpath = format!("{path}.conditional[{i}]");
        if !rule_ids.insert(c.id.clone()) {
            problems.push(
                ErrorCode::DuplicateId,
                format!("{cpath}.id"),
                format!("rule id `{}` is used twice", c.id),
            );
        }
        let when = Condition::compile(&c.when, &format!("{cpath}.when"), problems);
        if let Some(w) = &when {
            if w.is_unsatisfiable() {
                problems.push(
                    ErrorCode::RuleNeverFires,
                    format!("{cpath}.when"),
                    format!("the condition `{}` can never hold", w.describe()),
                );
            }
        }
        if c.fields.is_empty() && c.evidence.is_empty() {
            problems.push(
                ErrorCode::RuleNeverFires,
                &cpath,
                "a conditional requirement with no fields and no evidence requires nothing",
            );
        }
        let rule: Arc<str> = Arc::from(format!("conditional:{}", c.id).as_str());
        let evidence = compile_evidence(
            &c.evidence,
            &format!("{cpath}.evidence"),
            &rule,
            context,
            problems,
        );
        if let Some(when) = when {
            let fields = c
                .fields
                .iter()
                .map(|f| RequiredField::new(f, &rule, context))
                .collect();
            conditional.push(ConditionalRequirement {
                rule,
                when,
                fields,
                evidence,
            });
        }
    }
    let mut approvals = Vec::new();
    for (i, a) in doc.approvals.iter().enumerate() {
        let apath = format!("{path}.approvals[{i}]");
        if !rule_ids.insert(a.id.clone()) {
            problems.push(
                ErrorCode::DuplicateId,
                format!("{apath}.id"),
                format!("rule id `{}` is used twice", a.id),
            );
        }
        if a.role.trim().is_empty() {
            problems.push(
                ErrorCode::InvalidValue,
                format!("{apath}.role"),
                "the approving role is empty",
            );
        }
        let when = match &a.when {
            Some(w) => match Condition::compile(w, &format!("{apath}.when"), problems) {
                Some(c) if c.is_unsatisfiable() => {
                    problems.push(
                        ErrorCode::RuleNeverFires,
                        format!("{apath}.when"),
                        format!("the condition `{}` can never hold", c.describe()),
                    );
                    continue;
                }
                Some(c) => Some(c),
                None => continue,
            },
            None => None,
        };
        approvals.push(ApprovalRule {
            rule: Arc::from(format!("approval:{}", a.id).as_str()),
            id: Arc::from(a.id.as_str()),
            missing: ApprovalRule::missing_message(&a.role, when.as_ref(), context),
            when,
            role: Arc::from(a.role.as_str()),
        });
    }
    Requirements {
        fields,
        evidence,
        conditional,
        approvals,
    }
}

fn compile_evidence(
    docs: &[EvidenceDoc],
    path: &str,
    rule_prefix: &str,
    context: Context<'_>,
    problems: &mut Problems,
) -> Vec<EvidenceRequirement> {
    let mut out = Vec::new();
    for (i, e) in docs.iter().enumerate() {
        if e.kinds.is_empty() || e.kinds.iter().any(|k| k.trim().is_empty()) {
            problems.push(
                ErrorCode::InvalidValue,
                format!("{path}[{i}].kinds"),
                "evidence needs at least one non-empty kind",
            );
            continue;
        }
        let rule = match &e.id {
            Some(id) => format!("evidence:{id}"),
            None => format!("{rule_prefix}[{i}]"),
        };
        out.push(EvidenceRequirement {
            rule: Arc::from(rule.as_str()),
            kinds: e.kinds.clone(),
            fields: e.fields.iter().map(|f| Arc::from(f.as_str())).collect(),
            missing: EvidenceRequirement::missing_message(&e.kinds, context),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_default_pipeline_loads() {
        let p = Pipeline::default_pipeline().unwrap();
        assert_eq!(p.stages.len(), 7);
        assert_eq!(p.stage("won").unwrap().1.rank, Some(5));
        assert_eq!(p.stage("lost").unwrap().1.rank, None);
    }

    #[test]
    fn every_semantic_problem_is_reported_at_once() {
        let doc = json!({
            "schemaVersion": 1, "id": "p",
            "stages": [
                {"name": "a", "entry": {"fields": ["x"]}},
                {"name": "b"}, {"name": "b"},
                {"name": "won", "kind": "won", "exit": {"fields": ["y"]}},
                {"name": "lost", "kind": "lost"}
            ],
            "effects": [{"id": "e", "to": "nowhere", "kind": "notify"}]
        });
        let err = Pipeline::load(&doc).unwrap_err();
        let codes: Vec<(&str, &str)> = err
            .problems
            .iter()
            .map(|p| (p.code.as_str(), p.path.as_str()))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("DUPLICATE_STAGE", "stages[2].name"),
                ("RULE_NEVER_FIRES", "stages[0].entry"),
                ("RULE_NEVER_FIRES", "stages[3].exit"),
                ("UNKNOWN_STAGE", "effects[0].to"),
            ]
        );
    }
}

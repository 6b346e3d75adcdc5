//! Errors: one catalogue of stable codes, problems with JSON paths, and the two error kinds
//! (a bad configuration document versus bad input records) every binding maps to its own
//! exception classes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A stable, language-neutral error code. The string form (`as_str`) is the contract: vectors
/// and binding tests assert it, so a variant is never renamed, only added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// A required member of a document or record is absent.
    MissingField,
    /// A member the format does not know; usually a typo that would otherwise be ignored.
    UnknownField,
    /// A value of the wrong JSON type (a number where a string was expected, …).
    InvalidType,
    /// A value of the right type that is not one of the allowed values.
    InvalidValue,
    /// A decimal that does not parse (`"12a"`, `"NaN"`, `"Infinity"`).
    InvalidDecimal,
    /// A binary floating-point number where a decimal is required.
    FloatNotAllowed,
    /// A decimal beyond the 96-bit range the library computes in (about ±7.9 × 10²⁸).
    DecimalOutOfRange,
    /// A negative amount where the field must not be negative.
    NegativeAmount,
    /// A value outside a declared minimum or maximum.
    OutOfRange,
    /// A date not in `YYYY-MM-DD` form, or not a real calendar date.
    InvalidDate,
    /// An instant not in RFC 3339 form with an offset.
    InvalidDatetime,
    /// A currency that is not a known ISO 4217 code.
    InvalidCurrency,
    /// Amounts in different currencies combined without exchange rates.
    CurrencyMismatch,
    /// Arithmetic that would leave the decimal range.
    Overflow,
    /// A document declares a `schemaVersion` this library does not read.
    UnsupportedSchemaVersion,
    /// A pipeline without stages.
    EmptyPipeline,
    /// Two stages with the same name.
    DuplicateStage,
    /// Two rules, records or entries that must be unique share an id.
    DuplicateId,
    /// A stage name that the pipeline (or mapping) does not define.
    UnknownStage,
    /// A pipeline without exactly one `won` stage and at least one `lost` stage.
    InvalidTerminalStages,
    /// A rule whose condition or position means it can never apply.
    RuleNeverFires,
    /// A condition that cannot be evaluated (wrong operand type, empty combinator).
    InvalidCondition,
    /// A stage with no counterpart in a stage mapping.
    UnmappedStage,
    /// An event dated after the `asOf` instant of the request.
    EventAfterAsOf,
    /// Weights for an allocation that are negative or sum to zero.
    InvalidWeights,
    /// An operation name the boundary does not know.
    UnknownOperation,
    /// A tier table without bands.
    EmptyTierTable,
    /// Tier bands that leave a gap (or do not start at 0), so some base would fall in no band.
    TierGap,
    /// Tier bands that overlap, so some base would fall in two bands.
    TierOverlap,
    /// A tier band no base can ever reach.
    TierUnreachable,
    /// A tier band whose upper bound is not above its lower bound.
    TierBoundsNotIncreasing,
    /// A tier table whose last band has an upper bound, so larger bases would fall in no band.
    TierNotOpenEnded,
    /// A negative rate, multiplier or tier amount.
    NegativeRate,
    /// A commission plan (or plan version) without rate rules or versions.
    EmptyPlan,
    /// Two rate rules of equal specificity that can match the same deal.
    AmbiguousRules,
    /// No rate rule matches a deal; the deal is named, and nothing is paid as zero.
    NoMatchingRule,
    /// No plan version is in effect on a deal's crediting date.
    NoPlanVersion,
    /// A record names a rep the request does not list.
    UnknownRep,
    /// A payment, refund or split names a deal the request does not list.
    UnknownDeal,
    /// Split shares that do not total exactly 100%, or name a rep twice.
    InvalidSplit,
    /// An award beyond what is left of the manager's budget.
    OverBudget,
    /// An interval whose end precedes its start (a visit ending before it starts, a lead
    /// acted on before it was assigned).
    EndBeforeStart,
    /// Piecewise-linear breakpoints whose inputs are not strictly increasing.
    BreakpointsNotIncreasing,
    /// Training data that cannot fit a model (no won or no lost example).
    InsufficientTrainingData,
    /// A record dated outside the period an operation covers.
    DateOutsidePeriod,
    /// A return names an order line the request does not list (or one that was rejected).
    UnknownOrderLine,
    /// A payment names an invoice the request does not list (or one that was rejected).
    UnknownInvoice,
    /// Returns of an order line that add up to more than the line was bought for.
    ReturnExceedsPurchase,
    /// A SKU that an agreement's catalogue does not list.
    UnknownSku,
    /// A condition on period figures names a figure the operation does not compute.
    UnknownFigure,
    /// An input beyond a documented size limit (nesting depth, list length, text length).
    LimitExceeded,
    /// A fault inside revlogic itself, caught at the boundary instead of crashing the host.
    /// Never expected: please report it with the input that caused it.
    Internal,
}

impl ErrorCode {
    /// The stable string form, e.g. `"UNKNOWN_STAGE"`.
    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            MissingField => "MISSING_FIELD",
            UnknownField => "UNKNOWN_FIELD",
            InvalidType => "INVALID_TYPE",
            InvalidValue => "INVALID_VALUE",
            InvalidDecimal => "INVALID_DECIMAL",
            FloatNotAllowed => "FLOAT_NOT_ALLOWED",
            DecimalOutOfRange => "DECIMAL_OUT_OF_RANGE",
            NegativeAmount => "NEGATIVE_AMOUNT",
            OutOfRange => "OUT_OF_RANGE",
            InvalidDate => "INVALID_DATE",
            InvalidDatetime => "INVALID_DATETIME",
            InvalidCurrency => "INVALID_CURRENCY",
            CurrencyMismatch => "CURRENCY_MISMATCH",
            Overflow => "OVERFLOW",
            UnsupportedSchemaVersion => "UNSUPPORTED_SCHEMA_VERSION",
            EmptyPipeline => "EMPTY_PIPELINE",
            DuplicateStage => "DUPLICATE_STAGE",
            DuplicateId => "DUPLICATE_ID",
            UnknownStage => "UNKNOWN_STAGE",
            InvalidTerminalStages => "INVALID_TERMINAL_STAGES",
            RuleNeverFires => "RULE_NEVER_FIRES",
            InvalidCondition => "INVALID_CONDITION",
            UnmappedStage => "UNMAPPED_STAGE",
            EventAfterAsOf => "EVENT_AFTER_AS_OF",
            InvalidWeights => "INVALID_WEIGHTS",
            UnknownOperation => "UNKNOWN_OPERATION",
            EmptyTierTable => "EMPTY_TIER_TABLE",
            TierGap => "TIER_GAP",
            TierOverlap => "TIER_OVERLAP",
            TierUnreachable => "TIER_UNREACHABLE",
            TierBoundsNotIncreasing => "TIER_BOUNDS_NOT_INCREASING",
            TierNotOpenEnded => "TIER_NOT_OPEN_ENDED",
            NegativeRate => "NEGATIVE_RATE",
            EmptyPlan => "EMPTY_PLAN",
            AmbiguousRules => "AMBIGUOUS_RULES",
            NoMatchingRule => "NO_MATCHING_RULE",
            NoPlanVersion => "NO_PLAN_VERSION",
            UnknownRep => "UNKNOWN_REP",
            UnknownDeal => "UNKNOWN_DEAL",
            InvalidSplit => "INVALID_SPLIT",
            OverBudget => "OVER_BUDGET",
            EndBeforeStart => "END_BEFORE_START",
            BreakpointsNotIncreasing => "BREAKPOINTS_NOT_INCREASING",
            InsufficientTrainingData => "INSUFFICIENT_TRAINING_DATA",
            DateOutsidePeriod => "DATE_OUTSIDE_PERIOD",
            UnknownOrderLine => "UNKNOWN_ORDER_LINE",
            UnknownInvoice => "UNKNOWN_INVOICE",
            ReturnExceedsPurchase => "RETURN_EXCEEDS_PURCHASE",
            UnknownSku => "UNKNOWN_SKU",
            UnknownFigure => "UNKNOWN_FIGURE",
            LimitExceeded => "LIMIT_EXCEEDED",
            Internal => "INTERNAL",
        }
    }

    /// Every code, for documentation and for binding tests that check the catalogue.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::MissingField,
        ErrorCode::UnknownField,
        ErrorCode::InvalidType,
        ErrorCode::InvalidValue,
        ErrorCode::InvalidDecimal,
        ErrorCode::FloatNotAllowed,
        ErrorCode::DecimalOutOfRange,
        ErrorCode::NegativeAmount,
        ErrorCode::OutOfRange,
        ErrorCode::InvalidDate,
        ErrorCode::InvalidDatetime,
        ErrorCode::InvalidCurrency,
        ErrorCode::CurrencyMismatch,
        ErrorCode::Overflow,
        ErrorCode::UnsupportedSchemaVersion,
        ErrorCode::EmptyPipeline,
        ErrorCode::DuplicateStage,
        ErrorCode::DuplicateId,
        ErrorCode::UnknownStage,
        ErrorCode::InvalidTerminalStages,
        ErrorCode::RuleNeverFires,
        ErrorCode::InvalidCondition,
        ErrorCode::UnmappedStage,
        ErrorCode::EventAfterAsOf,
        ErrorCode::InvalidWeights,
        ErrorCode::UnknownOperation,
        ErrorCode::EmptyTierTable,
        ErrorCode::TierGap,
        ErrorCode::TierOverlap,
        ErrorCode::TierUnreachable,
        ErrorCode::TierBoundsNotIncreasing,
        ErrorCode::TierNotOpenEnded,
        ErrorCode::NegativeRate,
        ErrorCode::EmptyPlan,
        ErrorCode::AmbiguousRules,
        ErrorCode::NoMatchingRule,
        ErrorCode::NoPlanVersion,
        ErrorCode::UnknownRep,
        ErrorCode::UnknownDeal,
        ErrorCode::InvalidSplit,
        ErrorCode::OverBudget,
        ErrorCode::EndBeforeStart,
        ErrorCode::BreakpointsNotIncreasing,
        ErrorCode::InsufficientTrainingData,
        ErrorCode::DateOutsidePeriod,
        ErrorCode::UnknownOrderLine,
        ErrorCode::UnknownInvoice,
        ErrorCode::ReturnExceedsPurchase,
        ErrorCode::UnknownSku,
        ErrorCode::UnknownFigure,
        ErrorCode::LimitExceeded,
        ErrorCode::Internal,
    ];

    /// Looks a code up by its string form.
    pub fn parse(code: &str) -> Option<ErrorCode> {
        Self::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing wrong with a document or record: what (code), where (a JSON path such as
/// `stages[2].entry.fields[0]`, empty for the root) and a sentence for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Problem {
    pub code: ErrorCode,
    pub path: String,
    pub message: String,
}

impl Problem {
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            code,
            path: path.into(),
            message: message.into(),
        }
    }

    /// The same problem seen from an enclosing value: `prefix` is joined in front of the path.
    pub fn under(mut self, prefix: &str) -> Self {
        self.path = join_path(prefix, &self.path);
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.code, self.message)
        } else {
            write!(f, "{} at {}: {}", self.code, self.path, self.message)
        }
    }
}

/// Joins JSON path segments: `join_path("requests[3]", "to")` is `requests[3].to`, and an
/// index segment (`[0]`) attaches without a dot.
pub fn join_path(prefix: &str, rest: &str) -> String {
    match (prefix.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_string(),
        (_, true) => prefix.to_string(),
        _ if rest.starts_with('[') => format!("{prefix}{rest}"),
        _ => format!("{prefix}.{rest}"),
    }
}

/// Whether the caller's configuration document or the records it sent are at fault. The
/// bindings raise `ConfigError` and `InputError` accordingly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    Config,
    Input,
    /// A fault of revlogic's own (code `INTERNAL`), not of the caller's documents or input.
    Internal,
}

/// The error every fallible operation returns: a kind and every problem found (never empty).
/// `code` and `path` of the error itself are those of the first problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    pub kind: ErrorKind,
    pub problems: Vec<Problem>,
}

impl Error {
    pub fn config(problems: Vec<Problem>) -> Self {
        Self::with_kind(ErrorKind::Config, problems)
    }

    pub fn input(problems: Vec<Problem>) -> Self {
        Self::with_kind(ErrorKind::Input, problems)
    }

    pub fn single(kind: ErrorKind, problem: Problem) -> Self {
        Error {
            kind,
            problems: vec![problem],
        }
    }

    fn with_kind(kind: ErrorKind, problems: Vec<Problem>) -> Self {
        debug_assert!(
            !problems.is_empty(),
            "an Error must carry at least one problem"
        );
        Error { kind, problems }
    }

    /// The first problem. `problems` is public, so an `Error` built by hand with none gets a
    /// stand-in rather than a panic at a language boundary.
    pub fn first(&self) -> &Problem {
        static NO_PROBLEM: Problem = Problem {
            code: ErrorCode::InvalidValue,
            path: String::new(),
            message: String::new(),
        };
        self.problems.first().unwrap_or(&NO_PROBLEM)
    }

    pub fn code(&self) -> ErrorCode {
        self.first().code
    }

    pub fn path(&self) -> &str {
        &self.first().path
    }

    /// The language-neutral payload the bindings turn into exceptions.
    pub fn payload(&self) -> ErrorPayload {
        let first = self.first();
        let more = self.problems.len().saturating_sub(1);
        let message = if more == 0 {
            first.to_string()
        } else {
            format!(
                "{first} (and {more} more problem{})",
                if more == 1 { "" } else { "s" }
            )
        };
        ErrorPayload {
            kind: self.kind,
            code: first.code,
            path: first.path.clone(),
            message,
            problems: self.problems.clone(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.payload().message)
    }
}

/// What crosses a language boundary when an operation fails: structured fields, never JSON
/// hidden inside a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorPayload {
    pub kind: ErrorKind,
    pub code: ErrorCode,
    pub path: String,
    pub message: String,
    pub problems: Vec<Problem>,
}

/// Collects problems while a document is checked, so that loading reports all of them at once.
#[derive(Debug, Default)]
pub struct Problems(Vec<Problem>);

impl Problems {
    pub fn new() -> Self {
        Problems(Vec::new())
    }

    pub fn push(&mut self, code: ErrorCode, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem::new(code, path, message));
    }

    pub fn add(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    pub fn extend(&mut self, problems: impl IntoIterator<Item = Problem>) {
        self.0.extend(problems);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `Ok(value)` when nothing was found, otherwise an error of `kind` carrying every problem.
    pub fn into_result<T>(self, kind: ErrorKind, value: T) -> Result<T, Error> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(Error::with_kind(kind, self.0))
        }
    }

    pub fn into_vec(self) -> Vec<Problem> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_built_without_problems_still_reports() {
        let error = Error {
            kind: ErrorKind::Input,
            problems: Vec::new(),
        };
        let payload = error.payload();
        assert_eq!(payload.code, ErrorCode::InvalidValue);
        assert!(payload.problems.is_empty());
    }

    #[test]
    fn code_strings_round_trip_through_parse_and_serde() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(*code));
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn paths_join_with_dots_and_brackets() {
        assert_eq!(join_path("requests[3]", "to"), "requests[3].to");
        assert_eq!(join_path("stages", "[2]"), "stages[2]");
        assert_eq!(join_path("", "to"), "to");
        assert_eq!(join_path("a", ""), "a");
    }

    #[test]
    fn payload_message_counts_the_other_problems() {
        let err = Error::config(vec![
            Problem::new(ErrorCode::DuplicateStage, "stages[1].name", "duplicate"),
            Problem::new(ErrorCode::UnknownStage, "effects[0].to", "unknown"),
        ]);
        let payload = err.payload();
        assert_eq!(payload.code, ErrorCode::DuplicateStage);
        assert_eq!(payload.path, "stages[1].name");
        assert!(payload.message.contains("and 1 more problem"));
        assert_eq!(payload.problems.len(), 2);
    }
}

//! Step 8, the fairness report (分配公平性报告): over a period's assignment records, each
//! group's share of the leads against its target, the mean lead quality index it received, its
//! conversion rate against the overall one, and warnings beyond the policy's thresholds.
//!
//! Every figure is computed from exact counts and rounded once, half-up, to the policy's
//! `fairness.decimals`; the rounded figure is the one compared with a threshold. A figure that
//! would divide by zero (the conversion rate of a group without leads, the lift when nothing
//! converted, any share of an empty report) is `null`, never 0, and raises no warning.

use super::document::FairnessDoc;
use super::policy::AssignmentPolicy;
use crate::batch::Rejection;
use crate::error::{Error, ErrorCode, ErrorKind, Problem, Problems};
use crate::explain::{Explanation, Outcome, Tracer};
use crate::scoring::{display, lead_quality_index, LeadSignals};
use crate::wire;
use crate::wire::decode::{decode, decode_problem};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What `fairnessReport` reads: the period's assignment records. Records are decoded one by
/// one, so a bad record is rejected in its place and the rest still count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FairnessRequest {
    /// First day of the period (inclusive), by each record's own offset; optional.
    #[serde(
        default,
        with = "wire::date_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::DateString>")]
    pub period_start: Option<NaiveDate>,
    /// Last day of the period (inclusive); optional.
    #[serde(
        default,
        with = "wire::date_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::DateString>")]
    pub period_end: Option<NaiveDate>,
    /// Groups to report even when they received no lead (targets add theirs too).
    #[serde(default)]
    pub groups: Vec<String>,
    pub records: Vec<AssignmentRecord>,
    /// Whether the report carries the steps behind each figure (default false).
    #[serde(default)]
    pub explain: bool,
}

/// The request without its records, which are read one by one from the request itself (so
/// each can be rejected on its own, and the batch is never copied).
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RequestParts {
    #[serde(default, with = "wire::date_opt")]
    period_start: Option<NaiveDate>,
    #[serde(default, with = "wire::date_opt")]
    period_end: Option<NaiveDate>,
    #[serde(default)]
    groups: Vec<String>,
    #[allow(dead_code)]
    records: serde::de::IgnoredAny,
    #[serde(default)]
    explain: bool,
}

/// One assignment of the period: which lead went to whom, and whether it converted. The
/// lead's quality is either given as an index (0–100) or as the three signals of SPEC §2.5,
/// from which the policy's quality weights compute it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AssignmentRecord {
    pub lead_id: String,
    pub rep_id: String,
    pub group: String,
    #[serde(with = "wire::instant")]
    #[schemars(with = "wire::InstantString")]
    pub assigned_at: DateTime<FixedOffset>,
    /// Whether the lead converted (成单).
    pub converted: bool,
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub quality_index: Option<Decimal>,
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub budget_match: Option<Decimal>,
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub decision_chain: Option<Decimal>,
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub competitor_coverage: Option<Decimal>,
}

/// The report.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FairnessReport {
    pub policy_id: String,
    /// Records counted (rejected ones excluded).
    pub leads: u64,
    pub conversions: u64,
    /// conversions ÷ leads; `null` without leads.
    #[serde(with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub conversion_rate: Option<Decimal>,
    /// Mean lead quality index over the leads that have one; `null` when none has.
    #[serde(with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub mean_quality: Option<Decimal>,
    /// One entry per group, by group name.
    pub groups: Vec<GroupFairness>,
    pub warnings: Vec<FairnessWarning>,
    /// Records that could not be counted, each with its code and path.
    pub rejected: Vec<Rejection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

/// One group's figures.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupFairness {
    pub group: String,
    pub leads: u64,
    /// leads ÷ all leads; `null` when the report has no lead.
    #[serde(with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub share: Option<Decimal>,
    /// The configured target, else 1 ÷ number of groups.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub target_share: Decimal,
    /// share − targetShare; `null` with the share.
    #[serde(with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub share_deviation: Option<Decimal>,
    /// Leads of the group with a quality index.
    pub quality_leads: u64,
    #[serde(with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub mean_quality: Option<Decimal>,
    pub conversions: u64,
    /// conversions ÷ leads; `null` for a group without leads.
    #[serde(with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub conversion_rate: Option<Decimal>,
    /// conversionRate − the overall rate (absolute); `null` with the rate.
    #[serde(with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub conversion_deviation: Option<Decimal>,
    /// conversionRate ÷ the overall rate − 1 (relative); `null` with the rate or when
    /// nothing converted overall.
    #[serde(with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub conversion_lift: Option<Decimal>,
}

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum FairnessWarningKind {
    /// |shareDeviation| is above `maxShareDeviation`.
    ShareDeviation,
    /// The group gets less than its target share yet converts at least `minConversionLift`
    /// better than the overall rate (the seeds' incident).
    UnderservedBetterConverter,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FairnessWarning {
    pub group: String,
    pub kind: FairnessWarningKind,
    /// The figure compared (shareDeviation or conversionLift).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub value: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub threshold: Decimal,
    pub message: String,
}

/// Running totals of one group.
#[derive(Default)]
struct Tally {
    leads: u64,
    conversions: u64,
    quality_leads: u64,
    quality_sum: Decimal,
}

impl AssignmentPolicy {
    /// Builds the fairness report of a request given in wire form (see `FairnessRequest`).
    pub fn fairness_value(&self, request: &Value) -> Result<FairnessReport, Error> {
        let parts: RequestParts = decode(request, "", ErrorKind::Input)?;
        let records = crate::wire::decode::array_member(request, "records")?;
        let request = &parts;
        if let (Some(start), Some(end)) = (request.period_start, request.period_end) {
            if end < start {
                let mut problems = Problems::new();
                problems.push(
                    ErrorCode::EndBeforeStart,
                    "periodEnd",
                    format!("the period ends ({end}) before it starts ({start})"),
                );
                problems.into_result(ErrorKind::Input, ())?;
            }
        }
        self.fairness(request, records)
    }

    fn fairness(&self, request: &RequestParts, records: &[Value]) -> Result<FairnessReport, Error> {
        let doc = &self.doc.fairness;
        let dp = doc.decimals;
        let rule: Arc<str> = Arc::from("fairness");
        let mut tracer = Tracer::new(request.explain);
        let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
        for g in request
            .groups
            .iter()
            .chain(doc.target_shares.iter().map(|t| &t.group))
        {
            tallies.entry(g.clone()).or_default();
        }
        let mut rejected = Vec::new();
        // A lead is assigned once at a given instant: the same lead at the same instant again
        // is the same assignment sent twice, which would otherwise be counted twice.
        let mut assignments: std::collections::HashSet<(String, DateTime<FixedOffset>)> =
            std::collections::HashSet::new();
        for (i, raw) in records.iter().enumerate() {
            let path = format!("records[{i}]");
            let read = self
                .read_record(raw, &path, request)
                .and_then(|(record, quality)| {
                    if assignments.insert((record.lead_id.clone(), record.assigned_at)) {
                        Ok((record, quality))
                    } else {
                        Err(Problem::new(
                            ErrorCode::DuplicateId,
                            format!("{path}.leadId"),
                            format!(
                                "lead `{}` assigned at {} is listed twice",
                                record.lead_id,
                                crate::wire::scalar::format_instant(&record.assigned_at)
                            ),
                        ))
                    }
                });
            match read {
                Ok((record, quality)) => {
                    // The decoded group name moves into the map: no copy per record.
                    let t = tallies.entry(record.group).or_default();
                    t.leads += 1;
                    t.conversions += u64::from(record.converted);
                    if let Some(q) = quality {
                        t.quality_leads += 1;
                        t.quality_sum = t.quality_sum.checked_add(q).ok_or_else(|| {
                            overflow(&path, "the sum of quality indexes overflows")
                        })?;
                    }
                }
                Err(error) => rejected.push(Rejection {
                    index: i,
                    id: raw
                        .get("leadId")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    error,
                }),
            }
        }

        let leads: u64 = tallies.values().map(|t| t.leads).sum();
        let conversions: u64 = tallies.values().map(|t| t.conversions).sum();
        let quality_leads: u64 = tallies.values().map(|t| t.quality_leads).sum();
        let quality_sum = tallies
            .values()
            .try_fold(Decimal::ZERO, |s, t| s.checked_add(t.quality_sum))
            .ok_or_else(|| overflow("records", "the sum of quality indexes overflows"))?;
        let overall_rate = ratio(conversions, leads);
        let overall_rate_shown = overall_rate.map(|r| display(r, dp));
        let mean_quality = mean(quality_sum, quality_leads).map(|m| display(m, dp));
        tracer.step_with(
            &rule,
            Outcome::Computed,
            || {
                format!(
                    "overall: {conversions} of {leads} leads converted, rate = conversions ÷ leads = {}; mean quality over {quality_leads} leads = {}",
                    shown(overall_rate_shown),
                    shown(mean_quality)
                )
            },
            || {
                (
                    Some(json!({"leads": leads, "conversions": conversions, "qualityLeads": quality_leads})),
                    Some(json!({"conversionRate": overall_rate_shown.map(|d| d.to_string()),
                                "meanQuality": mean_quality.map(|d| d.to_string())})),
                )
            },
        );

        let group_count = tallies.len();
        let mut groups = Vec::with_capacity(group_count);
        let mut warnings = Vec::new();
        for (name, t) in &tallies {
            let configured = doc.target_shares.iter().find(|s| &s.group == name);
            // A group outside the configured targets was meant to receive nothing.
            let target = match (configured, doc.target_shares.is_empty()) {
                (Some(s), _) => s.share,
                // At least one group: this one.
                (None, true) => Decimal::ONE
                    .checked_div(Decimal::from(group_count as u64))
                    .unwrap_or(Decimal::ZERO),
                (None, false) => Decimal::ZERO,
            };
            // Shares, targets and rates are all within 0–1 (counts of a part over its whole;
            // targets checked at load), so their differences are too: saturating is exact. A
            // lift is a rate over a positive rate of at least 1 ÷ 2^64: at most 2^64.
            let share = ratio(t.leads, leads);
            let share_deviation = share.map(|s| display(s.saturating_sub(target), dp));
            let rate = ratio(t.conversions, t.leads);
            let conversion_deviation = rate
                .zip(overall_rate)
                .map(|(r, o)| display(r.saturating_sub(o), dp));
            let conversion_lift = rate
                .zip(overall_rate)
                .and_then(|(r, o)| r.checked_div(o))
                .map(|lift| display(lift.saturating_sub(Decimal::ONE), dp));
            let g = GroupFairness {
                group: name.clone(),
                leads: t.leads,
                share: share.map(|s| display(s, dp)),
                target_share: display(target, dp),
                share_deviation,
                quality_leads: t.quality_leads,
                mean_quality: mean(t.quality_sum, t.quality_leads).map(|m| display(m, dp)),
                conversions: t.conversions,
                conversion_rate: rate.map(|r| display(r, dp)),
                conversion_deviation,
                conversion_lift,
            };
            explain_group(
                &mut tracer,
                &rule,
                &g,
                leads,
                configured.is_some(),
                group_count,
            );
            self.warn(&g, doc, &mut warnings, &mut tracer, &rule);
            groups.push(g);
        }
        Ok(FairnessReport {
            policy_id: self.doc.id.clone(),
            leads,
            conversions,
            conversion_rate: overall_rate_shown,
            mean_quality,
            groups,
            warnings,
            rejected,
            explanation: tracer.finish(),
        })
    }

    /// Decodes one record, checks it lies in the period and finds its quality index.
    fn read_record(
        &self,
        raw: &Value,
        path: &str,
        request: &RequestParts,
    ) -> Result<(AssignmentRecord, Option<Decimal>), Problem> {
        let record: AssignmentRecord = decode_problem(raw, path)?;
        let day = record.assigned_at.date_naive();
        let before = request.period_start.is_some_and(|s| day < s);
        let after = request.period_end.is_some_and(|e| day > e);
        if before || after {
            return Err(Problem::new(
                ErrorCode::DateOutsidePeriod,
                format!("{path}.assignedAt"),
                format!("assigned on {day}, outside the report's period"),
            ));
        }
        if record.group.trim().is_empty() {
            return Err(Problem::new(
                ErrorCode::InvalidValue,
                format!("{path}.group"),
                "the group is empty",
            ));
        }
        let has_signals = record.budget_match.is_some()
            || record.decision_chain.is_some()
            || record.competitor_coverage.is_some();
        let quality = match record.quality_index {
            Some(_) if has_signals => {
                return Err(Problem::new(
                    ErrorCode::InvalidValue,
                    format!("{path}.qualityIndex"),
                    "give either the quality index or its signals, not both",
                ))
            }
            Some(q) if q < Decimal::ZERO || q > Decimal::ONE_HUNDRED => {
                return Err(Problem::new(
                    ErrorCode::OutOfRange,
                    format!("{path}.qualityIndex"),
                    format!("the quality index {q} is outside 0–100"),
                ))
            }
            Some(q) => Some(q),
            // The same function the lead quality model scores with (SPEC §2.5).
            None => lead_quality_index(
                &LeadSignals {
                    id: record.lead_id.clone(),
                    budget_match: record.budget_match,
                    decision_chain: record.decision_chain,
                    competitor_coverage: record.competitor_coverage,
                },
                &self.doc.fairness.quality_weights,
                path,
            )?,
        };
        Ok((record, quality))
    }

    fn warn(
        &self,
        g: &GroupFairness,
        doc: &FairnessDoc,
        warnings: &mut Vec<FairnessWarning>,
        tracer: &mut Tracer,
        rule: &Arc<str>,
    ) {
        if let Some(dev) = g.share_deviation {
            let limit = doc.max_share_deviation;
            let fired = dev.abs() > limit;
            tracer.step(rule, outcome(fired), || {
                format!(
                    "group {}: |shareDeviation| {} > maxShareDeviation {limit}? {}",
                    g.group,
                    dev.abs(),
                    yes_no(fired)
                )
            });
            if fired {
                warnings.push(FairnessWarning {
                    group: g.group.clone(),
                    kind: FairnessWarningKind::ShareDeviation,
                    value: dev,
                    threshold: limit,
                    message: format!(
                        "group {} received {} of the leads against a target of {} (deviation {dev}, limit ±{limit})",
                        g.group,
                        shown(g.share),
                        g.target_share
                    ),
                });
            }
        }
        if let (Some(dev), Some(lift)) = (g.share_deviation, g.conversion_lift) {
            let min = doc.min_conversion_lift;
            let fired = dev < Decimal::ZERO && lift >= min;
            tracer.step(rule, outcome(fired), || {
                format!(
                    "group {}: below its target share (deviation {dev}) and conversionLift {lift} ≥ minConversionLift {min}? {}",
                    g.group,
                    yes_no(fired)
                )
            });
            if fired {
                warnings.push(FairnessWarning {
                    group: g.group.clone(),
                    kind: FairnessWarningKind::UnderservedBetterConverter,
                    value: lift,
                    threshold: min,
                    message: format!(
                        "group {} converts at {}, {lift} better than the overall rate, yet receives only {} of the leads (target {})",
                        g.group,
                        shown(g.conversion_rate),
                        shown(g.share),
                        g.target_share
                    ),
                });
            }
        }
    }
}

/// Checks the policy's `fairness` section; called by the policy loader.
pub(super) fn validate(doc: &FairnessDoc, problems: &mut Problems) {
    let w = &doc.quality_weights;
    crate::scoring::weights::validate(
        &[
            ("budgetMatch", w.budget_match),
            ("decisionChain", w.decision_chain),
            ("competitorCoverage", w.competitor_coverage),
        ],
        "fairness.qualityWeights",
        problems,
    );
    let mut seen = std::collections::HashSet::new();
    let mut sum = Decimal::ZERO;
    let mut all_valid = true;
    for (i, t) in doc.target_shares.iter().enumerate() {
        let path = format!("fairness.targetShares[{i}]");
        if t.group.trim().is_empty() {
            problems.push(
                ErrorCode::InvalidValue,
                format!("{path}.group"),
                "the group is empty",
            );
        } else if !seen.insert(t.group.as_str()) {
            problems.push(
                ErrorCode::DuplicateId,
                format!("{path}.group"),
                format!("group `{}` is listed twice", t.group),
            );
        }
        if t.share < Decimal::ZERO || t.share > Decimal::ONE {
            all_valid = false;
            problems.push(
                ErrorCode::OutOfRange,
                format!("{path}.share"),
                format!("the share {} is outside 0–1", t.share),
            );
        } else {
            // Shares within 0–1, one per configured group: the sum is at most their count.
            sum = sum.saturating_add(t.share);
        }
    }
    if all_valid && !doc.target_shares.is_empty() && sum != Decimal::ONE {
        problems.push(
            ErrorCode::InvalidWeights,
            "fairness.targetShares",
            format!("the target shares sum to {sum}, not 1"),
        );
    }
    for (name, value) in [
        ("maxShareDeviation", doc.max_share_deviation),
        ("minConversionLift", doc.min_conversion_lift),
    ] {
        if value < Decimal::ZERO {
            problems.push(
                ErrorCode::OutOfRange,
                format!("fairness.{name}"),
                format!("the threshold {value} is negative"),
            );
        }
    }
    if doc.decimals > 10 {
        problems.push(
            ErrorCode::OutOfRange,
            "fairness.decimals",
            format!("{} decimal places is more than 10", doc.decimals),
        );
    }
}

fn explain_group(
    tracer: &mut Tracer,
    rule: &Arc<str>,
    g: &GroupFairness,
    all: u64,
    configured: bool,
    group_count: usize,
) {
    tracer.step_with(
        rule,
        Outcome::Computed,
        || {
            let target = if configured {
                "configured".to_string()
            } else {
                format!("1 ÷ {group_count} groups")
            };
            format!(
                "group {}: share = {} ÷ {all} = {}; target = {target} = {}; deviation = {}; \
                 mean quality over {} leads = {}; conversion = {} ÷ {} = {}; − overall = {}; \
                 ÷ overall − 1 = {}",
                g.group,
                g.leads,
                shown(g.share),
                g.target_share,
                shown(g.share_deviation),
                g.quality_leads,
                shown(g.mean_quality),
                g.conversions,
                g.leads,
                shown(g.conversion_rate),
                shown(g.conversion_deviation),
                shown(g.conversion_lift)
            )
        },
        || {
            (
                Some(json!({"group": g.group, "leads": g.leads, "allLeads": all,
                            "conversions": g.conversions, "qualityLeads": g.quality_leads})),
                Some(json!({
                    "share": g.share.map(|d| d.to_string()),
                    "targetShare": g.target_share.to_string(),
                    "shareDeviation": g.share_deviation.map(|d| d.to_string()),
                    "meanQuality": g.mean_quality.map(|d| d.to_string()),
                    "conversionRate": g.conversion_rate.map(|d| d.to_string()),
                    "conversionDeviation": g.conversion_deviation.map(|d| d.to_string()),
                    "conversionLift": g.conversion_lift.map(|d| d.to_string()),
                })),
            )
        },
    );
}

/// part ÷ whole, or `None` when the whole is zero.
/// A quotient of counts of at most 2^64 never leaves the range: `None` only for a zero whole.
fn ratio(part: u64, whole: u64) -> Option<Decimal> {
    Decimal::from(part).checked_div(Decimal::from(whole))
}

/// `None` only for a zero count: a sum over a positive count is at most the sum.
fn mean(sum: Decimal, count: u64) -> Option<Decimal> {
    sum.checked_div(Decimal::from(count))
}

fn shown(value: Option<Decimal>) -> String {
    value.map_or_else(|| "null".to_string(), |d| d.to_string())
}

fn outcome(fired: bool) -> Outcome {
    if fired {
        Outcome::Warn
    } else {
        Outcome::Pass
    }
}

fn yes_no(fired: bool) -> &'static str {
    if fired {
        "yes"
    } else {
        "no"
    }
}

fn overflow(path: &str, message: &str) -> Error {
    Error::single(
        ErrorKind::Input,
        Problem::new(ErrorCode::Overflow, path, message),
    )
}

//! The assignment policy document (SPEC §3): what a CRM's settings screen edits and stores.
//! Every number SPEC gives as a default is a member here with that default; loading it
//! (`AssignmentPolicy::load`) validates the whole document and reports every problem at once.

use crate::scoring::LeadQualityWeights;
use crate::wire;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An assignment policy: the health filter, eligibility, load, industry breaker, capability
/// match and the choosing mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PolicyDocument {
    /// Version of this document format; this library reads version 1.
    pub schema_version: u32,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// How leads are handed to reps (default `ordered`).
    #[serde(default)]
    pub mode: AssignmentMode,
    #[serde(default)]
    pub health: HealthDoc,
    #[serde(default)]
    pub eligibility: EligibilityDoc,
    #[serde(default)]
    pub load: LoadDoc,
    #[serde(default)]
    pub breaker: BreakerDoc,
    #[serde(rename = "match", default)]
    pub matching: MatchDoc,
    #[serde(default)]
    pub ordering: OrderingDoc,
    #[serde(default)]
    pub claim: ClaimDoc,
    #[serde(default)]
    pub fairness: FairnessDoc,
    /// Settings of the optimal mode only.
    #[serde(default)]
    pub optimal: OptimalDoc,
}

/// How a batch is handed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum AssignmentMode {
    /// Leads by urgency then age, each to the best eligible rep (deterministic tie-breaks).
    #[default]
    Ordered,
    /// The whole batch at once: the largest total match within every rep's capacity and the
    /// industry limits (a minimum-cost flow), not one lead at a time.
    Optimal,
    /// Each lead to an eligible rep drawn with probability proportional to the match degree,
    /// from the request's `seed`.
    WeightedRandom,
}

/// Step 1, the lead health filter (线索健康度过滤): unhealthy leads are rejected with a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HealthDoc {
    /// A lead with no action (its `lastActionAt`, else its `createdAt`) for more than this
    /// many hours before `asOf` is rejected (default 48). `null` turns the check off.
    #[serde(default = "default_no_action_hours")]
    pub max_no_action_hours: Option<u32>,
    /// Lead statuses that are never assigned (default `["notConsidering"]`, 暂不考虑).
    #[serde(default = "default_excluded_statuses")]
    pub excluded_statuses: Vec<String>,
    /// Whether a lead whose `phoneValid` is false is rejected (default true).
    #[serde(default = "yes")]
    pub reject_invalid_phone: bool,
}

impl Default for HealthDoc {
    fn default() -> Self {
        HealthDoc {
            max_no_action_hours: default_no_action_hours(),
            excluded_statuses: default_excluded_statuses(),
            reject_invalid_phone: true,
        }
    }
}

/// Step 2, eligibility: hard matches and availability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EligibilityDoc {
    /// The lead's `region` must be one of the rep's `regions` (default true).
    #[serde(default = "yes")]
    pub match_region: bool,
    /// The lead's `customerType` must be one of the rep's `customerTypes` (default true).
    #[serde(default = "yes")]
    pub match_customer_type: bool,
    /// Further hard matches: for each name, the lead's `fields.<name>` must equal the rep's
    /// `fields.<name>` or be one of its values when the rep lists several.
    #[serde(default)]
    pub match_fields: Vec<String>,
    /// Only idle reps (no pending visit task, 空闲) receive leads (default false).
    #[serde(default)]
    pub idle_only: bool,
}

impl Default for EligibilityDoc {
    fn default() -> Self {
        EligibilityDoc {
            match_region: true,
            match_customer_type: true,
            match_fields: Vec::new(),
            idle_only: false,
        }
    }
}

/// Step 3, load: open leads count against their holder, stale ones included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LoadDoc {
    /// An open lead not updated for more than this many hours is stale (僵尸线索): it still
    /// counts against its holder and is listed for reclaim (default 72).
    #[serde(default = "default_stale_hours")]
    pub stale_after_hours: u32,
}

impl Default for LoadDoc {
    fn default() -> Self {
        LoadDoc {
            stale_after_hours: default_stale_hours(),
        }
    }
}

/// Step 4, the industry load breaker (行业负荷熔断).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BreakerDoc {
    /// At most this many leads of one sub-industry (within its industry) per rep per calendar
    /// day of `asOf` (default 2). A lead without `subIndustry` counts under its `industry`.
    #[serde(default = "default_daily_limit")]
    pub daily_limit: u32,
    /// Length of the rolling window of the per-industry limit, in days (default 7).
    #[serde(default = "default_rolling_days")]
    pub rolling_days: u32,
    /// At most this many leads of one industry per rep within the rolling window. SPEC gives
    /// the window but no count; the default 5 is one working week at one lead a day.
    #[serde(default = "default_rolling_limit")]
    pub rolling_limit: u32,
}

impl Default for BreakerDoc {
    fn default() -> Self {
        BreakerDoc {
            daily_limit: default_daily_limit(),
            rolling_days: default_rolling_days(),
            rolling_limit: default_rolling_limit(),
        }
    }
}

/// Step 5, capability match (能力匹配): the match degree (匹配度) in [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MatchDoc {
    #[serde(default)]
    pub weights: MatchWeights,
    /// A rep's average deal cycle scores `1 − cycle ÷ cycleCeilingDays`, floored at 0 (default
    /// 90 days: a rep who closes in 90 days or more gets nothing for speed).
    #[serde(default = "default_cycle_ceiling")]
    pub cycle_ceiling_days: u32,
    /// Decimal places of the match degree (half-up, default 4); the rounded figure is the one
    /// compared and summed.
    #[serde(default = "default_match_decimals")]
    pub decimals: u32,
}

impl Default for MatchDoc {
    fn default() -> Self {
        MatchDoc {
            weights: MatchWeights::default(),
            cycle_ceiling_days: default_cycle_ceiling(),
            decimals: default_match_decimals(),
        }
    }
}

/// Weights of the three capability factors; non-negative, summing to exactly 1. SPEC gives
/// none, so the default (0.5 / 0.25 / 0.25) puts the win rate first, as the seeds' fix does.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MatchWeights {
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub win_rate: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub cycle: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub ticket_fit: Decimal,
}

impl Default for MatchWeights {
    fn default() -> Self {
        MatchWeights {
            win_rate: Decimal::new(5, 1),
            cycle: Decimal::new(25, 2),
            ticket_fit: Decimal::new(25, 2),
        }
    }
}

/// How the ordered mode ranks the eligible reps of a lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OrderingDoc {
    /// Ranking keys, most significant first (default `["match"]`). The fixed tie-breaks —
    /// lower load, longer since the last assignment, then rep id — always follow.
    #[serde(default = "default_rank_by")]
    pub rank_by: Vec<RankKey>,
}

impl Default for OrderingDoc {
    fn default() -> Self {
        OrderingDoc {
            rank_by: default_rank_by(),
        }
    }
}

/// One ranking key of the ordered mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum RankKey {
    /// Higher match degree first.
    Match,
    /// Most recent effective visit first (最近一次有效拜访时间倒序); reps without one last.
    RecentEffectiveVisit,
    /// Fewer open leads first.
    LowerLoad,
}

/// Step 7, public-pool claim (线索申领).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClaimDoc {
    /// A claim needs a match degree strictly above this (default 0.85).
    #[serde(with = "wire::decimal", default = "default_claim_threshold")]
    #[schemars(with = "wire::DecimalString")]
    pub threshold: Decimal,
}

impl Default for ClaimDoc {
    fn default() -> Self {
        ClaimDoc {
            threshold: default_claim_threshold(),
        }
    }
}

/// Step 8, the fairness report (分配公平性报告): how leads, their quality and conversions
/// spread over the groups, and when to warn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FairnessDoc {
    /// Weights of the lead quality index (SPEC §2.5) for records that carry signals rather
    /// than an index (default 0.4 / 0.3 / 0.3, as the scoring model's).
    #[serde(default)]
    pub quality_weights: LeadQualityWeights,
    /// Each group's intended share of the leads (fractions summing to 1). Empty (the
    /// default): every group's target is the equal share, 1 ÷ number of groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_shares: Vec<TargetShare>,
    /// Warn when a group's share differs from its target by more than this, absolute
    /// (default 0.15).
    #[serde(with = "wire::decimal", default = "default_max_share_deviation")]
    #[schemars(with = "wire::DecimalString")]
    pub max_share_deviation: Decimal,
    /// Warn when a group below its target share converts at least this much better than the
    /// overall rate, relative (rate ÷ overall − 1; default 0.10).
    #[serde(with = "wire::decimal", default = "default_min_conversion_lift")]
    #[schemars(with = "wire::DecimalString")]
    pub min_conversion_lift: Decimal,
    /// Decimal places of the published figures (half-up, default 4); the rounded figure is
    /// the one compared with the thresholds.
    #[serde(default = "default_fairness_decimals")]
    pub decimals: u32,
}

impl Default for FairnessDoc {
    fn default() -> Self {
        FairnessDoc {
            quality_weights: LeadQualityWeights::default(),
            target_shares: Vec::new(),
            max_share_deviation: default_max_share_deviation(),
            min_conversion_lift: default_min_conversion_lift(),
            decimals: default_fairness_decimals(),
        }
    }
}

/// Settings that only the optimal mode reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OptimalDoc {
    /// Keep each group's share of the batch within a band around its fairness target
    /// (`fairness.targetShares`, else the equal share). Absent (the default): no band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fairness_band: Option<FairnessBandDoc>,
}

/// The fairness band of the optimal mode. A group's share is its count among the leads the
/// batch assigns; with the band on, the optimum first places as many leads as the batch can
/// take (that count is the share's denominator), then keeps every group's count within
/// `target ± tolerance` of it, then maximises the total match. When no assignment keeps every
/// group in its band, the one closest to it (fewest leads outside the bounds) is returned and
/// the result says which group and bound it misses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FairnessBandDoc {
    /// How far a group's share may be from its target, absolute, 0–1 (default 0.15, the
    /// fairness report's `maxShareDeviation` default).
    #[serde(with = "wire::decimal", default = "default_max_share_deviation")]
    #[schemars(with = "wire::DecimalString")]
    pub tolerance: Decimal,
}

impl Default for FairnessBandDoc {
    fn default() -> Self {
        FairnessBandDoc {
            tolerance: default_max_share_deviation(),
        }
    }
}

/// One group's intended share of the leads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TargetShare {
    pub group: String,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub share: Decimal,
}

fn default_max_share_deviation() -> Decimal {
    Decimal::new(15, 2)
}
fn default_min_conversion_lift() -> Decimal {
    Decimal::new(10, 2)
}
fn default_fairness_decimals() -> u32 {
    4
}

fn yes() -> bool {
    true
}
fn default_no_action_hours() -> Option<u32> {
    Some(48)
}
fn default_excluded_statuses() -> Vec<String> {
    vec!["notConsidering".to_string()]
}
fn default_stale_hours() -> u32 {
    72
}
fn default_daily_limit() -> u32 {
    2
}
fn default_rolling_days() -> u32 {
    7
}
fn default_rolling_limit() -> u32 {
    5
}
fn default_cycle_ceiling() -> u32 {
    90
}
fn default_match_decimals() -> u32 {
    4
}
fn default_rank_by() -> Vec<RankKey> {
    vec![RankKey::Match]
}
fn default_claim_threshold() -> Decimal {
    Decimal::new(85, 2)
}

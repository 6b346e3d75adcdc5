//! The commission plan document (SPEC §4): what a CRM's settings screen edits and stores.
//! Every number SPEC gives as a default is a member here with that default. Loading it
//! (`CommissionPlan::load`) validates everything and reports every problem at once.

use crate::money::{Currency, RoundingMode};
use crate::tiers::TierTableDoc;
use crate::wire;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A commission plan: effective-dated versions sharing one currency and rounding policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PlanDocument {
    /// Version of this document format; this library reads version 1.
    pub schema_version: u32,
    pub id: String,
    /// The plan's (payee) currency, default CNY; deals in another currency are converted at
    /// the request's exchange rates.
    #[serde(default)]
    pub currency: Currency,
    /// How each statement line is rounded to the currency's minor unit (default half-up).
    #[serde(default)]
    pub rounding: RoundingMode,
    /// Which date of a deal credits it to a period and chooses the plan version.
    #[serde(default)]
    pub crediting_date: CreditingDate,
    /// Which date's exchange rate converts a deal in another currency (default booking).
    #[serde(default)]
    pub exchange_rate_date: super::RateDate,
    /// How the quota of a rep who joins during the period is prorated (default by days).
    #[serde(default)]
    pub quota_proration: super::QuotaProration,
    /// Plan versions; the one in effect on a deal's crediting date applies to it.
    pub versions: Vec<PlanVersionDoc>,
}

/// The date that credits a deal to a period and picks the plan version in effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum CreditingDate {
    /// The deal's close (signing) date.
    #[default]
    Close,
    /// The deal's invoice date; a deal without one is not credited yet.
    Invoice,
    /// The date of the deal's first payment that has not bounced; unpaid deals are not
    /// credited yet.
    Payment,
}

/// One effective-dated version of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PlanVersionDoc {
    pub id: String,
    /// The first crediting date this version applies to; it applies until the next
    /// version's `effectiveFrom`.
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub effective_from: NaiveDate,
    /// The rate table (12种计费规则组合); the most specific matching rule wins.
    pub rules: Vec<RateRuleDoc>,
    /// Quota accelerators; without them every deal pays its rule's rate as is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accelerator: Option<AcceleratorDoc>,
    /// When earned commission becomes payable (签约即计酬 by default).
    #[serde(default)]
    pub release: ReleasePolicy,
    #[serde(default)]
    pub kickers: KickersDoc,
    /// Caps on commission per deal and per period; none by default.
    #[serde(default)]
    pub caps: CapsDoc,
    #[serde(default)]
    pub clawback: ClawbackDoc,
    /// Recognition awards (即时认可基金).
    #[serde(default)]
    pub awards: AwardsDoc,
}

/// Caps on earned commission.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CapsDoc {
    /// The most one deal can earn; a split share's cap is this times its share.
    #[serde(
        default,
        with = "wire::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub per_deal: Option<Decimal>,
    /// The most a rep can earn in the period (carried-in amounts count first).
    #[serde(
        default,
        with = "wire::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub per_period: Option<Decimal>,
    /// Whether the amount above the period cap carries forward (`totals.carriedForward`,
    /// passed back as the rep's `carriedIn` next period) or is forfeited.
    #[serde(default)]
    pub carry_forward: bool,
}

/// Clawbacks of paid commission when a deal is refunded or cancelled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClawbackDoc {
    /// A refund dated at most this many days after the deal's close date claws back
    /// (default 180; SPEC leaves the window to the plan).
    #[serde(default = "default_clawback_days")]
    pub window_days: u32,
}

impl Default for ClawbackDoc {
    fn default() -> Self {
        ClawbackDoc {
            window_days: default_clawback_days(),
        }
    }
}

/// Recognition awards: spot amounts within bounds, tagged from a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AwardsDoc {
    /// Default 50.
    #[serde(default = "default_award_min", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub min: Decimal,
    /// Default 500.
    #[serde(default = "default_award_max", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub max: Decimal,
    /// Default 攻坚突破, 客户转介, 知识沉淀.
    #[serde(default = "default_award_tags")]
    pub tags: Vec<String>,
}

impl Default for AwardsDoc {
    fn default() -> Self {
        AwardsDoc {
            min: default_award_min(),
            max: default_award_max(),
            tags: default_award_tags(),
        }
    }
}

fn default_clawback_days() -> u32 {
    180
}
fn default_award_min() -> Decimal {
    Decimal::new(50, 0)
}
fn default_award_max() -> Decimal {
    Decimal::new(500, 0)
}
fn default_award_tags() -> Vec<String> {
    ["攻坚突破", "客户转介", "知识沉淀"]
        .iter()
        .map(|t| t.to_string())
        .collect()
}

/// A row of the rate table: the deal field values it requires and the rate it pays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RateRuleDoc {
    pub id: String,
    /// Deal field → required value (a string) or any of a list of values. A field the rule
    /// does not name matches anything; the number of fields named is the rule's specificity.
    #[serde(default, rename = "match")]
    pub matches: BTreeMap<String, MatchValue>,
    /// The commission rate as a fraction of the credited amount (`"0.05"` is 5%).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub rate: Decimal,
}

/// One required value or a list of accepted values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum MatchValue {
    One(String),
    AnyOf(Vec<String>),
}

/// Accelerators on quota attainment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AcceleratorDoc {
    /// What the band bounds measure: `attainment` (fractions of the rep's quota, `"1.0"` is
    /// 100%) or `amount` (credited amounts in the plan currency).
    #[serde(default)]
    pub measure: AcceleratorMeasure,
    /// `period`: deals are placed on the rep's running total for the period, in crediting
    /// order (date, then deal id), so arrival order never matters; `deal`: each deal is
    /// measured on its own from 0.
    #[serde(default)]
    pub scope: AcceleratorScope,
    /// The bands; each band's `rate` is a multiplier of the deal's commission rate
    /// (`"1.5"` pays one and a half times the rule's rate on the part inside the band).
    /// Mode `graduated` or `retroactive`.
    pub tiers: TierTableDoc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum AcceleratorMeasure {
    #[default]
    Attainment,
    Amount,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum AcceleratorScope {
    #[default]
    Period,
    Deal,
}

/// When a deal's earned commission is released for payment; until then it is projected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ReleasePolicy {
    /// 签约即计酬: payable once the contract is e-signed **and** the first payment (not
    /// bounced) has arrived.
    #[default]
    SignedAndFirstPayment,
    /// Payable once the collected amount (payments plus cash discounts granted) reaches the
    /// deal amount.
    FullyPaid,
    /// Payable in proportion to the collected amount, at most the whole commission.
    ProportionalToCash,
}

/// Customer-success kickers (SPEC §4); each is on with SPEC's defaults unless switched off.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct KickersDoc {
    #[serde(default)]
    pub activation: ActivationKickerDoc,
    /// Off unless given: SPEC sets no default baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal: Option<RenewalMultiplierDoc>,
}

/// New customer activated at or above `threshold` within `withinDays` of the close date →
/// `addRate` is added to the deal's rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ActivationKickerDoc {
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Default 0.95 (95%).
    #[serde(default = "default_activation_threshold", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub threshold: Decimal,
    /// Default 30 days after the close date (inclusive).
    #[serde(default = "default_activation_days")]
    pub within_days: u32,
    /// Default 0.005 (0.5 percentage point).
    #[serde(default = "default_activation_add", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub add_rate: Decimal,
}

impl Default for ActivationKickerDoc {
    fn default() -> Self {
        ActivationKickerDoc {
            enabled: true,
            threshold: default_activation_threshold(),
            within_days: default_activation_days(),
            add_rate: default_activation_add(),
        }
    }
}

/// multiplier = min(1 + `stepIncrease` × full steps of `stepSize` by which the rep's renewal
/// rate exceeds `baseline`, `cap`); applied to each of the rep's deal lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RenewalMultiplierDoc {
    /// The baseline 6-month renewal rate, a fraction (`"0.80"`).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub baseline: Decimal,
    /// Default 0.01 (one full percentage point).
    #[serde(default = "default_renewal_step", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub step_size: Decimal,
    /// Default 0.2.
    #[serde(default = "default_renewal_increase", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub step_increase: Decimal,
    /// Default 2.0.
    #[serde(default = "default_renewal_cap", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub cap: Decimal,
}

fn yes() -> bool {
    true
}
fn default_activation_threshold() -> Decimal {
    Decimal::new(95, 2)
}
fn default_activation_days() -> u32 {
    30
}
fn default_activation_add() -> Decimal {
    Decimal::new(5, 3)
}
fn default_renewal_step() -> Decimal {
    Decimal::new(1, 2)
}
fn default_renewal_increase() -> Decimal {
    Decimal::new(2, 1)
}
fn default_renewal_cap() -> Decimal {
    Decimal::new(20, 1)
}

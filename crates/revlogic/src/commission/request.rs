//! What a statement is computed from: the period, the reps, their deals, the payments on those
//! deals and what was already paid out. Deals are decoded one by one so a malformed deal is
//! rejected on its own while the rest of the statement still computes.

use crate::money::Currency;
use crate::wire;
use chrono::NaiveDate;
use compact_str::CompactString;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A closed range of dates, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DateRange {
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub from: NaiveDate,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub to: NaiveDate,
}

impl DateRange {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

/// `CommissionPlan.statement(request)`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StatementRequest {
    /// The commission period (a month, a quarter, …).
    pub period: DateRange,
    /// "Now": events dated after it have not happened yet.
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub as_of: NaiveDate,
    /// The reps to state, each with the quota for the period.
    pub reps: Vec<RepRecord>,
    /// The deals; each is checked on its own (a bad deal is rejected, the rest compute).
    #[schemars(with = "Vec<DealRecord>")]
    #[serde(deserialize_with = "wire::decode::presized_vec")]
    pub deals: Vec<super::DealEntry>,
    #[serde(default, deserialize_with = "wire::decode::presized_vec")]
    pub payments: Vec<PaymentRecord>,
    /// Amounts already paid out to reps for this period; the statement settles only the rest.
    #[serde(default)]
    pub prior_payouts: Vec<PayoutRecord>,
    /// Refunds and cancellations of deals; those dated in the period claw back commission.
    #[serde(default)]
    pub refunds: Vec<RefundRecord>,
    /// Rates converting deals in other currencies into the plan currency; a deal uses the
    /// latest rate of its currency dated on or before the plan's rate date.
    #[serde(default)]
    pub exchange_rates: Vec<super::ExchangeRate>,
    /// Recognition awards given by managers.
    #[serde(default)]
    pub awards: Vec<AwardRecord>,
    /// Each manager's award budget for the period.
    #[serde(default)]
    pub budgets: Vec<BudgetRecord>,
    /// The current week, for the progress gap to each rep's weekly target (本周进度缺口).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week: Option<DateRange>,
    /// `lines` (default): every line with its figures; `totals`: the per-rep totals, awards and
    /// clawbacks only, for bulk runs that do not show lines.
    #[serde(default)]
    pub detail: StatementDetail,
    /// Attach the step-by-step explanation to each line (default true).
    #[serde(default = "yes")]
    pub explain: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RepRecord {
    pub id: String,
    /// The rep's quota for the period, in the plan currency; must be above 0.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub quota: Decimal,
    /// The day a rep who joined during the period started; the quota is prorated from it
    /// (see the plan's `quotaProration`).
    #[serde(default, with = "wire::date_opt")]
    #[schemars(with = "Option<wire::DateString>")]
    pub start_date: Option<NaiveDate>,
    /// The rep's 6-month renewal rate as a fraction, for the renewal multiplier.
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub renewal_rate: Option<Decimal>,
    /// Commission held back by last period's cap and carried forward into this one.
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub carried_in: Option<Decimal>,
    /// The rep's draw: a guaranteed amount per period, recoverable or not.
    #[serde(default)]
    pub draw: Option<super::DrawTerms>,
    /// The credited amount the rep should reach in `week`.
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub weekly_target: Option<Decimal>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DealRecord {
    /// Ids are held inline when short (up to 24 bytes): a statement reads every deal's id.
    #[schemars(with = "String")]
    pub id: CompactString,
    /// The rep who owns the deal (and gets all of it unless `splits` says otherwise).
    #[schemars(with = "String")]
    pub rep: CompactString,
    /// The deal amount credited toward quota, must not be negative.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    /// The document currency; defaults to the plan currency. Another currency is converted
    /// at the request's `exchangeRates` (the plan's `exchangeRateDate` says which day's rate).
    #[serde(default)]
    pub currency: Option<Currency>,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub close_date: NaiveDate,
    #[serde(default, with = "wire::date_opt")]
    #[schemars(with = "Option<wire::DateString>")]
    pub invoice_date: Option<NaiveDate>,
    /// When the contract was e-signed; absent means not signed yet.
    #[serde(default, with = "wire::date_opt")]
    #[schemars(with = "Option<wire::DateString>")]
    pub signed_date: Option<NaiveDate>,
    /// The fields the rate rules look at (`productLine`, `customerTier`, `paymentCycle`, …).
    #[serde(default)]
    #[schemars(with = "Map<String, Value>")]
    pub fields: super::DealFields,
    /// A new customer, eligible for the activation kicker.
    #[serde(default)]
    pub new_customer: bool,
    #[serde(default)]
    pub activation: Option<ActivationRecord>,
    /// Shares between reps, totalling exactly 1 (100%).
    #[serde(default)]
    pub splits: Option<Vec<SplitRecord>>,
    /// Overlay credit on top of the 100%: each rep named here (a specialist, a manager) is
    /// credited `share` of the deal besides the owner or the splits, each share in (0, 1].
    #[serde(default)]
    pub overlays: Option<Vec<SplitRecord>>,
}

/// The customer's measured activation rate and the day it was measured.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ActivationRecord {
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub rate: Decimal,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub date: NaiveDate,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SplitRecord {
    pub rep: String,
    /// A fraction (`"0.6"`); a deal's shares total exactly 1.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub share: Decimal,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PaymentRecord {
    #[schemars(with = "String")]
    pub id: CompactString,
    #[schemars(with = "String")]
    pub deal: CompactString,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub date: NaiveDate,
    /// A cash discount granted with this payment; it counts as collected.
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub cash_discount: Option<Decimal>,
    /// The day the payment bounced; from then on it counts as never received.
    #[serde(default, with = "wire::date_opt")]
    #[schemars(with = "Option<wire::DateString>")]
    pub bounced_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PayoutRecord {
    pub rep: String,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
}

/// A refund (or cancellation) of part or all of a deal. The deal must be in `deals` (it may
/// be credited in an earlier period); `commissionPaid` says what each rep was paid on it.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RefundRecord {
    pub id: String,
    pub deal: String,
    /// The refunded part of the deal amount; a cancellation refunds the whole amount.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub date: NaiveDate,
    pub commission_paid: Vec<PaidRecord>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PaidRecord {
    pub rep: String,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
}

/// A spot award (即时认可基金).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AwardRecord {
    pub id: String,
    pub rep: String,
    pub manager: String,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    pub tag: String,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub date: NaiveDate,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BudgetRecord {
    pub manager: String,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
}

/// How much of each rep's statement to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum StatementDetail {
    #[default]
    Lines,
    Totals,
}

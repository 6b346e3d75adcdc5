//! The reconciliation report: one entry per checked record in each check, plus the rejected
//! records, so nothing is silently left out.

use crate::batch::Rejection;
use crate::money::Currency;
use crate::wire;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReconcileReport {
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub as_of: NaiveDate,
    pub currency: Currency,
    /// One entry per contract that has payments.
    pub payment_deviations: Vec<DeviationCheck>,
    /// One entry per receivable.
    pub overdue: Vec<OverdueCheck>,
    /// One entry per contract.
    pub three_way_match: Vec<MatchCheck>,
    pub deliverable: DeliverableValue,
    /// One entry per quote.
    pub margins: Vec<MarginCheck>,
    pub rejected: Vec<Rejection>,
}

/// Payment vs contract amount.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviationCheck {
    pub contract: String,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub contract_amount: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub paid: Decimal,
    /// `(paid − contractAmount) ÷ contractAmount`, rounded half-up to 4 places for display
    /// (the comparison is exact).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub deviation: Decimal,
    /// Beyond ± the policy's `paymentDeviation`.
    pub alert: bool,
    /// Who to alert (empty without an alert).
    pub notify: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OverdueCheck {
    pub receivable: String,
    pub customer: String,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub due_date: NaiveDate,
    /// The amount less the payments naming the receivable.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub outstanding: Decimal,
    /// Days from the due date to `asOf` (0 when not yet due).
    pub days_overdue: i64,
    /// Outstanding and more than `overdueDays` past due.
    pub alert: bool,
    pub notify: Vec<Recipient>,
    /// The payments naming the receivable, oldest first.
    pub payments: Vec<PaymentEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Recipient {
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PaymentEntry {
    pub id: String,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub date: NaiveDate,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
}

/// The status of a three-way match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum MatchStatus {
    /// Contract, payment and invoice all present, amounts within the tolerance.
    Green,
    /// A document is missing.
    Yellow,
    /// Amounts differ by more than the tolerance.
    Red,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MatchCheck {
    pub contract: String,
    pub status: MatchStatus,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub contract_amount: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub paid: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub invoiced: Decimal,
    /// `payment` and/or `invoice` when missing.
    pub missing: Vec<String>,
    /// The largest difference between the documents present.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub difference: Decimal,
}

/// Deliverable new contract value (可交付新签额).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliverableValue {
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub total: Decimal,
    pub included: Vec<String>,
    pub excluded: Vec<ExcludedContract>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExcludedContract {
    pub contract: String,
    /// `addOnOfExistingCustomer`, `notScheduled`, `nonCash` — every reason that applies.
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MarginCheck {
    pub quote: String,
    /// `(price − cost) ÷ price`, rounded half-up to 4 places for display (comparisons exact).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub margin: Decimal,
    /// The average margin of similar orders (same category), rounded to 4 places; absent
    /// without enough history.
    #[serde(with = "wire::decimal_opt", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub history_average: Option<Decimal>,
    pub history_count: usize,
    pub flagged: bool,
    /// `belowFloor`, `belowHistory` — every reason that applies.
    pub reasons: Vec<String>,
}

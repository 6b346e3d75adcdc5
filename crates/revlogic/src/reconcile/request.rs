//! What reconciliation reads: the policy (every SPEC §6 threshold, with its default) and the
//! records — contracts, payments, invoices, receivables, quotes and similar-order history.
//! Records are decoded one by one so a bad one is rejected alone.

use crate::money::Currency;
use crate::wire;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `reconcile(request)`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReconcileRequest {
    /// "Now": days overdue are counted to it; records dated after it are rejected.
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub as_of: NaiveDate,
    /// The currency of every amount (default CNY); a record in another one is rejected.
    #[serde(default)]
    pub currency: Currency,
    #[serde(default)]
    pub policy: ReconcilePolicy,
    #[serde(default)]
    #[schemars(with = "Vec<ContractRecord>")]
    pub contracts: Vec<Value>,
    #[serde(default)]
    #[schemars(with = "Vec<ReconcilePaymentRecord>")]
    pub payments: Vec<Value>,
    #[serde(default)]
    #[schemars(with = "Vec<ReconcileInvoiceRecord>")]
    pub invoices: Vec<Value>,
    #[serde(default)]
    #[schemars(with = "Vec<ReceivableRecord>")]
    pub receivables: Vec<Value>,
    #[serde(default)]
    #[schemars(with = "Vec<QuoteRecord>")]
    pub quotes: Vec<Value>,
    /// Margins of closed orders, by category: the history a quote is compared with.
    #[serde(default)]
    #[schemars(with = "Vec<MarginHistoryRecord>")]
    pub history: Vec<Value>,
}

/// Every threshold of SPEC §6, each with its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReconcilePolicy {
    /// Payments deviating from the contract amount by more than this fraction alert
    /// (default 0.05, ±5%; exactly 5% does not).
    #[serde(default = "default_deviation", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub payment_deviation: Decimal,
    /// Who a payment deviation alerts (default sales and finance).
    #[serde(default = "default_deviation_alert")]
    pub deviation_alert: Vec<String>,
    /// A receivable more than this many days past due alerts (default 3; day 3 does not).
    #[serde(default = "default_overdue_days")]
    pub overdue_days: u32,
    /// Who an overdue receivable alerts (default sales manager, regional director, finance
    /// partner); names come from the receivable's `contacts`.
    #[serde(default = "default_overdue_alert")]
    pub overdue_alert: Vec<String>,
    /// Three-way match: amounts differing by more than this are red (default 500).
    #[serde(default = "default_tolerance", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub match_tolerance: Decimal,
    /// Quotes with a margin below this fraction are flagged (default 0.185).
    #[serde(default = "default_margin_floor", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub margin_floor: Decimal,
    /// A quote is also flagged when its margin is below the average margin of similar
    /// orders (same category) by more than this (default 0).
    #[serde(default, with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub history_tolerance: Decimal,
    /// History needs at least this many similar orders to count (default 1).
    #[serde(default = "default_min_history")]
    pub min_history: u32,
}

impl Default for ReconcilePolicy {
    fn default() -> Self {
        ReconcilePolicy {
            payment_deviation: default_deviation(),
            deviation_alert: default_deviation_alert(),
            overdue_days: default_overdue_days(),
            overdue_alert: default_overdue_alert(),
            match_tolerance: default_tolerance(),
            margin_floor: default_margin_floor(),
            history_tolerance: Decimal::ZERO,
            min_history: default_min_history(),
        }
    }
}

fn default_deviation() -> Decimal {
    Decimal::new(5, 2)
}
fn default_deviation_alert() -> Vec<String> {
    vec!["sales".into(), "finance".into()]
}
fn default_overdue_days() -> u32 {
    3
}
fn default_overdue_alert() -> Vec<String> {
    vec![
        "salesManager".into(),
        "regionalDirector".into(),
        "financePartner".into(),
    ]
}
fn default_tolerance() -> Decimal {
    Decimal::new(500, 0)
}
fn default_margin_floor() -> Decimal {
    Decimal::new(185, 3)
}
fn default_min_history() -> u32 {
    1
}

/// A signed contract (or order).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ContractRecord {
    pub id: String,
    pub customer: String,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub date: NaiveDate,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    /// An add-on order of an existing customer (not new business).
    #[serde(default)]
    pub add_on: bool,
    /// Whether the customer already bought before this contract.
    #[serde(default)]
    pub existing_customer: bool,
    /// Delivery scheduled (排产/排期); unscheduled orders are not deliverable yet.
    #[serde(default = "yes")]
    pub scheduled: bool,
    /// Paid in cash (not barter, credit notes or other non-cash settlement).
    #[serde(default = "yes")]
    pub cash: bool,
    #[serde(default)]
    pub currency: Option<Currency>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReconcilePaymentRecord {
    pub id: String,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub date: NaiveDate,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    /// The contract paid, for the deviation check and the three-way match.
    #[serde(default)]
    pub contract_id: Option<String>,
    /// The receivable paid, for the overdue check.
    #[serde(default)]
    pub receivable_id: Option<String>,
    #[serde(default)]
    pub currency: Option<Currency>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReconcileInvoiceRecord {
    pub id: String,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub date: NaiveDate,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    pub contract_id: String,
    #[serde(default)]
    pub currency: Option<Currency>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReceivableRecord {
    pub id: String,
    pub customer: String,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub due_date: NaiveDate,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    /// Role → person, e.g. `{"salesManager": "Li"}`; roles without a name are still listed.
    #[serde(default)]
    pub contacts: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub currency: Option<Currency>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct QuoteRecord {
    pub id: String,
    /// Groups similar orders for the history comparison.
    #[serde(default)]
    pub category: Option<String>,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub price: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub cost: Decimal,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MarginHistoryRecord {
    pub id: String,
    pub category: String,
    /// The closed order's margin as a fraction (`"0.22"`).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub margin: Decimal,
}

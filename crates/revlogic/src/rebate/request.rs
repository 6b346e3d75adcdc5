//! What a settlement (or a prepared period) is computed from: order lines, returns, invoices,
//! payments and earlier settlements. Records are decoded one by one so that a malformed one is
//! rejected on its own while the rest still compute.

use crate::money::Currency;
use crate::wire;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `RebateAgreement.settle(request)` and `RebateAgreement.prepare(request)`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SettleRequest {
    /// The first day of the settlement period (a calendar month, quarter or year, as the
    /// agreement says).
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub period_start: NaiveDate,
    /// "Now": the entitlement is computed to this date; records dated after it are rejected.
    /// An interim run of a quarterly agreement sets it inside the quarter.
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub as_of: NaiveDate,
    /// Order lines (purchases) of the period.
    #[serde(default)]
    #[schemars(with = "Vec<OrderLineRecord>")]
    pub lines: Vec<Value>,
    /// Returns of those lines, and the rebate's own credit notes (listed, never deducted).
    #[serde(default)]
    #[schemars(with = "Vec<ReturnRecord>")]
    pub returns: Vec<Value>,
    #[serde(default)]
    #[schemars(with = "Vec<InvoiceRecord>")]
    pub invoices: Vec<Value>,
    #[serde(default)]
    #[schemars(with = "Vec<PaymentRecord>")]
    pub payments: Vec<Value>,
    /// What was already settled for this period (earlier interim runs); the settlement is the
    /// entitlement to date minus their sum, negative when the entitlement went down.
    #[serde(default)]
    pub prior_settlements: Vec<PriorSettlement>,
    /// Net purchases (purchases − returns) of the same period last year, for growth tiers;
    /// absent for a new distributor. Zero or negative (returns exceeded purchases) is no valid
    /// baseline either.
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub last_year_net_purchases: Option<Decimal>,
    /// `lines` (default): the rebate allocated back to every order line; `totals`: components
    /// and totals only.
    #[serde(default)]
    pub detail: SettleDetail,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum SettleDetail {
    #[default]
    Lines,
    Totals,
}

/// One order line bought by the distributor.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OrderLineRecord {
    /// Unique among the request's lines.
    pub id: String,
    #[serde(default)]
    pub order_id: Option<String>,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub date: NaiveDate,
    pub sku: String,
    #[serde(default)]
    pub category: Option<String>,
    /// Units bought; not negative.
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub quantity: Option<Decimal>,
    /// The line's value; not negative.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    /// Defaults to the agreement currency; another currency is rejected.
    #[serde(default)]
    pub currency: Option<Currency>,
}

/// What a return record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ReturnKind {
    /// Goods sent back: deducted from purchases.
    #[default]
    Goods,
    /// A credit note paying out this rebate: not a return, never deducted (listed under
    /// `ignored`).
    RebateCreditNote,
}

/// Goods returned on an order line (or a rebate credit note).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReturnRecord {
    pub id: String,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub date: NaiveDate,
    /// The order line returned; required for goods returns.
    #[serde(default)]
    pub line_id: Option<String>,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub quantity: Option<Decimal>,
    #[serde(default)]
    pub kind: ReturnKind,
    #[serde(default)]
    pub currency: Option<Currency>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct InvoiceRecord {
    pub id: String,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub date: NaiveDate,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    #[serde(default)]
    pub currency: Option<Currency>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PaymentRecord {
    pub id: String,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub date: NaiveDate,
    /// The invoice paid; it must be in the request.
    pub invoice_id: String,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    #[serde(default)]
    pub currency: Option<Currency>,
}

/// An earlier settlement of this period (may be negative: an earlier adjustment).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PriorSettlement {
    pub id: String,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    #[serde(default)]
    pub currency: Option<Currency>,
}

/// `PreparedRebatePeriod.estimate(order)`: an order not placed yet.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EstimateOrder {
    #[serde(default)]
    pub id: Option<String>,
    /// The order's date, inside the period. It matters only for chronologically valued
    /// quantity tiers: the order's units go after every period line dated on or before it.
    /// Absent: after every line of the period (as an order placed now).
    #[serde(default, with = "wire::date_opt")]
    #[schemars(with = "Option<wire::DateString>")]
    pub date: Option<NaiveDate>,
    pub lines: Vec<EstimateLine>,
}

/// A line of an order being typed.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EstimateLine {
    pub sku: String,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub quantity: Option<Decimal>,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    #[serde(default)]
    pub currency: Option<Currency>,
}

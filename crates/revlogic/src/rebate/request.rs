//! What a settlement (or a prepared period) is computed from: order lines, returns, invoices,
//! payments and earlier settlements. Each record is decoded as the request is read, into its
//! type or into its problem, so that a malformed one is rejected on its own while the rest
//! still compute. Ids are held inline when short (up to 24 bytes): a settlement reads them all.

use crate::money::Currency;
use crate::wire;
use crate::wire::Entry;
use chrono::NaiveDate;
use compact_str::CompactString;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
    #[serde(default, deserialize_with = "wire::decode::presized_vec")]
    #[schemars(with = "Vec<OrderLineRecord>")]
    pub lines: Vec<Entry<OrderLineRecord>>,
    /// Returns of those lines, and the rebate's own credit notes (listed, never deducted).
    #[serde(default, deserialize_with = "wire::decode::presized_vec")]
    #[schemars(with = "Vec<ReturnRecord>")]
    pub returns: Vec<Entry<ReturnRecord>>,
    #[serde(default, deserialize_with = "wire::decode::presized_vec")]
    #[schemars(with = "Vec<InvoiceRecord>")]
    pub invoices: Vec<Entry<InvoiceRecord>>,
    #[serde(default, deserialize_with = "wire::decode::presized_vec")]
    #[schemars(with = "Vec<PaymentRecord>")]
    pub payments: Vec<Entry<PaymentRecord>>,
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
    #[schemars(with = "String")]
    pub id: CompactString,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub order_id: Option<CompactString>,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub date: NaiveDate,
    #[schemars(with = "String")]
    pub sku: CompactString,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub category: Option<CompactString>,
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
    #[schemars(with = "String")]
    pub id: CompactString,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub date: NaiveDate,
    /// The order line returned; required for goods returns.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub line_id: Option<CompactString>,
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
    #[schemars(with = "String")]
    pub id: CompactString,
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
    #[schemars(with = "String")]
    pub id: CompactString,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub date: NaiveDate,
    /// The invoice paid; it must be in the request.
    #[schemars(with = "String")]
    pub invoice_id: CompactString,
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

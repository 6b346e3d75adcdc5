//! Deals in another currency than the plan's (the payee currency): converted at the rate of a
//! date the plan names — booking (close), invoice or first payment — taken from the request's
//! rate table as the latest rate dated on or before that day. The statement keeps both the
//! document amount and the payee amount.

use super::request::DealRecord;
use crate::error::{ErrorCode, Problem};
use crate::money::{Currency, RoundingMode};
use crate::wire;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which date's rate converts a foreign-currency deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum RateDate {
    /// The deal's close (booking) date.
    #[default]
    Booking,
    /// The deal's invoice date.
    Invoice,
    /// The date of the deal's first payment that counts.
    Payment,
}

/// One rate: how many units of the plan currency one unit of `currency` buys from `date`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ExchangeRate {
    pub currency: Currency,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub date: NaiveDate,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub rate: Decimal,
}

/// A deal's amount as the document states it, and the rate that converted it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Conversion {
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub document_amount: Decimal,
    pub document_currency: Currency,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub rate: Decimal,
    pub rate_policy: RateDate,
    /// The day the policy points at …
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub policy_date: NaiveDate,
    /// … and the date of the rate used (the latest on or before it).
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub rate_date: NaiveDate,
}

/// The deal's amount in the plan currency (rounded to `minor` places by `rounding`) and the
/// conversion, or a problem naming the deal when its rate cannot be found.
pub(crate) fn convert(
    record: &DealRecord,
    currency: Currency,
    policy: RateDate,
    first_payment: Option<NaiveDate>,
    rates: &[ExchangeRate],
    (rounding, minor): (RoundingMode, u32),
    index: usize,
) -> Result<(Decimal, Conversion), Problem> {
    let path = format!("deals[{index}].currency");
    let policy_date = match policy {
        RateDate::Booking => Some(record.close_date),
        RateDate::Invoice => record.invoice_date,
        RateDate::Payment => first_payment,
    };
    let Some(policy_date) = policy_date else {
        return Err(Problem::new(
            ErrorCode::CurrencyMismatch,
            path,
            format!(
                "deal `{}` is in {currency} and the plan converts at the {policy:?} date, which the deal does not have yet",
                record.id
            ),
        ));
    };
    let rate = rates
        .iter()
        .filter(|r| r.currency == currency && r.date <= policy_date)
        .max_by_key(|r| r.date);
    let Some(rate) = rate else {
        return Err(Problem::new(
            ErrorCode::CurrencyMismatch,
            path,
            format!(
                "deal `{}` is in {currency} and the request has no {currency} rate on or before {policy_date}",
                record.id
            ),
        ));
    };
    let exact = record.amount.checked_mul(rate.rate).ok_or_else(|| {
        Problem::new(
            ErrorCode::Overflow,
            format!("deals[{index}].amount"),
            "the converted amount is beyond the decimal range",
        )
    })?;
    let mut amount = rounding.round(exact, minor);
    amount.rescale(minor);
    Ok((
        amount,
        Conversion {
            document_amount: record.amount,
            document_currency: currency,
            rate: rate.rate,
            rate_policy: policy,
            policy_date,
            rate_date: rate.date,
        },
    ))
}

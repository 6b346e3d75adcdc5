//! The period's records checked one by one and summed: every record ends up counted, listed
//! as ignored (a rebate credit note) or rejected with a code and a path.

use super::agreement::RebateAgreement;
use super::figures::{overflow, Sums};
use super::request::*;
use crate::batch::Rejection;
use crate::error::{Error, ErrorCode, ErrorKind, Problem};
use crate::fast_map::FastMap;
use crate::money::Currency;
use crate::wire::{Entry as WireEntry, TextRecord};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::hash_map::Entry;

/// A record that is valid but does not count, and why.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IgnoredRecord {
    /// Where it is in the request, e.g. `returns[3]`.
    pub path: String,
    pub id: String,
    pub reason: String,
}

/// An accepted order line and what its returns took back. It points at the request's record
/// rather than copying it: a settlement of totals touches each line once.
#[derive(Debug, Clone)]
pub(crate) struct CountedLine<'a> {
    pub record: &'a OrderLineRecord,
    /// Its index in the request's `lines`, for paths.
    pub index: usize,
    pub returned: Decimal,
    /// Units taken back by returns (as stated, or in proportion to the amount returned).
    pub returned_units: Decimal,
    pub excluded: bool,
    pub new_product: bool,
}

impl CountedLine<'_> {
    pub fn id(&self) -> &str {
        &self.record.id
    }
    pub fn order_id(&self) -> Option<&str> {
        self.record.order_id.as_deref()
    }
    pub fn date(&self) -> NaiveDate {
        self.record.date
    }
    pub fn amount(&self) -> Decimal {
        self.record.amount
    }
    /// Units bought (zero when the agreement does not count units and the line gave none).
    pub fn quantity(&self) -> Decimal {
        self.record.quantity.unwrap_or_default()
    }
}

/// The checked records of a period.
#[derive(Debug, Clone)]
pub(crate) struct Ledger<'a> {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub sums: Sums,
    pub lines: Vec<CountedLine<'a>>,
    pub prior_settled: Decimal,
    pub ignored: Vec<IgnoredRecord>,
    pub rejected: Vec<Rejection>,
}

impl RebateAgreement {
    /// Checks and sums the request's records. A request that is wrong as a whole (a period
    /// start that begins no period, a prior settlement in another currency) is an error.
    ///
    /// Overflow: a record's own arithmetic (the units a return takes back) rejects that record;
    /// a period sum that leaves the decimal range fails the call, at the record and field that
    /// took it out (`lines[3].amount`, `priorSettlements[0].amount`), since no settlement of
    /// the period could then be right.
    pub(crate) fn ledger<'a>(&self, request: &'a SettleRequest) -> Result<Ledger<'a>, Error> {
        let start = request.period_start;
        let end = self.period_end(start).map_err(|message| {
            Error::single(
                ErrorKind::Input,
                Problem::new(ErrorCode::InvalidValue, "periodStart", message),
            )
        })?;
        let window = Window {
            start,
            end,
            as_of: request.as_of,
            currency: self.currency,
        };
        let mut sums = Sums {
            last_year_net: request.last_year_net_purchases,
            ..Sums::default()
        };
        let mut rejected = Vec::new();
        let mut ignored = Vec::new();
        let fail = |e: Problem| Error::single(ErrorKind::Input, e);

        let mut lines: Vec<CountedLine<'a>> = Vec::with_capacity(request.lines.len());
        let mut line_index: FastMap<&'a str, usize> =
            FastMap::with_capacity_and_hasher(request.lines.len(), Default::default());
        let needs_quantity = self.needs_quantity();
        for (i, entry) in request.lines.iter().enumerate() {
            let at = At("lines", i);
            let checked = decoded(entry, at).and_then(|line| {
                window.check(line.date, line.currency, at)?;
                at.not_negative(line.amount, "amount")?;
                match line.quantity {
                    Some(q) => at.not_negative(q, "quantity")?,
                    None if needs_quantity => {
                        return Err(Problem::new(
                            ErrorCode::MissingField,
                            at.field("quantity"),
                            "the volume tiers count units: each line needs its quantity",
                        ))
                    }
                    None => {}
                }
                // One hash for the duplicate check and the index the returns look lines up in.
                match line_index.entry(line.id.as_str()) {
                    Entry::Occupied(_) => Err(Problem::new(
                        ErrorCode::DuplicateId,
                        at.field("id"),
                        format!("order line `{}` is listed twice", line.id),
                    )),
                    Entry::Vacant(slot) => {
                        slot.insert(lines.len());
                        Ok(line)
                    }
                }
            });
            match checked {
                Ok(line) => {
                    let category = line.category.as_deref();
                    let excluded = self.exclusions.contains(&line.sku, category);
                    let new_product = !excluded && self.new_products.contains(&line.sku, category);
                    let sum = |total: Decimal, value: Decimal, field: &str, what: &str| {
                        total
                            .checked_add(value)
                            .ok_or_else(|| fail(at.overflow(field, &line.id, what)))
                    };
                    if excluded {
                        sums.excluded =
                            sum(sums.excluded, line.amount, "amount", "excluded purchases")?;
                    } else {
                        sums.gross = sum(sums.gross, line.amount, "amount", "gross purchases")?;
                        if let Some(q) = line.quantity {
                            sums.quantity = sum(sums.quantity, q, "quantity", "units bought")?;
                        }
                        if new_product {
                            sums.new_product_gross = sum(
                                sums.new_product_gross,
                                line.amount,
                                "amount",
                                "new-product purchases",
                            )?;
                        }
                    }
                    lines.push(CountedLine {
                        record: line,
                        index: i,
                        returned: Decimal::ZERO,
                        returned_units: Decimal::ZERO,
                        excluded,
                        new_product,
                    });
                }
                Err(error) => rejected.push(rejection(i, entry, error)),
            }
        }

        for (i, entry) in request.returns.iter().enumerate() {
            let at = At("returns", i);
            let checked = decoded(entry, at).and_then(|ret| {
                window.check(ret.date, ret.currency, at)?;
                at.not_negative(ret.amount, "amount")?;
                if let Some(q) = ret.quantity {
                    at.not_negative(q, "quantity")?;
                }
                Ok(ret)
            });
            let ret = match checked {
                Ok(ret) => ret,
                Err(error) => {
                    rejected.push(rejection(i, entry, error));
                    continue;
                }
            };
            if ret.kind == ReturnKind::RebateCreditNote {
                ignored.push(IgnoredRecord {
                    path: at.record(),
                    id: ret.id.to_string(),
                    reason: "a credit note paying out the rebate is not a return of goods"
                        .to_string(),
                });
                continue;
            }
            let Some(line_id) = ret.line_id.as_deref() else {
                rejected.push(rejection(
                    i,
                    entry,
                    Problem::new(
                        ErrorCode::MissingField,
                        at.field("lineId"),
                        "a return of goods must name the order line it returns",
                    ),
                ));
                continue;
            };
            let Some(&line_at) = line_index.get(line_id) else {
                rejected.push(rejection(
                    i,
                    entry,
                    Problem::new(
                        ErrorCode::UnknownOrderLine,
                        at.field("lineId"),
                        format!(
                            "return `{}` names order line `{line_id}`, which is not among the accepted lines",
                            ret.id
                        ),
                    ),
                ));
                continue;
            };
            let line = &mut lines[line_at];
            // A line's returns are at most its amount, checked below, so this sum only leaves
            // the range when this return alone is larger than any line could be: rejected.
            let Some(returned) = line.returned.checked_add(ret.amount) else {
                rejected.push(rejection(
                    i,
                    entry,
                    at.overflow("amount", &ret.id, "the returns of its line"),
                ));
                continue;
            };
            if returned > line.amount() {
                rejected.push(rejection(
                    i,
                    entry,
                    Problem::new(
                        ErrorCode::ReturnExceedsPurchase,
                        at.field("amount"),
                        format!(
                            "returns of line `{line_id}` would total {returned}, more than its {}",
                            line.amount()
                        ),
                    ),
                ));
                continue;
            }
            // Units returned: as stated, or in proportion to the amount of the line. The
            // return's own arithmetic: when it leaves the range the return alone is rejected.
            let units = match ret.quantity {
                Some(q) => Some(q),
                None if line.amount().is_zero() => Some(Decimal::ZERO),
                None => ret
                    .amount
                    .checked_mul(line.quantity())
                    .and_then(|x| x.checked_div(line.amount())),
            };
            let Some((units, returned_units)) =
                units.and_then(|u| Some((u, line.returned_units.checked_add(u)?)))
            else {
                let field = if ret.quantity.is_some() {
                    "quantity"
                } else {
                    "amount"
                };
                rejected.push(rejection(
                    i,
                    entry,
                    at.overflow(field, &ret.id, "the units it returns"),
                ));
                continue;
            };
            if needs_quantity && returned_units > line.quantity() {
                rejected.push(rejection(
                    i,
                    entry,
                    Problem::new(
                        ErrorCode::ReturnExceedsPurchase,
                        at.field("quantity"),
                        format!(
                            "returns of line `{line_id}` would take back {returned_units} units, more than its {}",
                            line.quantity()
                        ),
                    ),
                ));
                continue;
            }
            line.returned = returned;
            line.returned_units = returned_units;
            let sum = |total: Decimal, value: Decimal, field: &str, what: &str| {
                total
                    .checked_add(value)
                    .ok_or_else(|| fail(at.overflow(field, &ret.id, what)))
            };
            if line.excluded {
                // Returns of excluded lines are at most their amounts, already in the sum.
                sums.excluded = sums
                    .excluded
                    .checked_sub(ret.amount)
                    .ok_or_else(|| fail(at.overflow("amount", &ret.id, "excluded purchases")))?;
            } else {
                sums.returns = sum(sums.returns, ret.amount, "amount", "returns")?;
                let field = if ret.quantity.is_some() {
                    "quantity"
                } else {
                    "amount"
                };
                sums.returned_quantity =
                    sum(sums.returned_quantity, units, field, "units returned")?;
                if line.new_product {
                    sums.new_product_returns = sum(
                        sums.new_product_returns,
                        ret.amount,
                        "amount",
                        "new-product returns",
                    )?;
                }
            }
        }

        let mut invoices: FastMap<&'a str, NaiveDate> =
            FastMap::with_capacity_and_hasher(request.invoices.len(), Default::default());
        for (i, entry) in request.invoices.iter().enumerate() {
            let at = At("invoices", i);
            let checked = decoded(entry, at).and_then(|inv| {
                window.check(inv.date, inv.currency, at)?;
                at.not_negative(inv.amount, "amount")?;
                if invoices.contains_key(inv.id.as_str()) {
                    return Err(Problem::new(
                        ErrorCode::DuplicateId,
                        at.field("id"),
                        format!("invoice `{}` is listed twice", inv.id),
                    ));
                }
                Ok(inv)
            });
            match checked {
                Ok(inv) => {
                    sums.invoiced = sums.invoiced.checked_add(inv.amount).ok_or_else(|| {
                        fail(at.overflow("amount", &inv.id, "the amount invoiced"))
                    })?;
                    invoices.insert(&inv.id, inv.date);
                }
                Err(error) => rejected.push(rejection(i, entry, error)),
            }
        }

        let within_days = self.payment_bonus.as_ref().map(|b| b.within_days);
        for (i, entry) in request.payments.iter().enumerate() {
            let at = At("payments", i);
            let checked = decoded(entry, at).and_then(|pay| {
                window.check(pay.date, pay.currency, at)?;
                at.not_negative(pay.amount, "amount")?;
                let invoiced = *invoices.get(pay.invoice_id.as_str()).ok_or_else(|| {
                    Problem::new(
                        ErrorCode::UnknownInvoice,
                        at.field("invoiceId"),
                        format!(
                            "payment `{}` names invoice `{}`, which is not among the accepted invoices",
                            pay.id, pay.invoice_id
                        ),
                    )
                })?;
                if pay.date < invoiced {
                    return Err(Problem::new(
                        ErrorCode::EndBeforeStart,
                        at.field("date"),
                        format!(
                            "payment `{}` on {} predates its invoice of {invoiced}",
                            pay.id, pay.date
                        ),
                    ));
                }
                Ok((pay, invoiced))
            });
            match checked {
                Ok((pay, invoiced)) => {
                    let sum = |total: Decimal, what: &str| {
                        total
                            .checked_add(pay.amount)
                            .ok_or_else(|| fail(at.overflow("amount", &pay.id, what)))
                    };
                    sums.paid = sum(sums.paid, "the amount paid")?;
                    // Day N counts: a payment N days after its invoice is on time. Any two
                    // dates are within chrono's range of a duration, so this cannot fail.
                    let days = pay.date.signed_duration_since(invoiced).num_days();
                    if within_days.is_some_and(|n| days <= i64::from(n)) {
                        sums.paid_on_time = sum(sums.paid_on_time, "the amount paid on time")?;
                    }
                }
                Err(error) => rejected.push(rejection(i, entry, error)),
            }
        }

        let mut prior_settled = Decimal::ZERO;
        for (i, prior) in request.prior_settlements.iter().enumerate() {
            if prior.currency.is_some_and(|c| c != self.currency) {
                return Err(fail(Problem::new(
                    ErrorCode::CurrencyMismatch,
                    format!("priorSettlements[{i}].currency"),
                    format!("the agreement settles in {}", self.currency),
                )));
            }
            prior_settled = prior_settled.checked_add(prior.amount).ok_or_else(|| {
                fail(overflow(
                    format!("priorSettlements[{i}].amount"),
                    format!(
                        "prior settlement `{}`: the sum of prior settlements",
                        prior.id
                    ),
                ))
            })?;
        }

        Ok(Ledger {
            start,
            end,
            sums,
            lines,
            prior_settled,
            ignored,
            rejected,
        })
    }
}

/// The dates and currency a record must fit.
struct Window {
    start: NaiveDate,
    end: NaiveDate,
    as_of: NaiveDate,
    currency: Currency,
}

impl Window {
    fn check(&self, date: NaiveDate, currency: Option<Currency>, at: At) -> Result<(), Problem> {
        if date < self.start || date > self.end {
            return Err(Problem::new(
                ErrorCode::DateOutsidePeriod,
                at.field("date"),
                format!(
                    "{date} is outside the period {} to {}",
                    self.start, self.end
                ),
            ));
        }
        if date > self.as_of {
            return Err(Problem::new(
                ErrorCode::EventAfterAsOf,
                at.field("date"),
                format!("{date} is after asOf {}", self.as_of),
            ));
        }
        if let Some(c) = currency {
            if c != self.currency {
                return Err(Problem::new(
                    ErrorCode::CurrencyMismatch,
                    at.field("currency"),
                    format!("{c} in an agreement settled in {}", self.currency),
                ));
            }
        }
        Ok(())
    }
}

/// The record, or its decoding problem placed under the list.
fn decoded<T>(entry: &WireEntry<T>, at: At) -> Result<&T, Problem> {
    match entry {
        WireEntry::Decoded(record) => Ok(record),
        WireEntry::Rejected { problem, .. } => Err(problem.clone().under(&at.record())),
    }
}

/// Where a record is (`lines`, 3); its paths are only written out when something is wrong, so
/// a clean record costs no string formatting.
#[derive(Clone, Copy)]
struct At(&'static str, usize);

impl At {
    fn record(self) -> String {
        format!("{}[{}]", self.0, self.1)
    }

    fn field(self, field: &str) -> String {
        format!("{}[{}].{field}", self.0, self.1)
    }

    /// `what` left the decimal range with this record's `field`.
    fn overflow(self, field: &str, id: &str, what: &str) -> Problem {
        overflow(
            self.field(field),
            format!("{} `{id}`: {what}", record_kind(self.0)),
        )
    }

    fn not_negative(self, value: Decimal, field: &str) -> Result<(), Problem> {
        if value.is_sign_negative() && !value.is_zero() {
            return not_negative(value, &self.record(), field);
        }
        Ok(())
    }
}

fn record_kind(list: &str) -> &'static str {
    match list {
        "lines" => "order line",
        "returns" => "return",
        "invoices" => "invoice",
        "payments" => "payment",
        _ => "record",
    }
}

pub(crate) fn not_negative(value: Decimal, path: &str, field: &str) -> Result<(), Problem> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(Problem::new(
            ErrorCode::NegativeAmount,
            format!("{path}.{field}"),
            format!("{field} {value} must not be negative"),
        ));
    }
    Ok(())
}

fn rejection<T: TextRecord>(index: usize, entry: &WireEntry<T>, error: Problem) -> Rejection {
    Rejection {
        index,
        id: entry.id().map(str::to_string),
        error,
    }
}

//! The request's records checked one by one: each is kept or rejected with a code and a path.

use super::request::*;
use crate::batch::Rejection;
use crate::error::{Error, ErrorCode, ErrorKind, Problem};
use crate::money::Currency;
use crate::wire::decode::decode_problem;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashSet;

/// The accepted records, in input order.
pub(crate) struct Books {
    pub contracts: Vec<ContractRecord>,
    pub payments: Vec<ReconcilePaymentRecord>,
    pub invoices: Vec<ReconcileInvoiceRecord>,
    pub receivables: Vec<ReceivableRecord>,
    pub quotes: Vec<QuoteRecord>,
    pub history: Vec<MarginHistoryRecord>,
    /// Each accepted record's index in its request list, for the paths of overflows.
    pub at: Indices,
    pub rejected: Vec<Rejection>,
}

/// Where the accepted records of each list were in the request.
#[derive(Default)]
pub(crate) struct Indices {
    pub contracts: Vec<usize>,
    pub payments: Vec<usize>,
    pub invoices: Vec<usize>,
    pub quotes: Vec<usize>,
    pub history: Vec<usize>,
}

/// A sum or quotient over accepted records that left the decimal range: the reconciliation
/// fails (an input error) at the record and field that took it out, named by its id. The
/// report's figures are per contract and per category, but a figure that cannot be computed
/// would otherwise be shown wrong or missing.
pub(crate) fn overflow(list: &str, index: usize, field: &str, what: String) -> Error {
    Error::single(
        ErrorKind::Input,
        Problem::new(
            ErrorCode::Overflow,
            format!("{list}[{index}].{field}"),
            format!("{what} left the decimal range"),
        ),
    )
}

impl Books {
    pub fn read(request: &ReconcileRequest) -> Result<Books, Error> {
        let p = &request.policy;
        for (value, name) in [
            (p.payment_deviation, "policy.paymentDeviation"),
            (p.match_tolerance, "policy.matchTolerance"),
            (p.margin_floor, "policy.marginFloor"),
            (p.history_tolerance, "policy.historyTolerance"),
        ] {
            if value.is_sign_negative() && !value.is_zero() {
                return Err(Error::single(
                    ErrorKind::Input,
                    Problem::new(
                        ErrorCode::OutOfRange,
                        name,
                        format!("{value} must not be negative"),
                    ),
                ));
            }
        }
        let mut rejected = Vec::new();
        let ctx = Context {
            as_of: request.as_of,
            currency: request.currency,
        };
        let mut at = Indices::default();
        let contracts = read_all(
            &mut at.contracts,
            &request.contracts,
            "contracts",
            &mut rejected,
            |c: &ContractRecord, path| {
                ctx.check(Some(c.date), c.currency, path)?;
                positive(c.amount, path, "amount")
            },
        );
        let known: HashSet<&str> = contracts.iter().map(|c| c.id.as_str()).collect();
        let unknown_contract = |id: &str, path: &str| {
            Problem::new(
                ErrorCode::UnknownDeal,
                format!("{path}.contractId"),
                format!("contract `{id}` is not among the accepted contracts"),
            )
        };
        let receivables = read_all(
            &mut Vec::new(),
            &request.receivables,
            "receivables",
            &mut rejected,
            |r: &ReceivableRecord, path| {
                ctx.check(None, r.currency, path)?;
                not_negative(r.amount, path, "amount")
            },
        );
        let receivable_ids: HashSet<&str> = receivables.iter().map(|r| r.id.as_str()).collect();
        let payments = read_all(
            &mut at.payments,
            &request.payments,
            "payments",
            &mut rejected,
            |pay: &ReconcilePaymentRecord, path| {
                ctx.check(Some(pay.date), pay.currency, path)?;
                not_negative(pay.amount, path, "amount")?;
                if let Some(id) = pay.contract_id.as_deref() {
                    if !known.contains(id) {
                        return Err(unknown_contract(id, path));
                    }
                }
                if let Some(id) = pay.receivable_id.as_deref() {
                    if !receivable_ids.contains(id) {
                        return Err(Problem::new(
                            ErrorCode::InvalidValue,
                            format!("{path}.receivableId"),
                            format!("receivable `{id}` is not among the accepted receivables"),
                        ));
                    }
                }
                Ok(())
            },
        );
        let invoices = read_all(
            &mut at.invoices,
            &request.invoices,
            "invoices",
            &mut rejected,
            |inv: &ReconcileInvoiceRecord, path| {
                ctx.check(Some(inv.date), inv.currency, path)?;
                not_negative(inv.amount, path, "amount")?;
                if !known.contains(inv.contract_id.as_str()) {
                    return Err(unknown_contract(&inv.contract_id, path));
                }
                Ok(())
            },
        );
        let quotes = read_all(
            &mut at.quotes,
            &request.quotes,
            "quotes",
            &mut rejected,
            |q: &QuoteRecord, path| {
                positive(q.price, path, "price")?;
                not_negative(q.cost, path, "cost")
            },
        );
        let history = read_all(
            &mut at.history,
            &request.history,
            "history",
            &mut rejected,
            |_: &MarginHistoryRecord, _| Ok(()),
        );
        Ok(Books {
            contracts,
            payments,
            invoices,
            receivables,
            quotes,
            history,
            at,
            rejected,
        })
    }
}

struct Context {
    as_of: NaiveDate,
    currency: Currency,
}

impl Context {
    fn check(
        &self,
        date: Option<NaiveDate>,
        currency: Option<Currency>,
        path: &str,
    ) -> Result<(), Problem> {
        if let Some(date) = date {
            if date > self.as_of {
                return Err(Problem::new(
                    ErrorCode::EventAfterAsOf,
                    format!("{path}.date"),
                    format!("{date} is after asOf {}", self.as_of),
                ));
            }
        }
        match currency {
            Some(c) if c != self.currency => Err(Problem::new(
                ErrorCode::CurrencyMismatch,
                format!("{path}.currency"),
                format!("{c} in a reconciliation in {}", self.currency),
            )),
            _ => Ok(()),
        }
    }
}

/// Decodes and checks every element of `items`; repeated ids are rejected too.
fn read_all<T: DeserializeOwned + HasId>(
    at: &mut Vec<usize>,
    items: &[Value],
    name: &str,
    rejected: &mut Vec<Rejection>,
    check: impl Fn(&T, &str) -> Result<(), Problem>,
) -> Vec<T> {
    let mut out = Vec::with_capacity(items.len());
    let mut ids = HashSet::new();
    for (i, raw) in items.iter().enumerate() {
        let path = format!("{name}[{i}]");
        let result = crate::wire::strict::from_value::<T>(raw)
            .or_else(|_| decode_problem(raw, &path))
            .and_then(|record: T| {
                check(&record, &path)?;
                if !ids.insert(record.id().to_string()) {
                    return Err(Problem::new(
                        ErrorCode::DuplicateId,
                        format!("{path}.id"),
                        format!("`{}` is listed twice", record.id()),
                    ));
                }
                Ok(record)
            });
        match result {
            Ok(record) => {
                out.push(record);
                at.push(i);
            }
            Err(error) => rejected.push(Rejection {
                index: i,
                id: raw.get("id").and_then(Value::as_str).map(str::to_string),
                error,
            }),
        }
    }
    out
}

trait HasId {
    fn id(&self) -> &str;
}

macro_rules! has_id {
    ($($t:ty),*) => { $(impl HasId for $t { fn id(&self) -> &str { &self.id } })* };
}
has_id!(
    ContractRecord,
    ReconcilePaymentRecord,
    ReconcileInvoiceRecord,
    ReceivableRecord,
    QuoteRecord,
    MarginHistoryRecord
);

fn not_negative(value: Decimal, path: &str, field: &str) -> Result<(), Problem> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(Problem::new(
            ErrorCode::NegativeAmount,
            format!("{path}.{field}"),
            format!("{field} {value} must not be negative"),
        ));
    }
    Ok(())
}

fn positive(value: Decimal, path: &str, field: &str) -> Result<(), Problem> {
    if value <= Decimal::ZERO {
        return Err(Problem::new(
            ErrorCode::OutOfRange,
            format!("{path}.{field}"),
            format!("{field} must be above 0 (got {value})"),
        ));
    }
    Ok(())
}

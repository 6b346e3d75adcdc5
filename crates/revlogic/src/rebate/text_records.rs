//! The period's records built straight from members given as text (see [`crate::wire::entry`]).

use super::request::{InvoiceRecord, OrderLineRecord, PaymentRecord, ReturnKind, ReturnRecord};
use crate::money::Currency;
use crate::wire::entry::{optional, TextRecord, Texts};
use crate::wire::scalar::{parse_date, parse_decimal};
use chrono::NaiveDate;
use rust_decimal::Decimal;

fn date(text: &Option<compact_str::CompactString>) -> Option<NaiveDate> {
    parse_date(text.as_deref()?).ok()
}

fn decimal(text: &Option<compact_str::CompactString>) -> Option<Decimal> {
    parse_decimal(text.as_deref()?).ok()
}

/// Every required slot holds text.
fn present(texts: &Texts, required: &[usize]) -> bool {
    required.iter().all(|&slot| texts[slot].is_some())
}

impl TextRecord for OrderLineRecord {
    const NAME: &'static str = "OrderLineRecord";
    const MEMBERS: &'static [&'static str] = &[
        "id", "orderId", "date", "sku", "category", "quantity", "amount", "currency",
    ];

    fn from_texts(t: &mut Texts) -> Option<Self> {
        if !present(t, &[0, 3]) {
            return None;
        }
        let date = date(&t[2])?;
        let quantity = optional(&t[5], parse_decimal)?;
        let amount = decimal(&t[6])?;
        let currency = optional(&t[7], Currency::parse)?;
        Some(OrderLineRecord {
            id: t[0].take()?,
            order_id: t[1].take(),
            date,
            sku: t[3].take()?,
            category: t[4].take(),
            quantity,
            amount,
            currency,
        })
    }

    fn id(&self) -> &str {
        &self.id
    }
}

impl TextRecord for ReturnRecord {
    const NAME: &'static str = "ReturnRecord";
    const MEMBERS: &'static [&'static str] = &[
        "id", "date", "lineId", "amount", "quantity", "kind", "currency",
    ];

    fn from_texts(t: &mut Texts) -> Option<Self> {
        if !present(t, &[0]) {
            return None;
        }
        let date = date(&t[1])?;
        let amount = decimal(&t[3])?;
        let quantity = optional(&t[4], parse_decimal)?;
        let kind = optional(&t[5], |kind| match kind {
            "goods" => Ok(ReturnKind::Goods),
            "rebateCreditNote" => Ok(ReturnKind::RebateCreditNote),
            _ => Err(()),
        })?;
        let currency = optional(&t[6], Currency::parse)?;
        Some(ReturnRecord {
            id: t[0].take()?,
            date,
            line_id: t[2].take(),
            amount,
            quantity,
            kind: kind.unwrap_or_default(),
            currency,
        })
    }

    fn id(&self) -> &str {
        &self.id
    }
}

impl TextRecord for InvoiceRecord {
    const NAME: &'static str = "InvoiceRecord";
    const MEMBERS: &'static [&'static str] = &["id", "date", "amount", "currency"];

    fn from_texts(t: &mut Texts) -> Option<Self> {
        if !present(t, &[0]) {
            return None;
        }
        let date = date(&t[1])?;
        let amount = decimal(&t[2])?;
        let currency = optional(&t[3], Currency::parse)?;
        Some(InvoiceRecord {
            id: t[0].take()?,
            date,
            amount,
            currency,
        })
    }

    fn id(&self) -> &str {
        &self.id
    }
}

impl TextRecord for PaymentRecord {
    const NAME: &'static str = "PaymentRecord";
    const MEMBERS: &'static [&'static str] = &["id", "date", "invoiceId", "amount", "currency"];

    fn from_texts(t: &mut Texts) -> Option<Self> {
        if !present(t, &[0, 2]) {
            return None;
        }
        let date = date(&t[1])?;
        let amount = decimal(&t[3])?;
        let currency = optional(&t[4], Currency::parse)?;
        Some(PaymentRecord {
            id: t[0].take()?,
            date,
            invoice_id: t[2].take()?,
            amount,
            currency,
        })
    }

    fn id(&self) -> &str {
        &self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ErrorCode, Problem};
    use crate::wire::decode::decode_problem;
    use crate::wire::Entry;
    use serde_json::{json, Value};

    /// The same record through the text shortcut and through its serde decoder.
    fn both<T: TextRecord + std::fmt::Debug>(value: Value) -> (String, String) {
        let entry: Entry<T> = serde_json::from_value(value.clone()).expect("decodes");
        let schema: Result<T, _> = serde_json::from_value(value);
        (
            format!("{:?}", entry.decoded().expect("decoded by text")),
            format!("{:?}", schema.expect("decoded by its schema")),
        )
    }

    #[test]
    fn every_member_read_as_text_matches_the_serde_decoder() {
        let (a, b) = both::<OrderLineRecord>(json!({"id": "L1", "orderId": "O1",
            "date": "2026-01-05", "sku": "S", "category": "C", "quantity": "3",
            "amount": "10.50", "currency": "CNY"}));
        assert_eq!(a, b);
        let (a, b) = both::<ReturnRecord>(json!({"id": "R1", "date": "2026-01-06",
            "lineId": "L1", "amount": "1.00", "quantity": "1", "kind": "rebateCreditNote",
            "currency": "CNY"}));
        assert_eq!(a, b);
        let (a, b) = both::<InvoiceRecord>(
            json!({"id": "I1", "date": "2026-01-06", "amount": "1.00", "currency": "CNY"}),
        );
        assert_eq!(a, b);
        let (a, b) = both::<PaymentRecord>(json!({"id": "P1", "date": "2026-01-07",
            "invoiceId": "I1", "amount": "1.00", "currency": "CNY"}));
        assert_eq!(a, b);
    }

    /// The problem of a record through the text shortcut, and through its serde decoder.
    fn problems<T: TextRecord + std::fmt::Debug>(value: Value) -> (Problem, Problem) {
        let entry: Entry<T> = serde_json::from_value(value.clone()).expect("decodes");
        let Entry::Rejected { problem, .. } = entry else {
            panic!("expected {value} to be rejected");
        };
        let schema = decode_problem::<T>(&value, "").expect_err("the schema refuses it too");
        (problem, schema)
    }

    #[test]
    fn text_that_does_not_parse_gets_the_problem_the_serde_decoder_gives() {
        let line = |member: &str, text: &str| {
            let mut line = json!({"id": "L1", "date": "2026-01-05", "sku": "S", "amount": "1"});
            line[member] = json!(text);
            line
        };
        for (member, text, code) in [
            ("date", "2026-13-01", ErrorCode::InvalidDate),
            ("amount", "1,5", ErrorCode::InvalidDecimal),
            ("quantity", "three", ErrorCode::InvalidDecimal),
            ("currency", "XXX", ErrorCode::InvalidCurrency),
        ] {
            let (got, expected) = problems::<OrderLineRecord>(line(member, text));
            assert_eq!(got, expected);
            assert_eq!((got.code, got.path.as_str()), (code, member));
        }
        let (got, expected) = problems::<ReturnRecord>(
            json!({"id": "R1", "date": "2026-01-05", "amount": "1", "kind": "gift"}),
        );
        assert_eq!(got, expected);
        assert_eq!(got.path, "kind");
        let (got, expected) =
            problems::<PaymentRecord>(json!({"id": "P1", "date": "2026-01-05", "amount": "1"}));
        assert_eq!(got, expected);
        assert_eq!(
            (got.code, got.path.as_str()),
            (ErrorCode::MissingField, "invoiceId")
        );
    }
}

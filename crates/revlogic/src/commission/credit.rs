//! What a rep is credited with from one deal (the whole deal, a split share or an overlay),
//! and the crediting order a rep's credits are valued in.
//!
//! A credit carries every figure its statement line computes with, so a rep's credits are
//! valued without reaching back into the deals: in a batch of a million, each such reach is
//! a cache miss, and they cost more than the arithmetic.

use super::plan::PlanVersion;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::cmp::Ordering;

pub(super) struct Credit<'a> {
    pub crediting_date: NaiveDate,
    pub id: &'a str,
    /// The deal's position in the request, which problems name.
    pub index: u32,
    /// The deal's position among the accepted deals, which only detailed statements keep.
    pub deal: u32,
    /// The credited amount in the plan currency.
    pub amount: Decimal,
    /// The split or overlay share; `None` for a deal credited whole to its owner.
    pub share: Option<Decimal>,
    pub overlay: bool,
    pub version: &'a PlanVersion,
    pub rule: u32,
    pub kicker: Option<Decimal>,
    /// The rule's rate plus the kicker.
    pub rate: Decimal,
    /// Payable fraction of earned commission (0 to 1).
    pub fraction: Decimal,
}

/// Each rep's credits, in arrival order. A rep's list is sized for an even share of the batch
/// when its first credit comes: in a balanced batch no list is copied as it grows, and only
/// reps with credits reserve, so the total stays near the batch size.
pub(super) struct RepCredits<'a> {
    lists: Vec<Vec<Credit<'a>>>,
    even_share: usize,
}

impl<'a> RepCredits<'a> {
    pub fn new(reps: usize, deals: usize) -> Self {
        RepCredits {
            lists: (0..reps).map(|_| Vec::new()).collect(),
            even_share: deals.div_ceil(reps.max(1)),
        }
    }

    pub fn push(&mut self, rep: usize, credit: Credit<'a>) {
        let list = &mut self.lists[rep];
        if list.capacity() == 0 {
            list.reserve(self.even_share);
        }
        list.push(credit);
    }

    /// Appends another run's credits after this one's; `deal_offset` is the number of
    /// accepted deals before that run, added to its credits' deal positions.
    pub fn append(&mut self, other: RepCredits<'a>, deal_offset: u32) {
        for (list, more) in self.lists.iter_mut().zip(other.lists) {
            list.extend(more.into_iter().map(|mut credit| {
                credit.deal += deal_offset;
                credit
            }));
        }
    }

    pub fn take(&mut self, rep: usize) -> Vec<Credit<'a>> {
        std::mem::take(&mut self.lists[rep])
    }
}

/// A credit's place in crediting order: date, then deal id. The date and the id's first eight
/// bytes are compared as one integer, whole ids only when those tie, so most comparisons read
/// no string.
#[derive(Clone, Copy)]
pub(super) struct CreditOrder<'a> {
    key: u128,
    id: &'a str,
    /// The credit's position in the rep's list.
    pub at: u32,
}

impl<'a> CreditOrder<'a> {
    fn of(credit: &Credit<'a>, at: usize) -> Self {
        CreditOrder {
            key: order_key(credit.crediting_date, credit.id),
            id: credit.id,
            at: at as u32,
        }
    }

    fn cmp(&self, other: &Self) -> Ordering {
        self.key.cmp(&other.key).then_with(|| self.id.cmp(other.id))
    }
}

/// A rep's credits in crediting order, into `order` (cleared first, so one buffer serves
/// every rep). A rep is credited at most once per deal, so the keys are distinct and an
/// unstable sort is still deterministic.
pub(super) fn crediting_order<'a>(credits: &[Credit<'a>], order: &mut Vec<CreditOrder<'a>>) {
    order.clear();
    order.extend(
        credits
            .iter()
            .enumerate()
            .map(|(i, c)| CreditOrder::of(c, i)),
    );
    order.sort_unstable_by(CreditOrder::cmp);
}

/// The date's day number (its sign bit flipped, so earlier dates stay smaller as unsigned)
/// above the id's prefix.
fn order_key(date: NaiveDate, id: &str) -> u128 {
    let day = date.num_days_from_ce() as u32 ^ 0x8000_0000;
    (u128::from(day) << 64) | u128::from(id_prefix(id))
}

/// The first eight bytes of an id, big-endian and padded with zeros: if two ids' prefixes
/// differ, the ids compare the same way (a shorter id padded with zeros sorts before any
/// longer one it starts).
fn id_prefix(id: &str) -> u64 {
    let bytes = id.as_bytes();
    let mut head = [0u8; 8];
    let n = bytes.len().min(8);
    head[..n].copy_from_slice(&bytes[..n]);
    u64::from_be_bytes(head)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn prefix_order_agrees_with_id_order(a in "[\\x00-\\x7f]{0,12}", b in "[\\x00-\\x7f]{0,12}") {
            let (pa, pb) = (id_prefix(&a), id_prefix(&b));
            if pa != pb {
                prop_assert_eq!(pa.cmp(&pb), a.cmp(&b));
            }
        }

        #[test]
        fn sorts_as_date_then_whole_id(
            keys in prop::collection::vec((-3i32..4, "D[0-9]{0,10}|[a-c\\x00]{0,10}"), 0..60)
        ) {
            // Days on both sides of day 0 of the calendar, where the day number changes sign.
            let keys: Vec<(NaiveDate, String)> = keys
                .into_iter()
                .map(|(d, id)| (NaiveDate::from_num_days_from_ce_opt(d).expect("a date"), id))
                .collect();
            let mut order: Vec<CreditOrder> = keys
                .iter()
                .enumerate()
                .map(|(i, (date, id))| CreditOrder { key: order_key(*date, id), id, at: i as u32 })
                .collect();
            order.sort_by(CreditOrder::cmp);
            let mut expected: Vec<&(NaiveDate, String)> = keys.iter().collect();
            expected.sort();
            let sorted: Vec<&(NaiveDate, String)> = order.iter().map(|o| &keys[o.at as usize]).collect();
            prop_assert_eq!(sorted, expected);
        }
    }
}

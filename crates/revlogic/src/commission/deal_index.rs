//! Every deal id a statement request names, with the position it first appears at (duplicates
//! are found through it) and its payments. One table rather than one per question: each is as
//! large as the batch, and a statement is bound by random accesses into such tables, not by
//! arithmetic. A deal's id is hashed once; its payments sit side by side in one flat list
//! instead of a small vector per deal.

use super::request::{PaymentRecord, StatementRequest};
use crate::fast_map::FastMap;

pub(super) struct DealIndex<'r> {
    /// Per deal of the request, its slot (`NO_SLOT` for a deal that names no id): read in
    /// order, so the statement does not hash an id a second time.
    slot_of_deal: Vec<u32>,
    /// Per slot: the position of the first deal with that id.
    first: Vec<u32>,
    /// Per slot, the range of its payments in `payments` (`offsets[s]..offsets[s + 1]`).
    offsets: Vec<u32>,
    payments: Vec<&'r PaymentRecord>,
}

/// One deal id's entry in the index.
#[derive(Clone, Copy)]
pub(super) struct DealSlot<'i, 'r> {
    /// The position of the first deal with this id.
    pub first: usize,
    /// The payments naming the deal, in request order.
    pub payments: &'i [&'r PaymentRecord],
}

impl<'r> DealIndex<'r> {
    /// The index, and the positions of payments naming a deal the request does not have.
    pub fn build(request: &'r StatementRequest) -> (Self, Vec<usize>) {
        let mut slots: FastMap<&str, u32> =
            FastMap::with_capacity_and_hasher(request.deals.len(), Default::default());
        let mut first = Vec::with_capacity(request.deals.len());
        let mut slot_of_deal = Vec::with_capacity(request.deals.len());
        for (i, entry) in request.deals.iter().enumerate() {
            let slot = match entry.id() {
                Some(id) => *slots.entry(id).or_insert_with(|| {
                    first.push(i as u32);
                    (first.len() - 1) as u32
                }),
                None => NO_SLOT,
            };
            slot_of_deal.push(slot);
        }
        // Counting sort of the payments by slot: one pass to count, one to place.
        let mut offsets = vec![0u32; first.len() + 1];
        let mut slot_of_payment = Vec::with_capacity(request.payments.len());
        let mut unknown = Vec::new();
        for (i, p) in request.payments.iter().enumerate() {
            match slots.get(p.deal.as_str()) {
                Some(&s) => {
                    offsets[s as usize + 1] += 1;
                    slot_of_payment.push(s);
                }
                None => {
                    unknown.push(i);
                    slot_of_payment.push(NO_SLOT);
                }
            }
        }
        for s in 1..offsets.len() {
            offsets[s] += offsets[s - 1];
        }
        let mut next = offsets.clone();
        let mut payments: Vec<Option<&PaymentRecord>> = vec![None; request.payments.len()];
        for (p, &s) in request.payments.iter().zip(&slot_of_payment) {
            if s != NO_SLOT {
                let at = &mut next[s as usize];
                payments[*at as usize] = Some(p);
                *at += 1;
            }
        }
        let payments = payments.into_iter().flatten().collect();
        let index = DealIndex {
            slot_of_deal,
            first,
            offsets,
            payments,
        };
        (index, unknown)
    }

    /// The entry of the id the deal at `position` names.
    pub fn of_deal(&self, position: usize) -> Option<DealSlot<'_, 'r>> {
        let s = *self.slot_of_deal.get(position)?;
        if s == NO_SLOT {
            return None;
        }
        let s = s as usize;
        let range = self.offsets[s] as usize..self.offsets[s + 1] as usize;
        Some(DealSlot {
            first: self.first[s] as usize,
            payments: &self.payments[range],
        })
    }
}

const NO_SLOT: u32 = u32::MAX;

//! Every deal id a statement request names, with the position it first appears at (duplicates
//! are found through it) and its payments. One table rather than one per question: each is as
//! large as the batch, and a statement is bound by random accesses into such tables, not by
//! arithmetic. A deal's id is hashed once; its payments sit side by side in one flat list
//! instead of a small vector per deal.
//!
//! A large batch is indexed on several cores: the ids are hashed in contiguous runs, then
//! each core builds the table for its own share of the hashes. A deal's entry (its first
//! position, its payments in request order) does not depend on how the work was shared.

use super::request::{PaymentRecord, StatementRequest};
use crate::fast_map::{Prehashed, PrehashedMap};
use crate::parallel;

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

/// One share of the ids: those whose hash falls in it, with slots numbered from 0.
struct Share {
    /// Per slot of the share: the position of the first deal with that id.
    first: Vec<u32>,
    /// (deal position, slot) of each deal in the share, in request order.
    deals: Vec<(u32, u32)>,
    /// Per slot of the share: how many payments name it.
    payment_counts: Vec<u32>,
    /// (payment position, slot) of each payment naming a deal in the share.
    payments: Vec<(u32, u32)>,
}

impl<'r> DealIndex<'r> {
    /// The index, and the positions of payments naming a deal the request does not have;
    /// built with the ids shared among `parts` cores (any number gives the same entries).
    pub fn build(request: &'r StatementRequest, parts: usize) -> (Self, Vec<usize>) {
        let deal_ids = hashed(request.deals.len(), parts, |i| request.deals[i].id());
        let payment_ids = hashed(request.payments.len(), parts, |i| {
            Some(request.payments[i].deal.as_str())
        });
        let shares = parallel::map_parts((0..parts).collect(), |share| {
            index_share(&deal_ids, &payment_ids, share, parts)
        });

        let mut slot_of_deal = vec![NO_SLOT; request.deals.len()];
        let mut slot_of_payment = vec![NO_SLOT; request.payments.len()];
        let slots = shares.iter().map(|s| s.first.len()).sum();
        let mut first = Vec::with_capacity(slots);
        let mut offsets = Vec::with_capacity(slots + 1);
        offsets.push(0u32);
        for share in &shares {
            let base = first.len() as u32;
            first.extend_from_slice(&share.first);
            for &(deal, slot) in &share.deals {
                slot_of_deal[deal as usize] = base + slot;
            }
            for &(payment, slot) in &share.payments {
                slot_of_payment[payment as usize] = base + slot;
            }
            for &count in &share.payment_counts {
                let end = offsets.last().copied().unwrap_or(0) + count;
                offsets.push(end);
            }
        }
        // Each slot's payments placed in request order, from its offset on.
        let mut next = offsets.clone();
        let mut placed: Vec<Option<&PaymentRecord>> = vec![None; request.payments.len()];
        let mut unknown = Vec::new();
        for (i, (p, &s)) in request.payments.iter().zip(&slot_of_payment).enumerate() {
            if s == NO_SLOT {
                unknown.push(i);
            } else {
                let at = &mut next[s as usize];
                placed[*at as usize] = Some(p);
                *at += 1;
            }
        }
        let index = DealIndex {
            slot_of_deal,
            first,
            offsets,
            payments: placed.into_iter().flatten().collect(),
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

/// The ids at `0..len` with their hashes, hashed in contiguous runs on `parts` cores.
fn hashed<'r>(
    len: usize,
    parts: usize,
    id_at: impl Fn(usize) -> Option<&'r str> + Sync,
) -> Vec<Option<Prehashed<'r>>> {
    parallel::map_parts(parallel::ranges(len, parts), |run| {
        run.map(|i| id_at(i).map(Prehashed::new))
            .collect::<Vec<_>>()
    })
    .concat()
}

/// Which of `parts` shares a hash belongs to. Bits the hash table itself does not read
/// (it takes the lowest for the bucket and the top seven as a tag), so the keys of one share
/// still spread over its table.
fn share_of(hash: u64, parts: usize) -> usize {
    ((hash >> 32) as u32 as usize) % parts
}

fn index_share(
    deals: &[Option<Prehashed>],
    payments: &[Option<Prehashed>],
    share: usize,
    parts: usize,
) -> Share {
    let ours = |key: &Prehashed| share_of(key.hash, parts) == share;
    let expected = deals.len() / parts + 1;
    let mut slots: PrehashedMap<u32> =
        PrehashedMap::with_capacity_and_hasher(expected, Default::default());
    let mut out = Share {
        first: Vec::with_capacity(expected),
        deals: Vec::with_capacity(expected),
        payment_counts: Vec::new(),
        payments: Vec::new(),
    };
    for (i, key) in deals.iter().enumerate() {
        let Some(key) = key.filter(|k| ours(k)) else {
            continue;
        };
        let slot = *slots.entry(key).or_insert_with(|| {
            out.first.push(i as u32);
            (out.first.len() - 1) as u32
        });
        out.deals.push((i as u32, slot));
    }
    out.payment_counts = vec![0; out.first.len()];
    for (i, key) in payments.iter().enumerate() {
        let Some(key) = key.filter(|k| ours(k)) else {
            continue;
        };
        if let Some(&slot) = slots.get(&key) {
            out.payment_counts[slot as usize] += 1;
            out.payments.push((i as u32, slot));
        }
    }
    out
}

const NO_SLOT: u32 = u32::MAX;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Per deal, its entry as positions: the first deal with its id and its payments.
    type Entries = Vec<Option<(usize, Vec<usize>)>>;

    /// Each deal's entry, and the payments naming no deal of the request.
    fn entries(request: &StatementRequest, parts: usize) -> (Entries, Vec<usize>) {
        let (index, unknown) = DealIndex::build(request, parts);
        let position = |p: &PaymentRecord| {
            request
                .payments
                .iter()
                .position(|q| std::ptr::eq(p, q))
                .expect("a payment of the request")
        };
        let entries = (0..request.deals.len())
            .map(|i| {
                index.of_deal(i).map(|slot| {
                    (
                        slot.first,
                        slot.payments.iter().map(|p| position(p)).collect(),
                    )
                })
            })
            .collect();
        (entries, unknown)
    }

    #[test]
    fn every_id_has_its_first_position_and_its_payments_in_order_however_shared() {
        let deals: Vec<_> = (0..500)
            .map(|i| {
                // Every seventh deal repeats an earlier id; every eleventh names none.
                let id = if i % 7 == 6 {
                    format!("D{}", i / 2)
                } else {
                    format!("D{i}")
                };
                if i % 11 == 10 {
                    json!({"rep": "r", "amount": "1", "closeDate": "2026-01-01"})
                } else {
                    json!({"id": id, "rep": "r", "amount": "1", "closeDate": "2026-01-01"})
                }
            })
            .collect();
        let payments: Vec<_> = (0..1000)
            .map(|i| json!({"id": format!("P{i}"), "deal": format!("D{}", (i * 37) % 700), "amount": "1", "date": "2026-01-02"}))
            .collect();
        let request: StatementRequest = serde_json::from_value(json!({
            "period": {"from": "2026-01-01", "to": "2026-03-31"}, "asOf": "2026-03-31",
            "reps": [{"id": "r", "quota": "1"}], "deals": deals, "payments": payments,
        }))
        .unwrap();

        // The entries found the slow way: a scan for the first deal with the id, a filter
        // for its payments.
        let id = |i: usize| request.deals[i].id();
        let naive: Entries = (0..request.deals.len())
            .map(|i| {
                let own = id(i)?;
                let first = (0..=i).find(|&j| id(j) == Some(own))?;
                let paid = (0..request.payments.len())
                    .filter(|&p| request.payments[p].deal.as_str() == own)
                    .collect();
                Some((first, paid))
            })
            .collect();
        let unknown: Vec<usize> = (0..request.payments.len())
            .filter(|&p| {
                (0..request.deals.len()).all(|i| id(i) != Some(request.payments[p].deal.as_str()))
            })
            .collect();
        assert_eq!(naive[6].as_ref().map(|e| e.0), Some(3), "D3 again");
        assert_eq!(naive[10], None, "no id");
        assert!(naive.iter().flatten().any(|(_, paid)| paid.len() > 1));
        assert!(!unknown.is_empty());
        for parts in [1, 2, 3, 5] {
            assert_eq!(entries(&request, parts), (naive.clone(), unknown.clone()));
        }
    }
}

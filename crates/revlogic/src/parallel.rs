//! Large batches split over the machine's cores.
//!
//! A batch is cut into contiguous parts and the results come back in part order, so the
//! caller merges them exactly as one pass in order would have produced them: the outcome
//! never depends on how many threads ran. WebAssembly has no threads here, so there every
//! part runs on the calling thread.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Below this many items a batch stays on the calling thread: starting a thread would cost
/// more than it saves.
const MIN_ITEMS_PER_PART: usize = 8_192;

/// More threads than this gain little on one statement and crowd out the host's own work.
const MAX_PARTS: usize = 8;

/// The cap set by [`set_max_threads`]; 0 until one is set.
static MAX_THREADS: AtomicUsize = AtomicUsize::new(0);

/// Caps how many threads one call may use for a large batch; `1` keeps every call on the
/// caller's thread, `0` restores the default: the machine's cores, at most 8. A host that
/// already runs many calls side by side (a web server) may want `1`. Results never depend
/// on it. WebAssembly always runs on one thread.
pub fn set_max_threads(threads: usize) {
    MAX_THREADS.store(threads, Ordering::Relaxed);
}

/// How many threads one call may use for a large batch (see [`set_max_threads`]).
pub fn max_threads() -> usize {
    match MAX_THREADS.load(Ordering::Relaxed) {
        0 => cores().min(MAX_PARTS),
        cap => cap.min(cores()),
    }
}

/// How many parts a batch of `items` is worth splitting into on this machine.
pub(crate) fn parts_for(items: usize) -> usize {
    let worth = items / MIN_ITEMS_PER_PART;
    if worth < 2 {
        return 1;
    }
    worth.min(max_threads())
}

#[cfg(not(target_family = "wasm"))]
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(target_family = "wasm")]
fn cores() -> usize {
    1
}

/// `0..len` cut into `parts` contiguous ranges whose sizes differ by at most one.
pub(crate) fn ranges(len: usize, parts: usize) -> Vec<Range<usize>> {
    let parts = parts.clamp(1, len.max(1));
    let (size, extra) = (len / parts, len % parts);
    let mut start = 0;
    (0..parts)
        .map(|i| {
            let end = start + size + usize::from(i < extra);
            let range = start..end;
            start = end;
            range
        })
        .collect()
}

/// Items with these weights cut into at most `parts` contiguous ranges of about equal total
/// weight, every range holding at least one item; no ranges for no items.
pub(crate) fn ranges_by_weight(weights: &[usize], parts: usize) -> Vec<Range<usize>> {
    let parts = parts.clamp(1, weights.len().max(1));
    let total: usize = weights.iter().sum();
    let mut cut = Vec::with_capacity(parts);
    let (mut start, mut before) = (0, 0);
    for (i, weight) in weights.iter().enumerate() {
        before += weight;
        let later_parts = parts - cut.len() - 1;
        let items_left = weights.len() - i - 1;
        // A range closes once it holds its share of the weight, or when every later part
        // needs one of the remaining items.
        let share_reached = before * parts >= total * (cut.len() + 1);
        if later_parts > 0 && (share_reached || items_left == later_parts) {
            cut.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < weights.len() {
        cut.push(start..weights.len());
    }
    cut
}

/// `work` applied to every part, the first on the calling thread and each other on a thread
/// of its own; the results in part order. A panic in any part resumes on the caller.
pub(crate) fn map_parts<I: Send, T: Send>(parts: Vec<I>, work: impl Fn(I) -> T + Sync) -> Vec<T> {
    #[cfg(not(target_family = "wasm"))]
    if parts.len() > 1 {
        let work = &work;
        return std::thread::scope(|scope| {
            let mut parts = parts.into_iter();
            let first = parts.next();
            let others: Vec<_> = parts.map(|part| scope.spawn(move || work(part))).collect();
            let mut results = Vec::with_capacity(others.len() + 1);
            results.extend(first.map(work));
            for handle in others {
                results.push(
                    handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                );
            }
            results
        });
    }
    parts.into_iter().map(work).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_every_item_once_in_order_and_differ_by_at_most_one() {
        for len in [0, 1, 2, 7, 100, 8_193] {
            for parts in 1..=9 {
                let cut = ranges(len, parts);
                assert!(!cut.is_empty() && cut.len() <= parts.max(1));
                assert_eq!(cut.first().map(|r| r.start), Some(0));
                assert_eq!(cut.last().map(|r| r.end), Some(len));
                assert!(cut.windows(2).all(|w| w[0].end == w[1].start));
                let sizes: Vec<usize> = cut.iter().map(|r| r.len()).collect();
                let (min, max) = (sizes.iter().min(), sizes.iter().max());
                assert!(max.zip(min).is_some_and(|(a, b)| a - b <= 1), "{sizes:?}");
            }
        }
    }

    #[test]
    fn weighted_ranges_cover_every_item_once_and_balance_the_weight() {
        let weights = [5, 5, 5, 5, 100, 1, 1, 1, 1, 1, 80];
        for parts in 1..=12 {
            let cut = ranges_by_weight(&weights, parts);
            assert!(!cut.is_empty() && cut.len() <= parts);
            assert!(cut.iter().all(|r| !r.is_empty()));
            assert_eq!(cut.first().map(|r| r.start), Some(0));
            assert_eq!(cut.last().map(|r| r.end), Some(weights.len()));
            assert!(cut.windows(2).all(|w| w[0].end == w[1].start));
        }
        let cut = ranges_by_weight(&weights, 2);
        assert_eq!(
            cut,
            [0..5, 5..11],
            "120 against 84: the heavy item closes the first"
        );
        let even = ranges_by_weight(&[1; 200], 2);
        assert_eq!(even, [0..100, 100..200]);
        assert!(ranges_by_weight(&[], 4).is_empty());
        assert_eq!(ranges_by_weight(&[0, 0, 0], 2), [0..1, 1..3]);
    }

    #[test]
    fn results_come_back_in_part_order() {
        let parts: Vec<Vec<u64>> = ranges(100_000, 4)
            .into_iter()
            .map(|r| (r.start as u64..r.end as u64).collect())
            .collect();
        let sums = map_parts(parts, |part| (part[0], part.iter().sum::<u64>()));
        let firsts: Vec<u64> = sums.iter().map(|(first, _)| *first).collect();
        assert_eq!(firsts, [0, 25_000, 50_000, 75_000]);
        assert_eq!(
            sums.iter().map(|(_, s)| s).sum::<u64>(),
            (0..100_000u64).sum::<u64>()
        );
    }

    #[test]
    fn small_batches_stay_on_one_thread_and_large_ones_keep_to_the_cap() {
        assert_eq!(parts_for(0), 1);
        assert_eq!(parts_for(MIN_ITEMS_PER_PART * 2 - 1), 1);
        assert!(parts_for(10_000_000) <= MAX_PARTS);
        assert_eq!(parts_for(10_000_000), max_threads());
        // The cap is process-wide; this is the only test that sets it.
        set_max_threads(1);
        assert_eq!((max_threads(), parts_for(10_000_000)), (1, 1));
        set_max_threads(0);
        assert_eq!(max_threads(), cores().min(MAX_PARTS));
    }
}

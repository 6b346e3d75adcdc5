//! The allocator. WebAssembly memory grows only by `memory.grow`, which V8 makes costly, and
//! Rust's default wasm allocator (dlmalloc) asks for just the pages each allocation lacks: a
//! batch of 200,000 records grew the memory thousands of times, and those calls took most of
//! the time (8× native). talc with this handler grows the memory geometrically instead — by at
//! least a quarter of its current size — so a batch needs a few dozen grows.

use core::alloc::Layout;
use talc::{OomHandler, Span, Talc, Talck};

const PAGE: usize = 64 * 1024;

/// Grows WebAssembly memory geometrically on out-of-memory and hands the new pages to talc.
pub struct GrowGeometrically {
    /// The heap talc manages, extended in place while the grown pages follow it.
    heap: Span,
}

#[global_allocator]
// SAFETY: wasm32-unknown-unknown without threads is single-threaded, as `AssumeUnlockable`
// requires, and nothing else in the module grows memory behind the allocator's back.
static ALLOCATOR: Talck<talc::locking::AssumeUnlockable, GrowGeometrically> =
    Talc::new(GrowGeometrically {
        heap: Span::empty(),
    })
    .lock();

impl OomHandler for GrowGeometrically {
    fn handle_oom(talc: &mut Talc<Self>, layout: Layout) -> Result<(), ()> {
        let needed = (layout.size() + layout.align() + 64).div_ceil(PAGE);
        let current = core::arch::wasm32::memory_size::<0>();
        let wanted = needed.max(current / 4).max(16);
        // A large step may be refused by the host's memory limit: fall back to what is needed.
        let (start, grown) = [wanted, needed]
            .into_iter()
            .find_map(|pages| {
                let start = core::arch::wasm32::memory_grow::<0>(pages);
                (start != usize::MAX).then_some((start, pages))
            })
            .ok_or(())?;
        let base = (start * PAGE) as *mut u8;
        let end = base.wrapping_add(grown * PAGE);
        if let Some((heap_base, heap_end)) = talc.oom_handler.heap.get_base_acme() {
            if heap_end == base {
                // SAFETY: the new pages directly follow the heap talc already manages.
                talc.oom_handler.heap =
                    unsafe { talc.extend(talc.oom_handler.heap, Span::new(heap_base, end)) };
                return Ok(());
            }
        }
        // SAFETY: the pages were just grown for this allocator and are used by nothing else.
        talc.oom_handler.heap = unsafe { talc.claim(Span::new(base, end))? };
        Ok(())
    }
}

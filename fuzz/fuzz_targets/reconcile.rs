//! `revlogic::wire::ops::reconcile` on any JSON request. Reconciliation has no loader of its
//! own: the request carries its `policy` and is decoded and checked in one call.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(request) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let _ = revlogic::wire::ops::reconcile(&request);
});

//! `revlogic::wire::ops::load_assignment_policy` on any JSON document.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(document) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let _ = revlogic::wire::ops::load_assignment_policy(&document);
});

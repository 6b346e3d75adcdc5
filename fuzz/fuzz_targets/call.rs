//! `revlogic::wire::ops::call` for every operation: the first byte selects the operation
//! (`OPERATIONS[byte % OPERATIONS.len()]`), the rest is the operation's `input` as JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use revlogic::wire::ops::{call, OPERATIONS};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, json)) = data.split_first() else {
        return;
    };
    let operation = OPERATIONS[usize::from(selector) % OPERATIONS.len()];
    let Ok(input) = serde_json::from_slice::<serde_json::Value>(json) else {
        return;
    };
    let _ = call(operation, &input);
});

//! The wire's scalar parsers on any UTF-8 text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use revlogic::wire::scalar::{parse_date, parse_decimal, parse_instant};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_decimal(text);
    let _ = parse_date(text);
    let _ = parse_instant(text);
});

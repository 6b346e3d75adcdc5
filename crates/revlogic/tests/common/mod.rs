//! What several integration tests share: the conformance vector files, and a generator of
//! decimals over the wire's whole range. Each test crate uses only part of it.
#![allow(dead_code)]

use proptest::prelude::*;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};

/// Every `*.json` below `dir`, sorted, as paths.
pub fn vector_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("vectors folder")
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            vector_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// Any decimal of the wire's full range (28 significant digits) with 0–28 places, biased
/// towards the edges (large mantissas, many places) where overflow lives.
pub fn full_decimal() -> impl Strategy<Value = Decimal> {
    let mantissa = prop_oneof![
        any::<(u32, u32, u32)>(),
        (any::<u32>(), any::<u32>(), Just(u32::MAX)),
        (0u32..1_000_000, Just(0u32), Just(0u32)),
    ];
    (mantissa, any::<bool>(), 0u32..=28).prop_map(|((lo, mid, hi), negative, scale)| {
        // The wire takes at most 28 significant digits: a 29-digit mantissa keeps its lower 28.
        let full = Decimal::from_parts(lo, mid, hi, negative, scale);
        Decimal::from_i128_with_scale(full.mantissa() % 10i128.pow(28), scale)
    })
}

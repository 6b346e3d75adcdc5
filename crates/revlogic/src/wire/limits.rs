//! What one call may hold. The library runs inside other people's processes, so an input is
//! refused with `LIMIT_EXCEEDED` at its path before it can exhaust the stack or the memory of
//! the host. Every binding checks the same limits while it converts host values, and the core
//! checks them again while it decodes, so a Rust caller is held to them too.

use crate::error::ErrorCode;

/// The deepest nesting of arrays and objects: far beyond any document (a condition nested in
/// ten levels is already unusual), well within every host's native stack.
pub const MAX_DEPTH: usize = 128;

/// The most elements of one array: a batch of records, or any list inside one.
pub const MAX_LIST_LEN: usize = 2_000_000;

/// The longest text, in UTF-8 bytes: ids, names and field values are short; a megabyte of
/// text in one value is a mistake or an attack.
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// The problem of a value nested deeper than [`MAX_DEPTH`] (or a cycle, which never ends).
pub fn too_deep() -> (ErrorCode, String) {
    (
        ErrorCode::LimitExceeded,
        format!("nested more than {MAX_DEPTH} levels deep (or cyclic)"),
    )
}

/// The problem of an array of `len` elements, when that is more than [`MAX_LIST_LEN`].
pub fn list_too_long(len: usize) -> Option<(ErrorCode, String)> {
    (len > MAX_LIST_LEN).then(|| {
        (
            ErrorCode::LimitExceeded,
            format!("{len} elements; one list holds at most {MAX_LIST_LEN} (split the batch)"),
        )
    })
}

/// The problem of a text of `bytes` UTF-8 bytes, when that is more than [`MAX_TEXT_BYTES`].
pub fn text_too_long(bytes: usize) -> Option<(ErrorCode, String)> {
    (bytes > MAX_TEXT_BYTES).then(|| {
        (
            ErrorCode::LimitExceeded,
            format!("a text of {bytes} bytes; one value holds at most {MAX_TEXT_BYTES}"),
        )
    })
}

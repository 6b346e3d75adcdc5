#!/usr/bin/env bash
# Checks the invariants ARCHITECTURE.md states as absences: the core depends on no binding
# crate, does no I/O, reads no clock, draws no randomness, starts threads only in parallel.rs,
# and keeps floats out of its logic.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
fail=0
deps=$(cargo tree -p revlogic -e normal --prefix none --quiet)
if grep -Ei '^(pyo3|napi|napi-derive|wasm-bindgen|js-sys|web-sys|tsify|serde-wasm-bindgen|rand|getrandom)\b' <<<"$deps"; then
  echo "architecture: the core depends on a binding or randomness crate (above)"; fail=1
fi
# The library's own code: a file's unit tests follow its `#[cfg(test)]` line and may read the
# shared vector files.
core_code=$(find crates/revlogic/src -name '*.rs' -print0 | sort -z |
  xargs -0 awk 'FNR == 1 { in_tests = 0 } /#\[cfg\(test\)\]/ { in_tests = 1 } !in_tests { print FILENAME ":" FNR ":" $0 }')
if grep -E 'std::(fs|net|env|process)|SystemTime|Instant::now|Utc::now|Local::now|thread_rng|\bunsafe\b' <<<"$core_code"; then
  echo "architecture: I/O, clock, randomness or unsafe in the core (above)"; fail=1
fi
# Threads only in parallel.rs, which joins every result in order so that none depends on them.
if grep -E 'std::thread' <<<"$core_code" | grep -v '^crates/revlogic/src/parallel.rs:'; then
  echo "architecture: threads in the core outside parallel.rs (above)"; fail=1
fi
# Floats appear in the core only where the wire refuses them.
if grep -rnE '\bf(32|64)\b' crates/revlogic/src | grep -v 'crates/revlogic/src/wire/scalar.rs'; then
  echo "architecture: floating point in the core outside the wire refusal (above)"; fail=1
fi
grep -q '#!\[forbid(unsafe_code)\]' crates/revlogic/src/lib.rs || { echo "architecture: forbid(unsafe_code) missing"; fail=1; }
[ "$fail" = 0 ] && echo "architecture invariants hold"
exit "$fail"

#!/usr/bin/env bash
# Checks the invariants ARCHITECTURE.md states as absences: the core depends on no binding
# crate, does no I/O, reads no clock, draws no randomness, and keeps floats out of its logic.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
fail=0
deps=$(cargo tree -p revlogic -e normal --prefix none --quiet)
if grep -Ei '^(pyo3|napi|napi-derive|wasm-bindgen|js-sys|web-sys|tsify|serde-wasm-bindgen|rand|getrandom)\b' <<<"$deps"; then
  echo "architecture: the core depends on a binding or randomness crate (above)"; fail=1
fi
if grep -rnE 'std::(fs|net|env|process|thread)|SystemTime|Instant::now|Utc::now|Local::now|thread_rng|\bunsafe\b' crates/revlogic/src; then
  echo "architecture: I/O, clock, threads, randomness or unsafe in the core (above)"; fail=1
fi
# Floats appear in the core only where the wire refuses them.
if grep -rnE '\bf(32|64)\b' crates/revlogic/src | grep -v 'crates/revlogic/src/wire/scalar.rs'; then
  echo "architecture: floating point in the core outside the wire refusal (above)"; fail=1
fi
grep -q '#!\[forbid(unsafe_code)\]' crates/revlogic/src/lib.rs || { echo "architecture: forbid(unsafe_code) missing"; fail=1; }
[ "$fail" = 0 ] && echo "architecture invariants hold"
exit "$fail"

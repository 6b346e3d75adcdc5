#!/usr/bin/env bash
# Checks the invariants ARCHITECTURE.md states as absences: the core depends on no binding
# crate, does no I/O, reads no clock, draws no randomness, starts threads only in parallel.rs,
# keeps floats out of its logic and uses no arithmetic that panics on overflow.
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
# Floats appear in the core only where the wire refuses them (tests may compare with them).
if grep -E '\bf(32|64)\b' <<<"$core_code" | grep -vE '^crates/revlogic/src/wire/(scalar|strict).rs:'; then
  echo "architecture: floating point in the core outside the wire refusal (above)"; fail=1
fi
# No panicking arithmetic: operators on Decimal and dates are denied by clippy (lib.rs), and
# the MathematicalOps methods and Decimal sums that panic on overflow are refused here.
if grep -nE '\.(powi|powu|powf|powd|exp|exp_with_tolerance|ln|log10|sin|cos|tan|erf|norm_cdf|norm_pdf)\(|sum::<Decimal>|: Decimal = [^;]*\.sum\(\)' <<<"$core_code"; then
  echo "architecture: panicking decimal arithmetic in the core (above): use the checked forms"; fail=1
fi
grep -q '#!\[deny(clippy::arithmetic_side_effects)\]' crates/revlogic/src/lib.rs ||
  { echo "architecture: deny(clippy::arithmetic_side_effects) missing from the core"; fail=1; }
grep -q '#!\[forbid(unsafe_code)\]' crates/revlogic/src/lib.rs || { echo "architecture: forbid(unsafe_code) missing"; fail=1; }
[ "$fail" = 0 ] && echo "architecture invariants hold"
exit "$fail"

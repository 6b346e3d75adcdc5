#!/usr/bin/env bash
# Fuzzes the revlogic core with cargo-fuzz (libFuzzer, nightly Rust). Not part of CI, which is
# stable-only: run it by hand or on a schedule. See fuzz/README.md.
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]   # each TARGET (default: all) for SECONDS (60)
#   bash scripts/fuzz.sh --list                  # the targets
#
# Environment: FUZZ_SANITIZER (address by default; `none` runs faster, the core has no unsafe
# code), FUZZ_KEEP_GOING=1 (libFuzzer fork mode: keep fuzzing after a crash, collecting every
# artifact, instead of stopping at the first), FUZZ_MAX_LEN (16384).
#
# Exits non-zero if any target crashed, hung, ran out of memory or did not run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

all_targets() { awk '/^\[\[bin\]\]/ { bin = 1 } bin && /^name = / { gsub(/"/, "", $3); print $3; bin = 0 }' fuzz/Cargo.toml; }

seconds=60
targets=()
for arg in "$@"; do
  case "$arg" in
    --list) all_targets; exit 0 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    ''|*[!0-9]*)
      all_targets | grep -qx -- "$arg" || { echo "fuzz.sh: no target \`$arg\` (see --list)" >&2; exit 2; }
      targets+=("$arg") ;;
    *) seconds="$arg" ;;
  esac
done
[ "${#targets[@]}" -gt 0 ] || mapfile -t targets < <(all_targets)
sanitizer="${FUZZ_SANITIZER:-address}"
max_len="${FUZZ_MAX_LEN:-16384}"

# (a) The toolchain: nightly (libFuzzer's instrumentation and the sanitizers need it) and
# cargo-fuzz. The main workspace stays on stable; only this script uses `+nightly`.
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz
fi

# (b) Seed corpora and the dictionary from the conformance vectors.
python3 fuzz/seeds.py "$root/fuzz/corpus"
dict="$root/fuzz/corpus/revlogic.dict"

echo "== building ${#targets[@]} target(s) (sanitizer: $sanitizer)"
if [ "$#" -eq 0 ] || [ "${#targets[@]}" -eq "$(all_targets | wc -l)" ]; then
  nice -n 10 cargo +nightly fuzz build -s "$sanitizer"
else
  for t in "${targets[@]}"; do nice -n 10 cargo +nightly fuzz build -s "$sanitizer" "$t"; done
fi

# (c) Run each target for the given time.
flags=(-max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048
       -dict="$dict" -print_final_stats=1)
[ "${FUZZ_KEEP_GOING:-0}" = 1 ] && flags+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
logs="$root/fuzz/target/logs"
mkdir -p "$logs"
failed=0
report=()
for t in "${targets[@]}"; do
  artifacts="$root/fuzz/artifacts/$t"
  mkdir -p "$artifacts" "$root/fuzz/corpus/$t"
  marker="$(mktemp)"
  echo "== $t: ${seconds} s"
  start=$SECONDS
  rc=0
  nice -n 10 cargo +nightly fuzz run -s "$sanitizer" "$t" "$root/fuzz/corpus/$t" -- \
    "${flags[@]}" >"$logs/$t.log" 2>&1 || rc=$?
  elapsed=$((SECONDS - start))
  runs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$logs/$t.log" | tail -1 | grep -oE '[0-9]+$' || true)
  [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$logs/$t.log" | tail -1 | tr -d '#' || true)
  found=$(find "$artifacts" -type f -newer "$marker" \
    \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | sort)
  rm -f "$marker"
  if [ -n "$found" ]; then
    status="FOUND $(wc -l <<<"$found") artifact(s):"$'\n'"$(sed 's/^/    /' <<<"$found")"
    failed=1
  elif [ "$rc" != 0 ]; then
    status="FAILED (exit $rc, no artifact; see $logs/$t.log)"
    failed=1
  else
    status="no crash"
  fi
  line="$t: ${runs:-?} runs in ${elapsed} s, $status"
  echo "$line"
  report+=("$line")
done

echo
echo "== summary (logs in fuzz/target/logs/)"
printf '%s\n' "${report[@]}"
if [ "$failed" != 0 ]; then
  echo "fuzz.sh: a target found a crash; reproduce with"
  echo "  cargo +nightly fuzz run <target> <artifact>"
  echo "then minimise it (cargo +nightly fuzz tmin <target> <artifact>), keep it readable in"
  echo "fuzz/findings/ and turn it into a test vector (fuzz/README.md)."
fi
exit "$failed"

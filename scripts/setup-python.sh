#!/usr/bin/env bash
# Python side: a venv at .venv with maturin, pytest and mypy (skipped when present), then the
# extension built once in release mode and installed into the venv.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
missing=()
for tool in maturin pytest mypy; do
  "$venv/bin/python" -m pip show "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  "$venv/bin/python" -m pip install --quiet "maturin>=1.5,<2" pytest mypy
fi
VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" \
  "$venv/bin/maturin" develop --release --quiet -m "$root/bindings-python/Cargo.toml"

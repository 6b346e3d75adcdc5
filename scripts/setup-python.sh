#!/usr/bin/env bash
# Python side: a venv at .venv with maturin, pytest and mypy (each installed only when
# missing), then the extension built once, in release mode, and installed into the venv.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv"
python="$venv/bin/python"

[ -x "$python" ] || python3 -m venv "$venv"

missing=()
for requirement in "maturin>=1,<2" pytest mypy; do
  name="${requirement%%[<>=]*}"
  "$python" -m pip show --quiet "$name" >/dev/null 2>&1 || missing+=("$requirement")
done
if [ "${#missing[@]}" -gt 0 ]; then
  "$python" -m pip install --quiet --disable-pip-version-check "${missing[@]}"
fi

# `maturin develop` installs into the active venv; activating it by its variables is enough.
VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" \
  "$venv/bin/maturin" develop --release --quiet --manifest-path "$root/bindings-python/Cargo.toml"
"$python" -c 'import revlogic; print("revlogic", revlogic.__version__, "installed in", __import__("sys").prefix)'

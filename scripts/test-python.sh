#!/usr/bin/env bash
# Python tests (run scripts/setup-python.sh first): the conformance vectors, conversion edges
# and README examples under pytest, then the typing stubs, checked against the built module by
# mypy's stubtest and against typed usage by mypy --strict.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="$root/.venv/bin/python"
if ! "$python" -c 'import revlogic' 2>/dev/null; then
  echo "revlogic is not installed in $root/.venv: run scripts/setup-python.sh first" >&2
  exit 1
fi
cd "$root/bindings-python"
"$python" -m pytest tests
"$python" -m mypy.stubtest revlogic
"$python" -m mypy --strict tests

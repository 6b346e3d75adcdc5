#!/usr/bin/env bash
# Python tests (assumes scripts/setup-python.sh ran): conformance vectors, conversion edges,
# the typing stubs, and the quickstart.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv"
cd "$root/bindings-python"
"$venv/bin/python" -m pytest -q tests
"$venv/bin/python" -m mypy --strict --no-error-summary tests/typed_usage.py && echo "mypy: stubs check out"

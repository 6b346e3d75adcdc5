#!/usr/bin/env bash
# Runs the quickstarts in examples/ (assumes setup ran): they assert their own outcomes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
"$root/.venv/bin/python" examples/python/quickstart.py >/dev/null && echo "examples/python/quickstart.py ok"
node examples/node/quickstart.mjs >/dev/null && echo "examples/node/quickstart.mjs ok"

#!/usr/bin/env bash
# Tests the WASM packages as built by scripts/setup-js.sh (nothing is rebuilt here): the
# TypeScript declarations with tsc --noEmit, then vectors and conversion edges through pkg-node
# and the browser test of pkg-web in headless Chromium, with node --test.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT/bindings-wasm"
for built in pkg-node/index.mjs pkg-web/index.mjs node_modules/.bin/tsc node_modules/playwright-core; do
  if [ ! -e "$built" ]; then
    echo "bindings-wasm/$built is missing: run scripts/setup-js.sh first" >&2
    exit 1
  fi
done

echo "==> tsc --noEmit (bindings-wasm/test/usage-*.mts)"
node_modules/.bin/tsc --noEmit -p test/tsconfig.json

echo "==> node --test (bindings-wasm)"
node --test test/*.test.mjs

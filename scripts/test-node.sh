#!/usr/bin/env bash
# Tests the Node (napi) package as built by scripts/setup-js.sh (nothing is rebuilt here):
# the TypeScript declarations with tsc --noEmit, then vectors, conversion edges and the async
# variant with node --test.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT/bindings-node"
for built in revlogic.node index.d.ts types.d.ts node_modules/.bin/tsc; do
  if [ ! -e "$built" ]; then
    echo "bindings-node/$built is missing: run scripts/setup-js.sh first" >&2
    exit 1
  fi
done

echo "==> tsc --noEmit (bindings-node/test/usage.ts)"
node_modules/.bin/tsc --noEmit -p test/tsconfig.json

echo "==> node --test (bindings-node)"
node --test test/*.test.mjs

#!/usr/bin/env bash
# Prepares the Node (napi) and WebAssembly bindings: toolchain pieces, npm packages from the
# committed lockfiles, the release addon, the WASM packages and the generated TypeScript types.
# Idempotent: steps whose result is already there are skipped. Runnable from any directory.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# Outside the repository, so that a fresh clone does not pay for wasm-bindgen-cli again.
TOOLS="${REVLOGIC_TOOLS:-$HOME/.cache/revlogic/tools}"
START=$(date +%s)
step() { printf '\n==> %s (%ss)\n' "$*" "$(($(date +%s) - START))"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

step "Rust target wasm32-unknown-unknown"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "already installed"
else
  rustup target add wasm32-unknown-unknown
fi

step "wasm-bindgen-cli (the version in Cargo.lock) in $TOOLS"
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
if [ -z "$WB_VERSION" ]; then
  echo "wasm-bindgen is not in Cargo.lock" >&2
  exit 1
fi
if [ "$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null || true)" = "wasm-bindgen $WB_VERSION" ]; then
  echo "wasm-bindgen $WB_VERSION already installed"
else
  # Without --locked: with it, cargo asks for a dependency version the registry here lacks.
  cargo install wasm-bindgen-cli --version "=$WB_VERSION" --root "$TOOLS"
fi

step "Chromium for the browser test"
if [ -x /usr/bin/chromium ]; then
  /usr/bin/chromium --version 2>/dev/null || echo "present"
else
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

for package in bindings-node bindings-wasm; do
  step "npm ci in $package"
  dir="$ROOT/$package"
  stamp="$dir/node_modules/.revlogic-lock.sha256"
  lock_hash="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ]; then
    echo "node_modules matches package-lock.json"
  else
    (cd "$dir" && npm ci --no-audit --no-fund)
    echo "$lock_hash" > "$stamp"
  fi
done

step "Node addon (release), index.d.ts and types.d.ts"
(cd "$ROOT/bindings-node" && npm run build)

step "WASM packages (pkg-web, pkg-node)"
(cd "$ROOT/bindings-wasm" && npm run build)

step "setup done"

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

# A build is skipped when its outputs are newer than every input (napi's CLI relinks the addon
# on every run, which costs half a minute); REVLOGIC_REBUILD=1 forces both builds.
up_to_date() { # the output written last, other outputs, --, inputs (files or folders)
  local stamp="$1" inputs
  [ "${REVLOGIC_REBUILD:-0}" != 1 ] || return 1
  while [ "$1" != -- ]; do
    [ -e "$1" ] || return 1
    shift
  done
  shift
  inputs="$(find "$@" -newer "$stamp" -type f -not -path '*/node_modules/*' -print -quit 2>/dev/null)"
  [ -z "$inputs" ]
}
CORE_INPUTS=("$ROOT/Cargo.toml" "$ROOT/Cargo.lock" "$ROOT/crates/revlogic")

step "Node addon (release), index.d.ts and types.d.ts"
node_dir="$ROOT/bindings-node"
if up_to_date "$node_dir/types.d.ts" "$node_dir/revlogic.node" "$node_dir/index.d.ts" -- "${CORE_INPUTS[@]}" \
  "$node_dir/src" "$node_dir/Cargo.toml" "$node_dir/build.rs" "$node_dir/package.json" "$node_dir/dts-header.d.ts" \
  "$node_dir/scripts"; then
  echo "up to date"
else
  (cd "$node_dir" && npm run build)
fi

step "WASM packages (pkg-web, pkg-node)"
wasm_dir="$ROOT/bindings-wasm"
if up_to_date "$wasm_dir/pkg-node/package.json" "$wasm_dir/pkg-node/index.mjs" "$wasm_dir/pkg-web/index.mjs" -- \
  "${CORE_INPUTS[@]}" "$wasm_dir/src" "$wasm_dir/Cargo.toml" "$wasm_dir/js" "$wasm_dir/scripts" \
  "$node_dir/types.d.ts" "$node_dir/errors.mjs" "$node_dir/errors.d.mts"; then
  echo "up to date"
else
  (cd "$wasm_dir" && npm run build)
fi

step "setup done"

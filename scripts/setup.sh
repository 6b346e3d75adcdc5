#!/usr/bin/env bash
# Installs and builds everything the tests need, skipping what is already there:
# Rust components, the Python venv and extension, npm packages, the Node addon, the WASM
# packages, wasm-bindgen-cli (kept outside the clone so it survives fresh checkouts), chromium.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
for component in clippy rustfmt; do
  rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component"
done
bash "$root/scripts/setup-python.sh"
bash "$root/scripts/setup-js.sh"

#!/usr/bin/env bash
# Sets up everything, then runs every test: Rust (unit, property, conformance vectors, doc
# tests, lints, architecture invariants), Python, Node, WASM under Node and in headless
# Chromium, and the examples.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
start=$SECONDS
bash "$root/scripts/setup.sh"

echo "== Rust: format, lints, architecture"
cargo fmt --all -- --check
cargo clippy -p revlogic -p revlogic-cli --all-targets --quiet -- -D warnings
bash "$root/scripts/check-architecture.sh"

echo "== Rust: unit, property, conformance and doc tests"
cargo test -p revlogic -p revlogic-cli

echo "== Demo"
bash "$root/scripts/demo.sh" >/dev/null && echo "demo ran"

echo "== Python"
bash "$root/scripts/test-python.sh"
echo "== Node"
bash "$root/scripts/test-node.sh"
echo "== WASM (Node and headless Chromium)"
bash "$root/scripts/test-wasm.sh"
echo "== Examples"
bash "$root/scripts/test-examples.sh"

echo "all tests passed in $((SECONDS - start)) s"

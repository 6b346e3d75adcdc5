#!/usr/bin/env bash
# The main job: the quarter-close demo on the bundled sample data (examples/data).
# Needs only the Rust toolchain; builds the command-line front end once, then runs it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v cargo >/dev/null || { echo "demo: cargo is required (install Rust with rustup)" >&2; exit 1; }
cargo build --quiet --release -p revlogic-cli
exec "$root/target/release/revlogic" demo "${1:-$root/examples/data}"

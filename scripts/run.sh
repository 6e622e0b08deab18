#!/usr/bin/env bash
# Builds the app (release), fills an embedded SQLite database with the Lampung demo, and serves it
# on http://127.0.0.1:3000 (set IKM_ADDR or DATABASE_URL to change). Installs what it needs first, once.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
export PATH="$PWD/tools/bin:$HOME/.cargo/bin:$PATH"
cargo leptos build --release
bin="${CARGO_TARGET_DIR:-target}/release/ikm"
export DATABASE_URL="${DATABASE_URL:-sqlite://data/ikm.db}"
export IKM_SITE_ROOT="${IKM_SITE_ROOT:-$PWD/target/site}"
"$bin" seed-demo
exec "$bin" serve

#!/usr/bin/env bash
# Runs every check of the project: format, lints (server and WASM), the built site, and all tests
# (pure unit and property tests, storage and HTTP tests, the CLI, end-to-end tests in headless
# Chromium with JavaScript on and off) — the storage, HTTP, CLI and browser tests on SQLite and again
# on PostgreSQL. Installs what it needs first, once.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --test
export PATH="$PWD/tools/bin:$HOME/.cargo/bin:$PATH"
# The end-to-end tests serve the site that `cargo leptos build` writes here: a debug build of its
# own, in target/site-test, never the release site in target/site that scripts/run.sh serves
# (relative to the repository even when CARGO_TARGET_DIR points elsewhere).
export LEPTOS_SITE_ROOT=target/site-test
export IKM_SITE_ROOT="${IKM_SITE_ROOT:-$PWD/target/site-test}"

started=$SECONDS
step() {
  local name=$1; shift
  local t0=$SECONDS
  printf '\n\033[1;34m==> %s\033[0m  (%s)\n' "$name" "$*"
  "$@"
  printf '\033[1;32m<== %s: %ss\033[0m\n' "$name" $((SECONDS - t0))
}

step "format" cargo fmt --all --check
step "lint: server, domain and tests" \
  cargo clippy --locked --workspace --exclude frontend --all-targets -- -D warnings
step "lint: browser (WASM)" \
  cargo clippy --locked -p frontend --target wasm32-unknown-unknown -- -D warnings
step "build the site (CSS, JS, WASM)" cargo leptos build --frontend-only
# The crash tests (tests/cli/crash.rs) drive the release server, as production runs it.
step "build the release server" cargo build --locked --release -p ikm
# The benchmarks' smoke tests that need PostgreSQL (`…_on_postgres`) run below, with it.
step "tests on SQLite" cargo test --locked --workspace --exclude frontend -- --skip _on_postgres

# The same storage, HTTP, CLI and browser tests again on PostgreSQL, on a throw-away cluster.
# `--workspace --exclude frontend` as above: with `-p ikm` alone Cargo unifies other features and
# builds the server and every test binary a second time (minutes, and gigabytes of disk).
eval "$(scripts/pg.sh start)"
trap 'scripts/pg.sh stop "$IKM_TEST_PG_DIR"' EXIT
step "tests on PostgreSQL" env IKM_TEST_ENGINE=postgres \
  cargo test --locked --workspace --exclude frontend --test cli --test http --test e2e
step "benchmarks' smoke tests on PostgreSQL" env IKM_TEST_ENGINE=postgres \
  cargo test --locked --workspace --exclude frontend --test smoke -- _on_postgres
printf '\n\033[1;32mAll checks passed in %ss.\033[0m\n' $((SECONDS - started))
echo "Screenshots of every page at phone and desktop width: $PWD/target/screenshots/walk/"
echo "The demo unit's and the province's yearly reports, as PDF and PNG pages: $PWD/target/report-review/"

#!/usr/bin/env bash
# Runs the benchmarks of docs/PERFORMANCE.md on this machine (release build) and writes their
# figures there, with the date and the machine.
#
#   scripts/bench.sh            every benchmark
#   scripts/bench.sh export     only the export of 1 000 000 responses (IKM_BENCH_EXPORT_ROWS)
#   scripts/bench.sh views      only the views at 1M and 10M responses (IKM_BENCH_VIEW_SIZES)
#   scripts/bench.sh page       only the citizen's page: bytes before and with the WASM (release
#                               site), Lighthouse's mobile scores (npm lighthouse, Debian's Chromium)
#   scripts/bench.sh screens    only the live screens: the server's CPU at idle with 200 screens
#                               open on one unit (IKM_BENCH_SCREENS) against none
#   scripts/bench.sh invitations  only the invitations: API calls issuing 500 each, and answers
#                               through invitations against open answers (wrk), SQLite and
#                               PostgreSQL, each on 100 000 responses
#   scripts/bench.sh pdf        only the report's PDF: the demo unit's yearly report read, laid out
#                               and written, and served (release build)
#   scripts/bench.sh national   only the national views (issue #34; not part of "every"): Indonesia's
#                               tree, IKM_BENCH_NATIONAL_UNITS units (30 000) over its 514
#                               kabupaten/kota, IKM_BENCH_NATIONAL_RESPONSES (20 000 000) over a year,
#                               on PostgreSQL and on SQLite (IKM_BENCH_NATIONAL_ENGINES=postgres,sqlite)
#   scripts/bench.sh cluster    only the several app servers (not part of "every"): survey answers
#                               to one ikm serve, then to two behind haproxy, on one PostgreSQL
#   scripts/bench.sh submit     only the submissions (wrk) on SQLite and PostgreSQL; SQLite on the
#                               views' 10M database when it is kept (IKM_BENCH_KEEP), else filled to
#                               IKM_BENCH_SUBMIT_HELD responses first
#
# The test command runs each benchmark small (bench/tests/smoke.rs) to keep it working; the figures
# come only from here.
set -euo pipefail
cd "$(dirname "$0")/.."
LIGHTHOUSE_VERSION=13.5.0
scripts/setup.sh --test   # wrk and PostgreSQL for the submission benchmark
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --release --locked -p ikm -p ikm-bench
bin="${CARGO_TARGET_DIR:-target}/release"
# IKM_BENCH_KEEP=DIR keeps the databases there (the 10M fill takes ~15 min) for later runs.
work=${IKM_BENCH_KEEP:-$(mktemp -d)}
mkdir -p "$work"
[[ -z "${IKM_BENCH_KEEP:-}" ]] && trap 'rm -rf "$work"' EXIT
what=${1:-all}

if [[ $what == all || $what == export ]]; then
  echo "==> export: ${IKM_BENCH_EXPORT_ROWS:-1000000} responses, CSV and XLSX"
  db="sqlite://$work/export.db"
  "$bin/ikm" --database-url "$db" migrate
  "$bin/ikm-bench" export --database-url "$db" --ikm "$bin/ikm" \
    --responses "${IKM_BENCH_EXPORT_ROWS:-1000000}" --write docs/PERFORMANCE.md
fi
if [[ $what == all || $what == views ]]; then
  echo "==> views: province, kabupaten/kota and unit pages at ${IKM_BENCH_VIEW_SIZES:-1000000,10000000} responses"
  # One database per size (views-SIZE.db), each filled to its size, so kept ones measure again.
  sizes=${IKM_BENCH_VIEW_SIZES:-1000000,10000000}
  urls=()
  for size in ${sizes//,/ }; do
    urls+=("sqlite://$work/views-$size.db")
    "$bin/ikm" --database-url "${urls[-1]}" migrate
  done
  "$bin/ikm-bench" views --database-url "$(IFS=,; echo "${urls[*]}")" --ikm "$bin/ikm" \
    --sizes "$sizes" --write docs/PERFORMANCE.md
fi
if [[ $what == all || $what == pdf ]]; then
  echo "==> pdf: the demo unit's yearly report as a PDF"
  db="sqlite://$work/pdf.db"
  "$bin/ikm" --database-url "$db" migrate
  "$bin/ikm-bench" pdf --database-url "$db" --ikm "$bin/ikm" --write docs/PERFORMANCE.md
fi
if [[ $what == all || $what == page ]]; then
  echo "==> page: the survey page's bytes and Lighthouse (mobile), release site"
  export PATH="$PWD/tools/bin:$PATH"
  if [[ "$(tools/node_modules/.bin/lighthouse --version 2>/dev/null || true)" != "$LIGHTHOUSE_VERSION" ]]; then
    echo "installing lighthouse $LIGHTHOUSE_VERSION into tools/"
    npm install --silent --no-audit --no-fund --prefix tools "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null
  fi
  cargo leptos build --release --frontend-only
  export IKM_SITE_ROOT="$PWD/target/site"
  "$bin/ikm-bench" page --database-url "sqlite://$work/page.db" --ikm "$bin/ikm" \
    --lighthouse tools/node_modules/.bin/lighthouse --write docs/PERFORMANCE.md
fi
if [[ $what == all || $what == screens ]]; then
  echo "==> screens: ${IKM_BENCH_SCREENS:-200} live screens at idle, release server"
  db="sqlite://$work/screens.db"
  "$bin/ikm" --database-url "$db" migrate
  "$bin/ikm-bench" screens --database-url "$db" --ikm "$bin/ikm" \
    --screens "${IKM_BENCH_SCREENS:-200}" --write docs/PERFORMANCE.md
fi
if [[ $what == all || $what == submit ]]; then
  echo "==> submissions: wrk against the release server, SQLite and PostgreSQL"
  db="sqlite://$work/views-10000000.db"
  "$bin/ikm" --database-url "$db" migrate
  eval "$(scripts/pg.sh start --durable)"
  trap 'scripts/pg.sh stop "$IKM_TEST_PG_DIR"; [[ -z "${IKM_BENCH_KEEP:-}" ]] && rm -rf "$work"' EXIT
  "$bin/ikm-bench" submit --database-url "$db" --pg-url "$IKM_TEST_PG_URL" --ikm "$bin/ikm" \
    --at-least "${IKM_BENCH_SUBMIT_HELD:-10000000}" --write docs/PERFORMANCE.md
fi
if [[ $what == all || $what == invitations ]]; then
  echo "==> invitations: issuing 500 a call, answers through invitations beside open ones"
  db="sqlite://$work/invitations.db"
  "$bin/ikm" --database-url "$db" migrate
  if [[ -z "${IKM_TEST_PG_URL:-}" ]]; then   # the submissions' server when they ran before
    eval "$(scripts/pg.sh start --durable)"
    trap 'scripts/pg.sh stop "$IKM_TEST_PG_DIR"; [[ -z "${IKM_BENCH_KEEP:-}" ]] && rm -rf "$work"' EXIT
  fi
  "$bin/ikm" --database-url "$IKM_TEST_PG_URL" migrate
  "$bin/ikm-bench" invitations --database-url "$db" --pg-url "$IKM_TEST_PG_URL" --ikm "$bin/ikm" \
    --write docs/PERFORMANCE.md
fi
if [[ $what == national || $what == national+cluster ]]; then
  echo "==> national: ${IKM_BENCH_NATIONAL_UNITS:-30000} units, ${IKM_BENCH_NATIONAL_RESPONSES:-20000000} responses"
  urls=()
  for engine in $(echo "${IKM_BENCH_NATIONAL_ENGINES:-postgres,sqlite}" | tr , ' '); do
    if [[ $engine == postgres ]]; then
      eval "$(scripts/pg.sh start --durable)"
      trap 'scripts/pg.sh stop "$IKM_TEST_PG_DIR"; [[ -z "${IKM_BENCH_KEEP:-}" ]] && rm -rf "$work"' EXIT
      urls+=("$IKM_TEST_PG_URL")
    else
      urls+=("sqlite://$work/national.db")
    fi
    "$bin/ikm" --database-url "${urls[-1]}" migrate
  done
  "$bin/ikm-bench" national --database-url "$(IFS=,; echo "${urls[*]}")" --ikm "$bin/ikm" \
    --units "${IKM_BENCH_NATIONAL_UNITS:-30000}" \
    --responses "${IKM_BENCH_NATIONAL_RESPONSES:-20000000}" --write docs/PERFORMANCE.md
fi
if [[ $what == cluster || $what == national+cluster ]]; then
  echo "==> cluster: one ikm serve, then two behind haproxy, on one PostgreSQL"
  if [[ -z "${IKM_TEST_PG_URL:-}" ]]; then
    eval "$(scripts/pg.sh start --durable)"
    trap 'scripts/pg.sh stop "$IKM_TEST_PG_DIR"; [[ -z "${IKM_BENCH_KEEP:-}" ]] && rm -rf "$work"' EXIT
  fi
  "$bin/ikm" --database-url "$IKM_TEST_PG_URL" migrate
  "$bin/ikm-bench" cluster --pg-url "$IKM_TEST_PG_URL" --ikm "$bin/ikm" --write docs/PERFORMANCE.md
fi
echo "Figures written to docs/PERFORMANCE.md."

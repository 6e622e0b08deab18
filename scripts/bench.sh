#!/usr/bin/env bash
# Runs the benchmarks of docs/PERFORMANCE.md on this machine (release build) and writes their
# figures there, with the date and the machine.
#
#   scripts/bench.sh            every benchmark
#   scripts/bench.sh export     only the export of 1 000 000 responses (IKM_BENCH_EXPORT_ROWS)
#   scripts/bench.sh views      only the views at 1M and 10M responses (IKM_BENCH_VIEW_SIZES)
#
# The test command runs each benchmark small (bench/tests/smoke.rs) to keep it working; the figures
# come only from here.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --release --locked -p ikm -p ikm-bench
bin="${CARGO_TARGET_DIR:-target}/release"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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
  db="sqlite://$work/views.db"
  "$bin/ikm" --database-url "$db" migrate
  "$bin/ikm-bench" views --database-url "$db" --ikm "$bin/ikm" \
    --sizes "${IKM_BENCH_VIEW_SIZES:-1000000,10000000}" --write docs/PERFORMANCE.md
fi
echo "Figures written to docs/PERFORMANCE.md."

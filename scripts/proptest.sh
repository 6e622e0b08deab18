#!/usr/bin/env bash
# The dedicated run of every property test with many cases (10 000 each unless PROPTEST_CASES says
# otherwise): the IKM arithmetic, the response-file reader, workbooks, and hostile survey posts and
# API requests through the router (on SQLite; IKM_TEST_ENGINE=postgres with scripts/pg.sh for
# PostgreSQL). The test command runs the same properties with fewer cases.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/bin:$HOME/.cargo/bin:$PATH"
export PROPTEST_CASES="${PROPTEST_CASES:-10000}"
export IKM_SITE_ROOT="${IKM_SITE_ROOT:-$PWD/target/site-test}"
started=$SECONDS
echo "==> property tests, $PROPTEST_CASES cases each"
cargo test --locked -p ikm-domain
cargo test --locked -p ikm --lib workbook
cargo test --locked -p ikm --test http hostile
echo "<== all property tests passed in $((SECONDS - started))s ($PROPTEST_CASES cases each)"

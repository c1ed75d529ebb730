#!/usr/bin/env bash
# Prints the `cargo test` arguments for the second run on PostgreSQL: every integration-test
# binary whose workshop is opened through `jobcard_store::db::testing::database_for` (or that
# reads `JOBCARD_TEST_POSTGRES` itself), directly or through its crate's `tests/common`. The others (the SQLite file's own tests, the CLI's
# kill -9 and print tests, the unit tests) would run the same code twice, so they run once.
#
# The rule reads the sources, so a new test that uses `database_for` joins the PostgreSQL run
# without anyone editing a list. The names go with `cargo test --workspace`, so the features
# are unified as in the first run and nothing is compiled again (`-p` for three packages
# unified them differently and rebuilt tauri, sqlx and axum: minutes of a run from nothing).
set -euo pipefail
cd "$(dirname "$0")/.."

for crate in crates/store crates/app src-tauri; do
  common_uses=no
  if grep -qsE "database_for|TEST_POSTGRES" "$crate"/tests/common/*.rs; then common_uses=yes; fi
  for file in "$crate"/tests/*.rs; do
    if grep -qE "database_for|TEST_POSTGRES" "$file" ||
      { [ "$common_uses" = yes ] && grep -q "^mod common;" "$file"; }; then
      printf -- '--test %s ' "$(basename "$file" .rs)"
    fi
  done
done
echo

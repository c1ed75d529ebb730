#!/usr/bin/env bash
# Installs what is missing and runs every test: Rust (unit, property, store, app scenarios,
# CLI, durability), lints, the UI's type check and unit tests, the generated-types check,
# the same store and use-case tests again on PostgreSQL (a throwaway cluster), the CLI
# contract and the installer on Windows (cross-built, under Wine), a type check of the
# workspace for macOS, the Linux packages (lintian), and the end-to-end test of the real window
# under Xvfb (with a cluster for the two-seat tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never
# A run from nothing builds everything once: incremental caches only cost time and disk here.
export CARGO_INCREMENTAL=0

step() { echo; echo "==> $* ($(date -u +%H:%M:%S))"; }

# Screenshots and rendered PDF pages of this run, for people to look at.
rm -rf tests/artifacts && mkdir -p tests/artifacts

step "UI: type check, unit tests, build"
(cd ui && npm run check --silent && npm test --silent && npm run build --silent)
# The window's first screen reads under 100 kB of gzipped script; the rest loads when opened.
python3 scripts/first-load.py ui/dist

step "Rust: format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "Rust: tests"
cargo test --workspace --quiet

step "PostgreSQL: the migrations make the same schema as SQLite's"
scripts/with-postgres.sh python3 scripts/check-schema-parity.py

step "Rust: the tests that open a workshop run again on a shared PostgreSQL database"
# shellcheck disable=SC2046 # the helper prints separate cargo arguments
scripts/with-postgres.sh cargo test --workspace --quiet $(scripts/postgres-tests.sh)

step "Windows: jobcard.exe cross-built and its CLI contract run under Wine"
# The Windows build is kept outside the clone (~/.cache/jobcard/windows-target): from nothing
# it takes about 17 minutes on 2 cores, after that only what changed.
scripts/test-windows.sh

step "macOS: the workspace type-checks for aarch64-apple-darwin"
# Kept in ~/.cache/jobcard/macos-target: from nothing about 8 minutes, after that what changed.
scripts/check-macos.sh

step "Linux packages: the .deb and .rpm built from the release build, lintian clean"
# The release build is kept outside the clone too (~/.cache/jobcard/release-target): from
# nothing it takes about 10 minutes, after that only what changed.
CARGO_TARGET_DIR="${JOBCARD_RELEASE_TARGET:-$HOME/.cache/jobcard/release-target}" scripts/bundle.sh

step "Generated UI types are up to date"
if ! git diff --exit-code --stat -- ui/src/lib/api/types || [ -n "$(git ls-files --others --exclude-standard ui/src/lib/api/types)" ]; then
  echo "error: ui/src/lib/api/types is stale; run 'cargo test' and commit the changes" >&2
  exit 1
fi

step "End to end: the real window under Xvfb through tauri-driver"
# The window and the fakes, as the Rust tests built them (--workspace: the same features, so
# nothing is compiled again).
cargo build --workspace --bins --quiet
scripts/with-postgres.sh xvfb-run -a -s "-screen 0 1400x900x24" tests/e2e/.venv/bin/pytest -q tests/e2e -p no:cacheprovider
echo; echo "==> every test passed in $((SECONDS / 60)) min $((SECONDS % 60)) s"

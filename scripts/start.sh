#!/usr/bin/env bash
# Installs what is missing, builds Jobcard, loads the demo workshop and opens the window.
# Data goes to the OS data directory unless JOBCARD_DATA_DIR (or --data-dir) says otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
export PATH="$HOME/.cargo/bin:$PATH"
echo "==> building the UI"
(cd ui && npm run build --silent)
echo "==> building jobcard"
cargo build -p jobcard --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/jobcard"
# The demo refuses a database with employees or orders of its own (its PINs are public); the
# window then opens on that database as it is.
"$bin" "$@" demo || echo "==> the demo workshop was not loaded (see above)"
echo "==> starting Jobcard"
exec "$bin" "$@"

#!/usr/bin/env bash
# Start-up and idle memory of the release window, side by side with a minimal Tauri window
# built from the same workspace (src-tauri/examples/minimal_window.rs), under Xvfb.
# Usage: scripts/bench-desktop.sh [--data-dir DIR] [--runs N] [--idle SECONDS]
# Without --data-dir it opens a new demo workshop; give the benchmark's 1,000,000-order
# directory (crates/app/examples/bench) after loading the demo's staff into it with
# `jobcard --data-dir DIR demo --force`. Prints a Markdown table (scripts/bench-desktop.py).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
export PATH="$HOME/.cargo/bin:$PATH"
(cd ui && npm run build --silent)
cargo build --release --quiet -p jobcard --bin jobcard --example minimal_window
exec xvfb-run -a -s "-screen 0 1400x900x24" tests/e2e/.venv/bin/python scripts/bench-desktop.py "$@"

#!/usr/bin/env bash
# Builds the Linux installers (.deb and .rpm) into target/release/bundle/. AppImage, .msi and
# .dmg are configured by Tauri's defaults for machines whose bundler can fetch its tools:
# run `npx @tauri-apps/cli@2 build` there without --bundles.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
export PATH="$HOME/.cargo/bin:$PATH"
(cd ui && npm run build --silent)
# The prebuilt npm CLI (cargo install tauri-cli takes a quarter of an hour); the same major as
# the tauri crate.
npx --yes @tauri-apps/cli@2 build --bundles deb,rpm "$@"
ls -l "${CARGO_TARGET_DIR:-target}"/release/bundle/deb/*.deb "${CARGO_TARGET_DIR:-target}"/release/bundle/rpm/*.rpm

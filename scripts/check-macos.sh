#!/usr/bin/env bash
# `cargo check` of the whole workspace for macOS (aarch64-apple-darwin), so an error in code
# that only macOS compiles (ours or a dependency's `cfg(target_os = "macos")` side: the
# keychain, the window's Objective-C bindings) fails the tests here. Part of the README's test
# command. macOS bundles (.app, .dmg) are not built here: that needs Apple's SDK and tools.
#
# The route is the Windows build's (scripts/build-windows.sh): Debian's rustc builds the
# standard library for the target from source (-Zbuild-std, allowed by RUSTC_BOOTSTRAP). No
# macOS SDK is here, so the C parts of dependencies are not compiled: scripts/check-cc.sh
# stands in for the C compiler (a check links nothing). What this catches is Rust: types,
# names and features under macOS's cfg, in our code and in every crate we depend on.
#
# The build is kept in $JOBCARD_MACOS_TARGET (default ~/.cache/jobcard/macos-target), outside
# the clone, so the next run checks only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh windows
# The window's pages are read by tauri's context macro at compile time, also for a check.
if [ ! -f ui/dist/index.html ]; then
  (cd ui && npm run build --silent)
fi
target=aarch64-apple-darwin
export CARGO_TARGET_DIR="${JOBCARD_MACOS_TARGET:-$HOME/.cache/jobcard/macos-target}"
mkdir -p "$CARGO_TARGET_DIR"
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 CARGO_INCREMENTAL=0
export CC_aarch64_apple_darwin="$PWD/scripts/check-cc.sh" AR_aarch64_apple_darwin=ar
unset RUSTUP_TOOLCHAIN RUSTUP_HOME_OVERRIDE
/usr/bin/cargo check --quiet --locked -Zbuild-std=std,panic_abort --target "$target" --workspace
echo "macOS ($target): the workspace type-checks"

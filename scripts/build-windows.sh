#!/usr/bin/env bash
# Builds jobcard.exe for 64-bit Windows on this Debian machine: the same binary as on Linux
# (the window and the CLI), cross-compiled. Prints the path of the .exe as its last line.
#
#   scripts/build-windows.sh [--release]
#
# Why this route: rustup cannot download a Windows standard library here, but Debian packages
# one: its own rustc/cargo (rustc-web, cargo-web) with the library's source (rust-web-src),
# so cargo builds std for Windows itself (-Zbuild-std, allowed on a stable compiler by
# RUSTC_BOOTSTRAP), linked by MinGW. The target is x86_64-win7-windows-gnu: the standard
# x86_64-pc-windows-gnu std needs bcryptprimitives.dll (since Rust 1.78), which Wine 8 lacks;
# the win7 target runs on Wine and on every Windows since 7.
#
# The build goes to $JOBCARD_WINDOWS_TARGET (default ~/.cache/jobcard/windows-target), outside
# the clone, so the test command's next run on this machine builds only what changed (a build
# from nothing takes about 17 minutes on 2 cores). Debian's compiler differs from rustup's,
# so the two never share a target directory.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=debug
cargo_profile=()
if [ "${1:-}" = --release ]; then
  profile=release
  cargo_profile=(--release)
fi

scripts/deps.sh windows
# The window's pages are compiled into the binary, as on Linux.
if [ ! -f ui/dist/index.html ]; then
  (cd ui && npm run build --silent)
fi

target=x86_64-win7-windows-gnu
export CARGO_TARGET_DIR="${JOBCARD_WINDOWS_TARGET:-$HOME/.cache/jobcard/windows-target}"
mkdir -p "$CARGO_TARGET_DIR"
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
export CARGO_TARGET_X86_64_WIN7_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CC_x86_64_win7_windows_gnu=x86_64-w64-mingw32-gcc
export AR_x86_64_win7_windows_gnu=x86_64-w64-mingw32-ar
export CARGO_INCREMENTAL=0
# rustup's proxies must not pick the compiler for Debian's cargo.
unset RUSTUP_TOOLCHAIN RUSTUP_HOME_OVERRIDE
/usr/bin/cargo build --quiet --locked -Zbuild-std=std,panic_abort --target "$target" \
  "${cargo_profile[@]}" -p jobcard --bin jobcard
echo "$CARGO_TARGET_DIR/$target/$profile/jobcard.exe"

#!/usr/bin/env bash
# Builds Jobcard's Windows installer (packaging/windows/installer.nsi) with makensis, from the
# jobcard.exe that scripts/build-windows.sh cross-builds, and prints its path as the last line.
#
#   scripts/bundle-windows.sh [--release]
#
# --release ships the release build, compressed with LZMA: the installer to hand out, whose
# size scripts/package-sizes.py writes into the README. Without it: the debug build,
# compressed with zlib (quick), for the installer test under Wine (scripts/test-windows.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# The commit this build is made from, for the README's size table (scripts/package-sizes.py).
export JOBCARD_BUILT_FROM="$(git rev-parse --short HEAD 2>/dev/null || echo "?")"
exe=$(scripts/build-windows.sh "$@" | tail -n 1)
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
out_dir="$(dirname "$exe")/bundle/nsis"
mkdir -p "$out_dir"
out="$out_dir/Jobcard_${version}_x64-setup.exe"
compressor=zlib
if [ "${1:-}" = --release ]; then
  compressor=lzma
fi
makensis -V2 -INPUTCHARSET UTF8 \
  -DVERSION="$version" -DEXE="$exe" -DWEBVIEW2_LOADER="$(dirname "$exe")/WebView2Loader.dll" -DICON="$PWD/icons/icon.ico" -DOUT="$out" \
  -DCOMPRESSOR="$compressor" packaging/windows/installer.nsi >&2
if [ "${1:-}" = --release ]; then
  python3 scripts/package-sizes.py record windows-installer "$out"
fi
echo "$out"

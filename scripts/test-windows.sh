#!/usr/bin/env bash
# Runs the CLI contract on Windows: builds jobcard.exe (scripts/build-windows.sh), makes a
# Wine prefix for this run alone, and runs src-tauri/tests/windows_cli.rs against the .exe
# under Wine, with the same fakes as the Linux tests; then builds the installer from that .exe
# (scripts/bundle-windows.sh) and installs and uninstalls it there
# (src-tauri/tests/windows_installer.rs). Part of the README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

exe=$(scripts/build-windows.sh | tail -n 1)
installer=$(scripts/bundle-windows.sh | tail -n 1)
test -f "$exe" && test -f "$installer"

prefix=$(mktemp -d)
cleanup() {
  WINEPREFIX="$prefix" wineserver -k 2>/dev/null || true
  rm -rf "$prefix"
}
trap cleanup EXIT
export WINEPREFIX="$prefix" WINEDEBUG=-all
# No Mono or Gecko: Jobcard's CLI needs neither, and Wine would offer to download them.
export WINEDLLOVERRIDES="mscoree,mshtml="
# A new prefix is set up once, before the tests start their processes in it.
wineboot --init >/dev/null 2>&1
wineserver -w

JOBCARD_WINDOWS_EXE="$exe" cargo test -p jobcard --quiet --test windows_cli -- --ignored
JOBCARD_WINDOWS_EXE="$exe" JOBCARD_WINDOWS_INSTALLER="$installer" \
  cargo test -p jobcard --quiet --test windows_installer -- --ignored

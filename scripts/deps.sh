#!/usr/bin/env bash
# Installs what Jobcard needs and is missing, on Debian or Ubuntu. Idempotent and quiet when
# everything is there. Usage: scripts/deps.sh [build|test|windows|bundle]   (test also installs
# test tools and what the Windows build needs; bundle what scripts/bundle.sh needs)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-build}

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

apt_packages=(libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
              libssl-dev pkg-config build-essential curl file)
if [ "$mode" = test ]; then
  # postgresql brings the server, initdb and pg_virtualenv (postgresql-common) for the
  # throwaway cluster the PostgreSQL run of the tests uses; its client gives pg_dump.
  # openssl makes that cluster's TLS certificate and its one-run CA.
  apt_packages+=(xvfb xauth webkit2gtk-driver python3-venv poppler-utils postgresql postgresql-common openssl)
fi
if [ "$mode" = bundle ] || [ "$mode" = test ]; then
  # scripts/bundle.sh: the manual page from the CLI's help, and Debian's package check.
  apt_packages+=(help2man lintian)
fi
if [ "$mode" = test ] || [ "$mode" = windows ]; then
  # The Windows build (scripts/build-windows.sh): Debian's own rustc and cargo (which may
  # build the standard library for another target), that library's source, the MinGW
  # linker, and wine64 to run the Windows CLI suite; nsis (makensis) builds the installer
  # (scripts/bundle-windows.sh).
  apt_packages+=(rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 wine64 nsis)
fi
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs npm)

missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing Debian packages: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "==> installing Rust (rustup)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "error: Node.js 20 or newer is needed for the UI build (found $(node --version))" >&2
  exit 1
fi

if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "==> installing the UI's npm packages"
  (cd ui && { npm ci --no-audit --no-fund --loglevel=error \
      || { echo "warning: npm ci refused the lock file; falling back to npm install" >&2
           npm install --no-audit --no-fund --loglevel=error; }; })
fi

if [ "$mode" = test ]; then
  if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
    echo "==> installing tauri-driver"
    cargo install tauri-driver --locked --version '^2'
  fi
  venv=tests/e2e/.venv
  if [ ! -x "$venv/bin/pytest" ] || [ tests/e2e/requirements.txt -nt "$venv/bin/pytest" ]; then
    echo "==> installing the end-to-end test's Python packages"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/e2e/requirements.txt
    touch "$venv/bin/pytest"
  fi
fi

#!/usr/bin/env bash
# Builds the Linux installers (.deb and .rpm) into target/release/bundle/, checks the .deb
# with Debian's lintian (any error fails the build) and prints both sizes. AppImage, .msi and
# .dmg are configured by Tauri's defaults for machines whose bundler can fetch its tools:
# run `npx @tauri-apps/cli@2 build` there without --bundles.
#
# What lintian asks of a .deb beyond Tauri's own: a copyright file naming the licences of
# everything the binary bundles (scripts/deb-copyright.py, from Cargo.lock), a changelog
# (packaging/changelog), a manual page (made from `jobcard --help` by help2man), a stripped
# binary (the release profile strips), a Maintainer and a Section (Cargo.toml, tauri.conf.json).
# The sizes of both packages go into the README's table (scripts/package-sizes.py).
set -euo pipefail
cd "$(dirname "$0")/.."
# The commit this build is made from, for the README's size table (scripts/package-sizes.py).
export JOBCARD_BUILT_FROM="$(git rev-parse --short HEAD 2>/dev/null || echo "?")"
scripts/deps.sh bundle
export PATH="$HOME/.cargo/bin:$PATH"
(cd ui && npm run build --silent)
target="${CARGO_TARGET_DIR:-target}"

# The manual page is read from the binary's own help, so it is built first.
cargo build --release --quiet -p jobcard
generated=target/packaging
mkdir -p "$generated"
python3 scripts/deb-copyright.py >"$generated/copyright"
gzip -9n <packaging/changelog >"$generated/changelog.gz"
help2man --no-info --section 1 --name "workshop orders for repair shops" \
  --version-string "$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)" \
  "$target/release/jobcard" | gzip -9n >"$generated/jobcard.1.gz"
files=$(printf '{"/usr/share/doc/jobcard/copyright": "%s", "/usr/share/doc/jobcard/changelog.gz": "%s", "/usr/share/man/man1/jobcard.1.gz": "%s"}' \
  "$PWD/$generated/copyright" "$PWD/$generated/changelog.gz" "$PWD/$generated/jobcard.1.gz")

# The prebuilt npm CLI (cargo install tauri-cli takes a quarter of an hour); the same major as
# the tauri crate.
npx --yes @tauri-apps/cli@2 build --bundles deb,rpm \
  --config "{\"bundle\": {\"linux\": {\"deb\": {\"files\": $files}}}}" "$@"

deb=$(ls "$target"/release/bundle/deb/*.deb)
rpm=$(ls "$target"/release/bundle/rpm/*.rpm)
echo "==> lintian $(basename "$deb")"
lintian --fail-on error "$deb"
python3 scripts/package-sizes.py record deb "$deb"
python3 scripts/package-sizes.py record rpm "$rpm"

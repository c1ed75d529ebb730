#!/usr/bin/env python3
"""Writes a built package's size into the README's table of package sizes, so the figures
there come from the build and are never typed by hand.

    scripts/package-sizes.py record KIND FILE

KIND names the row (deb, rpm, windows-installer); FILE is the package just built. The table
stands between the markers `<!-- package-sizes:begin -->` and `<!-- package-sizes:end -->`
in README.md; the row of KIND is replaced (or added), the others are kept as they are, each
with the date and commit it was built from. Called by scripts/bundle.sh and
scripts/bundle-windows.sh --release."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BEGIN, END = "<!-- package-sizes:begin -->", "<!-- package-sizes:end -->"
HEADER = [
    "| package | file | size | built |",
    "| --- | --- | --- | --- |",
]
LABELS = {
    "deb": "Debian/Ubuntu (.deb)",
    "rpm": "Fedora/openSUSE (.rpm)",
    "windows-installer": "Windows installer (NSIS)",
}


def row(kind: str, package: Path) -> str:
    size = package.stat().st_size
    # The commit the package was built from: the build script names it as it starts (a
    # commit made during a long build is not the one built); else the one checked out now.
    commit = os.environ.get("JOBCARD_BUILT_FROM") or subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip() or "?"
    day = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    label = LABELS.get(kind, kind)
    return f"| {label} | `{package.name}` | {size:,} bytes ({size / 2**20:.1f} MiB) | {day}, {commit} |"


def main() -> int:
    if len(sys.argv) != 4 or sys.argv[1] != "record":
        print(__doc__, file=sys.stderr)
        return 2
    kind, package = sys.argv[2], Path(sys.argv[3])
    text = README.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"error: README.md has no {BEGIN} ... {END} block", file=sys.stderr)
        return 1
    before, rest = text.split(BEGIN, 1)
    table, after = rest.split(END, 1)
    label = LABELS.get(kind, kind)
    rows = [line for line in table.strip().splitlines() if line.startswith("|")][2:]
    rows = [r for r in rows if not r.startswith(f"| {label} |")] + [row(kind, package)]
    order = list(LABELS.values())
    rows.sort(key=lambda r: next((i for i, name in enumerate(order) if r.startswith(f"| {name} |")), len(order)))
    block = "\n".join([BEGIN, *HEADER, *rows, END])
    README.write_text(before + block + after, encoding="utf-8")
    print(row(kind, package))
    return 0


if __name__ == "__main__":
    sys.exit(main())

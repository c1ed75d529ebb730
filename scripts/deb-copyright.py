#!/usr/bin/env python3
"""Writes the Debian package's copyright file (machine-readable format 1.0) to stdout.

    scripts/deb-copyright.py > target/packaging/copyright

Why generated: the jobcard binary links every Rust crate it depends on and embeds fonts and
JavaScript; the list of what it bundles, with each licence, must follow Cargo.lock, not a
hand-kept copy. The crates come from `cargo metadata` (the normal dependencies of the
`jobcard` package for Linux, walked from it); the fonts and the UI's bundled fonts are named
here, with their licence texts read from the files that ship them.
"""

import json
import os
import subprocess
import sys
import textwrap

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

# Licences whose full text Debian ships in /usr/share/common-licenses.
COMMON = {"Apache-2.0", "MPL-2.0", "CC0-1.0"}

MIT = """Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE."""


def bundled_crates():
    """(name, version, licence) of every crate the jobcard binary is built from."""
    out = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked",
         "--filter-platform", "x86_64-unknown-linux-gnu"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    meta = json.loads(out)
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    root = next(p["id"] for p in meta["packages"] if p["name"] == "jobcard")
    seen, todo = set(), [root]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for dep in nodes[node]["deps"]:
            if any(kind["kind"] is None for kind in dep["dep_kinds"]):
                todo.append(dep["pkg"])
    workspace = set(meta["workspace_members"])
    crates = []
    for node in seen - workspace:
        p = packages[node]
        licence = (p.get("license") or "see the crate's licence file").replace("/", " OR ")
        crates.append((p["name"], p["version"], licence))
    return sorted(crates)


def text_block(text):
    """A licence text as a copyright-file field continuation: indented, blank lines as '.'."""
    lines = []
    for line in text.strip("\n").splitlines():
        lines.append(" " + line.rstrip() if line.strip() else " .")
    return "\n".join(lines)


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def main():
    crates = bundled_crates()
    listing = "\n".join(f"{name} {version}: {licence}" for name, version, licence in crates)
    print("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/")
    print("Upstream-Name: Jobcard")
    print("Source: https://jobcard.nl")
    print("Comment:")
    print(text_block(textwrap.fill(
        "The jobcard binary is built from the Rust crates below, each under the licence "
        "named beside it (an OR lets the user choose). Licences not given in full here are in "
        "each crate's source on crates.io; Apache-2.0, MPL-2.0 and CC0-1.0 are in "
        "/usr/share/common-licenses.", 78)))
    print(" .")
    print(text_block(listing))
    print()
    print("Files: *")
    print("Copyright: 2026 Jobcard developers")
    print("License: MIT")
    print()
    print("Files: usr/bin/jobcard")
    print("Copyright: 2026 Jobcard developers")
    print("License: MIT")
    print("Comment: The binary embeds DejaVu Sans and DejaVu Sans Bold (version 2.37) for the")
    print(" PDFs it prints, and Liberation Sans (from pdfjs-dist) for its PDF preview; their")
    print(" licences are the Bitstream-Vera and OFL-1.1 paragraphs below.")
    print()
    print("License: MIT")
    print(text_block(MIT))
    print()
    print("License: Bitstream-Vera")
    print(text_block(read("crates/app/fonts/LICENSE")))
    print()
    print("License: OFL-1.1")
    print(text_block(read("ui/node_modules/pdfjs-dist/standard_fonts/LICENSE_LIBERATION")))
    for licence in sorted(COMMON):
        print()
        print(f"License: {licence}")
        print(f" On Debian systems the full text is in /usr/share/common-licenses/{licence}.")


if __name__ == "__main__":
    sys.exit(main())

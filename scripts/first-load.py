#!/usr/bin/env python3
"""Checks what the window reads before its first screen: the script ui/dist/index.html loads
(its module and any module it preloads, and their static imports), gzipped, must stay under
the budget (100 kB; issue 16). Screens off the first path (settings, the order screen, the
print preview with pdf.js) are loaded when opened and are not counted.

    scripts/first-load.py [ui/dist] [--budget-kb 100]

Prints the size and exits 1 over the budget, naming the files.
"""

import argparse
import gzip
import re
import sys
from pathlib import Path

STATIC_IMPORT = re.compile(rb'(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["\'](\./[^"\']+\.js)["\']')


def first_load(dist: Path) -> list[Path]:
    html = (dist / "index.html").read_text(encoding="utf-8")
    entries = re.findall(r'<script[^>]+src="/([^"]+\.js)"', html)
    entries += re.findall(r'<link[^>]+rel="modulepreload"[^>]+href="/([^"]+\.js)"', html)
    seen: list[Path] = []
    todo = [dist / e for e in entries]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.append(path)
        for name in STATIC_IMPORT.findall(path.read_bytes()):
            todo.append((path.parent / name.decode()).resolve())
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dist", nargs="?", default="ui/dist")
    parser.add_argument("--budget-kb", type=float, default=100.0)
    args = parser.parse_args()
    files = first_load(Path(args.dist).resolve())
    if not files:
        print("error: no script in index.html", file=sys.stderr)
        return 1
    sizes = [(f, len(gzip.compress(f.read_bytes(), 9))) for f in files]
    total = sum(size for _, size in sizes) / 1000
    listed = ", ".join(f"{f.name} {size / 1000:.1f} kB" for f, size in sizes)
    print(f"first load: {total:.1f} kB of script gzipped (budget {args.budget_kb:.0f} kB): {listed}")
    return 0 if total < args.budget_kb else 1


if __name__ == "__main__":
    sys.exit(main())

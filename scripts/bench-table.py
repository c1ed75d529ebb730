#!/usr/bin/env python3
"""Turns the output of the benchmark (crates/app/examples/bench/main.rs) into the README's table.

    cargo run --release -p jobcard-app --example bench -- --orders 100000 | tee bench.txt
    scripts/bench-table.py bench.txt            # or: ... | scripts/bench-table.py

It reads the lines the benchmark prints as it measures ("[SQLite] list, first page (50)
p50 0.530 ms p99 1.300 ms (n=300)", "[PostgreSQL] database: ...", "[SQLite] 4 seats at once:
... = 12.3 orders/s") and prints a Markdown paragraph and table with one column pair per
backend, marked with the date, the machine and the order count. The per-term search rows are
left out unless --all is given (their sum is the "search, first page (all terms)" row). A
row "NAME: bare SQL" (the same statements without the app) follows its operation, with the
operation's p99 as a multiple of it.
"""

import argparse
import datetime
import os
import re
import sys

MEASURE = re.compile(
    r"^\[(?P<backend>[^\]]+)\] (?P<name>.+?)\s+p50\s+(?P<p50>[\d.]+) ms\s+p99\s+(?P<p99>[\d.]+) ms\s+\(n=(?P<n>\d+)\)"
)
DATABASE = re.compile(r"^\[(?P<backend>[^\]]+)\] database: (?P<orders>\d+) orders, (?P<lines>\d+) lines")
VERSION = re.compile(r"^\[(?P<backend>[^\]]+)\] version: (?P<version>.+)$")
BACKUP = re.compile(
    r"^\[(?P<backend>[^\]]+)\] backup: (?P<secs>[\d.]+) s, (?P<size>\d+) MB compressed, database (?P<db>\d+) MB"
)
BARE = ": bare SQL"  # the suffix of a bare-SQL row, printed after its operation's row
SEATS = re.compile(
    r"^\[(?P<backend>[^\]]+)\] 4 seats at once: (?P<made>\d+) orders in (?P<secs>\d+) s = (?P<rate>[\d.]+) orders/s"
)


def machine() -> str:
    """The CPU model and core count of this computer, from /proc/cpuinfo."""
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}"


def number(ms: float) -> str:
    """A time in ms with as many decimals as it deserves."""
    if ms < 10:
        return f"{ms:.2f} ms"
    if ms < 100:
        return f"{ms:.1f} ms"
    return f"{ms:.0f} ms"


def parse(lines):
    backends = []  # in the order they first appear
    rows = {}  # operation -> backend -> (p50, p99, n)
    order = []  # operations in the order measured
    facts = {}  # backend -> dict
    for line in lines:
        line = line.rstrip("\n")
        for pattern in (MEASURE, DATABASE, VERSION, SEATS, BACKUP):
            match = pattern.match(line)
            if not match:
                continue
            backend = match["backend"]
            if backend not in backends:
                backends.append(backend)
            fact = facts.setdefault(backend, {})
            if pattern is MEASURE:
                name = match["name"]
                if name not in rows:
                    rows[name] = {}
                    order.append(name)
                rows[name][backend] = (float(match["p50"]), float(match["p99"]), int(match["n"]))
            elif pattern is DATABASE:
                fact["orders"], fact["lines"] = int(match["orders"]), int(match["lines"])
            elif pattern is VERSION:
                fact["version"] = match["version"].strip()
            elif pattern is BACKUP:
                fact["backup"] = (float(match["secs"]), int(match["size"]), int(match["db"]))
            else:
                fact["rate"] = float(match["rate"])
                fact["made"], fact["secs"] = int(match["made"]), int(match["secs"])
            break
    return backends, order, rows, facts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", nargs="?", help="the benchmark's output (default: standard input)")
    parser.add_argument("--date", default=datetime.date.today().isoformat())
    parser.add_argument("--machine", default=machine())
    parser.add_argument("--all", action="store_true", help="also the rows of each search term")
    args = parser.parse_args()
    if args.output:
        with open(args.output, encoding="utf-8") as f:
            backends, order, rows, facts = parse(f)
    else:
        backends, order, rows, facts = parse(sys.stdin)
    if not order:
        print("error: no benchmark figures in the input", file=sys.stderr)
        return 1

    described = []
    for backend in backends:
        fact = facts.get(backend, {})
        text = backend
        if "version" in fact:
            text += f" {fact['version']}"
        if "orders" in fact:
            text += f" ({fact['orders']:,} orders, {fact['lines']:,} lines)"
        described.append(text)
    print(
        f"Measured {args.date} on {args.machine}, release build, one run on both backends: "
        + "; ".join(described)
        + "."
    )
    print()
    header = ["operation"]
    for backend in backends:
        header += [f"{backend} p50", f"{backend} p99"]
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for name in order:
        if name.startswith(" ") and not args.all:
            continue
        operation = name[: -len(BARE)] if name.endswith(BARE) else None
        cells = [f"↳ its bare SQL, and the use case's p99 as a multiple of it" if operation else name.strip()]
        for backend in backends:
            figures = rows[name].get(backend)
            if not figures:
                cells += ["–", "–"]
                continue
            p99 = number(figures[1])
            used = rows.get(operation, {}).get(backend) if operation else None
            if used:
                p99 += f" ({used[1] / figures[1]:.1f}x)"
            cells += [number(figures[0]), p99]
        print("| " + " | ".join(cells) + " |")
    if any("rate" in facts.get(b, {}) for b in backends):
        cells = ["orders created per second, 4 seats at once"]
        for backend in backends:
            fact = facts.get(backend, {})
            cells += [f"{fact['rate']:.0f} /s" if "rate" in fact else "–", ""]
        print("| " + " | ".join(cells) + " |")
    for backend in backends:
        if "backup" in facts.get(backend, {}):
            secs, size, db = facts[backend]["backup"]
            print()
            print(
                f"A backup of the {backend} database ({db:,} MB) took {secs:.1f} s and is "
                f"{size:,} MB compressed."
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

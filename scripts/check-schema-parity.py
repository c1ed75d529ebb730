#!/usr/bin/env python3
"""Checks that the PostgreSQL migrations make the same schema as the SQLite ones.

Jobcard's store runs the same SQL on an embedded SQLite file and on a shared PostgreSQL
database, and decodes rows the same way on both, so migration N must leave both backends with
the same tables, columns, keys and seed rows. This script applies every
`crates/store/migrations/sqlite/*.sql` to a fresh SQLite database and every
`crates/store/migrations/postgres/*.sql` (each in one transaction, as sqlx does) to a fresh
PostgreSQL database, then compares:

- the tables (SQLite and sqlx internals and FTS shadow tables left out; `order_search`, an FTS5
  table on SQLite and a tsvector table on PostgreSQL, by existence only);
- per table: column names in order, NOT NULL, type class (integer / boolean / text; a SQLite
  0/1 column counts as boolean where PostgreSQL has BOOLEAN, and those are listed), defaults,
  generated columns, identity keys, primary and unique keys (COLLATE NOCASE as lower(col)),
  named indexes (columns, order, partial condition), foreign keys and the number of CHECKs;
- the seed rows of every table (`SELECT *`, ordered, booleans as 0/1);
- behaviour: a few statements run on both in a rolled-back transaction (CHECKs, case-blind
  uniqueness, one running timer, generated values, defaults, cascades) must succeed or fail
  alike and read back the same rows.

It prints every difference and exits 1 if there is any. It needs the `psql` client and a
server reachable through the PG* environment variables; the user must be allowed to create a
database (a scratch one, dropped at the end). Run it in a throwaway cluster:

    pg_virtualenv python3 scripts/check-schema-parity.py
"""

import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = ROOT / "crates" / "store" / "migrations"
SQLITE_DIR = MIGRATIONS / "sqlite"
POSTGRES_DIR = MIGRATIONS / "postgres"

# Compared by existence only: the full-text index differs by design between the backends.
SEARCH_TABLE = "order_search"
FTS_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")
# Columns read as i32 by the store: INTEGER on PostgreSQL; every other integer is BIGINT.
INT4_COLUMNS = {"year"}
# The SQLite 0/1 columns the store reads as bool: BOOLEAN on PostgreSQL. A new flag column
# goes here too, so a flag left BIGINT (which `active = TRUE` would refuse) is caught.
BOOLEANS = {
    "articles.active",
    "connectors.enabled",
    "employees.active",
    "orders.scheduled_all_day",
    "repair_codes.active",
}

differences = []


def differ(message):
    differences.append(message)
    print(f"DIFF  {message}")


def note(message):
    print(f"note  {message}")


# ---------------------------------------------------------------------------------------------
# SQLite side
# ---------------------------------------------------------------------------------------------


def sqlite_supports_contentless_delete():
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE t USING fts5(a, content='', contentless_delete=1)")
        return True
    except sqlite3.Error:
        return False
    finally:
        probe.close()


def apply_sqlite(path):
    """Applies the SQLite migrations to a fresh database file and returns the connection."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")  # as sqlx opens SQLite
    strip_contentless = not sqlite_supports_contentless_delete()
    if strip_contentless:
        note(
            f"this SQLite ({sqlite3.sqlite_version}) lacks FTS5 contentless_delete (3.43+): "
            "order_search is created without that option (it is compared by existence only)"
        )
    for file in sorted(SQLITE_DIR.glob("*.sql")):
        sql = file.read_text()
        if strip_contentless:
            sql = re.sub(r"contentless_delete\s*=\s*1\s*,", "", sql)
        try:
            conn.executescript(sql)
        except sqlite3.Error as e:
            sys.exit(f"SQLite migration {file.name} failed: {e}")
    return conn


def sqlite_schema(conn):
    """Tables -> columns, keys, indexes, foreign keys and CHECK counts of the SQLite side."""
    masters = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    virtual = {n for t, n, _, s in masters if t == "table" and s and s.upper().startswith("CREATE VIRTUAL")}
    shadow = {v + suffix for v in virtual for suffix in FTS_SHADOW_SUFFIXES}
    tables = {}
    for kind, name, _, sql in masters:
        if kind != "table" or name.startswith("sqlite_") or name.startswith("_sqlx") or name in shadow:
            continue
        if name in virtual:
            tables[name] = None
            continue
        tables[name] = sqlite_table(conn, name, sql, masters)
    return tables


def sqlite_table(conn, name, sql, masters):
    info = conn.execute(f"PRAGMA table_xinfo({name})").fetchall()
    pk_cols = [r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5])]
    rowid_key = len(pk_cols) == 1 and next(r[2] for r in info if r[1] == pk_cols[0]).upper() == "INTEGER"
    columns = []
    for _cid, col, ctype, notnull, default, pk, hidden in info:
        columns.append(
            {
                "name": col,
                "type": ctype.upper().split()[0] if ctype else "",
                # A STRICT table's key and SQLite's rowid key can never be NULL.
                "notnull": bool(notnull) or bool(pk),
                "default": default,
                "generated": hidden in (2, 3),
                "identity": rowid_key and pk == 1,
            }
        )
    unique_keys, indexes = set(), {}
    if rowid_key:
        unique_keys.add((pk_cols[0],))
    for _seq, index, unique, origin, partial in conn.execute(f"PRAGMA index_list({name})").fetchall():
        keys = [r for r in conn.execute(f"PRAGMA index_xinfo({index})").fetchall() if r[5]]
        if unique:
            unique_keys.add(tuple(f"lower({r[2]})" if (r[4] or "").upper() == "NOCASE" else r[2] for r in keys))
        if origin == "pk":
            unique_keys.add(tuple(r[2] for r in keys))
        if origin == "c":
            index_sql = next(s for t, n, _, s in masters if t == "index" and n == index)
            where = re.search(r"\bWHERE\b(.*)$", index_sql, re.S | re.I)
            indexes[index] = {
                "unique": bool(unique),
                "keys": tuple((r[2], bool(r[3])) for r in keys),
                "where": normalise_condition(where.group(1)) if where else None,
            }
    foreign_keys = set()
    fk_rows = conn.execute(f"PRAGMA foreign_key_list({name})").fetchall()
    for fk_id in sorted({r[0] for r in fk_rows}):
        rows = sorted((r for r in fk_rows if r[0] == fk_id), key=lambda r: r[1])
        foreign_keys.add(
            (
                tuple(r[3] for r in rows),
                rows[0][2],
                tuple(r[4] for r in rows),
                rows[0][6].upper(),
            )
        )
    checks = len(re.findall(r"\bCHECK\s*\(", sql, re.I))
    return {
        "columns": columns,
        "primary_key": tuple(pk_cols),
        "unique_keys": unique_keys,
        "indexes": indexes,
        "foreign_keys": foreign_keys,
        "checks": checks,
    }


def sqlite_rows(conn, table):
    cursor = conn.execute(f"SELECT * FROM {table}")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


# ---------------------------------------------------------------------------------------------
# PostgreSQL side
# ---------------------------------------------------------------------------------------------


class Postgres:
    def __init__(self, database):
        self.database = database

    def run(self, sql, *, check=True):
        """Runs SQL through psql (stopping at the first error) and returns (ok, stdout, stderr)."""
        done = subprocess.run(
            ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", self.database, "-f", "-"],
            input=sql,
            capture_output=True,
            text=True,
        )
        if check and done.returncode != 0:
            sys.exit(f"psql failed: {done.stderr.strip()}\nSQL: {sql[:400]}")
        return done.returncode == 0, done.stdout, done.stderr

    def json(self, select):
        _, out, _ = self.run(f"SELECT coalesce(json_agg(q), '[]') FROM ({select}) q;")
        return json.loads(out)

    def apply(self, file):
        done = subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-d", self.database, "-f", str(file)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            sys.exit(f"PostgreSQL migration {file.name} failed (in one transaction): {done.stderr.strip()}")


def maintenance_database():
    return os.environ.get("PGDATABASE") or "postgres"


def admin(sql):
    done = subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", maintenance_database(), "-c", sql],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"psql failed: {done.stderr.strip()} (is a server reachable through PG* variables?)")


PG_COLUMNS = """
SELECT c.relname AS tbl, a.attnum AS num, a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS "default",
       a.attgenerated <> '' AS generated, a.attidentity AS identity
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
"""

PG_INDEXES = """
SELECT t.relname AS tbl, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
       EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid) AS constraint,
       pg_get_expr(x.indpred, x.indrelid) AS "where", am.amname AS method,
       ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true)
               FROM generate_series(1, x.indnkeyatts) k ORDER BY k) AS keys,
       ARRAY(SELECT (x.indoption::int2[])[k - 1] & 1 = 1
               FROM generate_series(1, x.indnkeyatts) k ORDER BY k) AS descending
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_am am ON am.oid = i.relam
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname = current_schema()
"""

PG_CONSTRAINTS = """
SELECT t.relname AS tbl, c.contype AS kind, r.relname AS ref, c.confdeltype AS on_delete,
       ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o) AS cols,
       ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, o)
               JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o) AS ref_cols
  FROM pg_constraint c
  JOIN pg_class t ON t.oid = c.conrelid
  LEFT JOIN pg_class r ON r.oid = c.confrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname = current_schema() AND c.contype IN ('f', 'c')
"""

PG_ON_DELETE = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


def postgres_schema(pg):
    tables = {}
    for col in sorted(pg.json(PG_COLUMNS), key=lambda c: (c["tbl"], c["num"])):
        if col["tbl"].startswith("_sqlx"):
            continue
        table = tables.setdefault(
            col["tbl"],
            {"columns": [], "primary_key": (), "unique_keys": set(), "indexes": {}, "foreign_keys": set(), "checks": 0},
        )
        table["columns"].append(col)
    for index in pg.json(PG_INDEXES):
        table = tables.get(index["tbl"])
        if table is None:
            continue
        keys = tuple(index["keys"])
        if index["primary"]:
            table["primary_key"] = keys
        if index["unique"]:
            table["unique_keys"].add(keys)
        if not index["constraint"]:
            table["indexes"][index["name"]] = {
                "unique": index["unique"],
                "keys": tuple(zip(keys, index["descending"])),
                "where": normalise_condition(index["where"]) if index["where"] else None,
                "method": index["method"],
            }
    for con in pg.json(PG_CONSTRAINTS):
        table = tables.get(con["tbl"])
        if table is None:
            continue
        if con["kind"] == "c":
            table["checks"] += 1
        else:
            table["foreign_keys"].add(
                (tuple(con["cols"]), con["ref"], tuple(con["ref_cols"]), PG_ON_DELETE[con["on_delete"]])
            )
    return tables


# ---------------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------------


def normalise_condition(text):
    """`(deleted_at IS NULL)` and `deleted_at IS NULL` alike; TRUE/FALSE as 1/0."""
    text = re.sub(r"\s+", " ", text.strip().rstrip(";")).lower()
    while text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    text = text.replace("(", "").replace(")", "")
    return re.sub(r"\btrue\b", "1", re.sub(r"\bfalse\b", "0", text))


def normalise_default(value, pg_type=None):
    if value is None:
        return None
    value = str(value).strip()
    value = re.sub(r"::(text|bigint|integer|boolean)$", "", value)
    if pg_type == "boolean" or value in ("true", "false"):
        value = {"true": "1", "false": "0", "TRUE": "1", "FALSE": "0"}.get(value, value)
    return value


def compare_columns(table, lite, pg, booleans):
    lite_names = [c["name"] for c in lite["columns"]]
    pg_names = [c["name"] for c in pg["columns"]]
    if set(lite_names) != set(pg_names):
        for name in sorted(set(lite_names) - set(pg_names)):
            differ(f"{table}.{name}: only on SQLite")
        for name in sorted(set(pg_names) - set(lite_names)):
            differ(f"{table}.{name}: only on PostgreSQL")
    elif lite_names != pg_names:
        differ(f"{table}: column order differs (SELECT * decodes by position): {lite_names} vs {pg_names}")
    pg_by_name = {c["name"]: c for c in pg["columns"]}
    for lc in lite["columns"]:
        pc = pg_by_name.get(lc["name"])
        if pc is None:
            continue
        where = f"{table}.{lc['name']}"
        pg_type = pc["type"]
        if lc["type"] == "TEXT":
            expected = {"text"}
        elif lc["type"] == "INTEGER":
            expected = {"integer"} if lc["name"] in INT4_COLUMNS else {"bigint", "boolean"}
        else:
            expected = set()
            differ(f"{where}: SQLite type {lc['type']!r} has no rule")
        if pg_type not in expected:
            differ(f"{where}: SQLite {lc['type']} but PostgreSQL {pg_type} (expected {' or '.join(sorted(expected))})")
        if pg_type == "boolean":
            booleans.append(where)
            if lc["default"] not in (None, "0", "1"):
                differ(f"{where}: BOOLEAN on PostgreSQL but SQLite default {lc['default']} is not 0/1")
        if lc["notnull"] != pc["notnull"]:
            differ(f"{where}: NOT NULL {lc['notnull']} on SQLite, {pc['notnull']} on PostgreSQL")
        if lc["generated"] != pc["generated"]:
            differ(f"{where}: generated {lc['generated']} on SQLite, {pc['generated']} on PostgreSQL")
        lite_default = normalise_default(lc["default"])
        pg_default = normalise_default(pc["default"], pg_type)
        if lite_default != pg_default:
            differ(f"{where}: default {lc['default']!r} on SQLite, {pc['default']!r} on PostgreSQL")
        wants_identity = lc["identity"] and lc["name"] not in INT4_COLUMNS
        if lc["identity"] and not wants_identity:
            note(f"{where}: SQLite rowid key, but a given value (never generated): no identity on PostgreSQL")
        has_identity = pc["identity"] == "d"
        if pc["identity"] == "a":
            differ(f"{where}: GENERATED ALWAYS AS IDENTITY refuses copied keys; use BY DEFAULT")
        elif wants_identity != has_identity:
            differ(f"{where}: identity expected {wants_identity}, PostgreSQL has {has_identity}")


def compare_keys(table, lite, pg):
    if tuple(lite["primary_key"]) != tuple(pg["primary_key"]):
        differ(f"{table}: primary key {lite['primary_key']} on SQLite, {pg['primary_key']} on PostgreSQL")
    # A NOCASE key is also an exact key (SQLite's PRIMARY KEY COLLATE NOCASE stays the
    # primary key on PostgreSQL, with a unique index on lower(col) beside it).
    expected = set(lite["unique_keys"])
    if lite["primary_key"]:
        expected.add(tuple(lite["primary_key"]))
    # Unique indexes that are also named indexes are compared with the indexes below.
    named_unique = {i["keys"] for i in lite["indexes"].values() if i["unique"]}
    expected = {k for k in expected if tuple((c, False) for c in k) not in named_unique}
    pg_named = {n: i for n, i in pg["indexes"].items() if n in lite["indexes"]}
    actual = {k for k in pg["unique_keys"] if not any(i["unique"] and tuple(c for c, _ in i["keys"]) == k for i in pg_named.values())}
    for key in sorted(expected - actual):
        differ(f"{table}: unique key {key} on SQLite has no PostgreSQL counterpart")
    for key in sorted(actual - expected):
        differ(f"{table}: unique key {key} only on PostgreSQL")


def compare_indexes(table, lite, pg):
    for name, li in sorted(lite["indexes"].items()):
        pi = pg["indexes"].get(name)
        if pi is None:
            differ(f"{table}: index {name} missing on PostgreSQL")
            continue
        for field in ("unique", "keys", "where"):
            if li[field] != pi[field]:
                differ(f"{table}: index {name} {field}: {li[field]!r} on SQLite, {pi[field]!r} on PostgreSQL")
    for name, pi in sorted(pg["indexes"].items()):
        if name in lite["indexes"]:
            continue
        # The COLLATE NOCASE keys, checked as unique keys above.
        if pi["unique"] and all(k.startswith("lower(") for k, _ in pi["keys"]):
            continue
        differ(f"{table}: index {name} only on PostgreSQL")


def compare_schema(lite_tables, pg_tables):
    booleans = []
    for name in sorted(set(lite_tables) - set(pg_tables)):
        differ(f"table {name}: only on SQLite")
    for name in sorted(set(pg_tables) - set(lite_tables)):
        differ(f"table {name}: only on PostgreSQL")
    for name in sorted(set(lite_tables) & set(pg_tables)):
        lite, pg = lite_tables[name], pg_tables[name]
        if name == SEARCH_TABLE or lite is None:
            continue
        compare_columns(name, lite, pg, booleans)
        compare_keys(name, lite, pg)
        compare_indexes(name, lite, pg)
        if lite["foreign_keys"] != pg["foreign_keys"]:
            for fk in sorted(lite["foreign_keys"] - pg["foreign_keys"]):
                differ(f"{name}: foreign key {fk} only on SQLite")
            for fk in sorted(pg["foreign_keys"] - lite["foreign_keys"]):
                differ(f"{name}: foreign key {fk} only on PostgreSQL")
        if lite["checks"] != pg["checks"]:
            differ(f"{name}: {lite['checks']} CHECKs on SQLite, {pg['checks']} on PostgreSQL")
    if SEARCH_TABLE in pg_tables:
        search = pg_tables[SEARCH_TABLE]
        gin = sorted(i["keys"][0][0] for i in search["indexes"].values() if i["method"] == "gin")
        tsvectors = sorted(c["name"] for c in search["columns"] if c["type"] == "tsvector")
        if gin != tsvectors:
            differ(f"{SEARCH_TABLE}: GIN indexes on {gin}, tsvector columns {tsvectors}")
    return booleans


def comparable(rows, booleans):
    """Rows as sorted tuples of (column, value); booleans as 0/1."""
    out = []
    for row in rows:
        items = []
        for col, value in sorted(row.items()):
            if isinstance(value, bool) or col in booleans:
                value = None if value is None else int(value)
            items.append((col, value))
        out.append(tuple(items))
    return sorted(out, key=repr)


def compare_seed_rows(conn, pg, tables, booleans_by_table):
    for table in sorted(tables):
        if table == SEARCH_TABLE:
            continue
        lite = comparable(sqlite_rows(conn, table), booleans_by_table.get(table, set()))
        post = comparable(pg.json(f"SELECT * FROM {table}"), booleans_by_table.get(table, set()))
        if lite != post:
            only_lite = [r for r in lite if r not in post]
            only_pg = [r for r in post if r not in lite]
            differ(f"{table}: seed rows differ; only on SQLite {only_lite}, only on PostgreSQL {only_pg}")
        elif lite:
            note(f"{table}: {len(lite)} seed rows equal")


# ---------------------------------------------------------------------------------------------
# Behaviour probes: the same statements on both backends, in a transaction that is rolled back.
# ---------------------------------------------------------------------------------------------

STORE = "'0190d1a0-0000-7000-8000-000000000001'"
NOW = "'2026-03-01T10:00:00.000Z'"
BASE = [
    f"INSERT INTO customers (id, name, created_at, updated_at) VALUES ('c1', 'Anna', {NOW}, {NOW})",
    f"INSERT INTO repair_objects (id, owner_id, kind, created_at, updated_at) VALUES ('o1', 'c1', 'bicycle', {NOW}, {NOW})",
    f"INSERT INTO employees (id, name, roles, created_at) VALUES ('e1', 'Bram', 'mechanic', {NOW})",
]


def order(pk, status="intake", promised="NULL"):
    return (
        "INSERT INTO orders (pk, id, number, year, seq, customer_id, repair_object_id, store_id, "
        "description, status, priority, promised_date, order_date, work_minutes, total_cents, "
        "vat_cents, created_at, created_by, updated_at, updated_by) VALUES "
        f"({pk}, 'order{pk}', '2026-{pk:04}', 2026, {pk}, 'c1', 'o1', {STORE}, 'flat tyre', "
        f"'{status}', 'normal', {promised}, '2026-03-01', 0, 0, 0, {NOW}, 'e1', {NOW}, 'e1')"
    )


def line(order_pk, line_no):
    return (
        "INSERT INTO order_lines (id, order_pk, line_no, kind, description, quantity, "
        "unit_price_cents, unit_discount_cents, discount_bp, vat_code, vat_rate_bp, total_cents, "
        "vat_cents, work_minutes_per_unit, work_minutes, status) VALUES "
        f"('line{order_pk}-{line_no}', {order_pk}, {line_no}, 'labour', 'tube', 1, 1000, 0, 0, "
        "'high', 2100, 1000, 174, 15, 15, 'open')"
    )


STATUSES = ["intake", "scheduled", "in_progress", "waiting_for_parts", "waiting_for_customer", "done", "collected", "archived?"]

# (what is checked, statements, final SELECT or None, whether the statements must be refused)
PROBES = [
    (
        "employee names are unique ignoring case",
        [f"INSERT INTO employees (id, name, roles, created_at) VALUES ('e2', 'BRAM', 'counter', {NOW})"],
        None,
        True,
    ),
    (
        "repair codes are unique ignoring case",
        [
            "INSERT INTO repair_codes (code, description, vat_code) VALUES ('CH01', 'chain', 'high')",
            "INSERT INTO repair_codes (code, description, vat_code) VALUES ('ch01', 'chain', 'high')",
        ],
        None,
        True,
    ),
    (
        "connector names are unique ignoring case",
        [
            f"INSERT INTO connectors (name, kind, base_url, created_at) VALUES ('Shop', 'x', 'http://a', {NOW})",
            f"INSERT INTO connectors (name, kind, base_url, created_at) VALUES ('SHOP', 'x', 'http://a', {NOW})",
        ],
        None,
        True,
    ),
    ("an unknown VAT code is refused", ["INSERT INTO vat_rates VALUES ('middle', 100, '2020-01-01', NULL)"], None, True),
    ("a VAT rate above 100 % is refused", ["INSERT INTO vat_rates VALUES ('low', 10001, '2020-01-01', NULL)"], None, True),
    (
        "trading hours must open before they close",
        [f"INSERT INTO trading_hours VALUES ({STORE}, 0, 600, 600)"],
        None,
        True,
    ),
    (
        "a weekday above 6 is refused",
        ["INSERT INTO working_hours VALUES ('e1', 7, 600, 700)"],
        None,
        True,
    ),
    (
        "an absence must not end before it starts",
        ["INSERT INTO absences (employee_id, from_date, to_date) VALUES ('e1', '2026-03-02', '2026-03-01')"],
        None,
        True,
    ),
    (
        "an unknown sync state is refused",
        [
            order(1),
            f"INSERT INTO connectors (name, kind, base_url, created_at) VALUES ('shop', 'x', 'http://a', {NOW})",
            f"INSERT INTO sync_items (connector, order_id, wanted, state, updated_at) VALUES ('shop', 'order1', 1, 'lost', {NOW})",
        ],
        None,
        True,
    ),
    (
        "one running timer per mechanic",
        [
            order(1),
            order(2),
            f"INSERT INTO work_periods (order_pk, employee_id, started_at) VALUES (1, 'e1', {NOW})",
            f"INSERT INTO work_periods (order_pk, employee_id, started_at) VALUES (2, 'e1', {NOW})",
        ],
        None,
        True,
    ),
    (
        "an order for an unknown customer is refused",
        [order(1).replace("'c1', 'o1'", "'nobody', 'o1'")],
        None,
        True,
    ),
    (
        "the order number is unique per year",
        [order(1), order(2).replace("2026, 2,", "2026, 1,")],
        None,
        True,
    ),
    (
        "status rank and promised key are computed alike",
        [order(i + 1, s, "'2026-04-01'" if i % 2 else "NULL") for i, s in enumerate(STATUSES)],
        "SELECT pk, status, status_rank, promised_key FROM orders",
        False,
    ),
    (
        "defaults are the same",
        [
            order(1),
            f"INSERT INTO connectors (name, kind, base_url, created_at) VALUES ('shop', 'x', 'http://a', {NOW})",
            "INSERT INTO repair_codes (code, description, vat_code) VALUES ('CH01', 'chain', 'high')",
            "INSERT INTO articles (barcode, description, price_cents, vat_code) VALUES ('871', 'tube', 500, 'high')",
            f"INSERT INTO stores (id, name, created_at) VALUES ('s2', 'Branch', {NOW})",
            f"INSERT INTO sync_items (connector, order_id, wanted, state, updated_at) VALUES ('shop', 'order1', 1, 'pending', {NOW})",
        ],
        "SELECT e.active, e.pin_failures, o.scheduled_all_day, c.enabled, c.settings, c.outbox_cursor, "
        "r.standard_minutes, r.active AS code_active, a.active AS article_active, s.time_zone, "
        "i.sent, i.attempts FROM employees e, orders o, connectors c, repair_codes r, articles a, "
        "stores s, sync_items i WHERE s.id = 's2'",
        False,
    ),
    (
        "booleans are stored and filtered as TRUE/FALSE",
        [
            "INSERT INTO articles (barcode, description, price_cents, vat_code, active) VALUES ('1', 'old', 5, 'low', FALSE)",
            "INSERT INTO articles (barcode, description, price_cents, vat_code, active) VALUES ('2', 'new', 5, 'low', TRUE)",
        ],
        "SELECT barcode, active FROM articles WHERE active = TRUE",
        False,
    ),
    (
        "deleting an order deletes its lines",
        [order(1), line(1, 1), line(1, 2), "DELETE FROM orders WHERE pk = 1"],
        "SELECT count(*) AS n FROM order_lines",
        False,
    ),
    (
        "deleting a connector deletes its sync state",
        [
            order(1),
            f"INSERT INTO connectors (name, kind, base_url, created_at) VALUES ('shop', 'x', 'http://a', {NOW})",
            f"INSERT INTO sync_items (connector, order_id, wanted, state, updated_at) VALUES ('shop', 'order1', 1, 'pending', {NOW})",
            f"INSERT INTO sync_marks VALUES ('shop', 'order1', {NOW})",
            "INSERT INTO external_refs (connector, entity, local_id, remote_id) VALUES ('shop', 'order', 'order1', 'r1')",
            f"INSERT INTO import_refusals VALUES ('shop', 'r9', 'bad', 'f', {NOW})",
            "DELETE FROM connectors",
        ],
        "SELECT (SELECT count(*) FROM sync_items) + (SELECT count(*) FROM sync_marks) "
        "+ (SELECT count(*) FROM external_refs) + (SELECT count(*) FROM import_refusals) AS n",
        False,
    ),
    (
        "a second draft for an employee is refused",
        [
            f"INSERT INTO drafts VALUES ('e1', '{{}}', {NOW})",
            f"INSERT INTO drafts VALUES ('e1', '{{}}', {NOW})",
        ],
        None,
        True,
    ),
]


def probe_sqlite(conn, statements, select):
    conn.execute("SAVEPOINT probe")
    try:
        for sql in BASE + statements:
            conn.execute(sql)
        if select is None:
            return True, []
        return True, sqlite_select(conn, select)
    except sqlite3.Error as e:
        return False, str(e)
    finally:
        conn.execute("ROLLBACK TO probe")
        conn.execute("RELEASE probe")


def sqlite_select(conn, select):
    cursor = conn.execute(select)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def probe_postgres(pg, statements, select):
    body = ";\n".join(BASE + statements) + ";\n"
    if select is not None:
        body += f"SELECT coalesce(json_agg(q), '[]') FROM ({select}) q;\n"
    ok, out, err = pg.run(f"BEGIN;\n{body}ROLLBACK;\n", check=False)
    if not ok:
        return False, err.strip()
    return True, json.loads(out) if select is not None else []


def run_probes(conn, pg, booleans_by_column):
    bool_names = {c.split(".", 1)[1] for c in booleans_by_column} | {"code_active", "article_active"}
    for what, statements, select, refused in PROBES:
        lite_ok, lite_rows = probe_sqlite(conn, statements, select)
        pg_ok, pg_rows = probe_postgres(pg, statements, select)
        if lite_ok == refused:
            differ(f"probe '{what}': SQLite {'accepted' if lite_ok else 'refused: ' + lite_rows}")
        if pg_ok == refused:
            differ(f"probe '{what}': PostgreSQL {'accepted' if pg_ok else 'refused: ' + pg_rows}")
        if not lite_ok and not pg_ok and refusal_kind(lite_rows) != refusal_kind(pg_rows):
            differ(f"probe '{what}': refused for different reasons: SQLite {first_line(lite_rows)!r}; PostgreSQL {first_line(pg_rows)!r}")
        elif lite_ok and pg_ok and comparable(lite_rows, bool_names) != comparable(pg_rows, bool_names):
            differ(f"probe '{what}': SQLite read {lite_rows}, PostgreSQL read {pg_rows}")
        elif lite_ok != refused and pg_ok != refused:
            if refused:
                print(f"ok    probe: {what} (refused: SQLite {first_line(lite_rows)!r}; PostgreSQL {first_line(pg_rows)!r})")
            else:
                print(f"ok    probe: {what} (both read {comparable(pg_rows, bool_names)})")


REFUSALS = {
    "unique": ("UNIQUE constraint failed", "duplicate key value"),
    "check": ("CHECK constraint failed", "violates check constraint"),
    "foreign key": ("FOREIGN KEY constraint failed", "violates foreign key constraint"),
    "not null": ("NOT NULL constraint failed", "violates not-null constraint"),
}


def refusal_kind(message):
    """Which rule refused a statement, so both backends must refuse it for the same reason."""
    return next((kind for kind, marks in REFUSALS.items() if any(m in message for m in marks)), message)


def first_line(text):
    return text.splitlines()[0] if text else text


# ---------------------------------------------------------------------------------------------


def check_file_names():
    lite = sorted(p.name for p in SQLITE_DIR.glob("*.sql"))
    post = sorted(p.name for p in POSTGRES_DIR.glob("*.sql"))
    if lite != post:
        differ(f"migration files differ: only SQLite {sorted(set(lite) - set(post))}, only PostgreSQL {sorted(set(post) - set(lite))}")
    for file in sorted(POSTGRES_DIR.glob("*.sql")):
        text = file.read_text()
        code = "\n".join(line.split("--", 1)[0] for line in text.splitlines())
        for banned in ("CREATE EXTENSION", "SERIAL", "INT4", "NUMERIC", "TIMESTAMPTZ", "GENERATED ALWAYS AS IDENTITY"):
            if re.search(rf"\b{banned}\b", code, re.I):
                differ(f"{file.name}: uses {banned}")
        if f"migrations/sqlite/{file.name}" not in text.split("\n\n", 1)[0]:
            differ(f"{file.name}: header comment does not name migrations/sqlite/{file.name}")


def main():
    if not os.environ.get("PGHOST") and not os.environ.get("PGPORT"):
        note("no PGHOST/PGPORT set; run under `pg_virtualenv` for a throwaway cluster")
    check_file_names()
    database = f"jobcard_parity_{os.getpid()}"
    admin(f"CREATE DATABASE {database}")
    try:
        pg = Postgres(database)
        for file in sorted(POSTGRES_DIR.glob("*.sql")):
            pg.apply(file)
        print(f"ok    {len(list(POSTGRES_DIR.glob('*.sql')))} PostgreSQL migrations applied, each in one transaction")
        with tempfile.TemporaryDirectory() as tmp:
            conn = apply_sqlite(Path(tmp) / "parity.sqlite")
            print(f"ok    {len(list(SQLITE_DIR.glob('*.sql')))} SQLite migrations applied")
            lite_tables = sqlite_schema(conn)
            pg_tables = postgres_schema(pg)
            booleans = compare_schema(lite_tables, pg_tables)
            print("booleans (SQLite 0/1, PostgreSQL BOOLEAN): " + ", ".join(booleans))
            for column in sorted(BOOLEANS - set(booleans)):
                differ(f"{column}: a 0/1 flag, but not BOOLEAN on PostgreSQL")
            for column in sorted(set(booleans) - BOOLEANS):
                differ(f"{column}: BOOLEAN on PostgreSQL but not in this script's BOOLEANS list")
            by_table = {}
            for column in booleans:
                table, col = column.split(".", 1)
                by_table.setdefault(table, set()).add(col)
            compare_seed_rows(conn, pg, set(lite_tables) & set(pg_tables), by_table)
            run_probes(conn, pg, booleans)
            conn.close()
    finally:
        admin(f"DROP DATABASE IF EXISTS {database}")
    if differences:
        print(f"\n{len(differences)} difference(s) between the SQLite and PostgreSQL migrations")
        return 1
    print(f"\nno differences: {len(lite_tables)} tables alike on SQLite and PostgreSQL")
    return 0


if __name__ == "__main__":
    sys.exit(main())

//! Copying a shop's SQLite file into an empty PostgreSQL database: how a one-seat shop grows
//! into a shared database (issue 14, `jobcard migrate-to`).
//!
//! Why it works the way it does:
//! - Every row of every table is copied with its keys as they are (order numbers, `orders.pk`,
//!   audit and outbox ids), so references between tables, the sync state and the history stay
//!   true. The tables are known by name, in the order their foreign keys need ([`TABLES`]);
//!   the tables of both databases are read from their catalogues first, and one the copy does
//!   not know, or a column on one side only, stops it before anything is written, so a future
//!   migration can never be skipped silently.
//! - The source is read in one read transaction, so the copy is one consistent moment of the
//!   file even when a window is still open on it; the file itself is only read (through the
//!   store's read-only connections), never written.
//! - The target is written in one transaction, in pages of rows by `rowid`, so a shop of a
//!   million orders is never held in memory at once. The tables are locked first, so another
//!   seat cannot write into the database half-way, and the target is refused unless it holds
//!   nothing but the migrations' own seed rows (which the copy replaces).
//! - Generated columns are left out (PostgreSQL computes them), the identity sequences are
//!   moved past the copied keys, and the full-text index, which FTS5 keeps contentless and so
//!   cannot be read back, is rebuilt by the caller from the copied orders ([`Copy::target`],
//!   [`crate::search::index_page`]) because only the app knows what an order's search text is.
//! - Before the commit, [`Copy::verify`] compares every table's row count and the sums of its
//!   money columns (`*_cents`) on both sides; any difference drops the transaction, so the
//!   target is left as it was.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use sqlx::{AssertSqlSafe, Row as _, SqliteConnection};

use crate::StoreError;
use crate::db::query::{Backend, Conn, Exec, Target, Value, query, query_as, query_scalar};
use crate::db::{Store, WriteTx};

/// Every table the copy moves, parents before the tables that refer to them.
pub const TABLES: &[&str] = &[
    "settings",
    "stores",
    "employees",
    "customers",
    "repair_objects",
    "vat_rates",
    "repair_codes",
    "articles",
    "order_counters",
    "orders",
    "order_lines",
    "audit_log",
    "outbox",
    "work_periods",
    "trading_hours",
    "working_hours",
    "absences",
    "connectors",
    "sync_items",
    "external_refs",
    "sync_marks",
    "import_refusals",
    "drafts",
];

/// The full-text index: rebuilt on the target, never copied.
pub const SEARCH_INDEX: &str = "order_search";

/// The tables FTS5 keeps behind `order_search` on SQLite.
const FTS5_SHADOWS: &[&str] = &["data", "idx", "content", "docsize", "config"];

/// Tables the migrations fill with seed rows (the default store, its trading hours, the VAT
/// rates) or that a seat writes when it merely opens; rows there do not make a database
/// "in use", and the copy replaces them with the shop's own.
const SEEDED: &[&str] = &["settings", "stores", "vat_rates", "trading_hours"];

/// Rows per page, at most; a page's values also stay below PostgreSQL's 65,535 parameters.
const PAGE_ROWS: usize = 1000;
const MAX_PARAMETERS: usize = 60_000;

/// Why a copy was refused or stopped. Nothing is written to the target in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("the copy reads the embedded SQLite file and writes a PostgreSQL database")]
    WrongBackends,
    #[error(
        "{database} is not empty: its table {table} has {rows} rows; migrate-to copies a shop only into an empty database"
    )]
    NotEmpty {
        database: String,
        table: String,
        rows: i64,
    },
    #[error(
        "the {side} database has a table {table} this program cannot copy; nothing was copied (update Jobcard)"
    )]
    UnknownTable { side: &'static str, table: String },
    #[error("the {side} database has no table {table}; nothing was copied")]
    MissingTable { side: &'static str, table: String },
    #[error(
        "table {table} differs between the databases (SQLite: {sqlite}; PostgreSQL: {postgres}); nothing was copied"
    )]
    Columns {
        table: String,
        sqlite: String,
        postgres: String,
    },
    #[error(
        "the copy of {table} does not add up ({what}: {source_value} in the SQLite file, {target_value} in PostgreSQL); nothing was copied"
    )]
    Mismatch {
        table: String,
        what: String,
        source_value: i64,
        target_value: i64,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for CopyError {
    fn from(err: sqlx::Error) -> Self {
        Self::Store(StoreError::Sql(err))
    }
}

pub type CopyResult<T> = std::result::Result<T, CopyError>;

/// What was copied of one table, counted on both sides by [`Copy::verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCount {
    pub table: String,
    pub rows: i64,
    /// The sum of each money column (`*_cents`), by column name.
    pub sums: Vec<(String, i64)>,
}

/// How a column's values travel: PostgreSQL's type decides what is read from SQLite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Int,
    Int32,
    Bool,
}

#[derive(Debug, Clone)]
struct Column {
    name: String,
    kind: Kind,
    identity: bool,
}

#[derive(Debug, Clone)]
struct Table {
    name: &'static str,
    columns: Vec<Column>,
}

impl Table {
    fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn money_columns(&self) -> impl Iterator<Item = &str> {
        self.columns
            .iter()
            .map(|c| c.name.as_str())
            .filter(|n| n.ends_with("_cents"))
    }
}

/// A copy under way: the source's read transaction and the target's write transaction.
/// Dropping it without [`Copy::commit`] rolls the target back.
pub struct Copy {
    source: Conn,
    target: WriteTx,
    tables: Vec<Table>,
}

/// Starts a copy of `source` (the SQLite file) into `target` (PostgreSQL, migrated by this
/// program): checks that both have exactly the tables and columns the copy knows, locks the
/// target's tables and refuses it unless it is empty. `target_name` names the target in a
/// refusal (the URL without its password).
pub async fn begin(source: &Store, target: &Store, target_name: &str) -> CopyResult<Copy> {
    if source.backend() != Backend::Sqlite || target.backend() != Backend::Postgres {
        return Err(CopyError::WrongBackends);
    }
    let mut source_tx = source.read_snapshot().await?;
    let mut target_tx = target.begin_write().await?;
    let tables = schema(&mut source_tx, &mut target_tx).await?;
    lock_all(&mut target_tx).await?;
    refuse_unless_empty(&mut target_tx, target_name).await?;
    clear(&mut target_tx).await?;
    Ok(Copy {
        source: source_tx,
        target: target_tx,
        tables,
    })
}

impl Copy {
    /// Copies every table's rows and moves the identity sequences past them; returns the rows
    /// copied per table.
    pub async fn copy_tables(&mut self) -> CopyResult<Vec<(String, i64)>> {
        let mut copied = Vec::new();
        for table in &self.tables {
            let rows = copy_table(sqlite(&mut self.source)?, &mut self.target, table).await?;
            move_sequences(&mut self.target, table).await?;
            copied.push((table.name.to_owned(), rows));
        }
        Ok(copied)
    }

    /// The target's transaction, for the caller's rebuild of the full-text index.
    pub fn target(&mut self) -> &mut Conn {
        &mut self.target
    }

    /// Counts every table and sums its money columns on both sides, and checks that the
    /// full-text index has a row per order; any difference is an error.
    pub async fn verify(&mut self) -> CopyResult<Vec<TableCount>> {
        let mut counts = Vec::new();
        for table in &self.tables {
            let source = count(&mut self.source, table).await?;
            let target = count(&mut self.target, table).await?;
            compare(&source, &target)?;
            counts.push(source);
        }
        let orders = counts
            .iter()
            .find(|c| c.table == "orders")
            .map_or(0, |c| c.rows);
        let indexed: i64 = query_scalar("SELECT count(*) FROM order_search")
            .fetch_one(&mut *self.target)
            .await?;
        if indexed != orders {
            return Err(CopyError::Mismatch {
                table: SEARCH_INDEX.to_owned(),
                what: "rows (one per order)".to_owned(),
                source_value: orders,
                target_value: indexed,
            });
        }
        Ok(counts)
    }

    /// Commits the target; the source's read transaction just ends.
    pub async fn commit(self) -> CopyResult<()> {
        self.target.commit().await?;
        drop(self.source);
        Ok(())
    }
}

impl Store {
    /// A read transaction on the SQLite file's read-only pool: one consistent moment of the
    /// file for as long as it is held (WAL lets writers go on meanwhile).
    async fn read_snapshot(&self) -> CopyResult<Conn> {
        match &self.readers {
            crate::Readers::Sqlite(pool) => Ok(Conn::sqlite_tx(pool.begin().await?)),
            crate::Readers::Postgres(_) => Err(CopyError::WrongBackends),
        }
    }
}

fn sqlite(conn: &mut Conn) -> CopyResult<&mut SqliteConnection> {
    match conn.target() {
        Target::Sqlite(c) => Ok(c),
        _ => Err(CopyError::WrongBackends),
    }
}

/// The tables of both databases, checked against [`TABLES`], with PostgreSQL's column types.
async fn schema(source: &mut Conn, target: &mut Conn) -> CopyResult<Vec<Table>> {
    let sqlite_tables: Vec<String> = query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_sqlx\\_%' ESCAPE '\\'",
    )
    .fetch_all(&mut *source)
    .await?;
    let pg_tables: Vec<String> = query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
           AND table_name NOT LIKE '\\_sqlx\\_%'",
    )
    .fetch_all(&mut *target)
    .await?;
    check_names("SQLite", &sqlite_tables, is_sqlite_index)?;
    check_names("PostgreSQL", &pg_tables, |t| t == SEARCH_INDEX)?;
    let mut tables = Vec::new();
    for name in TABLES {
        let columns = pg_columns(target, name).await?;
        let sqlite_columns = sqlite_columns(source, name).await?;
        let pg_names: BTreeSet<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        let sqlite_names: BTreeSet<&str> = sqlite_columns.iter().map(String::as_str).collect();
        if pg_names != sqlite_names {
            return Err(CopyError::Columns {
                table: (*name).to_owned(),
                sqlite: sqlite_names.into_iter().collect::<Vec<_>>().join(", "),
                postgres: pg_names.into_iter().collect::<Vec<_>>().join(", "),
            });
        }
        tables.push(Table { name, columns });
    }
    Ok(tables)
}

/// `order_search` and the tables FTS5 keeps behind it.
fn is_sqlite_index(name: &str) -> bool {
    name == SEARCH_INDEX
        || name
            .strip_prefix("order_search_")
            .is_some_and(|rest| FTS5_SHADOWS.contains(&rest))
}

/// Refuses a database with a table the copy does not know, or without one it needs.
fn check_names(
    side: &'static str,
    found: &[String],
    is_index: impl Fn(&str) -> bool,
) -> CopyResult<()> {
    if let Some(unknown) = found
        .iter()
        .find(|t| !TABLES.contains(&t.as_str()) && !is_index(t))
    {
        return Err(CopyError::UnknownTable {
            side,
            table: unknown.clone(),
        });
    }
    let needed = TABLES.iter().copied().chain([SEARCH_INDEX]);
    for table in needed {
        if !found.iter().any(|t| t == table) {
            return Err(CopyError::MissingTable {
                side,
                table: table.to_owned(),
            });
        }
    }
    Ok(())
}

/// The ordinary columns of a PostgreSQL table (generated ones left out), in table order.
async fn pg_columns(target: &mut Conn, table: &str) -> CopyResult<Vec<Column>> {
    let rows: Vec<(String, String, String)> = query_as(
        "SELECT column_name::text, data_type::text, is_identity::text
         FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
         ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut *target)
    .await?;
    rows.into_iter()
        .map(|(name, data_type, identity)| {
            let kind = match data_type.as_str() {
                "text" => Kind::Text,
                "bigint" => Kind::Int,
                "integer" => Kind::Int32,
                "boolean" => Kind::Bool,
                other => {
                    return Err(CopyError::Columns {
                        table: table.to_owned(),
                        sqlite: format!("{name} (copied as text, integer or boolean)"),
                        postgres: format!("{name} {other}"),
                    });
                }
            };
            Ok(Column {
                name,
                kind,
                identity: identity == "YES",
            })
        })
        .collect()
}

/// The ordinary columns of a SQLite table (generated ones, `hidden` 2 or 3, left out).
async fn sqlite_columns(source: &mut Conn, table: &str) -> CopyResult<Vec<String>> {
    Ok(
        query_scalar("SELECT name FROM pragma_table_xinfo($1) WHERE hidden = 0 ORDER BY cid")
            .bind(table)
            .fetch_all(&mut *source)
            .await?,
    )
}

/// Holds every table of the target against other seats' writes until the commit.
async fn lock_all(target: &mut Conn) -> CopyResult<()> {
    let all = TABLES
        .iter()
        .copied()
        .chain([SEARCH_INDEX])
        .collect::<Vec<_>>()
        .join(", ");
    query(AssertSqlSafe(format!("LOCK TABLE {all} IN EXCLUSIVE MODE")))
        .execute(&mut *target)
        .await?;
    Ok(())
}

/// Refuses a target that holds a row anywhere but in the seed tables.
async fn refuse_unless_empty(target: &mut Conn, target_name: &str) -> CopyResult<()> {
    let in_use = TABLES
        .iter()
        .copied()
        .chain([SEARCH_INDEX])
        .filter(|t| !SEEDED.contains(t));
    for table in in_use {
        let rows: i64 = query_scalar(AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
            .fetch_one(&mut *target)
            .await?;
        if rows > 0 {
            return Err(CopyError::NotEmpty {
                database: target_name.to_owned(),
                table: table.to_owned(),
                rows,
            });
        }
    }
    Ok(())
}

/// Takes out the seed rows, children first, so the shop's own rows replace them.
async fn clear(target: &mut Conn) -> CopyResult<()> {
    for table in TABLES.iter().rev() {
        query(AssertSqlSafe(format!("DELETE FROM {table}")))
            .execute(&mut *target)
            .await?;
    }
    Ok(())
}

/// Copies one table page by page in `rowid` order; returns the rows copied.
async fn copy_table(
    source: &mut SqliteConnection,
    target: &mut Conn,
    table: &Table,
) -> CopyResult<i64> {
    let columns = table.column_list();
    let page = PAGE_ROWS.min(MAX_PARAMETERS / table.columns.len().max(1));
    let select = format!(
        "SELECT rowid, {columns} FROM {} WHERE rowid > $1 ORDER BY rowid LIMIT {page}",
        table.name
    );
    let mut after = i64::MIN;
    let mut copied = 0_i64;
    loop {
        let rows = sqlx::query(AssertSqlSafe(select.clone()))
            .bind(after)
            .fetch_all(&mut *source)
            .await?;
        let Some(last) = rows.last() else {
            return Ok(copied);
        };
        after = last.try_get(0)?;
        let mut values = Vec::with_capacity(rows.len() * table.columns.len());
        for row in &rows {
            for (i, column) in table.columns.iter().enumerate() {
                values.push(read_value(row, i + 1, column.kind)?);
            }
        }
        insert_page(target, table, rows.len(), values).await?;
        copied += i64::try_from(rows.len()).unwrap_or(i64::MAX);
    }
}

/// One value of a SQLite row, read as the PostgreSQL column wants it.
fn read_value(row: &sqlx::sqlite::SqliteRow, i: usize, kind: Kind) -> CopyResult<Value<'static>> {
    Ok(match kind {
        Kind::Text => Value::Text(row.try_get::<Option<String>, _>(i)?.map(Into::into)),
        Kind::Int => Value::Int(row.try_get(i)?),
        Kind::Int32 => Value::Int32(row.try_get(i)?),
        Kind::Bool => Value::Bool(row.try_get(i)?),
    })
}

/// One multi-row `INSERT` of a page.
async fn insert_page(
    target: &mut Conn,
    table: &Table,
    rows: usize,
    values: Vec<Value<'static>>,
) -> CopyResult<()> {
    let width = table.columns.len();
    let mut sql = format!(
        "INSERT INTO {} ({}) VALUES ",
        table.name,
        table.column_list()
    );
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..width {
            let sep = if c == 0 { "" } else { ", " };
            let _ = write!(sql, "{sep}${}", r * width + c + 1);
        }
        sql.push(')');
    }
    let mut insert = query(AssertSqlSafe(sql));
    for value in values {
        insert = insert.bind(value);
    }
    insert.execute(target).await?;
    Ok(())
}

/// Moves each identity sequence of `table` past the largest key copied, so the next row a
/// seat adds gets a new key.
async fn move_sequences(target: &mut Conn, table: &Table) -> CopyResult<()> {
    for column in table.columns.iter().filter(|c| c.identity) {
        let (name, col) = (table.name, &column.name);
        query(AssertSqlSafe(format!(
            "SELECT setval(pg_get_serial_sequence('{name}', '{col}'),
                           COALESCE((SELECT max({col}) FROM {name}), 0) + 1, false)"
        )))
        .execute(&mut *target)
        .await?;
    }
    Ok(())
}

/// A table's rows and money sums, on either side.
async fn count(conn: &mut Conn, table: &Table) -> CopyResult<TableCount> {
    let rows: i64 = query_scalar(AssertSqlSafe(format!(
        "SELECT count(*) FROM {}",
        table.name
    )))
    .fetch_one(&mut *conn)
    .await?;
    let mut sums = Vec::new();
    for column in table.money_columns() {
        let sum: i64 = query_scalar(AssertSqlSafe(format!(
            "SELECT CAST(COALESCE(sum({column}), 0) AS BIGINT) FROM {}",
            table.name
        )))
        .fetch_one(&mut *conn)
        .await?;
        sums.push((column.to_owned(), sum));
    }
    Ok(TableCount {
        table: table.name.to_owned(),
        rows,
        sums,
    })
}

fn compare(source: &TableCount, target: &TableCount) -> CopyResult<()> {
    let mismatch = |what: &str, s: i64, t: i64| CopyError::Mismatch {
        table: source.table.clone(),
        what: what.to_owned(),
        source_value: s,
        target_value: t,
    };
    if source.rows != target.rows {
        return Err(mismatch("rows", source.rows, target.rows));
    }
    for ((column, s), (_, t)) in source.sums.iter().zip(&target.sums) {
        if s != t {
            return Err(mismatch(&format!("sum of {column}"), *s, *t));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]
    use super::{TABLES, check_names, is_sqlite_index};

    #[test]
    fn the_fts5_tables_are_the_index_and_nothing_else_is() {
        assert!(is_sqlite_index("order_search"));
        assert!(is_sqlite_index("order_search_docsize"));
        assert!(!is_sqlite_index("order_search_notes"));
        assert!(!is_sqlite_index("orders"));
    }

    #[test]
    fn a_table_the_copy_does_not_know_stops_it() {
        let mut found: Vec<String> = TABLES.iter().map(|t| (*t).to_owned()).collect();
        found.push("order_search".to_owned());
        assert!(check_names("SQLite", &found, is_sqlite_index).is_ok());
        found.push("invoices".to_owned());
        let err = check_names("SQLite", &found, is_sqlite_index).expect_err("refused");
        assert_eq!(
            err.to_string(),
            "the SQLite database has a table invoices this program cannot copy; nothing was copied (update Jobcard)"
        );
        found.retain(|t| t != "invoices" && t != "drafts");
        let err = check_names("SQLite", &found, is_sqlite_index).expect_err("refused");
        assert!(err.to_string().contains("no table drafts"), "{err}");
    }
}

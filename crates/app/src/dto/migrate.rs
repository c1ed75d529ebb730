//! What `migrate-to` reports: the shop copied from its SQLite file into a shared PostgreSQL
//! database, counted table by table on both sides before it said done.

use serde::Serialize;
use ts_rs::TS;

/// A finished copy into a shared database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MigrationReport {
    /// The database copied into, its password left out.
    pub target: String,
    /// Every table, in the order they were copied, with the counts both sides agreed on.
    pub tables: Vec<TableCopied>,
    /// All rows copied, over every table.
    pub rows: i64,
    /// The orders' full-text rows written on the target (one per order).
    pub search_rows: i64,
    /// How long the copy took, in milliseconds.
    pub elapsed_ms: i64,
}

/// One table as copied and verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TableCopied {
    pub table: String,
    pub rows: i64,
    /// The sum of each money column, equal on both sides.
    pub sums: Vec<MoneySum>,
}

/// The sum of one money column (`*_cents`) over a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MoneySum {
    pub column: String,
    pub cents: i64,
}

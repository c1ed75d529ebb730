//! Growing from one seat to many: `migrate-to` copies the shop's SQLite file into an empty
//! shared PostgreSQL database (issue 14).
//!
//! The store's `copy` moves the rows (every table, keys as they are, one transaction on the
//! target) and counts them on both sides; this use case adds what only the app knows: who may
//! do it (a manager or the machine's owner), and each order's full-text row, written from the
//! copied order, customer and bike with the same [`search_entry::search_doc`] intake uses,
//! because FTS5 keeps the index contentless and it cannot be read back. The SQLite file is
//! only read; the shop keeps working on it until its seats are pointed at the new database.

use crate::error::ErrorCode;
use std::time::Instant;

use jobcard_store::copy::{self, CopyError, TableCount};
use jobcard_store::{Backend, Database, DatabaseUrl, Store};

use crate::dto::{MigrationReport, MoneySum, TableCopied};
use crate::guard::Guard;
use crate::search_entry;
use crate::{Actor, App, AppError, Result};

impl App {
    /// Copies this shop (its SQLite file) into the empty PostgreSQL database at `url`, checks
    /// every table's rows and money sums on both sides, and only then commits. A target with
    /// data of its own is refused and left as it was; so is everything when a check fails.
    pub async fn migrate_to(&self, actor: &Actor, url: &str) -> Result<MigrationReport> {
        actor.require(Guard::MIGRATE)?;
        self.migrate_to_url(actor, DatabaseUrl::parse(url)?).await
    }

    /// [`App::migrate_to`] with the URL parsed (the window's form passes its password apart).
    pub(crate) async fn migrate_to_url(
        &self,
        actor: &Actor,
        url: DatabaseUrl,
    ) -> Result<MigrationReport> {
        actor.require(Guard::MIGRATE)?;
        if self.store.backend() != Backend::Sqlite {
            return Err(AppError::new(
                ErrorCode::Unsupported,
                "this shop already runs on a shared database; migrate-to copies the SQLite file of a one-computer shop",
                None,
            ));
        }
        let started = Instant::now();
        let target = Store::open_database(&Database::Shared(url.clone())).await?;
        let copied = copy_shop(&self.store, &target, &url).await;
        target.close().await;
        let (counts, search_rows) = copied?;
        let tables: Vec<TableCopied> = counts.into_iter().map(table_view).collect();
        Ok(MigrationReport {
            target: url.to_string(),
            rows: tables.iter().map(|t| t.rows).sum(),
            tables,
            search_rows,
            elapsed_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
        })
    }
}

/// The copy in one transaction on the target: rows, the full-text rows, the checks, the commit.
async fn copy_shop(
    source: &Store,
    target: &Store,
    url: &DatabaseUrl,
) -> Result<(Vec<TableCount>, i64)> {
    let mut copy = copy::begin(source, target, &url.to_string())
        .await
        .map_err(refusal)?;
    copy.copy_tables().await.map_err(refusal)?;
    let search_rows = search_entry::write_all(copy.target()).await?;
    let counts = copy.verify().await.map_err(refusal)?;
    copy.commit().await.map_err(refusal)?;
    Ok((counts, search_rows))
}

fn table_view(count: TableCount) -> TableCopied {
    TableCopied {
        table: count.table,
        rows: count.rows,
        sums: count
            .sums
            .into_iter()
            .map(|(column, cents)| MoneySum { column, cents })
            .collect(),
    }
}

/// The copy's refusals as the window and the CLI show them.
fn refusal(err: CopyError) -> AppError {
    match err {
        CopyError::NotEmpty {
            database,
            table,
            rows,
        } => AppError::new(
            ErrorCode::DatabaseNotEmpty,
            format!(
                "{database} is not empty (its table {table} has {rows} rows); migrate-to copies a shop only into an empty database"
            ),
            Some("database_url"),
        ),
        CopyError::UnknownTable { side, table } => AppError::new(
            ErrorCode::CopyRefused,
            format!(
                "the {side} database has a table {table} this program cannot copy; nothing was copied"
            ),
            None,
        ),
        CopyError::MissingTable { side, table } => AppError::new(
            ErrorCode::CopyRefused,
            format!("the {side} database has no table {table}; nothing was copied"),
            None,
        ),
        CopyError::Columns { table, .. } => AppError::new(
            ErrorCode::CopyRefused,
            format!(
                "the columns of table {table} differ between the two databases; nothing was copied"
            ),
            None,
        ),
        CopyError::Mismatch {
            table,
            what,
            source_value,
            target_value,
        } => AppError::new(
            ErrorCode::CopyMismatch,
            format!(
                "the copy of {table} does not add up ({what}: {source_value} in the SQLite file, {target_value} in the shared database); nothing was copied"
            ),
            None,
        ),
        CopyError::WrongBackends => AppError::new(
            ErrorCode::Unsupported,
            "migrate-to copies the SQLite file into a PostgreSQL database",
            None,
        ),
        CopyError::Store(err) => err.into(),
    }
}

//! Opening the database file: durable pragmas, the SQLite version check and migrations.
//!
//! `journal_mode=WAL` lets the window read while the CLI writes; `synchronous=FULL` makes a
//! committed order survive power loss (NORMAL could lose the last transactions in WAL mode);
//! `foreign_keys=ON` because SQLite defaults it off; a busy timeout so a second process waits
//! for the writer instead of failing at once.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::{Result, StoreError};

/// SQLite versions before this have a WAL bug that can lose committed data.
pub const MIN_SQLITE_VERSION: (u32, u32, u32) = (3, 51, 3);

/// A write transaction on the single writer connection.
pub type WriteTx = Transaction<'static, Sqlite>;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The open database: a reader pool and one writer.
#[derive(Clone, Debug)]
pub struct Store {
    readers: SqlitePool,
    writer: SqlitePool,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) `jobcard.sqlite` in `data_dir`, checks the SQLite version
    /// and runs pending migrations.
    pub async fn open_dir(data_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        Self::open(&data_dir.join(crate::backup::DATABASE_FILE)).await
    }

    /// Opens (creating if needed) the database file at `path`.
    pub async fn open(path: &Path) -> Result<Self> {
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("temp_store", "memory")
            .pragma("cache_size", "-32000");
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await?;
        check_version(&writer).await?;
        MIGRATOR.run(&writer).await?;
        let readers = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await?;
        Ok(Self {
            readers,
            writer,
            path: path.to_path_buf(),
        })
    }

    /// Starts a write transaction (`BEGIN IMMEDIATE`, so it holds the write lock from the
    /// start and never fails half-way on a lock upgrade).
    pub async fn begin_write(&self) -> Result<WriteTx> {
        Ok(self.writer.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// The pool for reads.
    pub fn readers(&self) -> &SqlitePool {
        &self.readers
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `PRAGMA integrity_check`; `Ok(())` when the file is sound.
    pub async fn integrity_check(&self) -> Result<()> {
        let rows: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
            .fetch_all(&self.writer)
            .await?;
        match rows.as_slice() {
            [(ok,)] if ok == "ok" => Ok(()),
            other => Err(StoreError::corrupt(
                other
                    .iter()
                    .map(|(line,)| line.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            )),
        }
    }

    /// Closes both pools, checkpointing the WAL.
    pub async fn close(&self) {
        self.readers.close().await;
        self.writer.close().await;
    }
}

async fn check_version(pool: &SqlitePool) -> Result<()> {
    let (version,): (String,) = sqlx::query_as("SELECT sqlite_version()")
        .fetch_one(pool)
        .await?;
    if sqlite_version_ok(&version) {
        Ok(())
    } else {
        let (a, b, c) = MIN_SQLITE_VERSION;
        Err(StoreError::SqliteTooOld {
            found: version,
            needed: format!("{a}.{b}.{c}"),
        })
    }
}

/// Whether a `major.minor.patch` version string is at least [`MIN_SQLITE_VERSION`].
pub fn sqlite_version_ok(version: &str) -> bool {
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let found = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    found >= MIN_SQLITE_VERSION
}

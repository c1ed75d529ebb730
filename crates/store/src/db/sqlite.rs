//! The embedded backend: opening the database file with durable pragmas, the SQLite version
//! check and migrations.
//!
//! `journal_mode=WAL` lets the window read while the CLI writes; `synchronous=FULL` makes a
//! committed order survive power loss (NORMAL could lose the last transactions in WAL mode);
//! `foreign_keys=ON` because SQLite defaults it off; a busy timeout so a second process waits
//! for the writer instead of failing at once.
//!
//! An open `Store` holds the shared lock on `jobcard.sqlite.lock` until it is closed, so a
//! restore can tell that the file is in use (see [`crate::files`]); opening also makes the
//! database's files user-only.

use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::query::Readers;
use super::{Store, Writer};
use crate::files::{self, DbLock};
use crate::{Result, StoreError};

/// SQLite versions before this have a WAL bug that can lose committed data.
pub const MIN_SQLITE_VERSION: (u32, u32, u32) = (3, 51, 3);

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

impl Store {
    /// Opens (creating if needed) `jobcard.sqlite` in `data_dir`, checks the SQLite version
    /// and runs pending migrations.
    /// The directory and Jobcard's files in it are made user-only.
    pub async fn open_dir(data_dir: &Path) -> Result<Self> {
        files::create_private_dir(data_dir)?;
        files::make_data_dir_private(data_dir);
        Self::open(&data_dir.join(crate::backup::DATABASE_FILE)).await
    }

    /// Opens (creating if needed) the database file at `path`, holding the shared lock
    /// beside it until [`Store::close`]. Waits while a restore has the file.
    pub async fn open(path: &Path) -> Result<Self> {
        let lock = DbLock::shared(path).await?;
        Self::open_locked(path, Some(lock)).await
    }

    /// Opens the database while the caller holds the lock (a restore, exclusively).
    pub(crate) async fn open_locked(path: &Path, lock: Option<DbLock>) -> Result<Self> {
        create_private_file(path)?;
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
        super::migrate(&MIGRATOR, &writer).await?;
        let readers = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await?;
        Ok(Self {
            readers: Readers::Sqlite(readers),
            writer: Writer::Sqlite(writer),
            path: Some(path.to_path_buf()),
            shared: None,
            lock: Arc::new(Mutex::new(lock)),
            backup_progress: Default::default(),
        })
    }

    /// The SQLite file's own pool (backups and checks that only the file has).
    pub(crate) fn sqlite_pool(&self) -> Result<&SqlitePool> {
        match &self.writer {
            Writer::Sqlite(pool) => Ok(pool),
            Writer::Postgres(_) => Err(StoreError::Unsupported {
                what: "this works on the embedded SQLite file only".to_owned(),
            }),
        }
    }

    /// `PRAGMA integrity_check`; `Ok(())` when the file is sound.
    pub async fn integrity_check(&self) -> Result<()> {
        let rows: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
            .fetch_all(self.sqlite_pool()?)
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
}

/// Creates the database file empty and user-only when it is missing, so SQLite (which gives
/// `-wal` and `-shm` the database file's mode) never makes them readable by others; narrows
/// the files an older version left readable.
fn create_private_file(path: &Path) -> Result<()> {
    files::private_options()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| files::io_error(path, e))?;
    for file in [
        path.to_path_buf(),
        files::companion(path, "-wal"),
        files::companion(path, "-shm"),
    ] {
        files::make_private(&file);
    }
    Ok(())
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

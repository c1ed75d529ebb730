//! Backups of the database file.
//!
//! A backup is written with `VACUUM INTO`, which reads one consistent snapshot through SQLite
//! itself: safe while the app is writing, unlike copying a live WAL database's files. A
//! restore checks the backup before it touches anything, keeps a copy of the current database,
//! and then swaps the files.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use crate::{Result, Store, StoreError};

/// The name of the database file in a data directory.
pub const DATABASE_FILE: &str = "jobcard.sqlite";

fn io_error(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::DataDir {
        path: path.display().to_string(),
        source,
    }
}

impl Store {
    /// Writes a consistent copy of the database to `target` (which must not exist yet).
    pub async fn backup_to(&self, target: &Path) -> Result<()> {
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
        }
        if target.exists() {
            return Err(StoreError::Conflict {
                what: format!("{} already exists", target.display()),
            });
        }
        let target_text = target
            .to_str()
            .ok_or_else(|| StoreError::corrupt("backup path is not UTF-8"))?;
        sqlx::query("VACUUM INTO ?")
            .bind(target_text)
            .execute(self.readers())
            .await?;
        Ok(())
    }
}

/// Checks that `file` is a sound Jobcard database: it opens read-only, passes
/// `PRAGMA integrity_check` and has Jobcard's orders table.
pub async fn verify_backup(file: &Path) -> Result<()> {
    if !file.is_file() {
        return Err(StoreError::not_found(format!(
            "no backup file {}",
            file.display()
        )));
    }
    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(file)
        .read_only(true);
    let mut conn = options
        .connect()
        .await
        .map_err(|e| StoreError::corrupt(format!("{}: {e}", file.display())))?;
    let check: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await
        .map_err(|e| StoreError::corrupt(format!("{} is not a database: {e}", file.display())))?;
    if !matches!(check.as_slice(), [(ok,)] if ok == "ok") {
        return Err(StoreError::corrupt(format!(
            "{} fails its integrity check",
            file.display()
        )));
    }
    let tables: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'orders'",
    )
    .fetch_one(&mut conn)
    .await?;
    conn.close().await?;
    if tables == 1 {
        Ok(())
    } else {
        Err(StoreError::corrupt(format!(
            "{} is not a Jobcard database",
            file.display()
        )))
    }
}

/// Replaces the database in `data_dir` by `backup`. The database must be closed (no window
/// or other command using it). The current file is first kept as `keep_as` (when it exists),
/// and the backup is copied next to it and renamed over it, so a crash half-way leaves either
/// the old or the new database, never a mix.
pub async fn restore(data_dir: &Path, backup: &Path, keep_as: &Path) -> Result<()> {
    verify_backup(backup).await?;
    let db = data_dir.join(DATABASE_FILE);
    if db.exists() {
        let current = Store::open(&db).await?;
        current.backup_to(keep_as).await?;
        current.close().await;
    }
    let staging: PathBuf = data_dir.join(format!("{DATABASE_FILE}.restoring"));
    std::fs::copy(backup, &staging).map_err(|e| io_error(&staging, e))?;
    for suffix in ["-wal", "-shm"] {
        let side = data_dir.join(format!("{DATABASE_FILE}{suffix}"));
        if side.exists() {
            std::fs::remove_file(&side).map_err(|e| io_error(&side, e))?;
        }
    }
    std::fs::rename(&staging, &db).map_err(|e| io_error(&db, e))?;
    Ok(())
}

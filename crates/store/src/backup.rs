//! Backups of the database file.
//!
//! A backup is written with `VACUUM INTO`, which reads one consistent snapshot through SQLite
//! itself: safe while the app is writing, unlike copying a live WAL database's files. It is
//! created user-only and flushed to the disk, with its folder, before anyone prunes older ones.
//! A backup named `*.zst` is that snapshot compressed with zstd (a database file shrinks to
//! about a quarter; at 1,000,000 orders fourteen plain copies took 22 GB); a restore reads
//! either kind.
//!
//! A restore takes the database's lock exclusively first, so it is refused while a window or
//! a `jobcard sync` has the file open (they would go on writing into the replaced file). It
//! copies the backup next to the database, checks the copy, keeps the current database as a
//! backup, and renames the copy over the database, flushing the file and then the folder, so
//! a crash or power cut at any point leaves either the old or the new database, never a mix.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use crate::backup_progress::{BackupStep, CountingReader, ProgressReading, RunningBackup};
use crate::files::{self, DbLock, io_error};
use crate::{Result, Store, StoreError};

/// The name of the database file in a data directory.
pub const DATABASE_FILE: &str = "jobcard.sqlite";

impl Store {
    /// Writes a consistent copy of the database to `target` (which must not exist yet),
    /// readable by the user only, and flushes it and its folder to the disk.
    /// On a shared PostgreSQL database it is a `pg_dump` custom-format file instead (see
    /// [`crate::pg_backup`]). One backup runs at a time; another is refused while it does,
    /// and [`Store::backup_progress`] says how far it is.
    pub async fn backup_to(&self, target: &Path) -> Result<()> {
        let running = self
            .backup_progress
            .begin()
            .ok_or_else(|| StoreError::Conflict {
                what: "a backup is already being taken; wait until it is done".to_owned(),
            })?;
        if let Some(url) = &self.shared {
            if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
                files::create_private_dir(dir)?;
            }
            running.step(BackupStep::Dump, target, 0);
            return crate::pg_backup::dump(url, target).await;
        }
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        files::create_private_dir(dir)?;
        if is_compressed(target) {
            return self.compressed_backup_to(target, dir, &running).await;
        }
        self.snapshot_to(target, dir, &running).await
    }

    /// How far the running backup is, or `None` when none runs.
    pub fn backup_progress(&self) -> Option<ProgressReading> {
        self.backup_progress.reading()
    }

    /// `VACUUM INTO` a new user-only file `target`, flushed with its folder `dir`.
    async fn snapshot_to(&self, target: &Path, dir: &Path, running: &RunningBackup) -> Result<()> {
        let target_text = target
            .to_str()
            .ok_or_else(|| StoreError::corrupt("backup path is not UTF-8"))?;
        // Created empty and user-only first: `VACUUM INTO` accepts an empty file and keeps its
        // mode, where a file it creates itself would be readable by everyone.
        files::private_options()
            .write(true)
            .create_new(true)
            .open(target)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => StoreError::Conflict {
                    what: format!("{} already exists", target.display()),
                },
                _ => io_error(target, e),
            })?;
        // A reader connection: the snapshot does not hold up the writer.
        let crate::Readers::Sqlite(readers) = self.readers() else {
            return Err(StoreError::Unsupported {
                what: "a shared database is backed up with pg_dump".to_owned(),
            });
        };
        let database_bytes = self
            .path
            .as_deref()
            .and_then(|file| std::fs::metadata(file).ok())
            .map_or(0, |m| m.len());
        running.step(BackupStep::Snapshot, target, database_bytes);
        let written = sqlx::query("VACUUM INTO ?")
            .bind(target_text)
            .execute(readers)
            .await;
        if let Err(err) = written {
            let _ = std::fs::remove_file(target);
            return Err(err.into());
        }
        files::sync_file(target)?;
        files::sync_dir(dir)
    }

    /// The snapshot written beside `target` first, then compressed into it; the snapshot is
    /// removed either way, and a half-written `target` too.
    async fn compressed_backup_to(
        &self,
        target: &Path,
        dir: &Path,
        running: &RunningBackup,
    ) -> Result<()> {
        let snapshot = files::companion(target, ".snapshot");
        let _ = std::fs::remove_file(&snapshot);
        let written = match self.snapshot_to(&snapshot, dir, running).await {
            Ok(()) => {
                let bytes = std::fs::metadata(&snapshot).map_or(0, |m| m.len());
                let read = running.step(BackupStep::Compress, target, bytes);
                compress(&snapshot, target, read).await
            }
            Err(err) => Err(err),
        };
        let _ = std::fs::remove_file(&snapshot);
        written?;
        files::sync_dir(dir)
    }
}

/// Whether `file` is a compressed backup (named `*.zst`).
pub fn is_compressed(file: &Path) -> bool {
    file.extension().is_some_and(|e| e == "zst")
}

/// How hard zstd works: level 3, its default, compresses a database file to about a quarter
/// at several hundred MB/s on one core.
const ZSTD_LEVEL: i32 = 3;

/// Compresses `from` into the new user-only file `to` and flushes it; on a failure `to` is
/// removed. Runs on a blocking thread: it is seconds of work on a large database.
async fn compress(from: &Path, to: &Path, read: Arc<AtomicU64>) -> Result<()> {
    let (from, to) = (from.to_path_buf(), to.to_path_buf());
    let done = tokio::task::spawn_blocking(move || {
        let mut output = files::private_options()
            .write(true)
            .create_new(true)
            .open(&to)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => StoreError::Conflict {
                    what: format!("{} already exists", to.display()),
                },
                _ => io_error(&to, e),
            })?;
        let written = std::fs::File::open(&from)
            .map(|inner| CountingReader { inner, read })
            .and_then(|input| zstd::stream::copy_encode(input, &mut output, ZSTD_LEVEL))
            .and_then(|()| output.sync_all());
        if let Err(err) = written {
            drop(output);
            let _ = std::fs::remove_file(&to);
            return Err(io_error(&to, err));
        }
        Ok(())
    })
    .await;
    done.map_err(|e| StoreError::corrupt(format!("compressing the backup stopped: {e}")))?
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

/// Replaces the database in `data_dir` by `backup`. Refused while another process (or
/// another `Store` in this one) has the database open: the exclusive lock is tried for `wait`
/// (zero: once). The current file is first kept as `keep_as` (when it exists); the backup is
/// copied next to it, checked, and renamed over it.
pub async fn restore(data_dir: &Path, backup: &Path, keep_as: &Path, wait: Duration) -> Result<()> {
    // A new machine's data directory may not exist yet.
    files::create_private_dir(data_dir)?;
    let db = data_dir.join(DATABASE_FILE);
    let _lock = DbLock::exclusive(&db, wait).await?;
    let staging = files::companion(&db, ".restoring");
    let swapped = stage_keep_and_swap(&db, backup, &staging, keep_as).await;
    if swapped.is_err() {
        for leftover in [
            staging.clone(),
            files::companion(&staging, "-wal"),
            files::companion(&staging, "-shm"),
        ] {
            let _ = std::fs::remove_file(leftover);
        }
    }
    swapped
}

async fn stage_keep_and_swap(
    db: &Path,
    backup: &Path,
    staging: &Path,
    keep_as: &Path,
) -> Result<()> {
    stage(backup, staging).await?;
    if db.exists() {
        // The caller holds the exclusive lock, so this opens without taking the shared one.
        let current = Store::open_locked(db, None).await?;
        let kept = current.backup_to(keep_as).await;
        current.close().await;
        kept?;
    }
    for suffix in ["-wal", "-shm"] {
        let side = files::companion(db, suffix);
        if side.exists() {
            std::fs::remove_file(&side).map_err(|e| io_error(&side, e))?;
        }
    }
    std::fs::rename(staging, db).map_err(|e| io_error(db, e))?;
    let dir: PathBuf = db.parent().map(Path::to_path_buf).unwrap_or_default();
    files::sync_dir(&dir)
}

/// Copies `backup` to `staging` (user-only), checks the copy and flushes it to the disk.
async fn stage(backup: &Path, staging: &Path) -> Result<()> {
    if !backup.is_file() {
        return Err(StoreError::not_found(format!(
            "no backup file {}",
            backup.display()
        )));
    }
    let mut from = std::fs::File::open(backup).map_err(|e| io_error(backup, e))?;
    let mut to = files::private_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(staging)
        .map_err(|e| io_error(staging, e))?;
    files::make_private(staging);
    if is_compressed(backup) {
        // A damaged or foreign .zst file is not a backup: said like a file that is no database.
        zstd::stream::copy_decode(&mut from, &mut to).map_err(|e| {
            StoreError::corrupt(format!("{} is not a backup: {e}", backup.display()))
        })?;
    } else {
        std::io::copy(&mut from, &mut to).map_err(|e| io_error(staging, e))?;
    }
    to.sync_all().map_err(|e| io_error(staging, e))?;
    drop(to);
    verify_backup(staging).await.map_err(|err| match err {
        // Name the file the user gave, not the copy.
        StoreError::Corrupt(what) => StoreError::Corrupt(what.replace(
            &staging.display().to_string(),
            &backup.display().to_string(),
        )),
        other => other,
    })
}

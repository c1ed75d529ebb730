//! Backups: now, daily, listed, pruned and restored.
//!
//! Backups are named `jobcard-YYYYMMDDTHHMMSSZ.sqlite.zst` (a zstd-compressed snapshot;
//! `.sqlite` from before compression, `.pgdump` on a shared database) after the (UTC) time they
//! were taken, so
//! their names sort by age and the newest tells whether a daily backup is due. The newest
//! [`KEEP`] are kept; older ones are deleted after each new backup, which the store has already
//! flushed to the disk, so a power cut while pruning never leaves fewer sound copies.
//!
//! A restore is refused while another window or command has the database open (the store's
//! lock says so); the window asks for one at its next start instead (see [`request_restore`]).

use crate::error::ErrorCode;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use jobcard_store::backup;
use jobcard_store::backup_progress::BackupStep;

use crate::dto::{BackupProgressView, BackupView};
use crate::guard::Guard;
use crate::{Actor, App, AppError, Backend, Database, Result};

/// How many backups are kept.
pub const KEEP: usize = 14;

const PREFIX: &str = "jobcard-";
/// A compressed snapshot of the SQLite file.
const SUFFIX: &str = ".sqlite.zst";
/// An uncompressed snapshot, as backups were written before they were compressed; still
/// listed and restored.
const PLAIN_SUFFIX: &str = ".sqlite";
/// A `pg_dump` custom-format file of a shared database.
const PG_SUFFIX: &str = ".pgdump";
const STAMP: &str = "%Y%m%dT%H%M%SZ";

fn file_name(at: DateTime<Utc>, backend: Backend) -> String {
    let suffix = match backend {
        Backend::Sqlite => SUFFIX,
        Backend::Postgres => PG_SUFFIX,
    };
    format!("{PREFIX}{}{suffix}", at.format(STAMP))
}

fn taken_at(name: &str) -> Option<DateTime<Utc>> {
    let named = name.strip_prefix(PREFIX)?;
    let stamp = named
        .strip_suffix(SUFFIX)
        .or_else(|| named.strip_suffix(PLAIN_SUFFIX))
        .or_else(|| named.strip_suffix(PG_SUFFIX))?;
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|t| t.and_utc())
}

fn is_pg_dump(file: &Path) -> bool {
    file.extension()
        .is_some_and(|e| format!(".{}", e.to_string_lossy()) == PG_SUFFIX)
}

fn io(path: &Path, err: std::io::Error) -> AppError {
    AppError::storage(format!("{}: {err}", path.display()))
}

/// The backups in `dir`, newest first.
pub fn list_backups(dir: &Path) -> Result<Vec<BackupView>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| io(dir, e))? {
        let entry = entry.map_err(|e| io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(at) = taken_at(&name) {
            let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
            found.push((
                at,
                BackupView {
                    file: entry.path().display().to_string(),
                    taken_at: crate::text::stamp(at),
                    bytes,
                },
            ));
        }
    }
    found.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    Ok(found.into_iter().map(|(_, view)| view).collect())
}

impl App {
    /// The folder that holds the database file.
    pub fn data_dir(&self) -> PathBuf {
        self.data_dir.clone()
    }

    /// The folder backups go to unless another is given: `backups/` beside the database.
    pub fn default_backup_dir(&self) -> PathBuf {
        self.data_dir.join("backups")
    }

    /// The backups in the default folder, newest first (the Backups tab).
    pub fn backups(&self, actor: &Actor) -> Result<Vec<BackupView>> {
        actor.require(Guard::BACKUPS)?;
        list_backups(&self.default_backup_dir())
    }

    /// How far the backup being taken is (by anyone at this computer: the daily one too), or
    /// `None` when none is.
    pub fn backup_progress(&self, actor: &Actor) -> Result<Option<BackupProgressView>> {
        actor.require(Guard::BACKUPS)?;
        Ok(self
            .store
            .backup_progress()
            .map(|reading| BackupProgressView {
                step: match reading.step {
                    BackupStep::Snapshot => "snapshot",
                    BackupStep::Compress => "compress",
                    BackupStep::Dump => "dump",
                }
                .to_owned(),
                done_bytes: reading.done,
                total_bytes: reading.total,
            }))
    }

    /// Takes a backup now into `dir` and prunes all but the newest [`KEEP`]. Refused while
    /// another backup is being taken.
    pub async fn backup_now(&self, actor: &Actor, dir: &Path) -> Result<BackupView> {
        actor.require(Guard::BACKUPS)?;
        let now = self.clock.now();
        let target = dir.join(file_name(now, self.store.backend()));
        self.store.backup_to(&target).await?;
        let all = list_backups(dir)?;
        for old in all.iter().skip(KEEP) {
            std::fs::remove_file(&old.file).map_err(|e| io(Path::new(&old.file), e))?;
        }
        let bytes = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
        Ok(BackupView {
            file: target.display().to_string(),
            taken_at: crate::text::stamp(now),
            bytes,
        })
    }

    /// Takes a backup when the newest one in `dir` is a day old or older (or there is none).
    /// Returns the new backup, or `None` when one from the last day exists.
    pub async fn backup_if_due(&self, dir: &Path) -> Result<Option<BackupView>> {
        let now = self.clock.now();
        let newest = list_backups(dir)?
            .into_iter()
            .next()
            .and_then(|b| DateTime::parse_from_rfc3339(&b.taken_at).ok());
        match newest {
            Some(at) if now.signed_duration_since(at) < TimeDelta::days(1) => Ok(None),
            _ => self
                .backup_now(&Actor::new("daily backup"), dir)
                .await
                .map(Some),
        }
    }
}

/// The file that names a backup to restore at the next start (see [`request_restore`]).
const PENDING: &str = "restore-pending";

/// Asks for the backup `file` (a name or path from [`list_backups`] of `backup_dir`) to replace
/// the database the next time it is opened. The window cannot swap the database it has open,
/// so it records the request and restarts; anything else named is refused, so the webview can
/// never point the restore at an arbitrary file.
pub fn request_restore(
    actor: &Actor,
    data_dir: &Path,
    backup_dir: &Path,
    file: &str,
) -> Result<PathBuf> {
    actor.require(Guard::BACKUPS)?;
    let wanted = Path::new(file.trim()).file_name().map(|n| n.to_owned());
    if is_pg_dump(Path::new(file.trim())) {
        return Err(AppError::new(
            ErrorCode::Unsupported,
            "a shared database's backup is restored from the command line once Jobcard is closed at every seat: jobcard backup restore FILE",
            None,
        ));
    }
    let chosen = list_backups(backup_dir)?
        .into_iter()
        .map(|b| PathBuf::from(b.file))
        .find(|path| path.file_name().map(|n| n.to_owned()) == wanted)
        .ok_or_else(|| AppError::not_found("file", format!("no backup named '{file}'")))?;
    let marker = data_dir.join(PENDING);
    jobcard_store::files::write_private(&marker, chosen.display().to_string().as_bytes())?;
    Ok(chosen)
}

/// How long the restore at a window's start waits for the window that asked for it to end:
/// the restart starts the new process a moment before the old one exits.
const RESTART_WAIT: Duration = Duration::from_secs(10);

/// Restores the backup [`request_restore`] asked for, if any, before the database is opened
/// (so it takes the database's lock exclusively like any restore). The request is removed
/// first, so a backup that fails its checks, or a database another process keeps open, is
/// reported once and the current database stays as it was.
pub async fn apply_pending_restore(data_dir: &Path, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
    let marker = data_dir.join(PENDING);
    let Ok(named) = std::fs::read_to_string(&marker) else {
        return Ok(None);
    };
    std::fs::remove_file(&marker).map_err(|e| io(&marker, e))?;
    let backup_file = PathBuf::from(named.trim());
    restore_waiting(data_dir, &backup_file, now, RESTART_WAIT).await?;
    Ok(Some(backup_file))
}

/// Replaces the database in `data_dir` by `backup_file`, after checking the backup. The
/// current database is first saved as `before-restore-<time>.sqlite.zst` in the backup folder.
/// Refused, with nothing changed, while a window or another command has the database open.
///
/// On a shared PostgreSQL database the backup is a `pg_dump` file, restored with
/// `pg_restore` in one transaction, refused while any seat is connected; the result is the
/// restored file (nothing is kept beside it: take a backup first).
pub async fn restore_backup(
    data_dir: &Path,
    database: &Database,
    backup_file: &Path,
    now: DateTime<Utc>,
) -> Result<PathBuf> {
    match database {
        Database::Embedded(_) => restore_waiting(data_dir, backup_file, now, Duration::ZERO).await,
        Database::Shared(url) => {
            if !is_pg_dump(backup_file) {
                return Err(AppError::invalid(
                    "file",
                    "is not a backup of a shared database (jobcard-....pgdump); a .sqlite backup is brought into PostgreSQL with jobcard migrate-to",
                ));
            }
            jobcard_store::pg_backup::restore(url, backup_file).await?;
            Ok(backup_file.to_path_buf())
        }
    }
}

async fn restore_waiting(
    data_dir: &Path,
    backup_file: &Path,
    now: DateTime<Utc>,
    wait: Duration,
) -> Result<PathBuf> {
    let keep = data_dir
        .join("backups")
        .join(format!("before-restore-{}{SUFFIX}", now.format(STAMP)));
    backup::restore(data_dir, backup_file, &keep, wait).await?;
    Ok(keep)
}

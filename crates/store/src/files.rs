//! The files Jobcard keeps in its data directory: user-only permissions, durable renames and
//! the lock that keeps a restore from swapping the database under a process that has it open.
//!
//! The database holds customers' names, phone numbers and the shop's money, so on a shared
//! machine no other local user may read it. Every directory Jobcard makes is created 0700 and
//! every file 0600, and one found with wider permissions (made by an older version) is
//! narrowed when the database is opened. SQLite creates `-wal` and `-shm` with the database
//! file's mode, so the database file is created empty with 0600 before SQLite opens it. Only
//! on Unix: elsewhere the per-user folders keep other users out and nothing is changed here.
//!
//! Every process that opens the database holds a *shared* OS lock on `jobcard.sqlite.lock`
//! for as long as its [`Store`](crate::Store) is open. A restore takes the lock *exclusively*,
//! so it is refused while a window or a `jobcard sync` has the file open: swapping the file
//! under them would lose what they commit afterwards, into a file nobody reads again. The OS
//! releases the lock of a process that ends, also when it is killed.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::{Result, StoreError};

/// How long opening the database waits for a restore in another process to finish.
const RESTORE_WAIT: Duration = Duration::from_secs(30);

/// How often a waiting lock is tried again.
const LOCK_POLL: Duration = Duration::from_millis(50);

pub(crate) fn io_error(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::DataDir {
        path: path.display().to_string(),
        source,
    }
}

/// Creates `dir` (and missing parents) readable by the user only; an existing one is left as
/// it is (see [`make_private`] for the data directory's own files).
pub fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|e| io_error(dir, e))
}

/// Narrows an existing file to 0600 or directory to 0700 when others may read it. A path
/// that does not exist is fine; a failure is logged, since the data must stay usable.
pub fn make_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            return;
        };
        if meta.file_type().is_symlink() {
            return;
        }
        let wanted = if meta.is_dir() { 0o700 } else { 0o600 };
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            let narrowed = std::fs::Permissions::from_mode(mode & !0o077 | wanted);
            if let Err(err) = std::fs::set_permissions(path, narrowed) {
                tracing::warn!(path = %path.display(), error = %err, "cannot make user-only");
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Options that create a file user-only (0600 on Unix; on Windows the file takes the access
/// rules of its folder, the user's own profile).
pub fn private_options() -> OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let mut options = OpenOptions::new();
        options.mode(0o600);
        options
    }
    #[cfg(not(unix))]
    OpenOptions::new()
}

/// Writes `contents` to `path` as a user-only file, replacing what was there.
pub fn write_private(path: &Path, contents: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut file = private_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
        .map_err(|e| io_error(path, e))?;
    make_private(path);
    file.write_all(contents)
        .and_then(|()| file.sync_all())
        .map_err(|e| io_error(path, e))
}

/// Flushes a file's contents to the disk.
///
/// Windows flushes only through a handle that may write (`FlushFileBuffers` refuses a
/// read-only one with "Access denied"); on Unix a read-only handle flushes, and is the only
/// kind a directory (see [`sync_dir`]) can be opened with.
pub fn sync_file(path: &Path) -> Result<()> {
    #[cfg(unix)]
    let file = File::open(path);
    #[cfg(not(unix))]
    let file = OpenOptions::new().write(true).open(path);
    file.and_then(|file| file.sync_all())
        .map_err(|e| io_error(path, e))
}

/// Flushes a directory's entries (a new or renamed file) to the disk. Windows has no handle
/// for that; its renames are made durable by the file system.
pub fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        sync_file(dir)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// The files of the data directory that are Jobcard's: the database and its companions, the
/// lock files, the secrets fallback, a pending restore and the `backups` folder. Only these
/// are narrowed, so a data directory pointed at a folder with other things in it keeps them
/// as they were.
pub(crate) fn make_data_dir_private(data_dir: &Path) {
    make_private(data_dir);
    let Ok(entries) = std::fs::read_dir(data_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name == "backups" {
            make_private(&path);
            for backup in std::fs::read_dir(&path).into_iter().flatten().flatten() {
                let name = backup.file_name().to_string_lossy().into_owned();
                if [".sqlite", ".sqlite.zst", ".pgdump"]
                    .iter()
                    .any(|kind| name.ends_with(kind))
                {
                    make_private(&backup.path());
                }
            }
        } else if name.starts_with("jobcard.")
            || ["secrets.json", "restore-pending"].contains(&name.as_str())
        {
            make_private(&path);
        }
    }
}

/// `jobcard.sqlite-wal` and the like: the database file's name with `suffix`.
pub fn companion(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    db.with_file_name(name)
}

/// The lock file beside the database file: `jobcard.sqlite.lock`.
pub fn lock_path(db: &Path) -> PathBuf {
    companion(db, ".lock")
}

/// An OS lock on the database's lock file, released when dropped (or the process ends).
#[derive(Debug)]
pub struct DbLock {
    _file: File,
}

impl DbLock {
    /// The shared lock every process holds while it has the database open. Waits while a
    /// restore holds it exclusively, and gives up after half a minute.
    pub async fn shared(db: &Path) -> Result<Self> {
        let file = open_lock_file(db)?;
        let started = Instant::now();
        loop {
            match file.try_lock_shared() {
                Ok(()) => return Ok(Self { _file: file }),
                Err(TryLockError::WouldBlock) if started.elapsed() < RESTORE_WAIT => {
                    tokio::time::sleep(LOCK_POLL).await;
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(StoreError::Conflict {
                        what: format!(
                            "a backup is being restored into the database ({}); try again when it is done",
                            db.display()
                        ),
                    });
                }
                Err(TryLockError::Error(err)) => return Err(io_error(&lock_path(db), err)),
            }
        }
    }

    /// The exclusive lock a restore needs: nobody else may have the database open. Tries
    /// for `wait` (zero: once) and then refuses.
    pub async fn exclusive(db: &Path, wait: Duration) -> Result<Self> {
        let file = open_lock_file(db)?;
        let started = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Self { _file: file }),
                Err(TryLockError::WouldBlock) if started.elapsed() < wait => {
                    tokio::time::sleep(LOCK_POLL).await;
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(StoreError::Conflict {
                        what: format!(
                            "the database is open in another Jobcard window or process ({}); close it and try again",
                            db.display()
                        ),
                    });
                }
                Err(TryLockError::Error(err)) => return Err(io_error(&lock_path(db), err)),
            }
        }
    }
}

fn open_lock_file(db: &Path) -> Result<File> {
    let path = lock_path(db);
    let file = private_options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| io_error(&path, e))?;
    make_private(&path);
    Ok(file)
}

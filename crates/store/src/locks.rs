//! "Only one of us does this now" across every process on the shop's database: one sync run
//! per connector at a time.
//!
//! On the SQLite file it is an OS lock on a file beside the database (several processes on
//! one computer); on PostgreSQL a session advisory lock on a connection of its own (several
//! seats on several computers). Both are released by the operating system or the server when
//! the holder dies, so a killed process never leaves one held.

use sqlx::Connection;

use crate::db::Writer;
use crate::{Result, Store};

/// The class id of Jobcard's advisory locks (the first key of the two-key form).
const SYNC_LOCK_CLASS: i32 = 0x4a43_5359; // "JCSY"

/// A held lock; dropping it releases it.
#[derive(Debug)]
pub enum HeldLock {
    File(std::fs::File),
    /// The connection that holds the advisory lock; closing it releases the lock.
    Postgres(Box<sqlx::PgConnection>),
    /// The lock could not be used at all (an unwritable folder); the work goes on unlocked,
    /// as a single process would.
    Unusable,
}

impl Store {
    /// Tries the exclusive lock named `key`; `Ok(None)` while another process holds it.
    pub async fn try_lock(&self, key: &str) -> Result<Option<HeldLock>> {
        match &self.writer {
            Writer::Sqlite(_) => Ok(self.try_file_lock(key)),
            Writer::Postgres(pool) => {
                let mut conn = pool.acquire().await?.detach();
                let (taken,): (bool,) =
                    sqlx::query_as("SELECT pg_try_advisory_lock($1, hashtext($2))")
                        .bind(SYNC_LOCK_CLASS)
                        .bind(key)
                        .fetch_one(&mut conn)
                        .await?;
                if taken {
                    Ok(Some(HeldLock::Postgres(Box::new(conn))))
                } else {
                    let _ = conn.close().await;
                    Ok(None)
                }
            }
        }
    }

    /// The lock file `<database>.<key>.lock`, or `None` while another process holds it.
    fn try_file_lock(&self, key: &str) -> Option<HeldLock> {
        let safe: String = key
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = self.path()?.with_extension(format!("{safe}.lock"));
        let file = match crate::files::private_options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
        {
            Ok(file) => file,
            Err(err) => {
                tracing::warn!(path = %path.display(), error = %err, "lock file unusable");
                return Some(HeldLock::Unusable);
            }
        };
        match file.try_lock() {
            Ok(()) => Some(HeldLock::File(file)),
            Err(std::fs::TryLockError::WouldBlock) => None,
            Err(std::fs::TryLockError::Error(err)) => {
                tracing::warn!(path = %path.display(), error = %err, "lock not taken");
                Some(HeldLock::Unusable)
            }
        }
    }
}

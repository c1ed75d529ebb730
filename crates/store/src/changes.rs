//! The change feed: small notes ("order WO-2026-00012 changed") of every change any seat
//! commits, so an open window can reload what it shows (issue 14, "live across seats").
//!
//! Why here: every mutation writes one `audit_log` row in its own transaction (see
//! [`crate::audit`]), so the audit log already is the list of committed changes. The feed only
//! has to notice new rows, and how to notice them differs per backend:
//!
//! - PostgreSQL: the audit insert also calls `pg_notify` on [`CHANNEL`]. A notification is
//!   delivered at commit and never for a rolled-back change, to every seat listening. One
//!   [`PgListener`] task per process listens; when its connection breaks (a server restart,
//!   `pg_terminate_backend`) it connects again by itself, with a growing pause while the server
//!   is away, and then reports [`Change::Unknown`] once, since notes may have been missed.
//! - SQLite: there is no notification between processes, so a task asks every
//!   [`SQLITE_POLL`] for the audit rows above the last one it saw (the primary key, so the
//!   question costs one index step). This sees a second window or a `jobcard` CLI on the same
//!   file, as well as this process's own changes.
//!
//! A note names the audit row's entity and id, never any data: the window reads what it shows
//! again through the normal use cases, with the reader's rights.

use std::time::Duration;

use sqlx::postgres::{PgListener, PgPool};
use sqlx::sqlite::SqlitePool;
use tokio::sync::broadcast;
use tokio::task::AbortHandle;

use crate::Store;
use crate::db::query::Readers;

/// The PostgreSQL notification channel the audit insert notifies.
pub const CHANNEL: &str = "jobcard_changes";

/// How often the SQLite feed looks for new audit rows.
pub const SQLITE_POLL: Duration = Duration::from_millis(500);

/// The most rows one SQLite poll reads; more than this in half a second is reported as
/// [`Change::Unknown`] (reload everything) instead of note by note.
const SQLITE_BATCH: i64 = 200;

/// How many notes wait for a slow receiver before it is told it lagged.
const CAPACITY: usize = 256;

/// The first pause before trying a PostgreSQL server again.
const FIRST_RETRY: Duration = Duration::from_millis(250);

/// The longest pause between two attempts to reach a PostgreSQL server that is away.
const MAX_RETRY: Duration = Duration::from_secs(5);

/// One committed change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The audit row's entity (`order`, `customer`, `employee`, ...) and its id.
    Entity { entity: String, id: String },
    /// Something may have changed, but which is not known (the feed reconnected, or more
    /// changed at once than it reads one by one): reload everything shown.
    Unknown,
}

impl Change {
    /// Reads a notification's payload, `entity:id` (as the audit insert writes it).
    pub fn from_payload(payload: &str) -> Self {
        match payload.split_once(':') {
            Some((entity, id)) if !entity.is_empty() => Change::Entity {
                entity: entity.to_owned(),
                id: id.to_owned(),
            },
            _ => Change::Unknown,
        }
    }
}

/// A running feed: the sender every receiver subscribes to, and the task that feeds it.
/// Dropping the feed stops the task.
#[derive(Debug)]
pub struct Feed {
    sender: broadcast::Sender<Change>,
    task: AbortHandle,
}

impl Feed {
    /// A new receiver of every change committed from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.sender.subscribe()
    }
}

impl Drop for Feed {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts the feed of `store`'s database: every change committed after this returns is
/// reported. Must run inside a tokio runtime; the task ends by itself when the store is
/// closed. Never fails: a PostgreSQL server that cannot be reached now is tried again in
/// the background (and [`Change::Unknown`] reported once it answers).
pub async fn watch(store: &Store) -> Feed {
    let (sender, _) = broadcast::channel(CAPACITY);
    let task = match store.readers() {
        Readers::Sqlite(pool) => {
            let seen = newest_audit_id(pool).await.unwrap_or_else(|err| {
                tracing::warn!(error = %err, "change feed: cannot read the audit log");
                0
            });
            tokio::spawn(poll_sqlite(pool.clone(), sender.clone(), seen))
        }
        Readers::Postgres(pool) => {
            let listener = listen(pool).await;
            if let Err(err) = &listener {
                tracing::warn!(error = %err, "change feed: cannot listen yet; retrying");
            }
            tokio::spawn(listen_postgres(pool.clone(), sender.clone(), listener.ok()))
        }
    };
    Feed {
        sender,
        task: task.abort_handle(),
    }
}

/// The SQLite feed: audit rows above `seen`, every [`SQLITE_POLL`].
async fn poll_sqlite(pool: SqlitePool, sender: broadcast::Sender<Change>, mut seen: i64) {
    loop {
        tokio::time::sleep(SQLITE_POLL).await;
        match audit_rows_after(&pool, seen).await {
            Ok(rows) => seen = send_rows(&sender, rows, seen),
            Err(sqlx::Error::PoolClosed) => return,
            // A busy or briefly unreadable file: the rows are still there next time.
            Err(err) => tracing::warn!(error = %err, "change feed: cannot read the audit log"),
        }
    }
}

async fn newest_audit_id(pool: &SqlitePool) -> Result<i64, sqlx::Error> {
    let (id,): (Option<i64>,) = sqlx::query_as("SELECT max(id) FROM audit_log")
        .fetch_one(pool)
        .await?;
    Ok(id.unwrap_or(0))
}

async fn audit_rows_after(
    pool: &SqlitePool,
    seen: i64,
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, entity, entity_id FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2")
        .bind(seen)
        .bind(SQLITE_BATCH)
        .fetch_all(pool)
        .await
}

/// Sends one note per row (or one [`Change::Unknown`] for a full batch, after which the
/// newest row counts as seen) and returns the new high-water mark.
fn send_rows(
    sender: &broadcast::Sender<Change>,
    rows: Vec<(i64, String, String)>,
    seen: i64,
) -> i64 {
    let Some(newest) = rows.last().map(|(id, _, _)| *id) else {
        return seen;
    };
    if rows.len() as i64 >= SQLITE_BATCH {
        // Nobody listening is not an error: the feed just runs on.
        let _ = sender.send(Change::Unknown);
        return newest.max(seen);
    }
    for (_, entity, id) in rows {
        let _ = sender.send(Change::Entity { entity, id });
    }
    newest.max(seen)
}

/// A listener on [`CHANNEL`], on a connection of its own from the pool.
async fn listen(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// The PostgreSQL feed: notifications on [`CHANNEL`], through one listener that comes back
/// after its connection broke. `listener` is the one [`watch`] opened, if it could.
async fn listen_postgres(
    pool: PgPool,
    sender: broadcast::Sender<Change>,
    mut listener: Option<PgListener>,
) {
    let mut pause = FIRST_RETRY;
    loop {
        let current = match listener.take() {
            Some(current) => current,
            None => match listen(&pool).await {
                Ok(current) => {
                    // Notes sent while nobody listened are lost: reload everything.
                    tracing::info!("change feed: listening again");
                    let _ = sender.send(Change::Unknown);
                    pause = FIRST_RETRY;
                    current
                }
                Err(sqlx::Error::PoolClosed) => return,
                Err(err) => {
                    tracing::warn!(error = %err, "change feed: database unreachable; retrying");
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(MAX_RETRY);
                    continue;
                }
            },
        };
        match forward(current, &sender).await {
            // The pool was closed: the store is gone.
            Ok(()) => return,
            Err(err) => {
                tracing::warn!(error = %err, "change feed: lost the database; reconnecting")
            }
        }
        if pool.is_closed() {
            return;
        }
    }
}

/// Sends every notification on until the pool closes (`Ok`) or the connection fails in a way
/// the listener does not mend itself (`Err`).
async fn forward(
    mut listener: PgListener,
    sender: &broadcast::Sender<Change>,
) -> Result<(), sqlx::Error> {
    loop {
        match listener.try_recv().await {
            Ok(Some(note)) => {
                let _ = sender.send(Change::from_payload(note.payload()));
            }
            // The listener reconnected by itself; notes may have been missed meanwhile.
            Ok(None) => {
                tracing::info!("change feed: reconnected");
                let _ = sender.send(Change::Unknown);
            }
            Err(sqlx::Error::PoolClosed) => return Ok(()),
            Err(err) => return Err(err),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_payload_names_entity_and_id() {
        assert_eq!(
            Change::from_payload("order:WO-2026-00001"),
            Change::Entity {
                entity: "order".into(),
                id: "WO-2026-00001".into()
            }
        );
        // An id may itself hold a colon; only the first one separates.
        assert_eq!(
            Change::from_payload("connector:cs:main"),
            Change::Entity {
                entity: "connector".into(),
                id: "cs:main".into()
            }
        );
        assert_eq!(Change::from_payload("nonsense"), Change::Unknown);
        assert_eq!(Change::from_payload(":x"), Change::Unknown);
    }

    #[test]
    fn a_full_batch_is_one_unknown_note() {
        let (sender, mut rx) = broadcast::channel(CAPACITY);
        let rows: Vec<_> = (1..=SQLITE_BATCH)
            .map(|i| (i, "order".to_owned(), i.to_string()))
            .collect();
        assert_eq!(send_rows(&sender, rows, 0), SQLITE_BATCH);
        assert_eq!(rx.try_recv().unwrap(), Change::Unknown);
        assert!(rx.try_recv().is_err());
        assert_eq!(send_rows(&sender, Vec::new(), 7), 7);
    }
}

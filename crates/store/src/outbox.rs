//! The outbox: local changes waiting to be sent to remote systems.
//!
//! A row only names what changed (entity, id, operation); the sync engine (issue 5) reads the
//! entity's latest state when it sends, so several edits before a send become one request.

use crate::db::query::{Exec, query_as};

use crate::Result;

/// The advisory lock every PostgreSQL transaction takes before its outbox row (class, key),
/// so outbox ids become visible in the order they were given: the sync engine's cursor moves
/// past an id only once every smaller id is committed or gone (seat A's 101 can never commit
/// after seat B's 102 was read). SQLite has one writer, so its ids are in commit order anyway.
/// Rows are written with their audit row by [`crate::journal::write`].
pub(crate) const OUTBOX_ORDER_LOCK: (i32, i32) = (0x4a43_4f42, 0); // "JCOB"

/// Rows not yet processed.
pub async fn pending_count<'c>(db: impl Exec<'c>) -> Result<i64> {
    let (n,): (i64,) = query_as("SELECT count(*) FROM outbox WHERE processed_at IS NULL")
        .fetch_one(db)
        .await?;
    Ok(n)
}

//! An order's version: the counter that guards edits from several seats (issue 14, "two
//! people, one order").
//!
//! Why a counter and not `updated_at`: not every change of an order touches the order row
//! (a timer period, a line ticked done), and two changes can share a millisecond. What every
//! change does write is the order's audit row, so [`crate::journal::write`] moves the version
//! on through [`bump`] in the same transaction, for the app's use cases and the sync
//! engine's alike. A seat that saves with the version it opened calls [`hold`] first.

use crate::Result;
use crate::db::query::{Conn, Exec, query, query_as};

/// Moves the version of the order with id `order_id` on by one and returns the new version.
/// An id that names no order (a deleted order's last audit row, an import refused before it
/// became an order) changes nothing and gives `None`.
pub async fn bump(conn: &mut Conn, order_id: &str) -> Result<Option<i64>> {
    let bumped: Option<(i64,)> =
        query_as("UPDATE orders SET version = version + 1 WHERE id = $1 RETURNING version")
            .bind(order_id)
            .fetch_optional(conn)
            .await?;
    Ok(bumped.map(|(version,)| version))
}

/// Locks order `pk` for the rest of the transaction if it still has version `expected`, and
/// says whether it had.
///
/// Check and lock are one statement: on PostgreSQL (READ COMMITTED) a second seat's `hold`
/// of the same order waits for the first seat's transaction, then evaluates its `WHERE`
/// again on the row that transaction committed, whose version has moved on, so it finds
/// nothing. On SQLite the write transaction already holds the database's write lock.
pub async fn hold(conn: &mut Conn, pk: i64, expected: i64) -> Result<bool> {
    let done = query("UPDATE orders SET version = version WHERE pk = $1 AND version = $2")
        .bind(pk)
        .bind(expected)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Who made the newest change of an order, and when.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LastChange {
    pub actor: String,
    pub at: String,
}

/// The newest audit row of the order with id `order_id`.
pub async fn last_change<'c>(db: impl Exec<'c>, order_id: &str) -> Result<Option<LastChange>> {
    Ok(query_as(
        "SELECT actor, at FROM audit_log WHERE entity = 'order' AND entity_id = $1
         ORDER BY id DESC LIMIT 1",
    )
    .bind(order_id)
    .fetch_optional(db)
    .await?)
}

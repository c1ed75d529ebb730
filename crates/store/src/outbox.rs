//! The outbox: local changes waiting to be sent to remote systems.
//!
//! A row only names what changed (entity, id, operation); the sync engine (issue 5) reads the
//! entity's latest state when it sends, so several edits before a send become one request.

use sqlx::SqliteConnection;
use sqlx::sqlite::SqliteExecutor;

use crate::Result;

#[derive(Debug, Clone, PartialEq)]
pub struct NewOutbox<'a> {
    pub created_at: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub operation: &'a str,
    pub payload: serde_json::Value,
}

pub async fn insert(conn: &mut SqliteConnection, row: &NewOutbox<'_>) -> Result<()> {
    sqlx::query("INSERT INTO outbox (created_at, entity, entity_id, operation, payload) VALUES (?, ?, ?, ?, ?)")
        .bind(row.created_at)
        .bind(row.entity)
        .bind(row.entity_id)
        .bind(row.operation)
        .bind(row.payload.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Rows not yet processed.
pub async fn pending_count<'c>(db: impl SqliteExecutor<'c>) -> Result<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM outbox WHERE processed_at IS NULL")
        .fetch_one(db)
        .await?;
    Ok(n)
}

//! The outbox: local changes waiting to be sent to remote systems.
//!
//! A row only names what changed (entity, id, operation); the sync engine (issue 5) reads the
//! entity's latest state when it sends, so several edits before a send become one request.

use crate::db::query::{Backend, Conn, Exec, query, query_as};

use crate::Result;

#[derive(Debug, Clone, PartialEq)]
pub struct NewOutbox<'a> {
    pub created_at: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub operation: &'a str,
    pub payload: serde_json::Value,
}

/// The advisory lock every PostgreSQL transaction takes before its outbox row (class, key).
const OUTBOX_ORDER_LOCK: (i32, i32) = (0x4a43_4f42, 0); // "JCOB"

/// Adds a change to the outbox. On PostgreSQL the transaction first takes a lock that it
/// holds until it commits, so outbox ids become visible in the order they were given: the
/// sync engine's cursor moves past an id only once every smaller id is committed or gone
/// (seat A's 101 can never commit after seat B's 102 was read). SQLite has one writer, so
/// its ids are in commit order anyway.
///
/// On PostgreSQL the lock and the row are one statement, one round trip: the row is made from
/// the materialized lock query, so the lock is held before the id is drawn.
pub async fn insert(conn: &mut Conn, row: &NewOutbox<'_>) -> Result<()> {
    let sql = match conn.backend() {
        Backend::Postgres => {
            "WITH ordered AS MATERIALIZED (SELECT pg_advisory_xact_lock($6, $7)::text AS held)
             INSERT INTO outbox (created_at, entity, entity_id, operation, payload)
             SELECT $1, $2, $3, $4, $5 FROM ordered"
        }
        Backend::Sqlite => {
            "INSERT INTO outbox (created_at, entity, entity_id, operation, payload)
             VALUES ($1, $2, $3, $4, $5)"
        }
    };
    let insert = query(sql)
        .bind(row.created_at)
        .bind(row.entity)
        .bind(row.entity_id)
        .bind(row.operation)
        .bind(row.payload.to_string());
    let insert = match conn.backend() {
        Backend::Postgres => insert.bind(OUTBOX_ORDER_LOCK.0).bind(OUTBOX_ORDER_LOCK.1),
        Backend::Sqlite => insert,
    };
    insert.execute(conn).await?;
    Ok(())
}

/// Rows not yet processed.
pub async fn pending_count<'c>(db: impl Exec<'c>) -> Result<i64> {
    let (n,): (i64,) = query_as("SELECT count(*) FROM outbox WHERE processed_at IS NULL")
        .fetch_one(db)
        .await?;
    Ok(n)
}

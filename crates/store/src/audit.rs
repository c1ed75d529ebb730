//! The audit history: one row per change, written in the change's own transaction.

use crate::db::query::{Conn, Exec, query, query_as};

use crate::Result;

/// A change to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAudit<'a> {
    pub at: &'a str,
    pub actor: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub action: &'a str,
    pub changes: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub changes: String,
}

/// Records a change. On PostgreSQL the same statement also notifies the change feed
/// (`entity:id` on [`crate::changes::CHANNEL`]), which the server delivers to every seat at
/// commit and never for a rolled-back change; on SQLite the feed reads the new row itself.
pub async fn insert(conn: &mut Conn, row: &NewAudit<'_>) -> Result<()> {
    query("INSERT INTO audit_log (at, actor, entity, entity_id, action, changes) VALUES ($1, $2, $3, $4, $5, $6)")
        .postgres(
            "WITH added AS (INSERT INTO audit_log (at, actor, entity, entity_id, action, changes) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING entity, entity_id) \
             SELECT pg_notify('jobcard_changes', entity || ':' || entity_id) FROM added",
        )
        .bind(row.at)
        .bind(row.actor)
        .bind(row.entity)
        .bind(row.entity_id)
        .bind(row.action)
        .bind(row.changes.to_string())
        .execute(&mut *conn)
        .await?;
    if row.entity == "order" {
        // Every change of an order writes this row, so this is where its version moves on.
        crate::versions::bump(conn, row.entity_id).await?;
    }
    Ok(())
}

/// The history of one entity, oldest first.
pub async fn history<'c>(
    db: impl Exec<'c>,
    entity: &str,
    entity_id: &str,
) -> Result<Vec<AuditRow>> {
    Ok(
        query_as("SELECT * FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id")
            .bind(entity)
            .bind(entity_id)
            .fetch_all(db)
            .await?,
    )
}

pub async fn count<'c>(db: impl Exec<'c>) -> Result<i64> {
    let (n,): (i64,) = query_as("SELECT count(*) FROM audit_log")
        .fetch_one(db)
        .await?;
    Ok(n)
}

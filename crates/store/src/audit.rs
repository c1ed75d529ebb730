//! The audit history: one row per change, written in the change's own transaction by
//! [`crate::journal::write`].

use crate::db::query::{Exec, query_as};

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

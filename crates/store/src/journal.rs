//! A change's journal entry: the audit row that says who did what, and the outbox row that
//! tells the connectors when the change leaves the shop.
//!
//! Why one function: the rules that come with an entry are easy to forget in a copy. An order's
//! audit row moves its version on ([`crate::versions`]); on PostgreSQL the change feed hears of
//! it ([`crate::changes`]) at commit; an outbox row first takes the ordering lock
//! ([`crate::outbox`]). Every caller writes its entry here, in the change's own transaction.
//!
//! On PostgreSQL a change's entries, however many, are one statement, so one round trip to the
//! server; on SQLite, where a statement is a function call, an entry is up to three.

use crate::Result;
use crate::audit::NewAudit;
use crate::db::query::{Backend, Conn, query};
use crate::outbox::OUTBOX_ORDER_LOCK;

/// The outbox half of an entry: how the change leaves the shop. Its time, entity and id are
/// the audit row's.
#[derive(Debug, Clone, PartialEq)]
pub struct Queued<'a> {
    pub operation: &'a str,
    pub payload: serde_json::Value,
}

/// Writes `audit` and, when the change leaves the shop, its outbox row.
pub async fn write(
    conn: &mut Conn,
    audit: &NewAudit<'_>,
    queued: Option<&Queued<'_>>,
) -> Result<()> {
    write_all(conn, &[(audit.clone(), queued.cloned())]).await
}

/// Writes several entries of one change in their order (a new order with its new customer and
/// bike): on PostgreSQL in one statement, so one round trip whatever their number.
pub async fn write_all(
    conn: &mut Conn,
    entries: &[(NewAudit<'_>, Option<Queued<'_>>)],
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    match conn.backend() {
        Backend::Postgres => write_all_on_postgres(conn, entries).await?,
        Backend::Sqlite => {
            for (audit, queued) in entries {
                write_on_sqlite(conn, audit, queued.as_ref()).await?;
            }
        }
    }
    for _ in entries {
        conn.note_journal_entry();
    }
    Ok(())
}

/// The entries in one statement: a `VALUES` list of them; their audit rows, which notify the
/// change feed; each order's version moved on once per entry; and, when an entry leaves the
/// shop, the outbox rows, made from the materialized lock query so the ordering lock is held
/// before their ids are drawn. With no such entry the lock query yields no row and takes no
/// lock. Data-changing `WITH` parts always run to completion.
async fn write_all_on_postgres(
    conn: &mut Conn,
    entries: &[(NewAudit<'_>, Option<Queued<'_>>)],
) -> Result<()> {
    const COLUMNS: usize = 8;
    let rows: Vec<String> = (0..entries.len())
        .map(|i| {
            let first = 3 + i * COLUMNS;
            let places: Vec<String> = (first..first + COLUMNS)
                .map(|n| format!("${n}::text"))
                .collect();
            format!("({i}, {})", places.join(", "))
        })
        .collect();
    let sql = format!(
        "WITH entry (ord, at, actor, entity, entity_id, action, changes, operation, payload) AS (
    VALUES {}),
added AS (
    INSERT INTO audit_log (at, actor, entity, entity_id, action, changes)
    SELECT at, actor, entity, entity_id, action, changes FROM entry ORDER BY ord
    RETURNING entity, entity_id),
bumped AS (
    UPDATE orders o SET version = o.version + b.n
    FROM (SELECT entity_id, count(*) AS n FROM entry WHERE entity = 'order' GROUP BY entity_id) b
    WHERE o.id = b.entity_id),
ordered AS MATERIALIZED (
    SELECT pg_advisory_xact_lock($1, $2)::text AS held
    WHERE EXISTS (SELECT 1 FROM entry WHERE operation IS NOT NULL)),
queued AS (
    INSERT INTO outbox (created_at, entity, entity_id, operation, payload)
    SELECT e.at, e.entity, e.entity_id, e.operation, e.payload FROM entry e, ordered
    WHERE e.operation IS NOT NULL ORDER BY e.ord)
SELECT pg_notify('jobcard_changes', entity || ':' || entity_id) FROM added",
        rows.join(",\n    ")
    );
    let mut statement = query(sqlx::AssertSqlSafe(sql))
        .bind(OUTBOX_ORDER_LOCK.0)
        .bind(OUTBOX_ORDER_LOCK.1);
    for (audit, queued) in entries {
        statement = statement
            .bind(audit.at)
            .bind(audit.actor)
            .bind(audit.entity)
            .bind(audit.entity_id)
            .bind(audit.action)
            .bind(audit.changes.to_string())
            .bind(queued.as_ref().map(|q| q.operation))
            .bind(queued.as_ref().map(|q| q.payload.to_string()));
    }
    statement.execute(&mut *conn).await?;
    Ok(())
}

async fn write_on_sqlite(
    conn: &mut Conn,
    audit: &NewAudit<'_>,
    queued: Option<&Queued<'_>>,
) -> Result<()> {
    query(
        "INSERT INTO audit_log (at, actor, entity, entity_id, action, changes)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(audit.at)
    .bind(audit.actor)
    .bind(audit.entity)
    .bind(audit.entity_id)
    .bind(audit.action)
    .bind(audit.changes.to_string())
    .execute(&mut *conn)
    .await?;
    if audit.entity == "order" {
        crate::versions::bump(conn, audit.entity_id).await?;
    }
    if let Some(queued) = queued {
        query(
            "INSERT INTO outbox (created_at, entity, entity_id, operation, payload)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(audit.at)
        .bind(audit.entity)
        .bind(audit.entity_id)
        .bind(queued.operation)
        .bind(queued.payload.to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

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
use crate::audit::{AuditRow, NewAudit};
use crate::db::query::{Backend, Conn, query, query_as};
use crate::outbox::OUTBOX_ORDER_LOCK;

/// The outbox half of an entry: how the change leaves the shop. Its time, entity and id are
/// the audit row's.
#[derive(Debug, Clone, PartialEq)]
pub struct Queued<'a> {
    pub operation: &'a str,
    pub payload: serde_json::Value,
}

/// An entry as written: its audit row (with the id the database gave it), and, when it names
/// an order, that order's version after the change.
///
/// Why it is returned: a use case that shows what it just wrote (a new order's screen, with
/// its history and the version the next save must hold) needs no second read for it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Written {
    #[sqlx(flatten)]
    pub audit: AuditRow,
    pub order_version: Option<i64>,
}

/// Writes `audit` and, when the change leaves the shop, its outbox row.
pub async fn write(
    conn: &mut Conn,
    audit: &NewAudit<'_>,
    queued: Option<&Queued<'_>>,
) -> Result<()> {
    write_all(conn, &[(audit.clone(), queued.cloned())]).await?;
    Ok(())
}

/// Writes several entries of one change in their order (a new order with its new customer and
/// bike): on PostgreSQL in one statement, so one round trip whatever their number. Returns
/// them as written, in the same order.
pub async fn write_all(
    conn: &mut Conn,
    entries: &[(NewAudit<'_>, Option<Queued<'_>>)],
) -> Result<Vec<Written>> {
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let written = match conn.backend() {
        Backend::Postgres => write_all_on_postgres(conn, entries).await?,
        Backend::Sqlite => {
            let mut written = Vec::with_capacity(entries.len());
            for (audit, queued) in entries {
                written.push(write_on_sqlite(conn, audit, queued.as_ref()).await?);
            }
            written
        }
    };
    for _ in entries {
        conn.note_journal_entry();
    }
    Ok(written)
}

/// The entries in one statement: a `VALUES` list of them; their audit rows, which notify the
/// change feed; each order's version moved on once per entry; and, when an entry leaves the
/// shop, the outbox rows, made from the materialized lock query so the ordering lock is held
/// before their ids are drawn. With no such entry the lock query yields no row and takes no
/// lock. Data-changing `WITH` parts always run to completion. The statement answers with the
/// audit rows it added, each with its order's version after all the bumps.
async fn write_all_on_postgres(
    conn: &mut Conn,
    entries: &[(NewAudit<'_>, Option<Queued<'_>>)],
) -> Result<Vec<Written>> {
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
    RETURNING id, at, actor, entity, entity_id, action, changes),
bumped AS (
    UPDATE orders o SET version = o.version + b.n
    FROM (SELECT entity_id, count(*) AS n FROM entry WHERE entity = 'order' GROUP BY entity_id) b
    WHERE o.id = b.entity_id
    RETURNING o.id, o.version),
ordered AS MATERIALIZED (
    SELECT pg_advisory_xact_lock($1, $2)::text AS held
    WHERE EXISTS (SELECT 1 FROM entry WHERE operation IS NOT NULL)),
queued AS (
    INSERT INTO outbox (created_at, entity, entity_id, operation, payload)
    SELECT e.at, e.entity, e.entity_id, e.operation, e.payload FROM entry e, ordered
    WHERE e.operation IS NOT NULL ORDER BY e.ord)
SELECT a.*, b.version AS order_version,
    pg_notify('jobcard_changes', a.entity || ':' || a.entity_id)::text AS notified
FROM added a LEFT JOIN bumped b ON a.entity = 'order' AND b.id = a.entity_id
ORDER BY a.id",
        rows.join(",\n    ")
    );
    let mut statement = query_as(sqlx::AssertSqlSafe(sql))
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
    Ok(statement.fetch_all(&mut *conn).await?)
}

async fn write_on_sqlite(
    conn: &mut Conn,
    audit: &NewAudit<'_>,
    queued: Option<&Queued<'_>>,
) -> Result<Written> {
    let added: AuditRow = query_as(
        "INSERT INTO audit_log (at, actor, entity, entity_id, action, changes)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, at, actor, entity, entity_id, action, changes",
    )
    .bind(audit.at)
    .bind(audit.actor)
    .bind(audit.entity)
    .bind(audit.entity_id)
    .bind(audit.action)
    .bind(audit.changes.to_string())
    .fetch_one(&mut *conn)
    .await?;
    let order_version = if audit.entity == "order" {
        crate::versions::bump(conn, audit.entity_id).await?
    } else {
        None
    };
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
    Ok(Written {
        audit: added,
        order_version,
    })
}

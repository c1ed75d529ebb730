//! The sync engine's tables: connectors, per-order sync state and external references.
//!
//! The engine (crate `jobcard-sync`) decides what to send; this module only reads and writes
//! its rows. Every function that records the outcome of a request is meant to run in the
//! same write transaction as the external references it learned, so a crash can never keep
//! one without the other.

use jobcard_domain::SyncState;

use crate::db::query::{Conn, Exec, query, query_as};

use crate::Result;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ConnectorRow {
    pub name: String,
    pub kind: String,
    pub base_url: String,
    pub settings: String,
    pub enabled: bool,
    pub outbox_cursor: i64,
    pub daily_remaining: Option<i64>,
    pub daily_reset: Option<i64>,
    pub paused_until: Option<String>,
    pub last_pull_at: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SyncItemRow {
    pub connector: String,
    /// The connector's kind (`cyclesoftware`, `trustpager`, ...).
    pub kind: String,
    pub order_id: String,
    pub number: String,
    pub wanted: i64,
    pub sent: i64,
    #[sqlx(try_from = "crate::Parsed<SyncState>")]
    pub state: SyncState,
    pub attempts: i64,
    pub next_attempt_at: Option<String>,
    pub in_flight: Option<String>,
    pub last_error: Option<String>,
    pub last_success_at: Option<String>,
    pub updated_at: String,
}

const ITEM_SELECT: &str = "SELECT s.connector, c.kind, s.order_id, o.number, s.wanted, s.sent,
    s.state, s.attempts, s.next_attempt_at, s.in_flight, s.last_error, s.last_success_at,
    s.updated_at
    FROM sync_items s JOIN orders o ON o.id = s.order_id JOIN connectors c ON c.name = s.connector";

pub async fn insert_connector(conn: &mut Conn, row: &ConnectorRow) -> Result<()> {
    query(
        "INSERT INTO connectors (name, kind, base_url, settings, enabled, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&row.name)
    .bind(&row.kind)
    .bind(&row.base_url)
    .bind(&row.settings)
    .bind(row.enabled)
    .bind(&row.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn update_connector(
    conn: &mut Conn,
    name: &str,
    base_url: &str,
    settings: &str,
    enabled: bool,
) -> Result<()> {
    query("UPDATE connectors SET base_url = $1, settings = $2, enabled = $3 WHERE lower(name) = lower($4)")
        .bind(base_url)
        .bind(settings)
        .bind(enabled)
        .bind(name)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn connector<'c>(db: impl Exec<'c>, name: &str) -> Result<Option<ConnectorRow>> {
    Ok(
        query_as("SELECT * FROM connectors WHERE lower(name) = lower($1)")
            .bind(name)
            .fetch_optional(db)
            .await?,
    )
}

pub async fn connectors<'c>(db: impl Exec<'c>) -> Result<Vec<ConnectorRow>> {
    Ok(query_as("SELECT * FROM connectors ORDER BY name")
        .fetch_all(db)
        .await?)
}

/// Remembers the remote's daily budget and any pause, so a restart honours them.
pub async fn set_budget(
    conn: &mut Conn,
    name: &str,
    daily_remaining: Option<i64>,
    daily_reset: Option<i64>,
    paused_until: Option<&str>,
) -> Result<()> {
    query(
        "UPDATE connectors SET daily_remaining = $1, daily_reset = $2, paused_until = $3 WHERE name = $4",
    )
    .bind(daily_remaining)
    .bind(daily_reset)
    .bind(paused_until)
    .bind(name)
    .execute(conn)
    .await?;
    Ok(())
}

/// Ends a connector's pause and makes its pending orders due now (its settings or secrets
/// changed, so what waited for them may work now).
pub async fn clear_pause(conn: &mut Conn, name: &str) -> Result<()> {
    query("UPDATE connectors SET paused_until = NULL WHERE name = $1")
        .bind(name)
        .execute(&mut *conn)
        .await?;
    query(
        "UPDATE sync_items SET next_attempt_at = NULL WHERE connector = $1 AND state = 'pending'",
    )
    .bind(name)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn set_last_pull(conn: &mut Conn, name: &str, at: &str) -> Result<()> {
    query("UPDATE connectors SET last_pull_at = $1 WHERE name = $2")
        .bind(at)
        .bind(name)
        .execute(conn)
        .await?;
    Ok(())
}

/// Which orders a connector takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeFilter<'a> {
    All,
    /// The orders of the store with this id.
    Store(&'a str),
    /// The orders marked for the connector (`sync_marks`).
    Marked,
}

/// Turns the outbox rows after the connector's cursor into pending sync items (one per order,
/// `wanted` = its newest outbox id) and moves the cursor, for the orders in `scope`. A
/// conflict stays a conflict until a person resolves it.
pub async fn fan_out(
    conn: &mut Conn,
    connector: &str,
    scope: ScopeFilter<'_>,
    at: &str,
) -> Result<u64> {
    let (store_id, marked_only) = match scope {
        ScopeFilter::All => (None, false),
        ScopeFilter::Store(id) => (Some(id), false),
        ScopeFilter::Marked => (None, true),
    };
    let (cursor,): (i64,) = query_as("SELECT outbox_cursor FROM connectors WHERE name = $1")
        .bind(connector)
        .fetch_one(&mut *conn)
        .await?;
    let (last,): (i64,) = query_as("SELECT coalesce(max(id), 0) FROM outbox")
        .fetch_one(&mut *conn)
        .await?;
    if last <= cursor {
        return Ok(0);
    }
    let done = query(
        "INSERT INTO sync_items (connector, order_id, wanted, state, updated_at)
         SELECT $1, o.id, max(ob.id), 'pending', $2
         FROM outbox ob JOIN orders o ON o.id = ob.entity_id
         WHERE ob.entity = 'order' AND ob.id > $3 AND ob.id <= $4
           AND ($5 IS NULL OR o.store_id = $5)
           AND (NOT $6 OR EXISTS (SELECT 1 FROM sync_marks m WHERE m.connector = $1 AND m.order_id = o.id))
         GROUP BY o.id
         ON CONFLICT (connector, order_id) DO UPDATE SET
            wanted = excluded.wanted,
            state = CASE WHEN sync_items.state = 'conflict' THEN 'conflict'
                         WHEN excluded.wanted > sync_items.sent THEN 'pending' ELSE sync_items.state END,
            attempts = CASE WHEN sync_items.state IN ('failed', 'attention', 'skipped') THEN 0
                            ELSE sync_items.attempts END,
            next_attempt_at = NULL,
            updated_at = excluded.updated_at",
    )
    .bind(connector)
    .bind(at)
    .bind(cursor)
    .bind(last)
    .bind(store_id)
    .bind(marked_only)
    .execute(&mut *conn)
    .await?;
    query("UPDATE connectors SET outbox_cursor = $1 WHERE name = $2")
        .bind(last)
        .bind(connector)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// Pending items whose next try is due, oldest change first.
pub async fn due_items<'c>(
    db: impl Exec<'c>,
    connector: &str,
    now: &str,
    limit: i64,
) -> Result<Vec<SyncItemRow>> {
    let sql = format!(
        "{ITEM_SELECT} WHERE s.connector = $1 AND s.state = 'pending'
           AND (s.next_attempt_at IS NULL OR s.next_attempt_at <= $2)
         ORDER BY s.wanted LIMIT $3"
    );
    Ok(query_as(sqlx::AssertSqlSafe(sql))
        .bind(connector)
        .bind(now)
        .bind(limit)
        .fetch_all(db)
        .await?)
}

/// The earliest time a pending item of the connector may be tried again.
pub async fn next_due<'c>(db: impl Exec<'c>, connector: &str) -> Result<Option<String>> {
    let (at,): (Option<String>,) = query_as(
        "SELECT min(coalesce(next_attempt_at, '')) FROM sync_items
         WHERE connector = $1 AND state = 'pending'",
    )
    .bind(connector)
    .fetch_one(db)
    .await?;
    Ok(at)
}

pub async fn item<'c>(
    db: impl Exec<'c>,
    connector: &str,
    order_id: &str,
) -> Result<Option<SyncItemRow>> {
    let sql = format!("{ITEM_SELECT} WHERE s.connector = $1 AND s.order_id = $2");
    Ok(query_as(sqlx::AssertSqlSafe(sql))
        .bind(connector)
        .bind(order_id)
        .fetch_optional(db)
        .await?)
}

/// Every item of one order, across connectors (the order screen's sync line).
pub async fn items_of_order<'c>(db: impl Exec<'c>, order_id: &str) -> Result<Vec<SyncItemRow>> {
    let sql = format!("{ITEM_SELECT} WHERE s.order_id = $1 ORDER BY s.connector");
    Ok(query_as(sqlx::AssertSqlSafe(sql))
        .bind(order_id)
        .fetch_all(db)
        .await?)
}

/// The items of a connector that are not synced (the Sync screen's queue), oldest first.
pub async fn open_items<'c>(
    db: impl Exec<'c>,
    connector: &str,
    limit: i64,
) -> Result<Vec<SyncItemRow>> {
    let sql = format!(
        "{ITEM_SELECT} WHERE s.connector = $1 AND s.state NOT IN ('synced', 'skipped')
         ORDER BY s.state = 'pending', s.wanted LIMIT $2"
    );
    Ok(query_as(sqlx::AssertSqlSafe(sql))
        .bind(connector)
        .bind(limit)
        .fetch_all(db)
        .await?)
}

/// How many of a connector's orders are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StateCounts {
    pub pending: i64,
    pub synced: i64,
    pub failed: i64,
    pub attention: i64,
    pub conflict: i64,
    pub skipped: i64,
}

/// How many items of the connector are in each state.
pub async fn state_counts<'c>(db: impl Exec<'c>, connector: &str) -> Result<StateCounts> {
    let rows: Vec<(crate::Parsed<SyncState>, i64)> =
        query_as("SELECT state, count(*) FROM sync_items WHERE connector = $1 GROUP BY state")
            .bind(connector)
            .fetch_all(db)
            .await?;
    let mut counts = StateCounts::default();
    for (state, n) in rows {
        let count = match SyncState::from(state) {
            SyncState::Pending => &mut counts.pending,
            SyncState::Synced => &mut counts.synced,
            SyncState::Failed => &mut counts.failed,
            SyncState::Attention => &mut counts.attention,
            SyncState::Conflict => &mut counts.conflict,
            SyncState::Skipped => &mut counts.skipped,
        };
        *count = n;
    }
    Ok(counts)
}

/// What the Sync screen shows of a connector's queue: its items per state, its newest success
/// and the newest reason an open item is not synced yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct QueueSummary {
    pub connector: String,
    pub pending: i64,
    pub synced: i64,
    pub failed: i64,
    pub attention: i64,
    pub conflict: i64,
    pub last_success_at: Option<String>,
    pub last_error: Option<String>,
}

/// Every connector's [`QueueSummary`] in one query, however many connectors there are; a
/// connector with no items has none.
pub async fn queue_summaries<'c>(db: impl Exec<'c>) -> Result<Vec<QueueSummary>> {
    Ok(query_as(
        "SELECT connector,
                count(*) FILTER (WHERE state = 'pending') AS pending,
                count(*) FILTER (WHERE state = 'synced') AS synced,
                count(*) FILTER (WHERE state = 'failed') AS failed,
                count(*) FILTER (WHERE state = 'attention') AS attention,
                count(*) FILTER (WHERE state = 'conflict') AS conflict,
                max(last_success_at) AS last_success_at,
                (SELECT e.last_error FROM sync_items e
                 WHERE e.connector = s.connector AND e.last_error IS NOT NULL
                   AND e.state NOT IN ('synced', 'skipped')
                 ORDER BY e.updated_at DESC LIMIT 1) AS last_error
         FROM sync_items s GROUP BY connector",
    )
    .fetch_all(db)
    .await?)
}

/// Marks a request that may change the remote as started, before it is sent.
pub async fn mark_in_flight(
    conn: &mut Conn,
    connector: &str,
    order_id: &str,
    what: &str,
    at: &str,
) -> Result<()> {
    query(
        "UPDATE sync_items SET in_flight = $1, updated_at = $2
         WHERE connector = $3 AND order_id = $4",
    )
    .bind(what)
    .bind(at)
    .bind(connector)
    .bind(order_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records that the remote has the order as of outbox id `sent`. It stays pending when newer
/// changes arrived meanwhile.
pub async fn record_success(
    conn: &mut Conn,
    connector: &str,
    order_id: &str,
    sent: i64,
    at: &str,
) -> Result<()> {
    query(
        "UPDATE sync_items SET sent = $1, in_flight = NULL, attempts = 0, last_error = NULL,
            next_attempt_at = NULL, last_success_at = $2, updated_at = $2,
            state = CASE WHEN state = 'conflict' THEN 'conflict'
                         WHEN wanted > $1 THEN 'pending' ELSE 'synced' END
         WHERE connector = $3 AND order_id = $4",
    )
    .bind(sent)
    .bind(at)
    .bind(connector)
    .bind(order_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A transient failure: try again at `next_at`. `in_flight` stays as it was, so an unknown
/// outcome is still looked up first.
pub async fn record_retry(
    conn: &mut Conn,
    connector: &str,
    order_id: &str,
    error: &str,
    next_at: &str,
    at: &str,
) -> Result<()> {
    query(
        "UPDATE sync_items SET last_error = $1, next_attempt_at = $2, updated_at = $3,
            attempts = attempts + 1
         WHERE connector = $4 AND order_id = $5",
    )
    .bind(error)
    .bind(next_at)
    .bind(at)
    .bind(connector)
    .bind(order_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A failure a person has to look at: `failed` (the remote refused), `attention` (a missing
/// mapping) or `conflict` (both sides changed a field).
pub async fn record_stop(
    conn: &mut Conn,
    connector: &str,
    order_id: &str,
    state: SyncState,
    error: &str,
    at: &str,
) -> Result<()> {
    query(
        "UPDATE sync_items SET state = $1, last_error = $2, in_flight = NULL,
            next_attempt_at = NULL, updated_at = $3
         WHERE connector = $4 AND order_id = $5",
    )
    .bind(state)
    .bind(error)
    .bind(at)
    .bind(connector)
    .bind(order_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A person's answer to a stopped item: `pending` (retry now) or `skipped` (leave it).
pub async fn set_state(
    conn: &mut Conn,
    connector: &str,
    order_id: &str,
    state: SyncState,
    at: &str,
) -> Result<bool> {
    let done = query(
        "UPDATE sync_items SET state = $1, attempts = 0, next_attempt_at = NULL, updated_at = $2
         WHERE connector = $3 AND order_id = $4",
    )
    .bind(state)
    .bind(at)
    .bind(connector)
    .bind(order_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ExternalRef {
    pub remote_id: String,
    pub snapshot: Option<String>,
}

pub async fn external_ref<'c>(
    db: impl Exec<'c>,
    connector: &str,
    entity: &str,
    local_id: &str,
) -> Result<Option<ExternalRef>> {
    Ok(query_as(
        "SELECT remote_id, snapshot FROM external_refs
         WHERE connector = $1 AND entity = $2 AND local_id = $3",
    )
    .bind(connector)
    .bind(entity)
    .bind(local_id)
    .fetch_optional(db)
    .await?)
}

/// The local id a remote id stands for.
pub async fn local_of<'c>(
    db: impl Exec<'c>,
    connector: &str,
    entity: &str,
    remote_id: &str,
) -> Result<Option<String>> {
    let row: Option<(String,)> = query_as(
        "SELECT local_id FROM external_refs WHERE connector = $1 AND entity = $2 AND remote_id = $3",
    )
    .bind(connector)
    .bind(entity)
    .bind(remote_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id,)| id))
}

pub async fn put_external_ref(
    conn: &mut Conn,
    connector: &str,
    entity: &str,
    local_id: &str,
    remote: &ExternalRef,
) -> Result<()> {
    query(
        "INSERT INTO external_refs (connector, entity, local_id, remote_id, snapshot)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (connector, entity, local_id)
         DO UPDATE SET remote_id = excluded.remote_id, snapshot = excluded.snapshot",
    )
    .bind(connector)
    .bind(entity)
    .bind(local_id)
    .bind(&remote.remote_id)
    .bind(&remote.snapshot)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every order of the connector with a remote id: (local order id, remote id, snapshot).
pub async fn order_refs<'c>(
    db: impl Exec<'c>,
    connector: &str,
) -> Result<Vec<(String, String, Option<String>)>> {
    Ok(query_as(
        "SELECT local_id, remote_id, snapshot FROM external_refs
         WHERE connector = $1 AND entity = 'order'",
    )
    .bind(connector)
    .fetch_all(db)
    .await?)
}

/// Forgets the line references of one remote order (`remote_prefix` = "ORDER_ID/"), before
/// the current lines are written again: lines get new local ids when an order's lines are
/// replaced, while the remote keeps its item ids.
pub async fn delete_line_refs(conn: &mut Conn, connector: &str, remote_prefix: &str) -> Result<()> {
    query(
        "DELETE FROM external_refs WHERE connector = $1 AND entity = 'line' AND substr(remote_id, 1, length($2)) = $2",
    )
    .bind(connector)
    .bind(remote_prefix)
    .execute(conn)
    .await?;
    Ok(())
}

/// The order with this local id, deleted or not (a deletion is synced too).
pub async fn order_by_id<'c>(db: impl Exec<'c>, id: &str) -> Result<Option<crate::OrderRow>> {
    Ok(query_as("SELECT * FROM orders WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?)
}

/// Records an order imported from the remote as linked: synced through the outbox entries of
/// its import (written as `sync:CONNECTOR`, so its creation is not echoed back), and pending
/// for any change a person made after it. Such a change exists when a crash came between the
/// import and this record and someone worked on the order before the next pull linked it
/// again; recording it synced would lose that change for good.
pub async fn upsert_synced(
    conn: &mut Conn,
    connector: &str,
    order_id: &str,
    at: &str,
) -> Result<()> {
    query(
        "INSERT INTO sync_items (connector, order_id, wanted, sent, state, last_success_at, updated_at)
         SELECT $1, $2, mine.wanted, theirs.sent,
                CASE WHEN mine.wanted > theirs.sent THEN 'pending' ELSE 'synced' END, $3, $3
         FROM (SELECT coalesce(max(id), 0) AS wanted FROM outbox
               WHERE entity = 'order' AND entity_id = $2) mine,
              (SELECT coalesce(max(ob.id), 0) AS sent FROM outbox ob
               WHERE ob.entity = 'order' AND ob.entity_id = $2
                 AND NOT EXISTS (SELECT 1 FROM audit_log a
                                 WHERE a.entity = 'order' AND a.entity_id = $2
                                   AND a.actor <> ('sync:' || $1) AND a.at <= ob.created_at)) theirs
         WHERE true
         ON CONFLICT (connector, order_id) DO UPDATE SET
            wanted = excluded.wanted, sent = excluded.sent, state = excluded.state,
            last_success_at = excluded.last_success_at, updated_at = excluded.updated_at",
    )
    .bind(connector)
    .bind(order_id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The live order with this own reference (how an imported order is found again).
pub async fn order_by_own_reference<'c>(
    db: impl Exec<'c>,
    reference: &str,
) -> Result<Option<crate::OrderRow>> {
    Ok(
        query_as("SELECT * FROM orders WHERE own_reference = $1 AND deleted_at IS NULL LIMIT 1")
            .bind(reference)
            .fetch_optional(db)
            .await?,
    )
}

/// Marks (or unmarks) an order for a connector.
pub async fn set_mark(
    conn: &mut Conn,
    connector: &str,
    order_id: &str,
    marked: bool,
    at: &str,
) -> Result<()> {
    if marked {
        query(
            "INSERT INTO sync_marks (connector, order_id, marked_at) VALUES ($1, $2, $3)
             ON CONFLICT (connector, order_id) DO NOTHING",
        )
        .bind(connector)
        .bind(order_id)
        .bind(at)
        .execute(conn)
        .await?;
    } else {
        query("DELETE FROM sync_marks WHERE connector = $1 AND order_id = $2")
            .bind(connector)
            .bind(order_id)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// The connectors an order is marked for.
pub async fn marks_of_order<'c>(db: impl Exec<'c>, order_id: &str) -> Result<Vec<String>> {
    let rows: Vec<(String,)> =
        query_as("SELECT connector FROM sync_marks WHERE order_id = $1 ORDER BY connector")
            .bind(order_id)
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().map(|(c,)| c).collect())
}

// --- Import refusals (issue 12): remote records Jobcard refused to take in. ---

/// A remote record Jobcard refused to import, with why and what it looked like then.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ImportRefusalRow {
    pub connector: String,
    pub remote_id: String,
    pub reason: String,
    pub fingerprint: String,
    pub at: String,
}

/// The standing refusal of one remote record, if any.
pub async fn import_refusal<'c>(
    db: impl Exec<'c>,
    connector: &str,
    remote_id: &str,
) -> Result<Option<ImportRefusalRow>> {
    Ok(query_as(
        "SELECT connector, remote_id, reason, fingerprint, at FROM import_refusals
         WHERE connector = $1 AND remote_id = $2",
    )
    .bind(connector)
    .bind(remote_id)
    .fetch_optional(db)
    .await?)
}

/// Records (or replaces, when the record changed and was refused again) a refusal.
pub async fn put_import_refusal(conn: &mut Conn, row: &ImportRefusalRow) -> Result<()> {
    query(
        "INSERT INTO import_refusals (connector, remote_id, reason, fingerprint, at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (connector, remote_id) DO UPDATE SET
            reason = excluded.reason, fingerprint = excluded.fingerprint, at = excluded.at",
    )
    .bind(&row.connector)
    .bind(&row.remote_id)
    .bind(&row.reason)
    .bind(&row.fingerprint)
    .bind(&row.at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets a refusal (the record was imported after all, or a person asked to try it again);
/// true when there was one.
pub async fn delete_import_refusal(
    conn: &mut Conn,
    connector: &str,
    remote_id: &str,
) -> Result<bool> {
    let done = query("DELETE FROM import_refusals WHERE connector = $1 AND remote_id = $2")
        .bind(connector)
        .bind(remote_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The connector's standing refusals, newest first; a record imported since (an order linked
/// to that remote id) is left out.
pub async fn import_refusals<'c>(
    db: impl Exec<'c>,
    connector: &str,
    limit: i64,
) -> Result<Vec<ImportRefusalRow>> {
    Ok(query_as(
        "SELECT r.connector, r.remote_id, r.reason, r.fingerprint, r.at
         FROM import_refusals r
         WHERE r.connector = $1
           AND NOT EXISTS (SELECT 1 FROM external_refs e WHERE e.connector = r.connector
                           AND e.entity = 'order' AND e.remote_id = r.remote_id)
         ORDER BY r.at DESC, r.remote_id LIMIT $2",
    )
    .bind(connector)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

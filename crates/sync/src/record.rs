//! The small steps every connector takes to record what it did, in one place so that they
//! record it the same way: an order stopped for a person, a store error met in the middle of a
//! push or pull, the `in_flight` mark before a changing request, and the order's remote id with
//! the snapshot of what the remote holds after it; a status taken over from the remote; and a
//! remote record refused at import (see `import.rs`).

use jobcard_domain::{OrderStatus, SyncState};
use jobcard_store::NewAudit;
use jobcard_store::sql::{journal, orders, parties, sync as rows};
use jobcard_store::sync::{ExternalRef, ImportRefusalRow};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::engine::{Ctx, PushError, Pushed, Stop};
use crate::http::Failure;
use crate::import::Candidate;

/// Stops the order for a person, with the reason.
pub(crate) fn stop(state: Stop, message: impl Into<String>) -> PushError {
    PushError::Stop {
        state,
        message: message.into(),
    }
}

/// A local store error met during a pull: tried again at the next pass, never ambiguous.
pub(crate) fn store_failure(err: impl std::fmt::Display) -> Failure {
    Failure::Transient {
        message: format!("local store: {err}"),
        ambiguous: false,
        retry_after: None,
    }
}

/// The one rule for a store error inside a pull or an import, so `?` applies it: see
/// [`store_failure`].
impl From<jobcard_store::StoreError> for Failure {
    fn from(err: jobcard_store::StoreError) -> Self {
        store_failure(err)
    }
}

impl From<sqlx::Error> for Failure {
    fn from(err: sqlx::Error) -> Self {
        store_failure(err)
    }
}

/// Stores the order's remote id and the snapshot of what the remote holds, inside `conn`'s
/// transaction (every connector keeps its order references this way, on push and pull).
pub(crate) async fn put_order_ref<S: Serialize + ?Sized>(
    conn: &mut jobcard_store::Conn,
    connector: &str,
    order_id: &str,
    remote_id: &str,
    snapshot: &S,
) -> Result<(), jobcard_store::StoreError> {
    let stored = ExternalRef {
        remote_id: remote_id.to_owned(),
        snapshot: serde_json::to_string(snapshot).ok(),
    };
    rows::put_external_ref(conn, connector, "order", order_id, &stored).await
}

/// Stores that a customer, repair object or line (`entity`) is `remote_id` on the remote,
/// with no snapshot, inside `conn`'s transaction.
pub(crate) async fn put_ref(
    conn: &mut jobcard_store::Conn,
    connector: &str,
    entity: &str,
    local_id: &str,
    remote_id: &str,
) -> Result<(), jobcard_store::StoreError> {
    let stored = ExternalRef {
        remote_id: remote_id.to_owned(),
        snapshot: None,
    };
    rows::put_external_ref(conn, connector, entity, local_id, &stored).await
}

/// The order an import has just made: it is there, or the store is damaged.
pub(crate) async fn imported_order(
    ctx: &Ctx<'_>,
    local_id: &str,
) -> Result<jobcard_store::OrderRow, Failure> {
    rows::order_by_id(ctx.store.readers(), local_id)
        .await?
        .ok_or_else(|| store_failure("the imported order is missing"))
}

/// Records an imported order as the remote record's, in one transaction: its reference and
/// snapshot, the customer's reference (`customer`: its remote id) when the remote has one,
/// the order marked for the connector when `marked`, and the order synced as it is, so its
/// creation is not echoed back.
pub(crate) async fn link_import<S: Serialize>(
    ctx: &Ctx<'_>,
    order: &jobcard_store::OrderRow,
    remote_id: &str,
    snapshot: &S,
    customer: Option<&str>,
    marked: bool,
) -> Result<(), Failure> {
    let at = ctx.at();
    let mut tx = ctx.store.begin_write().await?;
    put_order_ref(&mut tx, ctx.name, &order.id, remote_id, snapshot).await?;
    if let Some(customer) = customer {
        put_ref(&mut tx, ctx.name, "customer", &order.customer_id, customer).await?;
    }
    if marked {
        rows::set_mark(&mut tx, ctx.name, &order.id, true, &at).await?;
    }
    rows::upsert_synced(&mut tx, ctx.name, &order.id, &at).await?;
    tx.commit().await?;
    Ok(())
}

/// [`put_order_ref`] in a transaction of its own.
pub(crate) async fn save_order_ref<S: Serialize>(
    ctx: &Ctx<'_>,
    order_id: &str,
    remote_id: &str,
    snapshot: &S,
) -> Pushed {
    let mut tx = ctx.store.begin_write().await?;
    put_order_ref(&mut tx, ctx.name, order_id, remote_id, snapshot).await?;
    tx.commit().await?;
    Ok(())
}

/// Commits the `in_flight` mark (`what` is about to be sent) before a changing request: a mark
/// still there at the next try means the answer was lost.
pub(crate) async fn mark_in_flight(ctx: &Ctx<'_>, order_id: &str, what: &str) -> Pushed {
    let mut tx = ctx.store.begin_write().await?;
    rows::mark_in_flight(&mut tx, ctx.name, order_id, what, &ctx.at()).await?;
    tx.commit().await?;
    Ok(())
}

/// What a pull found on the remote for one linked order, and what it does about it, written
/// in one transaction by [`Observed::record`]: the snapshot of what the remote holds now
/// (always, so each remote change is looked at once), the status steps taken over from the
/// remote (each with an audit row by `sync:NAME` and no outbox row: nothing is echoed back),
/// and a stop for a person when the change cannot be taken over.
pub(crate) struct Observed<'a> {
    order: &'a jobcard_store::OrderRow,
    remote_id: &'a str,
    steps: Vec<(OrderStatus, OrderStatus)>,
    stop: Option<(Stop, String)>,
}

impl<'a> Observed<'a> {
    pub(crate) fn new(order: &'a jobcard_store::OrderRow, remote_id: &'a str) -> Self {
        Self {
            order,
            remote_id,
            steps: Vec::new(),
            stop: None,
        }
    }

    /// Takes over the remote's status: the order moves `from` -> `to`.
    pub(crate) fn take_over(&mut self, from: OrderStatus, to: OrderStatus) {
        if from != to {
            self.steps.push((from, to));
        }
    }

    /// Stops the order for a person (`conflict` or `attention`) with the reason.
    pub(crate) fn stop(&mut self, state: Stop, message: impl Into<String>) {
        self.stop = Some((state, message.into()));
    }

    /// Writes the snapshot, the taken-over statuses and the stop in one transaction; `true`
    /// when the order changed or was stopped.
    pub(crate) async fn record<S: Serialize>(
        self,
        ctx: &Ctx<'_>,
        snapshot: &S,
    ) -> Result<bool, Failure> {
        let at = ctx.at();
        let actor = format!("sync:{}", ctx.name);
        let order = self.order;
        let mut tx = ctx.store.begin_write().await?;
        for (from, to) in &self.steps {
            orders::update_status(&mut tx, order.pk, from.as_str(), to.as_str(), &at, &actor)
                .await?;
            let audit = NewAudit {
                at: &at,
                actor: &actor,
                entity: "order",
                entity_id: &order.id,
                action: "status_changed",
                changes: serde_json::json!({"from": from.as_str(), "to": to.as_str(), "source": ctx.name}),
            };
            journal::write(&mut tx, &audit, None).await?;
        }
        put_order_ref(&mut tx, ctx.name, &order.id, self.remote_id, snapshot).await?;
        if let Some((state, message)) = &self.stop {
            rows::record_stop(&mut tx, ctx.name, &order.id, (*state).into(), message, &at).await?;
        }
        tx.commit().await?;
        Ok(!self.steps.is_empty() || self.stop.is_some())
    }
}

/// Records the order as sent up to the outbox row it wanted, with its remote id and snapshot
/// when it has one, in one transaction.
pub(crate) async fn record_sent<S: Serialize>(
    ctx: &Ctx<'_>,
    order_id: &str,
    wanted: i64,
    reference: Option<(&str, &S)>,
) -> Pushed {
    let mut tx = ctx.store.begin_write().await?;
    if let Some((remote_id, snapshot)) = reference {
        put_order_ref(&mut tx, ctx.name, order_id, remote_id, snapshot).await?;
    }
    rows::record_success(&mut tx, ctx.name, order_id, wanted, &ctx.at()).await?;
    tx.commit().await?;
    Ok(())
}

/// The order, when it is settled at this connector: its sync item synced, nothing pending or
/// in flight. Only then may a change read from the remote be taken over; else the push
/// decides.
pub(crate) async fn settled_order(
    ctx: &Ctx<'_>,
    order_id: &str,
) -> Result<Option<jobcard_store::OrderRow>, Failure> {
    let db = ctx.store.readers();
    let item = rows::item(db, ctx.name, order_id).await?;
    let settled = item.as_ref().is_some_and(|i| {
        i.in_flight.is_none() && i.wanted <= i.sent && i.state == SyncState::Synced
    });
    if !settled {
        return Ok(None);
    }
    rows::order_by_id(db, order_id).await.map_err(store_failure)
}

/// Records that Jobcard refused to import a remote record, with the reason and the
/// fingerprint of what the remote showed, and an audit row by `sync:NAME` (entity
/// `connector`), in one transaction.
pub(crate) async fn refuse_import(
    ctx: &Ctx<'_>,
    record: &Candidate<'_>,
    reason: &str,
) -> Result<(), Failure> {
    let at = ctx.at();
    let actor = format!("sync:{}", ctx.name);
    let row = ImportRefusalRow {
        connector: ctx.name.to_owned(),
        remote_id: record.remote_id.to_owned(),
        reason: reason.to_owned(),
        fingerprint: record.fingerprint.clone(),
        at: at.clone(),
    };
    let mut tx = ctx.store.begin_write().await?;
    rows::put_import_refusal(&mut tx, &row).await?;
    let audit = NewAudit {
        at: &at,
        actor: &actor,
        entity: "connector",
        entity_id: ctx.name,
        action: "import_refused",
        changes: serde_json::json!({"remote_id": record.remote_id, "reason": reason}),
    };
    journal::write(&mut tx, &audit, None).await?;
    tx.commit().await?;
    tracing::warn!(connector = ctx.name, remote_id = record.remote_id, %reason, "remote record refused at import");
    Ok(())
}

/// A connector's snapshot as stored (`external_refs.snapshot`): the default when there is
/// none or it cannot be read.
pub(crate) fn parse_snapshot<S: DeserializeOwned + Default>(stored: Option<&str>) -> S {
    stored
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default()
}

/// The orders this connector knows on the remote, by remote id: the local id and the
/// connector's snapshot (the default when unreadable). Every pull starts from it.
pub(crate) async fn linked_orders<S: DeserializeOwned + Default>(
    ctx: &Ctx<'_>,
) -> Result<std::collections::HashMap<String, (String, S)>, Failure> {
    Ok(rows::order_refs(ctx.store.readers(), ctx.name)
        .await?
        .into_iter()
        .map(|(local, remote, snapshot)| (remote, (local, parse_snapshot(snapshot.as_deref()))))
        .collect())
}

/// The time zone of the order's store (`store_id`), else of the shop's default store: the
/// zone a remote's local times are read and written in.
pub(crate) async fn shop_zone(
    ctx: &Ctx<'_>,
    store_id: Option<&str>,
) -> Result<chrono_tz::Tz, jobcard_store::StoreError> {
    let db = ctx.store.readers();
    let store = match store_id {
        Some(id) => parties::store_by_id(db, id).await?,
        None => None,
    };
    let store = match store {
        Some(store) => Some(store),
        None => parties::default_store(db).await?,
    };
    Ok(store.map_or(chrono_tz::Europe::Amsterdam, |s| s.zone()))
}

/// Forgets the refusal of a remote record that has now been imported.
pub(crate) async fn forget_refusal(ctx: &Ctx<'_>, remote_id: &str) -> Result<(), Failure> {
    let mut tx = ctx.store.begin_write().await?;
    rows::delete_import_refusal(&mut tx, ctx.name, remote_id).await?;
    tx.commit().await?;
    Ok(())
}

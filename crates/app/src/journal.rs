//! What a change leaves behind besides its own rows: the audit row that says who did what,
//! and the outbox row that tells the connectors, written in the change's own transaction so
//! that neither can exist without the other or without the change. A lower layer: every use
//! case that changes a settings row or an order goes through here.

use jobcard_store::sql::journal;
use jobcard_store::{Conn, NewAudit, OrderRow, Queued};
use serde_json::{Map, Value, json};

use crate::{Actor, Result};

/// The audit row of `actor`'s `action` on `(entity, entity_id)` at `at`.
pub(crate) fn audit<'a>(
    at: &'a str,
    actor: &'a Actor,
    (entity, entity_id): (&'a str, &'a str),
    action: &'a str,
    changes: Value,
) -> NewAudit<'a> {
    NewAudit {
        at,
        actor: &actor.name,
        entity,
        entity_id,
        action,
        changes,
    }
}

/// An audit row's `changes` for a record's fields: `{key: {"from": old, "to": new}}` for each
/// `(key, old, new)` that differs, in the order given.
pub(crate) fn changed_fields<'k>(
    fields: impl IntoIterator<Item = (&'k str, Value, Value)>,
) -> Map<String, Value> {
    fields
        .into_iter()
        .filter(|(_, from, to)| from != to)
        .map(|(key, from, to)| (key.to_owned(), json!({"from": from, "to": to})))
        .collect()
}

/// One settings change to record: what it was about and what changed.
pub(crate) struct Change<'a> {
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub action: &'a str,
    pub changes: Value,
}

/// Writes the audit row and the outbox row of a settings change in its transaction.
pub(crate) async fn record(
    tx: &mut Conn,
    at: &str,
    actor: &Actor,
    change: Change<'_>,
) -> Result<()> {
    let target = (change.entity, change.entity_id);
    let audit = audit(at, actor, target, change.action, change.changes.clone());
    let queued = Queued {
        operation: change.action,
        payload: change.changes,
    };
    journal::write(tx, &audit, Some(&queued)).await?;
    Ok(())
}

/// Writes the audit and outbox rows of a work change on `row`.
pub(crate) async fn record_order_change(
    tx: &mut Conn,
    at: &str,
    actor: &Actor,
    row: &OrderRow,
    action: &str,
    changes: Value,
) -> Result<()> {
    let audit = audit(at, actor, ("order", &row.id), action, changes);
    let queued = Queued {
        operation: "updated",
        payload: json!({"number": row.number}),
    };
    journal::write(tx, &audit, Some(&queued)).await?;
    Ok(())
}

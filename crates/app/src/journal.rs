//! What a change leaves behind besides its own rows: the audit row that says who did what,
//! and the outbox row that tells the connectors, written in the change's own transaction so
//! that neither can exist without the other or without the change. A lower layer: every use
//! case that changes a settings row or an order goes through here.

use jobcard_store::sql::journal;
use jobcard_store::{Conn, NewAudit, OrderRow, Queued};
use serde_json::{Value, json};

use crate::{Actor, Result};

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
    let audit = NewAudit {
        at,
        actor: &actor.name,
        entity: change.entity,
        entity_id: change.entity_id,
        action: change.action,
        changes: change.changes.clone(),
    };
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
    let audit = NewAudit {
        at,
        actor: &actor.name,
        entity: "order",
        entity_id: &row.id,
        action,
        changes,
    };
    let queued = Queued {
        operation: "updated",
        payload: json!({"number": row.number}),
    };
    journal::write(tx, &audit, Some(&queued)).await?;
    Ok(())
}

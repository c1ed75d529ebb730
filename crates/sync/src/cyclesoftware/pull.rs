//! Pull: bring back what changed on CycleSoftware, under a written-down conflict policy.
//!
//! | field                         | owner      | a remote change is ...                         |
//! |-------------------------------|------------|------------------------------------------------|
//! | status                        | both       | applied when Jobcard's status is still the one |
//! |                               |            | last pushed and the workflow allows the step   |
//! |                               |            | (e.g. "Afgehandeld" after payment at the till  |
//! |                               |            | -> collected); else a conflict on the order    |
//! | lines, mechanic, schedule     | Jobcard    | a conflict on the order (never overwritten     |
//! |                               |            | silently either way): retry sends Jobcard's    |
//! |                               |            | version, skip leaves the remote's              |
//!
//! The list endpoint is read page by page (`pagination.next_url`) for the orders this
//! connector knows; orders created on the remote are not imported (the connector's scope is
//! push-only for CycleSoftware). An applied status change writes an audit row by
//! `sync:<connector>` and no outbox row: it came from the remote, and echoing it back would
//! only cost a request.

use crate::record::Observed;
use std::collections::{HashMap, HashSet};

use jobcard_domain::OrderStatus;
use jobcard_store::sql::sync as rows;
use serde_json::Value;

use super::payload::{self, Snapshot};
use crate::engine::{Ctx, Stop};
use crate::http::Failure;
use crate::paging::Pages;

/// Reads the remote's orders and applies or flags what changed there. Returns how many
/// orders changed on the remote.
///
/// The list endpoint has no "changed since" filter, so a pull reads (a) the orders scheduled
/// from `pull_days` ago on (`date_from`), (b) the orders in an open status (`status_ids`),
/// and (c) one by one, the known orders that were open at the last look and appear in
/// neither list: they were closed on the remote (paid at the till, cancelled). Each closed
/// order is read once; after that its snapshot says it is closed.
pub async fn pull(ctx: &mut Ctx<'_>) -> Result<u64, Failure> {
    let refs: HashMap<String, (String, Snapshot)> = crate::record::linked_orders(ctx).await?;
    if refs.is_empty() && !ctx.settings.flag(ctx.kind, "import") {
        return Ok(0);
    }
    let open: Vec<i64> = OPEN
        .iter()
        .filter_map(|s| ctx.settings.remote_status(ctx.kind, *s))
        .collect();
    let days = i64::from(ctx.settings.count(ctx.kind, "pull_days"));
    let since = (ctx.now() - chrono::Duration::days(days)).date_naive();
    let open_ids: Vec<String> = open.iter().map(i64::to_string).collect();
    let lists = [
        format!("/api/v1/workshop/orders.json?date_from={since}&limit=500"),
        format!(
            "/api/v1/workshop/orders.json?status_ids={}&limit=500",
            open_ids.join(",")
        ),
    ];
    let mut seen: HashSet<String> = HashSet::new();
    let mut changed = 0;
    for first in lists {
        let mut pages = Pages::linked(first, "/data", "/pagination/next_url");
        while let Some(url) = pages.next_url(ctx.remote)? {
            for remote in &pages.items(ctx.remote.get(&url).await?) {
                let Some(id) = remote.get("workshop_order_id").and_then(Value::as_i64) else {
                    continue;
                };
                if seen.insert(id.to_string()) && one(ctx, &refs, id, remote).await? {
                    changed += 1;
                }
            }
        }
    }
    for (remote_id, (_, snapshot)) in &refs {
        let was_open = snapshot.status_id.is_some_and(|s| open.contains(&s));
        if !was_open || seen.contains(remote_id) {
            continue;
        }
        let path = format!(
            "/api/v1/customers/{}/workshop-order/{remote_id}.json",
            snapshot.customer_id
        );
        let remote = ctx.remote.get(&path).await?;
        let id = remote_id.parse().unwrap_or(0);
        if one(ctx, &refs, id, &remote).await? {
            changed += 1;
        }
    }
    Ok(changed)
}

/// The Jobcard statuses that count as open on the remote.
const OPEN: [OrderStatus; 6] = [
    OrderStatus::Intake,
    OrderStatus::Scheduled,
    OrderStatus::InProgress,
    OrderStatus::WaitingForParts,
    OrderStatus::WaitingForCustomer,
    OrderStatus::Done,
];

/// Applies one remote order: a known one's changes, or an unknown one's import.
async fn one(
    ctx: &mut Ctx<'_>,
    refs: &HashMap<String, (String, Snapshot)>,
    id: i64,
    remote: &Value,
) -> Result<bool, Failure> {
    match refs.get(&id.to_string()) {
        Some((local_id, snapshot)) => Ok(apply(ctx, local_id, &id.to_string(), remote, snapshot)
            .await?
            != Applied::Unchanged),
        None => super::incoming::take(ctx, remote).await,
    }
}

/// What the remote changed in Jobcard-owned fields since the last push.
fn owned_changes(remote: &Value, snapshot: &Snapshot) -> Vec<&'static str> {
    let mut fields = Vec::new();
    let mechanic = remote
        .get("mechanic_employee_id")
        .and_then(Value::as_i64)
        .filter(|id| *id != 0);
    if mechanic != snapshot.mechanic_employee_id {
        fields.push("mechanic");
    }
    let start = crate::remote_text::text(remote, "datetime_scheduled_start");
    if start != snapshot.datetime_scheduled_start {
        fields.push("schedule");
    }
    let items = payload::remote_items(remote);
    let same = items.len() == snapshot.items.len()
        && items
            .iter()
            .zip(&snapshot.items)
            .all(|(r, s)| r.item_id == s.item_id && r.quantity == s.quantity && r.price == s.price);
    if !same {
        fields.push("lines");
    }
    fields
}

/// What a pull did with one remote order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    Unchanged,
    /// The remote's changes were taken over (a status).
    Taken,
    /// A conflict was recorded on the order, with this message.
    Conflict(String),
}

/// Applies or flags one remote order's changes (also run before each update, so a push
/// never overwrites a change made on the remote since the last look).
pub async fn apply(
    ctx: &mut Ctx<'_>,
    local_id: &str,
    remote_id: &str,
    remote: &Value,
    snapshot: &Snapshot,
) -> Result<Applied, Failure> {
    let remote_status = remote.get("status_id").and_then(Value::as_i64);
    let status_changed = remote_status != snapshot.status_id;
    let owned = owned_changes(remote, snapshot);
    if !status_changed && owned.is_empty() {
        return Ok(Applied::Unchanged);
    }
    let db = ctx.store.readers();
    let Some(order) = rows::order_by_id(db, local_id).await? else {
        return Ok(Applied::Unchanged);
    };
    let mut problems: Vec<String> = Vec::new();
    if !owned.is_empty() {
        problems.push(format!(
            "CycleSoftware changed {} (Jobcard's to keep): retry sends Jobcard's version, skip keeps CycleSoftware's",
            owned.join(", ")
        ));
    }
    let mut new_status = None;
    if status_changed {
        let target = remote_status.and_then(|s| ctx.settings.local_status(ctx.kind, s));
        let current = Some(order.status);
        let text = remote
            .get("status_text")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned();
        match (target, current) {
            (Some(to), Some(from))
                if order.status.as_str() == snapshot.local_status
                    && (from == to || from.can_become(to)) =>
            {
                new_status = Some((from, to));
            }
            (Some(to), Some(from)) if order.status.as_str() != snapshot.local_status => problems
                .push(format!(
                    "status changed on both sides: Jobcard {}, CycleSoftware {} ({text})",
                    from.as_str(),
                    to.as_str()
                )),
            (Some(to), Some(from)) => problems.push(format!(
                "CycleSoftware set {text}, but Jobcard's workflow does not allow {} -> {}",
                from.as_str(),
                to.as_str()
            )),
            _ => problems.push(format!(
                "CycleSoftware status {} ({text}) has no Jobcard status; set status.NAME={}",
                remote_status.unwrap_or(-1),
                remote_status.unwrap_or(-1)
            )),
        }
    }
    // The snapshot takes the remote's status so the same change is not applied twice; the
    // Jobcard-owned fields keep the pushed values so a conflict stays visible until resolved.
    let mut next = snapshot.clone();
    next.status_id = remote_status;
    let mut observed = Observed::new(&order, remote_id);
    if let Some((from, to)) = new_status {
        observed.take_over(from, to);
        next.local_status = to.as_str().to_owned();
    }
    if !problems.is_empty() {
        observed.stop(Stop::Conflict, problems.join("; "));
    }
    observed.record(ctx, &next).await?;
    Ok(if problems.is_empty() {
        Applied::Taken
    } else {
        Applied::Conflict(problems.join("; "))
    })
}

//! Pull: import new work orders (paging through the filtered list), and notice known work
//! orders that Scan2Evolve closed while Jobcard still works on them.

use crate::record::Observed;
use crate::record::{imported_order, link_import};
use std::collections::{HashMap, HashSet};
use std::time::Duration;

use crate::remote_text::text;
use jobcard_domain::OrderStatus;
use jobcard_store::sql::{parties, sync as rows};
use serde_json::Value;

use super::incoming::{self, Rules};
use super::payload::{CANCELLED, COMPLETED, Snapshot};
use super::{BASE, path};
use crate::engine::{Ctx, Stop};
use crate::http::Failure;
use crate::http::url_encoded;
use crate::import::{Arrival, arrival};
use crate::paging::{More, Pages};

/// Not a Scan2Evolve status: the work order answered 404 (deleted there).
pub const GONE: &str = "GONE";
/// The longest `Retry-After` a read waits for once before the pull gives up until next time.
const PATIENCE: Duration = Duration::from_secs(60);

fn closed(status: &str) -> bool {
    matches!(status, COMPLETED | CANCELLED | GONE)
}

/// One GET; a 429 is waited out once (up to a minute) and a refused API token is said
/// plainly.
pub async fn read(ctx: &mut Ctx<'_>, path: &str) -> Result<Value, Failure> {
    let first = ctx.remote.get(path).await;
    let answer = match first {
        Err(Failure::Transient {
            retry_after: Some(wait),
            ..
        }) if wait <= PATIENCE => {
            ctx.remote.wait(wait).await;
            ctx.remote.get(path).await
        }
        other => other,
    };
    answer.map_err(|failure| match failure {
        Failure::Permanent {
            status: 401, body, ..
        } => Failure::Permanent {
            status: 401,
            message: "Scan2Evolve refuses the API token: set the api_token secret to a v1 API \
                      key of the organisation"
                .to_owned(),
            body,
        },
        other => other,
    })
}

/// The list queries the filter settings ask for: one walk per status in `filter.status`.
fn list_queries(ctx: &Ctx<'_>) -> Vec<String> {
    let get = |key: &str| ctx.settings.get(ctx.kind, key).unwrap_or_default();
    let mut common = String::new();
    for (param, key) in [
        ("priority", "filter.priority"),
        ("siteId", "filter.site"),
        ("assetId", "filter.asset"),
    ] {
        let value = get(key);
        if !value.trim().is_empty() {
            common.push_str(&format!("{param}={}&", url_encoded(value.trim())));
        }
    }
    let statuses: Vec<String> = get("filter.status")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| format!("status={}&", url_encoded(s)))
        .collect();
    if statuses.is_empty() {
        return vec![common];
    }
    statuses
        .into_iter()
        .map(|s| format!("{s}{common}"))
        .collect()
}

/// Imports new work orders and flags the known ones closed on Scan2Evolve. Returns how many
/// orders it took in or flagged. A work order Jobcard refuses to take in does not stop the
/// others: it is recorded as refused once and skipped until it changes (`Due::finish`).
pub async fn pull(ctx: &mut Ctx<'_>) -> Result<u64, Failure> {
    let refs: HashMap<String, (String, Snapshot)> = crate::record::linked_orders(ctx).await?;
    let mut seen: HashSet<String> = HashSet::new();
    let mut changed = 0;
    if ctx.settings.flag(ctx.kind, "import") {
        let size = ctx.settings.count(ctx.kind, "page_size").clamp(1, 200);
        for query in list_queries(ctx) {
            let mut pages = Pages::offset("/workOrders", More::Flag("/pagination/hasMore"), {
                move |offset| format!("{BASE}?{query}limit={size}&offset={offset}")
            });
            while let Some(url) = pages.next_url(ctx.remote)? {
                for work_order in &pages.items(read(ctx, &url).await?) {
                    let Some(id) = text(work_order, "id").filter(|id| seen.insert(id.clone()))
                    else {
                        continue;
                    };
                    let outcome = match refs.get(&id) {
                        Some((local, snapshot)) => {
                            observe(ctx, local, &id, snapshot, work_order).await?
                        }
                        None => take(ctx, &id, work_order).await?,
                    };
                    if outcome {
                        changed += 1;
                    }
                }
            }
        }
    }
    // Known work orders still open at the last look that no list showed: read one by one
    // (closed there, filtered out, or import is off).
    for (id, (local, snapshot)) in &refs {
        if seen.contains(id) || closed(&snapshot.remote_status) {
            continue;
        }
        let work_order = match read(ctx, &path(id)).await {
            Ok(work_order) => work_order,
            Err(Failure::Permanent { status: 404, .. }) => serde_json::json!({"status": GONE}),
            Err(failure) => return Err(failure),
        };
        if observe(ctx, local, id, snapshot, &work_order).await? {
            changed += 1;
        }
    }
    Ok(changed)
}

/// Takes in one work order Jobcard does not know; `true` when it did. A finished one is left
/// alone; one imported before (a crash before its reference was kept) is linked again.
async fn take(ctx: &mut Ctx<'_>, id: &str, listed: &Value) -> Result<bool, Failure> {
    let status = text(listed, "status").unwrap_or_default();
    if closed(&status) {
        return Ok(false);
    }
    let db = ctx.store.readers();
    if rows::local_of(db, ctx.name, "order", id).await?.is_some() {
        return Ok(false);
    }
    let due = match arrival(ctx, id, listed).await? {
        Arrival::Known(local_id) => {
            link(ctx, &local_id, id, listed).await?;
            return Ok(true);
        }
        Arrival::Refused => return Ok(false),
        Arrival::Due(due) => due,
    };
    // The list has no tasks: read the work order itself.
    let mut read_back = Value::Null;
    let built = match read(ctx, &path(id)).await {
        Ok(work_order) => {
            read_back = work_order;
            intake(ctx, &read_back, due.marker.clone()).await
        }
        Err(failure) => Err(failure),
    };
    let Some(local_id) = due.finish(ctx, built).await? else {
        return Ok(false);
    };
    link(ctx, &local_id, id, &read_back).await?;
    Ok(true)
}

/// The work order as Jobcard's intake, with the customer made for its site before and the
/// mechanic it is assigned to.
async fn intake(
    ctx: &Ctx<'_>,
    work_order: &Value,
    marker: String,
) -> Result<crate::ImportedOrder, Failure> {
    let rules = Rules {
        settings: ctx.settings,
        kind: ctx.kind,
        rate_cents_per_hour: i64::from(ctx.settings.count(ctx.kind, "labour_rate_cents")),
    };
    let mut order = incoming::imported(&rules, work_order, marker);
    order.customer_id = site_customer(ctx, work_order).await?;
    order.mechanic = incoming::assignee(work_order).and_then(|u| ctx.settings.local_user(&u));
    Ok(order)
}

/// The local customer made for the work order's site before, if it still exists.
async fn site_customer(ctx: &Ctx<'_>, work_order: &Value) -> Result<Option<String>, Failure> {
    let Some(site) = incoming::site_id(work_order) else {
        return Ok(None);
    };
    let db = ctx.store.readers();
    let Some(local) = rows::local_of(db, ctx.name, "customer", &site).await? else {
        return Ok(None);
    };
    let exists = parties::customer_by_id(db, &local).await?.is_some();
    Ok(exists.then_some(local))
}

/// Records the work order as the imported order's (and its site as the order's customer),
/// synced as it is, so the import is not echoed back.
async fn link(ctx: &Ctx<'_>, local_id: &str, id: &str, work_order: &Value) -> Result<(), Failure> {
    let order = imported_order(ctx, local_id).await?;
    let snapshot = Snapshot {
        remote_status: text(work_order, "status").unwrap_or_default(),
        ..Snapshot::default()
    };
    let site = incoming::site_id(work_order);
    link_import(ctx, &order, id, &snapshot, site.as_deref(), false).await
}

/// Keeps a known work order's status; when Scan2Evolve closed it (COMPLETED, CANCELLED or
/// gone) while Jobcard's order is still open, the order stops for a person. `true` then.
async fn observe(
    ctx: &Ctx<'_>,
    local: &str,
    id: &str,
    snapshot: &Snapshot,
    work_order: &Value,
) -> Result<bool, Failure> {
    let theirs = text(work_order, "status").unwrap_or_default();
    if theirs.is_empty() || theirs == snapshot.remote_status {
        return Ok(false);
    }
    let mut seen = snapshot.clone();
    seen.remote_status = theirs.clone();
    let Some(order) = rows::order_by_id(ctx.store.readers(), local).await? else {
        return Ok(false);
    };
    if closed(&theirs) && theirs != GONE {
        // What the remote really has, so a retry sends Jobcard's status again.
        seen.sent
            .insert("status".into(), Value::from(theirs.clone()));
    }
    let mut observed = Observed::new(&order, id);
    let status = Some(order.status);
    if closed(&theirs) && order.deleted_at.is_none() && !agrees(&theirs, status) {
        let (state, what) = if theirs == GONE {
            (Stop::Attention, "no longer has".to_owned())
        } else {
            (Stop::Conflict, format!("marked {theirs}"))
        };
        observed.stop(
            state,
            format!(
                "Scan2Evolve {what} work order {id} while {} is still {} here. Finish or \
                 cancel the order here; retry sends Jobcard's state, skip leaves Scan2Evolve's.",
                order.number,
                order.status.as_str().replace('_', " ")
            ),
        );
    }
    observed.record(ctx, &seen).await
}

/// Whether Jobcard's order already ended the way the remote's did.
fn agrees(theirs: &str, local: Option<OrderStatus>) -> bool {
    matches!(
        (theirs, local),
        (COMPLETED, Some(OrderStatus::Done | OrderStatus::Collected))
            | (CANCELLED, Some(OrderStatus::Cancelled))
            | (
                GONE,
                Some(OrderStatus::Done | OrderStatus::Collected | OrderStatus::Cancelled)
            )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_ending_that_matches_is_agreed() {
        assert!(agrees(COMPLETED, Some(OrderStatus::Collected)));
        assert!(agrees(CANCELLED, Some(OrderStatus::Cancelled)));
        assert!(!agrees(COMPLETED, Some(OrderStatus::InProgress)));
        assert!(!agrees(CANCELLED, Some(OrderStatus::Done)));
        assert!(agrees(GONE, Some(OrderStatus::Done)));
        assert!(!agrees(GONE, Some(OrderStatus::Intake)));
        assert!(super::super::payload::STATUSES.iter().all(|s| *s != GONE));
    }
}

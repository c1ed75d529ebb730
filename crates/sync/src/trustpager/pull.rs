//! Pull: statuses changed in TrustPager, and work orders created in the CRM.
//!
//! - One `GET /work-orders` (unfiltered: Jobcard's own work orders may be in any status or
//!   assignee) when Jobcard knows work orders; one more with the documented filters
//!   (`filter.status_id`, `filter.assigned_to`, `filter.deal_product_id`) when `import` is on
//!   and a filter is set (else the first list serves).
//! - A known work order whose `status_id` differs from the one last seen, on an order Jobcard
//!   has nothing pending for: when its status maps (label or UUID, `status.NAME`) to the
//!   order's own status, nothing changes; when it maps to one the workflow allows from
//!   the order's status, Jobcard takes it over (an audit row by `sync:NAME`, no outbox row,
//!   so nothing is echoed back); else the order becomes a `conflict` with both statuses
//!   (retry sends Jobcard's status, skip leaves TrustPager's). Never overwritten silently.
//!   An order with a pending change is left to its push; the next pull looks again.
//! - With `import` on, a work order Jobcard does not know becomes a Jobcard order once:
//!   own reference `NAME:ID` (a second pull, or one after a crash between the import and
//!   its reference, finds it), the reference recorded and the order marked synced, so later
//!   local changes PATCH that work order. A work order whose title starts with a Jobcard
//!   number is Jobcard's own (a create whose answer was lost): never imported. The doc's
//!   work order has no customer: the order's customer is named after the title (to be
//!   corrected at the counter); description = the description, else the title; planned
//!   start, mechanic (`employee.NAME=UUID` in reverse) and status mapped back. A work order
//!   Jobcard refuses (e.g. a description with control characters) is recorded as refused
//!   once and skipped until it changes in the CRM; the others are imported (`Due::finish`).
//! - A known work order missing from the list is left alone; its next PATCH meets the 404.

use crate::record::{Observed, settled_order, shop_zone};
use crate::record::{imported_order, link_import};
use std::collections::HashMap;

use jobcard_store::sql::orders;
use serde_json::{Value, json};

use super::payload::{self, Snapshot};
use super::{base, list_of};
use crate::ImportedOrder;
use crate::engine::{Ctx, Stop};
use crate::http::{Failure, url_encoded};
use crate::import::{Arrival, arrival};
use crate::remote_text::text;

/// The list query of the import filters, `None` when no filter is set.
fn filter_query(ctx: &Ctx<'_>) -> Option<String> {
    let parts: Vec<String> = ["status_id", "assigned_to", "deal_product_id"]
        .into_iter()
        .filter_map(|f| {
            let v = ctx.settings.get(ctx.kind, &format!("filter.{f}"))?;
            let v = v.trim();
            (!v.is_empty()).then(|| format!("{f}={}", url_encoded(v)))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("&"))
}

/// Reads TrustPager's work orders: takes over or flags status changes, imports new ones.
/// Returns how many orders it changed or took in.
pub async fn pull(ctx: &mut Ctx<'_>) -> Result<u64, Failure> {
    let refs: HashMap<String, (String, Snapshot)> = crate::record::linked_orders(ctx).await?;
    let import = ctx.settings.flag(ctx.kind, "import");
    let filter = filter_query(ctx).filter(|_| import);
    let mut all = Vec::new();
    if !refs.is_empty() || (import && filter.is_none()) {
        all = list_of(&ctx.remote.get(&base()).await?);
    }
    let mut changed = 0;
    for work_order in &all {
        let id = text(work_order, "id").unwrap_or_default();
        if let Some((local, snapshot)) = refs.get(&id)
            && status_changed(ctx, local, &id, snapshot, work_order).await?
        {
            changed += 1;
        }
    }
    if import {
        let candidates = match &filter {
            Some(query) => list_of(&ctx.remote.get(&format!("{}?{query}", base())).await?),
            None => all,
        };
        for work_order in &candidates {
            let id = text(work_order, "id").unwrap_or_default();
            if !id.is_empty() && !refs.contains_key(&id) && take(ctx, &id, work_order).await? {
                changed += 1;
            }
        }
    }
    Ok(changed)
}

/// Takes over or flags a status changed in TrustPager; `true` when the order changed.
async fn status_changed(
    ctx: &Ctx<'_>,
    local: &str,
    id: &str,
    snapshot: &Snapshot,
    work_order: &Value,
) -> Result<bool, Failure> {
    let theirs = text(work_order, "status_id");
    if snapshot.deleted || theirs.is_none() || theirs == snapshot.status_id {
        return Ok(false);
    }
    let Some(order) = settled_order(ctx, local).await? else {
        return Ok(false);
    };
    let current = order.status;
    let label = payload::remote_label(work_order);
    let shown = label.clone().unwrap_or_else(|| "?".to_owned());
    let maps_to = payload::local_statuses(ctx.settings, label.as_deref(), theirs.as_deref());
    let mut next = snapshot.clone();
    next.status_id = theirs;
    let mut observed = Observed::new(&order, id);
    if maps_to.contains(&current) {
        // Already the order's own status: only what the remote has is recorded.
    } else if let Some(to) = maps_to.iter().copied().find(|to| current.can_become(*to)) {
        observed.take_over(current, to);
        next.local_status = to.as_str().to_owned();
        next.fields.insert(
            "status".into(),
            json!(payload::status_value(ctx.settings, to)),
        );
    } else {
        let why = match maps_to.first() {
            Some(to) => format!(
                "Jobcard's workflow does not allow {} -> {}",
                current.as_str(),
                to.as_str()
            ),
            None => format!(
                "no Jobcard status is mapped to it (set status.NAME={shown} for the one it means)"
            ),
        };
        // TrustPager's status is what the remote has now: a retry sends Jobcard's again.
        next.fields.insert("status".into(), json!(shown));
        observed.stop(
            Stop::Conflict,
            format!(
                "TrustPager moved work order {id} ({}) to '{shown}', but {why}. Jobcard's status \
                 is {}. Retry sends Jobcard's status, skip leaves TrustPager's.",
                order.number,
                current.as_str()
            ),
        );
    }
    observed.record(ctx, &next).await
}

/// Imports a work order made in the CRM (or links an earlier import); `true` when it did.
async fn take(ctx: &mut Ctx<'_>, id: &str, work_order: &Value) -> Result<bool, Failure> {
    let db = ctx.store.readers();
    let title = text(work_order, "title").unwrap_or_default();
    let first = title.split_whitespace().next().unwrap_or_default();
    if !first.is_empty()
        && orders::by_number(db, first).await?.is_some()
        && payload::is_titled(work_order, first)
    {
        // Jobcard's own work order (its create answer was lost): the push finds it.
        return Ok(false);
    }
    let local_id = match arrival(ctx, id, work_order).await? {
        Arrival::Known(local_id) => local_id,
        Arrival::Refused => return Ok(false),
        Arrival::Due(due) => {
            let built = imported(ctx, work_order, &title, due.marker.clone()).await;
            match due.finish(ctx, built).await? {
                Some(local_id) => local_id,
                None => return Ok(false),
            }
        }
    };
    link(ctx, &local_id, id, work_order).await?;
    Ok(true)
}

/// The work order as a Jobcard intake.
async fn imported(
    ctx: &Ctx<'_>,
    work_order: &Value,
    title: &str,
    marker: String,
) -> Result<ImportedOrder, Failure> {
    let tz = shop_zone(ctx, None).await?;
    let label = payload::remote_label(work_order);
    let status = payload::local_statuses(
        ctx.settings,
        label.as_deref(),
        text(work_order, "status_id").as_deref(),
    )
    .first()
    .map(|s| s.as_str().to_owned());
    let mechanic = text(work_order, "assigned_to").and_then(|u| ctx.settings.local_user(&u));
    let name = ["customer_name", "client_name", "contact_name"]
        .into_iter()
        .find_map(|f| text(work_order, f))
        .unwrap_or_else(|| format!("TrustPager: {title}"));
    Ok(ImportedOrder {
        own_reference: marker,
        customer_name: name,
        description: text(work_order, "description")
            .unwrap_or_else(|| format!("Work order from TrustPager: {title}")),
        scheduled_start: payload::local_start(work_order, tz),
        mechanic,
        status,
        ..ImportedOrder::default()
    })
}

/// Records the work order as the local order's, marked synced as it is (its creation is not
/// echoed back); its title stays the CRM's.
async fn link(
    ctx: &Ctx<'_>,
    local_id: &str,
    remote_id: &str,
    work_order: &Value,
) -> Result<(), Failure> {
    let order = imported_order(ctx, local_id).await?;
    let wanted = Some(payload::status_value(ctx.settings, order.status));
    let mut snapshot = Snapshot {
        imported: true,
        local_status: order.status.as_str().to_owned(),
        ..Snapshot::default()
    };
    snapshot.adopt(work_order, wanted.as_deref());
    link_import(ctx, &order, remote_id, &snapshot, None, false).await
}

//! Pull: statuses changed on Field Nation, and the work orders Jobcard has not seen yet.
//!
//! The list (`page`, `per_page`, `list`) is read page by page until `metadata.pages`, when
//! `import` is on or Jobcard has work orders linked to its orders (else nothing is read).
//!
//! A work order already linked to a Jobcard order (dispatched or imported) whose `status.name`
//! differs from the one in the snapshot of what Jobcard last knew was changed on Field Nation
//! (Jobcard's own `work_done` is recorded in the snapshot when sent). On an order Jobcard has
//! nothing pending or in flight for, the new status is mapped through the `status.NAME`
//! settings (`work_done`, `approved`, `paid` -> `done`, `cancelled` -> `cancelled`, ...):
//! - when it maps to the order's own status, or to the same Jobcard status as the one before
//!   (`work_done` -> `approved`), it is only recorded;
//! - when Jobcard's workflow allows the move from the order's status, directly or through
//!   `in_progress` (a technician's `work_done` on a job Jobcard has as planned: the work was
//!   under way, then done), Jobcard takes it over: the order's status changes, a step at a
//!   time, with audit rows by `sync:NAME` and no outbox row, so
//!   nothing is echoed back (a work order cancelled there is never DELETEd: there is nothing
//!   to push, and a later push never deletes a cancelled work order);
//! - else (the buyer cancelled an order in progress or done, work done on an order cancelled
//!   in Jobcard, a status no setting maps) the order becomes a
//!   `conflict` naming both statuses: retry sends Jobcard's order again (fields, and
//!   `work_done` when Jobcard's order is done; Field Nation takes no other status), skip
//!   leaves Field Nation's. Never overwritten silently.
//!
//! The new status goes into the snapshot either way (also for an order deleted in Jobcard,
//! which takes nothing over), so each change is looked at once. An
//! order with a change pending, in flight or stopped is left to its push; the next pull looks
//! again. A linked work order the list leaves out (deleted there, or outside `list`) is left
//! alone: its next PUT meets the 404.
//!
//! With `import` on, a work order not linked, and whose title does not start with a Jobcard
//! number in brackets (one Jobcard dispatched: the push links it), is read in full
//! (`GET /workorders/{id}`) and becomes a Jobcard order:
//!
//! | Field Nation                                   | Jobcard                               |
//! |------------------------------------------------|---------------------------------------|
//! | `title`, `description.markdown` (else `html`)  | description (title, blank line, text) |
//! | `company.name`, else `client.name`, else the   | customer name                         |
//! | location's contact name                        |                                       |
//! | `location.saved_location.contact.phone`        | customer phone                        |
//! | `location` address1, address2, zip city, state, country | customer address             |
//! | `schedule.service_window.start`                | scheduled start (`utc`, else `local` in `schedule.time_zone.name`, else the shop's zone) |
//! | the window's `end` when the mode is not `exact`| promised date (its day)               |
//! | `status.name` through `status.NAME` settings   | status                                |
//!
//! The repair object is of kind `other` (a site visit, not a bike). The order's own
//! reference `NAME:ID` makes a second pull (or one after a crash between the import and its
//! reference) find it again; it is recorded as synced (its creation is not echoed back) and
//! marked for the connector (its later changes go out with scope `marked`). A work order
//! Jobcard refuses (a title with a line break, one too long, details answered with a 404) is
//! recorded as refused once, with the reason, and the pull goes on; it is not read again
//! until its list summary changes (`Due::finish`). A failed read (network, 5xx, 429) ends the
//! pull with a note; the next pull starts again and imports only what is missing.

use crate::record::{Observed, settled_order, shop_zone, store_failure};
use crate::record::{imported_order, link_import};
use std::collections::HashMap;

use crate::remote_text::{id_text, text};
use chrono::SecondsFormat;
use jobcard_domain::OrderStatus;
use jobcard_store::sql::{orders, sync as rows};
use serde_json::Value;

use super::payload::{self, Snapshot};
use super::{BASE, path, token_message};
use crate::ImportedOrder;
use crate::engine::{Ctx, Stop};
use crate::http::Failure;
use crate::import::{Arrival, arrival};
use crate::paging::{More, Pages};

/// A 401 in words that say what to do.
fn explained(ctx: &Ctx<'_>, failure: Failure) -> Failure {
    match failure {
        Failure::Permanent {
            status: 401,
            message,
            body,
        } => Failure::Permanent {
            status: 401,
            message: token_message(ctx.name, &message),
            body,
        },
        other => other,
    }
}

async fn get(ctx: &mut Ctx<'_>, url: &str) -> Result<Value, Failure> {
    match ctx.remote.get(url).await {
        Ok(body) => Ok(body),
        Err(failure) => Err(explained(ctx, failure)),
    }
}

/// What Jobcard last knew of its linked work orders: remote id -> (local order id, snapshot).
type Linked = HashMap<String, (String, Snapshot)>;

/// Reads Field Nation's work orders: takes over or flags status changes of linked ones,
/// imports new ones. Returns how many orders it changed or took in.
pub async fn pull(ctx: &mut Ctx<'_>) -> Result<u64, Failure> {
    let linked: Linked = crate::record::linked_orders(ctx).await?;
    let import = ctx.settings.flag(ctx.kind, "import");
    let mut changed = 0;
    if import || !linked.is_empty() {
        let per_page = ctx.settings.count(ctx.kind, "per_page").clamp(1, 100);
        let list = ctx
            .settings
            .get(ctx.kind, "list")
            .filter(|l| !l.is_empty())
            .map(|l| format!("&list={l}"))
            .unwrap_or_default();
        let mut pages = Pages::numbered("/results", More::PageCount("/metadata/pages"), move |n| {
            format!("{BASE}?page={n}&per_page={per_page}{list}")
        });
        while let Some(url) = pages.next_url(ctx.remote)? {
            for summary in &pages.items(get(ctx, &url).await?) {
                if one(ctx, &linked, import, summary).await? {
                    changed += 1;
                }
            }
        }
    }
    Ok(changed)
}

/// Looks at one listed work order: a linked one's status change, else an import when it is
/// new and `import` is on; true when an order changed or was taken in.
async fn one(
    ctx: &mut Ctx<'_>,
    linked: &Linked,
    import: bool,
    summary: &Value,
) -> Result<bool, Failure> {
    let Some(id) = summary
        .get("id")
        .or_else(|| summary.get("work_order_id"))
        .map(id_text)
    else {
        return Ok(false);
    };
    if let Some((local, snapshot)) = linked.get(&id) {
        return status_changed(ctx, local, &id, snapshot, summary).await;
    }
    if !import {
        return Ok(false);
    }
    let db = ctx.store.readers();
    if rows::local_of(db, ctx.name, "order", &id).await?.is_some() {
        return Ok(false);
    }
    let title = summary.get("title").and_then(Value::as_str).unwrap_or("");
    let own = match payload::number_in_title(title) {
        Some(number) => orders::by_number(db, number).await?.is_some(),
        None => false,
    };
    if own {
        return Ok(false);
    }
    // Refused or not, the next work order is looked at; see `Due::finish`.
    let local_id = match arrival(ctx, &id, summary).await? {
        Arrival::Known(local_id) => local_id,
        Arrival::Refused => return Ok(false),
        Arrival::Due(due) => {
            let built = match get(ctx, &path(&id)).await {
                Ok(details) => imported(ctx, &details, &id, due.marker.clone()).await,
                Err(failure) => Err(failure),
            };
            match due.finish(ctx, built).await? {
                Some(local_id) => local_id,
                None => return Ok(false),
            }
        }
    };
    link(ctx, &local_id, &id, payload::status_name(summary)).await?;
    Ok(true)
}

/// The Jobcard status a Field Nation status name maps to (`status.NAME`), if any.
fn mapped(ctx: &Ctx<'_>, remote: &str) -> Option<OrderStatus> {
    ctx.settings
        .get(ctx.kind, &format!("status.{remote}"))
        .and_then(|s| s.trim().parse().ok())
}

/// Takes over or flags a status changed on Field Nation; true when the order changed.
async fn status_changed(
    ctx: &Ctx<'_>,
    local: &str,
    id: &str,
    snapshot: &Snapshot,
    summary: &Value,
) -> Result<bool, Failure> {
    let Some(theirs) = payload::status_name(summary) else {
        return Ok(false);
    };
    if snapshot.status == payload::DELETED || theirs == snapshot.status {
        return Ok(false);
    }
    let Some(order) = settled_order(ctx, local).await? else {
        return Ok(false);
    };
    let current = order.status;
    let shown = summary
        .pointer("/status/name")
        .and_then(Value::as_str)
        .map_or_else(|| theirs.clone(), str::to_owned);
    let to = mapped(ctx, &theirs);
    let before = mapped(ctx, &snapshot.status);
    let mut next = snapshot.clone();
    next.status.clone_from(&theirs);
    let mut observed = Observed::new(&order, id);
    match to {
        // A deleted order takes nothing over; only what the remote has is recorded.
        _ if order.deleted_at.is_some() => {}
        Some(to) if to == current || before == Some(to) => {}
        Some(to) if steps(current, to).is_some() => {
            let mut from = current;
            for step in steps(current, to).unwrap_or_default() {
                observed.take_over(from, step);
                from = step;
            }
        }
        _ => {
            let why = match to {
                Some(to) => format!(
                    "Jobcard's workflow does not allow {} -> {}",
                    current.as_str(),
                    to.as_str()
                ),
                None => format!(
                    "no Jobcard status is mapped to it (set status.{theirs} to the one it means)"
                ),
            };
            observed.stop(
                Stop::Conflict,
                format!(
                    "Field Nation moved work order {id} ({}) to '{shown}', but {why}. Jobcard's \
                     status is {}. Retry sends Jobcard's order again, skip leaves Field Nation's.",
                    order.number,
                    current.as_str()
                ),
            );
        }
    }
    observed.record(ctx, &next).await
}

/// The workflow's steps from `current` to `to`: the move itself, or through `in_progress` when
/// only that way is allowed (an outside technician's `work_done` on a job Jobcard still has as
/// planned: the work was done, so it was under way).
fn steps(current: OrderStatus, to: OrderStatus) -> Option<Vec<OrderStatus>> {
    if current.can_become(to) {
        return Some(vec![to]);
    }
    let via = OrderStatus::InProgress;
    (current.can_become(via) && via.can_become(to)).then(|| vec![via, to])
}

/// Records the work order as the local order's, synced as it is and marked for the
/// connector; the snapshot holds the fields as the new order would send them, so nothing is
/// echoed back.
async fn link(
    ctx: &Ctx<'_>,
    local_id: &str,
    remote_id: &str,
    status: Option<String>,
) -> Result<(), Failure> {
    let order = imported_order(ctx, local_id).await?;
    let fields = super::fields_of(ctx, &order, false)
        .await
        .map_err(store_failure)?;
    let status = status.unwrap_or_else(|| "assigned".to_owned());
    let snapshot = Snapshot {
        status,
        fields,
        dispatched: false,
    };
    link_import(ctx, &order, remote_id, &snapshot, None, true).await
}

/// The work order's address as one line.
fn address(work_order: &Value) -> Option<String> {
    let city = [
        text(work_order, "/location/zip"),
        text(work_order, "/location/city"),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let parts: Vec<String> = [
        text(work_order, "/location/address1"),
        text(work_order, "/location/address2"),
        Some(city).filter(|c| !c.is_empty()),
        text(work_order, "/location/state"),
        text(work_order, "/location/country"),
    ]
    .into_iter()
    .flatten()
    .collect();
    Some(parts.join(", ")).filter(|a| !a.is_empty())
}

/// The zone the work order's local times are in: its `schedule.time_zone.name`, else the
/// shop's.
async fn zone_of(ctx: &Ctx<'_>, work_order: &Value) -> Result<chrono_tz::Tz, Failure> {
    match text(work_order, "/schedule/time_zone/name").and_then(|z| z.parse().ok()) {
        Some(zone) => Ok(zone),
        None => Ok(shop_zone(ctx, None).await?),
    }
}

/// The work order as a Jobcard intake.
async fn imported(
    ctx: &Ctx<'_>,
    work_order: &Value,
    id: &str,
    marker: String,
) -> Result<ImportedOrder, Failure> {
    let title = text(work_order, "/title");
    let body =
        text(work_order, "/description/markdown").or_else(|| text(work_order, "/description/html"));
    let description = [title, body]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n\n");
    let customer_name = text(work_order, "/company/name")
        .or_else(|| text(work_order, "/client/name"))
        .or_else(|| text(work_order, "/location/saved_location/contact/name"))
        .unwrap_or_else(|| format!("Field Nation work order {id}"));
    let zone = zone_of(ctx, work_order).await?;
    let window = work_order
        .pointer("/schedule/service_window")
        .cloned()
        .unwrap_or(Value::Null);
    let start = window
        .get("start")
        .and_then(|s| payload::moment(s, zone))
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true));
    let ranged = window.get("mode").and_then(Value::as_str) != Some("exact");
    let promised = window
        .get("end")
        .filter(|_| ranged)
        .and_then(|e| payload::moment(e, zone))
        .map(|t| t.with_timezone(&zone).format("%Y-%m-%d").to_string());
    let status = payload::status_name(work_order)
        .and_then(|s| ctx.settings.get(ctx.kind, &format!("status.{s}")))
        .filter(|s| !s.is_empty());
    Ok(ImportedOrder {
        own_reference: marker,
        customer_name,
        phone: text(work_order, "/location/saved_location/contact/phone"),
        address: address(work_order),
        object_kind: Some("other".to_owned()),
        description: if description.is_empty() {
            format!("Field Nation work order {id}")
        } else {
            description
        },
        scheduled_start: start,
        promised_date: promised,
        status,
        ..ImportedOrder::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_address_is_one_line_from_the_location() {
        let wo = json!({"location": {"address1": "123 Main St", "address2": "Suite 100",
            "city": "Minneapolis", "state": "MN", "zip": "90210", "country": "USA"}});
        assert_eq!(
            address(&wo).as_deref(),
            Some("123 Main St, Suite 100, 90210 Minneapolis, MN, USA")
        );
        assert_eq!(address(&json!({})), None);
    }
}

//! Pull: take in the work orders on Field Nation that Jobcard has not seen yet.
//!
//! The list (`page`, `per_page`, `list`) is read page by page until `metadata.pages`; a work
//! order already linked to a Jobcard order, or whose title starts with a Jobcard number in
//! brackets (one Jobcard dispatched: the push links it), is passed over. Each new one is read
//! in full (`GET /workorders/{id}`) and becomes a Jobcard order:
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
//! marked for the connector (its later changes go out with scope `marked`). A failed read
//! ends the pull with a note; the next pull starts again and imports only what is missing.
//! Changes made on Field Nation to work orders already linked are not read back (the remote
//! owns them; the push meets a cancelled or deleted work order and says so).

use chrono::SecondsFormat;
use jobcard_store::sql::{orders, parties, sync as rows};
use jobcard_store::sync::ExternalRef;
use serde_json::Value;

use super::payload::{self, Snapshot};
use super::{BASE, path, token_message};
use crate::ImportedOrder;
use crate::engine::Ctx;
use crate::http::Failure;

fn store_failure(err: impl std::fmt::Display) -> Failure {
    Failure::Transient {
        message: format!("local store: {err}"),
        ambiguous: false,
        retry_after: None,
    }
}

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

/// Imports the work orders Jobcard has not seen; returns how many it took in.
pub async fn pull(ctx: &mut Ctx<'_>) -> Result<u64, Failure> {
    let mut taken = 0;
    if ctx.settings.flag(ctx.kind, "import") {
        let per_page = ctx.settings.count(ctx.kind, "per_page").clamp(1, 100);
        let list = ctx
            .settings
            .get(ctx.kind, "list")
            .filter(|l| !l.is_empty())
            .map(|l| format!("&list={l}"))
            .unwrap_or_default();
        let mut page = 1_u64;
        loop {
            let url = format!("{BASE}?page={page}&per_page={per_page}{list}");
            let answer = get(ctx, &url).await?;
            let results = answer
                .get("results")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for summary in &results {
                if one(ctx, summary).await? {
                    taken += 1;
                }
            }
            let pages = answer
                .get("metadata")
                .and_then(|m| m.get("pages"))
                .and_then(Value::as_u64)
                .unwrap_or(0);
            if page >= pages || results.is_empty() || page >= 10_000 {
                break;
            }
            page += 1;
        }
    }
    let mut tx = ctx.store.begin_write().await.map_err(store_failure)?;
    rows::set_last_pull(&mut tx, ctx.name, &ctx.at())
        .await
        .map_err(store_failure)?;
    tx.commit().await.map_err(store_failure)?;
    Ok(taken)
}

/// Imports one listed work order when it is new; true when it did.
async fn one(ctx: &mut Ctx<'_>, summary: &Value) -> Result<bool, Failure> {
    let Some(id) = summary
        .get("id")
        .or_else(|| summary.get("work_order_id"))
        .map(super::id_text)
    else {
        return Ok(false);
    };
    let db = ctx.store.readers();
    if rows::local_of(db, ctx.name, "order", &id)
        .await
        .map_err(store_failure)?
        .is_some()
    {
        return Ok(false);
    }
    let title = summary.get("title").and_then(Value::as_str).unwrap_or("");
    let own = match payload::number_in_title(title) {
        Some(number) => orders::by_number(db, number)
            .await
            .map_err(store_failure)?
            .is_some(),
        None => false,
    };
    if own {
        return Ok(false);
    }
    let marker = format!("{}:{id}", ctx.name);
    let local_id = match rows::order_by_own_reference(db, &marker)
        .await
        .map_err(store_failure)?
    {
        Some(done) => done.id,
        None => {
            let details = get(ctx, &path(&id)).await?;
            let order = imported(ctx, &details, &id, marker).await;
            ctx.importer
                .import(order)
                .await
                .map_err(|message| Failure::Permanent {
                    status: 0,
                    message: format!("importing Field Nation work order {id}: {message}"),
                    body: None,
                })?
        }
    };
    link(ctx, &local_id, &id, payload::status_name(summary)).await?;
    Ok(true)
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
    let order = rows::order_by_id(ctx.store.readers(), local_id)
        .await
        .map_err(store_failure)?
        .ok_or_else(|| store_failure("the imported order is missing"))?;
    let fields = super::fields_of(ctx, &order, false)
        .await
        .map_err(store_failure)?;
    let status = status.unwrap_or_else(|| "assigned".to_owned());
    let snapshot = Snapshot {
        status,
        fields,
        dispatched: false,
    };
    let at = ctx.at();
    let mut tx = ctx.store.begin_write().await.map_err(store_failure)?;
    let reference = ExternalRef {
        remote_id: remote_id.to_owned(),
        snapshot: serde_json::to_string(&snapshot).ok(),
    };
    rows::put_external_ref(&mut tx, ctx.name, "order", local_id, &reference)
        .await
        .map_err(store_failure)?;
    rows::set_mark(&mut tx, ctx.name, local_id, true, &at)
        .await
        .map_err(store_failure)?;
    rows::upsert_synced(&mut tx, ctx.name, local_id, &at)
        .await
        .map_err(store_failure)?;
    tx.commit().await.map_err(store_failure)?;
    Ok(())
}

fn text(v: &Value, pointer: &str) -> Option<String> {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
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
async fn zone_of(ctx: &Ctx<'_>, work_order: &Value) -> chrono_tz::Tz {
    if let Some(zone) =
        text(work_order, "/schedule/time_zone/name").and_then(|z| z.parse::<chrono_tz::Tz>().ok())
    {
        return zone;
    }
    parties::default_store(ctx.store.readers())
        .await
        .ok()
        .flatten()
        .and_then(|s| s.time_zone.parse().ok())
        .unwrap_or(chrono_tz::Europe::Amsterdam)
}

/// The work order as a Jobcard intake.
async fn imported(ctx: &Ctx<'_>, work_order: &Value, id: &str, marker: String) -> ImportedOrder {
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
    let zone = zone_of(ctx, work_order).await;
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
    ImportedOrder {
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
    }
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

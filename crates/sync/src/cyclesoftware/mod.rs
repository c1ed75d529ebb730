//! The CycleSoftware connector (a bike shop's point of sale, where workshop orders are
//! invoiced). Contract: `shared/seeds/004_*.txt` and `shared/reference/cyclesoftware/`.
//!
//! Push, per order, dependencies first:
//! 1. the customer (and every bill-to customer): the stored reference, else found by
//!    Jobcard's own `customer_reference` (`jobcard:<id>`), e-mail or phone, else created;
//! 2. the repair object: the stored reference, else found among the customer's objects by
//!    frame number (then plate, barcode, or kind+brand+model+colour), else created;
//! 3. the workshop order: created with `reference_text` = the Jobcard number, or updated
//!    with PUT (lines matched as `payload` explains).
//!
//! Finding before creating makes the first two idempotent. For the order, the attempt is
//! recorded before the request; if it is still recorded at the next try, the answer was
//! lost, so the order is looked up by `reference_text` (and an update's new items are
//! adopted from the remote order) before anything is sent again.
//!
//! Choices where the docs are silent: status ids other than 7 are the shop's enum (see
//! [`CycleSoftware::defaults`]); an all-day booking is sent as 00:00 local time; a removed line is sent
//! with `item_status_id` 5; `discount_percentage` is an integer or a two-decimal string;
//! a mechanic maps to a CycleSoftware employee by the `employee.NAME` setting, else by equal
//! name in `/api/v1/common/employees.json`.
//! After each push the VAT the remote computed per line is compared with Jobcard's; a
//! difference flags the order (`attention`) instead of hiding it.

mod incoming;
mod payload;
mod pull;

use crate::record::stop;
use crate::record::{put_order_ref, put_ref};
use jobcard_store::sql::{orders, parties, sync as rows};
use jobcard_store::sync::SyncItemRow;
use jobcard_store::{CustomerRow, OrderRow};
use reqwest::Method;
use serde_json::{Value, json};

pub use payload::{Snapshot, assign_items, item_key};
pub use pull::{Applied, pull};

use crate::connector::{Connector, Credential, Kind};

/// The CycleSoftware kind.
pub const KIND: Kind = Kind::of(&CycleSoftware);

pub struct CycleSoftware;

impl Connector for CycleSoftware {
    fn name(&self) -> &'static str {
        "cyclesoftware"
    }

    fn credentials(&self) -> &'static [Credential] {
        &[Credential::Basic {
            user: "username",
            password: "password",
        }]
    }

    /// `workshop_order_status` ids are not in the public docs except 7 "Reparatie voltooid";
    /// the others are the ids of the enum as `GET /api/v1/common/enum/workshop-order-status.json`
    /// lists them for the shop, to be checked with `connector test` and changed with
    /// `--set status.NAME=ID`.
    fn defaults(&self) -> std::collections::BTreeMap<&'static str, &'static str> {
        std::collections::BTreeMap::from([
            ("status.intake", "1"),
            ("status.scheduled", "2"),
            ("status.in_progress", "3"),
            ("status.waiting_for_parts", "4"),
            ("status.waiting_for_customer", "5"),
            ("status.done", "7"),
            ("status.collected", "8"),
            ("status.cancelled", "9"),
            ("vat.zero", "0"),
            ("vat.low", "1"),
            ("vat.high", "2"),
            ("minutely_limit", "360"),
            ("daily_limit", "15000"),
            ("pull_days", "90"),
            ("send_customer_messages", "false"),
            ("import", "false"),
        ])
    }

    crate::connector::requests!();
}

use crate::engine::{Ctx, Outgoing, PushError, Pushed, Stop};
use crate::http::{Failure, Remote, url_encoded};
use crate::paging::Pages;
use crate::{Result, SyncError};

/// `connector test`: one authenticated read that also shows the shop's status enum.
pub async fn check(remote: &mut Remote, _connector: &str) -> Result<String> {
    let body = remote
        .get("/api/v1/common/enum/workshop-order-status.json")
        .await
        .map_err(|f| SyncError::Remote(f.message()))?;
    let statuses: Vec<String> = body
        .get("data")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|s| {
                    format!(
                        "{} {}",
                        s.get("id").and_then(Value::as_i64).unwrap_or(-1),
                        s.get("description").and_then(Value::as_str).unwrap_or("?")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(format!(
        "reachable, credentials accepted; workshop order statuses: {}",
        statuses.join(", ")
    ))
}

/// Pushes one order's latest state.
pub async fn push(ctx: &mut Ctx<'_>, outgoing: Outgoing<'_>) -> Pushed {
    let db = ctx.store.readers();
    let item = outgoing.item;
    let order = outgoing.order;
    let lines = orders::lines(db, order.pk).await?;
    let tz = crate::record::shop_zone(ctx, Some(&order.store_id)).await?;
    let status = order.status;
    let status_id = ctx
        .settings
        .remote_status(ctx.kind, status)
        .ok_or_else(|| {
            stop(
                Stop::Attention,
                format!(
                    "no CycleSoftware status for '{}'; set status.{}=ID",
                    status.as_str(),
                    status.as_str()
                ),
            )
        })?;
    let mechanic = match order.mechanic_id.as_deref() {
        Some(id) => Some(employee(ctx, id).await?),
        None => None,
    };
    let customer_id = customer(ctx, &order.customer_id).await?;
    let object_id = object(ctx, &order, customer_id).await?;
    let mut line_refs = Vec::with_capacity(lines.len());
    for line in &lines {
        let vat_code = ctx
            .settings
            .remote_vat(ctx.kind, line.vat_code)
            .ok_or_else(|| {
                stop(
                    Stop::Attention,
                    format!(
                        "no CycleSoftware VAT code for '{}'; set vat.{}=CODE",
                        line.vat_code, line.vat_code
                    ),
                )
            })?;
        let bill_to = match line.bill_to_customer_id.as_deref() {
            Some(id) if id != order.customer_id => Some(customer(ctx, id).await?),
            _ => None,
        };
        line_refs.push(payload::LineRefs { vat_code, bill_to });
    }
    let mut refs = payload::OrderRefs {
        status_id,
        mechanic,
        tz,
    };
    let existing = outgoing.known;
    let existing_snapshot: Option<Snapshot> = existing
        .as_ref()
        .and_then(|found| found.snapshot.as_deref())
        .and_then(|s| serde_json::from_str(s).ok());
    let (remote_id, mut known) = match existing {
        Some(found) => (
            Some(found.remote_id),
            existing_snapshot
                .clone()
                .map(|s| s.items)
                .unwrap_or_default(),
        ),
        None if item.in_flight.is_some() => {
            match find_by_reference(ctx, customer_id, &order.number).await? {
                Some(remote) => {
                    let id = remote
                        .get("workshop_order_id")
                        .and_then(Value::as_i64)
                        .unwrap_or(0);
                    (Some(id.to_string()), Vec::new())
                }
                None => (None, Vec::new()),
            }
        }
        None => (None, Vec::new()),
    };
    let path = |id: &str| format!("/api/v1/customers/{customer_id}/workshop-order/{id}.json");
    let mut order = order;
    if let Some(id) = remote_id.as_deref() {
        let remote = ctx.remote.get(&path(id)).await?;
        if item.in_flight.is_some() {
            // The last answer was lost: adopt the items the remote has that we did not know.
            let all = payload::remote_items(&remote);
            let known_ids: Vec<i64> = known.iter().map(|k| k.item_id).collect();
            known.extend(all.into_iter().filter(|i| !known_ids.contains(&i.item_id)));
        } else if let Some(snapshot) = existing_snapshot.as_ref() {
            // Read before write: a change made on the remote since the last look is taken
            // over or shown as a conflict, never overwritten.
            match pull::apply(ctx, &order.id, id, &remote, snapshot).await? {
                Applied::Conflict(message) => return Err(stop(Stop::Conflict, message)),
                Applied::Taken => {
                    order = rows::order_by_id(ctx.store.readers(), &order.id)
                        .await?
                        .ok_or_else(|| stop(Stop::Failed, "the order no longer exists"))?;
                    if let Some(id) = ctx.settings.remote_status(ctx.kind, order.status) {
                        refs.status_id = id;
                    }
                }
                Applied::Unchanged => {}
            }
        }
    }
    let (assigned, removed) = assign_items(&lines, &known);
    let mut items: Vec<Value> = lines
        .iter()
        .zip(&assigned)
        .zip(&line_refs)
        .map(|((line, id), r)| payload::item_json(line, *id, r))
        .collect();
    items.extend(removed.iter().map(|id| payload::removed_item_json(*id)));
    let mut body = payload::order_fields(&order, &refs);
    body.insert("order_items".into(), Value::Array(items));
    let what = if remote_id.is_some() {
        "update"
    } else {
        "create"
    };
    crate::record::mark_in_flight(ctx, &order.id, what).await?;
    let answer = match remote_id.as_deref() {
        Some(id) => {
            let query = if ctx.settings.flag(ctx.kind, "send_customer_messages") {
                "?send_customer_messages=true"
            } else {
                ""
            };
            ctx.remote
                .call(
                    Method::PUT,
                    &format!("{}{query}", path(id)),
                    Some(&Value::Object(body)),
                )
                .await?
        }
        None => {
            body.insert("customer_id".into(), json!(customer_id));
            body.insert("repair_object_id".into(), json!(object_id));
            body.insert("reference_text".into(), json!(order.number));
            if let Some(store) = ctx.settings.get(ctx.kind, "store_id") {
                body.insert("store_id".into(), json!(store.parse::<i64>().ok()));
            }
            let codes: Vec<String> = Vec::new();
            body.insert("repair_codes".into(), json!(codes));
            ctx.remote
                .call(
                    Method::POST,
                    &format!("/api/v1/customers/{customer_id}/workshop-order.json"),
                    Some(&Value::Object(body)),
                )
                .await?
        }
    };
    record(
        ctx,
        item,
        &order,
        &lines,
        customer_id,
        &assigned,
        &known,
        &answer,
    )
    .await
}

/// Stores what the remote now has (refs + snapshot) and marks the item synced, in one
/// transaction; then flags VAT the remote computed differently.
#[allow(clippy::too_many_arguments)]
async fn record(
    ctx: &mut Ctx<'_>,
    item: &SyncItemRow,
    order: &OrderRow,
    lines: &[jobcard_store::LineRow],
    customer_id: i64,
    assigned: &[Option<i64>],
    known: &[payload::SentItem],
    answer: &Value,
) -> Pushed {
    let remote_id = answer
        .get("workshop_order_id")
        .and_then(Value::as_i64)
        .ok_or_else(|| {
            PushError::Remote(Failure::Transient {
                message: "the remote's answer had no workshop_order_id".into(),
                ambiguous: true,
                retry_after: None,
            })
        })?;
    let remote_items = payload::remote_items(answer);
    // New items are the ones the remote has that were neither known nor assigned.
    let fresh = remote_items
        .iter()
        .map(|r| r.item_id)
        .filter(|id| !known.iter().any(|k| k.item_id == *id) && !assigned.contains(&Some(*id)));
    let sent = payload::sent_items(lines, assigned, fresh);
    let vat_notes = vat_differences(lines, &sent, answer);
    let snapshot = Snapshot::of(answer, customer_id, order.status, &sent);
    let at = ctx.at();
    let mut tx = ctx.store.begin_write().await?;
    put_order_ref(
        &mut tx,
        ctx.name,
        &order.id,
        &remote_id.to_string(),
        &snapshot,
    )
    .await?;
    put_line_refs(&mut tx, ctx.name, remote_id, &sent).await?;
    rows::record_success(&mut tx, ctx.name, &order.id, item.wanted, &at).await?;
    if !vat_notes.is_empty() {
        let message = format!("VAT differs from CycleSoftware's: {}", vat_notes.join("; "));
        rows::record_stop(
            &mut tx,
            ctx.name,
            &order.id,
            Stop::Attention.into(),
            &message,
            &at,
        )
        .await?;
    }
    rows::set_budget(
        &mut tx,
        ctx.name,
        ctx.remote.budget.daily_remaining,
        ctx.remote.budget.daily_reset,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The lines whose VAT the remote worked out differently (it rounds on its own), in words.
fn vat_differences(
    lines: &[jobcard_store::LineRow],
    sent: &[(String, payload::SentItem)],
    answer: &Value,
) -> Vec<String> {
    let remote_vat = |item_id: i64| {
        let items = answer.get("order_items").and_then(Value::as_array)?;
        let item = items
            .iter()
            .find(|i| i.get("item_id").and_then(Value::as_i64) == Some(item_id))?;
        item.get("vat_amount_cents").and_then(Value::as_i64)
    };
    lines
        .iter()
        .filter_map(|line| {
            let (_, item) = sent.iter().find(|(id, _)| *id == line.id)?;
            let theirs = remote_vat(item.item_id).filter(|v| *v != line.vat_cents)?;
            Some(format!(
                "line {} ({}): Jobcard VAT {} cents, CycleSoftware {} cents",
                line.line_no, line.description, line.vat_cents, theirs
            ))
        })
        .collect()
}

/// Finds the workshop order Jobcard created under `customer_id` by its `reference_text`.
async fn find_by_reference(
    ctx: &mut Ctx<'_>,
    customer_id: i64,
    number: &str,
) -> Pushed<Option<Value>> {
    let first = format!("/api/v1/workshop/orders.json?customer_id={customer_id}");
    let has_reference = |o: &Value| o.get("reference_text").and_then(Value::as_str) == Some(number);
    Ok(Pages::linked(first, "/data", "/pagination/next_url")
        .find(ctx.remote, has_reference)
        .await?)
}

async fn remember(ctx: &Ctx<'_>, entity: &str, local_id: &str, remote_id: i64) -> Pushed {
    let mut tx = ctx.store.begin_write().await?;
    put_ref(&mut tx, ctx.name, entity, local_id, &remote_id.to_string()).await?;
    tx.commit().await?;
    Ok(())
}

/// Records which workshop-order item each line is (`ORDER/ITEM`), replacing the order's
/// earlier line references.
async fn put_line_refs(
    tx: &mut jobcard_store::Conn,
    connector: &str,
    remote_id: i64,
    sent: &[(String, payload::SentItem)],
) -> std::result::Result<(), jobcard_store::StoreError> {
    let prefix = format!("{remote_id}/");
    rows::delete_line_refs(tx, connector, &prefix).await?;
    for (line_id, item) in sent {
        let remote = format!("{prefix}{}", item.item_id);
        put_ref(tx, connector, "line", line_id, &remote).await?;
    }
    Ok(())
}

async fn known_ref(ctx: &Ctx<'_>, entity: &str, local_id: &str) -> Pushed<Option<i64>> {
    Ok(
        rows::external_ref(ctx.store.readers(), ctx.name, entity, local_id)
            .await?
            .and_then(|r| r.remote_id.parse().ok()),
    )
}

fn first_id(list: &Value, field: &str, keep: impl Fn(&Value) -> bool) -> Option<i64> {
    let list = list
        .as_array()
        .or_else(|| list.get("data").and_then(Value::as_array))?;
    list.iter()
        .find(|c| keep(c))
        .and_then(|c| c.get(field))
        .and_then(Value::as_i64)
}

/// The remote customer id of a Jobcard customer: known, found, or created.
async fn customer(ctx: &mut Ctx<'_>, local_id: &str) -> Pushed<i64> {
    if let Some(id) = known_ref(ctx, "customer", local_id).await? {
        return Ok(id);
    }
    let row: CustomerRow = parties::customer_by_id(ctx.store.readers(), local_id)
        .await?
        .ok_or_else(|| stop(Stop::Failed, format!("customer {local_id} is missing")))?;
    let reference = payload::customer_reference(&row);
    let mut searches = vec![("query", reference.clone())];
    if let Some(email) = row.email.clone().filter(|e| !e.is_empty()) {
        searches.push(("email", email));
    }
    if let Some(phone) = row
        .phone
        .clone()
        .filter(|p| p.chars().any(|c| c.is_ascii_digit()))
    {
        searches.push(("phone_number", phone));
    }
    for (param, value) in searches {
        let url = format!(
            "/api/v1/customers/find.json?{param}={}",
            url_encoded(&value)
        );
        let found = ctx.remote.get(&url).await?;
        let by_reference = param == "query";
        let id = first_id(&found, "customer_id", |c| {
            !by_reference
                || c.get("customer_reference").and_then(Value::as_str) == Some(reference.as_str())
        });
        if let Some(id) = id {
            remember(ctx, "customer", local_id, id).await?;
            return Ok(id);
        }
    }
    let created = ctx
        .remote
        .call(
            Method::POST,
            "/api/v1/customers.json",
            Some(&payload::customer_json(&row)),
        )
        .await?;
    let id = created
        .get("customer_id")
        .and_then(Value::as_i64)
        .ok_or_else(|| stop(Stop::Failed, "the remote's new customer had no customer_id"))?;
    remember(ctx, "customer", local_id, id).await?;
    Ok(id)
}

/// The remote object id of the order's bike: known, found among the customer's, or created.
async fn object(ctx: &mut Ctx<'_>, order: &OrderRow, customer_id: i64) -> Pushed<i64> {
    let local_id = &order.repair_object_id;
    if let Some(id) = known_ref(ctx, "repair_object", local_id).await? {
        return Ok(id);
    }
    let row = parties::repair_object_by_id(ctx.store.readers(), local_id)
        .await?
        .ok_or_else(|| stop(Stop::Failed, "the order's repair object is missing"))?;
    let path = format!("/api/v1/customers/{customer_id}/objects.json");
    let theirs = ctx.remote.get(&path).await?;
    if let Some(id) = first_id(&theirs, "object_id", |o| payload::same_object(&row, o)) {
        remember(ctx, "repair_object", local_id, id).await?;
        return Ok(id);
    }
    let created = ctx
        .remote
        .call(Method::POST, &path, Some(&payload::object_json(&row)))
        .await?;
    let id = created
        .get("object_id")
        .and_then(Value::as_i64)
        .ok_or_else(|| {
            stop(
                Stop::Failed,
                "the remote's new repair object had no object_id",
            )
        })?;
    remember(ctx, "repair_object", local_id, id).await?;
    Ok(id)
}

/// The CycleSoftware employee id of a Jobcard mechanic: the `employee.NAME` setting, a stored
/// reference, or the remote employee with the same name.
async fn employee(ctx: &mut Ctx<'_>, local_id: &str) -> Pushed<i64> {
    let row = parties::employee_by_id(ctx.store.readers(), local_id)
        .await?
        .ok_or_else(|| stop(Stop::Failed, "the order's mechanic is missing"))?;
    if let Some(id) = ctx.settings.remote_employee(&row.name) {
        return Ok(id);
    }
    if let Some(id) = known_ref(ctx, "employee", local_id).await? {
        return Ok(id);
    }
    let list = ctx.remote.get("/api/v1/common/employees.json").await?;
    let id = first_id(&list, "employee_id", |e| {
        e.get("employee_name")
            .and_then(Value::as_str)
            .is_some_and(|n| n.trim().eq_ignore_ascii_case(row.name.trim()))
    })
    .ok_or_else(|| {
        stop(
            Stop::Attention,
            format!(
                "no CycleSoftware employee named '{0}'; set employee.{0}=ID",
                row.name
            ),
        )
    })?;
    remember(ctx, "employee", local_id, id).await?;
    Ok(id)
}

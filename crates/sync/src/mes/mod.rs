//! The MES connector (a manufacturing execution system's work-order API, `/api/v2`, Bearer
//! API key). Contract: `shared/seeds/002_*.txt`.
//!
//! Push, per order: the Jobcard order is one MES work order with `orderNumber` = the Jobcard
//! number, `product` = the repair object (brand + model, else its kind), `quantity` (the
//! `quantity` setting, 1), `priority` (the `priority.LEVEL` settings: LOW, NORMAL, HIGH,
//! CRITICAL), `customer` (the customer's name), `dueDate` (the promised date at 00:00Z, or
//! null) and `notes` (the order's description). After the create (201) the work order
//! follows the mechanic:
//!
//! | Jobcard status                | MES                                                  |
//! |-------------------------------|------------------------------------------------------|
//! | intake, scheduled             | OPEN (a PUT back to OPEN from PAUSED / ON_HOLD)       |
//! | in_progress                   | `POST .../start`                                      |
//! | waiting_for_parts             | PUT `status` PAUSED                                   |
//! | waiting_for_customer          | PUT `status` ON_HOLD                                  |
//! | done, collected               | `POST .../complete` (`start` first if never started)  |
//! | cancelled, or deleted         | DELETE when never started, else PUT `status` CANCELLED |
//!
//! Other changes (priority, promised date, description, customer, object) go as a PUT of
//! only the fields that changed since the last one sent (the snapshot keeps them), before
//! any start or complete. `complete` sends `completedQuantity` = the quantity and `notes` =
//! the resolution, root cause and closing notes (else the description).
//!
//! Choices where the doc is silent:
//! - The doc names no rate limit; `minutely_limit` defaults to 120 and a 429's `Retry-After`
//!   is honoured like every connector's.
//! - A work order is never edited once COMPLETED or CANCELLED, and never re-created after
//!   Jobcard deleted it (a reopened order is flagged instead). An order cancelled before it
//!   ever reached the MES is not created at all.
//! - PUT is treated as partial (the doc's example sends two fields).
//! - 409 `INVALID_STATE_TRANSITION`: the work order is read again, its status is kept in the
//!   snapshot, and the order stops as `attention` with what happened ("MES refused start:
//!   work order is COMPLETED there"); nothing is retried by itself, so it never loops.
//!   400 `VALIDATION_ERROR` stops the order as `failed` with the field and reason from
//!   `details` (an object in the doc; a list of them is read too). A 404 on a known work
//!   order is `attention` (deleted in the MES); on a DELETE it counts as done.
//! - Exactly once: `in_flight` is recorded before every changing request. When it is still
//!   set at the next try, the outcome is unknown, so the work order is looked up first: by
//!   `orderNumber` in the list (`page`, `limit` = 100) when no id is known yet, else read by
//!   id; start / complete / delete are then planned from the status the remote really has,
//!   so a lost answer is never applied twice.
//! - Pull reads the list (`page`, `limit` = 100, `sort` = `-updatedAt`). A status that
//!   changed on the MES and not by Jobcard, on an order Jobcard has nothing pending for,
//!   becomes a `conflict` on the order with a message (retry sends Jobcard's version from the
//!   MES's status, skip leaves the MES's). An order with a pending local change is left to
//!   the push, which meets the MES's refusal if the two disagree. Nothing is imported.

mod payload;

use crate::lost_answer::{Reread, look_up};
use crate::record::{Observed, mark_in_flight as mark, record_sent, save_order_ref as save, stop};
use crate::remote_text::{count_text, data, id_text};
use jobcard_store::OrderRow;
use jobcard_store::sql::{parties, work};
use reqwest::Method;
use serde_json::{Value, json};

pub use payload::{Snapshot, Step, Target, plan};

use crate::connector::{Connector, Credential, Kind};

/// The MES kind.
pub const KIND: Kind = Kind::of(&Mes);

pub struct Mes;

impl Connector for Mes {
    fn name(&self) -> &'static str {
        "mes"
    }

    fn credentials(&self) -> &'static [Credential] {
        &[Credential::Bearer("api_key")]
    }

    /// The MES docs name no limits; the quantity of a repair is one job.
    fn defaults(&self) -> std::collections::BTreeMap<&'static str, &'static str> {
        std::collections::BTreeMap::from([
            ("priority.low", "LOW"),
            ("priority.normal", "NORMAL"),
            ("priority.high", "HIGH"),
            ("priority.urgent", "CRITICAL"),
            ("quantity", "1"),
            ("minutely_limit", "120"),
        ])
    }

    crate::connector::requests!();
}

use crate::engine::{Ctx, Outgoing, PushError, Pushed, Stop};
use crate::http::{Failure, Remote, url_encoded};
use crate::paging::{More, Pages};
use crate::{Result, SyncError};

const BASE: &str = "/api/v2/work-orders";

fn path(id: &str) -> String {
    format!("{BASE}/{}", url_encoded(id))
}

/// `connector test`: one authenticated read of the work-order list.
pub async fn check(remote: &mut Remote, _connector: &str) -> Result<String> {
    let body = remote
        .get(&format!("{BASE}?page=1&limit=1"))
        .await
        .map_err(|f| SyncError::Remote(f.message()))?;
    let total = count_text(&body, "/pagination/total");
    Ok(format!(
        "reachable, API key accepted; {total} work order(s) in the MES"
    ))
}

async fn fields_of(ctx: &Ctx<'_>, order: &OrderRow) -> Pushed<serde_json::Map<String, Value>> {
    let db = ctx.store.readers();
    let customer = parties::customer_by_id(db, &order.customer_id)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let object = parties::repair_object_by_id(db, &order.repair_object_id)
        .await?
        .ok_or_else(|| stop(Stop::Failed, "the order's repair object is missing"))?;
    let priority = ctx
        .settings
        .get(ctx.kind, &format!("priority.{}", order.priority.as_str()))
        .unwrap_or_else(|| "NORMAL".to_owned());
    let quantity = ctx.settings.count(ctx.kind, "quantity").max(1);
    Ok(payload::work_fields(&payload::Facts {
        number: &order.number,
        product: payload::product(&object),
        quantity,
        priority,
        customer: &customer,
        promised: order.promised_date.as_deref(),
        description: &order.description,
    }))
}

/// Pushes one order's latest state.
pub async fn push(ctx: &mut Ctx<'_>, outgoing: Outgoing<'_>) -> Pushed {
    let order = &outgoing.order;
    let target = payload::target(order.status, order.deleted_at.is_some());
    let fields = fields_of(ctx, order).await?;
    let mut known = outgoing.remote();
    if outgoing.answer_lost() {
        // The last answer was lost: find out what the remote has before sending anything.
        let reread: Reread<Snapshot, _> = Reread {
            path,
            observe: |snapshot: &mut Snapshot, answer: &Value| snapshot.observe(data(answer)),
            is_gone: |snapshot| snapshot.status == payload::DELETED,
            mark_gone: |snapshot| snapshot.status = payload::DELETED.to_owned(),
            fail: |_, failure| failure.into(),
        };
        let find = async |ctx: &mut Ctx<'_>| find_by_number(ctx, &order.number).await;
        known = look_up(ctx, known, find, &reread).await?;
    }
    let (id, mut snapshot) = match known {
        Some(known) => known,
        None if target == Target::Removed => {
            // Cancelled or deleted before it ever reached the MES: nothing to send.
            return record_sent::<Snapshot>(ctx, &order.id, outgoing.item.wanted, None).await;
        }
        None => create(ctx, order, &fields).await?,
    };
    let changed = payload::changed(&fields, &snapshot.fields);
    let steps = plan(&snapshot.status, snapshot.started, target, changed)
        .map_err(|message| stop(Stop::Attention, message))?;
    for step in steps {
        send_step(ctx, order, &id, &mut snapshot, &step).await?;
    }
    snapshot.local_status = order.status.as_str().to_owned();
    record_sent(ctx, &order.id, outgoing.item.wanted, Some((&id, &snapshot))).await
}

/// Creates the work order (201) and keeps its id at once, so a later step's failure never
/// leads to a second create.
async fn create(
    ctx: &mut Ctx<'_>,
    order: &OrderRow,
    fields: &serde_json::Map<String, Value>,
) -> Pushed<(String, Snapshot)> {
    mark(ctx, &order.id, "create").await?;
    let body = Value::Object(fields.clone());
    let answer = match ctx.remote.call(Method::POST, BASE, Some(&body)).await {
        Ok(answer) => answer,
        Err(failure) => return Err(refusal(ctx, order, None, None, "create", failure).await),
    };
    let work_order = data(&answer);
    let id = work_order
        .get("id")
        .map(id_text)
        .ok_or_else(|| stop(Stop::Failed, "the MES's new work order had no id"))?;
    let mut snapshot = Snapshot {
        status: payload::OPEN.to_owned(),
        fields: fields.clone(),
        local_status: order.status.as_str().to_owned(),
        ..Snapshot::default()
    };
    snapshot.observe(work_order);
    save(ctx, &order.id, &id, &snapshot).await?;
    Ok((id, snapshot))
}

/// Sends one step and keeps what it changed.
async fn send_step(
    ctx: &mut Ctx<'_>,
    order: &OrderRow,
    id: &str,
    snapshot: &mut Snapshot,
    step: &Step,
) -> Pushed {
    mark(ctx, &order.id, step.name()).await?;
    let result = match step {
        Step::Update(body) => {
            ctx.remote
                .call(Method::PUT, &path(id), Some(&Value::Object(body.clone())))
                .await
        }
        Step::Start => {
            ctx.remote
                .call(Method::POST, &format!("{}/start", path(id)), None)
                .await
        }
        Step::Complete => {
            let closing = work::closing(ctx.store.readers(), order.pk).await?;
            let quantity = snapshot
                .fields
                .get("quantity")
                .cloned()
                .unwrap_or_else(|| json!(1));
            let body = json!({
                "completedQuantity": quantity,
                "notes": payload::completion_notes(&closing, &order.description),
            });
            ctx.remote
                .call(Method::POST, &format!("{}/complete", path(id)), Some(&body))
                .await
        }
        Step::Delete => ctx.remote.call(Method::DELETE, &path(id), None).await,
    };
    match result {
        Ok(answer) => {
            snapshot.status = payload::status_after(step, &snapshot.status);
            if !answer.is_null() {
                snapshot.observe(data(&answer));
            }
            if *step == Step::Start {
                snapshot.started = true;
            }
            if let Step::Update(body) = step {
                for (k, v) in body.iter().filter(|(k, _)| k.as_str() != "status") {
                    snapshot.fields.insert(k.clone(), v.clone());
                }
            }
        }
        Err(Failure::Permanent { status: 404, .. }) if *step == Step::Delete => {
            snapshot.status = payload::DELETED.to_owned();
        }
        Err(failure) => {
            return Err(refusal(ctx, order, Some(id), Some(snapshot), step.name(), failure).await);
        }
    }
    save(ctx, &order.id, id, snapshot).await
}

/// Turns a failed request into what the engine does next: 409 re-reads the work order and
/// asks for a person; 400 names the field; other refusals stop with the remote's words;
/// transient failures are retried by the engine.
async fn refusal(
    ctx: &mut Ctx<'_>,
    order: &OrderRow,
    id: Option<&str>,
    snapshot: Option<&mut Snapshot>,
    what: &str,
    failure: Failure,
) -> PushError {
    let Failure::Permanent {
        status,
        message,
        body,
    } = failure
    else {
        return PushError::Remote(failure);
    };
    match (status, id, snapshot) {
        (409, Some(id), Some(snapshot)) => {
            // Reconcile: keep the status the remote really has, and say so.
            let seen = match ctx.remote.get(&path(id)).await {
                Ok(answer) => {
                    snapshot.observe(data(&answer));
                    Some(snapshot.status.clone())
                }
                Err(Failure::Permanent { status: 404, .. }) => {
                    snapshot.status = payload::DELETED.to_owned();
                    Some("deleted".to_owned())
                }
                Err(_) => None,
            };
            if let Err(err) = save(ctx, &order.id, id, snapshot).await {
                return err;
            }
            let there = seen.map_or_else(
                || "its status there could not be read".to_owned(),
                |s| format!("work order is {s} there"),
            );
            stop(
                Stop::Attention,
                format!("MES refused {what}: {there} ({message})"),
            )
        }
        (400, _, _) => stop(
            Stop::Failed,
            format!(
                "MES refused {what}: {}",
                payload::validation_details(body.as_ref())
            ),
        ),
        (404, _, _) => stop(
            Stop::Attention,
            format!("MES refused {what}: the work order no longer exists there"),
        ),
        (401 | 403, _, _) => stop(
            Stop::Failed,
            format!("MES refused {what}: the API key was not accepted ({status})"),
        ),
        _ => stop(
            Stop::Failed,
            format!("MES refused {what} ({status}): {message}"),
        ),
    }
}

/// Lists work orders page by page until one has the order's number: its id and what it
/// holds.
async fn find_by_number(ctx: &mut Ctx<'_>, number: &str) -> Pushed<Option<(String, Snapshot)>> {
    let has_number = |w: &Value| w.get("orderNumber").and_then(Value::as_str) == Some(number);
    let Some(found) = list("orderNumber").find(ctx.remote, has_number).await? else {
        return Ok(None);
    };
    let id = found
        .get("id")
        .map(id_text)
        .ok_or_else(|| stop(Stop::Failed, "the MES work order had no id"))?;
    Ok(Some((id, Snapshot::found(&found))))
}

/// The work-order list sorted by `sort`, 100 to a page.
fn list(sort: &'static str) -> Pages {
    Pages::numbered("/data", More::Flag("/pagination/hasMore"), move |n| {
        format!("{BASE}?page={n}&limit=100&sort={sort}")
    })
}

/// Reads the MES's work orders and flags status changes Jobcard did not make. Returns how
/// many known work orders changed there.
pub async fn pull(ctx: &mut Ctx<'_>) -> std::result::Result<u64, Failure> {
    let by_remote: std::collections::HashMap<String, (String, Snapshot)> =
        crate::record::linked_orders(ctx).await?;
    let mut changed = 0;
    if !by_remote.is_empty() {
        let mut pages = list("-updatedAt");
        while let Some(url) = pages.next_url(ctx.remote)? {
            for work_order in &pages.items(ctx.remote.get(&url).await?) {
                let id = work_order.get("id").map(id_text).unwrap_or_default();
                let Some((local, snapshot)) = by_remote.get(&id) else {
                    continue;
                };
                if flag(ctx, local, &id, snapshot, work_order).await? {
                    changed += 1;
                }
            }
        }
    }
    Ok(changed)
}

/// Records a remote status change on a settled order as a conflict; `true` when it did.
async fn flag(
    ctx: &Ctx<'_>,
    local: &str,
    id: &str,
    snapshot: &Snapshot,
    work_order: &Value,
) -> std::result::Result<bool, Failure> {
    let Some(theirs) = work_order.get("status").and_then(Value::as_str) else {
        return Ok(false);
    };
    if snapshot.status.is_empty()
        || theirs == snapshot.status
        || snapshot.status == payload::DELETED
    {
        return Ok(false);
    }
    let Some(order) = crate::record::settled_order(ctx, local).await? else {
        return Ok(false);
    };
    let message = format!(
        "the MES moved work order {id} ({}) to {theirs}; Jobcard last sent {} \
         (its status here: {}). Retry sends Jobcard's status, skip leaves the MES's.",
        order.number, snapshot.status, snapshot.local_status
    );
    let mut seen = snapshot.clone();
    seen.observe(work_order);
    let mut observed = Observed::new(&order, id);
    observed.stop(Stop::Conflict, message);
    observed.record(ctx, &seen).await
}

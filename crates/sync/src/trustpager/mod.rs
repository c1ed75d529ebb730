//! The TrustPager connector (a CRM with a calendar; work orders linked to deals, Bearer API
//! key). Contract: `shared/seeds/000_8908a4b9e6aee479.txt`.
//!
//! Push, per order: one work order with `title` = "NUMBER customer – bike" (the number first,
//! so the work order is found by it again), `description` = the order's, `status` = the
//! shop's TrustPager label for Jobcard's status (settings `status.NAME`; a UUID there goes as
//! `status_id`), `schedule_date` + `schedule_time` from the order's planned start in the
//! shop's time zone (`schedule_time` null for an all-day order; both null when it is not
//! planned) and `assigned_to` = the mechanic's TrustPager user (`employee.NAME=UUID`; null
//! when nobody is planned). The first push is a POST; after it, a PATCH carries only the
//! fields that differ from the snapshot of what was last sent, and nothing is sent when
//! nothing changed. A cancelled or deleted order is DELETEd when `delete_on_cancel` is on
//! (the default), else it gets the `status.cancelled` status.
//!
//! | Jobcard status        | setting                       | default label |
//! |-----------------------|-------------------------------|---------------|
//! | intake                | `status.intake`               | Pending       |
//! | scheduled             | `status.scheduled`            | Scheduled     |
//! | in_progress           | `status.in_progress`          | In Progress   |
//! | waiting_for_parts     | `status.waiting_for_parts`    | On Hold       |
//! | waiting_for_customer  | `status.waiting_for_customer` | On Hold       |
//! | done                  | `status.done`                 | Completed     |
//! | collected             | `status.collected`            | Completed     |
//! | cancelled             | `status.cancelled`            | Cancelled     |
//!
//! Choices where the doc is silent:
//! - Base URL: the connector's base URL is the host (`https://api.trustpager.com`); the
//!   connector appends the doc's path `/functions/v1/api/v1`. `connector test` says so when
//!   the base URL already ends with it (a 404).
//! - The shop's time zone is the order's store's (`stores.time_zone`), else
//!   Europe/Amsterdam, the app's own default.
//! - A mechanic without an `employee.NAME` setting stops the order as `failed`, naming the
//!   setting to add; a mapping must be a UUID (checked when it is set). Statuses: a label
//!   (matched case-insensitively by TrustPager) or a status UUID.
//! - Answers are read as `{"data": ...}` or bare; the list as `{"data": [...]}` or an array,
//!   read whole (the doc names no paging). A refusal's message is the body's `error` or
//!   `message`. 401/403 pause the connector (a key problem, not the order's) until the key
//!   changes or an hour has passed; 404 on a known work order: `attention` (deleted in
//!   TrustPager; it is never created again); other 4xx: `failed` with TrustPager's words;
//!   5xx, 429, timeouts: retried by the engine with backoff.
//! - Exactly once: `in_flight` is recorded before every POST, PATCH and DELETE. When it is
//!   still set at the next try, the answer was lost: a lost create is looked up in the list
//!   by the number at the start of the title, a lost PATCH or DELETE by reading the work
//!   order; its real fields become the snapshot, so only what is still missing is sent.
//! - An order cancelled or deleted before it ever reached TrustPager is not created at all;
//!   a work order Jobcard deleted is not created again (a reopened order is `attention`).
//! - A work order imported from the CRM keeps its title (the CRM's); Jobcard sends the rest.
//!
//! Pull ([`pull`]): see that module. "Send work status to customer": [`send_work_status`].

mod payload;
mod pull;

use crate::record::{mark_in_flight as mark, parse_snapshot, record_sent, save_order_ref as save};
use crate::record::{shop_zone, stop};
use std::collections::BTreeMap;

use crate::lost_answer::{Reread, look_up};
use crate::remote_text::{data, text};
use jobcard_domain::OrderStatus;
use jobcard_store::OrderRow;
use jobcard_store::sql::parties;
use jobcard_store::sync::ExternalRef;
use reqwest::Method;
use serde_json::{Map, Value, json};

pub use payload::{Snapshot, is_uuid};
pub use pull::pull;

use crate::engine::{Ctx, Outgoing, PushError, Pushed, Stop};
use crate::http::{Failure, Remote, url_encoded};
use crate::{Result, SyncError};

use crate::connector::{Connector, ConnectorFuture, Credential, Kind};

/// The TrustPager kind.
pub const KIND: Kind = Kind::of(&TrustPager);

pub struct TrustPager;

impl Connector for TrustPager {
    fn name(&self) -> &'static str {
        "trustpager"
    }

    fn credentials(&self) -> &'static [Credential] {
        &[Credential::Bearer("api_key")]
    }

    /// The documented defaults of the kind's settings.
    fn defaults(&self) -> BTreeMap<&'static str, &'static str> {
        BTreeMap::from([
            ("status.intake", "Pending"),
            ("status.scheduled", "Scheduled"),
            ("status.in_progress", "In Progress"),
            ("status.waiting_for_parts", "On Hold"),
            ("status.waiting_for_customer", "On Hold"),
            ("status.done", "Completed"),
            ("status.collected", "Completed"),
            ("status.cancelled", "Cancelled"),
            ("delete_on_cancel", "true"),
            ("import", "false"),
            ("filter.status_id", ""),
            ("filter.assigned_to", ""),
            ("filter.deal_product_id", ""),
            ("minutely_limit", "60"),
        ])
    }

    /// This kind's own rules for a setting; `None` leaves it to the shared ones.
    fn validate(&self, key: &str, value: &str) -> Option<Result<()>> {
        let uuid_or_empty = || {
            if value.is_empty() || is_uuid(value) {
                Ok(())
            } else {
                Err(SyncError::invalid(key, format!("'{value}' is not a UUID")))
            }
        };
        Some(match key {
            k if k.starts_with("status.") && value.is_empty() => Err(SyncError::invalid(
                key,
                "expected the TrustPager status label (e.g. Pending) or its UUID",
            )),
            k if k.starts_with("status.") => Ok(()),
            k if k.starts_with("employee.") => {
                if is_uuid(value) {
                    Ok(())
                } else {
                    Err(SyncError::invalid(
                        key,
                        format!("'{value}' is not a TrustPager user UUID"),
                    ))
                }
            }
            "delete_on_cancel" if value == "true" || value == "false" => Ok(()),
            "delete_on_cancel" => Err(SyncError::invalid(key, "expected true or false")),
            "filter.status_id" | "filter.assigned_to" => uuid_or_empty(),
            "filter.deal_product_id" => Ok(()),
            _ => return None,
        })
    }

    crate::connector::requests!();

    fn sends_work_status(&self) -> bool {
        true
    }

    fn send_work_status<'a>(
        &'a self,
        remote: &'a mut Remote,
        known: &'a ExternalRef,
    ) -> ConnectorFuture<'a, Result<String>> {
        Box::pin(send_work_status(remote, known))
    }
}

/// The doc's API path under the base URL.
pub const API: &str = "/functions/v1/api/v1";

fn base() -> String {
    format!("{API}/work-orders")
}

fn path(id: &str) -> String {
    format!("{API}/work-orders/{}", url_encoded(id))
}

/// The work orders of a list answer.
fn list_of(answer: &Value) -> Vec<Value> {
    data(answer).as_array().cloned().unwrap_or_default()
}

/// `connector test`: one authenticated read of the work-order list.
pub async fn check(remote: &mut Remote, _connector: &str) -> Result<String> {
    match remote.get(&base()).await {
        Ok(answer) => Ok(format!(
            "reachable, API key accepted; {} work order(s) in TrustPager",
            list_of(&answer).len()
        )),
        Err(Failure::Permanent { status: 404, .. }) => Err(SyncError::Remote(format!(
            "TrustPager answered 404 for {API}/work-orders: the base URL should be the host \
             alone (https://api.trustpager.com), without {API}"
        ))),
        Err(Failure::Permanent {
            status: status @ (401 | 403),
            message,
            ..
        }) => Err(SyncError::SecretRefused {
            key: "api_key".to_owned(),
            message: format!(
                "TrustPager did not accept the API key ({status}: {message}); set it with \
                 `jobcard connector secret NAME api_key`"
            ),
        }),
        Err(failure) => Err(SyncError::Remote(failure.message())),
    }
}

/// The mechanic's TrustPager user, `None` when nobody is planned; a stop when unmapped.
async fn assignee(ctx: &Ctx<'_>, order: &OrderRow) -> Pushed<Option<String>> {
    let Some(mechanic_id) = order.mechanic_id.as_deref() else {
        return Ok(None);
    };
    let Some(employee) = parties::employee_by_id(ctx.store.readers(), mechanic_id).await? else {
        return Ok(None);
    };
    match ctx.settings.remote_user(&employee.name) {
        Some(user) if is_uuid(&user) => Ok(Some(user)),
        Some(user) => Err(stop(
            Stop::Failed,
            format!(
                "employee.{}={user} is not a TrustPager user UUID; correct the setting",
                employee.name
            ),
        )),
        None => Err(stop(
            Stop::Failed,
            format!(
                "mechanic {0} has no TrustPager user; add the setting \
                 employee.{0}=USER_UUID (`jobcard connector set {1} employee.{0}=...`)",
                employee.name, ctx.name
            ),
        )),
    }
}

/// Everything Jobcard sends for the order, with `status` as the order stands.
async fn fields_of(
    ctx: &Ctx<'_>,
    order: &OrderRow,
    status: OrderStatus,
) -> Pushed<Map<String, Value>> {
    let db = ctx.store.readers();
    let customer = parties::customer_by_id(db, &order.customer_id)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let object = parties::repair_object_by_id(db, &order.repair_object_id)
        .await?
        .map(|o| payload::object_name(&o))
        .unwrap_or_default();
    let tz = shop_zone(ctx, Some(&order.store_id)).await?;
    let assigned_to = assignee(ctx, order).await?;
    Ok(payload::work_fields(payload::Facts {
        title: payload::title(&order.number, &customer, &object),
        description: order.description.clone(),
        status: payload::status_value(ctx.settings, status),
        schedule: payload::schedule(
            order.scheduled_start.as_deref(),
            order.scheduled_all_day,
            tz,
        ),
        assigned_to,
    }))
}

/// Pushes one order's latest state.
pub async fn push(ctx: &mut Ctx<'_>, outgoing: Outgoing<'_>) -> Pushed {
    let (order, item, status) = (&outgoing.order, outgoing.item, outgoing.order.status);
    let removed = order.deleted_at.is_some() || status == OrderStatus::Cancelled;
    let delete = removed && ctx.settings.flag(ctx.kind, "delete_on_cancel");
    let wanted = if delete {
        None
    } else {
        let shown = if removed {
            OrderStatus::Cancelled
        } else {
            status
        };
        Some(fields_of(ctx, order, shown).await?)
    };
    let wanted_status = wanted
        .as_ref()
        .and_then(|f| f.get("status"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mut known: Option<(String, Snapshot)> = outgoing.remote();
    if outgoing.answer_lost() {
        known = reconcile(ctx, &order.number, known, wanted_status.as_deref()).await?;
    }
    let (id, mut snapshot) = match (known, &wanted) {
        (Some(known), _) => known,
        (None, Some(fields)) if !removed => create(ctx, order, fields).await?,
        // Cancelled or deleted before it ever reached TrustPager: nothing to send.
        (None, _) => return record_sent::<Snapshot>(ctx, &order.id, item.wanted, None).await,
    };
    if snapshot.deleted {
        if removed {
            return record_sent(ctx, &order.id, item.wanted, Some((&id, &snapshot))).await;
        }
        return Err(stop(
            Stop::Attention,
            "the TrustPager work order was deleted; it is not created again",
        ));
    }
    match wanted {
        None => delete_remote(ctx, order, &id, &mut snapshot).await?,
        Some(fields) => update(ctx, order, &id, &mut snapshot, &fields).await?,
    }
    snapshot.local_status = order.status.as_str().to_owned();
    record_sent(ctx, &order.id, item.wanted, Some((&id, &snapshot))).await
}

/// After a lost answer: what does TrustPager really have (see `lost_answer`)? A lost create
/// is looked up by the number in the titles of the whole list (the doc names no paging).
async fn reconcile(
    ctx: &mut Ctx<'_>,
    number: &str,
    known: Option<(String, Snapshot)>,
    wanted_status: Option<&str>,
) -> Pushed<Option<(String, Snapshot)>> {
    let reread: Reread<Snapshot, _> = Reread {
        path,
        observe: |snapshot: &mut Snapshot, answer: &Value| {
            snapshot.adopt(data(answer), wanted_status);
        },
        is_gone: |snapshot| snapshot.deleted,
        mark_gone: |snapshot| snapshot.deleted = true,
        fail: |_, failure| auth_pause(failure),
    };
    let find = async |ctx: &mut Ctx<'_>| {
        let answer = ctx.remote.get(&base()).await.map_err(auth_pause)?;
        let found = list_of(&answer)
            .into_iter()
            .find(|w| payload::is_titled(w, number));
        Ok(found.and_then(|w| {
            let id = text(&w, "id")?;
            let mut snapshot = Snapshot::default();
            snapshot.adopt(&w, wanted_status);
            Some((id, snapshot))
        }))
    };
    look_up(ctx, known, find, &reread).await
}

/// A 401/403 pauses the connector (the key is wrong for every order); anything else as
/// the engine sorts it.
fn auth_pause(failure: Failure) -> PushError {
    match failure {
        Failure::Permanent {
            status: status @ (401 | 403),
            message,
            ..
        } => PushError::Paused {
            message: format!(
                "TrustPager did not accept the API key ({status}: {message}); enter it in \
                 Settings > Sync > api_key, or run `jobcard connector secret NAME api_key`"
            ),
        },
        other => other.into(),
    }
}

/// POSTs the work order and keeps its id at once, so a later failure never creates twice.
async fn create(
    ctx: &mut Ctx<'_>,
    order: &OrderRow,
    fields: &Map<String, Value>,
) -> Pushed<(String, Snapshot)> {
    mark(ctx, &order.id, "create").await?;
    let answer = ctx
        .remote
        .call(Method::POST, &base(), Some(&payload::body(fields)))
        .await
        .map_err(|f| refusal("create", f))?;
    let work_order = data(&answer);
    let id = text(work_order, "id")
        .ok_or_else(|| stop(Stop::Failed, "TrustPager's new work order had no id"))?;
    let mut snapshot = Snapshot {
        fields: fields.clone(),
        local_status: order.status.as_str().to_owned(),
        ..Snapshot::default()
    };
    snapshot.observe(work_order);
    save(ctx, &order.id, &id, &snapshot).await?;
    Ok((id, snapshot))
}

/// PATCHes the fields that changed since the snapshot (nothing when none did).
async fn update(
    ctx: &mut Ctx<'_>,
    order: &OrderRow,
    id: &str,
    snapshot: &mut Snapshot,
    fields: &Map<String, Value>,
) -> Pushed {
    let mut changed = payload::changed(fields, &snapshot.fields);
    if snapshot.imported {
        changed.remove("title");
    }
    if changed.is_empty() {
        return Ok(());
    }
    mark(ctx, &order.id, "update").await?;
    let sent = ctx
        .remote
        .call(Method::PATCH, &path(id), Some(&payload::body(&changed)))
        .await;
    match sent {
        Ok(answer) => {
            snapshot.observe(data(&answer));
            snapshot.fields.extend(changed);
            save(ctx, &order.id, id, snapshot).await
        }
        Err(Failure::Permanent { status: 404, .. }) => {
            snapshot.deleted = true;
            save(ctx, &order.id, id, snapshot).await?;
            Err(stop(
                Stop::Attention,
                "TrustPager refused update: the work order no longer exists there",
            ))
        }
        Err(failure) => Err(refusal("update", failure)),
    }
}

/// DELETEs the work order; a 404 means it is gone already.
async fn delete_remote(
    ctx: &mut Ctx<'_>,
    order: &OrderRow,
    id: &str,
    snapshot: &mut Snapshot,
) -> Pushed {
    mark(ctx, &order.id, "delete").await?;
    match ctx.remote.call(Method::DELETE, &path(id), None).await {
        Ok(_) | Err(Failure::Permanent { status: 404, .. }) => {
            snapshot.deleted = true;
            save(ctx, &order.id, id, snapshot).await
        }
        Err(failure) => Err(refusal("delete", failure)),
    }
}

/// A failed request as what the engine does next.
fn refusal(what: &str, failure: Failure) -> PushError {
    match failure {
        Failure::Permanent {
            status: 401 | 403, ..
        } => auth_pause(failure),
        Failure::Permanent {
            status, message, ..
        } => {
            let hint = if message.to_lowercase().contains("status") {
                " (check the connector's status.* settings)"
            } else {
                ""
            };
            stop(
                Stop::Failed,
                format!("TrustPager refused {what} ({status}): {message}{hint}"),
            )
        }
        other => PushError::Remote(other),
    }
}

/// The plain message for a refused send-work-status.
const NO_WORK_ORDERS: &str = "This deal has no work orders in TrustPager yet";
const NO_EMAIL: &str = "E-mail is not configured for the company in TrustPager";

/// "Send work status to customer": `POST /work-orders/send-work-status` for the work order
/// Jobcard keeps for an order (`known`, from `external_refs`). The body carries
/// `work_order_id` and, when the work order has one, its `deal_product_id` (the doc names
/// neither; TrustPager mails the portal of the deal). Returns a line for the person.
pub async fn send_work_status(remote: &mut Remote, known: &ExternalRef) -> Result<String> {
    let snapshot: Snapshot = parse_snapshot(known.snapshot.as_deref());
    if snapshot.deleted {
        return Err(SyncError::Remote(
            "the order's TrustPager work order was deleted; there is no work status to send"
                .to_owned(),
        ));
    }
    let mut body = json!({"work_order_id": known.remote_id});
    if let (Some(deal), Some(map)) = (&snapshot.deal_product_id, body.as_object_mut()) {
        map.insert("deal_product_id".into(), json!(deal));
    }
    let answer = remote
        .call(
            Method::POST,
            &format!("{}/send-work-status", base()),
            Some(&body),
        )
        .await
        .map_err(|f| SyncError::Remote(send_refusal(&f)))?;
    if answer.get("success").and_then(Value::as_bool) == Some(false) {
        let said = text(&answer, "error")
            .or_else(|| text(&answer, "message"))
            .unwrap_or_else(|| "no reason given".to_owned());
        return Err(SyncError::Remote(format!(
            "TrustPager did not send the work status: {said}"
        )));
    }
    let portal = text(data(&answer), "portal_id").unwrap_or_else(|| "?".to_owned());
    Ok(format!(
        "The work status link was e-mailed to the customer (TrustPager portal {portal})"
    ))
}

/// The documented refusals as plain messages; others with TrustPager's words.
fn send_refusal(failure: &Failure) -> String {
    let Failure::Permanent {
        status,
        message,
        body,
    } = failure
    else {
        return format!(
            "TrustPager could not be reached ({}); try again later",
            failure.message()
        );
    };
    let code = body
        .as_ref()
        .and_then(|b| text(b, "code"))
        .unwrap_or_default()
        .to_uppercase();
    let said = message.to_lowercase();
    if code.contains("WORK_ORDER") || said.contains("no work order") || *status == 404 {
        NO_WORK_ORDERS.to_owned()
    } else if code.contains("EMAIL") || said.contains("email") || said.contains("e-mail") {
        NO_EMAIL.to_owned()
    } else if matches!(status, 401 | 403) {
        format!("TrustPager did not accept the API key ({status}: {message})")
    } else {
        format!("TrustPager refused to send the work status ({status}): {message}")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::settings::ConnectorSettings;

    #[test]
    fn settings_are_checked_for_this_kind() {
        let k = crate::trustpager::KIND;
        let mut s = ConnectorSettings::default();
        s.set(k, "status.done", "Klaar").unwrap();
        s.set(k, "status.done", "5a7a0000-0000-4000-8000-000000000005")
            .unwrap();
        assert!(s.set(k, "status.done", "").is_err());
        s.set(
            k,
            "employee.Joris Bakker",
            "a55e0000-0000-4000-8000-000000000001",
        )
        .unwrap();
        let err = s.set(k, "employee.Joris Bakker", "12").unwrap_err();
        assert!(err.to_string().contains("not a TrustPager user UUID"));
        assert!(s.set(k, "delete_on_cancel", "maybe").is_err());
        assert!(s.flag(k, "delete_on_cancel"));
        assert!(s.set(k, "filter.assigned_to", "x").is_err());
        s.set(k, "filter.deal_product_id", "deal-7").unwrap();
        assert!(!s.flag(k, "import"));
    }

    #[test]
    fn refusals_of_send_work_status_are_plain() {
        let refused = |code: &str, message: &str| Failure::Permanent {
            status: 400,
            message: message.to_owned(),
            body: Some(json!({"error": message, "code": code})),
        };
        assert_eq!(
            send_refusal(&refused("NO_WORK_ORDERS", "Deal has no work orders")),
            NO_WORK_ORDERS
        );
        assert_eq!(
            send_refusal(&refused("", "Email is not configured for this company")),
            NO_EMAIL
        );
        assert!(send_refusal(&refused("X", "Nope")).ends_with("(400): Nope"));
    }
}

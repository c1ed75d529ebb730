//! The Field Nation connector (a field-service marketplace's REST v2 work-order API,
//! `/api/rest/v2/workorders`). Contract: `shared/seeds/001_d941c9877c2a71f7.txt`.
//!
//! Auth: the secret `access_token`, sent as the `access_token` query parameter on every
//! request. A 401 means the token expired or is wrong: push answers `Paused` (the order stays
//! pending, the connector waits an hour or until a secret or setting changes, so nothing
//! loops) with a message naming `jobcard connector secret NAME access_token`; a pull ends
//! with the same words in its note.
//!
//! Two directions, one kind:
//! - Import (setting `import`, default true): the list is read page by page (`page`,
//!   `per_page` = the `per_page` setting, 50; `list` = the `list` setting when not empty),
//!   and each work order Jobcard has not seen is read in full and taken in as a Jobcard
//!   order (see `pull.rs`): once, found again by its own reference `NAME:ID`. It is marked
//!   for this connector at once, so the mechanic's work on it goes back even with the
//!   default scope `marked`.
//! - Dispatch: an order marked for the connector (scope `marked`, the default) becomes a
//!   Field Nation work order (`POST`) for an outside technician, and is deleted (`DELETE`)
//!   when the order is cancelled or deleted in Jobcard.
//!
//! For both, Jobcard owns `description` (`{"markdown": ...}`) and the schedule
//! (`schedule.service_window`, see `payload::service_window`); a dispatched work order also
//! carries `title` (`[NUMBER] ` + the description's first line) and `location` (`mode`
//! `custom`, `address1` = the customer's address). A change goes out as a PUT of only the
//! fields that differ from the snapshot of what the remote holds. When the mechanic finishes
//! (`done` or `collected`), the PUT carries `status` `work_done` and `closing_notes` made of
//! the resolution, root cause and closing notes (else the description).
//!
//! Choices where the document is silent:
//! - The work order's number in brackets at the start of its title is the reference that
//!   finds a dispatched work order again (the doc's custom fields need ids set up per
//!   company, and no external-id field is documented). A pull never imports a work order
//!   whose title names a Jobcard order's number.
//! - Exactly once: `in_flight` is recorded before every changing request. When it is still
//!   set at the next try, the outcome is unknown: a create is looked for in the list by the
//!   title's number, a known work order is read by id; then only what the remote does not
//!   hold yet is sent (a `work_done` already there is not sent again; a field the remote
//!   already holds is not sent again).
//! - Only `work_done` is ever sent as a status (the doc's one example). Jobcard's other
//!   statuses (in progress, waiting) send nothing; a work order already `work_done`,
//!   `approved` or `paid` gets no status again, even when the order is reopened.
//! - A work order imported from the marketplace belongs to its buyer: cancelling or deleting
//!   the Jobcard order does not delete it (nothing is sent). A status changed on Field Nation
//!   (a technician's `work_done`, the buyer's cancel) is read back by the pull and taken over
//!   or shown as a conflict (`pull.rs`); a cancelled work order takes no more changes (a push
//!   to it stops the order as `attention`); one deleted there is never created again
//!   (`attention`).
//! - A removed schedule is not sent (the doc has no way to clear a service window).
//! - A 404 on a DELETE counts as done. Other refusals stop the order as `failed` with Field
//!   Nation's `message`. Pages count from 1; the `async` flag is never set (Jobcard needs the
//!   answer to know the id).
//! - The doc names no rate limit: `minutely_limit` defaults to 60; a 429's `Retry-After` is
//!   honoured like every connector's.

mod payload;
mod pull;

use crate::lost_answer::{self, Reread};
use crate::record::{mark_in_flight as mark, record_sent, save_order_ref as save, stop};
use crate::remote_text::{count_text, id_text};
use std::collections::BTreeMap;

use jobcard_domain::OrderStatus;
use jobcard_store::OrderRow;
use jobcard_store::sql::{parties, work};
use reqwest::Method;
use serde_json::{Map, Value};

pub use payload::{Snapshot, Step, Target, plan};
pub use pull::pull;

use crate::engine::{Ctx, Outgoing, PushError, Pushed, Stop};
use crate::http::{Failure, Remote, url_encoded};
use crate::paging::{More, Pages};
use crate::{Result, SyncError};

use crate::connector::{Connector, Credential, Kind};

/// The Field Nation kind.
pub const KIND: Kind = Kind::of(&FieldNation);

pub struct FieldNation;

impl Connector for FieldNation {
    fn name(&self) -> &'static str {
        "fieldnation"
    }

    fn credentials(&self) -> &'static [Credential] {
        &[Credential::QueryToken {
            param: "access_token",
            secret: "access_token",
        }]
    }

    /// The documented defaults of the kind's settings.
    fn defaults(&self) -> BTreeMap<&'static str, &'static str> {
        BTreeMap::from([
            ("scope", "marked"),
            ("import", "true"),
            ("per_page", "50"),
            ("list", ""),
            ("status.draft", "intake"),
            ("status.published", "intake"),
            ("status.routed", "intake"),
            ("status.assigned", "scheduled"),
            ("status.work_done", "done"),
            ("status.approved", "done"),
            ("status.paid", "done"),
            ("status.cancelled", "cancelled"),
            ("minutely_limit", "60"),
        ])
    }

    /// This kind's own rules for a setting; `None` leaves it to the shared ones.
    fn validate(&self, key: &str, value: &str) -> Option<Result<()>> {
        let refuse = |why: String| Some(Err(SyncError::invalid(key, why)));
        match key {
            "per_page" => match value.parse::<u32>() {
                Ok(1..=100) => Some(Ok(())),
                _ => refuse(format!("'{value}' is not a whole number from 1 to 100")),
            },
            "list" if value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => Some(Ok(())),
            "list" => refuse(format!("'{value}' is not a list name (letters, digits, _)")),
            k if k.starts_with("status.") => match value.parse::<OrderStatus>() {
                Ok(_) => Some(Ok(())),
                Err(_) => refuse(format!(
                    "'{value}' is not a Jobcard status (intake, scheduled, in_progress, \
                     waiting_for_parts, waiting_for_customer, done, collected, cancelled)"
                )),
            },
            _ => None,
        }
    }

    fn inbound_mappings(&self) -> &'static [&'static str] {
        &["status"]
    }

    crate::connector::requests!();
}

const BASE: &str = "/api/rest/v2/workorders";

fn path(id: &str) -> String {
    format!("{BASE}/{}", url_encoded(id))
}

/// What a 401 means here, and what to do about it.
pub fn token_message(connector: &str, remote_says: &str) -> String {
    format!(
        "Field Nation access token expired or invalid (401: {remote_says}); enter a new one in \
         Settings > Sync > {connector} > access_token, or run \
         `jobcard connector secret {connector} access_token`"
    )
}

/// `connector test`: one authenticated read of the work-order list.
pub async fn check(remote: &mut Remote, connector: &str) -> Result<String> {
    let body = match remote.get(&format!("{BASE}?page=1&per_page=1")).await {
        Ok(body) => body,
        Err(Failure::Permanent {
            status: 401,
            message,
            ..
        }) => {
            return Err(SyncError::SecretRefused {
                key: "access_token".to_owned(),
                message: token_message(connector, &message),
            });
        }
        Err(failure) => return Err(SyncError::Remote(failure.message())),
    };
    let total = count_text(&body, "/metadata/total");
    Ok(format!(
        "reachable, access token accepted; {total} work order(s) on Field Nation"
    ))
}

/// The work-order fields Jobcard owns, from the local order.
async fn fields_of(
    ctx: &Ctx<'_>,
    order: &OrderRow,
    dispatched: bool,
) -> std::result::Result<Map<String, Value>, SyncError> {
    let address = if dispatched {
        parties::customer_by_id(ctx.store.readers(), &order.customer_id)
            .await?
            .and_then(|c| c.address)
    } else {
        None
    };
    let start = order.scheduled_start.as_deref();
    let start = if order.scheduled_all_day {
        start.and_then(|s| s.get(..10))
    } else {
        start
    };
    Ok(payload::work_fields(&payload::Facts {
        number: &order.number,
        description: &order.description,
        scheduled_start: start,
        scheduled_finish: order.scheduled_finish.as_deref(),
        address: address.as_deref(),
        dispatched,
    }))
}

/// Pushes one order's latest state.
pub async fn push(ctx: &mut Ctx<'_>, outgoing: Outgoing<'_>) -> Pushed {
    let (order, item) = (&outgoing.order, outgoing.item);
    let target = payload::target(order.status, order.deleted_at.is_some());
    let mut known: Option<(String, Snapshot)> = outgoing.remote();
    let dispatched = known.as_ref().is_none_or(|(_, s)| s.dispatched);
    let fields = fields_of(ctx, order, dispatched)
        .await
        .map_err(PushError::Store)?;
    if outgoing.answer_lost() {
        // The last answer was lost: find out what the remote has before sending anything.
        known = look_up(ctx, &order.number, known, &fields).await?;
    }
    let (id, mut snapshot) = match known {
        Some(known) => known,
        None if target == Target::Removed => {
            // Cancelled or deleted before it ever reached Field Nation: nothing to send.
            return record_sent::<Snapshot>(ctx, &order.id, item.wanted, None).await;
        }
        None => create(ctx, order, &fields).await?,
    };
    let changed = payload::changed(&fields, &snapshot.fields);
    let steps = plan(&snapshot, target, changed).map_err(|m| stop(Stop::Attention, m))?;
    for step in steps {
        send_step(ctx, order, &id, &mut snapshot, &step).await?;
    }
    record_sent(ctx, &order.id, item.wanted, Some((&id, &snapshot))).await
}

/// After a lost answer: the work order as the remote really has it (see `lost_answer`). One
/// found by the number in its title (no id known yet) is read in full as well, since the
/// list shows only a summary of it.
async fn look_up(
    ctx: &mut Ctx<'_>,
    number: &str,
    known: Option<(String, Snapshot)>,
    fields: &Map<String, Value>,
) -> Pushed<Option<(String, Snapshot)>> {
    let reread: Reread<Snapshot, _> = Reread {
        path,
        observe: |snapshot: &mut Snapshot, answer: &Value| snapshot.observe(answer, fields),
        is_gone: |snapshot| snapshot.status == payload::DELETED,
        mark_gone: |snapshot| snapshot.status = payload::DELETED.to_owned(),
        fail: |ctx, failure| refusal(ctx, "look-up", failure),
    };
    let find = async |ctx: &mut Ctx<'_>| {
        let Some(id) = find_by_number(ctx, number).await? else {
            return Ok(None);
        };
        let dispatched = Snapshot {
            dispatched: true,
            ..Snapshot::default()
        };
        reread.read(ctx, id, dispatched).await.map(Some)
    };
    lost_answer::look_up(ctx, known, find, &reread).await
}

/// Lists work orders page by page until one's title starts with `[number]`.
async fn find_by_number(ctx: &mut Ctx<'_>, number: &str) -> Pushed<Option<String>> {
    let pages = Pages::numbered("/results", More::PageCount("/metadata/pages"), |n| {
        format!("{BASE}?page={n}&per_page=100")
    });
    let title_has_number = |w: &Value| {
        let title = w.get("title").and_then(Value::as_str);
        title.and_then(payload::number_in_title) == Some(number)
    };
    match pages.find(ctx.remote, title_has_number).await {
        Ok(found) => Ok(found.as_ref().and_then(|w| w.get("id")).map(id_text)),
        Err(failure) => Err(refusal(ctx, "look-up", failure)),
    }
}

/// Creates (dispatches) the work order and keeps its id at once, so a later step's failure
/// never leads to a second create.
async fn create(
    ctx: &mut Ctx<'_>,
    order: &OrderRow,
    fields: &Map<String, Value>,
) -> Pushed<(String, Snapshot)> {
    mark(ctx, &order.id, "create").await?;
    let body = Value::Object(fields.clone());
    let answer = match ctx.remote.call(Method::POST, BASE, Some(&body)).await {
        Ok(answer) => answer,
        Err(failure) => return Err(refusal(ctx, "create", failure)),
    };
    let id = answer
        .get("id")
        .or_else(|| answer.get("work_order_id"))
        .map(id_text)
        .ok_or_else(|| stop(Stop::Failed, "Field Nation's new work order had no id"))?;
    let snapshot = Snapshot {
        status: payload::status_name(&answer).unwrap_or_else(|| "draft".to_owned()),
        fields: fields.clone(),
        dispatched: true,
    };
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
        Step::Update { fields, work_done } => {
            let mut body = fields.clone();
            if *work_done {
                let closing = work::closing(ctx.store.readers(), order.pk).await?;
                let notes = payload::closing_notes(&closing, &order.description);
                body.insert("status".into(), Value::from(payload::WORK_DONE));
                body.insert("closing_notes".into(), Value::from(notes));
            }
            ctx.remote
                .call(Method::PUT, &path(id), Some(&Value::Object(body)))
                .await
        }
        Step::Delete => ctx.remote.call(Method::DELETE, &path(id), None).await,
    };
    match (result, step) {
        (Ok(answer), Step::Update { fields, work_done }) => {
            snapshot.fields.extend(fields.clone());
            if *work_done {
                snapshot.status = payload::WORK_DONE.to_owned();
            }
            if let Some(status) = payload::status_name(&answer) {
                snapshot.status = status;
            }
        }
        (Ok(_) | Err(Failure::Permanent { status: 404, .. }), Step::Delete) => {
            snapshot.status = payload::DELETED.to_owned();
        }
        (Err(Failure::Permanent { status: 404, .. }), _) => {
            snapshot.status = payload::DELETED.to_owned();
            save(ctx, &order.id, id, snapshot).await?;
            return Err(stop(
                Stop::Attention,
                "the work order no longer exists on Field Nation",
            ));
        }
        (Err(failure), _) => return Err(refusal(ctx, step.name(), failure)),
    }
    save(ctx, &order.id, id, snapshot).await
}

/// Turns a failed request into what the engine does next: a 401 pauses the connector until
/// the token is replaced; other refusals stop the order with Field Nation's words; transient
/// failures are retried by the engine.
fn refusal(ctx: &Ctx<'_>, what: &str, failure: Failure) -> PushError {
    match failure {
        Failure::Permanent {
            status: 401,
            message,
            ..
        } => PushError::Paused {
            message: token_message(ctx.name, &message),
        },
        Failure::Permanent {
            status, message, ..
        } => stop(
            Stop::Failed,
            format!("Field Nation refused {what} ({status}): {message}"),
        ),
        other => PushError::Remote(other),
    }
}

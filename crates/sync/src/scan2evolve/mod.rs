//! The Scan2Evolve connector (an inspection platform that feeds work orders to a CMMS).
//! Contract: `shared/seeds/003_57ddced41c9bea14.txt`.
//!
//! Scan2Evolve makes the work orders; Jobcard is the CMMS that does them. So the direction is
//! the other way round from the other connectors: the pull imports, and the push only reports
//! back on orders that came from Scan2Evolve.
//!
//! Import (pull, setting `import`, default true): `GET /api/v1/work-orders` page by page
//! (`limit` = `page_size`, default and maximum 200, `offset` moving on until
//! `pagination.hasMore` is false) with the filters `filter.status` (default
//! `DRAFT,ASSIGNED,IN_PROGRESS,ON_HOLD`: not COMPLETED or CANCELLED), `filter.priority`,
//! `filter.site` (`siteId`) and `filter.asset` (`assetId`), then `GET .../{id}` for each new
//! one (the list has no tasks). A work order becomes an order (`own_reference` =
//! `NAME:ID`, its external ref kept, synced as it is so nothing is echoed back):
//!
//! | Scan2Evolve                          | Jobcard                                          |
//! |--------------------------------------|--------------------------------------------------|
//! | `asset.site` (name, else code)       | the customer (one per site, found again by the   |
//! |                                      | site id; the doc gives no address)               |
//! | `asset.name` (else `assetName`)      | repair object `machine`, brand                   |
//! | `asset.code` (else asset id)         | its frame / serial number (the same asset is the |
//! |                                      | same object)                                     |
//! | title, description, location, source | the description (one line each, plus "Scan2Evolve|
//! | inspection number                    | work order ID"; cut at 4000 characters)          |
//! | tasks (not CANCELLED)                | labour lines "TSK-... title", `estimatedHours` as|
//! |                                      | minutes, `labour_rate_cents` an hour (default 0),|
//! |                                      | VAT `high`                                       |
//! | no tasks, `estimatedHours`           | one labour line with the title                   |
//! | priority LOW/MEDIUM/HIGH/CRITICAL    | `priority.LOW` ... settings: low, normal, high,  |
//! |                                      | urgent                                           |
//! | `dueDate`                            | the promised date                                |
//! | `assignedTo.id`                      | the mechanic, when `employee.NAME=USER_ID` is set|
//!
//! Push (only orders with a Scan2Evolve work order): `POST /api/downstream/work-orders/{id}/
//! sync` with the downstream Bearer token and `X-API-KEY` (the Remote's alternate
//! credentials), carrying only the fields that changed since the last one (the snapshot):
//!
//! | Jobcard status                   | fields                                              |
//! |----------------------------------|-----------------------------------------------------|
//! | intake, scheduled                | none of its own (the remote's DRAFT/ASSIGNED stays) |
//! | in_progress                      | `status` IN_PROGRESS                                |
//! | waiting_for_parts / _customer    | `status` ON_HOLD                                    |
//! | done, collected                  | `status` COMPLETED, `rootCause`, `resolution`,      |
//! |                                  | `closureNote` (the closing notes), `completedAt`    |
//! |                                  | (the done time), `actualHours`                      |
//! | cancelled                        | `status` CANCELLED                                  |
//!
//! and always `externalId` (the Jobcard number) and `externalStatus` (Jobcard's status in
//! words), so the first POST of an order carries them, as the doc's example does.
//!
//! Choices where the doc is silent:
//! - An order made in Jobcard has no work order (there is no create endpoint): its push is a
//!   success that sends nothing, so it shows as synced and never waits in the queue. A
//!   deleted imported order sends nothing either (and is not imported again).
//! - `actualHours`: the work time recorded when the order was finished (`actual_minutes`),
//!   else, when none was recorded, the order's labour minutes; in hundredths of an hour
//!   rounded half up (90 min -> 1.5, 100 min -> 1.67), left out when both are zero.
//!   `completedAt` is in the doc's form `2026-03-10T14:30:00.000Z`. Empty closing texts are
//!   left out (never sent as ""). `externalUrl` is never sent (no deep link to a desktop app).
//! - The length limits (rootCause 500, resolution 2000, closureNote 2000 characters) are
//!   checked before sending: a longer field stops the order as `failed`, naming the field
//!   and the limit, and nothing is sent.
//! - 403 (downstream integration not active) and 401 on the downstream POST are settings
//!   problems: `PushError::Paused` with a plain message; the order stays pending and the
//!   connector pauses an hour or until its settings or secrets change. 401 on a read says
//!   the API token is refused. 400 stops the order as `failed` with the remote's message;
//!   404 as `attention` (deleted there). 429 and 5xx are retried by the engine; a read that
//!   meets a 429 waits its `Retry-After` (up to a minute) once.
//! - Exactly once: the POST sets fields to values, so a repeat is harmless; still `in_flight`
//!   is committed before it and the snapshot after. When `in_flight` is still set at the
//!   next try the answer was lost: the work order is read back (`GET /api/v1/...`) and the
//!   POST carries only what it does not have yet, from Jobcard's order as it is now, so a
//!   lost answer is re-sent at most once with the same or newer values, never older ones.
//! - Work orders closed on Scan2Evolve: a COMPLETED or CANCELLED one is never imported. When
//!   a known one turns COMPLETED or CANCELLED there (or answers 404) while Jobcard's order is
//!   still open (or ended differently), the order stops as `conflict` (404: `attention`)
//!   with a message; retry sends Jobcard's state, skip leaves Scan2Evolve's. A known work
//!   order that was closed at the last look is not read again. Known open work orders the
//!   lists did not show are read one by one.
//! - The status filter of the list takes one value in the doc's example, so each status in
//!   `filter.status` is its own walk; an empty filter lists every status. Offset paging may
//!   miss a work order that moves while the list is read; the next pull sees it.
//! - The remote status is not copied at import: the order starts at intake, and the status
//!   that goes back is the one the mechanic sets in Jobcard.

mod incoming;
mod payload;
mod pull;

use crate::record::{record_sent, stop};
use crate::remote_text::count_text;
use std::collections::BTreeMap;

use jobcard_store::OrderRow;
use jobcard_store::sql::work;
use reqwest::Method;
use serde_json::{Map, Value};

pub use payload::Snapshot;
pub use pull::pull;

use crate::engine::{Ctx, Outgoing, PushError, Pushed, Stop};
use crate::http::{Failure, Remote, url_encoded};
use crate::{Result, SyncError};

use crate::connector::{Connector, Credential, Kind};

/// The Scan2Evolve kind.
pub const KIND: Kind = Kind::of(&Scan2Evolve);

pub struct Scan2Evolve;

impl Connector for Scan2Evolve {
    fn name(&self) -> &'static str {
        "scan2evolve"
    }

    fn credentials(&self) -> &'static [Credential] {
        &[
            Credential::Bearer("api_token"),
            Credential::Alternate {
                bearer: "downstream_token",
                headers: &[("X-API-KEY", "downstream_api_key")],
            },
        ]
    }

    /// The documented defaults of the kind's settings. The doc names no rate limit.
    fn defaults(&self) -> BTreeMap<&'static str, &'static str> {
        BTreeMap::from([
            ("minutely_limit", "60"),
            ("import", "true"),
            ("page_size", "200"),
            ("filter.status", "DRAFT,ASSIGNED,IN_PROGRESS,ON_HOLD"),
            ("filter.priority", ""),
            ("filter.site", ""),
            ("filter.asset", ""),
            ("priority.LOW", "low"),
            ("priority.MEDIUM", "normal"),
            ("priority.HIGH", "high"),
            ("priority.CRITICAL", "urgent"),
            ("labour_rate_cents", "0"),
        ])
    }

    /// This kind's own rules for a setting; `None` leaves it to the shared ones.
    fn validate(&self, key: &str, value: &str) -> Option<Result<()>> {
        let refuse = |message: String| Some(Err(SyncError::invalid(key, message)));
        match key {
            "page_size" => match value.parse::<u32>() {
                Ok(1..=200) => Some(Ok(())),
                _ => refuse(format!("'{value}' is not a whole number from 1 to 200")),
            },
            "filter.status" => {
                let bad = value
                    .split(',')
                    .map(str::trim)
                    .find(|s| !s.is_empty() && !payload::STATUSES.contains(s));
                match bad {
                    None => Some(Ok(())),
                    Some(s) => refuse(format!(
                        "'{s}' is not one of {} (comma-separated; empty for all)",
                        payload::STATUSES.join(", ")
                    )),
                }
            }
            "filter.priority" if value.is_empty() || payload::PRIORITIES.contains(&value) => {
                Some(Ok(()))
            }
            "filter.priority" => refuse(format!(
                "'{value}' is not LOW, MEDIUM, HIGH or CRITICAL (empty for all)"
            )),
            "filter.site" | "filter.asset" if value.contains(char::is_whitespace) => {
                refuse(format!("'{value}' is not an id (empty for all)"))
            }
            "filter.site" | "filter.asset" => Some(Ok(())),
            // Scan2Evolve users are ids like `usr_002`, not numbers.
            k if k.starts_with("employee.") && value.is_empty() => {
                refuse("expected the Scan2Evolve user id (assignedTo.id)".to_owned())
            }
            k if k.starts_with("employee.") => Some(Ok(())),
            k if k.starts_with("priority.") => match value {
                "low" | "normal" | "high" | "urgent" => Some(Ok(())),
                _ => refuse(format!("'{value}' is not low, normal, high or urgent")),
            },
            _ => None,
        }
    }

    fn inbound_mappings(&self) -> &'static [&'static str] {
        &["priority"]
    }

    crate::connector::requests!();
}

const BASE: &str = "/api/v1/work-orders";

/// The message of a 403 on the downstream sync.
pub const NOT_ACTIVE: &str = "Scan2Evolve refuses the downstream sync: the downstream \
    integration is not active (Admin -> Settings -> Downstream Integration)";
/// The message of a 401 on the downstream sync.
pub const BAD_DOWNSTREAM_KEY: &str = "Scan2Evolve refuses the downstream credentials (401): \
    set the downstream_token and downstream_api_key secrets to the ones of Admin -> Settings \
    -> Downstream Integration";

fn path(id: &str) -> String {
    format!("{BASE}/{}", url_encoded(id))
}

fn sync_path(id: &str) -> String {
    format!("/api/downstream/work-orders/{}/sync", url_encoded(id))
}

/// `connector test`: one authenticated read of the list. The downstream credentials have
/// no harmless request; the first push shows whether they are accepted.
pub async fn check(remote: &mut Remote, _connector: &str) -> Result<String> {
    let body = remote
        .get(&format!("{BASE}?limit=1&offset=0"))
        .await
        .map_err(|f| match f {
            Failure::Permanent { status: 401, .. } => SyncError::SecretRefused {
                key: "api_token".to_owned(),
                message: "Scan2Evolve refuses the API token (401): set the api_token secret to a \
                          v1 API key of the organisation"
                    .to_owned(),
            },
            other => SyncError::Remote(other.message()),
        })?;
    let total = count_text(&body, "/pagination/total");
    Ok(format!(
        "reachable, API token accepted; {total} work order(s) on Scan2Evolve (the downstream \
         token and key are checked by the first sync)"
    ))
}

/// Sends what changed on one order since Scan2Evolve last heard of it.
pub async fn push(ctx: &mut Ctx<'_>, outgoing: Outgoing<'_>) -> Pushed {
    let (order, item) = (&outgoing.order, outgoing.item);
    let Some((id, mut snapshot)) = outgoing
        .remote::<Snapshot>()
        .filter(|_| order.deleted_at.is_none())
    else {
        // Made in Jobcard (no create endpoint) or deleted here: nothing to send.
        return record_sent::<Snapshot>(ctx, &order.id, item.wanted, None).await;
    };
    if outgoing.answer_lost() {
        // The last answer was lost: send only what the work order does not have yet.
        match pull::read(ctx, &path(&id)).await {
            Ok(work_order) => snapshot.observe(&work_order),
            Err(failure) => return Err(refusal(failure, &id)),
        }
    }
    let body = payload::changed(&wanted(ctx, order).await?, &snapshot.sent);
    if body.is_empty() {
        return record_sent(ctx, &order.id, item.wanted, Some((&id, &snapshot))).await;
    }
    if let Some(message) = payload::too_long(&body) {
        return Err(stop(Stop::Failed, message));
    }
    crate::record::mark_in_flight(ctx, &order.id, "sync").await?;
    let sent = Value::Object(body.clone());
    if let Err(failure) = ctx
        .remote
        .call_alternate(Method::POST, &sync_path(&id), Some(&sent))
        .await
    {
        return Err(refusal(failure, &id));
    }
    if let Some(status) = body.get("status").and_then(Value::as_str) {
        snapshot.remote_status = status.to_owned();
    }
    snapshot.sent.extend(body);
    record_sent(ctx, &order.id, item.wanted, Some((&id, &snapshot))).await
}

/// The downstream fields the order stands for now.
async fn wanted(ctx: &Ctx<'_>, order: &OrderRow) -> Pushed<Map<String, Value>> {
    let status = order.status;
    let closing = work::closing(ctx.store.readers(), order.pk).await?;
    Ok(payload::wanted(&payload::Facts {
        number: &order.number,
        status,
        closing: &closing,
        work_minutes: order.work_minutes,
        updated_at: &order.updated_at,
    }))
}

/// What the engine does with a failed read or POST.
fn refusal(failure: Failure, id: &str) -> PushError {
    let Failure::Permanent {
        status, message, ..
    } = failure
    else {
        return PushError::Remote(failure);
    };
    match status {
        403 => PushError::Paused {
            message: NOT_ACTIVE.to_owned(),
        },
        401 if message.contains("api_token") => PushError::Paused { message },
        401 => PushError::Paused {
            message: BAD_DOWNSTREAM_KEY.to_owned(),
        },
        400 => stop(
            Stop::Failed,
            format!("Scan2Evolve refused the update: {message}"),
        ),
        404 => stop(
            Stop::Attention,
            format!("work order {id} no longer exists on Scan2Evolve (404)"),
        ),
        _ => stop(
            Stop::Failed,
            format!("Scan2Evolve refused the update ({status}): {message}"),
        ),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::ConnectorSettings;
    use crate::connector::Kind;

    #[test]
    fn settings_have_defaults_and_their_own_rules() {
        let k: Kind = "scan2evolve".parse().unwrap();
        let mut s = ConnectorSettings::default();
        assert!(s.flag(k, "import"));
        assert_eq!(s.count(k, "page_size"), 200);
        assert_eq!(s.get(k, "priority.MEDIUM").as_deref(), Some("normal"));
        s.set(k, "page_size", "20").unwrap();
        assert!(s.set(k, "page_size", "201").is_err());
        assert!(s.set(k, "page_size", "0").is_err());
        s.set(k, "filter.status", "IN_PROGRESS, ON_HOLD").unwrap();
        s.set(k, "filter.status", "").unwrap();
        let err = s.set(k, "filter.status", "OPEN").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("filter.status: 'OPEN' is not one of")
        );
        s.set(k, "filter.priority", "HIGH").unwrap();
        assert!(s.set(k, "filter.priority", "NORMAL").is_err());
        s.set(k, "filter.site", "site_789").unwrap();
        s.set(k, "priority.LOW", "normal").unwrap();
        assert!(s.set(k, "priority.LOW", "LOW").is_err());
        assert!(
            s.set(k, "priority.NORMAL", "low").is_err(),
            "not a Scan2Evolve priority"
        );
        s.set(k, "labour_rate_cents", "6500").unwrap();
        assert!(s.set(k, "labour_rate_cents", "-1").is_err());
        s.set(k, "employee.Joris Bakker", "usr_002").unwrap();
        assert_eq!(s.local_user("usr_002").as_deref(), Some("Joris Bakker"));
    }
}

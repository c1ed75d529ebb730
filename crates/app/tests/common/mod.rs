//! What the sync tests against the fake remotes share: the workshop on a temp dir, a
//! connector with quick retries, one sync run, the orders, and the fake's request log.
//!
//! Why here: every connector's test needs the same setup and the same reading of a fake's
//! `/_fake/state`; only the settings, secrets and assertions are the connector's own. The
//! demo workshop the use-case tests start from is in [`demo`].

#![allow(dead_code)]

pub mod demo;

use std::sync::Arc;

use jobcard_app::dto::{ConnectorInput, OrderQuery};
use jobcard_app::{Actor, App, Clock, Progress, RunReport, SteppingClock, SystemClock};
use jobcard_fake_faults::remote::{Remote, Snapshot};
use serde_json::Value;

pub const QUIET: &(dyn Fn(&Progress) + Sync) = &|_| {};

/// A workshop on `dir` with the demo data, on a test clock that starts at the computer's time
/// and moves on only by what the engine waits (a retry, a 429, the rate limiter's pace): those
/// waits pass at once, so a run of faults costs no wall-clock time.
pub async fn workshop(dir: &std::path::Path) -> App {
    let clock = Arc::new(SteppingClock::starting_at(SystemClock.now()));
    workshop_on(dir, clock).await
}

/// A workshop on the computer's clock, for a test whose remote comes back after real time.
#[allow(dead_code)]
pub async fn workshop_on_wall_clock(dir: &std::path::Path) -> App {
    workshop_on(dir, Arc::new(SystemClock)).await
}

async fn workshop_on(dir: &std::path::Path, clock: Arc<dyn Clock>) -> App {
    let app = App::open_on_with_secret_file(
        dir,
        &jobcard_store::db::testing::database_for(dir).await.unwrap(),
        clock,
    )
    .await
    .unwrap();
    app.load_demo().await.unwrap();
    app
}

/// Settings as a connector input takes them.
pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Short backoff and timeout, so faults cost milliseconds, plus `extra`.
pub fn quick(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut set = pairs(&[
        ("backoff_base_ms", "40"),
        ("backoff_cap_ms", "300"),
        ("timeout_ms", "1000"),
    ]);
    set.extend(pairs(extra));
    set
}

/// Adds connector `name` of `kind` talking to `fake`, with `set` and the `secrets`.
pub async fn connect_to<S: Snapshot>(
    app: &App,
    fake: &Remote<S>,
    (name, kind): (&str, &str),
    set: Vec<(String, String)>,
    secrets: &[(&str, &str)],
) {
    let input = ConnectorInput {
        name: name.into(),
        kind: kind.into(),
        base_url: Some(fake.base_url()),
        set,
        enabled: None,
    };
    let owner = Actor::new("test");
    app.add_connector(&owner, &input).await.unwrap();
    for (key, value) in secrets {
        app.set_connector_secret(&owner, name, key, value)
            .await
            .unwrap();
    }
}

/// One sync run of connector `name` (at most 20 orders).
pub async fn sync_once(app: &App, name: &str) -> RunReport {
    let mut reports = app
        .run_sync(&Actor::new("test"), Some(name), Some(20), QUIET)
        .await
        .unwrap();
    reports.remove(0)
}

/// (number, status) of every live order.
pub async fn all_orders(app: &App) -> Vec<(String, String)> {
    let q = OrderQuery {
        limit: Some(200),
        ..Default::default()
    };
    app.list_orders(&q)
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| (r.number, r.status.status.as_str().to_owned()))
        .collect()
}

/// The number of the `skip`+1-th order still open (intake or scheduled).
pub async fn open_order(app: &App, skip: usize) -> String {
    all_orders(app)
        .await
        .into_iter()
        .filter(|(_, s)| s == "intake" || s == "scheduled")
        .nth(skip)
        .unwrap()
        .0
}

/// The work orders the fake holds.
pub fn work_orders<S: Snapshot>(fake: &Remote<S>) -> Vec<Value> {
    fake.snapshot()["work_orders"].as_array().unwrap().clone()
}

/// The API requests the fake logged, as JSON (`{"method", "path", ["query",] "body"}`).
pub fn logged<S: Snapshot>(fake: &Remote<S>) -> Vec<Value> {
    fake.snapshot()["requests"]["log"]
        .as_array()
        .unwrap()
        .clone()
}

/// The API requests the fake saw: (method, path, body).
pub fn log<S: Snapshot>(fake: &Remote<S>) -> Vec<(String, String, Value)> {
    logged(fake)
        .iter()
        .map(|l| {
            (
                l["method"].as_str().unwrap().to_owned(),
                l["path"].as_str().unwrap().to_owned(),
                l["body"].clone(),
            )
        })
        .collect()
}

/// The bodies of the `method` requests whose path ends with `path_end`.
pub fn bodies<S: Snapshot>(fake: &Remote<S>, method: &str, path_end: &str) -> Vec<Value> {
    log(fake)
        .into_iter()
        .filter(|(m, p, _)| m == method && p.ends_with(path_end))
        .map(|(_, _, b)| b)
        .collect()
}

/// The audit rows of one entity in the workshop's database: (actor, action, changes), oldest
/// first. Read straight from the tables, as a person inspecting them would.
pub async fn audit_rows(app: &App, entity: &str, entity_id: &str) -> Vec<(String, String, Value)> {
    let rows: Vec<(String, String, String)> = jobcard_store::query_as(
        "SELECT actor, action, changes FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id",
    )
    .bind(entity)
    .bind(entity_id)
    .fetch_all(app.store().readers())
    .await
    .unwrap();
    rows.into_iter()
        .map(|(actor, action, changes)| {
            (
                actor,
                action,
                serde_json::from_str(&changes).unwrap_or(Value::Null),
            )
        })
        .collect()
}

/// How often connector `name` recorded a refusal of remote record `remote_id`.
pub async fn refusals_recorded(app: &App, name: &str, remote_id: &str) -> usize {
    audit_rows(app, "connector", name)
        .await
        .iter()
        .filter(|(_, action, changes)| {
            action == "import_refused" && changes["remote_id"] == remote_id
        })
        .count()
}

/// Checks that connector `name` holds exactly one refused record, `remote_id`, refused for a
/// line break in what would become the order's description (the intake's own rule); returns
/// the refusals as they are, to compare with after a later pull.
pub async fn refused_once_for_a_line_break(
    app: &App,
    name: &str,
    remote_id: &str,
) -> Vec<jobcard_app::dto::ImportRefusalView> {
    let refused = app.import_refusals(&tester(), name).await.unwrap();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].remote_id, remote_id);
    assert!(
        refused[0]
            .reason
            .starts_with("description: must not contain control characters"),
        "{refused:?}"
    );
    refused
}

/// Another seat on the workshop's database (another process, as far as the lock can tell)
/// takes the lock named `key` (a file lock on SQLite, an advisory lock on PostgreSQL) and holds
/// it until the returned value is dropped.
pub async fn other_seat_holds(
    dir: &std::path::Path,
    key: &str,
) -> (jobcard_store::Store, jobcard_store::HeldLock) {
    let database = jobcard_store::db::testing::database_for(dir).await.unwrap();
    let seat = jobcard_store::Store::open_database(&database)
        .await
        .unwrap();
    let held = seat.try_lock(key).await.unwrap().expect("the lock is free");
    (seat, held)
}

/// Who the tests act as: a name without roles, which every guard lets through (as the CLI).
pub fn tester() -> Actor {
    Actor::new("test")
}

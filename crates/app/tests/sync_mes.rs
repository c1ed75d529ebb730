//! The MES connector against the fake MES (real HTTP, real SQLite file): every order lands
//! exactly once as a work order under a run of faults, the work order follows the mechanic
//! (start, PAUSED while waiting for parts, complete with the closing notes), a cancelled
//! order that never started is deleted, and a refused transition (409) stops only its order
//! for a person, without looping.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use jobcard_domain::SyncState;
use std::collections::BTreeMap;

use common::{all_orders, connect_to, log, quick, sync_once, work_orders, workshop};
use jobcard_app::dto::ClosingInput;
use jobcard_app::{Actor, App};
use jobcard_fake_mes::{FakeConfig, FakeServer, Fault};
use serde_json::Value;

async fn connect(app: &App, fake: &FakeServer) {
    let secrets = [("api_key", "mes-key\n")];
    connect_to(app, fake, ("mes", "mes"), quick(&[]), &secrets).await;
}

async fn sync(app: &App) -> jobcard_app::RunReport {
    sync_once(app, "mes").await
}

fn work_order(fake: &FakeServer, number: &str) -> Value {
    let found: Vec<Value> = work_orders(fake)
        .into_iter()
        .filter(|w| w["orderNumber"] == number)
        .collect();
    assert_eq!(found.len(), 1, "{number}: {found:?}");
    found[0].clone()
}

fn count(fake: &FakeServer, method: &str, suffix: &str) -> usize {
    log(fake)
        .iter()
        .filter(|(m, p, _)| m == method && p.ends_with(suffix))
        .count()
}

fn mes_status(local: &str) -> Option<&'static str> {
    match local {
        "intake" | "scheduled" => Some("OPEN"),
        "in_progress" => Some("IN_PROGRESS"),
        "waiting_for_parts" => Some("PAUSED"),
        "waiting_for_customer" => Some("ON_HOLD"),
        "done" | "collected" => Some("COMPLETED"),
        _ => None,
    }
}

/// One work order per order that is not cancelled, none for the cancelled, each in the
/// status Jobcard's order stands for.
async fn assert_mes_matches(app: &App, fake: &FakeServer) {
    let mut by_number: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for w in work_orders(fake) {
        by_number
            .entry(w["orderNumber"].as_str().unwrap().to_owned())
            .or_default()
            .push(w);
    }
    let orders = all_orders(app).await;
    let mut expected = 0;
    for (number, status) in &orders {
        let remote = by_number.get(number).cloned().unwrap_or_default();
        match mes_status(status) {
            Some(want) => {
                expected += 1;
                assert_eq!(remote.len(), 1, "{number} exists {} times", remote.len());
                assert_eq!(remote[0]["status"], want, "{number} ({status})");
            }
            None => assert!(remote.is_empty(), "{number} ({status}) is not in the MES"),
        }
    }
    assert_eq!(by_number.len(), expected, "no work order without an order");
}

#[tokio::test]
async fn every_order_lands_exactly_once_through_a_run_of_faults() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake).await;
    let faults = [
        Fault::Status {
            code: 500,
            times: 2,
            path_contains: None,
            method: Some("POST".into()),
        },
        Fault::DropAfterApply {
            times: 2,
            path_contains: Some("/api/v2/work-orders".into()),
            method: Some("POST".into()),
        },
        Fault::RateLimit {
            times: 1,
            retry_after: 1,
            path_contains: None,
            method: None,
        },
        Fault::Slow {
            times: 1,
            delay_ms: 1500,
            apply: true,
            path_contains: None,
            method: Some("POST".into()),
        },
        Fault::DropAfterApply {
            times: 1,
            path_contains: Some("/start".into()),
            method: Some("POST".into()),
        },
        Fault::DropAfterApply {
            times: 1,
            path_contains: Some("/complete".into()),
            method: Some("POST".into()),
        },
        Fault::Status {
            code: 503,
            times: 1,
            path_contains: None,
            method: None,
        },
    ];
    for fault in faults {
        fake.add_fault(fault);
    }
    let report = sync(&app).await;
    assert!(report.all_synced(), "{report:?}");
    assert_mes_matches(&app, &fake).await;
    assert!(
        fake.snapshot()["rate_limited"].as_i64().unwrap() >= 1,
        "the 429 was met"
    );
    // A lost start or complete answer is looked up, never sent again.
    let mut per_order: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (method, path, _) in log(&fake) {
        if method == "POST" && (path.ends_with("/start") || path.ends_with("/complete")) {
            *per_order.entry((path, method)).or_default() += 1;
        }
    }
    assert!(!per_order.is_empty());
    assert!(per_order.values().all(|n| *n == 1), "{per_order:?}");

    // The fields of one work order: product, priority, customer, due date, notes.
    let (number, _) = all_orders(&app)
        .await
        .into_iter()
        .find(|(_, s)| s == "scheduled" || s == "intake")
        .unwrap();
    let local = app.get_order(&number).await.unwrap();
    let w = work_order(&fake, &number);
    assert_eq!(w["quantity"], 1);
    assert_eq!(w["customer"], local.customer.name.as_str());
    assert_eq!(w["notes"], local.description.as_str());
    let priority = match local.priority.as_str() {
        "low" => "LOW",
        "high" => "HIGH",
        "urgent" => "CRITICAL",
        _ => "NORMAL",
    };
    assert_eq!(w["priority"], priority);
    match local.promised_date.as_deref() {
        Some(d) => assert_eq!(w["dueDate"], format!("{d}T00:00:00Z").as_str()),
        None => assert_eq!(w["dueDate"], Value::Null),
    }
    assert!(!w["product"].as_str().unwrap().is_empty());

    // Nothing changed: a second run sends nothing that changes the remote.
    let before = log(&fake).len();
    let again = sync(&app).await;
    assert!(again.all_synced(), "{again:?}");
    assert!(
        log(&fake)[before..].iter().all(|(m, _, _)| m == "GET"),
        "an idle run only reads"
    );
    fake.stop().await;
}

#[tokio::test]
async fn the_work_order_follows_the_mechanic_and_a_cancelled_one_is_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake).await;
    assert!(sync(&app).await.all_synced());
    let open: Vec<String> = all_orders(&app)
        .await
        .into_iter()
        .filter(|(_, s)| s == "intake" || s == "scheduled")
        .map(|(n, _)| n)
        .collect();
    assert!(open.len() >= 2, "{open:?}");
    let (number, other) = (open[0].clone(), open[1].clone());
    let id = work_order(&fake, &number)["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Work starts: POST start.
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    app.start_work(&joris, &number).await.unwrap();
    assert!(sync(&app).await.all_synced());
    assert_eq!(count(&fake, "POST", &format!("{id}/start")), 1);
    assert_eq!(work_order(&fake, &number)["status"], "IN_PROGRESS");

    // Waiting for parts: PUT status PAUSED (the answer lost once; sent once).
    app.pause_work(&joris, &number).await.unwrap();
    app.set_order_status(
        &joris,
        &number,
        "waiting_for_parts",
        Some("Chain ordered"),
        None,
    )
    .await
    .unwrap();
    fake.add_fault(Fault::DropAfterApply {
        times: 1,
        path_contains: None,
        method: Some("PUT".into()),
    });
    assert!(sync(&app).await.all_synced());
    let puts: Vec<Value> = log(&fake)
        .into_iter()
        .filter(|(m, p, _)| m == "PUT" && p.ends_with(&id))
        .map(|(_, _, b)| b)
        .collect();
    assert_eq!(puts.len(), 1, "{puts:?}");
    assert_eq!(puts[0]["status"], "PAUSED");
    assert_eq!(work_order(&fake, &number)["status"], "PAUSED");

    // Back to work and finished: start again, then complete with the closing notes.
    app.start_work(&joris, &number).await.unwrap();
    let closing = ClosingInput {
        resolution: Some("New chain fitted".into()),
        root_cause: Some("Wear".into()),
        notes: Some("Rear tyre will need replacing soon".into()),
    };
    app.finish_work(&joris, &number, &closing, None)
        .await
        .unwrap();
    assert!(sync(&app).await.all_synced());
    assert_eq!(count(&fake, "POST", &format!("{id}/start")), 2);
    let completes: Vec<Value> = log(&fake)
        .into_iter()
        .filter(|(m, p, _)| m == "POST" && p.ends_with(&format!("{id}/complete")))
        .map(|(_, _, b)| b)
        .collect();
    assert_eq!(completes.len(), 1);
    assert_eq!(completes[0]["completedQuantity"], 1);
    let notes = completes[0]["notes"].as_str().unwrap();
    assert!(notes.contains("New chain fitted"), "{notes}");
    assert!(
        notes.contains("Rear tyre will need replacing soon"),
        "{notes}"
    );
    let w = work_order(&fake, &number);
    assert_eq!(w["status"], "COMPLETED");
    assert_eq!(w["completedQuantity"], 1);

    // A not-started order is cancelled: DELETE (204), the work order is gone.
    let other_id = work_order(&fake, &other)["id"].as_str().unwrap().to_owned();
    app.set_order_status(&Actor::new("test"), &other, "cancelled", None, None)
        .await
        .unwrap();
    assert!(sync(&app).await.all_synced());
    assert_eq!(count(&fake, "DELETE", &other_id), 1);
    assert!(
        work_orders(&fake)
            .iter()
            .all(|w| w["orderNumber"] != other.as_str())
    );
    assert_mes_matches(&app, &fake).await;
    fake.stop().await;
}

#[tokio::test]
async fn a_refused_start_stops_the_order_for_a_person_without_looping() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake).await;
    assert!(sync(&app).await.all_synced());
    let (number, _) = all_orders(&app)
        .await
        .into_iter()
        .find(|(_, s)| s == "intake" || s == "scheduled")
        .unwrap();
    let id = work_order(&fake, &number)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Someone on the shop floor completes the work order first.
    assert!(fake.set_status(&id, "COMPLETED"));
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    app.start_work(&joris, &number).await.unwrap();
    let report = sync(&app).await;
    assert_eq!(report.attention, 1, "{report:?}");
    assert_eq!(report.pending, 0, "{report:?}");
    let item = app.order_sync(&number).await.unwrap().remove(0);
    assert_eq!(item.state, SyncState::Attention);
    let message = item.last_error.unwrap();
    assert!(
        message.contains("MES refused start: work order is COMPLETED there"),
        "{message}"
    );
    assert!(
        message.ends_with(
            "(INVALID_STATE_TRANSITION: Cannot start work order that is already completed)"
        ),
        "{message}"
    );
    assert_eq!(count(&fake, "POST", &format!("{id}/start")), 1);
    // More runs do not try again by themselves.
    sync(&app).await;
    sync(&app).await;
    assert_eq!(
        count(&fake, "POST", &format!("{id}/start")),
        1,
        "never loops"
    );
    fake.stop().await;
}

#[tokio::test]
async fn a_status_changed_in_the_mes_is_a_conflict_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake).await;
    assert!(sync(&app).await.all_synced());
    let (number, _) = all_orders(&app)
        .await
        .into_iter()
        .find(|(_, s)| s == "intake" || s == "scheduled")
        .unwrap();
    let id = work_order(&fake, &number)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(fake.set_status(&id, "ON_HOLD"));
    let report = sync(&app).await;
    assert_eq!(report.conflict, 1, "{report:?}");
    let item = app.order_sync(&number).await.unwrap().remove(0);
    assert_eq!(item.state, SyncState::Conflict);
    let message = item.last_error.unwrap();
    assert!(message.contains("ON_HOLD"), "{message}");
    assert_eq!(
        work_order(&fake, &number)["status"],
        "ON_HOLD",
        "not overwritten"
    );
    fake.stop().await;
}

#[tokio::test]
async fn a_wrong_key_and_a_validation_error_are_shown_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake).await;
    let owner = Actor::new("test");
    app.set_connector_secret(&owner, "mes", "api_key", "wrong")
        .await
        .unwrap();
    let err = app.test_connector(&owner, "mes").await.unwrap_err();
    assert!(err.message.contains("UNAUTHORIZED"), "{err:?}");
    app.set_connector_secret(&owner, "mes", "api_key", "mes-key")
        .await
        .unwrap();
    let said = app.test_connector(&owner, "mes").await.unwrap();
    assert!(said.contains("reachable"), "{said}");

    // A 400 VALIDATION_ERROR stops only that order, with the field and the reason.
    fake.add_fault(Fault::Status {
        code: 400,
        times: 1,
        path_contains: None,
        method: Some("POST".into()),
    });
    let report = sync(&app).await;
    assert_eq!(report.failed, 1, "{report:?}");
    assert_eq!(report.pending, 0, "{report:?}");
    let queue = app.sync_queue(&common::tester(), "mes").await.unwrap();
    let failed = queue.iter().find(|i| i.state == SyncState::Failed).unwrap();
    let message = failed.last_error.as_deref().unwrap();
    assert_eq!(message, "MES refused create: fault INJECTED");
    // Retried by a person, it lands once.
    app.resolve_sync(&owner, "mes", &failed.number, true)
        .await
        .unwrap();
    assert!(sync(&app).await.all_synced());
    assert_mes_matches(&app, &fake).await;
    fake.stop().await;
}

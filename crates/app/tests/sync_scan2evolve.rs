//! The Scan2Evolve connector against the fake Scan2Evolve (real HTTP, real SQLite file):
//! work orders are imported once (across pages, and under faults on the reads) as machine
//! repairs with labour lines; the mechanic's start and finish go back as one downstream sync
//! each with exactly the fields that changed, even when an answer is lost; a too-long field
//! stops the order before anything is sent; a switched-off downstream integration or a wrong
//! key pauses the connector with a plain message instead of looping; a work order closed on
//! Scan2Evolve while Jobcard works on it is a conflict.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use jobcard_domain::SyncState;
use std::collections::BTreeMap;

use common::{connect_to, log, pairs, quick, sync_once, workshop};
use jobcard_app::dto::{ClosingInput, ConnectorInput, OrderQuery};
use jobcard_app::{Actor, App};
use jobcard_fake_scan2evolve::{FakeConfig, FakeServer, Fault};
use serde_json::{Value, json};

const NOT_ACTIVE: &str = "Scan2Evolve refuses the downstream sync: the downstream integration \
    is not active (Admin -> Settings -> Downstream Integration)";

async fn connect(app: &App, fake: &FakeServer, extra: &[(&str, &str)]) {
    let mut set = quick(&[("minutely_limit", "100000")]);
    set.extend(pairs(extra));
    let secrets = [
        ("api_token", "s2e-token"),
        ("downstream_token", "s2e-downstream"),
        ("downstream_api_key", "s2e-key\n"),
    ];
    connect_to(app, fake, ("s2e", "scan2evolve"), set, &secrets).await;
}

async fn sync(app: &App) -> jobcard_app::RunReport {
    sync_once(app, "s2e").await
}

/// Syncs until a run's pull went through (a fault on a read ends that run's pull).
async fn sync_until_pulled(app: &App) -> jobcard_app::RunReport {
    for _ in 0..12 {
        let report = sync(app).await;
        if report.note.is_none() {
            return report;
        }
    }
    panic!("the pull never went through");
}

/// A work order as Scan2Evolve makes one: on `site`, with two tasks of 2 h and 1.5 h.
fn work_order(id: &str, site: &str) -> Value {
    json!({
        "id": id,
        "title": format!("Replace bearing ({id})"),
        "description": "Bearing failure detected during inspection.",
        "priority": "HIGH",
        "status": "ASSIGNED",
        "location": "Building 3, Level 2",
        "dueDate": "2026-03-15T00:00:00.000Z",
        "asset": {"id": format!("asset_{id}"), "name": "Centrifugal Pump A",
            "code": format!("PUMP-{id}"),
            "site": {"id": site, "name": format!("Warehouse {site}"), "code": "WH"}},
        "tasks": [
            {"id": "t1", "taskNumber": "TSK-1", "title": "Remove old bearing",
             "status": "ASSIGNED", "estimatedHours": 2.0},
            {"id": "t2", "taskNumber": "TSK-2", "title": "Install new bearing",
             "status": "ASSIGNED", "estimatedHours": 1.5}
        ]
    })
}

/// Every imported order: own reference -> the numbers of the orders carrying it.
async fn imported(app: &App) -> BTreeMap<String, Vec<String>> {
    let q = OrderQuery {
        limit: Some(500),
        ..Default::default()
    };
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in app.list_orders(&q).await.unwrap().rows {
        let order = app.get_order(&row.number).await.unwrap();
        if let Some(reference) = order.own_reference.filter(|r| r.starts_with("s2e:")) {
            out.entry(reference).or_default().push(row.number);
        }
    }
    out
}

async fn number_of(app: &App, id: &str) -> String {
    let found = imported(app).await.remove(&format!("s2e:{id}")).unwrap();
    assert_eq!(found.len(), 1, "{id}: {found:?}");
    found[0].clone()
}

/// The bodies of the downstream sync POSTs of one work order.
fn posts(fake: &FakeServer, id: &str) -> Vec<Value> {
    let path = format!("/api/downstream/work-orders/{id}/sync");
    log(fake)
        .into_iter()
        .filter(|(m, p, _)| m == "POST" && *p == path)
        .map(|(_, _, b)| b)
        .collect()
}

fn remote(fake: &FakeServer, id: &str) -> Value {
    fake.snapshot()["work_orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == id)
        .cloned()
        .unwrap()
}

fn keys(body: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[tokio::test]
async fn more_than_a_page_of_work_orders_is_imported_once_as_machine_repairs() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    for i in 1..=201 {
        let site = if i % 2 == 0 { "site_a" } else { "site_b" };
        fake.seed(work_order(&format!("wo_{i}"), site)).unwrap();
    }
    let mut done = work_order("wo_done", "site_a");
    done["status"] = json!("COMPLETED");
    fake.seed(done).unwrap();
    connect(&app, &fake, &[("labour_rate_cents", "6000")]).await;
    let report = sync_until_pulled(&app).await;
    assert!(report.all_synced(), "{report:?}");

    let orders = imported(&app).await;
    assert_eq!(orders.len(), 201, "every open work order, none finished");
    assert!(orders.values().all(|numbers| numbers.len() == 1));
    assert!(!orders.contains_key("s2e:wo_done"));
    let lists: Vec<String> = log(&fake)
        .into_iter()
        .filter(|(m, p, _)| m == "GET" && p == "/api/v1/work-orders")
        .map(|(_, p, _)| p)
        .collect();
    assert!(lists.len() >= 2, "two pages of at most 200: {lists:?}");

    // One order as the mechanic sees it.
    let order = app.get_order(&orders["s2e:wo_7"][0]).await.unwrap();
    assert_eq!(order.customer.name, "Warehouse site_b");
    assert_eq!(
        order.repair_object.kind,
        jobcard_domain::ObjectKind::Machine
    );
    assert_eq!(order.priority, jobcard_domain::Priority::High);
    assert_eq!(order.promised_date.as_deref(), Some("2026-03-15"));
    assert!(
        order
            .description
            .starts_with("Replace bearing (wo_7)\nBearing failure")
    );
    let lines: Vec<(&str, i64, i64)> = order
        .lines
        .iter()
        .map(|l| (l.description.as_str(), l.work_minutes, l.unit_price_cents))
        .collect();
    assert_eq!(
        lines,
        [
            ("TSK-1 Remove old bearing", 120, 12000),
            ("TSK-2 Install new bearing", 90, 9000)
        ]
    );
    // One customer per site.
    let other = app.get_order(&orders["s2e:wo_9"][0]).await.unwrap();
    assert_eq!(other.customer.id, order.customer.id);

    // A second sync imports nothing again and sends nothing.
    let reads_by_id = |fake: &FakeServer| {
        fake.snapshot()["requests"]["by_route"]["GET /api/v1/work-orders/{id}"]
            .as_u64()
            .unwrap_or(0)
    };
    assert_eq!(reads_by_id(&fake), 201);
    let again = sync_until_pulled(&app).await;
    assert!(again.all_synced(), "{again:?}");
    assert_eq!(imported(&app).await.len(), 201);
    assert_eq!(reads_by_id(&fake), 201);
    assert_eq!(fake.snapshot()["requests"]["sync_posts"], 0);
    fake.stop().await;
}

#[tokio::test]
async fn work_orders_are_imported_once_through_faults_on_the_reads() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    for i in 1..=25 {
        fake.seed(work_order(&format!("wo_{i}"), "site_a")).unwrap();
    }
    connect(&app, &fake, &[("page_size", "10")]).await;
    let by_id = Some("/api/v1/work-orders/wo_".to_owned());
    let faults = [
        Fault::Status {
            code: 500,
            times: 1,
            path_contains: None,
            method: Some("GET".into()),
        },
        Fault::DropAfterApply {
            times: 2,
            path_contains: by_id.clone(),
            method: Some("GET".into()),
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
            path_contains: by_id,
            method: Some("GET".into()),
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
    sync_until_pulled(&app).await;
    let orders = imported(&app).await;
    assert_eq!(orders.len(), 25, "{orders:?}");
    assert!(
        orders.values().all(|numbers| numbers.len() == 1),
        "{orders:?}"
    );
    assert!(fake.snapshot()["rate_limited"].as_i64().unwrap() >= 1);
    fake.stop().await;
}

#[tokio::test]
async fn the_mechanic_s_start_and_finish_go_back_once_with_exactly_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    fake.seed(work_order("wo_def456", "site_789")).unwrap();
    connect(&app, &fake, &[]).await;
    assert!(sync_until_pulled(&app).await.all_synced());
    let number = number_of(&app, "wo_def456").await;

    // Work starts: one POST with the status (and Jobcard's number, as the doc's example).
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    app.start_work(&joris, &number).await.unwrap();
    assert!(sync(&app).await.all_synced());
    let sent = posts(&fake, "wo_def456");
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(
        sent[0],
        json!({"status": "IN_PROGRESS", "externalId": number, "externalStatus": "In progress"})
    );
    assert_eq!(remote(&fake, "wo_def456")["status"], "IN_PROGRESS");

    // Done, with the closing fields; the POST's answer is lost once.
    let closing = ClosingInput {
        resolution: Some("Replaced faulty bearing and realigned shaft".into()),
        root_cause: Some("Equipment Failure".into()),
        notes: Some("Verified pump operating within spec".into()),
    };
    app.finish_work(&joris, &number, &closing, None)
        .await
        .unwrap();
    fake.add_fault(Fault::DropAfterApply {
        times: 1,
        path_contains: Some("/sync".into()),
        method: Some("POST".into()),
    });
    let report = sync(&app).await;
    assert!(report.all_synced(), "{report:?}");
    let sent = posts(&fake, "wo_def456");
    assert_eq!(
        sent.len(),
        2,
        "the lost answer was read back, not sent again: {sent:?}"
    );
    let done = &sent[1];
    assert_eq!(
        keys(done),
        [
            "actualHours",
            "closureNote",
            "completedAt",
            "externalStatus",
            "resolution",
            "rootCause",
            "status"
        ]
    );
    let order = app.get_order(&number).await.unwrap();
    let minutes = if order.actual_minutes > 0 {
        order.actual_minutes
    } else {
        order.work_minutes
    };
    assert_eq!(order.work_minutes, 210);
    let w = remote(&fake, "wo_def456");
    assert_eq!(w["status"], "COMPLETED");
    assert_eq!(w["externalId"], number.as_str());
    assert_eq!(w["externalStatus"], "Done");
    assert_eq!(w["rootCause"], "Equipment Failure");
    assert_eq!(
        w["resolution"],
        "Replaced faulty bearing and realigned shaft"
    );
    assert_eq!(w["closureNote"], "Verified pump operating within spec");
    let completed = chrono::DateTime::parse_from_rfc3339(order.completed_at.as_deref().unwrap())
        .unwrap()
        .with_timezone(&chrono::Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    assert_eq!(w["completedAt"], completed.as_str());
    let hundredths = (minutes * 100 + 30) / 60;
    assert_eq!(
        (w["actualHours"].as_f64().unwrap() * 100.0).round() as i64,
        hundredths
    );
    if minutes == 210 {
        assert_eq!(w["actualHours"].to_string(), "3.5");
    }
    assert_eq!(w["syncStatus"], "SYNCED");

    // Nothing changed: nothing is sent; orders made in Jobcard never are.
    let again = sync(&app).await;
    assert!(again.all_synced(), "{again:?}");
    assert_eq!(posts(&fake, "wo_def456").len(), 2);
    assert_eq!(fake.snapshot()["requests"]["sync_posts"], 2);
    fake.stop().await;
}

#[tokio::test]
async fn a_too_long_root_cause_stops_the_order_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    fake.seed(work_order("wo_1", "site_a")).unwrap();
    connect(&app, &fake, &[]).await;
    assert!(sync_until_pulled(&app).await.all_synced());
    let number = number_of(&app, "wo_1").await;
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    app.start_work(&joris, &number).await.unwrap();
    let closing = ClosingInput {
        resolution: Some("Fixed".into()),
        root_cause: Some("w".repeat(600)),
        notes: None,
    };
    app.finish_work(&joris, &number, &closing, None)
        .await
        .unwrap();
    let report = sync(&app).await;
    assert_eq!(report.failed, 1, "{report:?}");
    assert_eq!(report.pending, 0, "{report:?}");
    let item = app.order_sync(&number).await.unwrap().remove(0);
    assert_eq!(item.state, SyncState::Failed);
    let message = item.last_error.unwrap();
    assert!(
        message.starts_with("rootCause is 600 characters; Scan2Evolve takes at most 500"),
        "{message}"
    );
    assert!(posts(&fake, "wo_1").is_empty(), "nothing was sent");
    assert_eq!(remote(&fake, "wo_1")["status"], "ASSIGNED");
    fake.stop().await;
}

#[tokio::test]
async fn a_switched_off_downstream_integration_pauses_until_the_settings_change() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    fake.seed(work_order("wo_1", "site_a")).unwrap();
    connect(&app, &fake, &[]).await;
    assert!(sync_until_pulled(&app).await.all_synced());
    let number = number_of(&app, "wo_1").await;
    fake.set_downstream_active(false);
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    app.start_work(&joris, &number).await.unwrap();
    let report = sync(&app).await;
    assert_eq!(report.pending, 1, "{report:?}");
    assert!(report.paused_until.is_some(), "{report:?}");
    let item = app.order_sync(&number).await.unwrap().remove(0);
    assert_eq!(item.state, SyncState::Pending);
    assert_eq!(item.last_error.as_deref(), Some(NOT_ACTIVE));
    assert_eq!(posts(&fake, "wo_1").len(), 1, "refused once");

    // Paused: a second sync sends nothing at all.
    let before = log(&fake).len();
    let report = sync(&app).await;
    assert!(report.paused_until.is_some(), "{report:?}");
    assert_eq!(log(&fake).len(), before, "no request while paused");

    // The integration is switched on and the settings touched: it lands, once.
    fake.set_downstream_active(true);
    let owner = Actor::new("test");
    let input = ConnectorInput {
        name: "s2e".into(),
        kind: "scan2evolve".into(),
        base_url: None,
        set: pairs(&[("timeout_ms", "1000")]),
        enabled: None,
    };
    app.update_connector(&owner, &input).await.unwrap();
    let report = sync(&app).await;
    assert!(report.all_synced(), "{report:?}");
    let sent = posts(&fake, "wo_1");
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[1]["status"], "IN_PROGRESS");
    assert_eq!(remote(&fake, "wo_1")["status"], "IN_PROGRESS");
    fake.stop().await;
}

#[tokio::test]
async fn wrong_credentials_are_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    fake.seed(work_order("wo_1", "site_a")).unwrap();
    connect(&app, &fake, &[]).await;
    let owner = Actor::new("test");
    app.set_connector_secret(&owner, "s2e", "api_token", "wrong")
        .await
        .unwrap();
    let err = app.test_connector(&owner, "s2e").await.unwrap_err();
    assert!(err.message.contains("api_token"), "{err:?}");
    let report = sync(&app).await;
    let note = report.note.unwrap_or_default();
    assert!(note.contains("refuses the API token"), "{note}");
    app.set_connector_secret(&owner, "s2e", "api_token", "s2e-token")
        .await
        .unwrap();
    let said = app.test_connector(&owner, "s2e").await.unwrap();
    assert!(said.contains("reachable"), "{said}");
    assert!(sync_until_pulled(&app).await.all_synced());

    // A wrong downstream key: the order waits with the reason; the right key lands it.
    let number = number_of(&app, "wo_1").await;
    app.set_connector_secret(&owner, "s2e", "downstream_api_key", "wrong")
        .await
        .unwrap();
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    app.start_work(&joris, &number).await.unwrap();
    let report = sync(&app).await;
    assert_eq!(report.pending, 1, "{report:?}");
    let item = app.order_sync(&number).await.unwrap().remove(0);
    let message = item.last_error.unwrap();
    assert!(
        message.starts_with("Scan2Evolve refuses the downstream credentials (401)"),
        "{message}"
    );
    assert!(message.contains("downstream_api_key"), "{message}");
    app.set_connector_secret(&owner, "s2e", "downstream_api_key", "s2e-key")
        .await
        .unwrap();
    assert!(sync(&app).await.all_synced());
    assert_eq!(remote(&fake, "wo_1")["status"], "IN_PROGRESS");
    fake.stop().await;
}

#[tokio::test]
async fn a_work_order_completed_on_scan2evolve_while_in_progress_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    fake.seed(work_order("wo_1", "site_a")).unwrap();
    connect(&app, &fake, &[]).await;
    assert!(sync_until_pulled(&app).await.all_synced());
    let number = number_of(&app, "wo_1").await;
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    app.start_work(&joris, &number).await.unwrap();
    assert!(sync(&app).await.all_synced());
    fake.change("wo_1", json!({"status": "COMPLETED"})).unwrap();
    let report = sync(&app).await;
    assert_eq!(report.conflict, 1, "{report:?}");
    let item = app.order_sync(&number).await.unwrap().remove(0);
    assert_eq!(item.state, SyncState::Conflict);
    let message = item.last_error.unwrap();
    assert!(
        message.starts_with("Scan2Evolve marked COMPLETED work order wo_1 while"),
        "{message}"
    );
    assert_eq!(
        remote(&fake, "wo_1")["status"],
        "COMPLETED",
        "not overwritten"
    );
    // Flagged once: more syncs neither flag again nor send.
    let report = sync(&app).await;
    assert_eq!(report.conflict, 1, "{report:?}");
    assert_eq!(posts(&fake, "wo_1").len(), 1);
    // Retried by a person: Jobcard's state goes back.
    app.resolve_sync(&Actor::new("test"), "s2e", &number, true)
        .await
        .unwrap();
    assert!(sync(&app).await.all_synced());
    assert_eq!(remote(&fake, "wo_1")["status"], "IN_PROGRESS");
    fake.stop().await;
}

#[tokio::test]
async fn a_work_order_jobcard_refuses_is_recorded_once_and_the_others_come_in() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let mut bad = work_order("wo_bad", "site_1");
    bad["title"] = json!("Brake\r\nbleed");
    fake.seed(bad).unwrap();
    fake.seed(work_order("wo_good", "site_1")).unwrap();
    connect(&app, &fake, &[]).await;

    let report = sync(&app).await;
    assert_eq!(report.note, None, "the pull goes on: {report:?}");
    let found: Vec<String> = imported(&app).await.into_keys().collect();
    assert_eq!(found, vec!["s2e:wo_good".to_owned()]);
    common::refused_once_for_a_line_break(&app, "s2e", "wo_bad").await;

    // The next pull does not read it again, does not fail, and records nothing new.
    let reads = |fake: &FakeServer| {
        log(fake)
            .into_iter()
            .filter(|(m, p, _)| m == "GET" && p.ends_with("/wo_bad"))
            .count()
    };
    let before = reads(&fake);
    let report = sync(&app).await;
    assert_eq!(
        (report.note.as_deref(), report.pulled),
        (None, 0),
        "{report:?}"
    );
    assert_eq!(reads(&fake), before, "no read for a refused work order");
    assert_eq!(common::refusals_recorded(&app, "s2e", "wo_bad").await, 1);
}

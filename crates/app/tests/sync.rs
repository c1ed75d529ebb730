//! The sync engine against the fake CycleSoftware server (real HTTP, real SQLite file):
//! everything lands exactly once under a run of faults, figures match, edits go out as
//! PUTs that remove and add lines, remote status changes come back, conflicts and refusals
//! stop only their order.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use jobcard_domain::SyncState;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use common::{QUIET, all_orders, connect_to, pairs, quick, sync_once, workshop};
use jobcard_app::dto::{ConnectorInput, LineInput, OrderQuery, ScheduleInput};
use jobcard_app::{Actor, App, Clock, SteppingClock, SystemClock};
use jobcard_fake_cyclesoftware::{FakeConfig, FakeServer, Fault};
use serde_json::Value;

async fn connect(app: &App, fake: &FakeServer, extra: &[(&str, &str)]) {
    let secrets = [("username", "jobcard"), ("password", "secret\n")];
    connect_to(app, fake, ("till", "cyclesoftware"), quick(extra), &secrets).await;
}

async fn sync(app: &App) -> jobcard_app::RunReport {
    sync_once(app, "till").await
}

async fn all_numbers(app: &App) -> Vec<String> {
    all_orders(app).await.into_iter().map(|(n, _)| n).collect()
}

async fn numbers_in(app: &App, status: &str) -> Vec<String> {
    let q = OrderQuery {
        status: Some(status.into()),
        ..Default::default()
    };
    let rows = app.list_orders(&q).await.unwrap().rows;
    rows.into_iter().map(|r| r.number).collect()
}

/// The remote's active items of an order: (description, quantity, price, vat).
fn active_items(order: &Value) -> Vec<(String, i64, i64, i64)> {
    order["order_items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["item_status_id"].as_i64() != Some(5))
        .map(|i| {
            (
                i["description"].as_str().unwrap().to_owned(),
                i["quantity"].as_i64().unwrap(),
                i["price_in_vat_cents"].as_i64().unwrap(),
                i["vat_amount_cents"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// Checks the remote holds each local order exactly once with Jobcard's figures, and no
/// customer or object twice.
async fn assert_remote_equals_local(app: &App, fake: &FakeServer) {
    let state = fake.snapshot();
    let orders = state["orders"].as_array().unwrap();
    let mut by_ref: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for o in orders {
        by_ref
            .entry(o["reference_text"].as_str().unwrap().to_owned())
            .or_default()
            .push(o);
    }
    let numbers = all_numbers(app).await;
    assert_eq!(
        by_ref.len(),
        numbers.len(),
        "one remote order per local order"
    );
    for number in numbers {
        let remote = by_ref
            .get(&number)
            .unwrap_or_else(|| panic!("{number} missing remotely"));
        assert_eq!(
            remote.len(),
            1,
            "{number} exists {} times remotely",
            remote.len()
        );
        let local = app.get_order(&number).await.unwrap();
        let items = active_items(remote[0]);
        assert_eq!(items.len(), local.lines.len(), "{number}: lines");
        let total: i64 = items.iter().map(|i| i.2).sum();
        let vat: i64 = items.iter().map(|i| i.3).sum();
        assert_eq!(total, local.total_cents, "{number}: total");
        assert_eq!(vat, local.vat_cents, "{number}: VAT");
    }
    let mut refs: Vec<&str> = state["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["customer_reference"].as_str().unwrap())
        .collect();
    let n = refs.len();
    refs.sort_unstable();
    refs.dedup();
    assert_eq!(refs.len(), n, "no customer twice");
    let mut objects: Vec<(i64, String, String, String)> = state["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["customer_id"].as_i64().unwrap(),
                o["brand"].as_str().unwrap().to_owned(),
                o["model"].as_str().unwrap().to_owned(),
                o["frame_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let n = objects.len();
    objects.sort();
    objects.dedup();
    assert_eq!(objects.len(), n, "no repair object twice");
}

#[tokio::test]
async fn every_change_lands_exactly_once_through_a_run_of_faults() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[]).await;
    let faults = [
        Fault::Status {
            code: 500,
            times: 2,
            path_contains: None,
            method: Some("POST".into()),
        },
        Fault::DropAfterApply {
            times: 2,
            path_contains: Some("workshop-order".into()),
            method: Some("POST".into()),
        },
        Fault::DropAfterApply {
            times: 1,
            path_contains: Some("/api/v1/customers.json".into()),
            method: None,
        },
        Fault::Status {
            code: 503,
            times: 1,
            path_contains: None,
            method: None,
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
            path_contains: Some("workshop-order".into()),
            method: Some("POST".into()),
        },
        Fault::DropAfterApply {
            times: 1,
            path_contains: Some("objects".into()),
            method: Some("POST".into()),
        },
    ];
    for fault in faults {
        fake.add_fault(fault);
    }
    let report = sync(&app).await;
    assert!(report.all_synced(), "{report:?}");
    assert_remote_equals_local(&app, &fake).await;
    assert!(
        fake.snapshot()["rate_limited"].as_i64().unwrap() >= 1,
        "the 429 was met"
    );

    // An edit after the first sync: drop the last line, add one, move the status. The PUT
    // removes the dropped item (status 5), appends the new one and keeps the others; even
    // when its answer is lost, the new line is not added twice.
    let number = all_numbers(&app)
        .await
        .into_iter()
        .find(|n| n.ends_with("0001"))
        .unwrap_or_default();
    let number = if number.is_empty() {
        all_numbers(&app).await[0].clone()
    } else {
        number
    };
    let order = app.get_order(&number).await.unwrap();
    let mut lines: Vec<LineInput> = order
        .lines
        .iter()
        .take(order.lines.len().saturating_sub(1))
        .map(|l| LineInput {
            kind: Some(l.kind.as_str().to_owned()),
            code: l.code.clone(),
            barcode: l.barcode.clone(),
            description: Some(l.description.clone()),
            quantity: Some(l.quantity),
            unit_price_cents: Some(l.unit_price_cents),
            unit_discount_cents: Some(l.unit_discount_cents),
            discount_bp: Some(l.discount_bp),
            vat: Some(l.vat.as_str().to_owned()),
            work_minutes: Some(l.work_minutes_per_unit),
            bill_to_customer_id: l.bill_to_customer_id.clone(),
        })
        .collect();
    lines.push(LineInput {
        kind: Some("labour".into()),
        description: Some("Wheel truing".into()),
        unit_price_cents: Some(9000),
        vat: Some("low".into()),
        ..Default::default()
    });
    app.replace_lines(&Actor::new("test"), &number, &lines, None)
        .await
        .unwrap();
    fake.add_fault(Fault::DropAfterApply {
        times: 1,
        path_contains: None,
        method: Some("PUT".into()),
    });
    let report = sync(&app).await;
    assert!(report.all_synced(), "{report:?}");
    assert_remote_equals_local(&app, &fake).await;
    let state = fake.snapshot();
    let remote = state["orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["reference_text"] == number.as_str())
        .unwrap();
    let truing: Vec<_> = active_items(remote)
        .into_iter()
        .filter(|i| i.0 == "Wheel truing")
        .collect();
    assert_eq!(
        truing,
        [("Wheel truing".to_owned(), 1, 9000, 743)],
        "9000 @ 9 % carries 743"
    );
    assert!(
        !order.lines.is_empty(),
        "the edited order had lines to drop"
    );
    {
        let removed = remote["order_items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["item_status_id"] == 5)
            .count();
        assert_eq!(
            removed, 1,
            "the dropped line is marked removed, not deleted"
        );
    }
    fake.stop().await;
}

#[tokio::test]
async fn an_outage_is_waited_out_and_the_queue_drains_when_the_remote_returns() {
    let dir = tempfile::tempdir().unwrap();
    // The remote comes back after 600 ms of real time: the engine must wait on the wall clock.
    let app = common::workshop_on_wall_clock(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[]).await;
    fake.stop().await;
    // Offline: one pass sends nothing, keeps everything pending and pauses.
    let mut offline = app
        .run_sync(&Actor::new("test"), Some("till"), None, QUIET)
        .await
        .unwrap();
    let offline = offline.remove(0);
    assert_eq!(offline.sent, 0);
    assert_eq!(offline.pending, all_numbers(&app).await.len() as u64);
    let queue = app.sync_queue(&common::tester(), "till").await.unwrap();
    assert!(queue.iter().any(|i| {
        i.last_error
            .as_deref()
            .is_some_and(|e| e.contains("cannot reach"))
    }));
    let badges = app.list_orders(&OrderQuery::default()).await.unwrap();
    assert!(
        badges
            .rows
            .iter()
            .all(|r| r.sync_state == Some(SyncState::Pending))
    );
    let back = fake.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(600)).await;
        back.resume().await.unwrap();
    });
    let report = sync(&app).await;
    assert!(report.all_synced(), "{report:?}");
    assert_remote_equals_local(&app, &fake).await;
    let badges = app.list_orders(&OrderQuery::default()).await.unwrap();
    assert!(
        badges
            .rows
            .iter()
            .all(|r| r.sync_state == Some(SyncState::Synced))
    );
}

/// The engine waits on the app's clock, not the wall's: on a stepping clock a 429's two
/// minutes and backoffs of a minute and more pass at once, and the run still lands everything
/// exactly once, its retry times on that clock.
#[tokio::test]
async fn the_engine_waits_on_the_app_s_clock() {
    let dir = tempfile::tempdir().unwrap();
    let start = chrono::DateTime::parse_from_rfc3339("2026-03-02T08:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let clock = Arc::new(SteppingClock::starting_at(start));
    let app = App::open_on_with_secret_file(
        dir.path(),
        &jobcard_store::db::testing::database_for(dir.path())
            .await
            .unwrap(),
        clock.clone(),
    )
    .await
    .unwrap();
    app.load_demo().await.unwrap();
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let slow = pairs(&[
        ("backoff_base_ms", "60000"),
        ("backoff_cap_ms", "600000"),
        ("timeout_ms", "1000"),
    ]);
    let secrets = [("username", "jobcard"), ("password", "secret")];
    connect_to(&app, &fake, ("till", "cyclesoftware"), slow, &secrets).await;
    fake.add_fault(Fault::RateLimit {
        times: 1,
        retry_after: 120,
        path_contains: None,
        method: Some("POST".into()),
    });
    fake.add_fault(Fault::Status {
        code: 503,
        times: 3,
        path_contains: None,
        method: Some("POST".into()),
    });
    let mut reports = app
        .run_sync(&Actor::new("test"), Some("till"), Some(3600), QUIET)
        .await
        .unwrap();
    let report = reports.remove(0);
    assert!(report.all_synced(), "{report:?}");
    assert_remote_equals_local(&app, &fake).await;
    let waits = clock.waits();
    assert!(
        waits.iter().any(|w| *w >= Duration::from_secs(119)),
        "the 429's two minutes were waited on the clock: {waits:?}"
    );
    let passed = clock.now() - start;
    assert!(passed >= chrono::Duration::seconds(120), "{passed}");
    fake.stop().await;
}

#[tokio::test]
async fn a_payment_at_the_till_comes_back_and_a_double_change_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[]).await;
    let owner = Actor::new("test");
    let done = numbers_in(&app, "done").await;
    assert!(!done.is_empty(), "the demo has a finished order");
    let intake = numbers_in(&app, "intake").await;
    assert!(sync(&app).await.all_synced());
    let remote_id = |number: &str| -> i64 {
        fake.snapshot()["orders"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["reference_text"] == number)
            .unwrap()["workshop_order_id"]
            .as_i64()
            .unwrap()
    };
    // Paid at the till: "Afgehandeld" (8) -> collected in Jobcard, by the sync.
    assert!(fake.set_order_status(remote_id(&done[0]), 8));
    // Changed on both sides: a conflict shown on the order, nothing overwritten.
    assert!(fake.set_order_status(remote_id(&intake[0]), 9));
    plan_tomorrow(&app, &owner, &intake[0]).await;
    let report = app
        .run_sync(&owner, Some("till"), None, QUIET)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(report.pulled, 2, "{report:?}");
    assert_eq!(
        app.get_order(&done[0])
            .await
            .unwrap()
            .status
            .status
            .as_str(),
        "collected"
    );
    assert_eq!(
        app.get_order(&intake[0])
            .await
            .unwrap()
            .status
            .status
            .as_str(),
        "scheduled"
    );
    let states = app.order_sync(&intake[0]).await.unwrap();
    assert_eq!(states[0].state, SyncState::Conflict);
    assert!(
        states[0]
            .last_error
            .as_deref()
            .unwrap()
            .contains("status changed on both sides"),
        "{states:?}"
    );
    // A person decides: retry sends Jobcard's version.
    app.resolve_sync(&owner, "till", &intake[0], true)
        .await
        .unwrap();
    let report = sync(&app).await;
    assert!(report.all_synced(), "{report:?}");
    let state = fake.snapshot();
    let remote = state["orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["reference_text"] == intake[0].as_str())
        .unwrap();
    assert_eq!(remote["status_id"], 2, "Jobcard's 'scheduled' went out");
}

#[tokio::test]
async fn refusals_and_missing_mappings_stop_only_their_order_and_vat_differences_are_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    // The high rate sent as CycleSoftware's low code: the remote computes other VAT.
    connect(
        &app,
        &fake,
        &[("vat.high", "1"), ("employee.Joris Bakker", "99")],
    )
    .await;
    let report = sync(&app).await;
    assert!(!report.all_synced());
    let queue = app.sync_queue(&common::tester(), "till").await.unwrap();
    let refused: Vec<_> = queue
        .iter()
        .filter(|i| i.state == SyncState::Failed)
        .collect();
    assert!(!refused.is_empty(), "{queue:?}");
    assert!(
        refused.iter().all(|i| i
            .last_error
            .as_deref()
            .unwrap()
            .contains("mechanic_employee_id")),
        "{refused:?}"
    );
    let flagged: Vec<_> = queue
        .iter()
        .filter(|i| i.state == SyncState::Attention)
        .collect();
    assert!(
        flagged.iter().any(|i| i
            .last_error
            .as_deref()
            .unwrap()
            .starts_with("VAT differs from CycleSoftware's")),
        "{queue:?}"
    );
    assert!(report.sent > 0, "other orders went through: {report:?}");
    // Fixing the mapping and retrying sends the refused ones.
    let fix = ConnectorInput {
        name: "till".into(),
        set: vec![
            ("employee.Joris Bakker".into(), "12".into()),
            ("vat.high".into(), "2".into()),
        ],
        ..Default::default()
    };
    app.update_connector(&Actor::new("test"), &fix)
        .await
        .unwrap();
    for item in app.sync_queue(&common::tester(), "till").await.unwrap() {
        app.resolve_sync(&Actor::new("test"), "till", &item.number, true)
            .await
            .unwrap();
    }
    let report = sync(&app).await;
    assert!(report.all_synced(), "{report:?}");
    assert_remote_equals_local(&app, &fake).await;
}

#[tokio::test]
async fn wrong_credentials_are_a_refusal_with_the_remotes_message() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[]).await;
    app.set_connector_secret(&Actor::new("test"), "till", "password", "wrong")
        .await
        .unwrap();
    let err = app
        .test_connector(&Actor::new("test"), "till")
        .await
        .unwrap_err();
    assert!(err.message.contains("Unauthorized"), "{err:?}");
    let views = app.connectors(&common::tester()).await.unwrap();
    assert_eq!(
        views[0].secrets.iter().map(|s| s.set).collect::<Vec<_>>(),
        [true, true]
    );
    assert!(
        !serde_json::to_string(&views).unwrap().contains("wrong"),
        "no secret in the view"
    );
    app.set_connector_secret(&Actor::new("test"), "till", "password", "secret")
        .await
        .unwrap();
    let said = app
        .test_connector(&Actor::new("test"), "till")
        .await
        .unwrap();
    assert!(said.contains("7 Reparatie voltooid"), "{said}");
}

#[tokio::test]
async fn a_spent_daily_budget_is_kept_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeServer::start(FakeConfig {
        daily_limit: 8,
        ..FakeConfig::default()
    })
    .await
    .unwrap();
    {
        let app = workshop(dir.path()).await;
        connect(&app, &fake, &[]).await;
        let report = app
            .run_sync(&Actor::new("test"), Some("till"), None, QUIET)
            .await
            .unwrap()
            .remove(0);
        assert!(
            report.pending > 0,
            "8 requests do not carry 10 orders: {report:?}"
        );
        assert!(
            report.paused_until.is_some(),
            "the spent day pauses the connector: {report:?}"
        );
        app.close().await;
    }
    let served = fake.snapshot()["requests"]["total"].as_i64().unwrap();
    // A new process on the same file: it remembers the day is spent and sends nothing.
    let app = App::open_on_with_secret_file(
        dir.path(),
        &jobcard_store::db::testing::database_for(dir.path())
            .await
            .unwrap(),
        Arc::new(SystemClock),
    )
    .await
    .unwrap();
    let report = app
        .run_sync(&Actor::new("test"), Some("till"), None, QUIET)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(report.requests, 0, "{report:?}");
    assert!(report.paused_until.is_some());
    assert_eq!(
        fake.snapshot()["requests"]["total"].as_i64().unwrap(),
        served
    );
    assert_eq!(
        fake.snapshot()["rate_limited"].as_i64().unwrap(),
        0,
        "the budget was never overrun"
    );
    let views = app.connectors(&common::tester()).await.unwrap();
    assert!(
        views[0].paused_until.is_some(),
        "the Sync screen shows the pause"
    );
}

/// Creates a customer, a bike and a workshop order on the fake as the till would.
async fn order_made_at_the_till(fake: &FakeServer) -> i64 {
    let http = reqwest::Client::new();
    let post = |path: &str, body: Value| {
        http.post(format!("{}{path}", fake.base_url()))
            .basic_auth("jobcard", Some("secret"))
            .json(&body)
            .send()
    };
    let customer: Value = post(
        "/api/v1/customers.json",
        serde_json::json!({"name": "Jansen", "first_name": "Wim", "email": "wim@example.nl",
            "phone_numbers": [{"phone_number_id": "mob", "phone_number": "06-11223344"}]}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let cid = customer["customer_id"].as_i64().unwrap();
    let object: Value = post(
        &format!("/api/v1/customers/{cid}/objects.json"),
        serde_json::json!({"brand": "Batavus", "model": "Finez", "frame_id": "BT-TILL-77"}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let order: Value = post(
        &format!("/api/v1/customers/{cid}/workshop-order.json"),
        serde_json::json!({
            "repair_object_id": object["object_id"], "reference_text": "till-4711",
            "repair_description": "Sold at the till: fit a child seat", "status_id": 2,
            "datetime_scheduled_start": "2026-12-01 10:00:00", "mechanic_employee_id": 13,
            "order_items": [
                {"item_type_id": 1, "quantity": 1, "barcode": "CS-SEAT", "description": "Child seat",
                 "unit_price_in_vat_cents": 12000, "price_in_vat_cents": 12000, "vat_code": 2},
                {"item_type_id": 4, "quantity": 1, "barcode": "", "description": "Fitting",
                 "unit_price_in_vat_cents": 9000, "price_in_vat_cents": 9000, "vat_code": 1,
                 "unit_work_time_minutes": 30}
            ]
        }),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    order["workshop_order_id"].as_i64().unwrap()
}

#[tokio::test]
async fn an_order_made_at_the_till_is_imported_once_and_then_kept_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[("import", "true")]).await;
    let remote_id = order_made_at_the_till(&fake).await;
    let report = sync(&app).await;
    assert!(report.all_synced(), "{report:?}");
    let found = app
        .list_orders(&OrderQuery {
            search: Some("Jansen".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found.rows.len(), 1, "imported once");
    let number = found.rows[0].number.clone();
    assert_eq!(found.rows[0].sync_state, Some(SyncState::Synced));
    let order = app.get_order(&number).await.unwrap();
    assert_eq!(
        order.own_reference.as_deref(),
        Some(format!("till:{remote_id}").as_str())
    );
    assert_eq!(
        order.status.status.as_str(),
        "scheduled",
        "status 2 maps to scheduled"
    );
    assert_eq!(
        order.mechanic.as_deref(),
        Some("Fatima El Amrani"),
        "employee 13 by name"
    );
    assert_eq!(order.total_cents, 21000);
    assert_eq!(order.vat_cents, 2083 + 743, "12000 @ 21 % and 9000 @ 9 %");
    assert_eq!(order.customer.name, "Wim Jansen");
    assert_eq!(
        order.repair_object.frame_number.as_deref(),
        Some("BT-TILL-77")
    );

    // A second pull imports nothing, and the import is not echoed back as a new order.
    let orders_before = fake.snapshot()["orders"].as_array().unwrap().len();
    let report = app
        .run_sync(&Actor::new("test"), Some("till"), None, QUIET)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(report.pulled, 0, "{report:?}");
    assert_eq!(report.sent, 0, "{report:?}");
    assert_eq!(
        fake.snapshot()["orders"].as_array().unwrap().len(),
        orders_before
    );

    // A change in Jobcard goes to the same remote order.
    app.set_order_status(&Actor::new("test"), &number, "in_progress", None, None)
        .await
        .unwrap();
    assert!(sync(&app).await.all_synced());
    let state = fake.snapshot();
    let orders = state["orders"].as_array().unwrap();
    assert_eq!(orders.len(), orders_before);
    let remote = orders
        .iter()
        .find(|o| o["workshop_order_id"] == remote_id)
        .unwrap();
    assert_eq!(remote["status_id"], 3);
    assert_eq!(active_items(remote).len(), 2, "no line sent twice");
}

#[tokio::test]
async fn a_marked_scope_sends_only_the_orders_marked_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[("scope", "marked")]).await;
    let report = sync(&app).await;
    assert_eq!((report.sent, report.pending), (0, 0), "{report:?}");
    assert!(fake.snapshot()["orders"].as_array().unwrap().is_empty());
    let number = all_numbers(&app).await[3].clone();
    assert!(!app.sync_marks(&number).await.unwrap()[0].marked);
    let marks = app
        .set_sync_mark(&Actor::new("test"), &number, "till", true)
        .await
        .unwrap();
    assert!(marks[0].marked);
    let report = sync(&app).await;
    assert_eq!(report.sent, 1, "{report:?}");
    let state = fake.snapshot();
    let orders = state["orders"].as_array().unwrap();
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0]["reference_text"], number.as_str());
    let history = app.get_order(&number).await.unwrap().history;
    assert!(
        history.iter().any(|h| h.action == "sync_marked"),
        "the mark is in the history"
    );
}

#[tokio::test]
async fn several_edits_before_a_send_go_out_as_one_update_and_roles_are_enforced() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[]).await;
    assert!(sync(&app).await.all_synced());
    let number = numbers_in(&app, "intake").await[0].clone();
    let owner = Actor::new("test");
    plan_tomorrow(&app, &owner, &number).await;
    app.set_order_status(&owner, &number, "in_progress", None, None)
        .await
        .unwrap();
    app.set_order_status(
        &owner,
        &number,
        "waiting_for_parts",
        Some("Chain on order"),
        None,
    )
    .await
    .unwrap();
    let puts = |fake: &FakeServer| {
        fake.snapshot()["requests"]["by_route"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(route, _)| route.starts_with("PUT"))
            .map(|(_, n)| n.as_i64().unwrap())
            .sum::<i64>()
    };
    let before = puts(&fake);
    let report = app
        .run_sync(&owner, Some("till"), None, QUIET)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(report.sent, 1, "{report:?}");
    assert_eq!(
        puts(&fake) - before,
        1,
        "three edits, one PUT with the latest state"
    );
    let state = fake.snapshot();
    let remote = state["orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["reference_text"] == number.as_str())
        .unwrap();
    assert_eq!(remote["status_id"], 4, "waiting for parts");

    // A mechanic may neither change connectors nor run a sync; nothing is written.
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    let input = ConnectorInput {
        name: "other".into(),
        kind: "cyclesoftware".into(),
        base_url: Some(fake.base_url()),
        ..Default::default()
    };
    let refused = app.add_connector(&joris, &input).await.unwrap_err();
    assert!(
        refused.message.starts_with("not allowed for role"),
        "{refused:?}"
    );
    assert!(app.run_sync(&joris, None, None, QUIET).await.is_err());
    assert!(
        app.set_connector_secret(&joris, "till", "password", "x")
            .await
            .is_err()
    );
    assert_eq!(app.connectors(&common::tester()).await.unwrap().len(), 1);
}

#[tokio::test]
async fn only_one_process_syncs_a_connector_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[]).await;
    // Another process (the window, or another seat) holds the connector's lock.
    let other = common::other_seat_holds(dir.path(), "sync-till").await;
    let report = app
        .run_sync(&Actor::new("test"), Some("till"), None, QUIET)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(report.sent, 0, "{report:?}");
    assert!(
        report
            .note
            .as_deref()
            .unwrap()
            .contains("another Jobcard process"),
        "{report:?}"
    );
    assert_eq!(fake.snapshot()["requests"]["total"], 0);
    drop(other);
    assert!(sync(&app).await.all_synced());
    assert_remote_equals_local(&app, &fake).await;
}

/// A workshop order made at the till with this description, for a customer and bike of its
/// own; returns its id.
async fn till_order(fake: &FakeServer, name: &str, description: &str) -> i64 {
    let http = reqwest::Client::new();
    let post = |path: &str, body: Value| {
        http.post(format!("{}{path}", fake.base_url()))
            .basic_auth("jobcard", Some("secret"))
            .json(&body)
            .send()
    };
    let customer: Value = post("/api/v1/customers.json", serde_json::json!({"name": name}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cid = customer["customer_id"].as_i64().unwrap();
    let object: Value = post(
        &format!("/api/v1/customers/{cid}/objects.json"),
        serde_json::json!({"brand": "Gazelle", "frame_id": format!("FR-{name}")}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let order: Value = post(
        &format!("/api/v1/customers/{cid}/workshop-order.json"),
        serde_json::json!({"repair_object_id": object["object_id"],
            "reference_text": format!("till-{name}"),
            "repair_description": description, "status_id": 2}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    order["workshop_order_id"].as_i64().unwrap()
}

#[tokio::test]
async fn an_order_from_the_till_that_jobcard_refuses_is_recorded_once_and_the_others_come_in() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[("import", "true")]).await;
    let bad = till_order(&fake, "Bakker", "Brake\r\nbleed").await;
    let good = till_order(&fake, "Visser", "Fit a bell").await;

    let report = sync(&app).await;
    assert_eq!(report.note, None, "the pull goes on: {report:?}");
    let mut imported = Vec::new();
    for (number, _) in all_orders(&app).await {
        let reference = app.get_order(&number).await.unwrap().own_reference;
        imported.extend(reference.filter(|r| r.starts_with("till:")));
    }
    assert_eq!(imported, vec![format!("till:{good}")]);
    common::refused_once_for_a_line_break(&app, "till", &bad.to_string()).await;

    // The next pull skips it without reading its customer again, and records nothing new.
    // (Only the refused order's import reads a customer by id here.)
    let reads = |fake: &FakeServer| {
        fake.snapshot()["requests"]["by_route"]["GET /api/v1/customers/{id}.json"]
            .as_i64()
            .unwrap_or(0)
    };
    let before = reads(&fake);
    let report = sync(&app).await;
    assert_eq!(
        (report.note.as_deref(), report.pulled),
        (None, 0),
        "{report:?}"
    );
    assert_eq!(reads(&fake), before, "no read for a refused order");
    assert_eq!(
        common::refusals_recorded(&app, "till", &bad.to_string()).await,
        1
    );
}

/// Schedules an order the way the counter does: planned at a time (tomorrow 10:00 shop time),
/// since an order is never scheduled by its status alone.
async fn plan_tomorrow(app: &App, actor: &Actor, number: &str) {
    let tomorrow = SystemClock.now().date_naive() + chrono::Days::new(1);
    let plan = ScheduleInput {
        mechanic: None,
        start: Some(format!("{tomorrow}T10:00")),
        confirm: Some(true),
    };
    app.schedule_order(actor, number, &plan, None)
        .await
        .unwrap();
}

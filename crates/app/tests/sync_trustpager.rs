//! The TrustPager connector against the fake TrustPager (real HTTP, real SQLite file): every
//! order lands exactly once as a work order under a run of faults and holds Jobcard's status,
//! schedule and assignee; a PATCH carries only what changed; an unmapped mechanic stops the
//! order with the setting to add; a cancelled order is deleted (or set Cancelled); a status
//! changed in the CRM is taken over or flagged; a work order made in the CRM is imported
//! once; send-work-status answers in plain words; a wrong key says so.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use jobcard_domain::SyncState;
use std::collections::BTreeMap;

use chrono_tz::Tz;
use common::{
    QUIET, all_orders, bodies, connect_to, log, open_order, pairs, quick, work_orders, workshop,
};
use jobcard_app::dto::{ConnectorInput, ScheduleInput};
use jobcard_app::{Actor, App, Clock, SystemClock};
use jobcard_fake_trustpager::{FakeConfig, FakeServer, Fault, USERS};
use jobcard_store::sql::{orders, parties};
use serde_json::{Value, json};

const AMSTERDAM: Tz = chrono_tz::Europe::Amsterdam;

fn user(name: &str) -> &'static str {
    USERS.iter().find(|(_, n)| *n == name).unwrap().0
}

async fn connect(app: &App, fake: &FakeServer, unmapped: &[&str], extra: &[(&str, &str)]) {
    let mut set = quick(&[]);
    for (id, name) in USERS {
        if !unmapped.contains(&name) {
            set.push((format!("employee.{name}"), id.to_owned()));
        }
    }
    set.extend(pairs(extra));
    let secrets = [("api_key", "tp-key\n")];
    connect_to(app, fake, ("tp", "trustpager"), set, &secrets).await;
}

async fn set(app: &App, list: &[(&str, &str)]) {
    let input = ConnectorInput {
        name: "tp".into(),
        kind: "trustpager".into(),
        base_url: None,
        set: pairs(list),
        enabled: None,
    };
    app.update_connector(&Actor::new("test"), &input)
        .await
        .unwrap();
}

async fn sync(app: &App) -> jobcard_app::RunReport {
    common::sync_once(app, "tp").await
}

fn number_of(w: &Value) -> String {
    w["title"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

fn work_order(fake: &FakeServer, number: &str) -> Value {
    let found: Vec<Value> = work_orders(fake)
        .into_iter()
        .filter(|w| number_of(w) == number)
        .collect();
    assert_eq!(found.len(), 1, "{number}: {found:?}");
    found[0].clone()
}

fn label(local: &str) -> Option<&'static str> {
    match local {
        "intake" => Some("Pending"),
        "scheduled" => Some("Scheduled"),
        "in_progress" => Some("In Progress"),
        "waiting_for_parts" | "waiting_for_customer" => Some("On Hold"),
        "done" | "collected" => Some("Completed"),
        _ => None,
    }
}

/// What TrustPager should hold for an order: (date, time, assignee).
async fn expected(app: &App, number: &str) -> (Value, Value, Value) {
    let db = app.store().readers();
    let row = orders::by_number(db, number).await.unwrap().unwrap();
    let assignee = match row.mechanic_id.as_deref() {
        Some(id) => {
            let name = parties::employee_by_id(db, id).await.unwrap().unwrap().name;
            json!(user(&name))
        }
        None => Value::Null,
    };
    let (date, time) = match row.scheduled_start.as_deref() {
        None => (Value::Null, Value::Null),
        Some(day) if day.len() == 10 => (json!(day), Value::Null),
        Some(start) => {
            let local = chrono::DateTime::parse_from_rfc3339(start)
                .unwrap()
                .with_timezone(&AMSTERDAM);
            let date = json!(local.format("%Y-%m-%d").to_string());
            if row.scheduled_all_day {
                (date, Value::Null)
            } else {
                (date, json!(local.format("%H:%M:%S").to_string()))
            }
        }
    };
    (date, time, assignee)
}

/// One work order per order that is not cancelled, none for the cancelled, each holding
/// Jobcard's status, schedule and assignee.
async fn assert_trustpager_matches(app: &App, fake: &FakeServer) {
    let mut by_number: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for w in work_orders(fake) {
        by_number.entry(number_of(&w)).or_default().push(w);
    }
    let mut expected_count = 0;
    for (number, status) in all_orders(app).await {
        let remote = by_number.get(&number).cloned().unwrap_or_default();
        let Some(want) = label(&status) else {
            assert!(
                remote.is_empty(),
                "{number} ({status}) is not in TrustPager"
            );
            continue;
        };
        expected_count += 1;
        assert_eq!(remote.len(), 1, "{number} exists {} times", remote.len());
        let w = &remote[0];
        assert_eq!(w["status"], want, "{number} ({status})");
        let (date, time, assignee) = expected(app, &number).await;
        assert_eq!(w["schedule_date"], date, "{number}");
        assert_eq!(w["schedule_time"], time, "{number}");
        assert_eq!(w["assigned_to"], assignee, "{number}");
    }
    assert_eq!(
        by_number.len(),
        expected_count,
        "no work order without an order"
    );
}

#[tokio::test]
async fn every_order_lands_exactly_once_through_a_run_of_faults() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[], &[]).await;
    let faults = [
        Fault::Status {
            code: 500,
            times: 2,
            path_contains: None,
            method: Some("POST".into()),
        },
        Fault::DropAfterApply {
            times: 2,
            path_contains: Some("/work-orders".into()),
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
    assert_trustpager_matches(&app, &fake).await;
    assert!(fake.snapshot()["rate_limited"].as_i64().unwrap() >= 1);

    // The title and description of one work order.
    let number = open_order(&app, 0).await;
    let local = app.get_order(&number).await.unwrap();
    let w = work_order(&fake, &number);
    let title = w["title"].as_str().unwrap();
    assert!(
        title.starts_with(&format!("{number} {} – ", local.customer.name)),
        "{title}"
    );
    assert_eq!(w["description"], local.description.as_str());

    // Changes go out under lost answers (PATCH applied, answer dropped; server down): sent
    // once each.
    let id = w["id"].as_str().unwrap().to_owned();
    let owner = Actor::new("test");
    app.set_order_status(&owner, &number, "in_progress", None, None)
        .await
        .unwrap();
    fake.add_fault(Fault::DropAfterApply {
        times: 1,
        path_contains: None,
        method: Some("PATCH".into()),
    });
    assert!(sync(&app).await.all_synced());
    assert_eq!(
        bodies(&fake, "PATCH", &id).len(),
        1,
        "a lost PATCH is not sent again"
    );
    fake.stop().await;
    let other = open_order(&app, 0).await;
    app.set_order_status(&owner, &other, "in_progress", None, None)
        .await
        .unwrap();
    let down = sync_once(&app).await;
    assert_eq!(down.pending, 1, "{down:?}");
    fake.resume().await.unwrap();
    assert!(sync(&app).await.all_synced());
    assert_trustpager_matches(&app, &fake).await;

    // Nothing changed: a second run only reads.
    let before = log(&fake).len();
    assert!(sync(&app).await.all_synced());
    assert!(log(&fake)[before..].iter().all(|(m, _, _)| m == "GET"));
    fake.stop().await;
}

async fn sync_once(app: &App) -> jobcard_app::RunReport {
    let mut reports = app
        .run_sync(&Actor::new("test"), Some("tp"), None, QUIET)
        .await
        .unwrap();
    reports.remove(0)
}

#[tokio::test]
async fn a_patch_carries_only_what_changed_and_the_schedule_follows_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[], &[]).await;
    assert!(sync(&app).await.all_synced());
    let number = open_order(&app, 0).await;
    let id = work_order(&fake, &number)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let owner = Actor::new("test");
    let day = (SystemClock.now() + chrono::Duration::days(30)).date_naive();

    // A timed slot on Fatima: date, time (shop time) and assignee; nothing else.
    let start = format!("{day}T10:00:00Z");
    let plan = ScheduleInput {
        mechanic: Some("Fatima El Amrani".into()),
        start: Some(start.clone()),
        confirm: Some(true),
    };
    app.schedule_order(&owner, &number, &plan, None)
        .await
        .unwrap();
    assert!(sync(&app).await.all_synced());
    let patches = bodies(&fake, "PATCH", &id);
    assert_eq!(patches.len(), 1, "{patches:?}");
    let body = patches[0].as_object().unwrap();
    assert!(
        body.get("title").is_none() && body.get("description").is_none(),
        "{body:?}"
    );
    let local = chrono::DateTime::parse_from_rfc3339(&start)
        .unwrap()
        .with_timezone(&AMSTERDAM);
    let w = work_order(&fake, &number);
    assert_eq!(w["schedule_date"], local.format("%Y-%m-%d").to_string());
    assert_eq!(w["schedule_time"], local.format("%H:%M:%S").to_string());
    assert_eq!(w["assigned_to"], user("Fatima El Amrani"));
    assert_eq!(w["status"], "Scheduled");

    // All day: only the date and a null time.
    let plan = ScheduleInput {
        mechanic: Some("Fatima El Amrani".into()),
        start: Some(day.succ_opt().unwrap().to_string()),
        confirm: Some(true),
    };
    app.schedule_order(&owner, &number, &plan, None)
        .await
        .unwrap();
    assert!(sync(&app).await.all_synced());
    let patches = bodies(&fake, "PATCH", &id);
    assert_eq!(patches.len(), 2);
    assert_eq!(
        patches[1],
        json!({"schedule_date": day.succ_opt().unwrap().to_string(), "schedule_time": null})
    );

    // Unplanned and unassigned: both cleared (blank), the assignee null, and the order back
    // in intake (never scheduled without a start), which TrustPager calls Pending.
    let plan = ScheduleInput {
        mechanic: Some(String::new()),
        start: Some(String::new()),
        confirm: None,
    };
    app.schedule_order(&owner, &number, &plan, None)
        .await
        .unwrap();
    assert!(sync(&app).await.all_synced());
    let patches = bodies(&fake, "PATCH", &id);
    assert_eq!(patches.len(), 3);
    assert_eq!(
        patches[2],
        json!({"schedule_date": null, "assigned_to": null, "status": "Pending"})
    );
    let w = work_order(&fake, &number);
    assert_eq!(w["schedule_date"], Value::Null);
    assert_eq!(w["schedule_time"], Value::Null);
    assert_eq!(w["assigned_to"], Value::Null);
    assert_trustpager_matches(&app, &fake).await;
    fake.stop().await;
}

#[tokio::test]
async fn an_unmapped_mechanic_stops_the_order_until_the_mapping_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &["Pieter Visser"], &[]).await;
    let report = sync(&app).await;
    assert!(report.failed >= 1, "{report:?}");
    assert_eq!(report.pending, 0, "{report:?}");
    let queue = app.sync_queue(&common::tester(), "tp").await.unwrap();
    let failed: Vec<_> = queue
        .iter()
        .filter(|i| i.state == SyncState::Failed)
        .collect();
    for item in &failed {
        let message = item.last_error.as_deref().unwrap();
        assert!(
            message.contains("mechanic Pieter Visser has no TrustPager user")
                && message.contains("employee.Pieter Visser=USER_UUID"),
            "{message}"
        );
        assert!(
            work_orders(&fake)
                .iter()
                .all(|w| number_of(w) != item.number)
        );
    }
    set(&app, &[("employee.Pieter Visser", user("Pieter Visser"))]).await;
    let owner = Actor::new("test");
    for item in &failed {
        app.resolve_sync(&owner, "tp", &item.number, true)
            .await
            .unwrap();
    }
    assert!(sync(&app).await.all_synced());
    assert_trustpager_matches(&app, &fake).await;
    fake.stop().await;
}

#[tokio::test]
async fn a_cancelled_order_is_deleted_or_set_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[], &[]).await;
    assert!(sync(&app).await.all_synced());
    let owner = Actor::new("test");
    let first = open_order(&app, 0).await;
    let first_id = work_order(&fake, &first)["id"].as_str().unwrap().to_owned();
    app.set_order_status(&owner, &first, "cancelled", None, None)
        .await
        .unwrap();
    assert!(sync(&app).await.all_synced());
    assert_eq!(bodies(&fake, "DELETE", &first_id).len(), 1);
    assert!(work_orders(&fake).iter().all(|w| number_of(w) != first));

    set(&app, &[("delete_on_cancel", "false")]).await;
    let second = open_order(&app, 0).await;
    let second_id = work_order(&fake, &second)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.set_order_status(&owner, &second, "cancelled", None, None)
        .await
        .unwrap();
    assert!(sync(&app).await.all_synced());
    assert!(bodies(&fake, "DELETE", &second_id).is_empty());
    assert_eq!(
        bodies(&fake, "PATCH", &second_id),
        vec![json!({"status": "Cancelled"})]
    );
    assert_eq!(work_order(&fake, &second)["status"], "Cancelled");
    fake.stop().await;
}

#[tokio::test]
async fn a_status_changed_in_trustpager_is_taken_over_or_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[], &[]).await;
    assert!(sync(&app).await.all_synced());
    let (number, _) = all_orders(&app)
        .await
        .into_iter()
        .find(|(_, s)| s == "scheduled")
        .unwrap();
    let id = work_order(&fake, &number)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // In Progress in the CRM: the workflow allows it, so Jobcard takes it over.
    assert!(fake.set_status(&id, "in progress"));
    let report = sync(&app).await;
    assert!(report.all_synced(), "{report:?}");
    assert_eq!(
        app.get_order(&number).await.unwrap().status.status.as_str(),
        "in_progress"
    );
    assert!(
        bodies(&fake, "PATCH", &id).is_empty(),
        "nothing echoed back"
    );

    // Completed in the CRM on an order at intake or scheduled: not a step Jobcard's workflow
    // allows, so a conflict on the order, and TrustPager's status is left as it is.
    let other = open_order(&app, 0).await;
    let other_id = work_order(&fake, &other)["id"].as_str().unwrap().to_owned();
    assert!(fake.set_status(&other_id, "Completed"));
    let report = sync(&app).await;
    assert_eq!(report.conflict, 1, "{report:?}");
    let item = app.order_sync(&other).await.unwrap().remove(0);
    assert_eq!(item.state, SyncState::Conflict);
    let message = item.last_error.unwrap();
    assert!(message.contains("to 'Completed'"), "{message}");
    assert_eq!(
        work_order(&fake, &other)["status"],
        "Completed",
        "not overwritten"
    );
    assert!(bodies(&fake, "PATCH", &other_id).is_empty());
    fake.stop().await;
}

#[tokio::test]
async fn a_work_order_made_in_the_crm_is_imported_once() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[], &[("import", "true")]).await;
    assert!(sync(&app).await.all_synced());
    let before: Vec<String> = all_orders(&app).await.into_iter().map(|(n, _)| n).collect();
    let day = (SystemClock.now() + chrono::Duration::days(20)).date_naive();
    let made = fake
        .crm_create(
            json!({"title": "Gate repair for De Vries", "description": "Fix the shed gate",
                "status": "scheduled", "schedule_date": day.to_string(),
                "schedule_time": "10:00:00", "assigned_to": user("Joris Bakker"),
                "deal_product_id": "deal-42"})
            .as_object()
            .unwrap()
            .clone(),
        )
        .unwrap();
    let id = made["id"].as_str().unwrap().to_owned();
    assert!(sync(&app).await.all_synced());
    assert!(sync(&app).await.all_synced());
    let new: Vec<(String, String)> = all_orders(&app)
        .await
        .into_iter()
        .filter(|(n, _)| !before.contains(n))
        .collect();
    assert_eq!(new.len(), 1, "imported once: {new:?}");
    let (number, status) = new[0].clone();
    assert_eq!(status, "scheduled");
    let order = app.get_order(&number).await.unwrap();
    assert_eq!(order.description, "Fix the shed gate");
    let (date, time, assignee) = expected(&app, &number).await;
    assert_eq!((date, time), (json!(day.to_string()), json!("10:00:00")));
    assert_eq!(assignee, json!(user("Joris Bakker")));
    assert_eq!(
        work_orders(&fake).len(),
        before.len() + 1 - cancelled(&app).await
    );

    // A later local change PATCHes that work order, and keeps the CRM's title.
    app.set_order_status(&Actor::new("test"), &number, "in_progress", None, None)
        .await
        .unwrap();
    assert!(sync(&app).await.all_synced());
    assert_eq!(
        bodies(&fake, "PATCH", &id),
        vec![json!({"status": "In Progress"})]
    );
    let w = fake.snapshot()["work_orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == id.as_str())
        .cloned()
        .unwrap();
    assert_eq!(w["title"], "Gate repair for De Vries");
    assert_eq!(w["status"], "In Progress");
    fake.stop().await;
}

async fn cancelled(app: &App) -> usize {
    all_orders(app)
        .await
        .iter()
        .filter(|(_, s)| s == "cancelled")
        .count()
}

#[tokio::test]
async fn send_work_status_answers_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[], &[]).await;
    let counter = app.sign_in("Sanne de Boer", "1111").await.unwrap();
    let number = open_order(&app, 0).await;
    let err = app
        .send_work_status(&counter, &number, None)
        .await
        .unwrap_err();
    assert!(
        err.message.contains("not sent to TrustPager yet"),
        "{err:?}"
    );

    assert!(sync(&app).await.all_synced());
    // The shop's one TrustPager connector is used when none is named.
    let said = app.send_work_status(&counter, &number, None).await.unwrap();
    assert!(said.contains("e-mailed to the customer"), "{said}");
    let sent = fake.snapshot()["sent_status"].as_array().unwrap().clone();
    assert_eq!(sent.len(), 1);
    let id = work_order(&fake, &number)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(sent[0]["work_order_id"], id.as_str());
    let history = app.get_order(&number).await.unwrap().history;
    let logged = history
        .iter()
        .find(|h| h.action == "work_status_sent")
        .expect("the history names the sent work status");
    assert_eq!(logged.actor, "Sanne de Boer");
    assert!(
        logged
            .summary
            .starts_with("Work status sent to the customer through tp"),
        "{logged:?}"
    );

    // A mechanic may not send it; nothing goes out.
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    let refused = app
        .send_work_status(&joris, &number, Some("tp"))
        .await
        .unwrap_err();
    assert!(
        refused.message.starts_with("not allowed for role"),
        "{refused:?}"
    );

    fake.set_email_configured(false);
    let err = app
        .send_work_status(&counter, &number, Some("tp"))
        .await
        .unwrap_err();
    assert_eq!(
        err.message,
        "E-mail is not configured for the company in TrustPager"
    );
    fake.set_email_configured(true);
    assert!(fake.crm_delete(&id));
    let err = app
        .send_work_status(&counter, &number, Some("tp"))
        .await
        .unwrap_err();
    assert_eq!(
        err.message,
        "This deal has no work orders in TrustPager yet"
    );
    assert_eq!(fake.snapshot()["sent_status"].as_array().unwrap().len(), 1);
    let err = app
        .send_work_status(&counter, &number, Some("nope"))
        .await
        .unwrap_err();
    assert!(err.message.contains("no connector named 'nope'"), "{err:?}");
    fake.stop().await;
}

#[tokio::test]
async fn a_wrong_key_is_a_clear_error_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[], &[]).await;
    let owner = Actor::new("test");
    app.set_connector_secret(&owner, "tp", "api_key", "wrong")
        .await
        .unwrap();
    let err = app.test_connector(&owner, "tp").await.unwrap_err();
    assert!(
        err.message
            .contains("TrustPager did not accept the API key (401"),
        "{err:?}"
    );
    let report = sync_once(&app).await;
    assert!(report.pending > 0, "{report:?}");
    assert!(report.paused_until.is_some(), "{report:?}");
    let queue = app.sync_queue(&common::tester(), "tp").await.unwrap();
    let waiting = queue
        .iter()
        .find(|i| {
            i.last_error
                .as_deref()
                .is_some_and(|e| e.contains("API key"))
        })
        .unwrap_or_else(|| panic!("{queue:?}"));
    assert!(work_orders(&fake).is_empty());
    app.set_connector_secret(&owner, "tp", "api_key", "tp-key")
        .await
        .unwrap();
    let said = app.test_connector(&owner, "tp").await.unwrap();
    assert!(said.contains("reachable"), "{said}");
    // The order that met the 401 waits for its pause; a person's retry sends it now.
    app.resolve_sync(&owner, "tp", &waiting.number, true)
        .await
        .unwrap();
    assert!(sync(&app).await.all_synced());
    assert_trustpager_matches(&app, &fake).await;
    fake.stop().await;
}

#[tokio::test]
async fn a_work_order_from_the_crm_that_jobcard_refuses_is_recorded_once_and_the_others_come_in() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[], &[("import", "true")]).await;
    assert!(sync(&app).await.all_synced());
    let made = |title: &str, description: &str| {
        fake.crm_create(
            json!({"title": title, "description": description})
                .as_object()
                .unwrap()
                .clone(),
        )
        .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let bad = made("Brake job", "Brake\r\nbleed");
    let good = made("Gate job", "Fix the shed gate");

    let report = sync(&app).await;
    assert_eq!(report.note, None, "the pull goes on: {report:?}");
    let mut imported = Vec::new();
    for (number, _) in all_orders(&app).await {
        let reference = app.get_order(&number).await.unwrap().own_reference;
        imported.extend(reference.filter(|r| r.starts_with("tp:")));
    }
    assert_eq!(imported, vec![format!("tp:{good}")]);
    let refused = common::refused_once_for_a_line_break(&app, "tp", &bad).await;

    // The next pull imports nothing and records nothing again.
    let report = sync(&app).await;
    assert_eq!(
        (report.note.as_deref(), report.pulled),
        (None, 0),
        "{report:?}"
    );
    assert_eq!(
        app.import_refusals(&common::tester(), "tp").await.unwrap(),
        refused
    );
    assert_eq!(common::refusals_recorded(&app, "tp", &bad).await, 1);
}

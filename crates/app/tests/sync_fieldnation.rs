//! The Field Nation connector against the fake Field Nation (real HTTP, real SQLite file):
//! work orders on the marketplace are imported once over several pages even when reading
//! their details fails; the mechanic's finish goes back as one `work_done` with the closing
//! notes; a marked order is dispatched as exactly one work order through a run of faults,
//! edited with partial PUTs and deleted when cancelled; a status changed on Field Nation
//! (work done, cancelled) is taken over or flagged as a conflict, and never echoed back; an
//! expired access token is said plainly and never retried in a loop.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use jobcard_domain::SyncState;
use std::time::Duration;

use common::{QUIET, bodies, connect_to, logged, quick, sync_once, work_orders, workshop};
use jobcard_app::dto::{ClosingInput, OrderQuery, OrderView, ScheduleInput};
use jobcard_app::{Actor, App};
use jobcard_fake_fieldnation::{FakeConfig, FakeServer, Fault};
use serde_json::{Value, json};

const DETAILS: &str = "/api/rest/v2/workorders/1";

async fn connect(app: &App, fake: &FakeServer, extra: &[(&str, &str)]) {
    let secrets = [("access_token", "fn-token\n")];
    connect_to(app, fake, ("fn", "fieldnation"), quick(extra), &secrets).await;
}

async fn sync(app: &App) -> jobcard_app::RunReport {
    sync_once(app, "fn").await
}

/// A work order a buyer published on the marketplace, as the document models it.
fn publish(fake: &FakeServer, n: u32) -> u64 {
    let work_order = json!({
        "title": format!("Install router {n}"),
        "description": {"markdown": format!("Mount the router in rack {n}.")},
        "company": {"id": 7, "name": format!("Acme {n}")},
        "location": {"address1": "123 Main St", "city": "Minneapolis", "state": "MN",
                     "zip": "90210", "country": "USA",
                     "saved_location": {"contact": {"name": "Pat", "phone": "555-0199"}}},
        "schedule": {"service_window": {"mode": "between",
                     "start": {"utc": "2030-03-0".to_owned() + &format!("{n} 09:00:00")},
                     "end": {"utc": "2030-03-0".to_owned() + &format!("{n} 17:00:00")}}},
        "status": "assigned",
    });
    fake.publish(work_order.as_object().unwrap().clone())
        .unwrap()
}

async fn imported(app: &App) -> Vec<OrderView> {
    let q = OrderQuery {
        limit: Some(500),
        ..Default::default()
    };
    let mut out = Vec::new();
    for row in app.list_orders(&q).await.unwrap().rows {
        let order = app.get_order(&row.number).await.unwrap();
        if order
            .own_reference
            .as_deref()
            .is_some_and(|r| r.starts_with("fn:"))
        {
            out.push(order);
        }
    }
    out
}

/// The API requests the fake saw: (method, path, query, body).
fn log(fake: &FakeServer) -> Vec<(String, String, String, Value)> {
    logged(fake)
        .iter()
        .map(|l| {
            let query = l["query"].as_str().unwrap().to_owned();
            (
                l["method"].as_str().unwrap().to_owned(),
                l["path"].as_str().unwrap().to_owned(),
                query,
                l["body"].clone(),
            )
        })
        .collect()
}

/// An order of the demo that is still open.
async fn open_order(app: &App) -> String {
    common::open_order(app, 0).await
}

#[tokio::test]
async fn work_orders_are_imported_once_over_pages_even_when_details_fail() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let ids: Vec<u64> = (1..=5).map(|n| publish(&fake, n)).collect();
    connect(&app, &fake, &[("per_page", "2")]).await;
    let faults = [
        Fault::Status {
            code: 500,
            times: 1,
            path_contains: Some(DETAILS.into()),
            method: Some("GET".into()),
        },
        Fault::DropAfterApply {
            times: 1,
            path_contains: Some(DETAILS.into()),
            method: Some("GET".into()),
        },
        Fault::Slow {
            times: 1,
            delay_ms: 1500,
            apply: true,
            path_contains: Some(DETAILS.into()),
            method: Some("GET".into()),
        },
    ];
    for fault in faults {
        fake.add_fault(fault);
    }
    let mut notes = Vec::new();
    for _ in 0..8 {
        let report = sync(&app).await;
        notes.extend(report.note.clone());
        if imported(&app).await.len() == ids.len() {
            break;
        }
    }
    assert!(
        notes.iter().any(|n| n.starts_with("pull:")),
        "a failed read is a note: {notes:?}"
    );
    let orders = imported(&app).await;
    assert_eq!(orders.len(), 5, "each work order once");
    let mut refs: Vec<String> = orders
        .iter()
        .map(|o| o.own_reference.clone().unwrap())
        .collect();
    refs.sort();
    refs.dedup();
    assert_eq!(refs.len(), 5);
    let pages: Vec<String> = log(&fake)
        .into_iter()
        .filter(|(m, p, _, _)| m == "GET" && p == "/api/rest/v2/workorders")
        .map(|(_, _, q, _)| q)
        .collect();
    assert!(pages.iter().any(|q| q == "page=3&per_page=2"), "{pages:?}");

    // What the shop sees of one.
    let first = orders
        .iter()
        .find(|o| o.own_reference.as_deref() == Some(&format!("fn:{}", ids[0])))
        .unwrap();
    assert_eq!(first.customer.name, "Acme 1");
    assert_eq!(first.customer.phone.as_deref(), Some("555-0199"));
    assert_eq!(
        first.customer.address.as_deref(),
        Some("123 Main St, 90210 Minneapolis, MN, USA")
    );
    assert!(
        first
            .description
            .starts_with("Install router 1\n\nMount the router in rack 1.")
    );
    let start = first.scheduled_start.as_deref().unwrap();
    assert!(start.starts_with("2030-03-01T09:00:00"), "{start}");
    assert_eq!(first.promised_date.as_deref(), Some("2030-03-01"));
    assert_eq!(
        first.status.status.as_str(),
        "scheduled",
        "assigned -> scheduled"
    );

    // More pulls take in nothing again and send nothing.
    sync(&app).await;
    sync(&app).await;
    assert_eq!(imported(&app).await.len(), 5);
    assert!(
        log(&fake).iter().all(|(m, _, _, _)| m == "GET"),
        "an import is not echoed back"
    );
    fake.stop().await;
}

#[tokio::test]
async fn finishing_an_imported_order_sends_work_done_once_with_the_closing_notes() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let id = publish(&fake, 1);
    connect(&app, &fake, &[]).await;
    assert!(sync(&app).await.all_synced());
    let number = imported(&app).await.remove(0).number;

    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    app.start_work(&joris, &number).await.unwrap();
    assert!(sync(&app).await.all_synced());
    assert!(
        bodies(&fake, "PUT", &id.to_string()).is_empty(),
        "work started is not a Field Nation status"
    );
    let closing = ClosingInput {
        resolution: Some("Router mounted and configured".into()),
        root_cause: None,
        notes: Some("Customer asked for a second access point".into()),
    };
    app.finish_work(&joris, &number, &closing, None)
        .await
        .unwrap();
    fake.add_fault(Fault::DropAfterApply {
        times: 1,
        path_contains: None,
        method: Some("PUT".into()),
    });
    assert!(sync(&app).await.all_synced());
    sync(&app).await;
    let puts = bodies(&fake, "PUT", &id.to_string());
    assert_eq!(puts.len(), 1, "{puts:?}");
    let put = puts[0].as_object().unwrap();
    let mut keys: Vec<&str> = put.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["closing_notes", "status"]);
    assert_eq!(put["status"], "work_done");
    let notes = put["closing_notes"].as_str().unwrap();
    assert!(notes.contains("Router mounted and configured"), "{notes}");
    assert!(
        notes.contains("Customer asked for a second access point"),
        "{notes}"
    );
    let remote = &work_orders(&fake)[0];
    assert_eq!(remote["status"]["name"], "Work Done");
    assert_eq!(remote["closing_notes"], notes);
    fake.stop().await;
}

/// The crash this guards against: a pull imported a work order but died before it recorded
/// the link, and the mechanic finished the order before the next pull found it again by its
/// own reference. The link made then must not count the finish as something Field Nation
/// already has: it goes out as `work_done`, once.
#[tokio::test]
async fn a_finish_made_before_a_lost_import_link_is_recorded_again_still_goes_out() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let id = publish(&fake, 1);
    connect(&app, &fake, &[]).await;
    assert!(sync(&app).await.all_synced());
    let number = imported(&app).await.remove(0).number;
    // What a kill -9 between the import and its recording leaves: the order, no link.
    let mut tx = app.store().begin_write().await.unwrap();
    for forget in [
        "DELETE FROM external_refs WHERE connector = 'fn'",
        "DELETE FROM sync_items WHERE connector = 'fn'",
        "DELETE FROM sync_marks WHERE connector = 'fn'",
    ] {
        jobcard_store::query(forget)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();

    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    app.start_work(&joris, &number).await.unwrap();
    let closing = ClosingInput {
        resolution: Some("Router mounted".into()),
        ..Default::default()
    };
    app.finish_work(&joris, &number, &closing, None)
        .await
        .unwrap();
    assert!(sync(&app).await.all_synced());
    sync(&app).await;

    assert_eq!(
        imported(&app).await.len(),
        1,
        "found again, not imported twice"
    );
    let puts = bodies(&fake, "PUT", &id.to_string());
    assert_eq!(puts.len(), 1, "{puts:?}");
    assert_eq!(puts[0]["status"], "work_done");
    let remote = &work_orders(&fake)[0];
    assert_eq!(remote["status"]["name"], "Work Done", "{remote}");
    fake.stop().await;
}

#[tokio::test]
async fn a_marked_order_is_dispatched_once_through_faults_edited_in_part_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    // The remote is down for 300 ms of real time: the engine must wait on the wall clock.
    let app = common::workshop_on_wall_clock(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[]).await;
    let owner = Actor::new("test");
    let number = open_order(&app).await;
    assert!(sync(&app).await.all_synced());
    assert!(work_orders(&fake).is_empty(), "only marked orders go out");
    app.set_sync_mark(&owner, &number, "fn", true)
        .await
        .unwrap();
    let post = || Some("POST".to_owned());
    let faults = [
        Fault::Status {
            code: 500,
            times: 1,
            path_contains: None,
            method: post(),
        },
        Fault::DropAfterApply {
            times: 1,
            path_contains: None,
            method: post(),
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
            method: post(),
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
    fake.down_for(Duration::from_millis(300)).await;
    let report = sync(&app).await;
    assert!(report.all_synced(), "{report:?}");
    assert!(fake.snapshot()["rate_limited"].as_i64().unwrap() >= 1);
    let local = app.get_order(&number).await.unwrap();
    let all = work_orders(&fake);
    assert_eq!(all.len(), 1, "exactly one work order: {all:?}");
    let w = &all[0];
    let title = w["title"].as_str().unwrap();
    assert!(title.starts_with(&format!("[{number}] ")), "{title}");
    assert_eq!(w["description"]["markdown"], local.description.as_str());
    if let Some(address) = local.customer.address.as_deref() {
        assert_eq!(w["location"]["address1"], address);
    }
    let id = w["id"].as_u64().unwrap().to_string();

    // A new schedule on nobody (a blank mechanic unassigns): one PUT of the schedule alone.
    let input = ScheduleInput {
        mechanic: Some(String::new()),
        start: Some("2030-12-02T10:00:00+01:00".into()),
        confirm: Some(true),
    };
    app.schedule_order(&owner, &number, &input, None)
        .await
        .unwrap();
    assert!(sync(&app).await.all_synced());
    let puts = bodies(&fake, "PUT", &id);
    assert_eq!(puts.len(), 1, "{puts:?}");
    assert_eq!(
        puts[0],
        json!({"schedule": {"service_window": {"mode": "exact",
            "start": {"utc": "2030-12-02 09:00:00"}}}})
    );

    // Cancelled: one DELETE even with its answer lost; the work order is gone.
    app.set_order_status(&owner, &number, "cancelled", None, None)
        .await
        .unwrap();
    fake.add_fault(Fault::DropAfterApply {
        times: 1,
        path_contains: None,
        method: Some("DELETE".into()),
    });
    assert!(sync(&app).await.all_synced());
    sync(&app).await;
    assert_eq!(bodies(&fake, "DELETE", &id).len(), 1);
    assert!(work_orders(&fake).is_empty());
    let posts = bodies(&fake, "POST", "/api/rest/v2/workorders");
    assert!(posts.len() >= 2, "the faults were met: {}", posts.len());
    fake.stop().await;
}

#[tokio::test]
async fn an_expired_access_token_is_said_plainly_and_not_retried_in_a_loop() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[]).await;
    let owner = Actor::new("test");
    let number = open_order(&app).await;
    app.set_sync_mark(&owner, &number, "fn", true)
        .await
        .unwrap();
    fake.set_access_token("renewed");

    let report = app
        .run_sync(&owner, Some("fn"), None, QUIET)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(report.pending, 1, "{report:?}");
    assert!(report.paused_until.is_some(), "{report:?}");
    let note = report.note.unwrap_or_default();
    assert!(
        note.starts_with("pull: refused (401): Field Nation access token expired"),
        "{note}"
    );
    let item = app.order_sync(&number).await.unwrap().remove(0);
    let message = item.last_error.unwrap();
    assert!(
        message.starts_with("Field Nation access token expired or invalid (401"),
        "{message}"
    );
    // Where to fix it, for the window (the field) and for the command line.
    assert!(
        message.contains("Settings > Sync > fn > access_token")
            && message.contains("`jobcard connector secret fn access_token`"),
        "{message}"
    );
    let err = app.test_connector(&owner, "fn").await.unwrap_err();
    assert!(err.message.contains("access token expired"), "{err:?}");
    let seen = fake.snapshot()["requests"]["total"].as_u64().unwrap();
    for _ in 0..3 {
        sync(&app).await;
    }
    assert_eq!(
        fake.snapshot()["requests"]["total"].as_u64().unwrap(),
        seen,
        "paused: no request until the token is replaced"
    );

    // A new token, and the order sent again from the Sync screen: it goes out once.
    // (Engine::reset lifts the connector's pause but not the order's hour-long next try.)
    app.set_connector_secret(&owner, "fn", "access_token", "renewed")
        .await
        .unwrap();
    app.resolve_sync(&owner, "fn", &number, true).await.unwrap();
    assert!(sync(&app).await.all_synced());
    assert_eq!(work_orders(&fake).len(), 1);
    fake.stop().await;
}

#[tokio::test]
async fn a_status_changed_on_field_nation_is_taken_over_or_flagged_and_never_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect(&app, &fake, &[]).await;
    let owner = Actor::new("test");
    let q = OrderQuery {
        limit: Some(200),
        ..Default::default()
    };
    let open: Vec<String> = app
        .list_orders(&q)
        .await
        .unwrap()
        .rows
        .into_iter()
        .filter(|r| r.status.status.as_str() == "intake" || r.status.status.as_str() == "scheduled")
        .map(|r| r.number)
        .take(4)
        .collect();
    let [working, waiting, dropped, busy] = <[String; 4]>::try_from(open).unwrap();
    // The shop dispatches four jobs to outside technicians; two are under way in Jobcard.
    for number in [&working, &busy] {
        app.set_order_status(&owner, number, "in_progress", None, None)
            .await
            .unwrap();
    }
    for number in [&working, &waiting, &dropped, &busy] {
        app.set_sync_mark(&owner, number, "fn", true).await.unwrap();
    }
    assert!(sync(&app).await.all_synced());
    let id_of = |number: &str| {
        work_orders(&fake)
            .into_iter()
            .find(|w| {
                w["title"]
                    .as_str()
                    .is_some_and(|t| t.starts_with(&format!("[{number}] ")))
            })
            .unwrap()["id"]
            .as_u64()
            .unwrap()
    };
    let (working_id, waiting_id, dropped_id) = (id_of(&working), id_of(&waiting), id_of(&dropped));
    let busy_id = id_of(&busy);
    let seen = log(&fake).len();
    let before = app.get_order(&waiting).await.unwrap().status.status;

    // On the marketplace: two technicians mark their work done, the buyer cancels two more.
    assert!(fake.set_status(working_id, "work_done"));
    assert!(fake.set_status(waiting_id, "work_done"));
    assert!(fake.set_status(dropped_id, "cancelled"));
    assert!(fake.set_status(busy_id, "cancelled"));
    let report = sync(&app).await;
    assert_eq!(report.conflict, 1, "{report:?}");
    assert_eq!(
        report.pending + report.failed + report.attention,
        0,
        "{report:?}"
    );

    // In progress -> done: the workflow allows it, so Jobcard takes it over, by sync:fn.
    let order = app.get_order(&working).await.unwrap();
    assert_eq!(order.status.status.as_str(), "done");
    let change = order
        .history
        .iter()
        .find(|h| h.action == "status_changed" && h.actor == "sync:fn")
        .expect("the history names the connector");
    assert_eq!(change.summary, "Status In progress → Done");
    assert_eq!(
        app.order_sync(&working).await.unwrap()[0].state,
        SyncState::Synced
    );

    // Intake or scheduled -> done goes through in progress: the work was under way, then done.
    let order = app.get_order(&waiting).await.unwrap();
    assert_eq!(order.status.status.as_str(), "done");
    let steps: Vec<&str> = order
        .history
        .iter()
        .filter(|h| h.actor == "sync:fn")
        .map(|h| h.summary.as_str())
        .collect();
    assert!(
        steps.contains(&"Status In progress → Done")
            && steps.iter().any(|s| s.ends_with("→ In progress")),
        "{steps:?} (was {before})"
    );

    // Cancelled by the buyer while the job is under way in Jobcard: a conflict that says so.
    assert_eq!(
        app.get_order(&busy).await.unwrap().status.status.as_str(),
        "in_progress",
        "left as it was"
    );
    let item = app.order_sync(&busy).await.unwrap().remove(0);
    assert_eq!(item.state, SyncState::Conflict);
    let message = item.last_error.unwrap();
    assert!(
        message.starts_with(&format!(
            "Field Nation moved work order {busy_id} ({busy}) to 'Cancelled', but \
             Jobcard's workflow does not allow in_progress -> cancelled"
        )),
        "{message}"
    );
    assert!(
        message.ends_with("Retry sends Jobcard's order again, skip leaves Field Nation's."),
        "{message}"
    );

    // Cancelled by the buyer on an open order: taken over, and the work order is not DELETEd.
    let order = app.get_order(&dropped).await.unwrap();
    assert_eq!(order.status.status.as_str(), "cancelled");
    assert!(
        order
            .history
            .iter()
            .any(|h| h.actor == "sync:fn" && h.summary.ends_with("→ Cancelled"))
    );

    // More syncs, then local changes that do go out (collected, deleted): still only reads.
    sync(&app).await;
    app.set_order_status(&owner, &working, "collected", None, None)
        .await
        .unwrap();
    app.delete_order(&owner, &dropped).await.unwrap();
    let report = sync(&app).await;
    assert_eq!(
        report.sent, 2,
        "both pushed (with nothing to send): {report:?}"
    );
    // Approved after work done: the same Jobcard status, only recorded (no conflict).
    assert!(fake.set_status(working_id, "approved"));
    let report = sync(&app).await;
    assert_eq!(report.conflict, 1, "only the first conflict: {report:?}");
    assert_eq!(
        app.get_order(&working)
            .await
            .unwrap()
            .status
            .status
            .as_str(),
        "collected"
    );
    assert_eq!(
        report.pending + report.failed + report.attention,
        0,
        "{report:?}"
    );
    assert_eq!(
        app.order_sync(&working).await.unwrap()[0].state,
        SyncState::Synced
    );
    let after: Vec<(String, String)> = log(&fake)
        .into_iter()
        .skip(seen)
        .map(|(m, p, _, _)| (m, p))
        .collect();
    assert!(
        after.iter().all(|(m, _)| m == "GET"),
        "nothing echoed back: {after:?}"
    );
    let remote: Vec<Value> = work_orders(&fake);
    assert_eq!(remote.len(), 4, "nothing deleted");
    let status_of = |id: u64| {
        remote.iter().find(|w| w["id"] == id).unwrap()["status"]["name"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(status_of(working_id), "Approved");
    assert_eq!(status_of(waiting_id), "Work Done");
    assert_eq!(status_of(dropped_id), "Cancelled");
    fake.stop().await;
}

/// A work order a buyer published with this title (and nothing else to go wrong).
fn publish_titled(fake: &FakeServer, title: &str) -> u64 {
    let work_order = json!({
        "title": title,
        "company": {"id": 7, "name": "Acme"},
        "status": "assigned",
    });
    fake.publish(work_order.as_object().unwrap().clone())
        .unwrap()
}

/// The requests for one work order's details.
fn detail_reads(fake: &FakeServer, id: u64) -> usize {
    let path = format!("/api/rest/v2/workorders/{id}");
    log(fake)
        .iter()
        .filter(|(method, p, _, _)| method == "GET" && *p == path)
        .count()
}

#[tokio::test]
async fn a_work_order_jobcard_refuses_is_recorded_once_and_never_blocks_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let line_break = publish_titled(&fake, "Brake\r\nbleed");
    let too_long = publish_titled(&fake, &"x".repeat(5000));
    let good = publish(&fake, 3);
    connect(&app, &fake, &[]).await;

    // One sync imports the good one; the two bad ones are refused, naming the field.
    let report = sync(&app).await;
    assert_eq!(report.note, None, "the pull goes on: {report:?}");
    let refs: Vec<String> = imported(&app)
        .await
        .into_iter()
        .filter_map(|o| o.own_reference)
        .collect();
    assert_eq!(refs, vec![format!("fn:{good}")]);
    let refused = app.import_refusals(&common::tester(), "fn").await.unwrap();
    let reason = |id: u64| {
        refused
            .iter()
            .find(|r| r.remote_id == id.to_string())
            .map(|r| r.reason.clone())
            .unwrap_or_else(|| panic!("{id} not refused: {refused:?}"))
    };
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(
        reason(line_break).starts_with("description: must not contain control characters"),
        "{refused:?}"
    );
    assert!(
        reason(too_long).starts_with("description: must be at most"),
        "{refused:?}"
    );

    // The next sync imports nothing new, reads no details of the refused ones, does not fail
    // and records nothing again.
    let reads = (
        detail_reads(&fake, line_break),
        detail_reads(&fake, too_long),
    );
    let report = sync(&app).await;
    assert_eq!(
        (report.note.as_deref(), report.pulled),
        (None, 0),
        "{report:?}"
    );
    assert_eq!(
        (
            detail_reads(&fake, line_break),
            detail_reads(&fake, too_long)
        ),
        reads,
        "no detail request for a refused work order"
    );
    assert_eq!(imported(&app).await.len(), 1);
    assert_eq!(
        app.import_refusals(&common::tester(), "fn").await.unwrap(),
        refused
    );
    for id in [line_break, too_long] {
        let n = common::refusals_recorded(&app, "fn", &id.to_string()).await;
        assert_eq!(n, 1, "work order {id} refused once");
    }

    // The buyer fixes the title on the marketplace: the next sync imports it.
    let fixed = json!({"title": "Brake bleed"});
    assert!(fake.amend(line_break, fixed.as_object().unwrap().clone()));
    let report = sync(&app).await;
    assert_eq!(
        (report.note.as_deref(), report.pulled),
        (None, 1),
        "{report:?}"
    );
    let orders = imported(&app).await;
    let repaired = orders
        .iter()
        .find(|o| o.own_reference.as_deref() == Some(&format!("fn:{line_break}")))
        .expect("the corrected work order is imported");
    assert!(repaired.description.starts_with("Brake bleed"));
    let left: Vec<String> = app
        .import_refusals(&common::tester(), "fn")
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.remote_id)
        .collect();
    assert_eq!(left, vec![too_long.to_string()]);

    // A person asks for the other one again: read once more, refused again with its reason.
    let mechanic = app.sign_in("Joris Bakker", "2222").await.unwrap();
    let err = app
        .retry_import(&mechanic, "fn", &too_long.to_string())
        .await
        .unwrap_err();
    assert!(err.message.starts_with("not allowed for role"), "{err:?}");
    let err = app
        .retry_import(&Actor::new("test"), "fn", &good.to_string())
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("remote_id"), "{err:?}");
    let before = detail_reads(&fake, too_long);
    app.retry_import(&Actor::new("test"), "fn", &too_long.to_string())
        .await
        .unwrap();
    assert!(
        app.import_refusals(&common::tester(), "fn")
            .await
            .unwrap()
            .is_empty()
    );
    let report = sync(&app).await;
    assert_eq!(report.note, None, "{report:?}");
    assert_eq!(detail_reads(&fake, too_long), before + 1, "tried again");
    let again = app.import_refusals(&common::tester(), "fn").await.unwrap();
    assert_eq!(again.len(), 1, "{again:?}");
    assert!(again[0].reason.starts_with("description: must be at most"));
    let audit = common::audit_rows(&app, "connector", "fn").await;
    assert!(
        audit
            .iter()
            .any(|(actor, action, _)| actor == "test" && action == "import_retry"),
        "the person's request is in the history: {audit:?}"
    );
}

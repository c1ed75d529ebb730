//! `jobcard connector queue NAME` lists the remote records a connector refused to import (one
//! bad work order never blocks the others), in text and in `--json`; `connector
//! retry-import NAME ID` asks for one again.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{add_connector, final_sync, jobcard, jobcard_ok};
use jobcard_fake_fieldnation::{FakeConfig, FakeServer};
use serde_json::{Value, json};

fn publish(fake: &FakeServer, title: &str) -> String {
    let work_order = json!({"title": title, "company": {"id": 7, "name": "Acme"}});
    fake.publish(work_order.as_object().unwrap().clone())
        .unwrap()
        .to_string()
}

fn queue(dir: &std::path::Path) -> Value {
    let out = jobcard_ok(dir, &["connector", "queue", "fn", "--json"], None);
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_lists_a_refused_work_order_and_retry_import_asks_for_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    jobcard_ok(dir, &["demo"], None);
    let bad = publish(&fake, "Brake\r\nbleed");
    publish(&fake, "Install router");
    add_connector(
        dir,
        "fn",
        "fieldnation",
        &fake.base_url(),
        &[("access_token", "fn-token")],
    );
    final_sync(dir);

    let listed = queue(dir);
    assert_eq!(listed["orders"], json!([]), "{listed}");
    let refused = listed["refused"].as_array().unwrap();
    assert_eq!(refused.len(), 1, "{listed}");
    assert_eq!(refused[0]["remote_id"], bad.as_str());
    assert_eq!(refused[0]["connector"], "fn");
    assert!(
        refused[0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("description: must not contain control characters"),
        "{listed}"
    );
    assert!(refused[0]["at"].as_str().is_some_and(|at| !at.is_empty()));

    let text = jobcard_ok(dir, &["connector", "queue", "fn"], None);
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(
        text.contains("1 remote record(s) refused at import"),
        "{text}"
    );
    assert!(text.contains(&bad), "{text}");

    jobcard_ok(dir, &["connector", "retry-import", "fn", &bad], None);
    assert_eq!(queue(dir)["refused"], json!([]));
    let again = jobcard(dir, &["connector", "retry-import", "fn", &bad], None);
    assert!(!again.status.success());
    let said = String::from_utf8_lossy(&again.stderr).into_owned();
    assert!(said.contains("remote_id"), "{said}");

    // The next sync reads it again and, unchanged, refuses it again.
    final_sync(dir);
    assert_eq!(queue(dir)["refused"].as_array().unwrap().len(), 1);
    fake.stop().await;
}

//! `jobcard sync` against remotes that misbehave on purpose, as a person at the shell sees
//! it: a 429 whose timing headers are nonsense ends `--until-idle` with exit 1 and a plain
//! message (once a panic, exit 101, or a run that never ended), and a Field Nation remote that
//! hangs up never puts the access token on the screen or in the queue.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use common::{add_connector, jobcard, jobcard_ok};

/// Runs `jobcard` on another thread and fails the test when it has not ended within a
/// minute (the defect was a run that never ends; a hang must fail, not stall the suite).
fn jobcard_within_a_minute(dir: &Path, args: &[&str]) -> Output {
    let (tx, rx) = std::sync::mpsc::channel();
    let dir = dir.to_owned();
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    std::thread::spawn(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let _ = tx.send(jobcard(&dir, &args, None));
    });
    rx.recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("jobcard did not end within a minute"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nonsense_timing_headers_end_until_idle_with_a_plain_message() {
    use jobcard_fake_cyclesoftware::{FakeConfig, FakeServer, Fault};
    for value in [10_000_000_000_000_u64, 300_000_000_000] {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
        jobcard_ok(dir, &["demo"], None);
        add_connector(
            dir,
            "till",
            "cyclesoftware",
            &fake.base_url(),
            &[("username", "jobcard"), ("password", "secret")],
        );
        fake.add_fault(Fault::HugeTiming {
            times: 1000,
            value,
            path_contains: None,
            method: None,
        });
        let out =
            jobcard_within_a_minute(dir, &["sync", "--until-idle", "--max-wait", "3", "--json"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{value}: {stderr}");
        assert!(stderr.contains("not synced"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        let reports: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let note = reports[0]["note"].as_str().unwrap_or_default();
        assert!(note.contains("still pending"), "{reports}");
        let paused = reports[0]["paused_until"].as_str().unwrap_or_default();
        assert!(
            paused.starts_with("20"),
            "a real date within a day: {paused}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hang_up_keeps_field_nations_token_off_the_screen() {
    use jobcard_fake_fieldnation::{FakeConfig, FakeServer, Fault};
    const TOKEN: &str = "fn-cli-Secret-77";
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    fake.set_access_token(TOKEN);
    jobcard_ok(dir, &["demo"], None);
    add_connector(
        dir,
        "fn",
        "fieldnation",
        &fake.base_url(),
        &[("access_token", TOKEN)],
    );
    fake.add_fault(Fault::HangUp {
        times: 5,
        path_contains: None,
        method: None,
    });
    let sync = jobcard_within_a_minute(dir, &["sync", "--json"]);
    let queue = jobcard(dir, &["connector", "queue", "fn", "--json"], None);
    let list = jobcard(dir, &["connector", "list", "--json"], None);
    let mut all = String::new();
    for out in [&sync, &queue, &list] {
        all.push_str(&String::from_utf8_lossy(&out.stdout));
        all.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    assert!(all.contains("hung up"), "{all}");
    assert!(!all.contains(TOKEN), "{all}");
    assert!(!all.contains("access_token="), "{all}");
}

//! Durability: kill -9 the CLI in the middle of a stream of creates, many times. After every
//! kill the database passes `PRAGMA integrity_check` and holds every order the CLI had
//! reported as created. This is what `synchronous=FULL` + WAL + one transaction per change buy.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ROUNDS: u64 = 40;

fn order_json(i: u64) -> String {
    serde_json::json!({
        "customer": {"name": format!("Durability {i}"), "phone": format!("+31 6 {:08}", i)},
        "repair_object": {"brand": "Batavus", "frame_number": format!("DUR-{i:06}")},
        "description": "Crash test order",
        "lines": [
            {"description": "Part", "quantity": 2, "unit_price_cents": 1999, "vat": "high"},
            {"description": "Labour", "quantity": 1, "unit_price_cents": 3500, "vat": "low", "work_minutes": 25}
        ]
    })
    .to_string()
}

/// Starts one `orders create` with its input on stdin.
fn start_create(data_dir: &Path, i: u64) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jobcard"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(["orders", "create", "--file", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(order_json(i).as_bytes()).unwrap();
    drop(stdin);
    child
}

/// The order number the CLI reported, if it got that far.
fn reported_number(child: Child) -> Option<String> {
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().find_map(|line| {
        line.strip_prefix("Created ")
            .and_then(|rest| rest.split(':').next())
            .map(str::to_owned)
    })
}

fn stored_numbers(data_dir: &Path) -> BTreeSet<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_jobcard"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(["orders", "list", "--limit", "500", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap().to_owned())
        .collect()
}

fn integrity_ok(data_dir: &Path) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = jobcard_store::Store::open_dir(data_dir).await.unwrap();
        store
            .integrity_check()
            .await
            .expect("integrity_check after kill -9");
        store.close().await;
    });
}

/// A pseudo-random delay in 0..=150 ms per round, the same on every run.
fn delay(round: u64) -> Duration {
    let x = round
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    Duration::from_millis((x >> 33) % 151)
}

#[test]
fn kill_dash_nine_during_creates_never_loses_a_reported_order() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let mut reported = BTreeSet::new();
    let mut killed_before_reporting = 0;
    let started = Instant::now();
    let mut i = 0;
    for round in 0..ROUNDS {
        // A stream of creates: two run to the end, the third is killed at a varying moment
        // (while starting, opening the database, writing, or committing).
        for _ in 0..2 {
            i += 1;
            reported.extend(reported_number(start_create(&data_dir, i)));
        }
        i += 1;
        let mut victim = start_create(&data_dir, i);
        std::thread::sleep(delay(round));
        victim.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush, no checkpoint.
        match reported_number(victim) {
            Some(number) => {
                reported.insert(number);
            }
            None => killed_before_reporting += 1,
        }

        integrity_ok(&data_dir);
        let stored = stored_numbers(&data_dir);
        let lost: Vec<_> = reported.difference(&stored).collect();
        assert!(
            lost.is_empty(),
            "round {round}: reported as created but missing: {lost:?}"
        );
    }
    assert!(
        killed_before_reporting > 0,
        "no kill landed before the CLI finished; the test proved nothing"
    );
    let _ = std::io::stderr().write_all(
        format!(
            "{ROUNDS} kills ({killed_before_reporting} mid-run), {} reported orders all present, {:?}\n",
            reported.len(),
            started.elapsed()
        )
        .as_bytes(),
    );
}

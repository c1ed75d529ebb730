//! kill -9 of `jobcard sync` at random moments, many times, against the fake CycleSoftware
//! server with random faults (500, 503, 429, answers dropped after the change was applied,
//! answers slower than the client's timeout). New orders keep arriving between kills. At the
//! end one clean `sync --until-idle` exits 0 and the remote holds every order exactly once,
//! with Jobcard's lines and totals: nothing lost, nothing doubled.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use jobcard_fake_cyclesoftware::{FakeConfig, FakeServer, Fault};

const ROUNDS: u64 = 30;

fn jobcard(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jobcard"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("JOBCARD_SECRET_STORE", "file")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn order_json(i: u64) -> String {
    serde_json::json!({
        "customer": {"name": format!("Kill {i}"), "phone": format!("+31 6 {:08}", 5000 + i)},
        "repair_object": {"brand": "Gazelle", "frame_number": format!("KILL-{i:05}")},
        "description": "Sync crash test",
        "lines": [
            {"description": "Tyre", "quantity": 2, "unit_price_cents": 2999, "vat": "high"},
            {"description": "Labour", "unit_price_cents": 9000, "vat": "low", "work_minutes": 30}
        ]
    })
    .to_string()
}

/// A pseudo-random number from a counter (no rand dependency needed here).
fn spread(i: u64, modulo: u64) -> u64 {
    (i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 33) % modulo
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_sync_never_duplicates_or_loses_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    assert!(jobcard(dir, &["demo"], None).status.success());
    let url = fake.base_url();
    let add = jobcard(
        dir,
        &[
            "connector",
            "add",
            "till",
            "--kind",
            "cyclesoftware",
            "--base-url",
            &url,
            "--set",
            "timeout_ms=800",
            "--set",
            "backoff_base_ms=30",
            "--set",
            "backoff_cap_ms=200",
        ],
        None,
    );
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    assert!(
        jobcard(
            dir,
            &["connector", "secret", "till", "username"],
            Some("jobcard\n")
        )
        .status
        .success()
    );
    assert!(
        jobcard(
            dir,
            &["connector", "secret", "till", "password"],
            Some("secret\n")
        )
        .status
        .success()
    );
    fake.add_fault(Fault::Random {
        probability_percent: 25,
        seed: 7,
        method: None,
    });

    let mut killed_running = 0;
    for round in 0..ROUNDS {
        if round % 3 == 0 {
            let made = jobcard(
                dir,
                &["orders", "create", "--file", "-"],
                Some(&order_json(round)),
            );
            assert!(
                made.status.success(),
                "{}",
                String::from_utf8_lossy(&made.stderr)
            );
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_jobcard"))
            .arg("--data-dir")
            .arg(dir)
            .args(["sync", "--until-idle", "--max-wait", "5"])
            .env("JOBCARD_SECRET_STORE", "file")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        tokio::time::sleep(Duration::from_millis(40 + spread(round, 700))).await;
        if child.try_wait().unwrap().is_none() {
            killed_running += 1;
        }
        child.kill().unwrap(); // SIGKILL on Unix: no chance to clean up.
        child.wait().unwrap();
    }
    assert!(
        killed_running >= ROUNDS / 2,
        "most kills hit a running sync: {killed_running}"
    );

    fake.clear_faults();
    let last = jobcard(
        dir,
        &["sync", "--until-idle", "--max-wait", "30", "--json"],
        None,
    );
    let said = String::from_utf8_lossy(&last.stdout);
    assert!(
        last.status.success(),
        "{said}\n{}",
        String::from_utf8_lossy(&last.stderr)
    );

    let listed = jobcard(dir, &["orders", "list", "--limit", "200", "--json"], None);
    let page: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let numbers: Vec<String> = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap().to_owned())
        .collect();
    assert!(numbers.len() >= 20, "demo + new orders: {}", numbers.len());
    let state = fake.snapshot();
    let mut remote: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for order in state["orders"].as_array().unwrap() {
        remote
            .entry(order["reference_text"].as_str().unwrap().to_owned())
            .or_default()
            .push(order.clone());
    }
    assert_eq!(remote.len(), numbers.len(), "every order once, no strays");
    for number in &numbers {
        let copies = &remote[number];
        assert_eq!(
            copies.len(),
            1,
            "{number} is on the remote {} times",
            copies.len()
        );
        let shown = jobcard(dir, &["orders", "show", number, "--json"], None);
        let local: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
        let items: Vec<&serde_json::Value> = copies[0]["order_items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["item_status_id"] != 5)
            .collect();
        assert_eq!(
            items.len(),
            local["lines"].as_array().unwrap().len(),
            "{number}: lines"
        );
        let total: i64 = items
            .iter()
            .map(|i| i["price_in_vat_cents"].as_i64().unwrap())
            .sum();
        assert_eq!(
            total,
            local["total_cents"].as_i64().unwrap(),
            "{number}: total"
        );
    }
    let customers = state["customers"].as_array().unwrap();
    let mut refs: Vec<&str> = customers
        .iter()
        .map(|c| c["customer_reference"].as_str().unwrap())
        .collect();
    refs.sort_unstable();
    let n = refs.len();
    refs.dedup();
    assert_eq!(refs.len(), n, "no customer twice");
}

//! kill -9 of `jobcard sync` against the fake MES with random faults, while mechanics start and
//! finish orders between the kills, so creates, `start`s and `complete`s are all cut off at
//! random points. The MES refuses a second `start` or `complete` (409), which would leave an
//! order needing attention, so the clean `sync --until-idle` at the end exiting 0 proves no
//! step went out twice; the fake then holds exactly one work order per order, in the state
//! Jobcard's order is in.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeMap;

use common::*;
use jobcard_fake_mes::{FakeConfig, FakeServer, Fault};

const ROUNDS: u64 = 24;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_mes_sync_never_starts_or_completes_twice() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    assert!(jobcard(dir, &["demo"], None).status.success());
    add_connector(
        dir,
        "mes",
        "mes",
        &fake.base_url(),
        &[("api_key", "mes-key")],
    );
    fake.add_fault(Fault::Random {
        probability_percent: 25,
        seed: 11,
        method: None,
    });

    let mut started = Vec::new();
    let mut finished = Vec::new();
    let mut killed_running = 0;
    for round in 0..ROUNDS {
        match round % 4 {
            0 => {
                let out = jobcard_ok(
                    dir,
                    &["orders", "create", "--file", "-", "--json"],
                    Some(&order_json(round)),
                );
                started.push(created_number(&out));
            }
            1 => {
                if let Some(n) = started.last().cloned() {
                    work(dir, &["orders", "start", &n, "--as", MECHANIC]);
                }
            }
            3 => {
                if let Some(n) = started.pop() {
                    let resolution = format!("Fixed in round {round}");
                    let finish = [
                        "orders",
                        "finish",
                        &n,
                        "--as",
                        MECHANIC,
                        "--resolution",
                        &resolution,
                    ];
                    work(dir, &finish);
                    finished.push(n);
                }
            }
            _ => {}
        }
        if sync_and_kill(dir, round, || fake.api_requests()).await {
            killed_running += 1;
        }
    }
    assert!(
        killed_running >= ROUNDS / 2,
        "most kills hit a running sync: {killed_running}"
    );
    assert!(finished.len() >= 5, "orders finished: {}", finished.len());

    fake.clear_faults();
    final_sync(dir);

    let state = fake.snapshot();
    let mut remote: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for wo in state["work_orders"].as_array().unwrap() {
        remote
            .entry(wo["orderNumber"].as_str().unwrap().to_owned())
            .or_default()
            .push(wo.clone());
    }
    for number in order_numbers(dir) {
        let shown = jobcard_ok(dir, &["orders", "show", &number, "--json"], None);
        let local: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
        let status = local["status"]["status"].as_str().unwrap().to_owned();
        let copies = remote.get(&number).map_or(0, Vec::len);
        if status == "cancelled" {
            assert!(copies <= 1, "{number}: {copies} work orders");
            continue;
        }
        assert_eq!(
            copies, 1,
            "{number} ({status}) is in the MES {copies} times"
        );
        let there = remote[&number][0]["status"].as_str().unwrap().to_owned();
        let expected = match status.as_str() {
            "in_progress" => "IN_PROGRESS",
            "done" | "collected" => "COMPLETED",
            "waiting_for_parts" => "PAUSED",
            "waiting_for_customer" => "ON_HOLD",
            _ => "OPEN",
        };
        assert_eq!(there, expected, "{number}: Jobcard says {status}");
    }
    for number in &finished {
        assert_eq!(remote[number][0]["status"], "COMPLETED", "{number}");
    }
}

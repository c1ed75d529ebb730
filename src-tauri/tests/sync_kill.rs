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

mod common;

use std::collections::BTreeMap;

use common::{
    add_connector, final_sync, jobcard, jobcard_ok, order_json, order_numbers, sync_and_kill,
};
use jobcard_fake_cyclesoftware::{FakeConfig, FakeServer, Fault};

const ROUNDS: u64 = 30;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_sync_never_duplicates_or_loses_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    assert!(jobcard(dir, &["demo"], None).status.success());
    add_connector(
        dir,
        "till",
        "cyclesoftware",
        &fake.base_url(),
        &[("username", "jobcard"), ("password", "secret")],
    );
    fake.add_fault(Fault::Random {
        probability_percent: 25,
        seed: 7,
        method: None,
    });

    let mut killed_running = 0;
    for round in 0..ROUNDS {
        if round % 3 == 0 {
            jobcard_ok(
                dir,
                &["orders", "create", "--file", "-"],
                Some(&order_json(round)),
            );
        }
        if sync_and_kill(dir, round, || fake.api_requests()).await {
            killed_running += 1;
        }
    }
    assert!(
        killed_running >= ROUNDS / 2,
        "most kills hit a running sync: {killed_running}"
    );

    fake.clear_faults();
    final_sync(dir);

    let numbers = order_numbers(dir);
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

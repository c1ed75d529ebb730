//! kill -9 of `jobcard sync` against the fake TrustPager with random faults, while mechanics
//! start and finish orders between the kills, so creates (POST) and status changes (PATCH)
//! are cut off at random points. A lost create is found again by the number at the start of
//! the work order's title; had one gone out twice, TrustPager would hold two work orders for
//! the order. The clean `sync --until-idle` at the end must exit 0, and the fake then holds
//! exactly one work order per live order, with the status label, and the assignee, Jobcard's
//! order has.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeMap;

use common::*;
use jobcard_fake_trustpager::{FakeConfig, FakeServer, Fault, USERS};

const ROUNDS: u64 = 24;

/// The Jobcard number a work order belongs to: the first word of its title.
fn number_of(work_order: &serde_json::Value) -> String {
    work_order["title"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_trustpager_sync_never_creates_twice_or_loses_a_status() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    assert!(jobcard(dir, &["demo"], None).status.success());
    add_connector(
        dir,
        "tp",
        "trustpager",
        &fake.base_url(),
        &[("api_key", "tp-key")],
    );
    // Every demo mechanic is a TrustPager user (else their orders stop as failed), and requests
    // are paced 20 ms apart instead of the default second, so a sync gets work done between
    // kills.
    let mut mapping = ["connector", "set", "tp", "--set", "minutely_limit=3000"]
        .map(str::to_owned)
        .to_vec();
    for (id, name) in USERS {
        mapping.push("--set".to_owned());
        mapping.push(format!("employee.{name}={id}"));
    }
    let mapping: Vec<&str> = mapping.iter().map(String::as_str).collect();
    jobcard_ok(dir, &mapping, None);
    fake.add_fault(Fault::Random {
        probability_percent: 25,
        seed: 13,
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

    let before_final = fake.snapshot()["work_orders"].as_array().unwrap().len();
    assert!(
        before_final >= 3,
        "the killed syncs got work done: {before_final} work orders"
    );
    fake.clear_faults();
    final_sync(dir);

    let state = fake.snapshot();
    let mut remote: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for wo in state["work_orders"].as_array().unwrap() {
        remote.entry(number_of(wo)).or_default().push(wo.clone());
    }
    let user = |name: &str| USERS.iter().find(|(_, n)| *n == name).unwrap().0;
    let numbers = order_numbers(dir);
    for number in &numbers {
        let shown = jobcard_ok(dir, &["orders", "show", number, "--json"], None);
        let local: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
        let status = local["status"]["status"].as_str().unwrap().to_owned();
        let copies = remote.get(number).map_or(0, Vec::len);
        if status == "cancelled" {
            // Cancelled before it ever reached TrustPager: never created.
            assert_eq!(copies, 0, "{number}: {copies} work orders");
            continue;
        }
        assert_eq!(
            copies,
            1,
            "{number} ({status}) is in TrustPager {copies} times: {:?}",
            remote.get(number)
        );
        let there = &remote[number][0];
        let expected = match status.as_str() {
            "in_progress" => "In Progress",
            "done" | "collected" => "Completed",
            "waiting_for_parts" | "waiting_for_customer" => "On Hold",
            "scheduled" => "Scheduled",
            _ => "Pending",
        };
        assert_eq!(there["status"], expected, "{number}: Jobcard says {status}");
        let assignee = local["mechanic"].as_str().map(user);
        assert_eq!(
            there["assigned_to"].as_str(),
            assignee,
            "{number}: mechanic {}",
            local["mechanic"]
        );
    }
    assert!(
        remote.keys().all(|n| numbers.contains(n)),
        "work orders of no order: {:?}",
        remote.keys().collect::<Vec<_>>()
    );
    for number in &finished {
        assert_eq!(remote[number][0]["status"], "Completed", "{number}");
    }
}

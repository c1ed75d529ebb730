//! kill -9 of `jobcard sync` against the fake Scan2Evolve with random faults. Scan2Evolve
//! makes the work orders: the pull imports them (found again by the order's own reference
//! `s2e:ID`) while mechanics start and finish the imported orders between the kills, so the
//! imports and the downstream sync POSTs (IN_PROGRESS, then COMPLETED with the closing
//! fields) are cut off at random points. The clean `sync --until-idle` at the end must exit
//! 0; then every work order is exactly one Jobcard order, each on Scan2Evolve in the state
//! Jobcard's order is in (with Jobcard's number as `externalId` and the mechanic's resolution),
//! and none took COMPLETED twice. Orders made in Jobcard send nothing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeMap;

use common::*;
use jobcard_fake_scan2evolve::{FakeConfig, FakeServer, Fault};
use serde_json::{Value, json};

const ROUNDS: u64 = 24;
const SEEDED: usize = 8;
const SEED: u64 = 19;
const FAULT_PERCENT: u32 = 25;

/// A work order as Scan2Evolve makes one from an inspection: two tasks of 2 h and 1.5 h.
fn work_order(n: usize) -> Value {
    json!({
        "id": format!("wo_k{n}"),
        "title": format!("Replace bearing {n}"),
        "description": "Bearing failure detected during inspection.",
        "priority": "HIGH",
        "status": "ASSIGNED",
        "location": format!("Building {n}, Level 2"),
        "dueDate": "2026-03-15T00:00:00.000Z",
        "asset": {"id": format!("asset_{n}"), "name": "Centrifugal Pump A",
            "code": format!("PUMP-{n}"),
            "site": {"id": format!("site_{}", n % 3), "name": format!("Warehouse {}", n % 3),
                     "code": "WH"}},
        "tasks": [
            {"id": "t1", "taskNumber": "TSK-1", "title": "Remove old bearing",
             "status": "ASSIGNED", "estimatedHours": 2.0},
            {"id": "t2", "taskNumber": "TSK-2", "title": "Install new bearing",
             "status": "ASSIGNED", "estimatedHours": 1.5}
        ]
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_scan2evolve_sync_never_imports_or_completes_twice() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let ids: Vec<String> = (1..=SEEDED)
        .map(|n| {
            let seeded = fake.seed(work_order(n)).unwrap();
            seeded["id"].as_str().unwrap().to_owned()
        })
        .collect();
    assert!(jobcard(dir, &["demo"], None).status.success());
    add_connector(
        dir,
        "s2e",
        "scan2evolve",
        &fake.base_url(),
        &[
            ("api_token", "s2e-token"),
            ("downstream_token", "s2e-downstream"),
            ("downstream_api_key", "s2e-key"),
        ],
    );
    // Requests 20 ms apart instead of the default second, so a sync gets work done between
    // kills.
    jobcard_ok(
        dir,
        &["connector", "set", "s2e", "--set", "minutely_limit=3000"],
        None,
    );
    fake.add_fault(Fault::Random {
        probability_percent: FAULT_PERCENT,
        seed: SEED,
        method: None,
    });

    let mut seen = BTreeMap::new();
    let mut worked: Vec<String> = Vec::new();
    let mut started: Vec<String> = Vec::new();
    // Jobcard number -> the resolution typed when it was finished.
    let mut finished: BTreeMap<String, String> = BTreeMap::new();
    let mut native = Vec::new();
    let mut killed_running = 0;
    for round in 0..ROUNDS {
        match round % 4 {
            0 => {
                // An order made in Jobcard: Scan2Evolve has no work order for it.
                let out = jobcard_ok(
                    dir,
                    &["orders", "create", "--file", "-", "--json"],
                    Some(&order_json(round)),
                );
                let made: Value = serde_json::from_slice(&out.stdout).unwrap();
                native.push(made["number"].as_str().unwrap().to_owned());
            }
            1 => {
                let fresh = imported(dir, "s2e:", &mut seen)
                    .into_values()
                    .flatten()
                    .find(|n| !worked.contains(n));
                if let Some(number) = fresh {
                    work(dir, &["orders", "start", &number, "--as", MECHANIC]);
                    worked.push(number.clone());
                    started.push(number);
                }
            }
            3 => {
                if let Some(n) = started.pop() {
                    let resolution = format!("Bearing replaced in round {round}");
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
                    finished.insert(n, resolution);
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
    assert!(finished.len() >= 3, "orders finished: {finished:?}");

    // Let a request of the last killed sync land before the faults stop.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let under_faults = fake.snapshot()["requests"]["log"].as_array().unwrap().len();
    let synced_before = fake.snapshot()["work_orders"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["syncStatus"] == "SYNCED")
        .count();
    assert!(
        synced_before >= 2,
        "the killed syncs got work done: {synced_before} work orders synced"
    );
    fake.clear_faults();
    final_sync(dir);

    let state = fake.snapshot();
    // How many downstream POSTs setting COMPLETED each work order took in (refused ones left
    // out).
    let (applied, rate_limited) = replay_random(SEED, FAULT_PERCENT, under_faults);
    assert_eq!(
        state["rate_limited"].as_u64(),
        Some(rate_limited),
        "the replay of the random faults is out of step with the fake"
    );
    let mut completed: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let log = state["requests"]["log"].as_array().unwrap();
    for (i, request) in log.iter().enumerate() {
        let path = request["path"].as_str().unwrap();
        if request["method"] == "POST" {
            let id = path
                .strip_prefix("/api/downstream/work-orders/")
                .and_then(|p| p.strip_suffix("/sync"))
                .unwrap_or_else(|| panic!("a POST that is not a downstream sync: {path}"));
            assert!(ids.iter().any(|w| w == id), "{path}");
            if request["body"]["status"] == "COMPLETED" && applied.get(i).copied().unwrap_or(true) {
                completed.entry(id.to_owned()).or_default().push(i);
            }
        }
    }

    let imports = imported(dir, "s2e:", &mut seen);
    assert_eq!(imports.len(), ids.len(), "imported orders: {imports:?}");
    for wo in state["work_orders"].as_array().unwrap() {
        let id = wo["id"].as_str().unwrap();
        let numbers = imports.get(&format!("s2e:{id}"));
        assert_eq!(
            numbers.map(Vec::len),
            Some(1),
            "work order {id} imported as {numbers:?}"
        );
        let number = &numbers.unwrap()[0];
        let local = show(dir, number);
        let status = local["status"]["status"].as_str().unwrap();
        let took = completed.get(id).map_or(0, Vec::len);
        match status {
            "done" => {
                let resolution = finished.get(number).unwrap();
                assert_eq!(wo["status"], "COMPLETED", "{number}: {wo}");
                assert_eq!(wo["resolution"], resolution.as_str(), "{number}: {wo}");
                assert_eq!(wo["externalId"], number.as_str(), "{number}: {wo}");
                assert_eq!(
                    took,
                    1,
                    "{id} ({number}) took COMPLETED {took} times: {:?}",
                    completed
                        .get(id)
                        .map(|at| at.iter().map(|i| &log[*i]).collect::<Vec<_>>())
                );
            }
            "in_progress" => {
                assert_eq!(wo["status"], "IN_PROGRESS", "{number}: {wo}");
                assert_eq!(wo["externalId"], number.as_str(), "{number}: {wo}");
                assert_eq!(took, 0, "{id} ({number})");
            }
            _ => {
                assert!(!worked.contains(number), "{number} is {status}");
                assert_eq!(wo["status"], "ASSIGNED", "{number}: {wo}");
                assert_eq!(wo["externalId"], Value::Null, "{number}: {wo}");
                assert_eq!(took, 0, "{id} ({number})");
            }
        }
    }
    for number in finished.keys() {
        assert_eq!(show(dir, number)["status"]["status"], "done", "{number}");
    }
    for number in &native {
        assert!(seen[number].is_none(), "{number} is not imported");
    }
}

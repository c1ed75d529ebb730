//! kill -9 of `jobcard sync` against the fake Field Nation with random faults, both ways at
//! once: orders marked for the connector are dispatched (POST, then the PUT that marks them
//! `work_done`) and work orders a buyer published on the marketplace are imported, while
//! mechanics start and finish both kinds between the kills. A lost create is found again by
//! the `[NUMBER]` at the start of the title, an import by the order's own reference `fn:ID`.
//! The clean `sync --until-idle` at the end must exit 0; then every marked order is exactly
//! one work order on Field Nation (Draft, or Work Done with the resolution in its closing
//! notes), every published work order is exactly one Jobcard order, and nothing else exists.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeMap;

use common::*;
use jobcard_fake_fieldnation::{FakeConfig, FakeServer, Fault};
use serde_json::{Value, json};

const ROUNDS: u64 = 24;
const PUBLISHED: u32 = 3;
const SEED: u64 = 17;
const FAULT_PERCENT: u32 = 25;
/// How many of the imported orders the mechanic starts and finishes (the rest stay as they
/// came in).
const IMPORTS_WORKED: usize = 2;

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
                     "start": {"utc": format!("2030-03-0{n} 09:00:00")},
                     "end": {"utc": format!("2030-03-0{n} 17:00:00")}}},
        "status": "assigned",
    });
    fake.publish(work_order.as_object().unwrap().clone())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_fieldnation_sync_never_dispatches_or_imports_twice() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    assert!(jobcard(dir, &["demo"], None).status.success());
    add_connector(
        dir,
        "fn",
        "fieldnation",
        &fake.base_url(),
        &[("access_token", "fn-token")],
    );
    // Requests 100 ms apart instead of the default second, so a sync gets work done between
    // kills.
    jobcard_ok(
        dir,
        &["connector", "set", "fn", "--set", "minutely_limit=600"],
        None,
    );
    let published: Vec<u64> = (1..=PUBLISHED).map(|n| publish(&fake, n)).collect();
    fake.add_fault(Fault::Random {
        probability_percent: FAULT_PERCENT,
        seed: SEED,
        method: None,
    });

    let mut dispatched = Vec::new();
    let mut started = Vec::new();
    // Jobcard number -> the resolution typed when it was finished.
    let mut finished: BTreeMap<String, String> = BTreeMap::new();
    let mut seen = BTreeMap::new();
    // The imported orders the mechanic finished.
    let mut worked: Vec<String> = Vec::new();
    let mut killed_running = 0;
    for round in 0..ROUNDS {
        match round % 4 {
            0 => {
                let out = jobcard_ok(
                    dir,
                    &["orders", "create", "--file", "-", "--json"],
                    Some(&order_json(round)),
                );
                let number = created_number(&out);
                jobcard_ok(dir, &["orders", "mark", &number, "--connector", "fn"], None);
                dispatched.push(number.clone());
                started.push(number);
            }
            1 => {
                if let Some(n) = started.last().cloned() {
                    work(dir, &["orders", "start", &n, "--as", MECHANIC]);
                }
            }
            3 => {
                if let Some(n) = started.pop() {
                    let resolution = format!("Fixed in round {round}");
                    finish(dir, &n, &resolution);
                    finished.insert(n, resolution);
                }
                // An imported order, now the mechanic's timer is free: done at once (Field
                // Nation is told nothing until it is done).
                if worked.len() < IMPORTS_WORKED {
                    let fresh = imported(dir, "fn:", &mut seen)
                        .into_values()
                        .flatten()
                        .find(|n| !worked.contains(n));
                    if let Some(number) = fresh {
                        work(dir, &["orders", "start", &number, "--as", MECHANIC]);
                        let resolution = format!("Router mounted in round {round}");
                        finish(dir, &number, &resolution);
                        finished.insert(number.clone(), resolution);
                        worked.push(number);
                    }
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
    assert!(
        finished.len() >= 5 + IMPORTS_WORKED,
        "orders finished: {finished:?}, imported orders worked on: {worked:?}"
    );
    let before_final = fake.snapshot()["work_orders"].as_array().unwrap().len();
    assert!(
        before_final > PUBLISHED as usize,
        "the killed syncs got work done: {before_final} work orders"
    );

    // Let a request of the last killed sync land before the faults stop.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let under_faults = fake.snapshot()["requests"]["log"].as_array().unwrap().len();
    fake.clear_faults();
    final_sync(dir);

    let state = fake.snapshot();
    let work_orders = state["work_orders"].as_array().unwrap();
    // How many `work_done` PUTs each work order took in (refused ones left out).
    let (applied, rate_limited) = replay_random(SEED, FAULT_PERCENT, under_faults);
    assert_eq!(
        state["rate_limited"].as_u64(),
        Some(rate_limited),
        "the replay of the random faults is out of step with the fake"
    );
    let mut work_done: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    for (i, request) in state["requests"]["log"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        if request["method"] == "PUT"
            && request["body"]["status"] == "work_done"
            && applied.get(i).copied().unwrap_or(true)
        {
            let id = request["path"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap();
            work_done.entry(id.parse().unwrap()).or_default().push(i);
        }
    }
    for wo in work_orders {
        let id = wo["id"].as_u64().unwrap();
        let expected = usize::from(wo["status"]["name"] == "Work Done");
        let took = work_done.get(&id).map_or(0, Vec::len);
        assert_eq!(
            took,
            expected,
            "work order {id} took work_done {took} times (requests {:?}): {wo}",
            work_done.get(&id)
        );
    }
    // Imports: each published work order is exactly one Jobcard order.
    let imports = imported(dir, "fn:", &mut seen);
    assert_eq!(
        imports.len(),
        published.len(),
        "imported orders: {imports:?}"
    );
    for id in &published {
        let numbers = imports.get(&format!("fn:{id}"));
        assert_eq!(
            numbers.map(Vec::len),
            Some(1),
            "work order {id} imported as {numbers:?}"
        );
        let number = &numbers.unwrap()[0];
        let there = work_orders
            .iter()
            .find(|w| w["id"].as_u64() == Some(*id))
            .unwrap();
        match finished.get(number) {
            Some(resolution) => {
                assert_eq!(there["status"]["name"], "Work Done", "{number}: {there}");
                let notes = there["closing_notes"].as_str().unwrap_or_default();
                assert!(notes.contains(resolution.as_str()), "{number}: {there}");
            }
            None => assert_eq!(there["status"]["name"], "Assigned", "{number}: {there}"),
        }
    }
    // Dispatch: each marked order is exactly one work order, titled `[NUMBER] ...`.
    let mut remote: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for wo in work_orders {
        if published.contains(&wo["id"].as_u64().unwrap()) {
            continue;
        }
        let title = wo["title"].as_str().unwrap();
        let number = title
            .strip_prefix('[')
            .and_then(|t| t.split_once(']'))
            .map_or(title, |(n, _)| n);
        remote.entry(number.to_owned()).or_default().push(wo);
    }
    assert_eq!(
        remote.keys().collect::<Vec<_>>(),
        dispatched.iter().collect::<Vec<_>>(),
        "work orders dispatched: {remote:?}"
    );
    for number in &dispatched {
        let copies = &remote[number];
        assert_eq!(
            copies.len(),
            1,
            "{number} is on Field Nation {} times: {copies:?}",
            copies.len()
        );
        let there = copies[0];
        let status = show(dir, number)["status"]["status"]
            .as_str()
            .unwrap()
            .to_owned();
        match finished.get(number) {
            Some(resolution) => {
                assert_eq!(status, "done", "{number}");
                assert_eq!(there["status"]["name"], "Work Done", "{number}: {there}");
                let notes = there["closing_notes"].as_str().unwrap_or_default();
                assert!(notes.contains(resolution.as_str()), "{number}: {there}");
            }
            None => {
                assert_ne!(status, "done", "{number}");
                assert_eq!(there["status"]["name"], "Draft", "{number}: {there}");
            }
        }
    }
}

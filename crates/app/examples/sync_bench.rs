//! Benchmark of draining the outbox to the fake CycleSoftware server.
//!
//! ```text
//! cargo run --release -p jobcard-app --example sync_bench -- [--orders 2000] [--minutely 360] [--daily 15000]
//! ```
//!
//! It creates `--orders` new orders (each a new customer and bike, three lines), starts the
//! fake with the given limits, and runs `sync --until-idle`. It prints the requests sent,
//! the achieved requests per minute against the allowed rate, and the 429s the fake served
//! (the goal: at least 0.9 of the allowed rate and no 429). A benchmark, not a test: it
//! asserts nothing about time.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::Arc;
use std::time::Instant;

use jobcard_app::dto::{ConnectorInput, CustomerInput, LineInput, NewOrder, RepairObjectInput};
use jobcard_app::{Actor, App, SystemClock};
use jobcard_fake_cyclesoftware::{FakeConfig, FakeServer};

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn order(i: u64) -> NewOrder {
    NewOrder {
        customer: Some(CustomerInput {
            name: format!("Sync bench {i}"),
            phone: Some(format!("06{i:08}")),
            ..Default::default()
        }),
        repair_object: Some(RepairObjectInput {
            brand: Some("Gazelle".into()),
            frame_number: Some(format!("SB{i:07}")),
            ..Default::default()
        }),
        description: "Sync benchmark".into(),
        lines: (0..3)
            .map(|n| LineInput {
                description: Some(format!("Part {n}")),
                unit_price_cents: Some(9000 + n),
                vat: Some(if n == 0 { "low" } else { "high" }.into()),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

#[tokio::main]
async fn main() {
    let orders = arg("--orders", 2000);
    let minutely = u32::try_from(arg("--minutely", 360)).unwrap();
    let daily = u32::try_from(arg("--daily", 1_000_000)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let app = App::open_with_secret_file(dir.path(), Arc::new(SystemClock))
        .await
        .unwrap();
    let owner = Actor::new("bench");
    let made = Instant::now();
    for i in 0..orders {
        app.create_order(&owner, order(i)).await.unwrap();
    }
    println!(
        "created {orders} orders in {:.1} s",
        made.elapsed().as_secs_f64()
    );
    let fake = FakeServer::start(FakeConfig {
        minutely_limit: minutely,
        daily_limit: daily,
        ..FakeConfig::default()
    })
    .await
    .unwrap();
    let input = ConnectorInput {
        name: "till".into(),
        kind: "cyclesoftware".into(),
        base_url: Some(fake.base_url()),
        set: vec![("minutely_limit".into(), minutely.to_string())],
        enabled: None,
    };
    app.add_connector(&owner, &input).await.unwrap();
    app.set_connector_secret(&owner, "till", "username", "jobcard")
        .await
        .unwrap();
    app.set_connector_secret(&owner, "till", "password", "secret")
        .await
        .unwrap();
    let started = Instant::now();
    let reports = app
        .run_sync(&owner, Some("till"), Some(600), &|_| {})
        .await
        .unwrap();
    let took = started.elapsed();
    let report = &reports[0];
    let state = fake.snapshot();
    let per_minute = report.requests as f64 / took.as_secs_f64() * 60.0;
    println!(
        "drained {} orders in {:.1} s: {} requests, {:.0} requests/min of {} allowed ({:.2}), 429s served {}, busiest minute {}",
        report.synced,
        took.as_secs_f64(),
        report.requests,
        per_minute,
        minutely,
        per_minute / f64::from(minutely),
        state["rate_limited"],
        state["max_in_any_minute"],
    );
    assert!(report.all_synced(), "{report:?}");
}

//! Live across seats (issue 14): a change made at one seat reaches every other seat's change
//! feed, on both backends (run plain for SQLite, under `scripts/with-postgres.sh` for
//! PostgreSQL). Two `App`s on one database stand for two seats.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::time::Duration;

use common::demo::{app_at, demo, intake_order};
use jobcard_app::live::{Change, next_batch};
use jobcard_store::NewAudit;
use tokio::sync::broadcast::Receiver;
use tokio::time::timeout;

/// How long a seat may take to hear of another seat's change (the issue asks for about one
/// second; the SQLite feed polls every 500 ms).
const WITHIN: Duration = Duration::from_secs(2);

/// The next note on `feed`, or a failure naming what was awaited.
async fn next_note(feed: &mut Receiver<Change>, what: &str) -> Change {
    timeout(WITHIN, feed.recv())
        .await
        .unwrap_or_else(|_| panic!("no change note within {WITHIN:?}: {what}"))
        .expect("the feed is open")
}

#[tokio::test]
async fn a_change_at_another_seat_reaches_the_feed_within_two_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let counter = demo(dir.path()).await;
    let number = intake_order(&counter).await;
    let id = counter.get_order(&number).await.unwrap().id;
    let mut feed = counter.watch_changes().await;

    let bench = app_at(dir.path(), "2026-11-24T09:00:00Z").await;
    let joris = bench.sign_in("Joris Bakker", "2222").await.unwrap();
    bench.start_work(&joris, &number).await.unwrap();

    let note = next_note(&mut feed, "the bench started the job").await;
    assert_eq!(
        note,
        Change::Entity {
            entity: "order".into(),
            id: id.clone()
        },
        "the counter hears which order changed"
    );
    // The window's batch names the order, so its open order screen reloads.
    bench.pause_work(&joris, &number).await.unwrap();
    let batch = timeout(WITHIN, next_batch(&mut feed, Duration::from_millis(100)))
        .await
        .expect("a batch within the bound")
        .expect("the feed is open");
    assert!(batch.touches_order(&id), "{batch:?}");
    assert!(!batch.all, "nothing was missed: {batch:?}");
}

#[tokio::test]
async fn a_rolled_back_change_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let counter = demo(dir.path()).await;
    let number = intake_order(&counter).await;
    let id = counter.get_order(&number).await.unwrap().id;
    let mut feed = counter.watch_changes().await;

    // A change that fails after its audit row was written: the transaction is dropped.
    let other = app_at(dir.path(), "2026-11-24T09:00:00Z").await;
    let mut tx = other.store().begin_write().await.unwrap();
    jobcard_store::journal::write(
        &mut tx,
        &NewAudit {
            at: "2026-11-24T09:00:00Z",
            actor: "Nobody",
            entity: "order",
            entity_id: "rolled-back",
            action: "status",
            changes: serde_json::json!({}),
        },
        None,
    )
    .await
    .unwrap();
    drop(tx);

    // Then a real change; it must be the first note the counter hears.
    let joris = other.sign_in("Joris Bakker", "2222").await.unwrap();
    other.start_work(&joris, &number).await.unwrap();
    let note = next_note(&mut feed, "the committed change after the rolled-back one").await;
    assert_eq!(
        note,
        Change::Entity {
            entity: "order".into(),
            id
        },
        "the rolled-back change sent no note"
    );
    while let Ok(later) = feed.try_recv() {
        assert!(
            !matches!(&later, Change::Entity { id, .. } if id == "rolled-back"),
            "the rolled-back change sent no note: {later:?}"
        );
    }
}

#[tokio::test]
async fn the_postgres_listener_comes_back_after_its_connection_is_killed() {
    if !jobcard_store::db::testing::on_postgres() {
        eprintln!("skipped: only PostgreSQL has a listener connection (set JOBCARD_TEST_POSTGRES)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let counter = demo(dir.path()).await;
    let number = intake_order(&counter).await;
    let id = counter.get_order(&number).await.unwrap().id;
    let mut feed = counter.watch_changes().await;

    // The server ends the listener's session, as at a restart.
    let bench = app_at(dir.path(), "2026-11-24T09:00:00Z").await;
    let killed: Vec<bool> = jobcard_store::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()",
    )
    .fetch_all(bench.store().readers())
    .await
    .unwrap();
    assert_eq!(killed, vec![true], "exactly one listener was running");

    // The feed says "something may have changed" once it listens again...
    let note = next_note(&mut feed, "the listener reconnected").await;
    assert_eq!(note, Change::Unknown, "a reconnect reloads everything");
    // ...and notes of later changes arrive as before.
    let joris = bench.sign_in("Joris Bakker", "2222").await.unwrap();
    bench.start_work(&joris, &number).await.unwrap();
    let note = next_note(&mut feed, "a change after the reconnect").await;
    assert_eq!(
        note,
        Change::Entity {
            entity: "order".into(),
            id
        }
    );
}

/// A server restart, as the seats see it: the server ends every session. The next action at
/// each seat works without restarting Jobcard (the pool tests a connection before handing it
/// out and opens a new one), and nothing saved before is lost.
#[tokio::test]
async fn a_seat_works_on_after_the_server_ends_all_its_sessions() {
    if !jobcard_store::db::testing::on_postgres() {
        eprintln!("skipped: only a shared database has sessions a server can end");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let counter = demo(dir.path()).await;
    let number = intake_order(&counter).await;
    let bench = app_at(dir.path(), "2026-11-24T09:00:00Z").await;
    let joris = bench.sign_in("Joris Bakker", "2222").await.unwrap();

    let killed: Vec<bool> = jobcard_store::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .fetch_all(bench.store().readers())
    .await
    .unwrap();
    assert!(
        killed.len() >= 2 && killed.iter().all(|k| *k),
        "the sessions of both seats were ended: {killed:?}"
    );

    // Both seats go on: the bench starts the job, then the counter (signing in anew) puts it
    // on hold for parts, and each sees the other's change.
    bench.start_work(&joris, &number).await.unwrap();
    let sanne = counter.sign_in("Sanne de Boer", "1111").await.unwrap();
    let seen = counter.get_order(&number).await.unwrap();
    assert_eq!(
        seen.status.status.as_str(),
        "in_progress",
        "the bench's change is saved"
    );
    counter
        .set_order_status(
            &sanne,
            &number,
            "waiting_for_parts",
            Some("brake pads ordered"),
            Some(seen.version),
        )
        .await
        .unwrap();
    let at_bench = bench.get_order(&number).await.unwrap();
    assert_eq!(at_bench.status.status.as_str(), "waiting_for_parts");
    assert_eq!(
        at_bench.lines.len(),
        seen.lines.len(),
        "nothing saved before is lost"
    );
}

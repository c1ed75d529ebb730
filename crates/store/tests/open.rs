//! The store on real SQLite files in temporary directories: migrations from empty, durable
//! settings, the version gate, and rollback of a failed transaction.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jobcard_store::sql::{orders, settings};
use jobcard_store::{Store, sqlite_version_ok};

#[tokio::test]
async fn migrates_an_empty_file_with_durable_settings() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(&dir.path().join("new")).await.unwrap();
    assert!(store.path().unwrap().exists());
    let mut tx = store.begin_write().await.unwrap();
    let journal: String = jobcard_store::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    let synchronous: i64 = jobcard_store::query_scalar("PRAGMA synchronous")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    let foreign_keys: i64 = jobcard_store::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    let version: String = jobcard_store::query_scalar("SELECT sqlite_version()")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    drop(tx);
    assert_eq!(journal, "wal");
    assert_eq!(synchronous, 2, "synchronous=FULL");
    assert_eq!(foreign_keys, 1);
    assert!(
        sqlite_version_ok(&version),
        "bundled SQLite {version} is older than 3.51.3"
    );
    let rates: i64 = jobcard_store::query_scalar("SELECT count(*) FROM vat_rates")
        .fetch_one(store.readers())
        .await
        .unwrap();
    assert_eq!(
        rates, 6,
        "the Dutch VAT rates, with their history, come with the migrations"
    );
    let high_1995: i64 = jobcard_store::query_scalar(
        "SELECT rate_bp FROM vat_rates WHERE code = 'high' AND valid_from <= '1995-06-01' AND valid_to >= '1995-06-01'",
    )
    .fetch_one(store.readers())
    .await
    .unwrap();
    assert_eq!(high_1995, 1750);
    store.integrity_check().await.unwrap();
    store.close().await;
    // Opening again runs no migration twice and keeps the data.
    let again = Store::open(&dir.path().join("new").join("jobcard.sqlite"))
        .await
        .unwrap();
    let stores: i64 = jobcard_store::query_scalar("SELECT count(*) FROM stores")
        .fetch_one(again.readers())
        .await
        .unwrap();
    assert_eq!(stores, 1);
}

#[test]
fn version_gate() {
    assert!(sqlite_version_ok("3.51.3"));
    assert!(sqlite_version_ok("3.54.1"));
    assert!(sqlite_version_ok("4.0.0"));
    assert!(!sqlite_version_ok("3.51.2"));
    assert!(!sqlite_version_ok("3.45.1"));
    assert!(!sqlite_version_ok("garbage"));
}

#[tokio::test]
async fn a_failed_transaction_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).await.unwrap();
    let mut tx = store.begin_write().await.unwrap();
    settings::set(&mut tx, "a", "1").await.unwrap();
    let seq = orders::next_seq(&mut tx, 2026).await.unwrap();
    assert_eq!(seq, 1);
    // A second statement fails (foreign key to a customer that does not exist)...
    let failed = jobcard_store::query("INSERT INTO repair_objects (id, owner_id, kind, created_at, updated_at) VALUES ('x', 'missing', 'bicycle', '', '')")
        .execute(&mut *tx)
        .await;
    assert!(failed.is_err());
    drop(tx);
    // ...and dropping the transaction without commit keeps none of it.
    assert_eq!(settings::get(store.readers(), "a").await.unwrap(), None);
    let mut tx = store.begin_write().await.unwrap();
    assert_eq!(
        orders::next_seq(&mut tx, 2026).await.unwrap(),
        1,
        "the number was given back"
    );
    tx.commit().await.unwrap();
    let mut tx = store.begin_write().await.unwrap();
    assert_eq!(orders::next_seq(&mut tx, 2026).await.unwrap(), 2);
    assert_eq!(
        orders::next_seq(&mut tx, 2027).await.unwrap(),
        1,
        "numbers are per year"
    );
}

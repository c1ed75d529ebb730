//! What both backends promise alike, run on whichever the test run uses (the SQLite file, or
//! PostgreSQL under `scripts/with-postgres.sh`): migrations from empty, and a database that a
//! newer Jobcard migrated is refused with a message that says so, changing nothing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jobcard_store::db::testing::database_for;
use jobcard_store::{Store, StoreError, query, query_scalar};

#[tokio::test]
async fn a_database_from_a_newer_jobcard_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let database = database_for(dir.path()).await.unwrap();
    let store = Store::open_database(&database).await.unwrap();
    let applied: i64 = query_scalar("SELECT count(*) FROM _sqlx_migrations")
        .fetch_one(store.readers())
        .await
        .unwrap();
    assert!(applied >= 14, "{applied} migrations");
    let rates: i64 = query_scalar("SELECT count(*) FROM vat_rates")
        .fetch_one(store.readers())
        .await
        .unwrap();
    assert_eq!(rates, 6, "the Dutch VAT rates come with the migrations");
    // A newer program ran migration 9999.
    let mut tx = store.begin_write().await.unwrap();
    query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (9999, 'from the future', TRUE, $1, 1)",
    )
    .postgres(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (9999, 'from the future', TRUE, decode($1, 'hex'), 1)",
    )
    .bind(String::from("00"))
    .execute(&mut tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    store.close().await;

    let refused = Store::open_database(&database).await.unwrap_err();
    assert!(
        matches!(refused, StoreError::NewerDatabase { version: 9999, .. }),
        "{refused:?}"
    );
    let message = refused.to_string();
    assert!(message.contains("newer Jobcard"), "{message}");
    assert!(message.contains("update Jobcard"), "{message}");
}

#[tokio::test]
async fn a_nul_character_from_a_remote_is_kept_readable_not_refused() {
    // PostgreSQL text cannot hold NUL; a remote's JSON "\u0000" must not fail the change.
    let dir = tempfile::tempdir().unwrap();
    let database = database_for(dir.path()).await.unwrap();
    let store = Store::open_database(&database).await.unwrap();
    let mut tx = store.begin_write().await.unwrap();
    query("INSERT INTO settings (key, value) VALUES ($1, $2)")
        .bind("remote_text")
        .bind(String::from("Bike\0Shop"))
        .execute(&mut tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let kept: String = query_scalar("SELECT value FROM settings WHERE key = 'remote_text'")
        .fetch_one(store.readers())
        .await
        .unwrap();
    assert!(
        kept == "Bike\0Shop" || kept == "Bike\u{FFFD}Shop",
        "{kept:?}"
    );
}

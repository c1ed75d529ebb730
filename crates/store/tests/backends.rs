//! What both backends promise alike, run on whichever the test run uses (the SQLite file, or
//! PostgreSQL under `scripts/with-postgres.sh`): migrations from empty, and a database that a
//! newer Jobcard migrated is refused with a message that says so, changing nothing; a change's
//! journal entry.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jobcard_store::db::testing::{database_for, on_postgres};
use jobcard_store::sql::journal;
use jobcard_store::{NewAudit, Queued, Store, StoreError, query, query_scalar};

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

fn entry<'a>(entity_id: &'a str, action: &'a str) -> NewAudit<'a> {
    NewAudit {
        at: "2026-11-30T10:00:00.000Z",
        actor: "Şule",
        entity: "customer",
        entity_id,
        action,
        changes: serde_json::json!({"name": "Nguyễn"}),
    }
}

#[tokio::test]
async fn a_journal_entry_queues_an_outbox_row_only_for_a_change_that_leaves_the_shop() {
    let dir = tempfile::tempdir().unwrap();
    let database = database_for(dir.path()).await.unwrap();
    let store = Store::open_database(&database).await.unwrap();
    let count = |sql: &'static str| {
        let store = &store;
        async move {
            query_scalar::<i64>(sql)
                .fetch_one(store.readers())
                .await
                .unwrap()
        }
    };
    let (audit_before, outbox_before) = (
        count("SELECT count(*) FROM audit_log").await,
        count("SELECT count(*) FROM outbox").await,
    );

    // A change that leaves the shop, still open: it holds the outbox's ordering lock.
    let mut leaving = store.begin_write().await.unwrap();
    let queued = Queued {
        operation: "updated",
        payload: serde_json::json!({"number": "WO-2026-000001"}),
    };
    journal::write(&mut leaving, &entry("c-1", "changed"), Some(&queued))
        .await
        .unwrap();
    if on_postgres() {
        // An audit-only entry at another seat takes no ordering lock, so it does not wait.
        let mut local = store.begin_write().await.unwrap();
        let audit_only = entry("c-2", "import_retry");
        let write = journal::write(&mut local, &audit_only, None);
        tokio::time::timeout(std::time::Duration::from_secs(10), write)
            .await
            .expect("an audit-only entry waited for another seat's outbox lock")
            .unwrap();
        local.commit().await.unwrap();
    } else {
        journal::write(&mut leaving, &entry("c-2", "import_retry"), None)
            .await
            .unwrap();
    }
    leaving.commit().await.unwrap();

    assert_eq!(
        count("SELECT count(*) FROM audit_log").await,
        audit_before + 2
    );
    assert_eq!(
        count("SELECT count(*) FROM outbox").await,
        outbox_before + 1
    );
    let (entity, entity_id, operation, payload): (String, String, String, String) =
        jobcard_store::query_as(
            "SELECT entity, entity_id, operation, payload FROM outbox ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(store.readers())
        .await
        .unwrap();
    assert_eq!(
        (entity.as_str(), entity_id.as_str(), operation.as_str()),
        ("customer", "c-1", "updated")
    );
    assert!(payload.contains("WO-2026-000001"), "{payload}");
    let changes: String = query_scalar("SELECT changes FROM audit_log WHERE entity_id = 'c-2'")
        .fetch_one(store.readers())
        .await
        .unwrap();
    assert!(changes.contains("Nguyễn"), "{changes}");
}

#[tokio::test]
async fn a_change_without_its_journal_entry_is_refused_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let database = database_for(dir.path()).await.unwrap();
    let store = Store::open_database(&database).await.unwrap();
    let mut change = store.begin_change().await.unwrap();
    query("INSERT INTO settings (key, value) VALUES ('unrecorded', 'Łukasz')")
        .execute(&mut change)
        .await
        .unwrap();
    let refused = change.commit().await.unwrap_err();
    assert!(matches!(refused, StoreError::Unjournaled), "{refused}");
    assert!(
        refused.to_string().contains("without its audit row"),
        "{refused}"
    );
    let kept: Option<String> = query_scalar("SELECT value FROM settings WHERE key = 'unrecorded'")
        .fetch_optional(store.readers())
        .await
        .unwrap();
    assert_eq!(kept, None);

    // With its entry, the same change is saved.
    let mut change = store.begin_change().await.unwrap();
    query("INSERT INTO settings (key, value) VALUES ('recorded', 'Şule')")
        .execute(&mut change)
        .await
        .unwrap();
    journal::write(&mut change, &entry("recorded", "changed"), None)
        .await
        .unwrap();
    change.commit().await.unwrap();
    let kept: Option<String> = query_scalar("SELECT value FROM settings WHERE key = 'recorded'")
        .fetch_optional(store.readers())
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("Şule"));
}

#[tokio::test]
async fn a_stored_value_this_build_does_not_know_is_refused_by_name() {
    use jobcard_domain::ObjectKind;
    use jobcard_store::sql::parties;
    let dir = tempfile::tempdir().unwrap();
    let database = database_for(dir.path()).await.unwrap();
    let store = Store::open_database(&database).await.unwrap();
    let bike = jobcard_store::RepairObjectRow {
        id: "o-1".into(),
        owner_id: None,
        kind: ObjectKind::EBike,
        brand: Some("Gazelle".into()),
        model: None,
        year: None,
        colour: None,
        frame_number: None,
        frame_key: None,
        licence_plate: None,
        barcode: None,
        created_at: "2026-12-01T10:00:00Z".into(),
        updated_at: "2026-12-01T10:00:00Z".into(),
    };
    let mut tx = store.begin_write().await.unwrap();
    parties::insert_repair_object(&mut tx, &bike).await.unwrap();
    tx.commit().await.unwrap();
    // The row reads back with its kind as the type it was written as.
    let read = parties::repair_object_by_id(store.readers(), "o-1").await;
    assert_eq!(read.unwrap().unwrap().kind, ObjectKind::EBike);
    // A spelling no Jobcard writes (damage, or a hand edit) is an error naming the column
    // and the value, never a default.
    let mut tx = store.begin_write().await.unwrap();
    query("UPDATE repair_objects SET kind = 'hovercraft' WHERE id = 'o-1'")
        .execute(&mut tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let refused = parties::repair_object_by_id(store.readers(), "o-1")
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("kind"), "{refused}");
    assert!(refused.contains("hovercraft"), "{refused}");
    assert!(!refused.contains("unprintable"), "{refused}");
}

//! Backups of a shared PostgreSQL database: `jobcard backup now` writes a `pg_dump` file
//! (user-only, listed and pruned like the SQLite snapshots), and a restore puts the shop back
//! as it was, refused while another seat is connected. Runs in the test script's PostgreSQL
//! run (`scripts/with-postgres.sh`); without `JOBCARD_TEST_POSTGRES` it says so and passes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use jobcard_app::dto::OrderQuery;
use jobcard_app::{Actor, App, Database, FixedClock, list_backups};
use jobcard_store::db::testing::{database_for, on_postgres};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

async fn seat(dir: &Path, database: &Database) -> App {
    App::open_on(
        dir,
        database,
        Arc::new(FixedClock(at("2026-11-24T08:00:00Z"))),
    )
    .await
    .unwrap()
}

async fn order_count(app: &App) -> usize {
    let query = OrderQuery {
        limit: Some(200),
        ..Default::default()
    };
    app.list_orders(&query).await.unwrap().rows.len()
}

#[tokio::test]
async fn a_shared_database_is_backed_up_with_pg_dump_and_restored_when_every_seat_is_closed() {
    if !on_postgres() {
        eprintln!(
            "skipped: JOBCARD_TEST_POSTGRES is not set (runs under scripts/with-postgres.sh)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let database = database_for(dir.path()).await.unwrap();
    assert!(matches!(database, Database::Shared(_)));
    let counter = seat(dir.path(), &database).await;
    counter.load_demo().await.unwrap();
    let demo_orders = order_count(&counter).await;
    let backups = dir.path().join("backups");
    let backup = counter
        .backup_now(&Actor::new("CLI"), &backups)
        .await
        .unwrap();
    assert!(backup.file.ends_with(".pgdump"), "{}", backup.file);
    assert!(backup.bytes > 10_000, "{backup:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backup.file)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "readable by its user only: {mode:o}");
    }
    // pg_restore reads it back as a dump of Jobcard's tables.
    let listed = std::process::Command::new("pg_restore")
        .arg("--list")
        .arg(&backup.file)
        .output()
        .unwrap();
    assert!(listed.status.success());
    let contents = String::from_utf8_lossy(&listed.stdout);
    assert!(contents.contains("TABLE DATA public orders"), "{contents}");
    assert_eq!(list_backups(&backups).unwrap().len(), 1);

    // A change after the backup, then a restore while the counter is still open: refused,
    // naming the open connection, and the change is still there.
    let intake = OrderQuery {
        status: Some("intake".into()),
        ..Default::default()
    };
    let number = counter.list_orders(&intake).await.unwrap().rows[0]
        .number
        .clone();
    counter
        .set_order_status(
            &Actor::new("Marco Jansen"),
            &number,
            "cancelled",
            None,
            None,
        )
        .await
        .unwrap();
    let file = Path::new(&backup.file);
    let now = at("2026-11-24T09:00:00Z");
    let refused = jobcard_app::restore_backup(dir.path(), &database, file, now)
        .await
        .unwrap_err();
    assert_eq!(refused.code, "conflict", "{refused:?}");
    assert!(refused.message.contains("jobcard"), "{}", refused.message);
    assert_eq!(
        counter
            .get_order(&number)
            .await
            .unwrap()
            .status
            .status
            .as_str(),
        "cancelled"
    );

    // A .sqlite file is not a shared database's backup.
    let wrong = jobcard_app::restore_backup(dir.path(), &database, Path::new("x.sqlite"), now)
        .await
        .unwrap_err();
    assert_eq!(wrong.field.as_deref(), Some("file"), "{wrong:?}");

    // Every seat closed: the restore puts the shop back as it was at the backup.
    counter.close().await;
    jobcard_app::restore_backup(dir.path(), &database, file, now)
        .await
        .unwrap();
    let reopened = seat(dir.path(), &database).await;
    assert_eq!(order_count(&reopened).await, demo_orders);
    assert_eq!(
        reopened
            .get_order(&number)
            .await
            .unwrap()
            .status
            .status
            .as_str(),
        "intake",
        "the change after the backup is gone"
    );
    reopened.close().await;
}

//! The data files are safe: a restore never swaps the database under a process that has it
//! open, and the demo (whose PINs are published) never lands in a shop's own database.

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
use jobcard_app::{Actor, App, FixedClock};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-02T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

async fn open(dir: &Path) -> App {
    App::open(dir, Arc::new(FixedClock(now()))).await.unwrap()
}

async fn status_of(app: &App, number: &str) -> String {
    app.get_order(number)
        .await
        .unwrap()
        .status
        .status
        .to_string()
}

#[tokio::test]
async fn a_restore_is_refused_while_the_database_is_open_and_changes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let backups = data.path().join("backups");
    let window = open(data.path()).await;
    window.load_demo().await.unwrap();
    let backup = window
        .backup_now(&Actor::new("CLI"), &backups)
        .await
        .unwrap();
    let intake = OrderQuery {
        status: Some("intake".into()),
        ..Default::default()
    };
    let number = window.list_orders(&intake).await.unwrap().rows[0]
        .number
        .clone();
    // The "window" commits a change after the backup and keeps the database open.
    window
        .set_order_status(
            &Actor::new("Marco Jansen"),
            &number,
            "cancelled",
            None,
            None,
        )
        .await
        .unwrap();

    // A restore from another handle (the CLI, another window) is refused.
    let err = jobcard_app::restore_backup(
        data.path(),
        &jobcard_app::Database::Embedded(data.path().to_path_buf()),
        Path::new(&backup.file),
        now(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, "conflict");
    assert!(
        err.message
            .contains("the database is open in another Jobcard window or process")
            && err.message.contains("close it and try again"),
        "{err:?}"
    );
    // Nothing changed: the window's change is still there and can still be written to,
    // no database was kept aside and no half-copied file is left.
    assert_eq!(status_of(&window, &number).await, "cancelled");
    let files: Vec<String> = std::fs::read_dir(data.path())
        .unwrap()
        .chain(std::fs::read_dir(&backups).unwrap())
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !files
            .iter()
            .any(|n| n.contains("restoring") || n.starts_with("before-restore-")),
        "{files:?}"
    );
    for status in ["intake", "cancelled"] {
        window
            .set_order_status(&Actor::new("Marco Jansen"), &number, status, None, None)
            .await
            .unwrap();
    }

    // Once the window has closed, the same restore goes through.
    window.close().await;
    drop(window);
    jobcard_app::restore_backup(
        data.path(),
        &jobcard_app::Database::Embedded(data.path().to_path_buf()),
        Path::new(&backup.file),
        now(),
    )
    .await
    .unwrap();
    let reopened = open(data.path()).await;
    let order = reopened.get_order(&number).await.unwrap();
    assert_eq!(order.status.status.as_str(), "intake");
    assert_eq!(
        order.history.len(),
        1,
        "as it was at the backup: {:?}",
        order.history
    );
}

#[tokio::test]
async fn closing_a_store_releases_its_lock_for_every_clone() {
    // A closed store releases its lock for all its clones (the sync engine holds one).
    let data = tempfile::tempdir().unwrap();
    let backups = data.path().join("backups");
    let app = open(data.path()).await;
    let backup = app.backup_now(&Actor::new("CLI"), &backups).await.unwrap();
    let clone = app.clone();
    app.close().await;
    jobcard_app::restore_backup(
        data.path(),
        &jobcard_app::Database::Embedded(data.path().to_path_buf()),
        Path::new(&backup.file),
        now(),
    )
    .await
    .unwrap();
    drop(clone);
}

#[tokio::test]
async fn the_restore_at_the_next_start_waits_for_the_window_that_asked_to_end() {
    // A restart starts the new window a moment before the old one has exited.
    let data = tempfile::tempdir().unwrap();
    let backups = data.path().join("backups");
    let old_window = open(data.path()).await;
    old_window.load_demo().await.unwrap();
    let backup = old_window
        .backup_now(&Actor::new("CLI"), &backups)
        .await
        .unwrap();
    let name = Path::new(&backup.file)
        .file_name()
        .unwrap()
        .to_str()
        .unwrap();
    jobcard_app::request_restore(&Actor::new("CLI"), data.path(), &backups, name).unwrap();
    let dir = data.path().to_path_buf();
    let new_window =
        tokio::spawn(async move { jobcard_app::apply_pending_restore(&dir, now()).await });
    tokio::task::yield_now().await;
    old_window.close().await;
    let restored = new_window.await.unwrap().unwrap();
    assert_eq!(restored.unwrap().display().to_string(), backup.file);
}

#[tokio::test]
async fn a_backup_restores_into_a_data_directory_that_does_not_exist_yet() {
    let data = tempfile::tempdir().unwrap();
    let app = open(data.path()).await;
    app.load_demo().await.unwrap();
    let backup = app
        .backup_now(&Actor::new("CLI"), &data.path().join("backups"))
        .await
        .unwrap();
    let new_machine = data.path().join("new").join("shop");
    jobcard_app::restore_backup(
        &new_machine,
        &jobcard_app::Database::Embedded(new_machine.to_path_buf()),
        Path::new(&backup.file),
        now(),
    )
    .await
    .unwrap();
    let restored = open(&new_machine).await;
    assert!(
        !restored
            .list_orders(&OrderQuery::default())
            .await
            .unwrap()
            .rows
            .is_empty()
    );
}

#[tokio::test]
async fn the_demo_is_refused_on_a_shop_with_its_own_employee_unless_forced() {
    let data = tempfile::tempdir().unwrap();
    let app = open(data.path()).await;
    app.set_first_manager("Eva Smit", "8642").await.unwrap();

    let err = app.load_demo().await.unwrap_err();
    assert_eq!(err.code, "conflict");
    assert!(
        err.message.contains("1 employee(s)") && err.message.contains("--force"),
        "{}",
        err.message
    );
    let names: Vec<String> = app
        .sign_in_names()
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.name)
        .collect();
    assert_eq!(names, ["Eva Smit"], "nothing of the demo was added");
    assert!(
        app.list_orders(&OrderQuery::default())
            .await
            .unwrap()
            .rows
            .is_empty()
    );

    let report = app.load_demo_with(true).await.unwrap();
    assert!(report.loaded);
    assert_eq!(
        app.list_orders(&OrderQuery::default())
            .await
            .unwrap()
            .rows
            .len(),
        report.orders
    );
    // Loaded once, it is never loaded again, forced or not.
    assert!(!app.load_demo().await.unwrap().loaded);
    assert!(!app.load_demo_with(true).await.unwrap().loaded);
}

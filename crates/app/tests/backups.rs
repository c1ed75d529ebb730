//! Daily backups and their retention, with a pinned clock.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use jobcard_app::{Actor, App, BACKUPS_KEPT, Database, FixedClock, list_backups};

fn at(hours: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-01T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
        + TimeDelta::hours(hours)
}

async fn app_at(dir: &std::path::Path, hours: i64) -> App {
    App::open(dir, Arc::new(FixedClock(at(hours))))
        .await
        .unwrap()
}

/// Restores `backup` as the database of the data directory `dir`.
async fn restore_into(dir: &Path, backup: &str) {
    jobcard_app::restore_backup(
        dir,
        &Database::Embedded(dir.to_path_buf()),
        Path::new(backup),
        at(0),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_backup_is_due_once_a_day_and_only_the_newest_are_kept() {
    let data = tempfile::tempdir().unwrap();
    let backups = data.path().join("backups");
    let app = app_at(data.path(), 0).await;
    app.load_demo().await.unwrap();
    assert!(
        app.backup_if_due(&backups).await.unwrap().is_some(),
        "no backup yet: one is due"
    );
    app.close().await;
    let later_that_day = app_at(data.path(), 20).await;
    assert!(
        later_that_day
            .backup_if_due(&backups)
            .await
            .unwrap()
            .is_none()
    );
    later_that_day.close().await;

    for day in 1..=20 {
        let app = app_at(data.path(), day * 24).await;
        assert!(
            app.backup_if_due(&backups).await.unwrap().is_some(),
            "day {day}"
        );
        app.close().await;
    }
    let kept = list_backups(&backups).unwrap();
    assert_eq!(kept.len(), BACKUPS_KEPT);
    assert!(
        kept[0].taken_at.starts_with("2026-11-21T08:00:00"),
        "newest first: {}",
        kept[0].taken_at
    );
    assert!(kept.windows(2).all(|w| w[0].taken_at > w[1].taken_at));

    // A backup is a complete, sound database with the demo's orders.
    let copy = tempfile::tempdir().unwrap();
    restore_into(copy.path(), &kept[0].file).await;
    let restored = app_at(copy.path(), 500).await;
    restored.store().integrity_check().await.unwrap();
    let page = restored.list_orders(&Default::default()).await.unwrap();
    assert_eq!(page.rows.len(), 10);
}

#[tokio::test]
async fn a_restore_asked_for_in_the_window_happens_at_the_next_start() {
    let data = tempfile::tempdir().unwrap();
    let backups = data.path().join("backups");
    let app = app_at(data.path(), 0).await;
    app.load_demo().await.unwrap();
    let orders_then = app
        .list_orders(&Default::default())
        .await
        .unwrap()
        .rows
        .len();
    let backup = app
        .backup_now(&jobcard_app::Actor::new("CLI"), &backups)
        .await
        .unwrap();
    let intake = jobcard_app::dto::OrderQuery {
        status: Some("intake".into()),
        ..Default::default()
    };
    let number = app.list_orders(&intake).await.unwrap().rows[0]
        .number
        .clone();
    app.set_order_status(
        &jobcard_app::Actor::new("Marco Jansen"),
        &number,
        "cancelled",
        None,
        None,
    )
    .await
    .unwrap();

    // Only a listed backup can be asked for, by its name.
    let err = jobcard_app::request_restore(
        &jobcard_app::Actor::new("CLI"),
        data.path(),
        &backups,
        "/etc/passwd",
    )
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("file"));
    let name = std::path::Path::new(&backup.file)
        .file_name()
        .unwrap()
        .to_str()
        .unwrap();
    jobcard_app::request_restore(&jobcard_app::Actor::new("CLI"), data.path(), &backups, name)
        .unwrap();
    app.close().await;

    let restored = jobcard_app::apply_pending_restore(data.path(), at(1))
        .await
        .unwrap();
    assert_eq!(restored.unwrap().display().to_string(), backup.file);
    assert!(
        jobcard_app::apply_pending_restore(data.path(), at(2))
            .await
            .unwrap()
            .is_none(),
        "a request is applied once"
    );
    let reopened = app_at(data.path(), 2).await;
    let order = reopened.get_order(&number).await.unwrap();
    assert_eq!(
        order.status.status.as_str(),
        "intake",
        "the change after the backup is gone"
    );
    assert_eq!(
        reopened
            .list_orders(&Default::default())
            .await
            .unwrap()
            .rows
            .len(),
        orders_then
    );
    let kept: Vec<_> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        kept.iter().any(|n| n.starts_with("before-restore-")),
        "{kept:?}"
    );
}

#[tokio::test]
async fn backups_are_compressed_and_plain_ones_from_before_still_restore() {
    let data = tempfile::tempdir().unwrap();
    let backups = data.path().join("backups");
    let app = app_at(data.path(), 0).await;
    app.load_demo().await.unwrap();
    let backup = app.backup_now(&Actor::new("CLI"), &backups).await.unwrap();
    assert!(backup.file.ends_with(".sqlite.zst"), "{}", backup.file);
    // A backup as they were written before: the plain snapshot.
    let plain = backups.join("jobcard-20261001T080000Z.sqlite");
    app.store().backup_to(&plain).await.unwrap();
    let plain_bytes = std::fs::metadata(&plain).unwrap().len();
    assert!(
        backup.bytes * 3 < plain_bytes,
        "compressed {} bytes, plain {plain_bytes}",
        backup.bytes
    );
    let listed: Vec<String> = list_backups(&backups)
        .unwrap()
        .into_iter()
        .map(|b| b.file)
        .collect();
    assert_eq!(
        listed,
        vec![backup.file.clone(), plain.display().to_string()]
    );
    app.close().await;

    for file in [backup.file.clone(), plain.display().to_string()] {
        let copy = tempfile::tempdir().unwrap();
        restore_into(copy.path(), &file).await;
        let restored = app_at(copy.path(), 1).await;
        restored.store().integrity_check().await.unwrap();
        let page = restored.list_orders(&Default::default()).await.unwrap();
        assert_eq!(page.rows.len(), 10, "{file}");
        restored.close().await;
    }

    // A damaged compressed backup is refused by name, and the database stays as it was.
    let damaged = backups.join("jobcard-20261002T080000Z.sqlite.zst");
    let mut bytes = std::fs::read(&backup.file).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&damaged, bytes).unwrap();
    let err = jobcard_app::restore_backup(
        data.path(),
        &Database::Embedded(data.path().to_path_buf()),
        &damaged,
        at(2),
    )
    .await
    .unwrap_err();
    assert!(
        err.message.contains("jobcard-20261002T080000Z.sqlite.zst"),
        "{err:?}"
    );
    let reopened = app_at(data.path(), 3).await;
    let page = reopened.list_orders(&Default::default()).await.unwrap();
    assert_eq!(page.rows.len(), 10);
}

#[tokio::test]
async fn a_running_backup_shows_its_progress_and_a_second_one_waits_for_it() {
    let data = tempfile::tempdir().unwrap();
    let backups = data.path().join("backups");
    let app = app_at(data.path(), 0).await;
    app.load_demo().await.unwrap();
    let owner = Actor::new("CLI");
    assert_eq!(app.backup_progress(&owner).unwrap(), None);

    // The first backup is under way (its snapshot or its compression waits on another
    // thread) when the second is asked for: this test runs on one thread, so the second
    // future runs only while the first waits.
    let first = app.backup_now(&owner, &backups);
    let second = async {
        tokio::task::yield_now().await;
        let seen = app.backup_progress(&owner).unwrap();
        (seen, app.backup_now(&owner, &backups).await)
    };
    let (first, (seen, second)) = tokio::join!(first, second);

    let seen = seen.expect("a backup was running");
    assert!(
        ["snapshot", "compress"].contains(&seen.step.as_str()),
        "{seen:?}"
    );
    assert!(
        seen.total_bytes > 0 && seen.done_bytes <= seen.total_bytes,
        "{seen:?}"
    );
    let refused = second.unwrap_err();
    assert_eq!(refused.code, "conflict");
    assert_eq!(
        refused.message,
        "a backup is already being taken; wait until it is done"
    );
    let taken = first.unwrap();
    assert_eq!(app.backup_progress(&owner).unwrap(), None, "it is over");
    let listed: Vec<String> = list_backups(&backups)
        .unwrap()
        .into_iter()
        .map(|b| b.file)
        .collect();
    assert_eq!(listed, vec![taken.file], "only the first one was taken");

    // A mechanic may not watch backups, as they may not take them.
    let mechanic = app.sign_in("Sanne de Boer", "1111").await.unwrap();
    assert_eq!(
        app.backup_progress(&mechanic).unwrap_err().code,
        "forbidden"
    );
}

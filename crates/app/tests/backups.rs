//! Daily backups and their retention, with a pinned clock.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use jobcard_app::{App, BACKUPS_KEPT, FixedClock, list_backups};

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
    std::fs::copy(&kept[0].file, copy.path().join("jobcard.sqlite")).unwrap();
    let restored = app_at(copy.path(), 500).await;
    restored.store().integrity_check().await.unwrap();
    let page = restored.list_orders(&Default::default()).await.unwrap();
    assert_eq!(page.rows.len(), 9);
}

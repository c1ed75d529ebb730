//! The database's files on a real disk: the lock that refuses a restore while a `Store` has
//! the file open, and user-only permissions for the data directory, the database, its WAL,
//! the lock and the backups.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;
use std::time::Duration;

use jobcard_store::backup::{DATABASE_FILE, restore};
use jobcard_store::sql::settings;
use jobcard_store::{Store, StoreError};

async fn set(store: &Store, value: &str) {
    let mut tx = store.begin_write().await.unwrap();
    settings::set(&mut tx, "probe", value).await.unwrap();
    tx.commit().await.unwrap();
}

async fn get(store: &Store) -> Option<String> {
    settings::get(store.readers(), "probe").await.unwrap()
}

#[tokio::test]
async fn a_restore_into_an_open_database_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).await.unwrap();
    set(&store, "in the backup").await;
    let backup = dir.path().join("backups").join("b.sqlite");
    store.backup_to(&backup).await.unwrap();
    set(&store, "committed after the backup").await;

    let keep = dir.path().join("backups").join("kept.sqlite");
    let err = restore(dir.path(), &backup, &keep, Duration::ZERO)
        .await
        .unwrap_err();
    match &err {
        StoreError::Conflict { what } => assert!(
            what.starts_with("the database is open in another Jobcard window or process (")
                && what.ends_with("); close it and try again"),
            "{what}"
        ),
        other => panic!("not refused: {other:?}"),
    }
    assert!(!keep.exists());
    assert!(
        !dir.path()
            .join(format!("{DATABASE_FILE}.restoring"))
            .exists()
    );
    // The open store still works on the same file, with its change.
    assert_eq!(
        get(&store).await.as_deref(),
        Some("committed after the backup")
    );
    set(&store, "still writable").await;

    store.close().await;
    restore(dir.path(), &backup, &keep, Duration::ZERO)
        .await
        .unwrap();
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("restoring")), "{names:?}");
    let restored = Store::open_dir(dir.path()).await.unwrap();
    assert_eq!(get(&restored).await.as_deref(), Some("in the backup"));
    let kept = Store::open(&keep).await.unwrap();
    assert_eq!(get(&kept).await.as_deref(), Some("still writable"));
}

#[tokio::test]
async fn a_backup_that_fails_its_check_leaves_no_copy_behind() {
    let dir = tempfile::tempdir().unwrap();
    Store::open_dir(dir.path()).await.unwrap().close().await;
    let junk = dir.path().join("junk.sqlite");
    std::fs::write(&junk, b"not a database at all, just some bytes").unwrap();
    let keep = dir.path().join("kept.sqlite");
    let err = restore(dir.path(), &junk, &keep, Duration::ZERO)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("junk.sqlite"),
        "names the user's file: {err}"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("restoring")), "{names:?}");
    assert!(!keep.exists());
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[tokio::test]
async fn the_database_its_wal_its_lock_and_backups_are_user_only() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = Store::open_dir(&data).await.unwrap();
    set(&store, "x").await;
    let backup = data.join("backups").join("b.sqlite");
    store.backup_to(&backup).await.unwrap();
    for file in [
        "jobcard.sqlite",
        "jobcard.sqlite-wal",
        "jobcard.sqlite-shm",
        "jobcard.sqlite.lock",
    ] {
        assert_eq!(mode(&data.join(file)), 0o600, "{file}");
    }
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("backups")), 0o700);
    assert_eq!(mode(&backup), 0o600);
    store.close().await;
}

#[cfg(unix)]
#[tokio::test]
async fn older_files_readable_by_others_are_narrowed_when_opened() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = Store::open_dir(&data).await.unwrap();
    store
        .backup_to(&data.join("backups").join("old.sqlite"))
        .await
        .unwrap();
    store.close().await;
    let open_to_all = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    open_to_all(&data, 0o755);
    open_to_all(&data.join("jobcard.sqlite"), 0o644);
    open_to_all(&data.join("backups"), 0o755);
    open_to_all(&data.join("backups").join("old.sqlite"), 0o644);
    // Something that is not Jobcard's is left alone.
    std::fs::write(data.join("notes.txt"), "mine").unwrap();
    open_to_all(&data.join("notes.txt"), 0o644);

    let store = Store::open_dir(&data).await.unwrap();
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("jobcard.sqlite")), 0o600);
    assert_eq!(mode(&data.join("backups")), 0o700);
    assert_eq!(mode(&data.join("backups").join("old.sqlite")), 0o600);
    assert_eq!(mode(&data.join("notes.txt")), 0o644);
    store.close().await;
}

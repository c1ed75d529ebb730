//! The desktop window: applies a restore it asked for, opens the workshop database (or, when it
//! cannot, opens on the start screen with Retry), registers the commands with the preferences
//! file, and hands control to Tauri.

use std::path::Path;
use std::process::ExitCode;

use jobcard_app::seat::Seat;
use jobcard_app::{App, Clock, SystemClock};
use tauri::Manager;

use crate::commands;
use crate::database_commands::DatabaseStart;

pub fn run(data_dir: &Path, given_url: Option<&str>) -> ExitCode {
    let restore = jobcard_app::apply_pending_restore(data_dir, SystemClock.now());
    let notice = match tauri::async_runtime::block_on(restore) {
        Ok(Some(file)) => {
            tracing::info!(file = %file.display(), "backup restored");
            None
        }
        Ok(None) => None,
        Err(err) => {
            tracing::error!(error = %err, "restore refused; the database was left as it was");
            eprintln!("error: the backup was not restored: {err}");
            // The person who pressed Restore must not think it happened.
            Some(format!("The backup was not restored: {err}"))
        }
    };
    // A database that cannot be opened is not the end: the window opens on a screen that
    // says which and why, with Retry (database_commands.rs).
    let start = DatabaseStart::new(Seat::open(data_dir), given_url.map(str::to_owned));
    let result = commands::register(tauri::Builder::default())
        .manage(start)
        .setup(move |tauri_app| {
            let handle = tauri_app.handle().clone();
            let serve = move |app: App| serve(&handle, app);
            tauri_app.state::<DatabaseStart>().on_open(Box::new(serve));
            // The database opens while the window and its page load; the page's first call
            // (`startup_state`) waits for it.
            let handle = tauri_app.handle().clone();
            tauri::async_runtime::spawn(async move {
                handle.state::<DatabaseStart>().open_at_start().await;
            });
            let file = crate::preferences::PreferencesFile::for_app(tauri_app.handle())?;
            tauri_app.manage(file);
            let startup = tauri_app.state::<crate::settings_commands::StartupNotice>();
            if let Ok(mut held) = startup.0.lock() {
                *held = notice;
            }
            Ok(())
        })
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: the window failed: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Puts an open workshop to work: manages it for the commands and starts its background work
/// (daily backups, sync, the change feed to the window). At start, or when Retry opens it.
fn serve(handle: &tauri::AppHandle, app: App) {
    handle.manage(app.clone());
    tauri::async_runtime::spawn(daily_backups(app.clone()));
    tauri::async_runtime::spawn(crate::sync_commands::background_sync(app.clone()));
    tauri::async_runtime::spawn(crate::live::forward_changes(app, handle.clone()));
}

/// How long after the window opens the first backup check waits: a day's backup of a large
/// database (16 s of `VACUUM INTO` and a gigabyte written at 1,000,000 orders) must not
/// compete with the first screens and the first intake of the day.
const FIRST_BACKUP_CHECK: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// While the window is open, takes a backup whenever the newest is a day old: five minutes
/// after start and then every hour's check. A failed backup is logged and tried again an hour
/// later.
async fn daily_backups(app: App) {
    let dir = app.default_backup_dir();
    tokio::time::sleep(FIRST_BACKUP_CHECK).await;
    loop {
        match app.backup_if_due(&dir).await {
            Ok(Some(backup)) => tracing::info!(file = %backup.file, "daily backup written"),
            Ok(None) => {}
            Err(err) => tracing::error!(error = %err, "daily backup failed"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}

//! The desktop window: applies a restore it asked for, opens the workshop database, registers
//! the commands with the preferences file, and hands control to Tauri.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use jobcard_app::{App, Database, SystemClock};
use tauri::Manager;

use crate::commands;

pub fn run(data_dir: &Path, database: &Database) -> ExitCode {
    let restore = jobcard_app::apply_pending_restore(data_dir, chrono::Utc::now());
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
    let opened = App::open_on(data_dir, database, Arc::new(SystemClock));
    let app = match tauri::async_runtime::block_on(opened) {
        Ok(app) => app,
        Err(err) => {
            eprintln!("error: cannot open the workshop database: {err}");
            return ExitCode::FAILURE;
        }
    };
    tauri::async_runtime::spawn(daily_backups(app.clone()));
    tauri::async_runtime::spawn(crate::sync_commands::background_sync(app.clone()));
    let live = app.clone();
    let result = commands::register(tauri::Builder::default())
        .manage(app)
        .setup(move |tauri_app| {
            tauri::async_runtime::spawn(crate::live::forward_changes(
                live,
                tauri_app.handle().clone(),
            ));
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

/// While the window is open, takes a backup whenever the newest is a day old: at start and
/// then every hour's check. A failed backup is logged and tried again an hour later.
async fn daily_backups(app: App) {
    let dir = app.default_backup_dir();
    loop {
        match app.backup_if_due(&dir).await {
            Ok(Some(backup)) => tracing::info!(file = %backup.file, "daily backup written"),
            Ok(None) => {}
            Err(err) => tracing::error!(error = %err, "daily backup failed"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}

//! The window's database: its start when the database cannot be opened, Retry, and
//! Settings > Database (issue 14).
//!
//! The window no longer exits when the shop database is unreachable: it opens on a screen
//! that names the database (the URL without its password) and the reason, with Retry. Until
//! Retry succeeds the `App` is not managed, so every business command answers "not managed"
//! and only these commands work. Retry resolves the choice again (it may have been changed on
//! that screen), opens the `App`, manages it and starts its background work, exactly as a
//! start that succeeded at once does ([`serve`]).
//!
//! The database choice on the start screen has no role check: no one can sign in while the
//! database is unreachable, and the choice is this computer's own file, which whoever uses
//! this account can edit anyway. Once the database is open, the same commands go through the
//! core's manager-only use cases.

use jobcard_app::ErrorCode;
use std::sync::{Arc, Mutex};

use jobcard_app::dto::{
    ConnectionTest, DatabaseChoiceInput, DatabaseChoiceView, DatabaseInfo, MigrationReport,
    StartupView,
};
use jobcard_app::seat::{Resolved, Seat};
use jobcard_app::{App, AppError, SystemClock};
use tauri::{AppHandle, Manager, Runtime, State};

use crate::session::Session;

type Reply<T> = Result<T, AppError>;

/// How this window's database start went.
pub struct DatabaseStart {
    seat: Seat,
    /// `--database-url` / `JOBCARD_DATABASE_URL` (kept for Retry; never shown).
    given: Option<String>,
    /// What the open `App` runs on.
    resolved: Mutex<Option<Resolved>>,
    /// Why the last try failed: the database's location and the error.
    failure: Mutex<Option<(String, AppError)>>,
    /// One Retry at a time.
    opening: tokio::sync::Mutex<()>,
    /// Puts an opened workshop to work (set by the window at its setup; see `gui::serve`).
    serve: std::sync::OnceLock<Serve>,
    /// Whether the first try, made while the window loads, is over.
    first_try: tokio::sync::watch::Sender<bool>,
}

/// Manages an opened `App` and starts its background work.
pub type Serve = Box<dyn Fn(App) + Send + Sync>;

impl DatabaseStart {
    pub fn new(seat: Seat, given: Option<String>) -> Self {
        Self {
            seat,
            given,
            resolved: Mutex::new(None),
            failure: Mutex::new(None),
            opening: tokio::sync::Mutex::new(()),
            serve: std::sync::OnceLock::new(),
            first_try: tokio::sync::watch::Sender::new(false),
        }
    }

    /// The first try, started as the window is set up, so the database opens while the
    /// window and its page load rather than before (60 ms of a 500 ms start on the demo
    /// workshop). `startup_state` waits for it.
    pub async fn open_at_start(&self) {
        {
            let _one_at_a_time = self.opening.lock().await;
            if let Some(app) = self.open().await
                && let Some(serve) = self.serve.get()
            {
                serve(app);
            }
        }
        self.first_try.send_replace(true);
    }

    /// Waits until the first try is over.
    async fn first_try_over(&self) {
        let mut over = self.first_try.subscribe();
        // The sender lives as long as `self`, so this ends when the first try does.
        let _ = over.wait_for(|done| *done).await;
    }

    /// What to do with the workshop when Retry opens it.
    pub fn on_open(&self, serve: Serve) {
        let _ = self.serve.set(serve);
    }

    /// Resolves the database and opens the workshop on it; a failure is kept for the start
    /// screen (and said on stderr) and `None` returned.
    pub async fn open(&self) -> Option<App> {
        match self.try_open().await {
            Ok(app) => {
                set(&self.failure, None);
                Some(app)
            }
            Err((location, err)) => {
                tracing::error!(database = %location, error = %err, "cannot open the shop database");
                eprintln!("error: cannot open the workshop database: {err}");
                set(&self.failure, Some((location, err)));
                None
            }
        }
    }

    async fn try_open(&self) -> Result<App, (String, AppError)> {
        let resolved = self
            .seat
            .resolve(self.given.as_deref())
            .map_err(|err| (self.seat.choice_file(), err))?;
        let app = self
            .seat
            .open_resolved(&resolved, Arc::new(SystemClock))
            .await
            .map_err(|err| (resolved.location(), err))?;
        set(&self.resolved, Some(resolved));
        Ok(app)
    }

    fn view(&self) -> StartupView {
        let failure = self.failure.lock().ok().and_then(|held| held.clone());
        jobcard_app::seat::startup_view(
            failure.as_ref().map(|(l, e)| (l.as_str(), e)),
            self.given.is_some(),
        )
    }
}

fn set<T>(slot: &Mutex<Option<T>>, value: Option<T>) {
    if let Ok(mut held) = slot.lock() {
        *held = value;
    }
}

/// Whether the database is open, or why not (the start screen), once the first try to open
/// it is over.
#[tauri::command]
pub async fn startup_state<R: Runtime>(
    handle: AppHandle<R>,
    start: State<'_, DatabaseStart>,
) -> Reply<StartupView> {
    start.first_try_over().await;
    Ok(view_now(&handle, &start))
}

fn view_now<R: Runtime>(handle: &AppHandle<R>, start: &DatabaseStart) -> StartupView {
    if handle.try_state::<App>().is_some() {
        jobcard_app::seat::startup_view(None, start.given.is_some())
    } else {
        start.view()
    }
}

/// Tries again to open the database; on success the normal window starts.
#[tauri::command]
pub async fn retry_database<R: Runtime>(
    handle: AppHandle<R>,
    start: State<'_, DatabaseStart>,
) -> Reply<StartupView> {
    {
        let _one_at_a_time = start.opening.lock().await;
        if handle.try_state::<App>().is_none()
            && let Some(app) = start.open().await
            && let Some(serve) = start.serve.get()
        {
            serve(app);
        }
    }
    Ok(view_now(&handle, &start))
}

fn resolved(start: &DatabaseStart) -> Reply<Resolved> {
    start
        .resolved
        .lock()
        .ok()
        .and_then(|held| held.clone())
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::DatabaseUnreachable,
                "the database is not open",
                None,
            )
        })
}

/// Settings > Database: what this computer runs on and its saved choice (managers).
#[tauri::command]
pub async fn database_info(
    app: State<'_, App>,
    session: State<'_, Session>,
    start: State<'_, DatabaseStart>,
) -> Reply<DatabaseInfo> {
    app.database_info(&session.actor()?, &resolved(&start)?)
        .await
}

/// Test connection: through the core's manager check once the database is open; on the
/// start screen directly (see the module docs).
#[tauri::command]
pub async fn test_database_connection<R: Runtime>(
    handle: AppHandle<R>,
    session: State<'_, Session>,
    start: State<'_, DatabaseStart>,
    input: DatabaseChoiceInput,
) -> Reply<ConnectionTest> {
    match handle.try_state::<App>() {
        Some(app) => app.test_database(&session.actor()?, &input).await,
        None => Ok(start.seat.test(&input).await),
    }
}

/// Saves this computer's database choice for the next start (or the start screen's Retry).
#[tauri::command]
pub async fn save_database_choice<R: Runtime>(
    handle: AppHandle<R>,
    session: State<'_, Session>,
    start: State<'_, DatabaseStart>,
    input: DatabaseChoiceInput,
) -> Reply<DatabaseChoiceView> {
    match handle.try_state::<App>() {
        Some(app) => app.save_database_choice(&session.actor()?, &input).await,
        None => start.seat.save(&input),
    }
}

/// "Copy this shop into the shared database" (managers, through the core's check): the
/// window's `migrate-to`. The shop keeps running on its file until the choice is saved and
/// the window restarted.
#[tauri::command]
pub async fn migrate_to_shared(
    app: State<'_, App>,
    session: State<'_, Session>,
    input: DatabaseChoiceInput,
) -> Reply<MigrationReport> {
    app.migrate_to_shared(&session.actor()?, &input).await
}

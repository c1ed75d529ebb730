//! Live across seats (issue 14): forwards the core's change feed to the webview as one
//! `data-changed` event, so every screen can read again what it shows when any seat (this
//! window, another window, the CLI, another computer on a shared database) changed something.
//!
//! Notes that arrive close together become one event ([`jobcard_app::live::next_batch`]), so
//! a burst of changes costs the window one reload, and at most a few per second.

use std::time::Duration;

use jobcard_app::App;
use tauri::{AppHandle, Emitter};

/// The event the UI listens for (`ui/src/lib/live.ts`).
pub const EVENT: &str = "data-changed";

/// How long after a first note the others are gathered into the same event.
const GATHER: Duration = Duration::from_millis(250);

/// Runs for as long as the window: every batch of changes becomes one event.
pub async fn forward_changes(app: App, window: AppHandle) {
    let mut feed = app.watch_changes().await;
    while let Some(batch) = jobcard_app::live::next_batch(&mut feed, GATHER).await {
        if let Err(err) = window.emit(EVENT, &batch) {
            tracing::warn!(error = %err, "could not tell the window about a change");
        }
    }
}

//! The smallest Tauri window this workspace builds: one static page and the first-paint
//! command, with the same Tauri, the same features and the same build settings as Jobcard.
//! `scripts/bench-desktop.sh` starts both and divides Jobcard's start-up and memory by this
//! window's, so the figures say what Jobcard adds on top of the platform.

use std::process::ExitCode;

// The same rule for "painted" as the real window's (one file, included by both).
#[path = "../src/first_paint.rs"]
mod first_paint;

fn main() -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![first_paint::ui_painted])
        .run(tauri::generate_context!(
            "examples/minimal_window/tauri.conf.json"
        ));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: the window failed: {err}");
            ExitCode::FAILURE
        }
    }
}

//! The desktop window: opens the workshop database, registers the commands and the preference
//! store, and hands control to Tauri.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use jobcard_app::{App, SystemClock};

use crate::commands;

pub fn run(data_dir: &Path) -> ExitCode {
    let app = match tauri::async_runtime::block_on(App::open(data_dir, Arc::new(SystemClock))) {
        Ok(app) => app,
        Err(err) => {
            eprintln!(
                "error: cannot open the workshop database in {}: {err}",
                data_dir.display()
            );
            return ExitCode::FAILURE;
        }
    };
    let result = commands::register(tauri::Builder::default())
        .manage(app)
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: the window failed: {err}");
            ExitCode::FAILURE
        }
    }
}

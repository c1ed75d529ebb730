//! The `jobcard` binary. With no subcommand it opens the window; with one it runs headless on
//! the same `jobcard-app` API and never initialises GTK, so it works over SSH and in scripts.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod cli;
mod cli_sync;
mod commands;
mod data_dir;
mod database_commands;
mod documents;
mod first_paint;
mod gui;
mod intake_commands;
mod live;
mod output;
mod preferences;
mod record_commands;
mod session;
mod settings_commands;
mod sync_commands;
mod work_commands;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    init_tracing();
    let args = cli::Args::parse();
    let data_dir = match data_dir::resolve(args.data_dir.as_deref()) {
        Ok(dir) => dir,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    match args.command {
        Some(command) => {
            // --database-url / JOBCARD_DATABASE_URL, else this computer's saved choice, else
            // the SQLite file (jobcard_app::seat).
            let seat = jobcard_app::seat::Seat::open(&data_dir);
            match seat.resolve(args.database_url.as_deref()) {
                Ok(resolved) => cli::run(&data_dir, &resolved.database, command),
                Err(err) => {
                    eprintln!("error: {err}");
                    ExitCode::FAILURE
                }
            }
        }
        None => gui::run(&data_dir, args.database_url.as_deref()),
    }
}

/// Logs go to stderr; `RUST_LOG=debug` shows more.
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

//! Where this computer's database is (issue 14): what Settings > Database shows and sends,
//! the connection test's answer, and the window's start when the database cannot be opened.
//! No type here ever carries a stored password out: `password` exists only on the input.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ErrorDetail;

/// The database choice saved for this computer (`database.json` in the data directory).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DatabaseChoiceView {
    /// `true`: a shared PostgreSQL database; `false`: this computer only (the SQLite file).
    pub shared: bool,
    /// The shared database's URL without its password.
    pub url: Option<String>,
    /// Whether a password is kept for it (in the OS keychain or the user-only file).
    pub password_stored: bool,
}

/// A database choice as typed in Settings > Database (or on the start screen).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct DatabaseChoiceInput {
    pub shared: bool,
    /// `postgres://USER@HOST/DATABASE?sslmode=require`; needed when `shared`.
    pub url: Option<String>,
    /// Kept as a secret, never in the settings file; left out or blank keeps the stored one
    /// (as long as the URL names the same user on the same server).
    pub password: Option<String>,
}

/// What this computer runs on now, for Settings > Database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DatabaseInfo {
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// The SQLite file, or the URL without its password.
    pub location: String,
    /// Where the choice came from: `command_line` (`--database-url` or
    /// `JOBCARD_DATABASE_URL`), `saved` (this computer's choice) or `default`.
    pub source: String,
    /// PostgreSQL's `server_version`; `None` on SQLite.
    pub server_version: Option<String>,
    /// Other Jobcard windows and commands connected to the shared database now.
    pub other_seats: Option<i64>,
    /// The choice saved for this computer (what the next start uses without a flag).
    pub saved: DatabaseChoiceView,
}

/// The answer of "Test connection".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConnectionTest {
    pub ok: bool,
    pub server_version: Option<String>,
    pub other_seats: Option<i64>,
    /// Why it failed: `wrong_password`, `host_not_found`, `refused`, `tls_required`,
    /// `tls_unavailable`, `tls_failed`, `database_missing`, `unknown_user`, `not_allowed`,
    /// `timeout`, `too_old`, `invalid_url`, `other`, ….
    pub problem: Option<String>,
    /// The reason in English (never with the password).
    pub message: Option<String>,
}

/// How the window's start went: the database open, or why not (the start screen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StartupView {
    pub open: bool,
    /// The database that could not be opened: the URL without its password, or the file.
    pub location: Option<String>,
    /// The refusal's code (`database_unreachable`, `database_newer`, `invalid_input`, …).
    pub code: Option<crate::ErrorCode>,
    /// The refusal in English.
    pub message: Option<String>,
    /// The kind of problem with its parts (`wrong_password` and the URL, …), for the window
    /// to say in its own language.
    pub details: Vec<ErrorDetail>,
    /// The database was given with `--database-url` / `JOBCARD_DATABASE_URL`: Retry tries that
    /// one again, and a choice saved on the start screen applies only to starts without it.
    pub from_command_line: bool,
}

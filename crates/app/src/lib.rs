//! Jobcard's use cases: the single API surface of the product.
//!
//! The Tauri commands and the CLI are both thin callers of [`App`]; neither holds business
//! logic. Every method takes plain DTOs (see [`dto`]) and returns DTOs or an [`AppError`]
//! whose JSON shape is `{code, message, field?}`. Time comes from the injected [`Clock`], so
//! tests pin it and nothing here calls `now()` itself.

mod auth;
mod backups;
mod calendar;
mod catalogue;
mod clock;
mod connector_audit;
mod customers;
mod demo;
pub mod dto;
mod editing;
mod error;
mod guard;
mod header;
mod intake;
mod journal;
pub mod live;
mod migrate;
mod orders;
mod party_fields;
mod planning;
mod pricing;
pub mod print;
mod records;
mod reports;
mod schedule_input;
mod scheduling;
mod search_entry;
pub mod seat;
mod settings;
mod shop;
mod status_flow;
mod sync;
mod text;
mod versions;
mod views;
mod work;

use std::path::Path;
use std::sync::Arc;

pub use backups::{
    KEEP as BACKUPS_KEPT, apply_pending_restore, list_backups, request_restore, restore_backup,
};
pub use clock::{Clock, FixedClock, SteppingClock, SystemClock};
pub use demo::DemoReport;
pub use error::{AppError, ErrorCode, ErrorDetail};
pub use guard::Guard;
use jobcard_store::Store;
pub use jobcard_store::{Backend, Database, DatabaseUrl};

/// The embedded SQLite database in `data_dir`.
fn embedded(data_dir: &Path) -> Database {
    Database::Embedded(data_dir.to_path_buf())
}
/// User-only files and folders (0600 / 0700), for the shell's own files (preferences, printed
/// PDFs): one home for the rule, in the store.
pub use jobcard_store::files;
pub use jobcard_sync::{Progress, RunReport};
pub use reports::report_csv;
pub use settings::parse_articles_csv;
pub use sync::parse_setting;

pub type Result<T> = std::result::Result<T, AppError>;

/// Who is making a change: named in the audit history, and whose roles the guarded use cases
/// check (see [`auth`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    /// The signed-in employee; `None` for the machine's owner (see [`Actor::new`]).
    pub employee_id: Option<String>,
    roles: Option<Vec<jobcard_domain::Role>>,
}

impl Actor {
    /// The machine's owner: the CLI without `--as`, the demo loader, maintenance. It may do
    /// everything, because whoever can run a process on the database file can change the file
    /// itself; the roles protect the shared counter and workbench, not the file.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            employee_id: None,
            roles: None,
        }
    }

    /// A signed-in employee with these roles (made by [`App::sign_in`]).
    pub(crate) fn employee(id: &str, name: &str, roles: Vec<jobcard_domain::Role>) -> Self {
        Self {
            name: name.to_owned(),
            employee_id: Some(id.to_owned()),
            roles: Some(roles),
        }
    }

    /// The roles of a signed-in employee; `None` for the machine's owner.
    pub fn roles(&self) -> Option<&[jobcard_domain::Role]> {
        self.roles.as_deref()
    }
}

/// The open workshop: its store and its clock.
#[derive(Clone)]
pub struct App {
    store: Store,
    /// This computer's folder: secrets file, preferences, backups; on SQLite also the
    /// database file.
    data_dir: std::path::PathBuf,
    clock: Arc<dyn Clock>,
    sync: Arc<jobcard_sync::Engine>,
    /// The change feed, started by the first [`App::watch_changes`].
    live: live::Live,
}

impl App {
    /// Opens the workshop whose database lives in `data_dir` (created if missing).
    pub async fn open(data_dir: &Path, clock: Arc<dyn Clock>) -> Result<Self> {
        Self::open_on(data_dir, &embedded(data_dir), clock).await
    }

    /// Like [`App::open`], with connector secrets in the data directory's user-only file and
    /// never the OS keychain (tests; the same as `JOBCARD_SECRET_STORE=file`).
    pub async fn open_with_secret_file(data_dir: &Path, clock: Arc<dyn Clock>) -> Result<Self> {
        Self::open_on_with_secret_file(data_dir, &embedded(data_dir), clock).await
    }

    /// Opens the workshop on `database` (the SQLite file in `data_dir`, or a shared
    /// PostgreSQL database), with this computer's own files in `data_dir`.
    pub async fn open_on(
        data_dir: &Path,
        database: &Database,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        let secrets = jobcard_sync::Secrets::open(data_dir);
        Self::open_with(data_dir, database, clock, secrets).await
    }

    /// Like [`App::open_on`], with connector secrets in the data directory's user-only file
    /// (tests).
    pub async fn open_on_with_secret_file(
        data_dir: &Path,
        database: &Database,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        let secrets = jobcard_sync::Secrets::in_file(data_dir);
        Self::open_with(data_dir, database, clock, secrets).await
    }

    async fn open_with(
        data_dir: &Path,
        database: &Database,
        clock: Arc<dyn Clock>,
        secrets: jobcard_sync::Secrets,
    ) -> Result<Self> {
        jobcard_store::files::create_private_dir(data_dir)?;
        let store = Store::open_database(database).await?;
        // A build that indexes more than the last one rewrites the search entries first. The
        // shop opens on the old ones if that fails; the next open tries again.
        if let Err(err) = search_entry::refresh(&store).await {
            tracing::warn!(error = %err, "search entries kept as they were");
        }
        let sync = Arc::new(jobcard_sync::Engine::new(
            store.clone(),
            secrets,
            clock.clone(),
        ));
        Ok(Self {
            store,
            data_dir: data_dir.to_path_buf(),
            clock,
            sync,
            live: live::Live::default(),
        })
    }

    /// The underlying store, for tests and maintenance commands.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// A connection from the read pool.
    pub(crate) async fn reader(&self) -> Result<jobcard_store::Conn> {
        Ok(self.store.reader().await?)
    }

    /// Closes the database cleanly.
    pub async fn close(&self) {
        self.store.close().await;
    }
}

/// Text after the JSON value (`{...} x`).
fn malformed(err: serde_json::Error) -> AppError {
    AppError::new(
        ErrorCode::InvalidInput,
        format!("malformed JSON: {err}"),
        None,
    )
}

/// Reads a [`dto::NewOrder`] from JSON text, naming the offending field on error
/// (`lines[1].quantity: invalid type: string "two", expected i64`).
pub fn parse_new_order(json: &str) -> Result<dto::NewOrder> {
    let mut de = serde_json::Deserializer::from_str(json);
    let order = serde_path_to_error::deserialize(&mut de).map_err(path_error)?;
    de.end().map_err(malformed)?;
    Ok(order)
}

/// Reads the lines of `orders set-lines` (a JSON array of [`dto::LineInput`]); errors name
/// the field as `lines[1].quantity`.
pub fn parse_lines(json: &str) -> Result<Vec<dto::LineInput>> {
    let mut de = serde_json::Deserializer::from_str(json);
    let lines = serde_path_to_error::deserialize(&mut de)
        .map_err(path_error)
        .map_err(|mut err| {
            err.field = Some(format!(
                "lines{}",
                err.field
                    .as_deref()
                    .map(|f| if f.starts_with('[') {
                        f.to_owned()
                    } else {
                        format!(".{f}")
                    })
                    .unwrap_or_default()
            ));
            err
        })?;
    de.end().map_err(malformed)?;
    Ok(lines)
}

/// The same as [`parse_lines`] for JSON the UI already parsed.
pub fn lines_from_value(value: serde_json::Value) -> Result<Vec<dto::LineInput>> {
    serde_path_to_error::deserialize(value)
        .map_err(path_error)
        .map_err(|mut err| {
            err.field = Some(format!("lines{}", err.field.as_deref().unwrap_or_default()));
            err
        })
}

/// Reads any input DTO from JSON the UI already parsed, naming the offending field.
pub fn input_from_value<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(path_error)
}

/// The same as [`parse_new_order`] for JSON the UI already parsed.
pub fn new_order_from_value(value: serde_json::Value) -> Result<dto::NewOrder> {
    serde_path_to_error::deserialize(value).map_err(path_error)
}

fn path_error(err: serde_path_to_error::Error<serde_json::Error>) -> AppError {
    let path = err.path().to_string();
    let inner = err.into_inner();
    let field = if path == "." || path.is_empty() {
        None
    } else {
        Some(path)
    };
    let message = if inner.is_syntax() || inner.is_eof() {
        format!("malformed JSON: {inner}")
    } else {
        strip_position(&inner.to_string())
    };
    AppError::new(ErrorCode::InvalidInput, message, field.as_deref())
}

/// serde_json appends " at line L column C"; the field path already says where.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message).to_owned(),
        None => message.to_owned(),
    }
}

//! Store errors. Constraint violations the app can explain get their own variants; the rest
//! are reported as storage failures with SQLite's message.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{what}")]
    NotFound { what: String },
    #[error("{what}")]
    Conflict { what: String },
    #[error(
        "SQLite {found} is too old; Jobcard needs {needed} or newer (older versions can lose WAL data)"
    )]
    SqliteTooOld { found: String, needed: String },
    #[error("cannot read or write {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error(
        "the database was set up by a newer Jobcard (its migration {version}; this program knows up to {known}): update Jobcard on this computer"
    )]
    NewerDatabase { version: i64, known: i64 },
    #[error("{what}")]
    Unsupported { what: String },
    /// A bug guard: a use case tried to commit a change that wrote no journal entry.
    #[error(
        "internal error: a change was about to be saved without its audit row, so nothing was saved"
    )]
    Unjournaled,
    /// `problem` sorts the reason for the window (`wrong_password`, `host_not_found`,
    /// `refused`, `tls_required`, `tls_failed`, `database_missing`, `unknown_user`,
    /// `timeout`, `other`), so it can say it in the person's language.
    #[error("cannot reach the shop database at {url}: {reason}")]
    Unreachable {
        url: String,
        reason: String,
        problem: &'static str,
    },
    #[error("the database URL is not usable: {reason}")]
    InvalidUrl { reason: String },
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound { what: what.into() }
    }

    pub fn corrupt(what: impl Into<String>) -> Self {
        Self::Corrupt(what.into())
    }
}

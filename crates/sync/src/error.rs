//! Errors of the sync engine. A failed request is not an error of the engine: it is an
//! outcome recorded on the order (see `engine`). These are the errors a caller must see.

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Store(#[from] jobcard_store::StoreError),
    /// Bad input from a person (a setting, a connector name); `field` says which.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("no connector named '{0}'")]
    UnknownConnector(String),
    /// A secret the connector needs is not set. The text names the CLI command; the window
    /// words it from `key` and points to the field instead.
    #[error("secret not set; run `jobcard connector secret {connector} {key}`")]
    SecretMissing { connector: String, key: String },
    /// The remote refused the secret `key` (401/403 on a check); `message` says so for the CLI.
    #[error("{message}")]
    SecretRefused { key: String, message: String },
    #[error("secret store: {0}")]
    Secrets(String),
    /// The remote answered a check (`connector test`) with a failure.
    #[error("{0}")]
    Remote(String),
}

impl SyncError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl From<sqlx::Error> for SyncError {
    fn from(err: sqlx::Error) -> Self {
        Self::Store(err.into())
    }
}

pub type Result<T> = std::result::Result<T, SyncError>;

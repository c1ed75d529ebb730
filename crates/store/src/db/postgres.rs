//! The shared backend: a PostgreSQL database (14 or newer) that every seat of a shop opens.
//!
//! One pool serves reads and writes; the server orders concurrent writers. The URL can carry a
//! password, so [`DatabaseUrl`] never shows it: its `Display` and `Debug` print the URL with
//! the password taken out, and that is the only form an error or a log ever gets.

use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use super::query::Readers;
use super::{Store, Writer};
use crate::{Result, StoreError};

/// The oldest server the migrations and the search are written for.
pub const MIN_SERVER_VERSION: u32 = 140_000;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// A `postgres://` URL whose password is never displayed.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    url: url::Url,
}

impl DatabaseUrl {
    /// Parses a `postgres://` or `postgresql://` URL.
    pub fn parse(text: &str) -> Result<Self> {
        let url = url::Url::parse(text.trim()).map_err(|e| StoreError::InvalidUrl {
            reason: format!("not a URL ({e})"),
        })?;
        if !matches!(url.scheme(), "postgres" | "postgresql") {
            return Err(StoreError::InvalidUrl {
                reason: format!("it starts with {}://, not postgres://", url.scheme()),
            });
        }
        if url.path().trim_start_matches('/').is_empty() {
            return Err(StoreError::InvalidUrl {
                reason: "it names no database (postgres://USER@HOST/DATABASE)".to_owned(),
            });
        }
        Ok(Self { url })
    }

    /// The database's name.
    pub fn database(&self) -> &str {
        self.url.path().trim_start_matches('/')
    }

    /// The same server with another database (the test suite's fresh databases).
    pub fn with_database(&self, name: &str) -> Self {
        let mut url = self.url.clone();
        url.set_path(&format!("/{name}"));
        Self { url }
    }

    /// Whether the URL carries a password.
    pub fn has_password(&self) -> bool {
        self.url.password().is_some()
    }

    /// The URL's password, percent-decoded (to move it from a typed URL into the secret
    /// store; never to show).
    pub fn password(&self) -> Option<String> {
        self.url.password().map(|encoded| {
            percent_encoding::percent_decode_str(encoded)
                .decode_utf8_lossy()
                .into_owned()
        })
    }

    /// The same URL with this password (percent-encoded as a URL needs).
    pub fn with_password(&self, password: &str) -> Self {
        let mut url = self.url.clone();
        let _ = url.set_password(Some(password));
        Self { url }
    }

    /// The same URL without its password: the form a settings file may keep.
    pub fn without_password(&self) -> Self {
        let mut url = self.url.clone();
        let _ = url.set_password(None);
        Self { url }
    }

    /// Whether both name the same user on the same server (host and port), so a password
    /// stored for one may be sent to the other.
    pub fn same_login(&self, other: &Self) -> bool {
        self.url.host_str() == other.url.host_str()
            && self.url.port_or_known_default() == other.url.port_or_known_default()
            && self.url.username() == other.url.username()
    }

    /// The full URL, password included, for the driver only.
    fn secret_text(&self) -> &str {
        self.url.as_str()
    }

    pub(crate) fn options(&self) -> Result<PgConnectOptions> {
        Ok(PgConnectOptions::from_str(self.secret_text())?.application_name("jobcard"))
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.url.clone();
        if shown.password().is_some() {
            let _ = shown.set_password(Some("***"));
        }
        f.write_str(shown.as_str())
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

/// Opens the shared database, checks the server's version and runs pending migrations
/// (sqlx holds an advisory lock meanwhile, so seats starting together migrate once).
pub async fn open(url: &DatabaseUrl) -> Result<Store> {
    let pool = PgPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(url.options()?)
        .await
        .map_err(|e| unreachable(url, &e))?;
    check_version(&pool).await?;
    super::migrate(&MIGRATOR, &pool).await?;
    Ok(Store {
        readers: Readers::Postgres(pool.clone()),
        writer: Writer::Postgres(pool),
        path: None,
        shared: Some(url.clone()),
        lock: Arc::new(Mutex::new(None)),
    })
}

/// The error for a server that cannot be reached, naming the URL without its password.
fn unreachable(url: &DatabaseUrl, err: &sqlx::Error) -> StoreError {
    let reason = match err {
        sqlx::Error::Io(io) => io.to_string(),
        sqlx::Error::Tls(tls) => format!("TLS failed: {tls}"),
        sqlx::Error::Database(db) => db.message().to_owned(),
        sqlx::Error::PoolTimedOut => "no answer in 10 seconds".to_owned(),
        other => other.to_string(),
    };
    StoreError::Unreachable {
        url: url.to_string(),
        reason,
    }
}

async fn check_version(pool: &sqlx::PgPool) -> Result<()> {
    let (version,): (String,) = sqlx::query_as("SHOW server_version_num")
        .fetch_one(pool)
        .await?;
    let number: u32 = version.trim().parse().unwrap_or(0);
    if number >= MIN_SERVER_VERSION {
        Ok(())
    } else {
        Err(StoreError::Unsupported {
            what: format!(
                "PostgreSQL {} is too old; Jobcard needs PostgreSQL 14 or newer",
                number / 10_000
            ),
        })
    }
}

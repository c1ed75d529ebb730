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

    /// How Jobcard's sessions connect. Their planner costs a random page read as 1.1
    /// sequential ones rather than PostgreSQL's default 4, which assumes spinning disks: a
    /// shop's database is on an SSD and mostly cached. With 4, a filtered page of the order
    /// list walked the whole table's newest-first key, skipping every order of other
    /// statuses, instead of reading the status's own index.
    ///
    /// They also plan without Memoize nodes. Jobcard's screens look up a page of rows by key;
    /// a Memoize cache over such a lookup is sized for the whole table it might meet (the
    /// planner expects the join to run to the end, before the LIMIT), and setting it up cost
    /// 3.5 ms of the order list's 4.5 ms at 1,000,000 orders, against 0.7 ms without it
    /// (`EXPLAIN ANALYZE`: the plan's nodes took 1 ms either way). The server's own settings,
    /// and every other program's, are left alone.
    pub(crate) fn options(&self) -> Result<PgConnectOptions> {
        Ok(PgConnectOptions::from_str(self.secret_text())?
            .application_name(seat_name())
            .options([("random_page_cost", "1.1"), ("enable_memoize", "off")]))
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
    // One plain connection first: the pool retries a refused or failed connection until its
    // timeout and then says only "timed out", while the start screen must say why.
    let first = connect_once(url).await?;
    let _ = sqlx::Connection::close(first).await;
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
        backup_progress: Default::default(),
    })
}

/// The error for a server that cannot be reached, naming the URL without its password and
/// sorting the reason into a `problem` the window can say in the person's language.
pub(crate) fn unreachable(url: &DatabaseUrl, err: &sqlx::Error) -> StoreError {
    let (problem, reason) = classify(err);
    StoreError::Unreachable {
        url: url.without_password().to_string(),
        reason,
        problem,
    }
}

/// Why a connection failed, as a `problem` code and a plain reason. sqlx's texts never hold
/// the password (the server does not repeat it), and the URL is not part of them.
fn classify(err: &sqlx::Error) -> (&'static str, String) {
    match err {
        sqlx::Error::Io(io) => (io_problem(io), io.to_string()),
        sqlx::Error::Tls(tls) if tls.to_string().contains("does not support TLS") => (
            "tls_unavailable",
            "the URL asks for TLS (sslmode) but the server does not offer it".to_owned(),
        ),
        sqlx::Error::Tls(tls) => ("tls_failed", format!("TLS failed: {tls}")),
        sqlx::Error::Database(db) => (login_problem(db.as_ref()), db.message().to_owned()),
        sqlx::Error::PoolTimedOut => ("timeout", "no answer in 10 seconds".to_owned()),
        other => ("other", other.to_string()),
    }
}

fn io_problem(io: &std::io::Error) -> &'static str {
    let text = io.to_string();
    match io.kind() {
        std::io::ErrorKind::ConnectionRefused => "refused",
        std::io::ErrorKind::TimedOut => "timeout",
        _ if text.contains("lookup address") || text.contains("not known") => "host_not_found",
        _ => "other",
    }
}

fn login_problem(db: &dyn sqlx::error::DatabaseError) -> &'static str {
    let message = db.message();
    match db.code().as_deref() {
        Some("28P01") => "wrong_password",
        Some("28000") if message.contains("no encryption") => "tls_required",
        Some("28000") if message.contains("does not exist") => "unknown_user",
        Some("28000") => "not_allowed",
        Some("3D000") => "database_missing",
        Some("53300") => "too_many_connections",
        Some("57P03") => "starting",
        _ => "other",
    }
}

/// What the settings screen shows of the server: its version and the other seats on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerFacts {
    /// `server_version`, e.g. `16.4 (Debian 16.4-1)`.
    pub version: String,
    /// Other Jobcard processes connected to this database (not this one's own pool).
    pub other_seats: i64,
}

/// Connects once to `url` (no migrations, no pool), checks the version and reads the facts:
/// the settings screen's "Test connection".
pub async fn probe(url: &DatabaseUrl) -> Result<ServerFacts> {
    let mut conn = connect_once(url).await?;
    let facts = facts_on(&mut conn).await;
    let _ = sqlx::Connection::close(conn).await;
    facts
}

/// One connection, given up after 10 seconds, its failure sorted by [`unreachable`].
async fn connect_once(url: &DatabaseUrl) -> Result<sqlx::PgConnection> {
    use sqlx::Connection;
    let options = url.options()?;
    let connecting = sqlx::PgConnection::connect_with(&options);
    match tokio::time::timeout(Duration::from_secs(10), connecting).await {
        Ok(Ok(conn)) => Ok(conn),
        Ok(Err(err)) => Err(unreachable(url, &err)),
        Err(_) => Err(unreachable(url, &sqlx::Error::PoolTimedOut)),
    }
}

/// The facts of the open shared database; `None` on SQLite.
pub async fn server_facts(store: &Store) -> Result<Option<ServerFacts>> {
    match &store.writer {
        Writer::Postgres(pool) => {
            let mut conn = pool.acquire().await?;
            Ok(Some(facts_on(&mut conn).await?))
        }
        Writer::Sqlite(_) => Ok(None),
    }
}

async fn facts_on(conn: &mut sqlx::PgConnection) -> Result<ServerFacts> {
    check_version(&mut *conn).await?;
    let (version,): (String,) = sqlx::query_as("SHOW server_version")
        .fetch_one(&mut *conn)
        .await?;
    // Each seat names itself `jobcard <seat>`, the same on all its pool's connections, so
    // counting distinct names counts processes, not connections.
    let (other_seats,): (i64,) = sqlx::query_as(
        "SELECT count(DISTINCT application_name) FROM pg_stat_activity \
         WHERE datname = current_database() AND application_name LIKE 'jobcard %' \
         AND application_name <> current_setting('application_name')",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(ServerFacts {
        version,
        other_seats,
    })
}

/// This process's `application_name`: `jobcard` and a tag of its own (process id and a
/// random part), so `pg_stat_activity` tells the seats apart.
fn seat_name() -> &'static str {
    static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NAME.get_or_init(|| {
        // A version 7 id ends in random bits; its time part is not used, so the clock rule
        // (ids take the injected clock's time) does not apply to this name.
        #[allow(clippy::disallowed_methods)]
        let random = uuid::Uuid::now_v7().simple().to_string();
        let tail = random.get(24..).unwrap_or_default();
        format!("jobcard {}-{tail}", std::process::id())
    })
}

async fn check_version<'c, E>(on: E) -> Result<()>
where
    E: sqlx::PgExecutor<'c>,
{
    let (version,): (String,) = sqlx::query_as("SHOW server_version_num")
        .fetch_one(on)
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

//! One query API over both backends.
//!
//! Why: the store's SQL is written once, in the dialect both SQLite and PostgreSQL accept
//! (`$1` placeholders, `ON CONFLICT`, `RETURNING`, `TRUE`/`FALSE`), and every store function
//! runs it on whichever backend the shop uses. sqlx types a query by its database, so this
//! module collects the bound values as plain [`Value`]s and builds the typed sqlx query for
//! the backend at the moment it runs. Rows decode through `sqlx::FromRow`, which the derive
//! implements for both backends' rows, so a row struct is declared once. Where the dialects
//! really differ (full-text search, a list parameter), the store function matches on
//! [`Conn::backend`] and keeps one SQL text per backend side by side.

use std::borrow::Cow;

use sqlx::pool::PoolConnection;

use super::statements::note_statement;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{
    AssertSqlSafe, FromRow, PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool,
    Transaction,
};

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// SQL text: a literal, or text assembled by the store itself (never from input).
#[derive(Debug, Clone)]
pub struct Sql(Cow<'static, str>);

impl From<&'static str> for Sql {
    fn from(text: &'static str) -> Self {
        Self(Cow::Borrowed(text))
    }
}

impl From<AssertSqlSafe<String>> for Sql {
    fn from(text: AssertSqlSafe<String>) -> Self {
        Self(Cow::Owned(text.0))
    }
}

/// A bound value. NULLs keep their type, because PostgreSQL checks a parameter's type
/// against its column.
#[derive(Debug, Clone)]
pub enum Value<'q> {
    Text(Option<Cow<'q, str>>),
    Int(Option<i64>),
    Int32(Option<i32>),
    Bool(Option<bool>),
}

macro_rules! value_from {
    ($($t:ty => |$v:ident| $e:expr),* $(,)?) => {
        $(impl<'q> From<$t> for Value<'q> {
            fn from($v: $t) -> Self {
                $e
            }
        })*
    };
}

value_from! {
    &'q str => |v| Value::Text(Some(Cow::Borrowed(v))),
    &'q String => |v| Value::Text(Some(Cow::Borrowed(v.as_str()))),
    String => |v| Value::Text(Some(Cow::Owned(v))),
    Option<&'q str> => |v| Value::Text(v.map(Cow::Borrowed)),
    Option<String> => |v| Value::Text(v.map(Cow::Owned)),
    &'q Option<String> => |v| Value::Text(v.as_deref().map(Cow::Borrowed)),
    Option<&'q String> => |v| Value::Text(v.map(|s| Cow::Borrowed(s.as_str()))),
    &'q &'q str => |v| Value::Text(Some(Cow::Borrowed(*v))),
    i64 => |v| Value::Int(Some(v)),
    &'q i64 => |v| Value::Int(Some(*v)),
    Option<i64> => |v| Value::Int(v),
    &'q Option<i64> => |v| Value::Int(*v),
    u32 => |v| Value::Int(Some(i64::from(v))),
    Option<u32> => |v| Value::Int(v.map(i64::from)),
    i32 => |v| Value::Int32(Some(v)),
    Option<i32> => |v| Value::Int32(v),
    bool => |v| Value::Bool(Some(v)),
    Option<bool> => |v| Value::Bool(v),
}

/// The domain's enums are stored as their text (`as_str`), read back by `TryFrom<String>`.
macro_rules! value_from_domain {
    ($($t:ty),*) => {
        $(value_from! {
            $t => |v| Value::Text(Some(Cow::Borrowed(v.as_str()))),
        })*
    };
}

value_from! {
    &'q jobcard_domain::Roles => |v| Value::Text(Some(Cow::Owned(v.to_string()))),
}

value_from_domain!(
    jobcard_domain::OrderStatus,
    jobcard_domain::LineKind,
    jobcard_domain::LineStatus,
    jobcard_domain::VatCode,
    jobcard_domain::ObjectKind,
    jobcard_domain::Priority,
    jobcard_domain::SyncState
);

fn bind_sqlite<'q>(
    query: sqlx::query::Query<'q, Sqlite, SqliteArguments>,
    value: Value<'q>,
) -> sqlx::query::Query<'q, Sqlite, SqliteArguments> {
    match value {
        Value::Text(v) => query.bind(v),
        Value::Int(v) => query.bind(v),
        Value::Int32(v) => query.bind(v),
        Value::Bool(v) => query.bind(v),
    }
}

/// PostgreSQL text cannot hold the NUL character, which a remote's answer can carry (a JSON
/// `"\u0000"`); it is stored as U+FFFD, the mark of a character that could not be read, so
/// the record is kept instead of the whole change failing. SQLite keeps it as it came.
fn without_nul(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.contains('\0') {
        Cow::Owned(text.replace('\0', "\u{FFFD}"))
    } else {
        text
    }
}

fn bind_pg<'q>(
    query: sqlx::query::Query<'q, Postgres, PgArguments>,
    value: Value<'q>,
) -> sqlx::query::Query<'q, Postgres, PgArguments> {
    match value {
        Value::Text(v) => query.bind(v.map(without_nul)),
        Value::Int(v) => query.bind(v),
        Value::Int32(v) => query.bind(v),
        Value::Bool(v) => query.bind(v),
    }
}

/// Where a query runs: a pool (one statement) or a connection (a transaction, a reader).
pub enum Target<'e> {
    SqlitePool(&'e SqlitePool),
    Sqlite(&'e mut SqliteConnection),
    PgPool(&'e PgPool),
    Pg(&'e mut PgConnection),
}

impl Target<'_> {
    pub fn backend(&self) -> Backend {
        match self {
            Target::SqlitePool(_) | Target::Sqlite(_) => Backend::Sqlite,
            Target::PgPool(_) | Target::Pg(_) => Backend::Postgres,
        }
    }

    /// The same target for one more query, when a function runs two in a row.
    pub fn reborrow(&mut self) -> Target<'_> {
        match self {
            Target::SqlitePool(pool) => Target::SqlitePool(pool),
            Target::Sqlite(conn) => Target::Sqlite(conn),
            Target::PgPool(pool) => Target::PgPool(pool),
            Target::Pg(conn) => Target::Pg(conn),
        }
    }
}

/// Anything a store function can run its queries on: `&mut Conn`, `&mut WriteTx`, `&Readers`.
pub trait Exec<'e>: Send {
    fn target(self) -> Target<'e>;
}

/// A store function that picks its SQL by backend takes the target first and runs on it.
impl<'e> Exec<'e> for Target<'e> {
    fn target(self) -> Target<'e> {
        self
    }
}

/// An open connection of either backend: a write transaction or a reader from the pool.
/// Store functions that run several statements take `&mut Conn`. It counts the journal
/// entries written on it, so a change's transaction can refuse to commit without one.
pub struct Conn(Inner, u32);

enum Inner {
    SqliteTx(Transaction<'static, Sqlite>),
    SqlitePooled(PoolConnection<Sqlite>),
    PgTx(Transaction<'static, Postgres>),
    PgPooled(PoolConnection<Postgres>),
}

impl Conn {
    pub(crate) fn sqlite_tx(tx: Transaction<'static, Sqlite>) -> Self {
        Self(Inner::SqliteTx(tx), 0)
    }
    pub(crate) fn sqlite_pooled(conn: PoolConnection<Sqlite>) -> Self {
        Self(Inner::SqlitePooled(conn), 0)
    }
    pub(crate) fn pg_tx(tx: Transaction<'static, Postgres>) -> Self {
        Self(Inner::PgTx(tx), 0)
    }
    pub(crate) fn pg_pooled(conn: PoolConnection<Postgres>) -> Self {
        Self(Inner::PgPooled(conn), 0)
    }

    /// Counts a journal entry written on this connection ([`crate::journal::write`]).
    pub(crate) fn note_journal_entry(&mut self) {
        self.1 = self.1.saturating_add(1);
    }

    /// How many journal entries were written on this connection.
    pub fn journal_entries(&self) -> u32 {
        self.1
    }

    pub fn backend(&self) -> Backend {
        match self.0 {
            Inner::SqliteTx(_) | Inner::SqlitePooled(_) => Backend::Sqlite,
            Inner::PgTx(_) | Inner::PgPooled(_) => Backend::Postgres,
        }
    }

    /// Commits a write transaction; a pooled reader has nothing to commit.
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        match self.0 {
            Inner::SqliteTx(tx) => tx.commit().await,
            Inner::PgTx(tx) => tx.commit().await,
            Inner::SqlitePooled(_) | Inner::PgPooled(_) => Ok(()),
        }
    }
}

impl<'e> Exec<'e> for &'e mut Conn {
    fn target(self) -> Target<'e> {
        match &mut self.0 {
            Inner::SqliteTx(tx) => Target::Sqlite(tx),
            Inner::SqlitePooled(c) => Target::Sqlite(c),
            Inner::PgTx(tx) => Target::Pg(tx),
            Inner::PgPooled(c) => Target::Pg(c),
        }
    }
}

/// The read pool of either backend.
#[derive(Debug, Clone)]
pub enum Readers {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Readers {
    pub fn backend(&self) -> Backend {
        match self {
            Readers::Sqlite(_) => Backend::Sqlite,
            Readers::Postgres(_) => Backend::Postgres,
        }
    }

    /// One connection from the pool, for several reads in a row.
    pub async fn acquire(&self) -> Result<Conn, sqlx::Error> {
        Ok(match self {
            Readers::Sqlite(pool) => Conn::sqlite_pooled(pool.acquire().await?),
            Readers::Postgres(pool) => Conn::pg_pooled(pool.acquire().await?),
        })
    }

    pub(crate) async fn close(&self) {
        match self {
            Readers::Sqlite(pool) => pool.close().await,
            Readers::Postgres(pool) => pool.close().await,
        }
    }
}

impl<'e> Exec<'e> for &'e Readers {
    fn target(self) -> Target<'e> {
        match self {
            Readers::Sqlite(pool) => Target::SqlitePool(pool),
            Readers::Postgres(pool) => Target::PgPool(pool),
        }
    }
}

/// What a statement changed.
#[derive(Debug, Clone, Copy)]
pub struct Done {
    rows: u64,
}

impl Done {
    pub fn rows_affected(&self) -> u64 {
        self.rows
    }
}

/// A statement with its values, not yet run. See [`query`].
#[must_use = "a query does nothing until it is run"]
pub struct Query<'q> {
    sql: Sql,
    /// The PostgreSQL text where the dialects differ (see [`Query::postgres`]).
    pg_sql: Option<Sql>,
    args: Vec<Value<'q>>,
    /// Planned for its values on every call (see [`Query::planned_per_call`]).
    per_call: bool,
}

/// A statement whose rows decode into `O`. See [`query_as`].
#[must_use = "a query does nothing until it is run"]
pub struct QueryAs<'q, O> {
    inner: Query<'q>,
    row: std::marker::PhantomData<fn() -> O>,
}

/// A statement to run on either backend, like `sqlx::query`.
pub fn query<'q>(sql: impl Into<Sql>) -> Query<'q> {
    Query {
        sql: sql.into(),
        pg_sql: None,
        args: Vec::new(),
        per_call: false,
    }
}

/// A statement whose rows decode into `O`, like `sqlx::query_as`.
pub fn query_as<'q, O>(sql: impl Into<Sql>) -> QueryAs<'q, O> {
    QueryAs {
        inner: query(sql),
        row: std::marker::PhantomData,
    }
}

/// A statement that reads one column, like `sqlx::query_scalar`.
pub fn query_scalar<'q, T>(sql: impl Into<Sql>) -> QueryScalar<'q, T> {
    QueryScalar(query_as(sql))
}

/// A statement whose rows are one value each. See [`query_scalar`].
#[must_use = "a query does nothing until it is run"]
pub struct QueryScalar<'q, T>(QueryAs<'q, (T,)>);

impl<'q, T> QueryScalar<'q, T>
where
    (T,): Row,
{
    pub fn bind(self, value: impl Into<Value<'q>>) -> Self {
        Self(self.0.bind(value))
    }

    /// See [`Query::postgres`].
    pub fn postgres(self, sql: impl Into<Sql>) -> Self {
        Self(self.0.postgres(sql))
    }

    pub async fn fetch_one<'e>(self, on: impl Exec<'e>) -> Result<T, sqlx::Error> {
        Ok(self.0.fetch_one(on).await?.0)
    }

    pub async fn fetch_optional<'e>(self, on: impl Exec<'e>) -> Result<Option<T>, sqlx::Error> {
        Ok(self.0.fetch_optional(on).await?.map(|(v,)| v))
    }

    pub async fn fetch_all<'e>(self, on: impl Exec<'e>) -> Result<Vec<T>, sqlx::Error> {
        Ok(self
            .0
            .fetch_all(on)
            .await?
            .into_iter()
            .map(|(v,)| v)
            .collect())
    }
}

impl<'q> Query<'q> {
    pub fn bind(mut self, value: impl Into<Value<'q>>) -> Self {
        self.args.push(value.into());
        self
    }

    /// The text to run on PostgreSQL instead, where the dialects differ; it takes the same
    /// values in the same places. Both texts stay side by side in the store function.
    pub fn postgres(mut self, sql: impl Into<Sql>) -> Self {
        self.pg_sql = Some(sql.into());
        self
    }

    /// Plans the statement for its values on every call on PostgreSQL, instead of keeping it
    /// prepared. A kept statement gets a generic plan after five calls, made without the
    /// values; for a search or filter whose best plan depends on them that plan can be a
    /// thousand times slower (a two-word name search at 1M orders: 1 s instead of 1 ms).
    /// SQLite plans without values anyway.
    pub fn planned_per_call(mut self) -> Self {
        self.per_call = true;
        self
    }

    fn sqlite(self) -> sqlx::query::Query<'q, Sqlite, SqliteArguments> {
        let mut q = sqlx::query(AssertSqlSafe(self.sql.0));
        for value in self.args {
            q = bind_sqlite(q, value);
        }
        q
    }

    fn pg(self) -> sqlx::query::Query<'q, Postgres, PgArguments> {
        let sql = self.pg_sql.unwrap_or(self.sql);
        let mut q = sqlx::query(AssertSqlSafe(sql.0)).persistent(!self.per_call);
        for value in self.args {
            q = bind_pg(q, value);
        }
        q
    }

    pub async fn execute<'e>(self, on: impl Exec<'e>) -> Result<Done, sqlx::Error> {
        note_statement();
        let rows = match on.target() {
            Target::SqlitePool(p) => self.sqlite().execute(p).await?.rows_affected(),
            Target::Sqlite(c) => self.sqlite().execute(c).await?.rows_affected(),
            Target::PgPool(p) => self.pg().execute(p).await?.rows_affected(),
            Target::Pg(c) => self.pg().execute(c).await?.rows_affected(),
        };
        Ok(Done { rows })
    }
}

/// Rows of both backends decode into `O`.
pub trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<O> Row for O where O: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{}

impl<'q, O: Row> QueryAs<'q, O> {
    pub fn bind(mut self, value: impl Into<Value<'q>>) -> Self {
        self.inner = self.inner.bind(value);
        self
    }

    /// See [`Query::postgres`].
    pub fn postgres(mut self, sql: impl Into<Sql>) -> Self {
        self.inner = self.inner.postgres(sql);
        self
    }

    /// See [`Query::planned_per_call`].
    pub fn planned_per_call(mut self) -> Self {
        self.inner = self.inner.planned_per_call();
        self
    }

    pub async fn fetch_all<'e>(self, on: impl Exec<'e>) -> Result<Vec<O>, sqlx::Error> {
        note_statement();
        let q = self.inner;
        match on.target() {
            Target::SqlitePool(p) => q.sqlite().try_map(|r| O::from_row(&r)).fetch_all(p).await,
            Target::Sqlite(c) => q.sqlite().try_map(|r| O::from_row(&r)).fetch_all(c).await,
            Target::PgPool(p) => q.pg().try_map(|r| O::from_row(&r)).fetch_all(p).await,
            Target::Pg(c) => q.pg().try_map(|r| O::from_row(&r)).fetch_all(c).await,
        }
    }

    pub async fn fetch_optional<'e>(self, on: impl Exec<'e>) -> Result<Option<O>, sqlx::Error> {
        note_statement();
        let q = self.inner;
        match on.target() {
            Target::SqlitePool(p) => {
                q.sqlite()
                    .try_map(|r| O::from_row(&r))
                    .fetch_optional(p)
                    .await
            }
            Target::Sqlite(c) => {
                q.sqlite()
                    .try_map(|r| O::from_row(&r))
                    .fetch_optional(c)
                    .await
            }
            Target::PgPool(p) => q.pg().try_map(|r| O::from_row(&r)).fetch_optional(p).await,
            Target::Pg(c) => q.pg().try_map(|r| O::from_row(&r)).fetch_optional(c).await,
        }
    }

    pub async fn fetch_one<'e>(self, on: impl Exec<'e>) -> Result<O, sqlx::Error> {
        self.fetch_optional(on)
            .await?
            .ok_or(sqlx::Error::RowNotFound)
    }
}

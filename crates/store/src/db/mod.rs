//! The open database, on either backend: the embedded SQLite file (one computer, the
//! default) or a shared PostgreSQL database (several seats, issue 14).
//!
//! Both hand out the same things: [`Readers`] for reads, [`Store::begin_write`] for a
//! transaction, and the store functions run the same SQL on either (see [`query`]). The use
//! cases never learn which backend they run on. Each backend has its own migrations
//! (`migrations/sqlite`, `migrations/postgres`), numbered alike: migration N makes the same
//! tables on both.

pub mod postgres;
pub mod query;
pub mod sqlite;
pub mod statements;
pub mod testing;

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use sqlx::migrate::{Migrate, MigrateError, Migrator};
use sqlx::{PgPool, SqlitePool};

use crate::files::DbLock;
use crate::{Result, StoreError};
use query::{Backend, Conn, Exec, Readers, Target};

/// Where a shop's database is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// `jobcard.sqlite` in this data directory.
    Embedded(PathBuf),
    /// A PostgreSQL server (`postgres://user@host/db?sslmode=...`), shared by every seat.
    Shared(postgres::DatabaseUrl),
}

#[derive(Clone, Debug)]
pub(crate) enum Writer {
    /// One connection: SQLite has one writer at a time, and waiting in the pool is cheaper
    /// than `SQLITE_BUSY`.
    Sqlite(SqlitePool),
    /// The server orders concurrent writers itself; the same pool serves reads.
    Postgres(PgPool),
}

/// The open database: a reader pool and the writer, and (on SQLite) the shared lock on the
/// file that says it is open.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) readers: Readers,
    pub(crate) writer: Writer,
    /// The SQLite file; `None` on PostgreSQL.
    pub(crate) path: Option<PathBuf>,
    /// The shared database; `None` on SQLite.
    pub(crate) shared: Option<postgres::DatabaseUrl>,
    /// Shared by the clones; taken out (released) by [`Store::close`].
    pub(crate) lock: Arc<Mutex<Option<DbLock>>>,
    /// The running backup's progress (one at a time); shared by the clones.
    pub(crate) backup_progress: crate::backup_progress::BackupProgress,
}

/// A write transaction. Dropping it without [`WriteTx::commit`] rolls everything back.
pub struct WriteTx(Conn, Purpose);

/// What a write transaction is for, which decides what it needs before it may commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// A change of the shop's records ([`Store::begin_change`]): it commits only with its
    /// journal entry.
    Change,
    /// Working state that is no record of the shop ([`Store::begin_write`]).
    Bookkeeping,
}

impl WriteTx {
    /// Commits; a change without its journal entry is refused and rolled back instead, so no
    /// use case can save a change that leaves no audit row.
    pub async fn commit(self) -> Result<()> {
        if self.1 == Purpose::Change && self.0.journal_entries() == 0 {
            return Err(StoreError::Unjournaled);
        }
        Ok(self.0.commit().await?)
    }
}

impl Deref for WriteTx {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.0
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.0
    }
}

impl<'e> Exec<'e> for &'e mut WriteTx {
    fn target(self) -> Target<'e> {
        (&mut self.0).target()
    }
}

impl Store {
    /// Opens the shop's database where `database` says, migrating it.
    pub async fn open_database(database: &Database) -> Result<Self> {
        match database {
            Database::Embedded(dir) => Self::open_dir(dir).await,
            Database::Shared(url) => postgres::open(url).await,
        }
    }

    pub fn backend(&self) -> Backend {
        self.readers.backend()
    }

    /// Starts a write transaction. On SQLite it is `BEGIN IMMEDIATE`, so it holds the write
    /// lock from the start and never fails half-way on a lock upgrade; on PostgreSQL it is
    /// READ COMMITTED, and the rows a change depends on are guarded by the change itself
    /// (the order counter's upsert, `WHERE status = expected`).
    ///
    /// For working state that is no record of the shop: a half-typed form, a sign-in session,
    /// the sync engine's own progress, the migrations. A change of the shop's records starts
    /// with [`Store::begin_change`] instead.
    pub async fn begin_write(&self) -> Result<WriteTx> {
        self.begin(Purpose::Bookkeeping).await
    }

    /// Starts the write transaction of a change of the shop's records (an order, a customer,
    /// a setting, a connector): like [`Store::begin_write`], but it commits only once its
    /// journal entry (audit row, and outbox row where the change leaves the shop) was written
    /// through [`crate::journal::write`].
    pub async fn begin_change(&self) -> Result<WriteTx> {
        self.begin(Purpose::Change).await
    }

    async fn begin(&self, purpose: Purpose) -> Result<WriteTx> {
        let conn = match &self.writer {
            Writer::Sqlite(pool) => Conn::sqlite_tx(pool.begin_with("BEGIN IMMEDIATE").await?),
            Writer::Postgres(pool) => Conn::pg_tx(pool.begin().await?),
        };
        Ok(WriteTx(conn, purpose))
    }

    /// The pool for reads.
    pub fn readers(&self) -> &Readers {
        &self.readers
    }

    /// One reader connection, for several reads in a row.
    pub async fn reader(&self) -> Result<Conn> {
        Ok(self.readers.acquire().await?)
    }

    /// The SQLite file, or `None` on a shared PostgreSQL database.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Closes the pools (checkpointing SQLite's WAL) and then releases the file's lock (for
    /// every clone: they share the pools too).
    pub async fn close(&self) {
        self.readers.close().await;
        match &self.writer {
            Writer::Sqlite(pool) => pool.close().await,
            Writer::Postgres(pool) => pool.close().await,
        }
        if let Ok(mut held) = self.lock.lock() {
            held.take();
        }
    }
}

/// Runs `migrator`'s pending migrations, refusing a database that a newer Jobcard migrated
/// (it has a migration this program does not know) with a message that says so.
pub(crate) async fn migrate<'a, A>(migrator: &Migrator, pool: A) -> Result<()>
where
    A: sqlx::Acquire<'a>,
    <A::Connection as Deref>::Target: Migrate,
{
    match migrator.run(pool).await {
        Ok(()) => Ok(()),
        Err(MigrateError::VersionMissing(version)) => Err(StoreError::NewerDatabase {
            version,
            known: migrator.iter().map(|m| m.version).max().unwrap_or(0),
        }),
        Err(err) => Err(err.into()),
    }
}

//! Jobcard's store: the embedded SQLite file (the default) or a shared PostgreSQL database,
//! opened with durable settings and migrated at start (see [`db`]).
//!
//! The store knows tables and SQL, not use cases. Reads go through a small pool of reader
//! connections; every write goes through [`Store::begin_write`]. A use case writes its domain
//! rows and its journal entry (audit row, and outbox row when the change leaves the shop; see
//! [`journal`]) inside one such transaction, so either all of a
//! change is saved or none. Store functions take `&mut Conn` (a transaction or a reader) or
//! anything that is [`Exec`], and run the same SQL on either backend.

pub mod audit;
pub mod backup;
pub mod backup_progress;
pub mod board;
pub mod catalogue;
pub mod changes;
pub mod copy;
pub mod db;
pub mod drafts;
mod error;
pub mod files;
pub mod hours;
pub mod journal;
pub mod locks;
pub mod orders;
mod parsed;
pub use parsed::{Parsed, ParsedOption};
pub mod outbox;
pub mod parties;
pub mod pg_backup;
pub mod records;
pub mod reports;
pub mod search;
pub mod settings;
pub mod sync;
pub mod versions;
pub mod work;

pub use audit::{AuditRow, NewAudit};
pub use catalogue::{ArticleRow, RepairCodeRow, VatRateRow};
pub use db::postgres::DatabaseUrl;
pub use db::query::{Backend, Conn, Exec, Readers, query, query_as, query_scalar};
pub use db::sqlite::{MIN_SQLITE_VERSION, sqlite_version_ok};
pub use db::statements::count_statements;
pub use db::{Database, Store, WriteTx};
pub use drafts::DraftRow;
pub use error::StoreError;
pub use journal::{Queued, Written};
pub use locks::HeldLock;
pub use orders::{LineRow, ListFilter, ListSort, OrderListRow, OrderRow};
pub use parties::{CustomerRow, EmployeeRow, RepairObjectRow, StoreRow};
pub use records::{HeaderRow, HistoryRow};
pub use search::SearchDoc;
pub use work::{ClosingRow, WorkPeriodRow};

/// The module namespaces the app crate calls into, e.g. `jobcard_store::orders::insert`.
pub mod sql {
    pub use crate::audit as audit_log;
    pub use crate::board;
    pub use crate::catalogue;
    pub use crate::drafts;
    pub use crate::hours;
    pub use crate::journal;
    pub use crate::orders;
    pub use crate::outbox;
    pub use crate::parties;
    pub use crate::records;
    pub use crate::reports;
    pub use crate::search;
    pub use crate::settings;
    pub use crate::sync;
    pub use crate::versions;
    pub use crate::work;
}

pub type Result<T> = std::result::Result<T, StoreError>;

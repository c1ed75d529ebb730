//! Jobcard's sync engine: it sends local changes to the shop's remote systems and brings
//! their changes back, offline-first and exactly once.
//!
//! Every local change already wrote an outbox row in its own transaction. The engine fans
//! those rows out per connector into `sync_items` (one per order, so several edits become one
//! request with the order's latest state), sends what is due, and records each answer in one
//! transaction with the remote ids it learned (`external_refs`). Exactly once rests on two
//! rules: an attempt is recorded (`in_flight`) before a request that changes the remote is
//! sent, and an attempt still recorded at the next try means the outcome is unknown, so the
//! connector looks the order up on the remote (by Jobcard's own reference) before it creates
//! anything again.
//!
//! The crate knows nothing of Tauri or the UI; `jobcard-app` exposes it as use cases.

mod backoff;
mod budget;
mod clock;
mod connector;
pub mod cyclesoftware;
mod engine;
mod error;
pub mod fieldnation;
mod fields;
mod http;
mod import;
mod local_text;
mod lost_answer;
pub mod mes;
mod paging;
mod record;
mod remote_text;
pub mod remote_time;
pub mod scan2evolve;
mod secrets;
mod settings;
pub mod trustpager;

pub use backoff::full_jitter;
pub use clock::{Clock, FixedClock, SteppingClock, SystemClock, Wait};
pub use connector::{Connector, ConnectorFuture, Credential, KINDS, Kind};
pub use engine::{Blocked, Engine, Progress, RunReport, stamp};
pub use error::{Result, SyncError};
pub use http::{MAX_ANSWER_BYTES, MAX_PAGES_PER_RUN, check_base_url, same_origin_urls, scrub};
pub use import::{ImportError, ImportFuture, ImportedLine, ImportedOrder, Importer, NoImport};
pub use secrets::{SecretBackend, Secrets};
pub use settings::{ConnectorSettings, Scope};

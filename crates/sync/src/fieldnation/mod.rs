//! The Field Nation connector. Contract: `shared/seeds/001_d941c9877c2a71f7.txt`.
//!
//! Not written yet: the kind, its secrets and settings exist so the engine, the CLI and the
//! settings screen know it, but `check`, `pull` and `push` refuse.

use std::collections::BTreeMap;

use jobcard_store::sync::SyncItemRow;

use crate::engine::{Ctx, PushError};
use crate::http::{Failure, Remote};
use crate::{Result, SyncError};

/// The documented defaults of the kind's settings.
pub fn defaults() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        ("scope", "all"),
        ("timeout_ms", "15000"),
        ("backoff_base_ms", "1000"),
        ("backoff_cap_ms", "300000"),
        ("minutely_limit", "60"),
        ("pull_interval_s", "300"),
    ])
}

/// This kind's own rules for a setting; `None` leaves it to the shared ones.
pub fn validate(_key: &str, _value: &str) -> Option<Result<()>> {
    None
}

/// `connector test`: one harmless authenticated read.
pub async fn check(_remote: &mut Remote) -> Result<String> {
    Err(SyncError::Remote(
        "the Field Nation connector is not written yet".to_owned(),
    ))
}

/// Reads the remote's changes; returns how many orders it took in or changed.
pub async fn pull(_ctx: &mut Ctx<'_>) -> std::result::Result<u64, Failure> {
    Ok(0)
}

/// Sends one order's pending change.
pub async fn push(_ctx: &mut Ctx<'_>, _item: &SyncItemRow) -> std::result::Result<(), PushError> {
    Err(PushError::Stop {
        state: "failed",
        message: "the Field Nation connector is not written yet".to_owned(),
    })
}

//! What the UI and the CLI see of sync: connectors (never their secrets, only whether each
//! is set) and the queue of orders per connector.

use jobcard_domain::SyncState;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Adds or changes a connector. `set` holds `KEY=VALUE` settings (mappings, scope, limits).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct ConnectorInput {
    pub name: String,
    #[serde(default)]
    pub kind: String,
    pub base_url: Option<String>,
    #[serde(default)]
    pub set: Vec<(String, String)>,
    pub enabled: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SecretState {
    pub key: String,
    pub set: bool,
}

/// A kind of connector as the core knows it, so the settings screen never lists kinds or
/// secrets of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConnectorKindView {
    /// As stored and typed (`cyclesoftware`).
    pub kind: String,
    /// The secrets it needs, in the order to ask for them.
    pub secret_keys: Vec<String>,
    /// The documented defaults of its settings.
    pub defaults: Vec<(String, String)>,
    /// The mapping groups whose keys are the remote's values (`status` for Field Nation).
    pub inbound_mappings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConnectorView {
    pub name: String,
    pub kind: String,
    pub base_url: String,
    pub enabled: bool,
    /// Every effective setting, the shop's own over the documented defaults.
    pub settings: Vec<(String, String)>,
    pub secrets: Vec<SecretState>,
    /// Where secrets are kept: the OS keychain, or the user-only file when none answered.
    pub secret_store: String,
    pub pending: i64,
    pub synced: i64,
    pub failed: i64,
    pub attention: i64,
    pub conflict: i64,
    pub last_success_at: Option<String>,
    pub last_pull_at: Option<String>,
    pub paused_until: Option<String>,
    /// The newest reason an order is not synced yet ("cannot reach the remote ...").
    pub last_error: Option<String>,
}

/// One order's state at one connector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncItemView {
    pub connector: String,
    /// The connector's kind: the order screen offers "Send work status" for `trustpager`.
    pub kind: String,
    pub number: String,
    pub state: SyncState,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<String>,
    pub last_success_at: Option<String>,
    pub updated_at: String,
}

/// A connector that only takes orders marked for it, and whether this order is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncMarkView {
    pub connector: String,
    pub marked: bool,
}

/// A record on the remote that Jobcard refused to import (one bad work order never blocks the
/// others). It is not tried again until it changes on the remote or a person asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportRefusalView {
    pub connector: String,
    /// The remote's id of the record (a work order id).
    pub remote_id: String,
    /// Why, naming the field: `description: must not contain control characters`.
    pub reason: String,
    /// When it was refused (RFC 3339).
    pub at: String,
}

/// `jobcard connector queue NAME --json`: the orders not synced, and the remote records
/// refused at import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncQueueView {
    pub orders: Vec<SyncItemView>,
    pub refused: Vec<ImportRefusalView>,
}

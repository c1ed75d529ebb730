//! The server handle: configuration and Scan2Evolve's shared state. Start, stop, resume, down
//! for a while and the fault queue are `jobcard_fake_faults::remote::Remote`, which
//! [`FakeServer`] derefs to; the socket side is `jobcard_fake_faults::listener`.

use crate::store::{ApiError, Store, lock};
use jobcard_fake_faults::remote::{Remote, Snapshot};
use serde_json::Value;
use std::ops::Deref;
use std::sync::Mutex;

/// The fake organisation's credentials.
#[derive(Clone, Debug)]
pub struct FakeConfig {
    /// The v1 API token (GET endpoints), as `Authorization: Bearer TOKEN`.
    pub api_token: String,
    /// The downstream integration's Bearer token (the sync POST).
    pub downstream_token: String,
    /// The downstream integration's `X-API-KEY` (the sync POST).
    pub downstream_api_key: String,
}

impl Default for FakeConfig {
    fn default() -> Self {
        Self {
            api_token: "s2e-token".into(),
            downstream_token: "s2e-downstream".into(),
            downstream_api_key: "s2e-key".into(),
        }
    }
}

/// Everything the handlers share.
#[derive(Debug)]
pub struct Shared {
    pub config: FakeConfig,
    pub store: Mutex<Store>,
}

impl Snapshot for Shared {
    /// Work orders, the downstream switch, request log and counts.
    fn snapshot(&self) -> serde_json::Value {
        lock(&self.store).snapshot()
    }
}

/// A running fake; cheap to clone (an `Arc` inside). `base_url`, `stop`, `resume`,
/// `add_fault`, `clear_faults` and `snapshot` come from [`Remote`].
#[derive(Clone, Debug)]
pub struct FakeServer(Remote<Shared>);

impl Deref for FakeServer {
    type Target = Remote<Shared>;
    fn deref(&self) -> &Remote<Shared> {
        &self.0
    }
}

impl FakeServer {
    /// Start on an ephemeral port of 127.0.0.1.
    pub async fn start(config: FakeConfig) -> std::io::Result<FakeServer> {
        Self::start_on(config, 0).await
    }

    /// Start on the given port of 127.0.0.1 (0: ephemeral).
    pub async fn start_on(config: FakeConfig, port: u16) -> std::io::Result<FakeServer> {
        let shared = Shared {
            config,
            store: Mutex::new(Store::default()),
        };
        let remote = Remote::start_on(port, shared, |r| crate::app(FakeServer(r))).await?;
        Ok(FakeServer(remote))
    }

    /// Seeds a work order as Scan2Evolve makes one (the doc's shape); returns it.
    pub fn seed(&self, work_order: Value) -> Result<Value, String> {
        lock(&self.shared().store)
            .seed(work_order)
            .map(Value::Object)
            .map_err(|e| e.message)
    }

    /// A change made on Scan2Evolve itself (e.g. `{"status": "COMPLETED"}`).
    pub fn change(&self, id: &str, fields: Value) -> Result<Value, String> {
        lock(&self.shared().store)
            .change(id, fields)
            .map(Value::Object)
            .map_err(|e: ApiError| e.message)
    }

    /// Switches the downstream integration on or off (off: the sync POST is 403).
    pub fn set_downstream_active(&self, active: bool) {
        lock(&self.shared().store).downstream_active = active;
    }
}

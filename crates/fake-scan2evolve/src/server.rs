//! The server handle: configuration and Scan2Evolve's shared state, and the methods that change
//! things "on the remote". The handle itself (start, stop, resume, down for a while, the
//! fault queue, the snapshot) is `jobcard_fake_faults::remote::Remote`, which `FakeServer`
//! (declared by `jobcard_fake_faults::fake_server!`) derefs to.

use crate::store::{ApiError, Store, lock};
use jobcard_fake_faults::remote::Snapshot;
use serde_json::Value;
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

jobcard_fake_faults::fake_server! {
    shared: Shared,
    config: FakeConfig,
    app: crate::app,
    build: |config| Shared {
        config,
        store: Mutex::new(Store::default()),
    },
}

impl FakeServer {
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

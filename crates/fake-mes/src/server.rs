//! The server handle: configuration and the MES's shared state, and the methods that change
//! things "on the remote". The handle itself (start, stop, resume, down for a while, the
//! fault queue, the snapshot) is `jobcard_fake_faults::remote::Remote`, which `FakeServer`
//! (declared by `jobcard_fake_faults::fake_server!`) derefs to.

use crate::store::{Store, lock};
use jobcard_fake_faults::remote::Snapshot;
use std::sync::Mutex;

/// The fake account: the API key it accepts as `Authorization: Bearer KEY`.
#[derive(Clone, Debug)]
pub struct FakeConfig {
    pub api_key: String,
}

impl Default for FakeConfig {
    fn default() -> Self {
        Self {
            api_key: "mes-key".into(),
        }
    }
}

/// Everything the handlers share.
#[derive(Debug)]
pub struct Shared {
    pub api_key: String,
    pub store: Mutex<Store>,
}

impl Snapshot for Shared {
    /// Work orders and request counts.
    fn snapshot(&self) -> serde_json::Value {
        lock(&self.store).snapshot()
    }
}

jobcard_fake_faults::fake_server! {
    shared: Shared,
    config: FakeConfig,
    app: crate::app,
    build: |config| Shared {
        api_key: config.api_key,
        store: Mutex::new(Store::default()),
    },
}

impl FakeServer {
    /// A status change made in the MES itself (no state-machine rules);
    /// `false` for an unknown work order or status.
    pub fn set_status(&self, id: &str, status: &str) -> bool {
        lock(&self.shared().store).set_status(id, status)
    }
}

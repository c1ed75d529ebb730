//! The server handle: configuration and Field Nation's shared state, and the methods that change
//! things "on the remote". The handle itself (start, stop, resume, down for a while, the
//! fault queue, the snapshot) is `jobcard_fake_faults::remote::Remote`, which `FakeServer`
//! (declared by `jobcard_fake_faults::fake_server!`) derefs to.

use crate::store::{Record, Store, lock};
use jobcard_fake_faults::remote::Snapshot;
use std::sync::Mutex;

/// The fake account: the token it accepts as the `access_token` query parameter.
#[derive(Clone, Debug)]
pub struct FakeConfig {
    pub access_token: String,
}

impl Default for FakeConfig {
    fn default() -> Self {
        Self {
            access_token: "fn-token".into(),
        }
    }
}

/// Everything the handlers share.
#[derive(Debug)]
pub struct Shared {
    pub access_token: Mutex<String>,
    pub store: Mutex<Store>,
}

impl Snapshot for Shared {
    /// Work orders, request log and counts.
    fn snapshot(&self) -> serde_json::Value {
        lock(&self.store).snapshot()
    }
}

jobcard_fake_faults::fake_server! {
    shared: Shared,
    config: FakeConfig,
    app: crate::app,
    build: |config| Shared {
        access_token: Mutex::new(config.access_token),
        store: Mutex::new(Store::default()),
    },
}

impl FakeServer {
    /// Accepts `token` from now on; the old one answers 401 (it expired).
    pub fn set_access_token(&self, token: &str) {
        *lock(&self.shared().access_token) = token.to_owned();
    }

    /// A work order a buyer published on the marketplace (no validation beyond the create's);
    /// returns its id.
    pub fn publish(&self, work_order: Record) -> Result<u64, String> {
        lock(&self.shared().store)
            .publish(work_order)
            .map_err(|e| e.message)
    }

    /// Moves work order `id` to status `name` ("work_done", "Approved", "cancelled", ...) as
    /// the technician or the buyer would on the marketplace; false when either is unknown.
    pub fn set_status(&self, id: u64, name: &str) -> bool {
        lock(&self.shared().store).set_status(id, name)
    }

    /// A buyer edits work order `id` on the marketplace (e.g. a corrected title): the fields
    /// are merged in as they are; false when it is unknown.
    pub fn amend(&self, id: u64, fields: Record) -> bool {
        lock(&self.shared().store).amend(id, fields)
    }
}

//! The server handle: configuration and Field Nation's shared state. Start, stop, resume, down
//! for a while and the fault queue are `jobcard_fake_faults::remote::Remote`, which
//! [`FakeServer`] derefs to; the socket side is `jobcard_fake_faults::listener`.

use crate::store::{Record, Store, lock};
use jobcard_fake_faults::remote::{Remote, Snapshot};
use std::ops::Deref;
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
            access_token: Mutex::new(config.access_token),
            store: Mutex::new(Store::default()),
        };
        let remote = Remote::start_on(port, shared, |r| crate::app(FakeServer(r))).await?;
        Ok(FakeServer(remote))
    }

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
}

//! The server handle: configuration and shared state. The socket side (down and back up on
//! the same port, a connection dropped after a change) is `jobcard_fake_faults::listener`.

use crate::store::{Record, Store, lock};
use jobcard_fake_faults::listener::Listener;
use jobcard_fake_faults::{Fault, Faults};
use std::sync::{Arc, Mutex};
use std::time::Duration;

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
pub(crate) struct Shared {
    pub access_token: Mutex<String>,
    pub store: Mutex<Store>,
    pub faults: Mutex<Faults>,
    listener: Arc<Listener>,
}

/// A running fake; cheap to clone (an `Arc` inside).
#[derive(Clone, Debug)]
pub struct FakeServer {
    pub(crate) shared: Arc<Shared>,
}

impl FakeServer {
    /// Start on an ephemeral port of 127.0.0.1.
    pub async fn start(config: FakeConfig) -> std::io::Result<FakeServer> {
        Self::start_on(config, 0).await
    }

    /// Start on the given port of 127.0.0.1 (0: ephemeral).
    pub async fn start_on(config: FakeConfig, port: u16) -> std::io::Result<FakeServer> {
        let (listener, socket) = Listener::bind(port)?;
        let server = FakeServer {
            shared: Arc::new(Shared {
                access_token: Mutex::new(config.access_token),
                store: Mutex::new(Store::default()),
                faults: Mutex::new(Faults::default()),
                listener: Arc::new(listener),
            }),
        };
        let app = crate::app(server.clone());
        server.shared.listener.serve(socket, app).await;
        Ok(server)
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.shared.listener.port())
    }

    pub fn port(&self) -> u16 {
        self.shared.listener.port()
    }

    /// Stop listening and close every connection (refused from now on); state is kept.
    pub async fn stop(&self) {
        self.shared.listener.stop().await;
    }

    /// Listen again on the same port, with the same state (no-op if listening).
    pub async fn resume(&self) -> std::io::Result<()> {
        self.shared.listener.resume(crate::app(self.clone())).await
    }

    /// Down for `down` (refusing connections, open ones closed), then back with the same state.
    pub async fn down_for(&self, down: Duration) {
        let app = crate::app(self.clone());
        self.shared.listener.clone().down_for(down, app).await;
    }

    pub fn add_fault(&self, fault: Fault) {
        lock(&self.shared.faults).add(fault);
    }

    /// Removes every queued fault: the remote is healthy again.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// Accepts `token` from now on; the old one answers 401 (it expired).
    pub fn set_access_token(&self, token: &str) {
        *lock(&self.shared.access_token) = token.to_owned();
    }

    /// A work order a buyer published on the marketplace (no validation beyond the create's);
    /// returns its id.
    pub fn publish(&self, work_order: Record) -> Result<u64, String> {
        lock(&self.shared.store)
            .publish(work_order)
            .map_err(|e| e.message)
    }

    /// Moves work order `id` to status `name` ("work_done", "Approved", "cancelled", ...) as
    /// the technician or the buyer would on the marketplace; false when either is unknown.
    pub fn set_status(&self, id: u64, name: &str) -> bool {
        lock(&self.shared.store).set_status(id, name)
    }

    /// The same JSON as `GET /_fake/state`: work orders, request log and counts.
    pub fn snapshot(&self) -> serde_json::Value {
        lock(&self.shared.store).snapshot()
    }
}

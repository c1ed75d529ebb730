//! The server handle: configuration and shared state. The socket side (down and back up on
//! the same port, a connection dropped after a change) is `jobcard_fake_faults::listener`.

use crate::store::{ApiError, Store, lock};
use jobcard_fake_faults::listener::Listener;
use jobcard_fake_faults::{Fault, Faults};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;

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
pub(crate) struct Shared {
    pub config: FakeConfig,
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
                config,
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
    pub(crate) async fn down_for(&self, down: Duration) {
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

    /// The same JSON as `GET /_fake/state`.
    pub fn snapshot(&self) -> Value {
        lock(&self.shared.store).snapshot()
    }

    /// Seeds a work order as Scan2Evolve makes one (the doc's shape); returns it.
    pub fn seed(&self, work_order: Value) -> Result<Value, String> {
        lock(&self.shared.store)
            .seed(work_order)
            .map(Value::Object)
            .map_err(|e| e.message)
    }

    /// A change made on Scan2Evolve itself (e.g. `{"status": "COMPLETED"}`).
    pub fn change(&self, id: &str, fields: Value) -> Result<Value, String> {
        lock(&self.shared.store)
            .change(id, fields)
            .map(Value::Object)
            .map_err(|e: ApiError| e.message)
    }

    /// Switches the downstream integration on or off (off: the sync POST is 403).
    pub fn set_downstream_active(&self, active: bool) {
        lock(&self.shared.store).downstream_active = active;
    }
}

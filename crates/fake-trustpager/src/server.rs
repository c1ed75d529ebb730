//! The server handle: configuration and shared state. The socket side (down and back up on
//! the same port, a connection dropped after a change) is `jobcard_fake_faults::listener`.

use crate::store::{Store, lock};
use jobcard_fake_faults::listener::Listener;
use jobcard_fake_faults::{Fault, Faults};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The fake account: the API key it accepts as `Authorization: Bearer KEY`.
#[derive(Clone, Debug)]
pub struct FakeConfig {
    pub api_key: String,
}

impl Default for FakeConfig {
    fn default() -> Self {
        Self {
            api_key: "tp-key".into(),
        }
    }
}

/// Everything the handlers share.
#[derive(Debug)]
pub(crate) struct Shared {
    pub api_key: String,
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
                api_key: config.api_key,
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

    /// Removes every queued fault (a random one included): the remote is healthy again.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// The same JSON as `GET /_fake/state`: work orders and request counts.
    pub fn snapshot(&self) -> serde_json::Value {
        lock(&self.shared.store).snapshot()
    }

    /// A status change made in the CRM (a label, case-insensitive); `false` for an unknown
    /// work order or label.
    pub fn set_status(&self, id: &str, label: &str) -> bool {
        lock(&self.shared.store).set_status(id, label)
    }

    /// A work order created in the CRM (the API's create rules); returns it.
    pub fn crm_create(
        &self,
        body: serde_json::Map<String, serde_json::Value>,
    ) -> Result<serde_json::Value, crate::store::ApiError> {
        lock(&self.shared.store)
            .create(body)
            .map(serde_json::Value::Object)
    }

    /// A work order deleted in the CRM; `false` when unknown.
    pub fn crm_delete(&self, id: &str) -> bool {
        lock(&self.shared.store).delete(id).is_ok()
    }

    /// Switches the company's e-mail configuration (send-work-status needs it).
    pub fn set_email_configured(&self, configured: bool) {
        lock(&self.shared.store).email_configured = configured;
    }
}

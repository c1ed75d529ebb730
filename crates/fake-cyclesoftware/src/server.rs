//! The server handle: configuration and shared state. The socket side (down and back up on
//! the same port, a connection dropped after a change) is `jobcard_fake_faults::listener`.

use crate::limits::Limiter;
use crate::store::Store;
use crate::util::lock;
use jobcard_fake_faults::listener::Listener;
use jobcard_fake_faults::{Fault, Faults};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Credentials and API limits of the fake account.
#[derive(Clone, Debug)]
pub struct FakeConfig {
    pub username: String,
    pub password: String,
    pub minutely_limit: u32,
    pub daily_limit: u32,
}

impl Default for FakeConfig {
    fn default() -> Self {
        Self {
            username: "jobcard".into(),
            password: "secret".into(),
            minutely_limit: 360,
            daily_limit: 15_000,
        }
    }
}

/// Everything the handlers share.
#[derive(Debug)]
pub(crate) struct Shared {
    /// `username:password`, compared with the decoded Basic credentials.
    pub credentials: String,
    pub store: Mutex<Store>,
    pub limiter: Mutex<Limiter>,
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
                credentials: format!("{}:{}", config.username, config.password),
                store: Mutex::new(Store::default()),
                limiter: Mutex::new(Limiter::new(config.minutely_limit, config.daily_limit)),
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

    pub fn set_limits(&self, minutely: u32, daily: u32) {
        let mut limiter = lock(&self.shared.limiter);
        limiter.minutely_limit = minutely;
        limiter.daily_limit = daily;
    }

    /// The same JSON as `GET /_fake/state`.
    pub fn snapshot(&self) -> serde_json::Value {
        let max = lock(&self.shared.limiter).max_in_any_minute;
        lock(&self.shared.store).snapshot(max)
    }

    /// A change made at the till (updates `datetime_modified`); `false` for an
    /// unknown order or status.
    pub fn set_order_status(&self, workshop_order_id: i64, status_id: i64) -> bool {
        lock(&self.shared.store).set_order_status(workshop_order_id, status_id)
    }
}

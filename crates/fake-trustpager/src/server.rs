//! The server handle: configuration and TrustPager's shared state. Start, stop, resume, down
//! for a while and the fault queue are `jobcard_fake_faults::remote::Remote`, which
//! [`FakeServer`] derefs to; the socket side is `jobcard_fake_faults::listener`.

use crate::store::{Store, lock};
use jobcard_fake_faults::remote::{Remote, Snapshot};
use std::ops::Deref;
use std::sync::Mutex;

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
            api_key: config.api_key,
            store: Mutex::new(Store::default()),
        };
        let remote = Remote::start_on(port, shared, |r| crate::app(FakeServer(r))).await?;
        Ok(FakeServer(remote))
    }

    /// A status change made in the CRM (a label, case-insensitive); `false` for an unknown
    /// work order or label.
    pub fn set_status(&self, id: &str, label: &str) -> bool {
        lock(&self.shared().store).set_status(id, label)
    }

    /// A work order created in the CRM (the API's create rules); returns it.
    pub fn crm_create(
        &self,
        body: serde_json::Map<String, serde_json::Value>,
    ) -> Result<serde_json::Value, crate::store::ApiError> {
        lock(&self.shared().store)
            .create(body)
            .map(serde_json::Value::Object)
    }

    /// A work order deleted in the CRM; `false` when unknown.
    pub fn crm_delete(&self, id: &str) -> bool {
        lock(&self.shared().store).delete(id).is_ok()
    }

    /// Switches the company's e-mail configuration (send-work-status needs it).
    pub fn set_email_configured(&self, configured: bool) {
        lock(&self.shared().store).email_configured = configured;
    }
}

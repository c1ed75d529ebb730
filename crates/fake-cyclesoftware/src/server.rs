//! The server handle: configuration and CycleSoftware's shared state, and the methods that change
//! things "on the remote". The handle itself (start, stop, resume, down for a while, the
//! fault queue, the snapshot) is `jobcard_fake_faults::remote::Remote`, which `FakeServer`
//! (declared by `jobcard_fake_faults::fake_server!`) derefs to.

use crate::limits::Limiter;
use crate::store::Store;
use crate::util::lock;
use jobcard_fake_faults::remote::Snapshot;
use std::sync::Mutex;

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
pub struct Shared {
    /// `username:password`, compared with the decoded Basic credentials.
    pub credentials: String,
    pub store: Mutex<Store>,
    pub limiter: Mutex<Limiter>,
}

impl Snapshot for Shared {
    /// Customers, objects, orders, request counts and limits.
    fn snapshot(&self) -> serde_json::Value {
        let max = lock(&self.limiter).max_in_any_minute;
        lock(&self.store).snapshot(max)
    }
}

jobcard_fake_faults::fake_server! {
    shared: Shared,
    config: FakeConfig,
    app: crate::app,
    build: |config| Shared {
        credentials: format!("{}:{}", config.username, config.password),
        store: Mutex::new(Store::default()),
        limiter: Mutex::new(Limiter::new(config.minutely_limit, config.daily_limit)),
    },
}

impl FakeServer {
    pub fn set_limits(&self, minutely: u32, daily: u32) {
        let mut limiter = lock(&self.shared().limiter);
        limiter.minutely_limit = minutely;
        limiter.daily_limit = daily;
    }

    /// A change made at the till (updates `datetime_modified`); `false` for an
    /// unknown order or status.
    pub fn set_order_status(&self, workshop_order_id: i64, status_id: i64) -> bool {
        lock(&self.shared().store).set_order_status(workshop_order_id, status_id)
    }
}

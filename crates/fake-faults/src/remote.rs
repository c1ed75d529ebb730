//! The handle every fake hands its tests: its own shared state `S`, the fault queue and the
//! stoppable [`Listener`], plus the function that builds its app.
//!
//! Why one generic handle: start, base URL, stop, resume, "down for a while" and the fault
//! queue are the same for every remote; only the API behind them differs. A fake wraps a
//! `Remote<Shared>` in its own `FakeServer` (which derefs to it), so these methods are
//! called on the fake's server as before, and the fake adds its own (`publish`, `seed`, ...).

use crate::listener::Listener;
use crate::{Action, Fault, Faults};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// Lock a std mutex, ignoring poisoning (a panicking test must not wedge the fake).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What a fake's shared state tells the common control routes.
pub trait Snapshot: Send + Sync + 'static {
    /// The JSON of `GET /_fake/state`.
    fn snapshot(&self) -> serde_json::Value;
}

/// Builds a fake's whole app (API and control routes behind its gate) for a handle.
pub type App<S> = fn(Remote<S>) -> axum::Router;

struct Inner<S> {
    shared: S,
    faults: Mutex<Faults>,
    listener: Arc<Listener>,
    app: App<S>,
}

/// A running fake; cheap to clone (an `Arc` inside).
pub struct Remote<S> {
    inner: Arc<Inner<S>>,
}

impl<S> Clone for Remote<S> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

impl<S: std::fmt::Debug> std::fmt::Debug for Remote<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Remote")
            .field("shared", &self.inner.shared)
            .field("faults", &self.inner.faults)
            .field("listener", &self.inner.listener)
            .finish()
    }
}

impl<S: Snapshot> Remote<S> {
    /// Starts `app` on the given port of 127.0.0.1 (0: ephemeral), sharing `shared`.
    pub async fn start_on(port: u16, shared: S, app: App<S>) -> std::io::Result<Self> {
        let (listener, socket) = Listener::bind(port)?;
        let remote = Self {
            inner: Arc::new(Inner {
                shared,
                faults: Mutex::new(Faults::default()),
                listener: Arc::new(listener),
                app,
            }),
        };
        remote.inner.listener.serve(socket, remote.app()).await;
        Ok(remote)
    }

    fn app(&self) -> axum::Router {
        (self.inner.app)(self.clone())
    }

    /// The fake's own state (store, credentials, limits, ...).
    pub fn shared(&self) -> &S {
        &self.inner.shared
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port())
    }

    pub fn port(&self) -> u16 {
        self.inner.listener.port()
    }

    /// Stop listening and close every connection (refused from now on); state is kept.
    pub async fn stop(&self) {
        self.inner.listener.stop().await;
    }

    /// Listen again on the same port, with the same state (no-op if listening).
    pub async fn resume(&self) -> std::io::Result<()> {
        self.inner.listener.resume(self.app()).await
    }

    /// Down for `down` (refusing connections, open ones closed), then back with the same state.
    pub async fn down_for(&self, down: Duration) {
        let app = self.app();
        self.inner.listener.clone().down_for(down, app).await;
    }

    pub fn add_fault(&self, fault: Fault) {
        lock(&self.inner.faults).add(fault);
    }

    /// Removes every queued fault (a random one included): the remote is healthy again.
    pub fn clear_faults(&self) {
        lock(&self.inner.faults).clear();
    }

    /// The fault for this API request, if one fires (a counted one is consumed).
    pub fn pick(&self, method: &str, path: &str) -> Option<Action> {
        lock(&self.inner.faults).pick(method, path)
    }

    /// How many API requests have reached the fake so far (control requests not counted).
    pub fn api_requests(&self) -> u64 {
        lock(&self.inner.faults).asked()
    }

    /// The same JSON as `GET /_fake/state`.
    pub fn snapshot(&self) -> serde_json::Value {
        self.inner.shared.snapshot()
    }
}

/// Declares a fake's `FakeServer`: a newtype over [`Remote`]`<Shared>` that derefs to it (so
/// `base_url`, `port`, `stop`, `resume`, `down_for`, `add_fault`, `clear_faults` and
/// `snapshot` are called on it as on any fake), with `start(config)` and
/// `start_on(config, port)`. `build` turns the fake's `FakeConfig` into its shared state;
/// `app` builds its whole app from a `FakeServer`. The fake adds its own methods in another
/// `impl FakeServer` block.
#[macro_export]
macro_rules! fake_server {
    (shared: $shared:ty, config: $config:ty, app: $app:path, build: $build:expr $(,)?) => {
        /// A running fake; cheap to clone (an `Arc` inside). It derefs to
        /// `jobcard_fake_faults::remote::Remote`: `base_url`, `port`, `stop`, `resume`,
        /// `down_for`, `add_fault`, `clear_faults`, `api_requests` and `snapshot`.
        #[derive(Clone, Debug)]
        pub struct FakeServer($crate::remote::Remote<$shared>);

        impl ::std::ops::Deref for FakeServer {
            type Target = $crate::remote::Remote<$shared>;
            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }

        impl FakeServer {
            /// Start on an ephemeral port of 127.0.0.1.
            pub async fn start(config: $config) -> ::std::io::Result<FakeServer> {
                Self::start_on(config, 0).await
            }

            /// Start on the given port of 127.0.0.1 (0: ephemeral).
            pub async fn start_on(config: $config, port: u16) -> ::std::io::Result<FakeServer> {
                let build: fn($config) -> $shared = $build;
                let remote =
                    $crate::remote::Remote::start_on(port, build(config), |r| $app(FakeServer(r)))
                        .await?;
                Ok(FakeServer(remote))
            }
        }
    };
}

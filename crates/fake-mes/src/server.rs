//! The server handle: configuration, shared state, and the listener that can
//! be stopped and resumed on the same port.
//!
//! It runs its own accept loop (hyper, HTTP/1.1) instead of `axum::serve` so
//! that it can (a) close every open connection when "down", so pooled
//! keep-alive connections fail like they would against a dead host, and
//! (b) abort one connection mid-request for the `DropAfterApply` fault.

use crate::store::{Store, lock};
use axum::Extension;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use jobcard_fake_faults::{Fault, Faults};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

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
pub(crate) struct Shared {
    pub api_key: String,
    pub port: u16,
    pub store: Mutex<Store>,
    pub faults: Mutex<Faults>,
    listening: tokio::sync::Mutex<Option<Listening>>,
}

#[derive(Debug)]
struct Listening {
    accept: JoinHandle<()>,
    /// Sending (or dropping) this closes every open connection.
    kill_all: watch::Sender<bool>,
}

/// Lets the `DropAfterApply` fault abort the connection a request came on.
#[derive(Clone, Debug)]
pub(crate) struct ConnKill(pub Arc<Notify>);

/// A running fake; cheap to clone (an `Arc` inside).
#[derive(Clone, Debug)]
pub struct FakeServer {
    pub(crate) shared: Arc<Shared>,
}

fn bind(port: u16) -> std::io::Result<TcpListener> {
    let socket = TcpSocket::new_v4()?;
    socket.set_reuseaddr(true)?;
    socket.bind(SocketAddr::from(([127, 0, 0, 1], port)))?;
    socket.listen(1024)
}

async fn accept_loop(listener: TcpListener, app: axum::Router, kill_all: watch::Receiver<bool>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let kill = Arc::new(Notify::new());
        let svc = TowerToHyperService::new(app.clone().layer(Extension(ConnKill(kill.clone()))));
        let mut kill_all = kill_all.clone();
        tokio::spawn(async move {
            let conn = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), svc);
            // Dropping `conn` closes the socket, whatever state the exchange is in.
            tokio::select! {
                _ = conn => {}
                () = kill.notified() => {}
                _ = kill_all.changed() => {}
            }
        });
    }
}

impl FakeServer {
    /// Start on an ephemeral port of 127.0.0.1.
    pub async fn start(config: FakeConfig) -> std::io::Result<FakeServer> {
        Self::start_on(config, 0).await
    }

    /// Start on the given port of 127.0.0.1 (0: ephemeral).
    pub async fn start_on(config: FakeConfig, port: u16) -> std::io::Result<FakeServer> {
        let listener = bind(port)?;
        let port = listener.local_addr()?.port();
        let server = FakeServer {
            shared: Arc::new(Shared {
                api_key: config.api_key,
                port,
                store: Mutex::new(Store::default()),
                faults: Mutex::new(Faults::default()),
                listening: tokio::sync::Mutex::new(None),
            }),
        };
        let listening = server.spawn_listener(listener);
        *server.shared.listening.lock().await = Some(listening);
        Ok(server)
    }

    fn spawn_listener(&self, listener: TcpListener) -> Listening {
        let (kill_all, kill_rx) = watch::channel(false);
        let app = crate::app(self.clone());
        Listening {
            accept: tokio::spawn(accept_loop(listener, app, kill_rx)),
            kill_all,
        }
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.shared.port)
    }

    pub fn port(&self) -> u16 {
        self.shared.port
    }

    /// Close the listening socket; returns the switch that closes the open
    /// connections (sending on it or dropping it).
    pub(crate) async fn stop_listening(&self) -> Option<watch::Sender<bool>> {
        let listening = self.shared.listening.lock().await.take()?;
        listening.accept.abort();
        let _ = listening.accept.await;
        Some(listening.kill_all)
    }

    /// Stop listening and close every connection (refused from now on); state is kept.
    pub async fn stop(&self) {
        if let Some(kill_all) = self.stop_listening().await {
            let _ = kill_all.send(true);
        }
    }

    /// Listen again on the same port, with the same state (no-op if listening).
    pub async fn resume(&self) -> std::io::Result<()> {
        let mut listening = self.shared.listening.lock().await;
        if listening.is_none() {
            *listening = Some(self.spawn_listener(bind(self.shared.port)?));
        }
        Ok(())
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

    /// A status change made in the MES itself (no state-machine rules);
    /// `false` for an unknown work order or status.
    pub fn set_status(&self, id: &str, status: &str) -> bool {
        lock(&self.shared.store).set_status(id, status)
    }
}

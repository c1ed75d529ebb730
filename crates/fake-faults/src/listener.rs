//! The listener every fake runs instead of `axum::serve`: it can be stopped and resumed on the
//! same port with its state kept, and it can abort one connection mid-request.
//!
//! Why not `axum::serve`: a fake that is "down" must (a) close every open connection, so a
//! client's pooled keep-alive connections fail the way they would against a dead host, and
//! (b) drop a single connection after applying a change (the `DropAfterApply` fault), so the
//! client sees a lost answer to a request that did happen.

use axum::Extension;
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::{Mutex, Notify, watch};
use tokio::task::JoinHandle;

/// Lets the `DropAfterApply` fault abort the connection a request came on.
#[derive(Clone, Debug)]
pub struct ConnKill(pub Arc<Notify>);

#[derive(Debug)]
struct Listening {
    accept: JoinHandle<()>,
    /// Sending (or dropping) this closes every open connection.
    kill_all: watch::Sender<bool>,
}

/// A fake's listening socket on 127.0.0.1, which can go down and come back.
#[derive(Debug)]
pub struct Listener {
    port: u16,
    listening: Mutex<Option<Listening>>,
}

/// Binds 127.0.0.1:`port` (0: an ephemeral port) with SO_REUSEADDR, so a resume can bind the
/// same port again at once.
pub fn bind(port: u16) -> std::io::Result<TcpListener> {
    let socket = TcpSocket::new_v4()?;
    socket.set_reuseaddr(true)?;
    socket.bind(SocketAddr::from(([127, 0, 0, 1], port)))?;
    socket.listen(1024)
}

impl Listener {
    /// Binds the port; the fake starts answering with [`Listener::serve`].
    pub fn bind(port: u16) -> std::io::Result<(Self, TcpListener)> {
        let socket = bind(port)?;
        let port = socket.local_addr()?.port();
        let listener = Self {
            port,
            listening: Mutex::new(None),
        };
        Ok((listener, socket))
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Starts answering on the bound socket with `app`.
    pub async fn serve(&self, socket: TcpListener, app: axum::Router) {
        let (kill_all, kill_rx) = watch::channel(false);
        let accept = tokio::spawn(accept_loop(socket, app, kill_rx));
        *self.listening.lock().await = Some(Listening { accept, kill_all });
    }

    /// Closes the listening socket; returns the switch that closes the open connections
    /// (sending on it or dropping it).
    pub async fn stop_listening(&self) -> Option<watch::Sender<bool>> {
        let listening = self.listening.lock().await.take()?;
        listening.accept.abort();
        let _ = listening.accept.await;
        Some(listening.kill_all)
    }

    /// Stops listening and closes every connection (refused from now on).
    pub async fn stop(&self) {
        if let Some(kill_all) = self.stop_listening().await {
            let _ = kill_all.send(true);
        }
    }

    /// Listens again on the same port with `app` (no-op while listening).
    pub async fn resume(&self, app: axum::Router) -> std::io::Result<()> {
        let mut listening = self.listening.lock().await;
        if listening.is_none() {
            let (kill_all, kill_rx) = watch::channel(false);
            let accept = tokio::spawn(accept_loop(bind(self.port)?, app, kill_rx));
            *listening = Some(Listening { accept, kill_all });
        }
        Ok(())
    }

    /// "Down for a while": stops accepting at once, closes the open connections shortly after
    /// (so the answer to the control request that asked for this still gets out), and listens
    /// again with `app` after `down`.
    pub async fn down_for(self: Arc<Self>, down: Duration, app: axum::Router) {
        let kill_all = self.stop_listening().await;
        tokio::spawn(async move {
            let grace = Duration::from_millis(100);
            tokio::time::sleep(grace).await;
            if let Some(kill_all) = kill_all {
                let _ = kill_all.send(true);
            }
            tokio::time::sleep(down.saturating_sub(grace)).await;
            if let Err(e) = self.resume(app).await {
                eprintln!(
                    "fake server on port {}: could not listen again: {e}",
                    self.port
                );
            }
        });
    }
}

async fn accept_loop(listener: TcpListener, app: axum::Router, kill_all: watch::Receiver<bool>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(10)).await;
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

/// Runs the request (the change is applied), then aborts its connection so no answer gets
/// out. `fallback` is only returned when the request did not come through a [`Listener`].
pub async fn drop_after_apply(req: Request<Body>, next: Next, fallback: Response) -> Response {
    let kill = req.extensions().get::<ConnKill>().cloned();
    let _applied = next.run(req).await;
    if let Some(ConnKill(kill)) = kill {
        kill.notify_one();
        // The connection task drops this exchange (and the socket).
        std::future::pending::<()>().await;
    }
    fallback
}

/// Aborts the request's connection without running it (nothing applied, no answer): a
/// remote that hangs up. `fallback` is only returned when the request did not come through a
/// [`Listener`].
pub async fn hang_up(req: Request<Body>, fallback: Response) -> Response {
    if let Some(ConnKill(kill)) = req.extensions().get::<ConnKill>().cloned() {
        kill.notify_one();
        std::future::pending::<()>().await;
    }
    fallback
}

/// Answers `delay_ms` late; with `apply` the change is applied before the wait (a client that
/// times out then has a lost answer), else after it.
pub async fn slow(req: Request<Body>, next: Next, delay_ms: u64, apply: bool) -> Response {
    let delay = Duration::from_millis(delay_ms);
    if apply {
        let response = next.run(req).await;
        tokio::time::sleep(delay).await;
        response
    } else {
        tokio::time::sleep(delay).await;
        next.run(req).await
    }
}

//! A stateful fake of the CycleSoftware REST API (a bike-shop point of
//! sale), written from its public docs, for the tests and the benchmark of
//! Jobcard's sync engine.
//!
//! It keeps customers, repair objects and workshop orders in memory, applies
//! the documented rules (Basic auth, API limits, VAT per order line, item
//! merge on PUT), and can be told to misbehave through [`Fault`]s or the
//! `/_fake/*` control API. Start one with [`FakeServer::start`].
//!
//! Files: `server` (config, shared state; the handle, stop/resume and the
//! fault queue are `jobcard_fake_faults::remote`), `gate` (auth, limits,
//! faults), `api` (routes), `store` (state, customers, objects), `orders`
//! (workshop-order rules), `catalog` (employees, enums), `limits`,
//! `control` (`/_fake/*`; state, faults and down are
//! `jobcard_fake_faults::control`), `util` (errors, JSON checks, datetimes).

// A fake stands for a remote server, which keeps its own wall clock (see clippy.toml).
#![allow(clippy::disallowed_methods)]

mod api;
mod catalog;
mod control;
mod gate;
mod limits;
mod orders;
mod server;
mod store;
mod util;

pub use jobcard_fake_faults::Fault;
pub use server::{FakeConfig, FakeServer};

/// The whole app: API and control routes behind the gate.
fn app(server: FakeServer) -> axum::Router {
    api::routes()
        .merge(control::routes())
        .fallback(|| async { util::ApiError::not_found() })
        .layer(axum::middleware::from_fn_with_state(
            server.clone(),
            gate::gate,
        ))
        .with_state(server)
}

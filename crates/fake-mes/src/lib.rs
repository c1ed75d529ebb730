//! A stateful fake of the MES work-order API (`shared/seeds/002_*.txt`), for
//! the tests of Jobcard's MES connector.
//!
//! It keeps work orders in memory and applies the documented rules: Bearer
//! auth (401), `/api/v2/work-orders` list (`page`, `limit` <= 100, `status`,
//! `sort`), get, create (201), PUT, start, complete and DELETE (204), the
//! error shape `{"error": {"code", "message", "details"}}` with 400
//! `VALIDATION_ERROR`, 404 `NOT_FOUND` and 409 `INVALID_STATE_TRANSITION`.
//!
//! State machine (where the doc is silent, the fake's choice):
//! - `start`: from OPEN, PAUSED or ON_HOLD (sets `startDate` the first time);
//! - `complete`: from IN_PROGRESS only;
//! - PUT `status`: OPEN, PAUSED, ON_HOLD or CANCELLED (IN_PROGRESS and
//!   COMPLETED only through start / complete: 400); a COMPLETED or CANCELLED
//!   work order takes no PUT at all (409);
//! - DELETE: refused (409) while IN_PROGRESS.
//!
//! Duplicate `orderNumber`s are accepted (the doc names no uniqueness), so a
//! test can see a client that creates twice. Faults as in the CycleSoftware
//! fake ([`Fault`]); the `/_fake/*` control API has no auth.

// A fake stands for a remote server, which keeps its own wall clock (see clippy.toml).
#![allow(clippy::disallowed_methods)]

mod api;
mod control;
mod gate;
mod server;
mod store;

pub use jobcard_fake_faults::Fault;
pub use server::{FakeConfig, FakeServer};

/// The whole app: API and control routes behind the gate.
fn app(server: FakeServer) -> axum::Router {
    api::routes()
        .merge(control::routes())
        .fallback(|| async { store::ApiError::not_found("Not found") })
        .layer(axum::middleware::from_fn_with_state(
            server.clone(),
            gate::gate,
        ))
        .with_state(server)
}

//! A stateful fake of the Scan2Evolve work-order API (`shared/seeds/003_*.txt`), for the
//! tests of Jobcard's Scan2Evolve connector and the end-to-end tests (binary
//! `fake-scan2evolve --port P --api-token T --downstream-token D --downstream-api-key K`,
//! which prints `listening on http://127.0.0.1:PORT` once bound; defaults `s2e-token`,
//! `s2e-downstream`, `s2e-key`).
//!
//! The documented API:
//! - `GET /api/v1/work-orders` with `Authorization: Bearer API_TOKEN`: `status`,
//!   `priority`, `siteId` (the asset's site), `assetId`, `syncStatus` filters (a value
//!   outside the enum is 400), `limit` (default 50, 1..=200 else 400), `offset`; answers
//!   `{"workOrders": [...], "pagination": {"total", "limit", "offset", "hasMore"}}`
//!   without `tasks`.
//! - `GET /api/v1/work-orders/{id}`: the work order with `tasks`; 404.
//! - `POST /api/downstream/work-orders/{id}/sync` with `Authorization: Bearer
//!   DOWNSTREAM_TOKEN` and `X-API-KEY: KEY` (401 when either is wrong): 403 while the
//!   downstream integration is off, 404, 400 for a bad `status`, a `rootCause` over 500 /
//!   `resolution` or `closureNote` over 2000 characters, a `completedAt` that is not ISO
//!   8601, a negative or non-number `actualHours`, an `externalUrl` that is not http(s).
//!   It sets the fields given (`externalId`, `status`, `externalStatus`, `externalUrl`,
//!   `rootCause`, `resolution`, `closureNote`, `completedAt`, `actualHours`; others are
//!   ignored), `syncStatus` SYNCED and `lastSyncedAt`, `startedAt` at the first
//!   IN_PROGRESS, and answers `{"success": true, "message": "Work order updated
//!   successfully"}`.
//! - Errors are `{"success": false, "error": CODE, "message": TEXT}` (the doc shows no error
//!   body; the fake's choice).
//!
//! The control API (no auth, no faults), all JSON:
//! - `GET /_fake/state`: `{"work_orders": [every work order, with tasks, as stored],
//!   "downstream_active": bool, "requests": {"total", "sync_posts", "by_route", "log":
//!   [{"method", "path", "body"}]}, "rate_limited"}`.
//! - `POST /_fake/work-orders`: seeds a work order in the doc's shape (e.g. `{"title",
//!   "description", "priority", "asset": {"id", "name", "code", "site": {"id", "name",
//!   "code"}}, "tasks": [{"id", "taskNumber", "title", "status", "estimatedHours"}]}`);
//!   `id` is given or `wo_N`; `status` defaults to ASSIGNED, `priority` to MEDIUM; every
//!   documented field not given is null. 201 with the work order.
//! - `POST /_fake/work-orders/{id}`: a change made on Scan2Evolve itself (e.g.
//!   `{"status": "COMPLETED"}`); 200 with the work order.
//! - `POST /_fake/downstream` `{"active": false}`: switches the downstream integration.
//! - `POST /_fake/faults` (a [`Fault`]), `DELETE /_fake/faults`, `POST /_fake/down`
//!   `{"seconds": 2.5}`.

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
        .fallback(|| async { store::ApiError::not_found() })
        .layer(axum::middleware::from_fn_with_state(
            server.clone(),
            gate::gate,
        ))
        .with_state(server)
}

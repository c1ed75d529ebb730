//! A stateful fake of Field Nation's REST v2 work-order API (`shared/seeds/001_*.txt`), for
//! the tests of Jobcard's Field Nation connector.
//!
//! It keeps work orders in memory as JSON objects shaped like the document's work-order
//! model (`status {id, name, display}`, `schedule.service_window`, `location`, `company`,
//! `description {html, markdown}`, `closing_notes`, ...) and serves:
//! - `GET /api/rest/v2/workorders?page=&per_page=` — a page of summaries with the document's
//!   pagination metadata `{"metadata": {"total", "page", "pages", "per_page"}, "results"}`;
//! - `GET /api/rest/v2/workorders/{id}` — the details;
//! - `POST /api/rest/v2/workorders` — create (a new work order is a `Draft`);
//! - `PUT /api/rest/v2/workorders/{id}` — update only the given fields (`async` accepted);
//! - `DELETE /api/rest/v2/workorders/{id}` — delete.
//!
//! Every API request needs the `access_token` query parameter; without the right one the
//! answer is 401 in the document's error shape `{"status": 401, "message": "..."}`.
//!
//! Choices where the document is silent (the fake's, written down so a test can rely on
//! them):
//! - pages count from 1; `per_page` is 1..=100 (default 20); a bad value is a 400;
//! - `title` is required on create and must be a non-empty string whenever it is given;
//! - `status` in a PUT may only be `work_done` (the document's one example); setting it on a
//!   cancelled work order is refused (400); `closing_notes` must be a string;
//! - `description` is `{html?, markdown?}` of strings; `schedule.service_window.mode` is
//!   `exact`, `between` or `hours`;
//! - objects in a PUT are merged into the stored ones (a partial update of
//!   `schedule.service_window` keeps `schedule.time_zone`);
//! - ids are integers from 1000; a deleted work order answers 404.
//!
//! The control API (`/_fake/*`, no auth, no faults): `GET /_fake/state` (work orders,
//! request log and counts), `POST /_fake/faults` (a [`Fault`]), `DELETE /_fake/faults`,
//! `POST /_fake/down`
//! (`{"seconds"}`), `POST /_fake/workorders` (a work order published "on the marketplace"
//! by a buyer, for import), `POST /_fake/workorders/{id}/status` (`{"status"}`: the
//! technician or the buyer moved it, e.g. `work_done` or `cancelled`), `POST
//! /_fake/access-token` (`{"token"}`: the old one expires).

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

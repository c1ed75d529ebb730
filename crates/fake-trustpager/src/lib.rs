//! A stateful fake of the TrustPager work-order API (`shared/seeds/000_*.txt`), for the
//! tests of Jobcard's TrustPager connector.
//!
//! It serves the documented routes under `/functions/v1/api/v1` (the doc's base URL path,
//! so the fake's base URL plays `https://api.trustpager.com`): `GET /work-orders` with the
//! filters `deal_product_id`, `status_id`, `assigned_to` and `schedule_date`; `GET`, `PATCH`
//! and `DELETE /work-orders/:id`; `POST /work-orders`; `POST /work-orders/send-work-status`.
//! Bearer auth (401).
//!
//! Where the doc is silent, the fake's choices:
//! - Work orders, statuses and users have UUIDs. The company's status list is seeded with
//!   Pending, Scheduled, In Progress, On Hold, Completed and Cancelled; `status` resolves a
//!   label case-insensitively, `status_id` an id; an unknown one is a 400. A work order
//!   carries `status_id` and `status` (the list's label). No status on create: Pending.
//! - Users are seeded (the demo workshop's mechanics); `assigned_to` must be one of them.
//! - `title` is required on create; `schedule_date` is `YYYY-MM-DD`, `schedule_time`
//!   `HH:MM:SS` or null; PATCH changes only the fields given, null clears.
//! - Answers: `{"data": work order}` (201 on create), `{"data": [...]}` for the list (no
//!   paging), `{"success": true}` on delete. Errors: `{"error": "message", "code": "CODE"}`.
//! - send-work-status takes `work_order_id` and/or `deal_product_id`; the deal is the work
//!   order's (a work order without a deal is a deal of its own). No work order on the deal:
//!   400 `NO_WORK_ORDERS`; e-mail switched off (control API): 400 `EMAIL_NOT_CONFIGURED`.
//!   Else `{"success": true, "portal_id", "token"}`.
//!
//! Faults as in every fake ([`Fault`]); the `/_fake/*` control API has no auth.

// A fake stands for a remote server, which keeps its own wall clock (see clippy.toml).
#![allow(clippy::disallowed_methods)]

mod api;
mod control;
mod gate;
mod server;
mod store;

pub use jobcard_fake_faults::Fault;
pub use server::{FakeConfig, FakeServer};
pub use store::{STATUSES, USERS};

/// The path every API route lives under.
pub const PREFIX: &str = "/functions/v1/api/v1";

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

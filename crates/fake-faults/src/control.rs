//! The control routes every fake answers the same way: `GET /_fake/state` (its snapshot),
//! `POST /_fake/faults` (queue a [`Fault`]), `DELETE /_fake/faults` (clear them) and
//! `POST /_fake/down` (`{"seconds": 2.5}`: down for a while). No auth, no faults.
//!
//! Why here: tests and the e2e scripts steer every fake through the same requests; only the
//! error body of a bad request is the fake's own, so it passes a [`BadControl`] mapper. A
//! fake merges its own control routes (publish, seed, set a status, ...) next to these.

use crate::Fault;
use crate::remote::{Remote, Snapshot};
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use std::ops::Deref;
use std::time::Duration;

/// A control request the fake refuses (answered in the fake's own error shape).
#[derive(Debug)]
pub enum BadControl {
    /// The body is not the JSON the route takes.
    Json(serde_json::Error),
    /// `/_fake/down` with `seconds` negative, not finite or too large.
    Seconds,
}

#[derive(Deserialize)]
struct Down {
    seconds: f64,
}

/// The common `/_fake/*` routes for a fake whose server `F` derefs to its [`Remote`]; `bad`
/// answers a refused request.
pub fn routes<F, S>(bad: fn(BadControl) -> Response) -> Router<F>
where
    F: Deref<Target = Remote<S>> + Clone + Send + Sync + 'static,
    S: Snapshot,
{
    Router::new()
        .route(
            "/_fake/state",
            get(|State(s): State<F>| async move { Json(s.snapshot()) }),
        )
        .route(
            "/_fake/faults",
            post(move |State(s): State<F>, body: Bytes| async move {
                let fault: Fault =
                    serde_json::from_slice(&body).map_err(|e| bad(BadControl::Json(e)))?;
                s.add_fault(fault);
                Ok::<_, Response>(StatusCode::NO_CONTENT)
            })
            .delete(|State(s): State<F>| async move {
                s.clear_faults();
                StatusCode::NO_CONTENT
            }),
        )
        .route(
            "/_fake/down",
            // Stop accepting at once; close open connections shortly after (so this 204
            // gets out); listen again after `seconds`.
            post(move |State(s): State<F>, body: Bytes| async move {
                let down: Down =
                    serde_json::from_slice(&body).map_err(|e| bad(BadControl::Json(e)))?;
                let seconds = Duration::try_from_secs_f64(down.seconds)
                    .map_err(|_| bad(BadControl::Seconds))?;
                s.down_for(seconds).await;
                Ok::<_, Response>(StatusCode::NO_CONTENT)
            }),
        )
}

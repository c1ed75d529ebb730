//! The control API (`/_fake/*`): inspect state, queue faults, go down for a
//! while (those three are `jobcard_fake_faults::control`), and change a work
//! order "on the shop floor". No auth, no faults.

use crate::server::FakeServer;
use crate::store::ApiError;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use jobcard_fake_faults::control::{self, BadControl};
use serde::Deserialize;
use serde::de::DeserializeOwned;

pub(crate) fn routes() -> Router<FakeServer> {
    control::routes(bad_control).route("/_fake/work-orders/{id}/status", post(set_status))
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|_| ApiError::validation("body", "INVALID_JSON"))
}

fn bad_control(bad: BadControl) -> Response {
    match bad {
        BadControl::Json(_) => ApiError::validation("body", "INVALID_JSON"),
        BadControl::Seconds => ApiError::validation("seconds", "MUST_BE_POSITIVE"),
    }
    .into_response()
}

#[derive(Deserialize)]
struct SetStatus {
    status: String,
}

async fn set_status(
    State(s): State<FakeServer>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let body: SetStatus = parse(&body)?;
    if s.set_status(&id, &body.status) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("Work order not found"))
    }
}

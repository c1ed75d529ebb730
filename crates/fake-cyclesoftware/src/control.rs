//! The control API (`/_fake/*`): inspect state, queue faults, go down for a
//! while (those three are `jobcard_fake_faults::control`), change limits,
//! and change an order "at the till". No auth, no
//! limits, no faults, so a test or benchmark can always steer the fake.

use crate::server::FakeServer;
use crate::util::{ApiError, lock};
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
    control::routes(bad_control)
        .route("/_fake/limits", post(limits))
        .route("/_fake/orders/{id}/status", post(order_status))
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::bad_request(format!("invalid JSON: {e}")))
}

fn bad_control(bad: BadControl) -> Response {
    match bad {
        BadControl::Json(e) => ApiError::bad_request(format!("invalid JSON: {e}")),
        BadControl::Seconds => ApiError::bad_request("seconds must be a non-negative number"),
    }
    .into_response()
}

#[derive(Deserialize)]
struct Limits {
    minutely: u32,
    daily: u32,
}

async fn limits(State(s): State<FakeServer>, body: Bytes) -> Result<StatusCode, ApiError> {
    let limits: Limits = parse(&body)?;
    s.set_limits(limits.minutely, limits.daily);
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct OrderStatus {
    status_id: i64,
}

async fn order_status(
    State(s): State<FakeServer>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let id: i64 = id.parse().map_err(|_| ApiError::not_found())?;
    let body: OrderStatus = parse(&body)?;
    if lock(&s.shared().store).set_order_status(id, body.status_id) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found())
    }
}

//! The control API (`/_fake/*`): inspect state, queue faults, change limits,
//! go down for a while, and change an order "at the till". No auth, no
//! limits, no faults, so a test or benchmark can always steer the fake.

use crate::server::FakeServer;
use crate::util::{ApiError, lock};
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use jobcard_fake_faults::Fault;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::time::Duration;

pub(crate) fn routes() -> Router<FakeServer> {
    Router::new()
        .route("/_fake/state", get(state))
        .route("/_fake/faults", post(add_fault))
        .route("/_fake/limits", post(limits))
        .route("/_fake/down", post(down))
        .route("/_fake/orders/{id}/status", post(order_status))
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::bad_request(format!("invalid JSON: {e}")))
}

async fn state(State(s): State<FakeServer>) -> Json<serde_json::Value> {
    Json(s.snapshot())
}

async fn add_fault(State(s): State<FakeServer>, body: Bytes) -> Result<StatusCode, ApiError> {
    s.add_fault(parse::<Fault>(&body)?);
    Ok(StatusCode::NO_CONTENT)
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
struct Down {
    seconds: f64,
}

/// Stop accepting at once; close open connections shortly after (so this
/// 204 gets out); listen again after `seconds`.
async fn down(State(s): State<FakeServer>, body: Bytes) -> Result<StatusCode, ApiError> {
    let down: Down = parse(&body)?;
    let seconds = Duration::try_from_secs_f64(down.seconds)
        .map_err(|_| ApiError::bad_request("seconds must be a non-negative number"))?;
    s.down_for(seconds).await;
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
    if lock(&s.shared.store).set_order_status(id, body.status_id) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found())
    }
}

//! The control API (`/_fake/*`): inspect state, queue faults, go down for a while, seed work
//! orders and change them "on Scan2Evolve", switch the downstream integration. No auth, no
//! faults.

use crate::server::FakeServer;
use crate::store::{ApiError, lock};
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jobcard_fake_faults::Fault;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::time::Duration;

pub(crate) fn routes() -> Router<FakeServer> {
    Router::new()
        .route("/_fake/state", get(state))
        .route("/_fake/faults", post(add_fault).delete(clear_faults))
        .route("/_fake/down", post(down))
        .route("/_fake/downstream", post(downstream))
        .route("/_fake/work-orders", post(seed))
        .route("/_fake/work-orders/{id}", post(change))
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::validation(format!("bad JSON: {e}")))
}

async fn state(State(s): State<FakeServer>) -> Json<Value> {
    Json(s.snapshot())
}

async fn add_fault(State(s): State<FakeServer>, body: Bytes) -> Result<StatusCode, ApiError> {
    s.add_fault(parse::<Fault>(&body)?);
    Ok(StatusCode::NO_CONTENT)
}

async fn clear_faults(State(s): State<FakeServer>) -> StatusCode {
    s.clear_faults();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct Down {
    seconds: f64,
}

/// Stop accepting at once; close open connections shortly after (so this 204 gets out);
/// listen again after `seconds`.
async fn down(State(s): State<FakeServer>, body: Bytes) -> Result<StatusCode, ApiError> {
    let down: Down = parse(&body)?;
    let seconds = Duration::try_from_secs_f64(down.seconds)
        .map_err(|_| ApiError::validation("seconds must be a positive number"))?;
    s.down_for(seconds).await;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct Downstream {
    active: bool,
}

async fn downstream(State(s): State<FakeServer>, body: Bytes) -> Result<StatusCode, ApiError> {
    let body: Downstream = parse(&body)?;
    s.set_downstream_active(body.active);
    Ok(StatusCode::NO_CONTENT)
}

async fn seed(State(s): State<FakeServer>, body: Bytes) -> Result<Response, ApiError> {
    let record = lock(&s.shared.store).seed(parse(&body)?)?;
    Ok((StatusCode::CREATED, Json(Value::Object(record))).into_response())
}

async fn change(
    State(s): State<FakeServer>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let record = lock(&s.shared.store).change(&id, parse(&body)?)?;
    Ok(Json(Value::Object(record)).into_response())
}

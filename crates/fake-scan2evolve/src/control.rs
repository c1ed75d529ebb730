//! The control API (`/_fake/*`): inspect state, queue faults, go down for a while (those
//! three are `jobcard_fake_faults::control`), seed work
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
use axum::routing::post;
use jobcard_fake_faults::control::{self, BadControl};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub(crate) fn routes() -> Router<FakeServer> {
    control::routes(bad_control)
        .route("/_fake/downstream", post(downstream))
        .route("/_fake/work-orders", post(seed))
        .route("/_fake/work-orders/{id}", post(change))
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::validation(format!("bad JSON: {e}")))
}

fn bad_control(bad: BadControl) -> Response {
    match bad {
        BadControl::Json(e) => ApiError::validation(format!("bad JSON: {e}")),
        BadControl::Seconds => ApiError::validation("seconds must be a positive number"),
    }
    .into_response()
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
    let record = lock(&s.shared().store).seed(parse(&body)?)?;
    Ok((StatusCode::CREATED, Json(Value::Object(record))).into_response())
}

async fn change(
    State(s): State<FakeServer>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let record = lock(&s.shared().store).change(&id, parse(&body)?)?;
    Ok(Json(Value::Object(record)).into_response())
}

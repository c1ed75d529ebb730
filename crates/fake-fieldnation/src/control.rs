//! The control API (`/_fake/*`): inspect state, queue faults, go down for a while (those
//! three are `jobcard_fake_faults::control`), publish a
//! work order "on the marketplace", edit one or change its status there and expire the access
//! token. No auth, no faults.

use crate::server::FakeServer;
use crate::store::{ApiError, Record};
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
use serde_json::json;

pub(crate) fn routes() -> Router<FakeServer> {
    control::routes(bad_control)
        .route("/_fake/workorders", post(publish))
        .route("/_fake/workorders/{id}/status", post(set_status))
        .route("/_fake/workorders/{id}", post(amend))
        .route("/_fake/access-token", post(access_token))
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|_| ApiError::bad_request("The body is not valid JSON"))
}

fn bad_control(bad: BadControl) -> Response {
    match bad {
        BadControl::Json(_) => ApiError::bad_request("The body is not valid JSON"),
        BadControl::Seconds => ApiError::bad_request("seconds must be positive"),
    }
    .into_response()
}

async fn publish(
    State(s): State<FakeServer>,
    body: Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    let record: Record = parse(&body)?;
    let id = s.publish(record).map_err(|m| ApiError::bad_request(&m))?;
    Ok(Json(json!({ "id": id })))
}

#[derive(Deserialize)]
struct NewStatus {
    status: String,
}

/// `{"status": "work_done"}`: the technician or the buyer moved the work order.
async fn set_status(
    State(s): State<FakeServer>,
    Path(id): Path<u64>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let wanted: NewStatus = parse(&body)?;
    if s.set_status(id, &wanted.status) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("No such work order or status"))
    }
}

/// `{"title": "..."}`: the buyer edited the work order (fields merged in as they are).
async fn amend(
    State(s): State<FakeServer>,
    Path(id): Path<u64>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let fields: Record = parse(&body)?;
    if s.amend(id, fields) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("No such work order"))
    }
}

#[derive(Deserialize)]
struct Token {
    token: String,
}

async fn access_token(State(s): State<FakeServer>, body: Bytes) -> Result<StatusCode, ApiError> {
    let token: Token = parse(&body)?;
    s.set_access_token(&token.token);
    Ok(StatusCode::NO_CONTENT)
}

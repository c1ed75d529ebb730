//! The control API (`/_fake/*`): inspect state, queue faults, go down for a while (those
//! three are `jobcard_fake_faults::control`), and
//! change things "in the CRM": create a work order, change one's status, switch the
//! company's e-mail configuration. No auth, no faults.

use crate::server::FakeServer;
use crate::store::ApiError;
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

pub(crate) fn routes() -> Router<FakeServer> {
    control::routes(bad_control)
        .route("/_fake/email", post(email))
        .route("/_fake/work-orders", post(crm_create))
        .route("/_fake/work-orders/{id}/status", post(set_status))
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|_| ApiError::invalid("the body is not valid JSON"))
}

fn bad_control(bad: BadControl) -> Response {
    match bad {
        BadControl::Json(_) => ApiError::invalid("the body is not valid JSON"),
        BadControl::Seconds => ApiError::invalid("seconds must be positive"),
    }
    .into_response()
}

#[derive(Deserialize)]
struct Email {
    configured: bool,
}

async fn email(State(s): State<FakeServer>, body: Bytes) -> Result<StatusCode, ApiError> {
    let email: Email = parse(&body)?;
    s.set_email_configured(email.configured);
    Ok(StatusCode::NO_CONTENT)
}

async fn crm_create(State(s): State<FakeServer>, body: Bytes) -> Result<Response, ApiError> {
    let record = s.crm_create(crate::api::object(&body)?)?;
    Ok((StatusCode::CREATED, Json(record)).into_response())
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
        Err(ApiError::not_found("Work order or status not found"))
    }
}

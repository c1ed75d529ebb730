//! The `/api/rest/v2/workorders` routes: thin handlers over [`crate::store`].

use crate::server::FakeServer;
use crate::store::{ApiError, Record, lock};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

pub(crate) fn routes() -> Router<FakeServer> {
    Router::new()
        .route("/api/rest/v2/workorders", get(list).post(create))
        .route(
            "/api/rest/v2/workorders/{id}",
            get(one).put(update).delete(remove),
        )
}

type ApiResult = Result<Response, ApiError>;

/// A JSON object body; an empty body is an empty object.
fn object(body: &[u8]) -> Result<Record, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Record::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(ApiError::bad_request(
            "The request body must be a JSON object",
        )),
    }
}

#[derive(Deserialize)]
struct ListQuery {
    page: Option<String>,
    per_page: Option<String>,
}

fn number(field: &str, value: Option<&String>, default: u64) -> Result<u64, ApiError> {
    match value {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| ApiError::bad_request(&format!("{field} must be a whole number"))),
    }
}

async fn list(State(s): State<FakeServer>, Query(q): Query<ListQuery>) -> ApiResult {
    let page = number("page", q.page.as_ref(), 1)?;
    let per_page = number("per_page", q.per_page.as_ref(), 20)?;
    let body = lock(&s.shared().store).list(page, per_page)?;
    Ok(Json(body).into_response())
}

fn id_of(id: &str) -> Result<u64, ApiError> {
    id.parse()
        .map_err(|_| ApiError::not_found("Work order not found"))
}

async fn one(State(s): State<FakeServer>, Path(id): Path<String>) -> ApiResult {
    let record = lock(&s.shared().store).get(id_of(&id)?)?;
    Ok(Json(record).into_response())
}

async fn create(State(s): State<FakeServer>, body: Bytes) -> ApiResult {
    let record = lock(&s.shared().store).create(object(&body)?)?;
    Ok(Json(record).into_response())
}

async fn update(State(s): State<FakeServer>, Path(id): Path<String>, body: Bytes) -> ApiResult {
    let record = lock(&s.shared().store).update(id_of(&id)?, object(&body)?)?;
    Ok(Json(record).into_response())
}

async fn remove(State(s): State<FakeServer>, Path(id): Path<String>) -> ApiResult {
    lock(&s.shared().store).delete(id_of(&id)?)?;
    Ok(Json(json!({"status": 200, "message": "Operation successful."})).into_response())
}

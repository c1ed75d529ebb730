//! The `/api/v2/work-orders` routes: thin handlers over [`crate::store`].

use crate::server::FakeServer;
use crate::store::{ApiError, Record, lock};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

pub(crate) fn routes() -> Router<FakeServer> {
    Router::new()
        .route("/api/v2/work-orders", get(list).post(create))
        .route(
            "/api/v2/work-orders/{id}",
            get(one).put(update).delete(remove),
        )
        .route("/api/v2/work-orders/{id}/start", post(start))
        .route("/api/v2/work-orders/{id}/complete", post(complete))
}

type ApiResult = Result<Response, ApiError>;

fn ok(record: Record) -> Response {
    Json(json!({ "data": record })).into_response()
}

/// A JSON object body; an empty body is an empty object.
fn object(body: &[u8]) -> Result<Record, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Record::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(ApiError::validation("body", "INVALID_JSON")),
    }
}

#[derive(Deserialize)]
struct ListQuery {
    page: Option<String>,
    limit: Option<String>,
    status: Option<String>,
    sort: Option<String>,
}

fn number(field: &str, value: Option<&String>, default: u64) -> Result<u64, ApiError> {
    match value {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| ApiError::validation(field, "MUST_BE_NUMBER")),
    }
}

async fn list(State(s): State<FakeServer>, Query(q): Query<ListQuery>) -> ApiResult {
    let page = number("page", q.page.as_ref(), 1)?;
    let limit = number("limit", q.limit.as_ref(), 20)?;
    let body = lock(&s.shared().store).list(page, limit, q.status.as_deref(), q.sort.as_deref())?;
    Ok(Json(body).into_response())
}

async fn one(State(s): State<FakeServer>, Path(id): Path<String>) -> ApiResult {
    Ok(ok(lock(&s.shared().store).get(&id)?))
}

async fn create(State(s): State<FakeServer>, body: Bytes) -> ApiResult {
    let record = lock(&s.shared().store).create(object(&body)?)?;
    Ok((StatusCode::CREATED, Json(json!({ "data": record }))).into_response())
}

async fn update(State(s): State<FakeServer>, Path(id): Path<String>, body: Bytes) -> ApiResult {
    Ok(ok(lock(&s.shared().store).update(&id, object(&body)?)?))
}

async fn start(State(s): State<FakeServer>, Path(id): Path<String>) -> ApiResult {
    Ok(ok(lock(&s.shared().store).start(&id)?))
}

async fn complete(State(s): State<FakeServer>, Path(id): Path<String>, body: Bytes) -> ApiResult {
    Ok(ok(lock(&s.shared().store).complete(&id, &object(&body)?)?))
}

async fn remove(State(s): State<FakeServer>, Path(id): Path<String>) -> ApiResult {
    lock(&s.shared().store).delete(&id)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

//! The `/functions/v1/api/v1/work-orders` routes: thin handlers over [`crate::store`].

use crate::server::FakeServer;
use crate::store::{ApiError, Filters, Record, lock};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

pub(crate) fn routes() -> Router<FakeServer> {
    let base = crate::PREFIX;
    Router::new()
        .route(&format!("{base}/work-orders"), get(list).post(create))
        .route(
            &format!("{base}/work-orders/send-work-status"),
            post(send_work_status),
        )
        .route(
            &format!("{base}/work-orders/{{id}}"),
            get(one).patch(update).delete(remove),
        )
}

type ApiResult = Result<Response, ApiError>;

fn ok(record: Record) -> Response {
    Json(json!({ "data": record })).into_response()
}

/// A JSON object body; an empty body is an empty object.
pub(crate) fn object(body: &[u8]) -> Result<Record, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Record::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(ApiError::invalid("the body is not a JSON object")),
    }
}

async fn list(State(s): State<FakeServer>, Query(f): Query<Filters>) -> ApiResult {
    Ok(Json(lock(&s.shared().store).list(&f)?).into_response())
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

async fn remove(State(s): State<FakeServer>, Path(id): Path<String>) -> ApiResult {
    lock(&s.shared().store).delete(&id)?;
    Ok(Json(json!({"success": true})).into_response())
}

async fn send_work_status(State(s): State<FakeServer>, body: Bytes) -> ApiResult {
    let answer = lock(&s.shared().store).send_work_status(&object(&body)?)?;
    Ok(Json(answer).into_response())
}

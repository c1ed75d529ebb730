//! The documented routes: thin handlers over [`crate::store`].

use crate::server::FakeServer;
use crate::store::{ApiError, ListQuery, lock};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::Value;

pub(crate) fn routes() -> Router<FakeServer> {
    Router::new()
        .route("/api/v1/work-orders", get(list))
        .route("/api/v1/work-orders/{id}", get(one))
        .route("/api/downstream/work-orders/{id}/sync", post(sync))
}

type ApiResult = Result<Response, ApiError>;

async fn list(State(s): State<FakeServer>, Query(q): Query<ListQuery>) -> ApiResult {
    Ok(Json(lock(&s.shared().store).list(&q)?).into_response())
}

async fn one(State(s): State<FakeServer>, Path(id): Path<String>) -> ApiResult {
    Ok(Json(lock(&s.shared().store).get(&id)?).into_response())
}

async fn sync(State(s): State<FakeServer>, Path(id): Path<String>, body: Bytes) -> ApiResult {
    let body: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(serde_json::Map::new())
    } else {
        serde_json::from_slice(&body).map_err(|_| ApiError::validation("the body is not JSON"))?
    };
    Ok(Json(lock(&s.shared().store).sync(&id, &body)?).into_response())
}

//! The middleware every API request passes: statistics and the request log, the
//! `access_token` query parameter, and fault injection. `/_fake/*` control requests go
//! straight through.

use crate::server::FakeServer;
use crate::store::{ApiError, Logged, lock};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jobcard_fake_faults::{Action, listener};
use serde_json::Value;

/// `/api/rest/v2/workorders/1000` → `/api/rest/v2/workorders/{id}`
fn route_key(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
                "{id}"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The query without the access token (for the log), and the token.
fn split_query(query: &str) -> (String, Option<String>) {
    let mut token = None;
    let mut rest = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("access_token", value)) => token = Some(value.to_owned()),
            _ => rest.push(pair),
        }
    }
    (rest.join("&"), token)
}

pub(crate) async fn gate(State(server): State<FakeServer>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if path == "/_fake" || path.starts_with("/_fake/") {
        return next.run(req).await;
    }
    let shared = &server.shared;
    let method = req.method().as_str().to_owned();
    let (query, token) = split_query(req.uri().query().unwrap_or(""));
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    {
        let mut store = lock(&shared.store);
        store.requests_total += 1;
        *store
            .by_route
            .entry(format!("{method} {}", route_key(&path)))
            .or_default() += 1;
        store.log.push(Logged {
            method: method.clone(),
            path: path.clone(),
            query,
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        });
    }
    let req = Request::from_parts(parts, Body::from(bytes));
    let accepted = lock(&shared.access_token).clone();
    if token.as_deref() != Some(accepted.as_str()) {
        lock(&shared.store).unauthorized += 1;
        return ApiError::new(StatusCode::UNAUTHORIZED, "Invalid or expired access token")
            .into_response();
    }
    let fault = lock(&shared.faults).pick(&method, &path);
    match fault {
        None => next.run(req).await,
        Some(Action::RateLimit(retry_after)) => {
            lock(&shared.store).rate_limited += 1;
            let mut response =
                ApiError::new(StatusCode::TOO_MANY_REQUESTS, "Too many requests").into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            response
        }
        // The document's error shape; the change is not applied.
        Some(Action::Status(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            ApiError::new(status, status.canonical_reason().unwrap_or("Error")).into_response()
        }
        Some(Action::Slow { delay_ms, apply }) => listener::slow(req, next, delay_ms, apply).await,
        Some(Action::DropAfterApply) => {
            let fallback = ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "connection dropped")
                .into_response();
            listener::drop_after_apply(req, next, fallback).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{route_key, split_query};

    #[test]
    fn route_keys_hide_ids_and_the_log_hides_the_token() {
        assert_eq!(
            route_key("/api/rest/v2/workorders/1000"),
            "/api/rest/v2/workorders/{id}"
        );
        assert_eq!(
            route_key("/api/rest/v2/workorders"),
            "/api/rest/v2/workorders"
        );
        assert_eq!(
            split_query("page=2&access_token=t&per_page=5"),
            ("page=2&per_page=5".to_owned(), Some("t".to_owned()))
        );
    }
}

//! The middleware every API request passes: statistics and the request log, auth (the v1
//! token on `/api/v1`, the downstream token and `X-API-KEY` on `/api/downstream`), and fault
//! injection. `/_fake/*` control requests go straight through.

use crate::server::FakeServer;
use crate::store::{ApiError, Logged, lock};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jobcard_fake_faults::{Action, listener};
use serde_json::Value;

/// `/api/v1/work-orders/wo_1` → `/api/v1/work-orders/{id}`
fn route_key(path: &str) -> String {
    let mut after_work_orders = false;
    path.split('/')
        .map(|seg| {
            let key = if after_work_orders { "{id}" } else { seg };
            after_work_orders = seg == "work-orders";
            key
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn error(status: StatusCode, code: &'static str, message: &str) -> Response {
    ApiError::new(status, code, message).into_response()
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
}

fn authorized(server: &FakeServer, path: &str, headers: &HeaderMap) -> bool {
    let config = &server.shared.config;
    let token = bearer(headers);
    if path.starts_with("/api/downstream/") {
        let key = headers.get("x-api-key").and_then(|v| v.to_str().ok());
        token == Some(config.downstream_token.as_str())
            && key.map(str::trim) == Some(config.downstream_api_key.as_str())
    } else {
        token == Some(config.api_token.as_str())
    }
}

pub(crate) async fn gate(State(server): State<FakeServer>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if path == "/_fake" || path.starts_with("/_fake/") {
        return next.run(req).await;
    }
    let shared = &server.shared;
    let method = req.method().as_str().to_owned();
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
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        });
    }
    if !authorized(&server, &path, &parts.headers) {
        return error(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "Missing or invalid API key / token",
        );
    }
    let req = Request::from_parts(parts, Body::from(bytes));
    let fault = lock(&shared.faults).pick(&method, &path);
    match fault {
        None => next.run(req).await,
        Some(Action::RateLimit(retry_after)) => {
            lock(&shared.store).rate_limited += 1;
            let mut response = error(
                StatusCode::TOO_MANY_REQUESTS,
                "RATE_LIMITED",
                "Rate limit exceeded",
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            response
        }
        // The change is not applied.
        Some(Action::Status(400)) => {
            ApiError::validation("Injected validation error").into_response()
        }
        Some(Action::Status(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            error(
                status,
                "INTERNAL_ERROR",
                status.canonical_reason().unwrap_or("Error"),
            )
        }
        Some(Action::Slow { delay_ms, apply }) => listener::slow(req, next, delay_ms, apply).await,
        Some(Action::DropAfterApply) => {
            let fallback = error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL_ERROR",
                "connection dropped",
            );
            listener::drop_after_apply(req, next, fallback).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::route_key;

    #[test]
    fn route_keys_hide_ids() {
        assert_eq!(
            route_key("/api/downstream/work-orders/wo_1/sync"),
            "/api/downstream/work-orders/{id}/sync"
        );
        assert_eq!(route_key("/api/v1/work-orders"), "/api/v1/work-orders");
        assert_eq!(
            route_key("/api/v1/work-orders/wo_1"),
            "/api/v1/work-orders/{id}"
        );
    }
}

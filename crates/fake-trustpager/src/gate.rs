//! The middleware every API request passes: statistics and the request log, Bearer auth,
//! and fault injection. `/_fake/*` control requests go straight through.

use crate::server::FakeServer;
use crate::store::{ApiError, Logged, is_uuid, lock};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jobcard_fake_faults::{Action, listener};
use serde_json::Value;

/// `/functions/v1/api/v1/work-orders/3c0d...` → `/functions/v1/api/v1/work-orders/{id}`
fn route_key(path: &str) -> String {
    path.split('/')
        .map(|seg| if is_uuid(seg) { "{id}" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

fn error(status: StatusCode, code: &'static str, message: &str) -> Response {
    ApiError::new(status, code, message).into_response()
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
        let query = parts
            .uri
            .query()
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        store.log.push(Logged {
            method: method.clone(),
            path: format!("{path}{query}"),
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        });
    }
    let req = Request::from_parts(parts, Body::from(bytes));
    let authorized = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .is_some_and(|(scheme, key)| {
            scheme.eq_ignore_ascii_case("bearer") && key.trim() == shared.api_key
        });
    if !authorized {
        return error(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "Invalid or missing API key",
        );
    }
    let fault = lock(&shared.faults).pick(&method, &path);
    match fault {
        None => next.run(req).await,
        Some(Action::RateLimit(retry_after)) => {
            lock(&shared.store).rate_limited += 1;
            let mut response = error(
                StatusCode::TOO_MANY_REQUESTS,
                "RATE_LIMITED",
                "Too many requests",
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            response
        }
        // The change is not applied.
        Some(Action::Status(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let code = if status.is_server_error() {
                "INTERNAL_ERROR"
            } else {
                "INJECTED"
            };
            error(status, code, status.canonical_reason().unwrap_or("Error"))
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
            route_key("/functions/v1/api/v1/work-orders/3c0d0000-0000-4000-8000-000000000001"),
            "/functions/v1/api/v1/work-orders/{id}"
        );
        assert_eq!(
            route_key("/functions/v1/api/v1/work-orders"),
            "/functions/v1/api/v1/work-orders"
        );
    }
}

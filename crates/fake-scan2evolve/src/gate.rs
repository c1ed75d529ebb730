//! The middleware every API request passes: statistics and the request log, auth (the v1
//! token on `/api/v1`, the downstream token and `X-API-KEY` on `/api/downstream`), and fault
//! injection (what a fault does is `jobcard_fake_faults::gate`; the error bodies are
//! Scan2Evolve's). `/_fake/*` control requests go straight through.

use crate::server::FakeServer;
use crate::store::{ApiError, Logged, lock};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jobcard_fake_faults::gate::{self, Mishap};

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

fn authorized(server: &FakeServer, path: &str, headers: &HeaderMap) -> bool {
    let config = &server.shared().config;
    let token = gate::bearer(headers);
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
    if gate::is_control(&path) {
        return next.run(req).await;
    }
    let shared = server.shared();
    let method = req.method().as_str().to_owned();
    let (req, bytes) = gate::buffer(req).await;
    lock(&shared.store).requests.record(
        &route_key(&path),
        Logged::new(&method, path.clone(), &bytes),
    );
    if !authorized(&server, &path, req.headers()) {
        return error(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "Missing or invalid API key / token",
        );
    }
    let fault = server.pick(&method, &path);
    gate::misbehave(fault, req, next, |mishap| match mishap {
        Mishap::RateLimited => {
            lock(&shared.store).rate_limited += 1;
            error(
                StatusCode::TOO_MANY_REQUESTS,
                "RATE_LIMITED",
                "Rate limit exceeded",
            )
        }
        // The change is not applied.
        Mishap::Injected(StatusCode::BAD_REQUEST) => {
            ApiError::validation("Injected validation error").into_response()
        }
        Mishap::Injected(status) => error(status, "INTERNAL_ERROR", gate::reason(status)),
        Mishap::Dropped => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_ERROR",
            "connection dropped",
        ),
    })
    .await
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

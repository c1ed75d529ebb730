//! The middleware every API request passes: statistics and the request log, Bearer auth,
//! and fault injection (what a fault does is `jobcard_fake_faults::gate`; the error bodies
//! are TrustPager's). `/_fake/*` control requests go straight through.

use crate::server::FakeServer;
use crate::store::{ApiError, Logged, is_uuid, lock};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jobcard_fake_faults::gate::{self, Mishap};

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
    if gate::is_control(&path) {
        return next.run(req).await;
    }
    let shared = server.shared();
    let method = req.method().as_str().to_owned();
    let query = req
        .uri()
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let (req, bytes) = gate::buffer(req).await;
    lock(&shared.store).requests.record(
        &route_key(&path),
        Logged::new(&method, format!("{path}{query}"), &bytes),
    );
    if gate::bearer(req.headers()) != Some(shared.api_key.as_str()) {
        return error(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "Invalid or missing API key",
        );
    }
    let fault = server.pick(&method, &path);
    gate::misbehave(fault, req, next, |mishap| match mishap {
        Mishap::RateLimited => {
            lock(&shared.store).rate_limited += 1;
            error(
                StatusCode::TOO_MANY_REQUESTS,
                "RATE_LIMITED",
                "Too many requests",
            )
        }
        // The change is not applied.
        Mishap::Injected(status) => {
            let code = if status.is_server_error() {
                "INTERNAL_ERROR"
            } else {
                "INJECTED"
            };
            error(status, code, gate::reason(status))
        }
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
            route_key("/functions/v1/api/v1/work-orders/3c0d0000-0000-4000-8000-000000000001"),
            "/functions/v1/api/v1/work-orders/{id}"
        );
        assert_eq!(
            route_key("/functions/v1/api/v1/work-orders"),
            "/functions/v1/api/v1/work-orders"
        );
    }
}

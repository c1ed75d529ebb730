//! The middleware every API request passes: statistics and the request log,
//! Bearer auth, and fault injection (what a fault does is
//! `jobcard_fake_faults::gate`; the error bodies are the MES's). `/_fake/*` control requests go straight
//! through.

use crate::server::FakeServer;
use crate::store::{ApiError, Logged, lock};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jobcard_fake_faults::gate::{self, Mishap};

/// `/api/v2/work-orders/wo-1000/start` → `/api/v2/work-orders/{id}/start`
fn route_key(path: &str) -> String {
    path.split('/')
        .map(|seg| if seg.starts_with("wo-") { "{id}" } else { seg })
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
    let (req, bytes) = gate::buffer(req).await;
    lock(&shared.store).requests.record(
        &route_key(&path),
        Logged::new(&method, path.clone(), &bytes),
    );
    if gate::bearer(req.headers()) != Some(shared.api_key.as_str()) {
        return error(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "Missing or invalid API key",
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
        // The documented shapes for the documented codes; the change is not applied.
        Mishap::Injected(StatusCode::BAD_REQUEST) => {
            ApiError::validation("fault", "INJECTED").into_response()
        }
        Mishap::Injected(StatusCode::NOT_FOUND) => {
            ApiError::not_found("Work order not found").into_response()
        }
        Mishap::Injected(StatusCode::CONFLICT) => {
            ApiError::transition("Injected state conflict").into_response()
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
            route_key("/api/v2/work-orders/wo-1000/start"),
            "/api/v2/work-orders/{id}/start"
        );
        assert_eq!(route_key("/api/v2/work-orders"), "/api/v2/work-orders");
    }
}

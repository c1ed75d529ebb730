//! The middleware every API request passes: statistics and the request log, the
//! `access_token` query parameter, and fault injection (what a fault does is
//! `jobcard_fake_faults::gate`; the error bodies are Field Nation's). `/_fake/*` control
//! requests go straight through.

use crate::server::FakeServer;
use crate::store::{ApiError, Logged, lock};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jobcard_fake_faults::gate::{self, Mishap};

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
    if gate::is_control(&path) {
        return next.run(req).await;
    }
    let shared = server.shared();
    let method = req.method().as_str().to_owned();
    let (query, token) = split_query(req.uri().query().unwrap_or(""));
    let (req, bytes) = gate::buffer(req).await;
    let logged = Logged {
        query: Some(query),
        ..Logged::new(&method, path.clone(), &bytes)
    };
    lock(&shared.store)
        .requests
        .record(&route_key(&path), logged);
    let accepted = lock(&shared.access_token).clone();
    if token.as_deref() != Some(accepted.as_str()) {
        lock(&shared.store).unauthorized += 1;
        return ApiError::new(StatusCode::UNAUTHORIZED, "Invalid or expired access token")
            .into_response();
    }
    let fault = server.pick(&method, &path);
    gate::misbehave(fault, req, next, |mishap| {
        match mishap {
            Mishap::RateLimited => {
                lock(&shared.store).rate_limited += 1;
                ApiError::new(StatusCode::TOO_MANY_REQUESTS, "Too many requests")
            }
            // The document's error shape; the change is not applied.
            Mishap::Injected(status) => ApiError::new(status, gate::reason(status)),
            Mishap::Dropped => {
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "connection dropped")
            }
        }
        .into_response()
    })
    .await
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

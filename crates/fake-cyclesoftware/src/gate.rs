//! The middleware every API request passes: statistics, Basic auth, the
//! rate limits, fault injection, and the `X-RateLimit-*` headers on every
//! answer. `/_fake/*` control requests go straight through.
//!
//! Handlers stay plain "apply the change and answer" functions; everything
//! about *how* the fake misbehaves lives here and in `jobcard_fake_faults::gate`
//! (what a fault does, shared by every fake).

use crate::server::{FakeServer, Shared};
use crate::util::{error_response, lock};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use jobcard_fake_faults::Action;
use jobcard_fake_faults::gate::{self, Mishap};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `/api/v1/customers/1000/objects/5000.json` → `/api/v1/customers/{id}/objects/{id}.json`
fn route_key(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            let (stem, ext) = seg.split_once('.').unwrap_or((seg, ""));
            if !stem.is_empty() && stem.bytes().all(|b| b.is_ascii_digit()) {
                if ext.is_empty() {
                    "{id}".to_owned()
                } else {
                    format!("{{id}}.{ext}")
                }
            } else {
                seg.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

impl Shared {
    fn authorized(&self, headers: &HeaderMap) -> bool {
        let Some(value) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
        else {
            return false;
        };
        let Some((scheme, encoded)) = value.trim().split_once(' ') else {
            return false;
        };
        scheme.eq_ignore_ascii_case("basic")
            && base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .is_ok_and(|decoded| decoded == self.credentials.as_bytes())
    }

    /// Add the rate-limit headers as they stand now.
    fn with_limit_headers(&self, mut response: Response) -> Response {
        let headers = lock(&self.limiter).headers(Instant::now(), unix_now());
        for (name, value) in headers {
            // A fault that set a header on purpose (nonsense timing) keeps it.
            if response.headers().contains_key(name) {
                continue;
            }
            if let Ok(value) = HeaderValue::from_str(&value) {
                response.headers_mut().insert(name, value);
            }
        }
        response
    }

    fn too_many(&self, retry_after: u64) -> Response {
        lock(&self.store).rate_limited += 1;
        let mut response = error_response(StatusCode::TOO_MANY_REQUESTS, "Too Many Requests");
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        self.with_limit_headers(response)
    }
}

pub(crate) async fn gate(State(server): State<FakeServer>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if gate::is_control(&path) {
        return next.run(req).await;
    }
    let shared = server.shared();
    let method = req.method().as_str().to_owned();
    {
        let mut store = lock(&shared.store);
        store.requests_total += 1;
        *store
            .by_route
            .entry(format!("{method} {}", route_key(&path)))
            .or_default() += 1;
    }
    if !shared.authorized(req.headers()) {
        return shared.with_limit_headers(error_response(StatusCode::UNAUTHORIZED, "Unauthorized"));
    }
    let now = Instant::now();
    let fault = {
        let mut limiter = lock(&shared.limiter);
        if let Err(retry_after) = limiter.check(now, unix_now()) {
            drop(limiter);
            return shared.too_many(retry_after);
        }
        let fault = server.pick(&method, &path);
        if let Some(Action::RateLimit(retry_after)) = fault {
            drop(limiter);
            return shared.too_many(retry_after);
        }
        limiter.record(now);
        fault
    };
    // A `RateLimit` fault was answered above, with the limits.
    let fault = fault.filter(|action| !matches!(action, Action::RateLimit(_)));
    let response = gate::misbehave(fault, req, next, |mishap| match mishap {
        Mishap::Injected(status) => error_response(status, gate::reason(status)),
        Mishap::RateLimited => error_response(StatusCode::TOO_MANY_REQUESTS, "Too Many Requests"),
        Mishap::Dropped => error_response(StatusCode::INTERNAL_SERVER_ERROR, "connection dropped"),
    })
    .await;
    let response = if response.status() == StatusCode::METHOD_NOT_ALLOWED {
        error_response(StatusCode::BAD_REQUEST, "unsupported HTTP method")
    } else {
        response
    };
    shared.with_limit_headers(response)
}

#[cfg(test)]
mod tests {
    use super::route_key;

    #[test]
    fn route_keys_hide_ids() {
        assert_eq!(
            route_key("/api/v1/customers/1000/workshop-order/900000.json"),
            "/api/v1/customers/{id}/workshop-order/{id}.json"
        );
        assert_eq!(
            route_key("/api/v1/customers.json"),
            "/api/v1/customers.json"
        );
    }
}

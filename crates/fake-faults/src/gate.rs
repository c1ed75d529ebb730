//! The pieces of a fake's gate (the middleware every API request passes) that are the same
//! for every fake: telling control requests apart, the Bearer token, buffering the body for the request log,
//! the log itself, and what a picked fault [`Action`] does to a request.
//!
//! Why here: the misbehaviour must be the same everywhere (a lost answer is a lost answer),
//! while auth, route keys and error bodies stay in each fake; [`misbehave`] asks the fake for
//! its error response through a [`Mishap`].

use crate::Action;
use crate::listener;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Whether `path` is the control API (`/_fake/*`), which goes straight through the gate.
pub fn is_control(path: &str) -> bool {
    path == "/_fake" || path.starts_with("/_fake/")
}

/// The token of an `Authorization: Bearer TOKEN` header (scheme case-insensitive, trimmed).
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
}

/// Reads the request's body (up to 1 MiB; an unreadable one is empty) and rebuilds the
/// request with it, so the body can be logged and still reach the handler.
pub async fn buffer(req: Request) -> (Request, Bytes) {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    (Request::from_parts(parts, Body::from(bytes.clone())), bytes)
}

/// One API request as the fake saw it.
#[derive(Debug, Clone)]
pub struct Logged {
    pub method: String,
    pub path: String,
    /// The query as the fake logs it (only fakes that log it apart from the path).
    pub query: Option<String>,
    /// The JSON body, `null` when there is none (or it is not JSON).
    pub body: Value,
}

impl Logged {
    pub fn new(method: &str, path: String, body: &[u8]) -> Self {
        Self {
            method: method.to_owned(),
            path,
            query: None,
            body: serde_json::from_slice(body).unwrap_or(Value::Null),
        }
    }

    /// `{"method", "path", ["query",] "body"}`.
    pub fn json(&self) -> Value {
        match &self.query {
            Some(query) => {
                json!({"method": self.method, "path": self.path, "query": query, "body": self.body})
            }
            None => json!({"method": self.method, "path": self.path, "body": self.body}),
        }
    }
}

/// The API requests a fake saw: a count, a count per route, the log.
#[derive(Debug, Default)]
pub struct Requests {
    pub total: u64,
    /// `"METHOD /route/{id}"` → count.
    pub by_route: BTreeMap<String, u64>,
    pub log: Vec<Logged>,
}

impl Requests {
    /// Counts a request on `route` (its path with the ids hidden) and logs it.
    pub fn record(&mut self, route: &str, logged: Logged) {
        self.total += 1;
        *self
            .by_route
            .entry(format!("{} {route}", logged.method))
            .or_default() += 1;
        self.log.push(logged);
    }

    /// `{"total", "by_route", "log"}`, as `/_fake/state` shows them.
    pub fn json(&self) -> Value {
        let log: Vec<Value> = self.log.iter().map(Logged::json).collect();
        json!({"total": self.total, "by_route": self.by_route, "log": log})
    }
}

/// Why the gate answers with an error instead of the handler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mishap {
    /// A `RateLimit` fault: a 429 (the gate adds `Retry-After`).
    RateLimited,
    /// A `Status` fault with this status; the change is not applied.
    Injected(StatusCode),
    /// The answer to a `DropAfterApply` request that did not come through a listener.
    Dropped,
}

/// Runs the request, or misbehaves as `fault` says; `answer` builds the fake's error
/// response for a [`Mishap`] (and counts it where the fake does).
pub async fn misbehave(
    fault: Option<Action>,
    req: Request,
    next: Next,
    answer: impl FnOnce(Mishap) -> Response,
) -> Response {
    match fault {
        None => next.run(req).await,
        Some(Action::RateLimit(retry_after)) => {
            let mut response = answer(Mishap::RateLimited);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            response
        }
        Some(Action::Status(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            answer(Mishap::Injected(status))
        }
        Some(Action::Slow { delay_ms, apply }) => listener::slow(req, next, delay_ms, apply).await,
        Some(Action::DropAfterApply) => {
            let fallback = answer(Mishap::Dropped);
            listener::drop_after_apply(req, next, fallback).await
        }
        Some(Action::HangUp) => {
            let fallback = answer(Mishap::Dropped);
            listener::hang_up(req, fallback).await
        }
        Some(Action::Oversize { bytes, gzip }) => oversize(bytes, gzip),
        Some(Action::HugeTiming(value)) => {
            let mut response = answer(Mishap::RateLimited);
            let headers = response.headers_mut();
            let value = HeaderValue::from(value);
            headers.insert(header::RETRY_AFTER, value.clone());
            headers.insert("x-ratelimit-reset", value.clone());
            headers.insert("x-ratelimit-daily-reset", value);
            headers.insert("x-ratelimit-daily-remaining", HeaderValue::from(0));
            response
        }
    }
}

/// A 200 whose JSON body is `bytes` long: `{"data": [], "pad": "   ...   "}`, streamed in
/// 64 KiB pieces so the fake never holds it whole; gzip-compressed when `gzip`.
fn oversize(bytes: u64, gzip: bool) -> Response {
    let head = br#"{"data": [], "pad": ""#.to_vec();
    let tail = br#""}"#.to_vec();
    let fill = bytes.saturating_sub((head.len() + tail.len()) as u64);
    let piece: u64 = 64 * 1024;
    let mut chunks: Vec<Vec<u8>> = vec![head];
    let mut left = fill;
    while left > 0 {
        let n = left.min(piece);
        chunks.push(vec![b' '; usize::try_from(n).unwrap_or(0)]);
        left -= n;
    }
    chunks.push(tail);
    let mut response = if gzip {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        for chunk in &chunks {
            let _ = encoder.write_all(chunk);
        }
        let packed = encoder.finish().unwrap_or_default();
        let mut response = Response::new(Body::from(packed));
        response
            .headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        response
    } else {
        let stream = futures_util::stream::iter(
            chunks
                .into_iter()
                .map(|c| Ok::<Bytes, std::io::Error>(Bytes::from(c))),
        );
        Response::new(Body::from_stream(stream))
    };
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// `status`'s reason phrase ("Service Unavailable"), or "Error".
pub fn reason(status: StatusCode) -> &'static str {
    status.canonical_reason().unwrap_or("Error")
}

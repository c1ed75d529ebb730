//! Small shared helpers: the API's JSON error type, field type checks and
//! the datetime format.
//!
//! Every handler validates loosely-typed JSON (`serde_json::Value`) because
//! the fake must keep fields it does not know about, exactly as a client sent
//! them; these helpers keep that validation short and the error messages
//! consistent ("naming the field").

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDateTime};
pub use jobcard_fake_faults::remote::lock;
use serde_json::{Map, Value, json};

/// The datetime format used throughout the CycleSoftware API.
pub const DATETIME: &str = "%Y-%m-%d %H:%M:%S";

/// An error answered as `{"error": true, "error_message": ...}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "Not Found")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        error_response(self.status, &self.message)
    }
}

/// The JSON error body with a status.
pub fn error_response(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(json!({"error": true, "error_message": message})),
    )
        .into_response()
}

pub type ApiResult = Result<Json<Value>, ApiError>;

/// Parse a request body that must be a JSON object.
pub fn parse_object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON: {e}")))?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(ApiError::bad_request("invalid JSON: expected an object")),
    }
}

/// Parse `123.json` (a whole path segment) into an id; anything else is a 404.
pub fn json_id(segment: &str) -> Result<i64, ApiError> {
    segment
        .strip_suffix(".json")
        .and_then(|s| s.parse().ok())
        .ok_or_else(ApiError::not_found)
}

/// Parse a numeric path segment; anything else is a 404.
pub fn path_id(segment: &str) -> Result<i64, ApiError> {
    segment.parse().map_err(|_| ApiError::not_found())
}

/// The JSON type a field must have when present and not null.
#[derive(Clone, Copy)]
pub enum Kind {
    Str,
    Int,
    Num,
    Bool,
    Array,
}

/// Check the types of the given fields (null and absent are allowed).
pub fn check_types(
    map: &Map<String, Value>,
    fields: &[(&str, Kind)],
    prefix: &str,
) -> Result<(), ApiError> {
    for (name, kind) in fields {
        let Some(v) = map.get(*name) else { continue };
        let ok = match kind {
            Kind::Str => v.is_string(),
            Kind::Int => v.is_i64(),
            Kind::Num => v.is_number(),
            Kind::Bool => v.is_boolean(),
            Kind::Array => v.is_array(),
        };
        if !(ok || v.is_null()) {
            let what = match kind {
                Kind::Str => "a string",
                Kind::Int => "an integer",
                Kind::Num => "a number",
                Kind::Bool => "a boolean",
                Kind::Array => "an array",
            };
            return Err(ApiError::bad_request(format!(
                "{prefix}{name} must be {what}"
            )));
        }
    }
    Ok(())
}

/// An integer field, `None` when absent or null.
pub fn int_field(map: &Map<String, Value>, name: &str) -> Option<i64> {
    map.get(name).and_then(Value::as_i64)
}

/// Now, as the API formats datetimes (local time of the server).
pub fn now_string() -> String {
    chrono::Local::now()
        .naive_local()
        .format(DATETIME)
        .to_string()
}

/// Accept `YYYY-MM-DD HH:MM:SS`, `YYYY-MM-DDTHH:MM:SS` or RFC 3339; the offset
/// is dropped (the wall-clock time is kept).
pub fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, DATETIME)
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .or_else(|| {
            DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|d| d.naive_local())
        })
}

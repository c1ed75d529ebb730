//! Small conversions shared by the use cases: timestamps and optional strings.

use chrono::{DateTime, SecondsFormat, Utc};

/// The stored form of an instant: RFC 3339 in UTC with milliseconds, which sorts as text.
pub(crate) fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A fresh local id: UUID v7, which sorts by creation time.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// `Some(trimmed)` unless the value is missing or blank.
pub(crate) fn non_blank(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

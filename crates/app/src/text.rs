//! Small conversions shared by the use cases: timestamps, typed dates and optional strings.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use crate::{AppError, Result};

/// The stored form of an instant: RFC 3339 in UTC with milliseconds, which sorts as text.
pub(crate) fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A new UUID v7 whose time is `now`, the change's instant from the injected clock (not the
/// computer's), so ids follow the clock a test or a demo sets. The shared context keeps ids
/// made in the same millisecond in order.
pub(crate) fn new_id(now: DateTime<Utc>) -> String {
    static ORDER: std::sync::Mutex<Option<uuid::ContextV7>> = std::sync::Mutex::new(None);
    let mut order = ORDER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let context = order.get_or_insert_with(uuid::ContextV7::new);
    let secs = u64::try_from(now.timestamp()).unwrap_or(0);
    let time = uuid::Timestamp::from_unix(&*context, secs, now.timestamp_subsec_nanos());
    uuid::Uuid::new_v7(time).to_string()
}

/// A date as a person types it (`YYYY-MM-DD`), refused by `field` otherwise.
pub(crate) fn typed_date(field: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, format!("'{text}' is not a date like 2026-11-23")))
}

/// [`typed_date`] for a field that may be left blank.
pub(crate) fn optional_date(field: &str, text: Option<&str>) -> Result<Option<NaiveDate>> {
    non_blank(text).map(|t| typed_date(field, t)).transpose()
}

/// `Some(trimmed)` unless the value is missing or blank.
pub(crate) fn non_blank(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

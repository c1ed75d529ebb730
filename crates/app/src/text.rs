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

/// The form of a phone number used to match and find customers: digits only, in the shop
/// country's national form, so `+31 6 1234 5678`, `0031612345678` and `06-12345678` are one
/// number. Other international numbers keep their country code behind `00`. The shop country
/// is the Netherlands until stores get a country setting.
pub(crate) fn phone_key(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let international = phone.trim_start().starts_with('+');
    if international {
        digits
            .strip_prefix("31")
            .map(|rest| format!("0{rest}"))
            .unwrap_or_else(|| format!("00{digits}"))
    } else {
        digits
            .strip_prefix("0031")
            .map(|rest| format!("0{rest}"))
            .unwrap_or(digits)
    }
}

#[cfg(test)]
mod tests {
    use super::phone_key;

    #[test]
    fn dutch_numbers_in_any_notation_are_one_key() {
        for typed in [
            "+31 6 1234 5678",
            "0031612345678",
            "06-12345678",
            "(06) 1234 5678",
        ] {
            assert_eq!(phone_key(typed), "0612345678", "{typed}");
        }
        assert_eq!(phone_key("+32 470 12 34 56"), "0032470123456");
        assert_eq!(phone_key("030 123 4567"), "0301234567");
    }
}

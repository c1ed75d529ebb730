//! Time values a remote sends (`Retry-After`, `X-RateLimit-*-Reset`), read defensively.
//!
//! Why one module: a remote's timing header decides how long Jobcard stays silent, so a
//! hostile or broken value (`Retry-After: 10000000000000`, a reset sent in milliseconds, a
//! negative number, a date in the year 9999) must never overflow a date, stall a connector for
//! centuries or end a sync loop. Every such value goes through here and comes out either as a
//! wait of at most [`MAX_WAIT`] or as `None`, which means "use our own backoff".

use std::time::Duration;

use chrono::{DateTime, Utc};

/// The longest any remote may make Jobcard wait: a day. A remote that asks for more is
/// asked again after a day.
pub const MAX_WAIT: Duration = Duration::from_secs(24 * 60 * 60);

/// A `Retry-After` value: delta-seconds or an HTTP date (RFC 7231). `None` for nonsense (not
/// a number, negative, a date that does not parse); a wait past [`MAX_WAIT`] is cut to it.
pub fn retry_after(value: &str, now_unix: i64) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for a u64 is still "very long": a day.
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(clamp(Duration::from_secs(seconds)));
    }
    if value.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') {
        // A fraction or a negative: not a value we can trust.
        return None;
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?.timestamp();
    Some(wait_until_unix(at, now_unix))
}

/// An absolute reset time in unix seconds (`X-RateLimit-Daily-Reset`), kept within
/// [`MAX_WAIT`] from now. A value that would only make sense in milliseconds, or any other
/// far future, becomes "now + a day"; a past value is "now"; nonsense is `None`.
pub fn reset_at(value: &str, now_unix: i64) -> Option<i64> {
    let value = value.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let at = value.parse::<i64>().unwrap_or(i64::MAX);
    Some(at.clamp(now_unix, now_unix.saturating_add(max_wait_secs())))
}

/// The wait from `now_unix` to `at_unix`, zero when past, at most [`MAX_WAIT`].
pub fn wait_until_unix(at_unix: i64, now_unix: i64) -> Duration {
    let secs = at_unix.saturating_sub(now_unix).clamp(0, max_wait_secs());
    Duration::from_secs(u64::try_from(secs).unwrap_or(0))
}

/// `now + wait`, with the wait cut to [`MAX_WAIT`] first, so the sum can never overflow a
/// date (chrono panics on that) nor leave a far-future pause behind.
pub fn later(now: DateTime<Utc>, wait: Duration) -> DateTime<Utc> {
    let wait = chrono::Duration::from_std(clamp(wait)).unwrap_or(chrono::Duration::zero());
    now.checked_add_signed(wait).unwrap_or(now)
}

/// A wait cut to [`MAX_WAIT`].
pub fn clamp(wait: Duration) -> Duration {
    wait.min(MAX_WAIT)
}

fn max_wait_secs() -> i64 {
    i64::try_from(MAX_WAIT.as_secs()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn a_sane_retry_after_is_taken_as_it_is() {
        assert_eq!(retry_after("30", NOW), Some(Duration::from_secs(30)));
        assert_eq!(retry_after(" 0 ", NOW), Some(Duration::ZERO));
    }

    #[test]
    fn a_huge_retry_after_waits_a_day_at_most() {
        for huge in [
            "10000000000000",
            "300000000000",
            "18446744073709551615",
            "99999999999999999999999",
        ] {
            assert_eq!(retry_after(huge, NOW), Some(MAX_WAIT), "{huge}");
        }
    }

    #[test]
    fn nonsense_is_none_so_our_own_backoff_applies() {
        for bad in ["", "-5", "1.5", "+3", "soon", "\u{0}", "Fri, 99 Foo"] {
            assert_eq!(retry_after(bad, NOW), None, "{bad:?}");
        }
    }

    #[test]
    fn an_http_date_is_a_wait_until_then() {
        // 2027-01-15T08:00:00Z is NOW (2027-01-15T08:00:00Z) + 0; an hour later is 3600 s.
        let now = DateTime::parse_from_rfc3339("2027-01-15T08:00:00Z")
            .map(|t| t.timestamp())
            .unwrap_or_default();
        assert_eq!(
            retry_after("Fri, 15 Jan 2027 09:00:00 GMT", now),
            Some(Duration::from_secs(3600))
        );
        assert_eq!(
            retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now),
            Some(MAX_WAIT)
        );
        assert_eq!(
            retry_after("Thu, 01 Jan 1970 00:00:00 GMT", now),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn a_reset_stays_within_a_day_from_now() {
        assert_eq!(reset_at("1800000600", NOW), Some(NOW + 600));
        assert_eq!(
            reset_at("1800000000000", NOW),
            Some(NOW + 86_400),
            "milliseconds"
        );
        assert_eq!(reset_at("300000000000", NOW), Some(NOW + 86_400));
        assert_eq!(reset_at("1678230000", NOW), Some(NOW), "a past reset");
        assert_eq!(reset_at("99999999999999999999999", NOW), Some(NOW + 86_400));
        assert_eq!(reset_at("-1", NOW), None);
        assert_eq!(reset_at("", NOW), None);
        assert_eq!(reset_at("tomorrow", NOW), None);
    }

    #[test]
    fn later_never_overflows() {
        let now = DateTime::<Utc>::MAX_UTC - chrono::Duration::hours(1);
        assert_eq!(later(now, Duration::from_secs(u64::MAX)), now);
        let t = DateTime::from_timestamp(NOW, 0).unwrap_or_default();
        assert_eq!(
            later(t, Duration::from_secs(10_000_000_000_000)),
            t + chrono::Duration::days(1)
        );
    }
}

//! When a job is planned, as people type it: the one reading of a planned start that intake
//! and planning share, so a time means the same thing wherever it is entered.
//!
//! The core owns the store's time zone. A start without an offset (`2026-11-23T09:30`, what a
//! `datetime-local` field holds) is a wall time in the shop, read in the store's zone whatever
//! zone the computer that typed it is in. A start with an offset (RFC 3339) is an instant and
//! kept as such (scripts and the suggestions' exact instants). A date alone plans the job on
//! that day without a time.
//!
//! Clock changes: a wall time that does not exist (the hour skipped when the clocks go
//! forward) is refused with a clear error; a wall time that happens twice (the hour repeated
//! when they go back) is read as the first of the two, the summer-time one.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::text::stamp;
use crate::{AppError, Result};

/// When the job is planned: at a moment, or on a day without a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Schedule {
    At(DateTime<Utc>),
    AllDay(NaiveDate),
}

/// The wall-time shapes a person or a form may send (seconds optional, `T` or a space).
const WALL_TIME_FORMATS: [&str; 4] = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
];

impl Schedule {
    /// Reads `text` as typed for `field`, a wall time in the shop's zone `tz`.
    pub(crate) fn parse(text: &str, tz: Tz, field: &str) -> Result<Self> {
        let text = text.trim();
        if let Ok(at) = DateTime::parse_from_rfc3339(text) {
            return Ok(Self::At(at.with_timezone(&Utc)));
        }
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Ok(Self::AllDay(day));
        }
        if let Some(wall) = WALL_TIME_FORMATS
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        {
            return shop_instant(tz, wall, field).map(Self::At);
        }
        Err(AppError::invalid(
            field,
            format!(
                "'{text}' is neither a time like 2026-11-23T09:30 (the shop's time) nor a date like 2026-11-23"
            ),
        ))
    }

    /// The schedule as the order row keeps it: RFC 3339 UTC, or the date alone.
    pub(crate) fn stored(&self) -> String {
        match self {
            Self::At(at) => stamp(*at),
            Self::AllDay(day) => day.to_string(),
        }
    }

    /// The schedule an order row holds (`scheduled_start`, `scheduled_all_day`), if readable.
    pub(crate) fn from_row(start: Option<&str>, all_day: bool) -> Option<Self> {
        let start = start?;
        if all_day {
            NaiveDate::parse_from_str(start, "%Y-%m-%d")
                .ok()
                .map(Self::AllDay)
        } else {
            DateTime::parse_from_rfc3339(start)
                .ok()
                .map(|t| Self::At(t.with_timezone(&Utc)))
        }
    }

    pub(crate) fn is_all_day(&self) -> bool {
        matches!(self, Self::AllDay(_))
    }
}

/// The instant of the shop's wall time `wall`; see the module documentation for clock changes.
pub(crate) fn shop_instant(tz: Tz, wall: NaiveDateTime, field: &str) -> Result<DateTime<Utc>> {
    match tz.from_local_datetime(&wall) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(AppError::invalid(
            field,
            format!(
                "{} does not exist in {tz}: the clocks go forward then; pick a time after the change",
                wall.format("%Y-%m-%d %H:%M")
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America::New_York, Europe::Amsterdam};

    fn at(text: &str) -> Schedule {
        Schedule::At(
            DateTime::parse_from_rfc3339(text)
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_default(),
        )
    }

    #[test]
    fn a_wall_time_is_read_in_the_shops_zone() {
        let winter = Schedule::parse("2026-11-23T09:30", Amsterdam, "start");
        assert_eq!(winter.ok(), Some(at("2026-11-23T08:30:00Z")));
        let summer = Schedule::parse("2026-07-01 09:30:00", Amsterdam, "start");
        assert_eq!(summer.ok(), Some(at("2026-07-01T07:30:00Z")));
        let elsewhere = Schedule::parse("2026-11-23T09:30", New_York, "start");
        assert_eq!(elsewhere.ok(), Some(at("2026-11-23T14:30:00Z")));
    }

    #[test]
    fn an_instant_stays_an_instant_and_a_date_is_a_day() {
        let instant = Schedule::parse("2026-11-23T09:30:00-05:00", Amsterdam, "start");
        assert_eq!(instant.ok(), Some(at("2026-11-23T14:30:00Z")));
        let day = Schedule::parse(" 2026-11-30 ", Amsterdam, "start");
        assert_eq!(
            day.ok(),
            NaiveDate::from_ymd_opt(2026, 11, 30).map(Schedule::AllDay)
        );
    }

    #[test]
    fn the_skipped_hour_is_refused_and_the_doubled_hour_is_the_first() {
        let gap = Schedule::parse("2026-03-29T02:30", Amsterdam, "scheduled_start");
        let err = gap.err().unwrap_or_else(|| AppError::invalid("none", ""));
        assert_eq!(err.field.as_deref(), Some("scheduled_start"));
        assert!(err.message.contains("does not exist"), "{err}");
        let doubled = Schedule::parse("2026-10-25T02:30", Amsterdam, "start");
        assert_eq!(
            doubled.ok(),
            Some(at("2026-10-25T00:30:00Z")),
            "02:30 summer time"
        );
    }

    #[test]
    fn nonsense_names_the_field() {
        let err = Schedule::parse("tomorrow", Amsterdam, "start").err();
        assert_eq!(err.and_then(|e| e.field).as_deref(), Some("start"));
    }

    #[test]
    fn a_row_reads_back_as_it_was_stored() {
        let stored = at("2026-11-23T08:30:00Z");
        assert_eq!(
            Schedule::from_row(Some(&stored.stored()), false),
            Some(stored)
        );
        assert_eq!(
            Schedule::from_row(Some("2026-11-30"), true).map(|s| s.is_all_day()),
            Some(true)
        );
        assert_eq!(Schedule::from_row(None, false), None);
    }
}

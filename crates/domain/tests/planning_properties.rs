//! Properties of the planner: a suggested slot never overlaps booked work and never leaves the
//! store's trading hours or the mechanic's working hours (nor lands on an absence); a job's
//! occupied minutes add up to its work minutes; capacity is the open minutes of a day.

#![allow(clippy::indexing_slicing)]

use chrono::{Duration, NaiveDate, NaiveDateTime};
use jobcard_domain::planning::{Span, WeekHours, WorkCalendar, overlaps};
use proptest::prelude::*;

const HORIZON: i64 = 21;

fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

/// Zero to two spans a day on the quarter hour, between 06:00 and 22:00.
fn week() -> impl Strategy<Value = WeekHours> {
    let span =
        (24u16..88, 1u16..24).prop_map(|(start, len)| (start * 15, (start + len).min(88) * 15));
    let day = prop::collection::vec(span, 0..3).prop_map(|mut spans| {
        spans.sort_unstable();
        // Overlapping spans of one day merge into their union.
        let mut merged: Vec<(u16, u16)> = Vec::new();
        for (s, e) in spans {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
    });
    prop::array::uniform7(day).prop_map(WeekHours)
}

fn calendar() -> impl Strategy<Value = WorkCalendar> {
    (
        week(),
        prop::option::of(week()),
        prop::collection::vec((0i64..HORIZON, 0i64..3), 0..3),
    )
        .prop_map(|(trading, working, absences)| WorkCalendar {
            trading,
            working,
            absences: absences
                .into_iter()
                .map(|(from, len)| {
                    (
                        monday() + Duration::days(from),
                        monday() + Duration::days(from + len),
                    )
                })
                .collect(),
        })
}

fn moment() -> impl Strategy<Value = NaiveDateTime> {
    (0i64..7, 0i64..(24 * 4)).prop_map(|(day, quarter)| {
        (monday() + Duration::days(day))
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            + Duration::minutes(quarter * 15)
    })
}

fn busy() -> impl Strategy<Value = Vec<Span>> {
    prop::collection::vec((moment(), 15i64..480), 0..8).prop_map(|spans| {
        spans
            .into_iter()
            .map(|(s, len)| (s, s + Duration::minutes(len)))
            .collect()
    })
}

/// Whether `span` lies inside one open span of its day.
fn inside_open_hours(cal: &WorkCalendar, span: &Span) -> bool {
    cal.open_spans(span.0.date())
        .iter()
        .any(|open| open.0 <= span.0 && span.1 <= open.1)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn suggested_slots_fit_the_hours_and_never_overlap_booked_work(
        cal in calendar(), booked in busy(), from in moment(), minutes in 15i64..600,
    ) {
        let slots = cal.suggest(&booked, from, minutes, 4, HORIZON);
        prop_assert!(slots.windows(2).all(|w| w[0] < w[1]), "in order");
        for start in slots {
            prop_assert!(start >= from);
            let spans = cal.occupancy(start, minutes, HORIZON).unwrap_or_default();
            let total: i64 = spans.iter().map(|(s, e)| (*e - *s).num_minutes()).sum();
            prop_assert_eq!(total, minutes);
            for span in &spans {
                prop_assert!(inside_open_hours(&cal, span), "{span:?} outside the hours");
                prop_assert!(!cal.is_absent(span.0.date()));
                prop_assert!(booked.iter().all(|b| !overlaps(span, b)), "{span:?} overlaps booked work");
            }
        }
    }

    #[test]
    fn capacity_is_the_open_minutes_and_never_more_than_the_shop_is_open(cal in calendar(), day in 0i64..HORIZON) {
        let date = monday() + Duration::days(day);
        let open: i64 = cal.open_spans(date).iter().map(|(s, e)| (*e - *s).num_minutes()).sum();
        prop_assert_eq!(cal.capacity(date), open);
        let shop = WorkCalendar { trading: cal.trading.clone(), working: None, absences: Vec::new() };
        prop_assert!(cal.capacity(date) <= shop.capacity(date));
        if cal.is_absent(date) {
            prop_assert_eq!(cal.capacity(date), 0);
        }
    }

    #[test]
    fn a_job_occupies_exactly_its_minutes_in_open_hours(cal in calendar(), start in moment(), minutes in 0i64..900) {
        if let Some(spans) = cal.occupancy(start, minutes, HORIZON) {
            let total: i64 = spans.iter().map(|(s, e)| (*e - *s).num_minutes()).sum();
            prop_assert_eq!(total, minutes);
            prop_assert!(spans.iter().all(|s| s.0 >= start && inside_open_hours(&cal, s)));
            prop_assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0), "no span twice");
            let finish = cal.finish(start, minutes, HORIZON);
            prop_assert!(finish.is_some_and(|f| f >= start));
        }
    }
}

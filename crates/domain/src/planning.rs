//! Planning arithmetic: when a mechanic can work (the store's trading hours intersected with
//! their working hours, minus whole-day absences), how long a day's capacity is, where a job
//! of N work minutes lands when it starts at a given moment (it skips closed hours, so a job
//! can run over into the next day), and the earliest starts that fit a job without touching
//! work already booked.
//!
//! Everything here is in the shop's local time (`NaiveDateTime`), with minutes as `i64`; the
//! caller converts from the stored UTC instants with the store's time zone.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// A stretch of time `[start, end)`.
pub type Span = (NaiveDateTime, NaiveDateTime);

/// Opening spans per weekday (Monday first), as minutes since midnight `[opens, closes)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WeekHours(pub [Vec<(u16, u16)>; 7]);

impl WeekHours {
    /// The same hours every day from Monday to `last_weekday` (0 = Monday), closed after.
    pub fn uniform(opens: u16, closes: u16, days: usize) -> Self {
        let mut week: [Vec<(u16, u16)>; 7] = Default::default();
        for day in week.iter_mut().take(days.min(7)) {
            day.push((opens, closes));
        }
        Self(week)
    }

    fn on(&self, date: NaiveDate) -> &[(u16, u16)] {
        let index = date.weekday().num_days_from_monday() as usize;
        self.0.get(index).map_or(&[], Vec::as_slice)
    }
}

/// When one mechanic can work.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    pub trading: WeekHours,
    /// The mechanic's own hours; `None` means the store's hours.
    pub working: Option<WeekHours>,
    /// Whole days off, both ends included.
    pub absences: Vec<(NaiveDate, NaiveDate)>,
}

fn at(date: NaiveDate, minute: u16) -> NaiveDateTime {
    let day = date.and_time(NaiveTime::MIN);
    day + Duration::minutes(i64::from(minute.min(24 * 60)))
}

fn intersect(a: &[(u16, u16)], b: &[(u16, u16)]) -> Vec<(u16, u16)> {
    let mut out = Vec::new();
    for &(a0, a1) in a {
        for &(b0, b1) in b {
            let (s, e) = (a0.max(b0), a1.min(b1));
            if s < e {
                out.push((s, e));
            }
        }
    }
    out.sort_unstable();
    out
}

impl WorkCalendar {
    pub fn is_absent(&self, date: NaiveDate) -> bool {
        self.absences
            .iter()
            .any(|(from, to)| *from <= date && date <= *to)
    }

    /// The spans of `date` in which the mechanic can work, in order.
    pub fn open_spans(&self, date: NaiveDate) -> Vec<Span> {
        if self.is_absent(date) {
            return Vec::new();
        }
        let trading = self.trading.on(date);
        let minutes = match &self.working {
            Some(working) => intersect(trading, working.on(date)),
            None => {
                let mut own = trading.to_vec();
                own.sort_unstable();
                own
            }
        };
        minutes
            .into_iter()
            .filter(|(s, e)| s < e)
            .map(|(s, e)| (at(date, s), at(date, e)))
            .collect()
    }

    /// Minutes the mechanic can work on `date`.
    pub fn capacity(&self, date: NaiveDate) -> i64 {
        self.open_spans(date)
            .iter()
            .map(|(s, e)| (*e - *s).num_minutes())
            .sum()
    }

    /// Where a job of `minutes` lands when it starts at `start` (or at the next open moment):
    /// the spans it occupies, skipping closed hours and absences. `None` when it does not fit
    /// within `horizon_days`.
    pub fn occupancy(
        &self,
        start: NaiveDateTime,
        minutes: i64,
        horizon_days: i64,
    ) -> Option<Vec<Span>> {
        let mut left = minutes.max(0);
        let mut spans = Vec::new();
        if left == 0 {
            return Some(spans);
        }
        let first = start.date();
        for offset in 0..=horizon_days.max(0) {
            let date = first + Duration::days(offset);
            for (open, close) in self.open_spans(date) {
                let from = open.max(start);
                if from >= close {
                    continue;
                }
                let take = (close - from).num_minutes().min(left);
                spans.push((from, from + Duration::minutes(take)));
                left -= take;
                if left == 0 {
                    return Some(spans);
                }
            }
        }
        None
    }

    /// The moment a job of `minutes` starting at `start` is finished.
    pub fn finish(
        &self,
        start: NaiveDateTime,
        minutes: i64,
        horizon_days: i64,
    ) -> Option<NaiveDateTime> {
        self.occupancy(start, minutes, horizon_days)?
            .last()
            .map(|(_, end)| *end)
            .or(Some(start))
    }

    /// The earliest starts from `from` on (on a `step`-minute grid) at which a job of `minutes`
    /// fits without overlapping `busy`: at most one per free stretch, up to `count`.
    pub fn suggest(
        &self,
        busy: &[Span],
        from: NaiveDateTime,
        minutes: i64,
        count: usize,
        horizon_days: i64,
    ) -> Vec<NaiveDateTime> {
        const STEP: i64 = 15;
        let mut found: Vec<NaiveDateTime> = Vec::new();
        let first = from.date();
        for offset in 0..=horizon_days.max(0) {
            let date = first + Duration::days(offset);
            for (open, close) in self.open_spans(date) {
                let mut candidate = round_up(open.max(from), STEP);
                // One suggestion per free stretch: the first start of a run of fitting ones.
                let mut previous_fit = false;
                while candidate < close && found.len() < count {
                    let fits = self
                        .occupancy(candidate, minutes, horizon_days)
                        .is_some_and(|spans| !overlaps_any(&spans, busy));
                    if fits && !previous_fit {
                        found.push(candidate);
                    }
                    previous_fit = fits;
                    candidate += Duration::minutes(STEP);
                }
                if found.len() >= count {
                    return found;
                }
            }
        }
        found
    }
}

/// `t` rounded up to the next multiple of `step` minutes after midnight.
fn round_up(t: NaiveDateTime, step: i64) -> NaiveDateTime {
    let minute = i64::from(t.hour() * 60 + t.minute());
    let has_seconds = t.second() > 0 || t.nanosecond() > 0;
    let base = t.date().and_time(NaiveTime::MIN);
    let mut rounded = (minute + step - 1) / step * step;
    if has_seconds && rounded == minute {
        rounded += step;
    }
    base + Duration::minutes(rounded)
}

pub fn overlaps(a: &Span, b: &Span) -> bool {
    a.0 < b.1 && b.0 < a.1
}

pub fn overlaps_any(spans: &[Span], busy: &[Span]) -> bool {
    spans.iter().any(|s| busy.iter().any(|b| overlaps(s, b)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use super::*;

    fn dt(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap_or_default()
    }

    fn shop() -> WorkCalendar {
        // Monday to Friday 08:30-12:00 and 13:00-17:30 (lunch closed), Saturday 09:00-16:00.
        let mut week = WeekHours::default();
        for day in 0..5 {
            week.0[day] = vec![(510, 720), (780, 1050)];
        }
        week.0[5] = vec![(540, 960)];
        WorkCalendar {
            trading: week,
            working: None,
            absences: Vec::new(),
        }
    }

    #[test]
    fn a_job_skips_lunch_and_the_night() {
        let cal = shop();
        // Tuesday 2026-11-24, 11:30 + 120 min: 30 before lunch, 90 after.
        assert_eq!(
            cal.finish(dt("2026-11-24 11:30"), 120, 30),
            Some(dt("2026-11-24 14:30"))
        );
        // 16:30 + 120: 60 today, 60 the next morning.
        assert_eq!(
            cal.finish(dt("2026-11-24 16:30"), 120, 30),
            Some(dt("2026-11-25 09:30"))
        );
        // Saturday 15:00 + 120: 60 on Saturday, Sunday closed, 60 on Monday.
        assert_eq!(
            cal.finish(dt("2026-11-28 15:00"), 120, 30),
            Some(dt("2026-11-30 09:30"))
        );
    }

    #[test]
    fn capacity_counts_open_minutes_and_absences() {
        let mut cal = shop();
        assert_eq!(
            cal.capacity(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default()),
            210 + 270
        );
        assert_eq!(
            cal.capacity(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default()),
            0,
            "Sunday"
        );
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
        cal.absences.push((day, day));
        assert_eq!(cal.capacity(day), 0);
        // A mechanic who works 10:00-15:00 only has the overlap with the shop's hours.
        cal.working = Some(WeekHours::uniform(600, 900, 5));
        assert_eq!(
            cal.capacity(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default()),
            120 + 120
        );
    }

    #[test]
    fn suggestions_go_round_booked_work() {
        let cal = shop();
        let busy = vec![(dt("2026-11-24 08:30"), dt("2026-11-24 10:00"))];
        let slots = cal.suggest(&busy, dt("2026-11-24 08:00"), 60, 3, 30);
        assert_eq!(slots.first(), Some(&dt("2026-11-24 10:00")));
        assert_eq!(slots.len(), 3);
        // A job too long for the gap before lunch may still start there and carry on after.
        let slots = cal.suggest(&busy, dt("2026-11-24 08:00"), 240, 1, 30);
        assert_eq!(slots, vec![dt("2026-11-24 10:00")]);
    }

    #[test]
    fn starts_fall_on_the_quarter_hour() {
        assert_eq!(round_up(dt("2026-11-24 10:01"), 15), dt("2026-11-24 10:15"));
        assert_eq!(round_up(dt("2026-11-24 10:15"), 15), dt("2026-11-24 10:15"));
    }
}

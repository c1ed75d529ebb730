//! The planning rules the use cases share: a mechanic's calendar from the store's trading hours,
//! their working hours and absences, and the work already booked on them; where a job of N
//! minutes ends; and what is wrong with placing it (an overlap, a day over capacity, a start
//! while closed). The arithmetic is the domain's (`jobcard_domain::planning`, property-tested);
//! this module reads the rows and converts between stored UTC instants and the shop's local
//! time. A lower layer: intake, scheduling and the calendar call it.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use jobcard_domain::planning::{Span, WeekHours, WorkCalendar, overlaps_any};
use jobcard_store::hours::HoursRow;
use jobcard_store::sql::hours;
use jobcard_store::{Conn, EmployeeRow, StoreRow};

use crate::text::stamp;
use crate::{AppError, ErrorDetail, Result};

/// How far ahead the planner looks, in days.
pub(crate) const HORIZON_DAYS: i64 = 60;

pub(crate) fn week_of(rows: &[HoursRow]) -> WeekHours {
    let mut week = WeekHours::default();
    for row in rows {
        let (Ok(day), Ok(opens), Ok(closes)) = (
            usize::try_from(row.weekday),
            u16::try_from(row.opens),
            u16::try_from(row.closes),
        ) else {
            continue;
        };
        if let Some(spans) = week.0.get_mut(day) {
            spans.push((opens, closes));
        }
    }
    week
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The shop's local time of a stored instant.
pub(crate) fn local(tz: Tz, stored: &str) -> Option<NaiveDateTime> {
    DateTime::parse_from_rfc3339(stored)
        .ok()
        .map(|t| t.with_timezone(&tz).naive_local())
}

/// The stored (UTC) form of a local time; the earlier one when a clock change makes it double.
pub(crate) fn stored(tz: Tz, local: NaiveDateTime) -> Option<String> {
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| stamp(t.with_timezone(&Utc)))
}

/// When `employee` can work, in the store whose trading hours are `trading`.
pub(crate) async fn calendar_of(
    conn: &mut Conn,
    trading: &WeekHours,
    employee: &EmployeeRow,
) -> Result<WorkCalendar> {
    let own = hours::working(&mut *conn, &employee.id).await?;
    let absences = hours::absences(&mut *conn, &employee.id).await?;
    Ok(calendar_from(
        trading,
        &own,
        absences.iter().map(|a| (&a.from_date, &a.to_date)),
    ))
}

/// The calendars of `employees`, in their order, read in two queries whatever their number
/// (the calendar screen shows every mechanic).
pub(crate) async fn calendars_of(
    conn: &mut Conn,
    trading: &WeekHours,
    employees: &[EmployeeRow],
) -> Result<Vec<WorkCalendar>> {
    let working = hours::working_of_all(&mut *conn).await?;
    let absences = hours::absences_of_all(&mut *conn).await?;
    Ok(employees
        .iter()
        .map(|employee| {
            let own: Vec<HoursRow> = working
                .iter()
                .filter(|row| row.employee_id == employee.id)
                .map(|row| HoursRow {
                    weekday: row.weekday,
                    opens: row.opens,
                    closes: row.closes,
                })
                .collect();
            let away = absences
                .iter()
                .filter(|a| a.employee_id == employee.id)
                .map(|a| (&a.from_date, &a.to_date));
            calendar_from(trading, &own, away)
        })
        .collect())
}

/// A calendar from the store's trading hours, the employee's own hours (none: the store's)
/// and their absences (`from`, `to` dates; unreadable ones are left out).
fn calendar_from<'a>(
    trading: &WeekHours,
    own: &[HoursRow],
    absences: impl Iterator<Item = (&'a String, &'a String)>,
) -> WorkCalendar {
    WorkCalendar {
        trading: trading.clone(),
        working: (!own.is_empty()).then(|| week_of(own)),
        absences: absences
            .filter_map(|(from, to)| Some((date(from)?, date(to)?)))
            .collect(),
    }
}

/// The local spans of the work booked on `employee`.
pub(crate) async fn busy_of(
    conn: &mut Conn,
    tz: Tz,
    calendar: &WorkCalendar,
    employee_id: &str,
) -> Result<Vec<Span>> {
    let mut busy = Vec::new();
    for (start, minutes, _number) in hours::bookings(&mut *conn, employee_id).await? {
        if let Some(start) = local(tz, &start)
            && let Some(spans) = calendar.occupancy(start, minutes, HORIZON_DAYS)
        {
            busy.extend(spans);
        }
    }
    Ok(busy)
}

/// When a job of `minutes` starting at `start` ends on the store's trading hours, for an order
/// planned on nobody (a mechanic's job is placed by [`place`]). `None` when it does not fit
/// the horizon.
pub(crate) async fn finish_on(
    conn: &mut Conn,
    store: &jobcard_store::StoreRow,
    start: DateTime<Utc>,
    minutes: i64,
) -> Result<Option<String>> {
    let tz = store.zone();
    let calendar = WorkCalendar {
        trading: week_of(&hours::trading(&mut *conn, &store.id).await?),
        ..WorkCalendar::default()
    };
    let local_start = start.with_timezone(&tz).naive_local();
    Ok(calendar
        .finish(local_start, minutes, HORIZON_DAYS)
        .and_then(|end| stored(tz, end)))
}

/// Places a timed job of `minutes` on a mechanic: its stored finish, and what would be
/// wrong with it (an overlap with other work, a day over capacity, a start while closed).
/// `own` is the order itself when it is re-planned, so its old booking does not count.
pub(crate) async fn place(
    tx: &mut Conn,
    store: &StoreRow,
    mechanic: &EmployeeRow,
    own: Option<&str>,
    minutes: i64,
    when: DateTime<Utc>,
) -> Result<(Option<String>, Vec<ErrorDetail>)> {
    let tz = store.zone();
    let trading = crate::planning::week_of(&hours::trading(&mut *tx, &store.id).await?);
    let calendar = calendar_of(tx, &trading, mechanic).await?;
    let start = when.with_timezone(&tz).naive_local();
    let spans = calendar
        .occupancy(start, minutes, HORIZON_DAYS)
        .ok_or_else(|| {
            AppError::invalid(
                "start",
                format!(
                    "{} has no room for {} minutes in the next {HORIZON_DAYS} days",
                    mechanic.name, minutes
                ),
            )
        })?;
    let finish = spans.last().and_then(|(_, end)| stored(tz, *end));
    // Work already booked on the mechanic, without this order's own booking.
    let mut others = Vec::new();
    for (booked_start, minutes, number) in hours::bookings(&mut *tx, &mechanic.id).await? {
        if Some(number.as_str()) == own {
            continue;
        }
        if let Some(s) = local(tz, &booked_start)
            && let Some(booked) = calendar.occupancy(s, minutes, HORIZON_DAYS)
        {
            others.push((number, booked));
        }
    }
    let mut warnings = Vec::new();
    if let Some(first) = spans.first()
        && first.0 > start
    {
        warnings.push(
            ErrorDetail::new(
                "not_working_then",
                format!(
                    "the shop or {} is not working then; the work starts at {}",
                    mechanic.name,
                    first.0.format("%Y-%m-%d %H:%M")
                ),
            )
            .with("mechanic", &mechanic.name)
            .with("start", first.0.format("%Y-%m-%dT%H:%M")),
        );
    }
    for (number, booked) in &others {
        if overlaps_any(&spans, booked) {
            warnings.push(
                ErrorDetail::new(
                    "overlaps",
                    format!("overlaps {number} of {}", mechanic.name),
                )
                .with("number", number)
                .with("mechanic", &mechanic.name),
            );
        }
    }
    let mut days: Vec<NaiveDate> = spans.iter().map(|(s, _)| s.date()).collect();
    days.dedup();
    for day in days {
        let minutes_on = |list: &[Span]| -> i64 {
            list.iter()
                .filter(|(s, _)| s.date() == day)
                .map(|(s, e)| (*e - *s).num_minutes())
                .sum()
        };
        let booked: i64 = others.iter().map(|(_, b)| minutes_on(b)).sum();
        let total = booked + minutes_on(&spans);
        let capacity = calendar.capacity(day);
        if total > capacity {
            warnings.push(
                ErrorDetail::new(
                    "over_capacity",
                    format!(
                        "{} would have {total} of {capacity} minutes booked on {day}",
                        mechanic.name
                    ),
                )
                .with("mechanic", &mechanic.name)
                .with("minutes", total)
                .with("capacity", capacity)
                .with("day", day),
            );
        }
    }
    Ok((finish, warnings))
}

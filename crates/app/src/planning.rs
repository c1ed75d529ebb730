//! Planning use cases: the next free slots for a job (per mechanic or any), from the store's
//! trading hours, each mechanic's working hours and absences, and the work already booked on
//! them. The arithmetic is the domain's (`jobcard_domain::planning`, property-tested); this
//! module reads the rows and converts between stored UTC instants and the shop's local time.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use jobcard_domain::Role;
use jobcard_domain::planning::{Span, WeekHours, WorkCalendar};
use jobcard_store::Conn;
use jobcard_store::EmployeeRow;
use jobcard_store::hours::HoursRow;
use jobcard_store::sql::{hours, parties};

use crate::auth::roles_of;
use crate::dto::{SlotQuery, SlotView};
use crate::intake::current_store;
use crate::text::stamp;
use crate::{App, AppError, Result};

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
    let absences = hours::absences(&mut *conn, &employee.id)
        .await?
        .iter()
        .filter_map(|a| Some((date(&a.from_date)?, date(&a.to_date)?)))
        .collect();
    Ok(WorkCalendar {
        trading: trading.clone(),
        working: (!own.is_empty()).then(|| week_of(&own)),
        absences,
    })
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

/// When a job of `minutes` starting at `start` ends: on `employee_id`'s calendar, or on the
/// store's trading hours when nobody is planned. `None` when it does not fit the horizon.
pub(crate) async fn finish_on(
    conn: &mut Conn,
    store: &jobcard_store::StoreRow,
    employee_id: Option<&str>,
    start: DateTime<Utc>,
    minutes: i64,
) -> Result<Option<String>> {
    let tz: Tz = store
        .time_zone
        .parse()
        .unwrap_or(chrono_tz::Europe::Amsterdam);
    let trading = week_of(&hours::trading(&mut *conn, &store.id).await?);
    let calendar = match employee_id {
        Some(id) => match parties::employee_by_id(&mut *conn, id).await? {
            Some(employee) => calendar_of(conn, &trading, &employee).await?,
            None => WorkCalendar {
                trading,
                ..WorkCalendar::default()
            },
        },
        None => WorkCalendar {
            trading,
            ..WorkCalendar::default()
        },
    };
    let local_start = start.with_timezone(&tz).naive_local();
    Ok(calendar
        .finish(local_start, minutes, HORIZON_DAYS)
        .and_then(|end| stored(tz, end)))
}

impl App {
    /// The earliest starts at which a job of `query.minutes` fits, per mechanic or any.
    pub async fn suggest_slots(&self, query: &SlotQuery) -> Result<Vec<SlotView>> {
        if !(1..=10_000).contains(&query.minutes) {
            return Err(AppError::invalid("minutes", "must be between 1 and 10000"));
        }
        let count = query.count.unwrap_or(5).clamp(1, 50) as usize;
        let mut conn = self.reader().await?;
        let store = current_store(&mut conn).await?;
        let tz: Tz = store
            .time_zone
            .parse()
            .unwrap_or(chrono_tz::Europe::Amsterdam);
        let now = self.clock.now().with_timezone(&tz).naive_local();
        let from = match query
            .from
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
        {
            Some(text) => {
                let day = date(text).ok_or_else(|| {
                    AppError::invalid("from", format!("'{text}' is not a date like 2026-11-24"))
                })?;
                day.and_hms_opt(0, 0, 0).unwrap_or(now).max(now)
            }
            None => now,
        };
        let trading = week_of(&hours::trading(&mut conn, &store.id).await?);
        let mechanics: Vec<EmployeeRow> = match query
            .mechanic
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
        {
            Some(name) => vec![
                parties::employee_by_name(&mut conn, name)
                    .await?
                    .filter(|e| e.active && roles_of(e).contains(&Role::Mechanic))
                    .ok_or_else(|| {
                        AppError::invalid("mechanic", format!("no active mechanic named '{name}'"))
                    })?,
            ],
            None => parties::employees(&mut conn)
                .await?
                .into_iter()
                .filter(|e| e.active && roles_of(e).contains(&Role::Mechanic))
                .collect(),
        };
        let mut slots = Vec::new();
        for mechanic in &mechanics {
            let calendar = calendar_of(&mut conn, &trading, mechanic).await?;
            let busy = busy_of(&mut conn, tz, &calendar, &mechanic.id).await?;
            for start in calendar.suggest(&busy, from, query.minutes, count, HORIZON_DAYS) {
                let Some(finish) = calendar.finish(start, query.minutes, HORIZON_DAYS) else {
                    continue;
                };
                let (Some(start_utc), Some(finish_utc)) = (stored(tz, start), stored(tz, finish))
                else {
                    continue;
                };
                slots.push(SlotView {
                    mechanic: mechanic.name.clone(),
                    start: start_utc,
                    finish: finish_utc,
                    local_start: start.format("%Y-%m-%d %H:%M").to_string(),
                    local_finish: finish.format("%Y-%m-%d %H:%M").to_string(),
                });
            }
        }
        slots.sort_by(|a, b| (&a.start, &a.mechanic).cmp(&(&b.start, &b.mechanic)));
        slots.truncate(count);
        Ok(slots)
    }
}

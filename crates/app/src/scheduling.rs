//! Planning an order on a mechanic at a time: the finish follows from the work minutes and
//! skips closed hours, and nothing is double-booked silently. An overlap with work already
//! booked, or a day that would go over the mechanic's capacity, is refused with what the
//! problem is, and booked only when the planner confirms.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use jobcard_domain::OrderStatus;
use jobcard_domain::planning::{Span, overlaps};
use jobcard_store::StoreRow;
use jobcard_store::sql::{hours, orders, parties, work};
use serde_json::json;

use crate::auth::Guard;
use crate::dto::{OrderView, ScheduleInput};
use crate::intake::current_store;
use crate::orders::change_status_in;
use crate::planning::{HORIZON_DAYS, calendar_of, local, stored};
use crate::text::stamp;
use crate::{Actor, App, AppError, ErrorDetail, Result};

impl App {
    /// Plans order `number` (counter and managers). See the module documentation.
    pub async fn schedule_order(
        &self,
        actor: &Actor,
        number: &str,
        input: &ScheduleInput,
    ) -> Result<OrderView> {
        actor.require(Guard::INTAKE)?;
        let number = number
            .trim()
            .parse::<jobcard_domain::OrderNumber>()?
            .to_string();
        let at = stamp(self.clock.now());
        let mut tx = self.store.begin_write().await?;
        let row = orders::by_number(&mut *tx, &number)
            .await?
            .ok_or_else(|| AppError::not_found("number", format!("no order {number}")))?;
        let mechanic = match input
            .mechanic
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
        {
            Some(name) => Some(
                parties::employee_by_name(&mut *tx, name)
                    .await?
                    .filter(|e| e.active)
                    .ok_or_else(|| {
                        AppError::invalid("mechanic", format!("no active employee named '{name}'"))
                    })?,
            ),
            None => None,
        };
        let store: StoreRow = current_store(&mut tx).await?;
        let start = input
            .start
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let (stored_start, all_day, finish, warnings) = match start {
            None => (None, false, None, Vec::new()),
            Some(text) => {
                if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                    (Some(day.to_string()), true, None, Vec::new())
                } else {
                    let when = DateTime::parse_from_rfc3339(text)
                        .map_err(|_| {
                            AppError::invalid(
                                "start",
                                format!("'{text}' is neither a date-time like 2026-11-24T10:00:00+01:00 nor a date"),
                            )
                        })?
                        .with_timezone(&Utc);
                    let (finish, warnings) = match &mechanic {
                        Some(m) => {
                            place(
                                &mut tx,
                                &store,
                                m,
                                Some(&row.number),
                                row.work_minutes,
                                when,
                            )
                            .await?
                        }
                        None => (None, Vec::new()),
                    };
                    (Some(stamp(when)), false, finish, warnings)
                }
            }
        };
        if !warnings.is_empty() && input.confirm != Some(true) {
            return Err(AppError::needs_confirmation("start", warnings));
        }
        let mechanic_id = mechanic.as_ref().map(|m| m.id.as_str());
        work::set_schedule(
            &mut tx,
            row.pk,
            mechanic_id,
            stored_start.as_deref(),
            all_day,
            finish.as_deref(),
        )
        .await?;
        let status: OrderStatus = row.status.parse()?;
        if stored_start.is_some() && status == OrderStatus::Intake {
            change_status_in(&mut tx, actor, &number, OrderStatus::Scheduled, None, &at).await?;
        }
        let changes = json!({
            "mechanic": mechanic.as_ref().map(|m| m.name.clone()), "start": stored_start,
            "all_day": all_day, "finish": finish, "confirmed": warnings.iter().map(|w| &w.message).collect::<Vec<_>>(),
        });
        crate::work::record_order_change(&mut tx, &at, actor, &row, "scheduled", changes).await?;
        let updated = orders::by_number(&mut *tx, &number)
            .await?
            .ok_or_else(|| AppError::not_found("number", &number))?;
        let view = crate::views::order_view(&mut tx, &updated).await?;
        tx.commit().await.map_err(jobcard_store::StoreError::from)?;
        Ok(view)
    }
}

/// Places a timed job of `minutes` on a mechanic: its stored finish, and what would be
/// wrong with it (an overlap with other work, a day over capacity, a start while closed).
/// `own` is the order itself when it is re-planned, so its old booking does not count.
pub(crate) async fn place(
    tx: &mut sqlx::SqliteConnection,
    store: &StoreRow,
    mechanic: &jobcard_store::EmployeeRow,
    own: Option<&str>,
    minutes: i64,
    when: DateTime<Utc>,
) -> Result<(Option<String>, Vec<ErrorDetail>)> {
    let tz: Tz = store
        .time_zone
        .parse()
        .unwrap_or(chrono_tz::Europe::Amsterdam);
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
        if spans.iter().any(|s| booked.iter().any(|b| overlaps(s, b))) {
            warnings.push(
                ErrorDetail::new("overlaps", format!("overlaps {number} of {}", mechanic.name))
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

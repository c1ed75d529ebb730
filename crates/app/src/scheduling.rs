//! Planning an order on a mechanic at a time: the finish follows from the work minutes and
//! skips closed hours, and nothing is double-booked silently. An overlap with work already
//! booked, or a day that would go over the mechanic's capacity, is refused with what the
//! problem is, and booked only when the planner confirms.
//!
//! A plan request changes only what it names (`ScheduleInput`): a field left out keeps what
//! is planned, a blank one clears it. Naming only another mechanic keeps the start and
//! recomputes the finish on that mechanic's hours. The status follows the start, so an order
//! is never "Scheduled" without one: a start moves an order in intake to scheduled, and
//! clearing the start of a scheduled order moves it back to intake (both audited).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use jobcard_domain::OrderStatus;
use jobcard_domain::planning::{Span, overlaps};
use jobcard_store::Conn;
use jobcard_store::sql::{hours, orders, parties, work};
use jobcard_store::{EmployeeRow, OrderRow, StoreRow};
use serde_json::json;

use crate::auth::Guard;
use crate::dto::{OrderView, ScheduleInput};
use crate::intake::current_store;
use crate::orders::change_status_in;
use crate::planning::{HORIZON_DAYS, calendar_of, local, stored};
use crate::schedule_input::{Schedule, store_zone};
use crate::text::stamp;
use crate::{Actor, App, AppError, ErrorDetail, Result};

/// What a request does with one part of the plan.
enum Change<'a> {
    Keep,
    Clear,
    Set(&'a str),
}

impl<'a> Change<'a> {
    /// Left out keeps, blank clears, anything else sets.
    fn of(field: Option<&'a str>) -> Self {
        match field.map(str::trim) {
            None => Self::Keep,
            Some("") => Self::Clear,
            Some(text) => Self::Set(text),
        }
    }
}

/// The plan an order has after a request: the kept parts merged with the changed ones.
struct Plan {
    mechanic: Option<EmployeeRow>,
    start: Option<Schedule>,
}

impl Plan {
    async fn merge(conn: &mut Conn, row: &OrderRow, input: &ScheduleInput, tz: Tz) -> Result<Self> {
        let mechanic = match Change::of(input.mechanic.as_deref()) {
            Change::Keep => match row.mechanic_id.as_deref() {
                Some(id) => parties::employee_by_id(&mut *conn, id).await?,
                None => None,
            },
            Change::Clear => None,
            Change::Set(name) => Some(
                parties::employee_by_name(&mut *conn, name)
                    .await?
                    .filter(|e| e.active)
                    .ok_or_else(|| {
                        AppError::invalid("mechanic", format!("no active employee named '{name}'"))
                    })?,
            ),
        };
        let start = match Change::of(input.start.as_deref()) {
            Change::Keep => {
                Schedule::from_row(row.scheduled_start.as_deref(), row.scheduled_all_day)
            }
            Change::Clear => None,
            Change::Set(text) => Some(Schedule::parse(text, tz, "start")?),
        };
        Ok(Self { mechanic, start })
    }

    /// Whether this plan differs from what `row` has planned.
    fn differs_from(&self, row: &OrderRow) -> bool {
        let mechanic = self.mechanic.as_ref().map(|m| m.id.as_str());
        let start = self.start.as_ref().map(Schedule::stored);
        let all_day = self.start.as_ref().is_some_and(Schedule::is_all_day);
        mechanic != row.mechanic_id.as_deref()
            || start.as_deref() != row.scheduled_start.as_deref()
            || all_day != row.scheduled_all_day
    }
}

impl App {
    /// Plans order `number` (counter and managers). See the module documentation.
    pub async fn schedule_order(
        &self,
        actor: &Actor,
        number: &str,
        input: &ScheduleInput,
    ) -> Result<OrderView> {
        self.schedule_order_seen(actor, number, input, None).await
    }

    /// [`App::schedule_order`] on the order as a seat saw it: refused with `order_changed`
    /// when the order is no longer at `expected_version` (see `versions.rs`).
    pub async fn schedule_order_seen(
        &self,
        actor: &Actor,
        number: &str,
        input: &ScheduleInput,
        expected_version: Option<i64>,
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
        crate::versions::guard(&mut tx, &row, expected_version, self.clock.now()).await?;
        let store: StoreRow = current_store(&mut tx).await?;
        let plan = Plan::merge(&mut tx, &row, input, store_zone(&store)).await?;
        if !plan.differs_from(&row) {
            // Nothing to change: no audit row, no sync, no question about an old overlap.
            return crate::views::order_view(&mut tx, &row).await;
        }
        let (finish, warnings) = match (&plan.start, &plan.mechanic) {
            (Some(Schedule::At(when)), Some(m)) => {
                place(
                    &mut tx,
                    &store,
                    m,
                    Some(&row.number),
                    row.work_minutes,
                    *when,
                )
                .await?
            }
            // Nobody planned, or a day without a time: no finish (as before; the remotes
            // get a start alone).
            _ => (None, Vec::new()),
        };
        if !warnings.is_empty() && input.confirm != Some(true) {
            return Err(AppError::needs_confirmation("start", warnings));
        }
        let stored_start = plan.start.as_ref().map(Schedule::stored);
        let all_day = plan.start.as_ref().is_some_and(Schedule::is_all_day);
        work::set_schedule(
            &mut tx,
            row.pk,
            plan.mechanic.as_ref().map(|m| m.id.as_str()),
            stored_start.as_deref(),
            all_day,
            finish.as_deref(),
        )
        .await?;
        let status: OrderStatus = row.status.parse()?;
        let moved_to = match (&plan.start, status) {
            (Some(_), OrderStatus::Intake) => Some(OrderStatus::Scheduled),
            (None, OrderStatus::Scheduled) => Some(OrderStatus::Intake),
            _ => None,
        };
        if let Some(to) = moved_to {
            change_status_in(&mut tx, actor, &number, to, None, &at).await?;
        }
        let previous = json!({
            "mechanic_id": row.mechanic_id, "start": row.scheduled_start,
            "all_day": row.scheduled_all_day, "finish": row.scheduled_finish,
        });
        let changes = json!({
            "mechanic": plan.mechanic.as_ref().map(|m| m.name.clone()), "start": stored_start,
            "all_day": all_day, "finish": finish,
            "confirmed": warnings.iter().map(|w| &w.message).collect::<Vec<_>>(),
            "previous": previous,
        });
        let action = if plan.start.is_some() {
            "scheduled"
        } else {
            "unscheduled"
        };
        crate::work::record_order_change(&mut tx, &at, actor, &row, action, changes).await?;
        let updated = orders::by_number(&mut *tx, &number)
            .await?
            .ok_or_else(|| AppError::not_found("number", &number))?;
        let view = crate::views::order_view(&mut tx, &updated).await?;
        tx.commit().await?;
        Ok(view)
    }
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
    let tz = store_zone(store);
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

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
//!
//! Also here: the next free slots for a job (per mechanic or any), which the planner offers
//! before a plan is made.

use chrono_tz::Tz;
use jobcard_domain::{OrderStatus, Role};
use jobcard_store::Conn;
use jobcard_store::sql::{hours, parties, work};
use jobcard_store::{EmployeeRow, OrderRow, StoreRow};
use serde_json::json;

use crate::dto::{OrderView, ScheduleInput, SlotQuery, SlotView};
use crate::guard::Guard;
use crate::planning::{HORIZON_DAYS, busy_of, calendar_of, place, stored, week_of};
use crate::schedule_input::Schedule;
use crate::shop::current_store;
use crate::status_flow::change_status_in;
use crate::{Actor, App, AppError, Result};

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
    ///
    /// With `expected_version`, on the order as a seat saw it: refused with `order_changed`
    /// when the order is no longer at `expected_version` (see `versions.rs`).
    pub async fn schedule_order(
        &self,
        actor: &Actor,
        number: &str,
        input: &ScheduleInput,
        expected_version: Option<i64>,
    ) -> Result<OrderView> {
        actor.require(Guard::INTAKE)?;
        let (mut tx, row, at) = self.begin_order_change(number, expected_version).await?;
        let store: StoreRow = current_store(&mut tx).await?;
        let plan = Plan::merge(&mut tx, &row, input, store.zone()).await?;
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
        let status = row.status;
        let moved_to = match (&plan.start, status) {
            (Some(_), OrderStatus::Intake) => Some(OrderStatus::Scheduled),
            (None, OrderStatus::Scheduled) => Some(OrderStatus::Intake),
            _ => None,
        };
        if let Some(to) = moved_to {
            change_status_in(&mut tx, actor, &row.number, to, None, &at).await?;
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
        crate::journal::record_order_change(&mut tx, &at, actor, &row, action, changes).await?;
        crate::versions::commit_order_view(tx, &row.number).await
    }
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
        let tz = store.zone();
        let now = self.clock.now().with_timezone(&tz).naive_local();
        let from = match crate::text::optional_date("from", query.from.as_deref())? {
            Some(day) => day.and_hms_opt(0, 0, 0).unwrap_or(now).max(now),
            None => now,
        };
        let trading = week_of(&hours::trading(&mut conn, &store.id).await?);
        let mechanics: Vec<EmployeeRow> = match crate::text::non_blank(query.mechanic.as_deref()) {
            Some(name) => vec![
                parties::employee_by_name(&mut conn, name)
                    .await?
                    .filter(|e| e.active && e.roles.has(Role::Mechanic))
                    .ok_or_else(|| {
                        AppError::invalid("mechanic", format!("no active mechanic named '{name}'"))
                    })?,
            ],
            None => parties::employees(&mut conn)
                .await?
                .into_iter()
                .filter(|e| e.active && e.roles.has(Role::Mechanic))
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

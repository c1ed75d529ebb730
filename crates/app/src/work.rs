//! The mechanics' side: the job board, starting, pausing and resuming work (a timer per
//! mechanic per order; several periods add up; one running timer per mechanic, which the
//! database itself enforces), ticking lines done, and finishing with the closing fields.
//! Also deleting an order, which only a manager may do.

use crate::error::ErrorCode;
use chrono::NaiveDate;
use jobcard_domain::{OrderStatus, optional_text};
use jobcard_store::Conn;
use jobcard_store::board::BoardRow;
use jobcard_store::sql::{board, orders, work};
use jobcard_store::{ClosingRow, OrderRow, StoreError, StoreRow, WorkPeriodRow};
use serde_json::json;

use crate::dto::{BoardEntry, BoardGroup, ClosingInput, JobBoard, OrderView};
use crate::guard::Guard;
use crate::journal::record_order_change;
use crate::status_flow::change_status_in;
use crate::text::stamp;
use crate::versions::commit_order_view;
use crate::views::{minutes_between, object_title, status_view};
use crate::{Actor, App, AppError, Result};

/// How many orders each part of the board shows.
const BOARD_SIZE: u32 = 50;

/// The employee behind the actor: tracking work needs a person, not the machine's owner.
fn worker(actor: &Actor) -> Result<&str> {
    actor.employee_id.as_deref().ok_or_else(|| {
        AppError::invalid(
            "as",
            "work is tracked per employee; sign in (or pass --as NAME with JOBCARD_PIN)",
        )
    })
}

/// A timer the database refused because the mechanic's timer started at another seat a
/// moment ago (after this seat looked): the unique index `work_periods_one_running` is what
/// keeps one timer per mechanic across all seats, and its refusal is said as the check's.
fn timer_taken(err: StoreError) -> AppError {
    match err {
        StoreError::Sql(sqlx::Error::Database(db)) if db.is_unique_violation() => AppError::new(
            ErrorCode::Conflict,
            "your timer runs on another order; pause it first",
            Some("number"),
        ),
        other => other.into(),
    }
}

impl App {
    /// Starts (or resumes) the signed-in mechanic's timer on an order, moving it into work.
    /// Refused while their timer runs on another order: one job at a time. An order that
    /// waits for the customer's approval is refused with code `needs_confirmation` (see
    /// [`App::start_work_with`]).
    pub async fn start_work(&self, actor: &Actor, number: &str) -> Result<OrderView> {
        self.start_work_with(actor, number, false).await
    }

    /// [`App::start_work`], where `confirm` says the mechanic knows the order waits for the
    /// customer (they agreed at the counter or on the phone) and starts it anyway. Without it
    /// such an order is refused with code `needs_confirmation`, saying what it waits for, so
    /// nobody starts work the customer has not approved by a slip of the finger.
    pub async fn start_work_with(
        &self,
        actor: &Actor,
        number: &str,
        confirm: bool,
    ) -> Result<OrderView> {
        actor.require(Guard::WORK)?;
        let employee = worker(actor)?;
        let (mut tx, row, at) = self.begin_order_change(number, None).await?;
        if let Some(running) = work::running_for(&mut *tx, employee).await? {
            let other = orders::by_pk(&mut *tx, running.order_pk)
                .await?
                .map(|o| o.number);
            return Err(AppError::new(
                ErrorCode::Conflict,
                match other {
                    Some(o) if o == row.number => format!("your timer already runs on {o}"),
                    Some(o) => format!("your timer runs on {o}; pause it there first"),
                    None => "your timer runs on another order; pause it first".to_owned(),
                },
                Some("number"),
            ));
        }
        let status = row.status;
        if status == OrderStatus::WaitingForCustomer && !confirm {
            return Err(awaits_approval(&mut tx, &row).await?);
        }
        // The timer first, before this transaction holds anything else: a start of the same
        // mechanic's timer at another seat then waits here for that seat's commit and is
        // refused, instead of the two waiting for each other (the order row, the outbox lock).
        work::open(&mut tx, row.pk, employee, &at)
            .await
            .map_err(timer_taken)?;
        if status != OrderStatus::InProgress {
            change_status_in(
                &mut tx,
                actor,
                &row.number,
                OrderStatus::InProgress,
                None,
                &at,
            )
            .await?;
        }
        if row.mechanic_id.is_none() {
            work::set_mechanic(&mut tx, row.pk, employee).await?;
        }
        record_order_change(&mut tx, &at, actor, &row, "work_started", json!({})).await?;
        commit_order_view(tx, &row.number).await
    }

    /// Stops the signed-in mechanic's running timer on an order; the order stays in work.
    pub async fn pause_work(&self, actor: &Actor, number: &str) -> Result<OrderView> {
        actor.require(Guard::WORK)?;
        let employee = worker(actor)?;
        let (mut tx, row, at) = self.begin_order_change(number, None).await?;
        if work::close(&mut tx, row.pk, Some(employee), &at).await? == 0 {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!("your timer does not run on {}", row.number),
                Some("number"),
            ));
        }
        record_order_change(&mut tx, &at, actor, &row, "work_paused", json!({})).await?;
        commit_order_view(tx, &row.number).await
    }

    /// Ticks line `line_no` done (or open again with `done: false`).
    ///
    /// With `expected_version`, on the order as a seat saw it: a line is named by its number,
    /// so a tick on a view from before another seat changed the lines could hit another line;
    /// it is refused with `order_changed` instead (see `versions.rs`).
    pub async fn set_line_done(
        &self,
        actor: &Actor,
        number: &str,
        line_no: i64,
        done: bool,
        expected_version: Option<i64>,
    ) -> Result<OrderView> {
        actor.require(Guard::WORK)?;
        let (mut tx, row, at) = self.begin_order_change(number, expected_version).await?;
        let status = if done { "done" } else { "open" };
        if !work::set_line_status(&mut tx, row.pk, line_no, status).await? {
            return Err(AppError::not_found(
                "line_no",
                format!("{} has no line {line_no}", row.number),
            ));
        }
        record_order_change(
            &mut tx,
            &at,
            actor,
            &row,
            "line_status",
            json!({"line_no": line_no, "status": status}),
        )
        .await?;
        commit_order_view(tx, &row.number).await
    }

    /// Finishes an order: stops every running timer on it, records the closing fields, the
    /// completion time and the minutes worked, and moves it to done.
    ///
    /// With `expected_version`, on the order as the mechanic saw it: an order another seat
    /// changed since (a line added at the counter) is not finished unseen; the finish is
    /// refused with `order_changed` and the screen shows the order as it is now.
    pub async fn finish_work(
        &self,
        actor: &Actor,
        number: &str,
        closing: &ClosingInput,
        expected_version: Option<i64>,
    ) -> Result<OrderView> {
        actor.require(Guard::WORK)?;
        let resolution = optional_text("resolution", closing.resolution.as_deref(), 2000)?;
        let root_cause = optional_text("root_cause", closing.root_cause.as_deref(), 2000)?;
        let notes = optional_text("notes", closing.notes.as_deref(), 4000)?;
        let (mut tx, row, at) = self.begin_order_change(number, expected_version).await?;
        work::close(&mut tx, row.pk, None, &at).await?;
        change_status_in(&mut tx, actor, &row.number, OrderStatus::Done, None, &at).await?;
        let minutes: i64 = work::periods_of(&mut *tx, row.pk)
            .await?
            .iter()
            .map(|p| minutes_between(&p.started_at, p.ended_at.as_deref()))
            .sum();
        let before = work::closing(&mut *tx, row.pk).await?;
        let closed = ClosingRow {
            resolution,
            root_cause,
            closing_notes: notes,
            completed_at: Some(at.clone()),
            actual_minutes: Some(minutes),
            ..before
        };
        work::set_closing(&mut tx, row.pk, &closed).await?;
        let changes = json!({
            "resolution": closed.resolution, "root_cause": closed.root_cause,
            "notes": closed.closing_notes, "actual_minutes": minutes,
        });
        record_order_change(&mut tx, &at, actor, &row, "finished", changes).await?;
        commit_order_view(tx, &row.number).await
    }

    /// Deletes an order (managers only). It leaves every list and search; its number is
    /// never given out again, and its history stays.
    pub async fn delete_order(&self, actor: &Actor, number: &str) -> Result<()> {
        actor.require(Guard::DELETE)?;
        let (mut tx, row, at) = self.begin_order_change(number, None).await?;
        work::close(&mut tx, row.pk, None, &at).await?;
        work::soft_delete(&mut tx, row.pk, &at, &actor.name).await?;
        record_order_change(
            &mut tx,
            &at,
            actor,
            &row,
            "deleted",
            json!({"number": row.number}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The signed-in mechanic's job board: their open orders (the running one first, then
    /// today's, the waiting ones and later ones) and the unassigned queue (jobs that can be
    /// started first). It reads everything in a fixed number of queries, however many jobs
    /// it shows.
    pub async fn job_board(&self, actor: &Actor) -> Result<JobBoard> {
        let employee = worker(actor)?.to_owned();
        let now = self.clock.now();
        let mut conn = self.reader().await?;
        let store = crate::shop::current_store(&mut conn).await?;
        let mine_running = work::running_for(&mut conn, &employee).await?;
        let running = match &mine_running {
            Some(period) => orders::by_pk(&mut conn, period.order_pk)
                .await?
                .map(|o| o.number),
            None => None,
        };
        let mine_rows = board::rows(&mut conn, Some(&employee), BOARD_SIZE).await?;
        let queue_rows = board::rows(&mut conn, None, BOARD_SIZE).await?;
        let pks: Vec<i64> = mine_rows.iter().chain(&queue_rows).map(|r| r.pk).collect();
        let periods = board::periods(&mut conn, &pks).await?;
        let place = BoardPlace {
            store: &store,
            today: crate::shop::shop_date(&store, now),
            running: mine_running.as_ref(),
            periods: &periods,
        };
        let mut mine: Vec<_> = mine_rows.iter().map(|row| place.entry(row, true)).collect();
        mine.sort_by_key(|e| e.group);
        let mut unassigned: Vec<_> = queue_rows.iter().map(|r| place.entry(r, false)).collect();
        unassigned.sort_by_key(|e| e.status.status.is_waiting());
        Ok(JobBoard {
            mine,
            unassigned,
            running,
            now: stamp(now),
        })
    }
}

/// The refusal of starting an order that waits for the customer, with what it waits for.
async fn awaits_approval(tx: &mut Conn, row: &OrderRow) -> Result<AppError> {
    let waiting = work::closing(&mut *tx, row.pk).await?.waiting_reason;
    let why = waiting.map(|r| format!(" ({r})")).unwrap_or_default();
    Ok(AppError::new(
        ErrorCode::NeedsConfirmation,
        format!(
            "{} waits for the customer's approval{why}; start it only when they agreed",
            row.number
        ),
        Some("confirm"),
    ))
}

/// What a board entry needs besides its row: the shop's day, my running timer, the periods.
struct BoardPlace<'a> {
    store: &'a StoreRow,
    today: NaiveDate,
    running: Option<&'a WorkPeriodRow>,
    periods: &'a [WorkPeriodRow],
}

impl BoardPlace<'_> {
    fn entry(&self, row: &BoardRow, mine: bool) -> BoardEntry {
        let status = row.status;
        let running_since = self
            .running
            .filter(|p| p.order_pk == row.pk)
            .map(|p| p.started_at.clone());
        let worked = self
            .periods
            .iter()
            .filter(|p| p.order_pk == row.pk)
            .map(|p| minutes_between(&p.started_at, p.ended_at.as_deref()))
            .sum();
        let waiting = row.status.is_waiting();
        let group = if running_since.is_some() {
            BoardGroup::Running
        } else if !mine {
            BoardGroup::Queue
        } else if waiting {
            BoardGroup::Waiting
        } else if self.start_day(row).is_some_and(|day| day > self.today) {
            BoardGroup::Later
        } else {
            BoardGroup::Today
        };
        BoardEntry {
            number: row.number.clone(),
            status: status_view(status),
            customer_name: row.customer_name.clone(),
            object: object_title(row.brand.as_deref(), row.model.as_deref()),
            description: row.description.clone(),
            mechanic: row.mechanic_name.clone(),
            scheduled_start: row.scheduled_start.clone(),
            promised_date: row.promised_date.clone(),
            work_minutes: row.work_minutes,
            worked_minutes: worked,
            running_for_me: running_since.is_some(),
            lines_done: row.lines_done,
            lines: row.lines,
            promise_at_risk: crate::status_flow::promise_at_risk(
                row.promised_date.as_deref(),
                row.scheduled_finish.as_deref(),
                status,
                self.today,
            ),
            group,
            waiting_reason: row.waiting_reason.clone().filter(|_| waiting),
            running_since,
        }
    }

    /// The shop's day a planned order starts on (an all-day booking stores the date alone).
    fn start_day(&self, row: &BoardRow) -> Option<NaiveDate> {
        let start = row.scheduled_start.as_deref()?;
        if let Ok(day) = NaiveDate::parse_from_str(start, "%Y-%m-%d") {
            return Some(day);
        }
        let at = chrono::DateTime::parse_from_rfc3339(start).ok()?;
        Some(crate::shop::shop_date(self.store, at.to_utc()))
    }
}

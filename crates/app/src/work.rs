//! The mechanics' side: the job board, starting, pausing and resuming work (a timer per
//! mechanic per order; several periods add up; one running timer per mechanic, which the
//! database itself enforces), ticking lines done, and finishing with the closing fields.
//! Also deleting an order, which only a manager may do.

use jobcard_domain::{OrderStatus, optional_text};
use jobcard_store::sql::{audit_log, orders, outbox, parties, work};
use jobcard_store::{ClosingRow, NewAudit, NewOutbox, OrderRow, StoreError};
use serde_json::{Value, json};
use sqlx::SqliteConnection;

use crate::auth::Guard;
use crate::dto::{BoardEntry, ClosingInput, JobBoard, OrderView};
use crate::orders::change_status_in;
use crate::text::stamp;
use crate::views::{minutes_between, object_title, order_view, status_view};
use crate::{Actor, App, AppError, Result};

/// How many orders each part of the board shows.
const BOARD_SIZE: u32 = 50;

fn parse_number(number: &str) -> Result<String> {
    Ok(number
        .trim()
        .parse::<jobcard_domain::OrderNumber>()?
        .to_string())
}

/// The employee behind the actor: tracking work needs a person, not the machine's owner.
fn worker(actor: &Actor) -> Result<&str> {
    actor.employee_id.as_deref().ok_or_else(|| {
        AppError::new(
            "invalid_input",
            "work is tracked per employee; sign in (or pass --as NAME with JOBCARD_PIN)",
            Some("as"),
        )
    })
}

async fn order_row(tx: &mut SqliteConnection, number: &str) -> Result<OrderRow> {
    orders::by_number(&mut *tx, number)
        .await?
        .ok_or_else(|| AppError::not_found("number", format!("no order {number}")))
}

/// Writes the audit and outbox rows of a work change on `row`.
pub(crate) async fn record_order_change(
    tx: &mut SqliteConnection,
    at: &str,
    actor: &Actor,
    row: &OrderRow,
    action: &str,
    changes: Value,
) -> Result<()> {
    let audit = NewAudit {
        at,
        actor: &actor.name,
        entity: "order",
        entity_id: &row.id,
        action,
        changes,
    };
    audit_log::insert(tx, &audit).await?;
    let change = NewOutbox {
        created_at: at,
        entity: "order",
        entity_id: &row.id,
        operation: "updated",
        payload: json!({"number": row.number}),
    };
    outbox::insert(tx, &change).await?;
    Ok(())
}

impl App {
    /// Starts (or resumes) the signed-in mechanic's timer on an order, moving it into work.
    /// Refused while their timer runs on another order: one job at a time.
    pub async fn start_work(&self, actor: &Actor, number: &str) -> Result<OrderView> {
        actor.require(Guard::WORK)?;
        let employee = worker(actor)?;
        let number = parse_number(number)?;
        let at = stamp(self.clock.now());
        let mut tx = self.store.begin_write().await?;
        let row = order_row(&mut tx, &number).await?;
        if let Some(running) = work::running_for(&mut *tx, employee).await? {
            let other = orders::by_pk(&mut *tx, running.order_pk)
                .await?
                .map(|o| o.number);
            return Err(AppError::new(
                "conflict",
                match other {
                    Some(o) if o == number => format!("your timer already runs on {o}"),
                    Some(o) => format!("your timer runs on {o}; pause it there first"),
                    None => "your timer runs on another order; pause it first".to_owned(),
                },
                Some("number"),
            ));
        }
        let status: OrderStatus = row.status.parse()?;
        if status != OrderStatus::InProgress {
            change_status_in(&mut tx, actor, &number, OrderStatus::InProgress, None, &at).await?;
        }
        if row.mechanic_id.is_none() {
            work::set_mechanic(&mut tx, row.pk, employee).await?;
        }
        work::open(&mut tx, row.pk, employee, &at).await?;
        record_order_change(&mut tx, &at, actor, &row, "work_started", json!({})).await?;
        self.finish_tx(tx, &number).await
    }

    /// Stops the signed-in mechanic's running timer on an order; the order stays in work.
    pub async fn pause_work(&self, actor: &Actor, number: &str) -> Result<OrderView> {
        actor.require(Guard::WORK)?;
        let employee = worker(actor)?;
        let number = parse_number(number)?;
        let at = stamp(self.clock.now());
        let mut tx = self.store.begin_write().await?;
        let row = order_row(&mut tx, &number).await?;
        if work::close(&mut tx, row.pk, Some(employee), &at).await? == 0 {
            return Err(AppError::new(
                "conflict",
                format!("your timer does not run on {number}"),
                Some("number"),
            ));
        }
        record_order_change(&mut tx, &at, actor, &row, "work_paused", json!({})).await?;
        self.finish_tx(tx, &number).await
    }

    /// Ticks line `line_no` done (or open again with `done: false`).
    pub async fn set_line_done(
        &self,
        actor: &Actor,
        number: &str,
        line_no: i64,
        done: bool,
    ) -> Result<OrderView> {
        actor.require(Guard::WORK)?;
        let number = parse_number(number)?;
        let at = stamp(self.clock.now());
        let mut tx = self.store.begin_write().await?;
        let row = order_row(&mut tx, &number).await?;
        let status = if done { "done" } else { "open" };
        if !work::set_line_status(&mut tx, row.pk, line_no, status).await? {
            return Err(AppError::not_found(
                "line_no",
                format!("{number} has no line {line_no}"),
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
        self.finish_tx(tx, &number).await
    }

    /// Finishes an order: stops every running timer on it, records the closing fields, the
    /// completion time and the minutes worked, and moves it to done.
    pub async fn finish_work(
        &self,
        actor: &Actor,
        number: &str,
        closing: &ClosingInput,
    ) -> Result<OrderView> {
        actor.require(Guard::WORK)?;
        let resolution = optional_text("resolution", closing.resolution.as_deref(), 2000)?;
        let root_cause = optional_text("root_cause", closing.root_cause.as_deref(), 2000)?;
        let notes = optional_text("notes", closing.notes.as_deref(), 4000)?;
        let number = parse_number(number)?;
        let at = stamp(self.clock.now());
        let mut tx = self.store.begin_write().await?;
        let row = order_row(&mut tx, &number).await?;
        work::close(&mut tx, row.pk, None, &at).await?;
        change_status_in(&mut tx, actor, &number, OrderStatus::Done, None, &at).await?;
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
        self.finish_tx(tx, &number).await
    }

    /// Deletes an order (managers only). It leaves every list and search; its number is
    /// never given out again, and its history stays.
    pub async fn delete_order(&self, actor: &Actor, number: &str) -> Result<()> {
        actor.require(Guard::DELETE)?;
        let number = parse_number(number)?;
        let at = stamp(self.clock.now());
        let mut tx = self.store.begin_write().await?;
        let row = order_row(&mut tx, &number).await?;
        work::close(&mut tx, row.pk, None, &at).await?;
        work::soft_delete(&mut tx, row.pk, &at, &actor.name).await?;
        record_order_change(
            &mut tx,
            &at,
            actor,
            &row,
            "deleted",
            json!({"number": number}),
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// The signed-in mechanic's job board: their open orders and the unassigned ones.
    pub async fn job_board(&self, actor: &Actor) -> Result<JobBoard> {
        let employee = worker(actor)?.to_owned();
        let mut conn = self.reader().await?;
        let today = crate::intake::shop_date(
            &crate::intake::current_store(&mut conn).await?,
            self.clock.now(),
        );
        let running = match work::running_for(&mut *conn, &employee).await? {
            Some(period) => orders::by_pk(&mut *conn, period.order_pk)
                .await?
                .map(|o| o.number),
            None => None,
        };
        let mut parts = Vec::new();
        for mechanic in [Some(employee.as_str()), None] {
            let mut entries = Vec::new();
            for pk in work::board(&mut *conn, mechanic, BOARD_SIZE).await? {
                if let Some(row) = orders::by_pk(&mut *conn, pk).await? {
                    entries.push(board_entry(&mut conn, &row, running.as_deref(), today).await?);
                }
            }
            parts.push(entries);
        }
        let unassigned = parts.pop().unwrap_or_default();
        let mine = parts.pop().unwrap_or_default();
        Ok(JobBoard {
            mine,
            unassigned,
            running,
        })
    }

    /// Commits a work change and returns the order as it is now.
    async fn finish_tx(&self, mut tx: jobcard_store::WriteTx, number: &str) -> Result<OrderView> {
        let row = order_row(&mut tx, number).await?;
        let view = order_view(&mut tx, &row).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(view)
    }
}

async fn board_entry(
    conn: &mut SqliteConnection,
    row: &OrderRow,
    running: Option<&str>,
    today: chrono::NaiveDate,
) -> Result<BoardEntry> {
    let status: jobcard_domain::OrderStatus = row.status.parse()?;
    let customer = parties::customer_by_id(&mut *conn, &row.customer_id).await?;
    let object = parties::repair_object_by_id(&mut *conn, &row.repair_object_id).await?;
    let mechanic = match &row.mechanic_id {
        Some(id) => parties::employee_by_id(&mut *conn, id)
            .await?
            .map(|e| e.name),
        None => None,
    };
    let lines = orders::lines(&mut *conn, row.pk).await?;
    let worked: i64 = work::periods_of(&mut *conn, row.pk)
        .await?
        .iter()
        .map(|p| minutes_between(&p.started_at, p.ended_at.as_deref()))
        .sum();
    Ok(BoardEntry {
        number: row.number.clone(),
        status: status_view(row.status.parse()?),
        customer_name: customer.map(|c| c.name).unwrap_or_default(),
        object: object
            .map(|o| object_title(o.brand.as_deref(), o.model.as_deref()))
            .unwrap_or_default(),
        description: row.description.clone(),
        mechanic,
        scheduled_start: row.scheduled_start.clone(),
        promised_date: row.promised_date.clone(),
        work_minutes: row.work_minutes,
        worked_minutes: worked,
        running_for_me: running == Some(row.number.as_str()),
        lines_done: lines.iter().filter(|l| l.status == "done").count() as i64,
        lines: lines.len() as i64,
        promise_at_risk: crate::orders::promise_at_risk(
            row.promised_date.as_deref(),
            row.scheduled_finish.as_deref(),
            status,
            today,
        ),
    })
}

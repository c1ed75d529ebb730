//! Work periods (time tracking) and the closing fields of an order.

use crate::db::query::{Conn, Exec, query, query_as};

use crate::Result;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct WorkPeriodRow {
    pub id: i64,
    pub order_pk: i64,
    pub employee_id: String,
    pub employee_name: String,
    pub started_at: String,
    pub ended_at: Option<String>,
}

/// How an order was closed, and why it waits.
#[derive(Debug, Clone, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct ClosingRow {
    pub waiting_reason: Option<String>,
    pub resolution: Option<String>,
    pub root_cause: Option<String>,
    pub closing_notes: Option<String>,
    pub completed_at: Option<String>,
    pub actual_minutes: Option<i64>,
}

const PERIOD_SELECT: &str = "SELECT w.id, w.order_pk, w.employee_id, e.name AS employee_name,
        w.started_at, w.ended_at
     FROM work_periods w JOIN employees e ON e.id = w.employee_id";

/// The period `employee_id` is working in now, on any order.
pub async fn running_for<'c>(
    db: impl Exec<'c>,
    employee_id: &str,
) -> Result<Option<WorkPeriodRow>> {
    Ok(query_as(sqlx::AssertSqlSafe(format!(
        "{PERIOD_SELECT} WHERE w.employee_id = $1 AND w.ended_at IS NULL"
    )))
    .bind(employee_id)
    .fetch_optional(db)
    .await?)
}

/// Every period of an order, oldest first.
pub async fn periods_of<'c>(db: impl Exec<'c>, order_pk: i64) -> Result<Vec<WorkPeriodRow>> {
    Ok(query_as(sqlx::AssertSqlSafe(format!(
        "{PERIOD_SELECT} WHERE w.order_pk = $1 ORDER BY w.id"
    )))
    .bind(order_pk)
    .fetch_all(db)
    .await?)
}

/// Starts a period. The database refuses a second running period of one employee.
pub async fn open(conn: &mut Conn, order_pk: i64, employee_id: &str, at: &str) -> Result<()> {
    query("INSERT INTO work_periods (order_pk, employee_id, started_at) VALUES ($1, $2, $3)")
        .bind(order_pk)
        .bind(employee_id)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends the running periods of an order (of one employee, or everyone's).
pub async fn close(
    conn: &mut Conn,
    order_pk: i64,
    employee_id: Option<&str>,
    at: &str,
) -> Result<u64> {
    let done = query(
        "UPDATE work_periods SET ended_at = $1
         WHERE order_pk = $2 AND ended_at IS NULL AND ($3 IS NULL OR employee_id = $3)",
    )
    .bind(at)
    .bind(order_pk)
    .bind(employee_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

pub async fn closing<'c>(db: impl Exec<'c>, order_pk: i64) -> Result<ClosingRow> {
    Ok(query_as(
        "SELECT waiting_reason, resolution, root_cause, closing_notes, completed_at, actual_minutes
         FROM orders WHERE pk = $1",
    )
    .bind(order_pk)
    .fetch_one(db)
    .await?)
}

pub async fn set_closing(conn: &mut Conn, order_pk: i64, row: &ClosingRow) -> Result<()> {
    query(
        "UPDATE orders SET resolution = $1, root_cause = $2, closing_notes = $3, completed_at = $4,
             actual_minutes = $5 WHERE pk = $6",
    )
    .bind(&row.resolution)
    .bind(&row.root_cause)
    .bind(&row.closing_notes)
    .bind(&row.completed_at)
    .bind(row.actual_minutes)
    .bind(order_pk)
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks line `line_no` of an order done or open again; false when there is no such line.
pub async fn set_line_status(
    conn: &mut Conn,
    order_pk: i64,
    line_no: i64,
    status: &str,
) -> Result<bool> {
    let done = query("UPDATE order_lines SET status = $1 WHERE order_pk = $2 AND line_no = $3")
        .bind(status)
        .bind(order_pk)
        .bind(line_no)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_mechanic(conn: &mut Conn, order_pk: i64, employee_id: &str) -> Result<()> {
    query("UPDATE orders SET mechanic_id = $1 WHERE pk = $2")
        .bind(employee_id)
        .bind(order_pk)
        .execute(conn)
        .await?;
    Ok(())
}

/// Soft-deletes an order: it leaves every list, its number is never reused.
pub async fn soft_delete(conn: &mut Conn, order_pk: i64, at: &str, by: &str) -> Result<()> {
    query("UPDATE orders SET deleted_at = $1, updated_at = $2, updated_by = $3 WHERE pk = $4")
        .bind(at)
        .bind(at)
        .bind(by)
        .bind(order_pk)
        .execute(conn)
        .await?;
    Ok(())
}

/// Plans an order: mechanic, start (a time or a date), all-day flag and derived finish.
pub async fn set_schedule(
    conn: &mut Conn,
    order_pk: i64,
    mechanic_id: Option<&str>,
    start: Option<&str>,
    all_day: bool,
    finish: Option<&str>,
) -> Result<()> {
    query(
        "UPDATE orders SET mechanic_id = $1, scheduled_start = $2, scheduled_all_day = $3,
             scheduled_finish = $4 WHERE pk = $5",
    )
    .bind(mechanic_id)
    .bind(start)
    .bind(all_day)
    .bind(finish)
    .bind(order_pk)
    .execute(conn)
    .await?;
    Ok(())
}

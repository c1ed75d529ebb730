//! Trading hours, working hours and absences: the raw rows the planner is built from.

use crate::db::query::{Conn, Exec, query, query_as};
use jobcard_domain::OrderStatus;

use crate::Result;

/// One opening span of a weekday (0 = Monday), minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct HoursRow {
    pub weekday: i64,
    pub opens: i64,
    pub closes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AbsenceRow {
    pub from_date: String,
    pub to_date: String,
}

pub async fn trading<'c>(db: impl Exec<'c>, store_id: &str) -> Result<Vec<HoursRow>> {
    Ok(query_as("SELECT weekday, opens, closes FROM trading_hours WHERE store_id = $1 ORDER BY weekday, opens")
        .bind(store_id)
        .fetch_all(db)
        .await?)
}

pub async fn working<'c>(db: impl Exec<'c>, employee_id: &str) -> Result<Vec<HoursRow>> {
    Ok(query_as("SELECT weekday, opens, closes FROM working_hours WHERE employee_id = $1 ORDER BY weekday, opens")
        .bind(employee_id)
        .fetch_all(db)
        .await?)
}

pub async fn absences<'c>(db: impl Exec<'c>, employee_id: &str) -> Result<Vec<AbsenceRow>> {
    Ok(query_as(
        "SELECT from_date, to_date FROM absences WHERE employee_id = $1 ORDER BY from_date",
    )
    .bind(employee_id)
    .fetch_all(db)
    .await?)
}

/// A working-hours row with its employee.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EmployeeHoursRow {
    pub employee_id: String,
    pub weekday: i64,
    pub opens: i64,
    pub closes: i64,
}

/// An absence with its employee.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EmployeeAbsenceRow {
    pub employee_id: String,
    pub from_date: String,
    pub to_date: String,
}

/// Every employee's working hours in one query (the calendar shows all mechanics at once).
pub async fn working_of_all<'c>(db: impl Exec<'c>) -> Result<Vec<EmployeeHoursRow>> {
    Ok(query_as(
        "SELECT employee_id, weekday, opens, closes FROM working_hours
         ORDER BY employee_id, weekday, opens",
    )
    .fetch_all(db)
    .await?)
}

/// Every employee's absences in one query, by start.
pub async fn absences_of_all<'c>(db: impl Exec<'c>) -> Result<Vec<EmployeeAbsenceRow>> {
    Ok(query_as(
        "SELECT employee_id, from_date, to_date FROM absences ORDER BY employee_id, from_date",
    )
    .fetch_all(db)
    .await?)
}

pub async fn replace_working(conn: &mut Conn, employee_id: &str, rows: &[HoursRow]) -> Result<()> {
    query("DELETE FROM working_hours WHERE employee_id = $1")
        .bind(employee_id)
        .execute(&mut *conn)
        .await?;
    for row in rows {
        query(
            "INSERT INTO working_hours (employee_id, weekday, opens, closes) VALUES ($1, $2, $3, $4)",
        )
        .bind(employee_id)
        .bind(row.weekday)
        .bind(row.opens)
        .bind(row.closes)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn add_absence(
    conn: &mut Conn,
    employee_id: &str,
    from: &str,
    to: &str,
    reason: Option<&str>,
) -> Result<()> {
    query("INSERT INTO absences (employee_id, from_date, to_date, reason) VALUES ($1, $2, $3, $4)")
        .bind(employee_id)
        .bind(from)
        .bind(to)
        .bind(reason)
        .execute(conn)
        .await?;
    Ok(())
}

/// Open orders planned on `employee_id` at a time (not all-day): (scheduled_start, work_minutes).
pub async fn bookings<'c>(
    db: impl Exec<'c>,
    employee_id: &str,
) -> Result<Vec<(String, i64, String)>> {
    Ok(query_as(
        "SELECT scheduled_start, work_minutes, number FROM orders
         WHERE mechanic_id = $1 AND deleted_at IS NULL AND scheduled_start IS NOT NULL
           AND scheduled_all_day = FALSE
           AND status IN ('intake', 'scheduled', 'in_progress', 'waiting_for_parts', 'waiting_for_customer')",
    )
    .bind(employee_id)
    .fetch_all(db)
    .await?)
}

/// A planned or unplanned open order, as the calendar shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlannedRow {
    pub number: String,
    pub customer_name: String,
    pub description: String,
    #[sqlx(try_from = "crate::Parsed<OrderStatus>")]
    pub status: OrderStatus,
    pub work_minutes: i64,
    pub mechanic_id: Option<String>,
    pub scheduled_start: Option<String>,
    pub scheduled_all_day: bool,
    /// The order's version, which a drag on the calendar sends back (issue 14).
    pub version: i64,
}

/// Open orders planned on anyone, and the unplanned backlog (no start), newest first.
pub async fn open_orders<'c>(db: impl Exec<'c>, limit: u32) -> Result<Vec<PlannedRow>> {
    Ok(query_as(
        "SELECT o.number, c.name AS customer_name, o.description, o.status, o.work_minutes,
                o.mechanic_id, o.scheduled_start, o.scheduled_all_day, o.version
         FROM orders o JOIN customers c ON c.id = o.customer_id
         WHERE o.deleted_at IS NULL
           AND o.status IN ('intake', 'scheduled', 'in_progress', 'waiting_for_parts', 'waiting_for_customer')
         ORDER BY o.pk DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db)
    .await?)
}

pub async fn replace_trading(conn: &mut Conn, store_id: &str, rows: &[HoursRow]) -> Result<()> {
    query("DELETE FROM trading_hours WHERE store_id = $1")
        .bind(store_id)
        .execute(&mut *conn)
        .await?;
    for row in rows {
        query(
            "INSERT INTO trading_hours (store_id, weekday, opens, closes) VALUES ($1, $2, $3, $4)",
        )
        .bind(store_id)
        .bind(row.weekday)
        .bind(row.opens)
        .bind(row.closes)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AbsenceListRow {
    pub id: i64,
    pub employee: String,
    pub from_date: String,
    pub to_date: String,
    pub reason: Option<String>,
}

/// Absences that end on or after `from`, by start.
pub async fn absences_from<'c>(db: impl Exec<'c>, from: &str) -> Result<Vec<AbsenceListRow>> {
    Ok(query_as(
        "SELECT a.id, e.name AS employee, a.from_date, a.to_date, a.reason
         FROM absences a JOIN employees e ON e.id = a.employee_id
         WHERE a.to_date >= $1 ORDER BY a.from_date, e.name",
    )
    .bind(from)
    .fetch_all(db)
    .await?)
}

pub async fn remove_absence(conn: &mut Conn, id: i64) -> Result<bool> {
    let done = query("DELETE FROM absences WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

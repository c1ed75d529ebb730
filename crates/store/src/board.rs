//! What the mechanics' job board reads: the open orders of one mechanic and the unassigned
//! queue, each with its customer, bike, mechanic and line counts in one row, and the work
//! periods of all of them in one more query. The board costs a fixed number of queries,
//! however many jobs it shows.

use crate::Result;
use crate::db::query::{Exec, query_as};
use crate::work::WorkPeriodRow;
use jobcard_domain::OrderStatus;

/// One open order as the board shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BoardRow {
    pub pk: i64,
    pub number: String,
    #[sqlx(try_from = "crate::Parsed<OrderStatus>")]
    pub status: OrderStatus,
    pub customer_name: String,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub description: String,
    pub mechanic_name: Option<String>,
    pub scheduled_start: Option<String>,
    pub scheduled_finish: Option<String>,
    pub promised_date: Option<String>,
    pub work_minutes: i64,
    pub waiting_reason: Option<String>,
    pub lines: i64,
    pub lines_done: i64,
}

const BOARD_SELECT: &str = "SELECT o.pk, o.number, o.status, c.name AS customer_name, r.brand,
        r.model, o.description, e.name AS mechanic_name, o.scheduled_start, o.scheduled_finish,
        o.promised_date, o.work_minutes, o.waiting_reason,
        (SELECT count(*) FROM order_lines l WHERE l.order_pk = o.pk) AS lines,
        (SELECT count(*) FROM order_lines l WHERE l.order_pk = o.pk AND l.status = 'done')
            AS lines_done
     FROM orders o
     JOIN customers c ON c.id = o.customer_id
     JOIN repair_objects r ON r.id = o.repair_object_id
     LEFT JOIN employees e ON e.id = o.mechanic_id";

/// Open orders for the job board: those of `mechanic_id`, or the unassigned ones when `None`;
/// planned ones first by their start, then the rest newest first.
pub async fn rows<'c>(
    db: impl Exec<'c>,
    mechanic_id: Option<&str>,
    limit: u32,
) -> Result<Vec<BoardRow>> {
    // Numbered parameters only: sqlx binds an anonymous `?` by its own count, not SQLite's.
    let filter = if mechanic_id.is_some() {
        "o.mechanic_id = $1"
    } else {
        "o.mechanic_id IS NULL AND $1 IS NULL"
    };
    Ok(query_as(sqlx::AssertSqlSafe(format!(
        "{BOARD_SELECT}
         WHERE {filter} AND o.deleted_at IS NULL
           AND o.status IN ('intake', 'scheduled', 'in_progress', 'waiting_for_parts', 'waiting_for_customer')
         ORDER BY o.scheduled_start IS NULL, o.scheduled_start, o.pk DESC LIMIT $2"
    )))
    .bind(mechanic_id)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

/// Every work period of the orders `order_pks`, oldest first, in one query.
pub async fn periods<'c>(db: impl Exec<'c>, order_pks: &[i64]) -> Result<Vec<WorkPeriodRow>> {
    let pks = serde_json::to_string(order_pks).unwrap_or_else(|_| "[]".to_owned());
    Ok(query_as(
        "SELECT w.id, w.order_pk, w.employee_id, e.name AS employee_name, w.started_at, w.ended_at
         FROM work_periods w JOIN employees e ON e.id = w.employee_id
         WHERE w.order_pk IN (SELECT value FROM json_each($1))
         ORDER BY w.id",
    )
    .postgres(
        "SELECT w.id, w.order_pk, w.employee_id, e.name AS employee_name, w.started_at, w.ended_at
         FROM work_periods w JOIN employees e ON e.id = w.employee_id
         WHERE w.order_pk IN (SELECT value::bigint FROM json_array_elements_text($1::json))
         ORDER BY w.id",
    )
    .bind(pks)
    .fetch_all(db)
    .await?)
}

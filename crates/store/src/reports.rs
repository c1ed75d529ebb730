//! Aggregates over a period of order dates, for the manager's reports. Sums are SQLite
//! integer sums of cents, which are exact (and raise an error rather than overflow).

use crate::Result;
use crate::db::query::{Exec, query_as};
use jobcard_domain::OrderStatus;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StatusCountRow {
    #[sqlx(try_from = "crate::Parsed<OrderStatus>")]
    pub status: OrderStatus,
    pub orders: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RateSumRow {
    pub vat_rate_bp: i64,
    pub gross_cents: i64,
    pub vat_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MechanicLoadRow {
    pub mechanic: Option<String>,
    pub orders: i64,
    pub work_minutes: i64,
}

/// Live orders per status with an order date in `from..=to` (`YYYY-MM-DD`).
pub async fn status_counts<'c>(
    db: impl Exec<'c>,
    from: &str,
    to: &str,
) -> Result<Vec<StatusCountRow>> {
    Ok(query_as(
        "SELECT status, count(*) AS orders FROM orders
         WHERE deleted_at IS NULL AND order_date BETWEEN $1 AND $2
         GROUP BY status",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?)
}

/// Line totals and VAT per rate of the live, not cancelled orders in the period.
pub async fn rate_sums<'c>(db: impl Exec<'c>, from: &str, to: &str) -> Result<Vec<RateSumRow>> {
    Ok(query_as(
        "SELECT l.vat_rate_bp, CAST(sum(l.total_cents) AS BIGINT) AS gross_cents, CAST(sum(l.vat_cents) AS BIGINT) AS vat_cents
         FROM orders o JOIN order_lines l ON l.order_pk = o.pk
         WHERE o.deleted_at IS NULL AND o.status <> 'cancelled' AND o.order_date BETWEEN $1 AND $2
         GROUP BY l.vat_rate_bp ORDER BY l.vat_rate_bp",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?)
}

/// Orders and planned work minutes per mechanic (`None`: not yet assigned) of the live, not
/// cancelled orders in the period.
pub async fn mechanic_loads<'c>(
    db: impl Exec<'c>,
    from: &str,
    to: &str,
) -> Result<Vec<MechanicLoadRow>> {
    Ok(query_as(
        "SELECT e.name AS mechanic, count(*) AS orders, CAST(sum(o.work_minutes) AS BIGINT) AS work_minutes
         FROM orders o LEFT JOIN employees e ON e.id = o.mechanic_id
         WHERE o.deleted_at IS NULL AND o.status <> 'cancelled' AND o.order_date BETWEEN $1 AND $2
         GROUP BY o.mechanic_id, e.name ORDER BY e.name IS NULL, e.name",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?)
}

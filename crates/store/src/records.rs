//! The counter's records after intake: changing an order's header (who, which bike, the job
//! text and dates), a customer's contact and a bike's details, and the order histories the
//! customer and bike pages show. Each history is one query, whatever the number of orders.

use sqlx::SqliteConnection;
use sqlx::sqlite::SqliteExecutor;

use crate::parties::{CustomerRow, RepairObjectRow};
use crate::{OrderRow, Result};

/// The fields of an order's header that the counter may change after saving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderRow {
    pub customer_id: String,
    pub repair_object_id: String,
    pub description: String,
    pub promised_date: Option<String>,
    pub own_reference: Option<String>,
    pub loan_object: Option<String>,
}

/// One order in a customer's or a bike's history, with its bike and customer named.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HistoryRow {
    pub number: String,
    pub status: String,
    pub order_date: String,
    pub description: String,
    pub total_cents: i64,
    pub promised_date: Option<String>,
    pub waiting_reason: Option<String>,
    pub customer_id: String,
    pub customer_name: String,
    pub repair_object_id: String,
    pub brand: Option<String>,
    pub model: Option<String>,
}

/// Rewrites the header of order `pk`.
pub async fn set_header(
    conn: &mut SqliteConnection,
    pk: i64,
    header: &HeaderRow,
    at: &str,
    by: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE orders SET customer_id = ?, repair_object_id = ?, description = ?, promised_date = ?,
            own_reference = ?, loan_object = ?, updated_at = ?, updated_by = ?
         WHERE pk = ? AND deleted_at IS NULL",
    )
    .bind(&header.customer_id)
    .bind(&header.repair_object_id)
    .bind(&header.description)
    .bind(&header.promised_date)
    .bind(&header.own_reference)
    .bind(&header.loan_object)
    .bind(at)
    .bind(by)
    .bind(pk)
    .execute(conn)
    .await?;
    Ok(())
}

/// Rewrites a customer's contact (everything but the id and creation time).
pub async fn update_customer(conn: &mut SqliteConnection, row: &CustomerRow) -> Result<()> {
    sqlx::query(
        "UPDATE customers SET name = ?, phone = ?, phone_digits = ?, email = ?, address = ?, notes = ?,
            updated_at = ?
         WHERE id = ?",
    )
    .bind(&row.name)
    .bind(&row.phone)
    .bind(&row.phone_digits)
    .bind(&row.email)
    .bind(&row.address)
    .bind(&row.notes)
    .bind(&row.updated_at)
    .bind(&row.id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Rewrites a repair object's details (everything but the id, owner and creation time).
pub async fn update_repair_object(
    conn: &mut SqliteConnection,
    row: &RepairObjectRow,
) -> Result<()> {
    sqlx::query(
        "UPDATE repair_objects SET kind = ?, brand = ?, model = ?, year = ?, colour = ?,
            frame_number = ?, frame_key = ?, licence_plate = ?, barcode = ?, updated_at = ?
         WHERE id = ?",
    )
    .bind(&row.kind)
    .bind(&row.brand)
    .bind(&row.model)
    .bind(row.year)
    .bind(&row.colour)
    .bind(&row.frame_number)
    .bind(&row.frame_key)
    .bind(&row.licence_plate)
    .bind(&row.barcode)
    .bind(&row.updated_at)
    .bind(&row.id)
    .execute(conn)
    .await?;
    Ok(())
}

const HISTORY_SELECT: &str =
    "SELECT o.number, o.status, o.order_date, o.description, o.total_cents,
        o.promised_date, o.waiting_reason, o.customer_id, c.name AS customer_name,
        o.repair_object_id, r.brand, r.model
     FROM orders o
     JOIN customers c ON c.id = o.customer_id
     JOIN repair_objects r ON r.id = o.repair_object_id";

/// The live orders of a customer, newest first, at most `limit`.
pub async fn orders_of_customer<'c>(
    db: impl SqliteExecutor<'c>,
    customer_id: &str,
    limit: u32,
) -> Result<Vec<HistoryRow>> {
    let sql = format!(
        "{HISTORY_SELECT} WHERE o.customer_id = ? AND o.deleted_at IS NULL ORDER BY o.pk DESC LIMIT ?"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(customer_id)
        .bind(limit)
        .fetch_all(db)
        .await?)
}

/// The live orders of a repair object, newest first, at most `limit`.
pub async fn orders_of_object<'c>(
    db: impl SqliteExecutor<'c>,
    object_id: &str,
    limit: u32,
) -> Result<Vec<HistoryRow>> {
    let sql = format!(
        "{HISTORY_SELECT} WHERE o.repair_object_id = ? AND o.deleted_at IS NULL ORDER BY o.pk DESC LIMIT ?"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(object_id)
        .bind(limit)
        .fetch_all(db)
        .await?)
}

/// The live orders naming customer `customer_id` or object `object_id`: the ones whose search
/// text changes when that record changes.
pub async fn orders_naming<'c>(
    db: impl SqliteExecutor<'c>,
    customer_id: Option<&str>,
    object_id: Option<&str>,
) -> Result<Vec<OrderRow>> {
    Ok(sqlx::query_as(
        "SELECT * FROM orders
         WHERE deleted_at IS NULL AND (customer_id = ?1 OR repair_object_id = ?2)",
    )
    .bind(customer_id)
    .bind(object_id)
    .fetch_all(db)
    .await?)
}

/// The customers of the live orders naming object `object_id` (see [`orders_naming`]).
pub async fn customers_of_object_orders<'c>(
    db: impl SqliteExecutor<'c>,
    object_id: &str,
) -> Result<Vec<CustomerRow>> {
    Ok(sqlx::query_as(
        "SELECT * FROM customers WHERE id IN
            (SELECT customer_id FROM orders WHERE repair_object_id = ? AND deleted_at IS NULL)",
    )
    .bind(object_id)
    .fetch_all(db)
    .await?)
}

/// The repair objects of the live orders of customer `customer_id` (see [`orders_naming`]).
pub async fn objects_of_customer_orders<'c>(
    db: impl SqliteExecutor<'c>,
    customer_id: &str,
) -> Result<Vec<RepairObjectRow>> {
    Ok(sqlx::query_as(
        "SELECT * FROM repair_objects WHERE id IN
            (SELECT repair_object_id FROM orders WHERE customer_id = ? AND deleted_at IS NULL)",
    )
    .bind(customer_id)
    .fetch_all(db)
    .await?)
}

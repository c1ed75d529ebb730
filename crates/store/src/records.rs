//! The counter's records after intake: changing an order's header (who, which bike, the job
//! text and dates), a customer's contact and a bike's details, and the order histories the
//! customer and bike pages show. Each history is one query, whatever the number of orders.

use crate::db::query::{Conn, Exec, query, query_as};
use jobcard_domain::OrderStatus;

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
    #[sqlx(try_from = "crate::Parsed<OrderStatus>")]
    pub status: OrderStatus,
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
    conn: &mut Conn,
    pk: i64,
    header: &HeaderRow,
    at: &str,
    by: &str,
) -> Result<()> {
    query(
        "UPDATE orders SET customer_id = $1, repair_object_id = $2, description = $3, promised_date = $4,
            own_reference = $5, loan_object = $6, updated_at = $7, updated_by = $8
         WHERE pk = $9 AND deleted_at IS NULL",
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
pub async fn update_customer(conn: &mut Conn, row: &CustomerRow) -> Result<()> {
    query(
        "UPDATE customers SET name = $1, phone = $2, phone_digits = $3, email = $4, address = $5, notes = $6,
            updated_at = $7
         WHERE id = $8",
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
pub async fn update_repair_object(conn: &mut Conn, row: &RepairObjectRow) -> Result<()> {
    query(
        "UPDATE repair_objects SET kind = $1, brand = $2, model = $3, year = $4, colour = $5,
            frame_number = $6, frame_key = $7, licence_plate = $8, barcode = $9, updated_at = $10
         WHERE id = $11",
    )
    .bind(row.kind)
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
    db: impl Exec<'c>,
    customer_id: &str,
    limit: u32,
) -> Result<Vec<HistoryRow>> {
    let sql = format!(
        "{HISTORY_SELECT} WHERE o.customer_id = $1 AND o.deleted_at IS NULL ORDER BY o.pk DESC LIMIT $2"
    );
    Ok(query_as(sqlx::AssertSqlSafe(sql))
        .bind(customer_id)
        .bind(limit)
        .fetch_all(db)
        .await?)
}

/// The live orders of a repair object, newest first, at most `limit`.
pub async fn orders_of_object<'c>(
    db: impl Exec<'c>,
    object_id: &str,
    limit: u32,
) -> Result<Vec<HistoryRow>> {
    let sql = format!(
        "{HISTORY_SELECT} WHERE o.repair_object_id = $1 AND o.deleted_at IS NULL ORDER BY o.pk DESC LIMIT $2"
    );
    Ok(query_as(sqlx::AssertSqlSafe(sql))
        .bind(object_id)
        .bind(limit)
        .fetch_all(db)
        .await?)
}

/// The live orders naming customer `customer_id` or object `object_id`: the ones whose search
/// text changes when that record changes.
pub async fn orders_naming<'c>(
    db: impl Exec<'c>,
    customer_id: Option<&str>,
    object_id: Option<&str>,
) -> Result<Vec<OrderRow>> {
    Ok(query_as(
        "SELECT * FROM orders
         WHERE deleted_at IS NULL AND (customer_id = $1 OR repair_object_id = $2)",
    )
    .bind(customer_id)
    .bind(object_id)
    .fetch_all(db)
    .await?)
}

/// The customers of the live orders naming object `object_id` (see [`orders_naming`]).
pub async fn customers_of_object_orders<'c>(
    db: impl Exec<'c>,
    object_id: &str,
) -> Result<Vec<CustomerRow>> {
    Ok(query_as(
        "SELECT * FROM customers WHERE id IN
            (SELECT customer_id FROM orders WHERE repair_object_id = $1 AND deleted_at IS NULL)",
    )
    .bind(object_id)
    .fetch_all(db)
    .await?)
}

/// The repair objects of the live orders of customer `customer_id` (see [`orders_naming`]).
pub async fn objects_of_customer_orders<'c>(
    db: impl Exec<'c>,
    customer_id: &str,
) -> Result<Vec<RepairObjectRow>> {
    Ok(query_as(
        "SELECT * FROM repair_objects WHERE id IN
            (SELECT repair_object_id FROM orders WHERE customer_id = $1 AND deleted_at IS NULL)",
    )
    .bind(customer_id)
    .fetch_all(db)
    .await?)
}

//! Customers, their repair objects, employees and the shop's stores.

use crate::db::query::{Conn, Exec, query, query_as};
use jobcard_domain::{ObjectKind, Roles};

use crate::Result;

#[derive(Debug, Clone, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct StoreRow {
    pub id: String,
    pub name: String,
    pub address: Option<String>,
    pub vat_number: Option<String>,
    pub coc_number: Option<String>,
    pub time_zone: String,
    pub created_at: String,
}

impl StoreRow {
    /// The store's time zone; Amsterdam when the stored name is not one (the settings check
    /// the name, so only a hand-edited database has such a value).
    pub fn zone(&self) -> chrono_tz::Tz {
        zone_named(&self.time_zone)
    }
}

/// The time zone a store's stored name means; Amsterdam when it is not one (see
/// [`StoreRow::zone`]).
pub fn zone_named(name: &str) -> chrono_tz::Tz {
    name.parse().unwrap_or(chrono_tz::Europe::Amsterdam)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EmployeeRow {
    pub id: String,
    pub name: String,
    #[sqlx(try_from = "crate::Parsed<Roles>")]
    pub roles: Roles,
    pub active: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CustomerRow {
    pub id: String,
    pub name: String,
    pub phone: Option<String>,
    pub phone_digits: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RepairObjectRow {
    pub id: String,
    pub owner_id: Option<String>,
    #[sqlx(try_from = "crate::Parsed<ObjectKind>")]
    pub kind: ObjectKind,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub year: Option<i32>,
    pub colour: Option<String>,
    pub frame_number: Option<String>,
    pub frame_key: Option<String>,
    pub licence_plate: Option<String>,
    pub barcode: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

pub async fn insert_store(conn: &mut Conn, row: &StoreRow) -> Result<()> {
    query(
        "INSERT INTO stores (id, name, address, vat_number, coc_number, time_zone, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&row.id)
    .bind(&row.name)
    .bind(&row.address)
    .bind(&row.vat_number)
    .bind(&row.coc_number)
    .bind(&row.time_zone)
    .bind(&row.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The first store created: the one new orders belong to until issue 3 adds a store picker.
pub async fn default_store<'c>(db: impl Exec<'c>) -> Result<Option<StoreRow>> {
    Ok(
        query_as("SELECT * FROM stores ORDER BY created_at, id LIMIT 1")
            .fetch_optional(db)
            .await?,
    )
}

pub async fn store_by_id<'c>(db: impl Exec<'c>, id: &str) -> Result<Option<StoreRow>> {
    Ok(query_as("SELECT * FROM stores WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?)
}

pub async fn insert_employee(conn: &mut Conn, row: &EmployeeRow) -> Result<()> {
    query(
        "INSERT INTO employees (id, name, roles, active, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&row.id)
    .bind(&row.name)
    .bind(&row.roles)
    .bind(row.active)
    .bind(&row.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn employee_by_name<'c>(db: impl Exec<'c>, name: &str) -> Result<Option<EmployeeRow>> {
    Ok(query_as(
        "SELECT id, name, roles, active, created_at FROM employees WHERE lower(name) = lower($1)",
    )
    .bind(name)
    .fetch_optional(db)
    .await?)
}

pub async fn employee_by_id<'c>(db: impl Exec<'c>, id: &str) -> Result<Option<EmployeeRow>> {
    Ok(
        query_as("SELECT id, name, roles, active, created_at FROM employees WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?,
    )
}

pub async fn employees<'c>(db: impl Exec<'c>) -> Result<Vec<EmployeeRow>> {
    Ok(
        query_as("SELECT id, name, roles, active, created_at FROM employees ORDER BY name")
            .fetch_all(db)
            .await?,
    )
}

pub async fn insert_customer(conn: &mut Conn, row: &CustomerRow) -> Result<()> {
    query(
        "INSERT INTO customers (id, name, phone, phone_digits, email, address, notes, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&row.id)
    .bind(&row.name)
    .bind(&row.phone)
    .bind(&row.phone_digits)
    .bind(&row.email)
    .bind(&row.address)
    .bind(&row.notes)
    .bind(&row.created_at)
    .bind(&row.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn customer_by_id<'c>(db: impl Exec<'c>, id: &str) -> Result<Option<CustomerRow>> {
    Ok(query_as("SELECT * FROM customers WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?)
}

/// The oldest customer with this phone number (digits) or e-mail address, if any.
pub async fn customer_by_contact<'c>(
    db: impl Exec<'c>,
    phone_digits: Option<&str>,
    email: Option<&str>,
) -> Result<Option<CustomerRow>> {
    if phone_digits.is_none() && email.is_none() {
        return Ok(None);
    }
    Ok(query_as(
        "SELECT * FROM customers
         WHERE ($1 IS NOT NULL AND phone_digits = $1) OR ($2 IS NOT NULL AND email = $2)
         ORDER BY created_at, id LIMIT 1",
    )
    .bind(phone_digits)
    .bind(email)
    .fetch_optional(db)
    .await?)
}

/// Every customer with this phone number (digits) or e-mail address, oldest first (at most
/// 50): the intake looks among them for one with the typed name.
pub async fn customers_by_contact<'c>(
    db: impl Exec<'c>,
    phone_digits: Option<&str>,
    email: Option<&str>,
) -> Result<Vec<CustomerRow>> {
    if phone_digits.is_none() && email.is_none() {
        return Ok(Vec::new());
    }
    Ok(query_as(
        "SELECT * FROM customers
         WHERE ($1 IS NOT NULL AND phone_digits = $1) OR ($2 IS NOT NULL AND email = $2)
         ORDER BY created_at, id LIMIT 50",
    )
    .bind(phone_digits)
    .bind(email)
    .fetch_all(db)
    .await?)
}

/// Customers whose name starts with, or whose phone digits or e-mail contain, `text`; for
/// the intake type-ahead. Limited to `limit` rows.
pub async fn find_customers<'c>(
    db: impl Exec<'c>,
    text: &str,
    digits: &str,
    limit: u32,
) -> Result<Vec<CustomerRow>> {
    let name_prefix = format!("{}%", escape_like(text));
    let name_word = format!("% {}%", escape_like(text));
    let contains = format!("%{}%", escape_like(text));
    let digits_like = if digits.len() >= 3 {
        Some(format!("%{digits}%"))
    } else {
        None
    };
    Ok(query_as(
        "SELECT * FROM customers
         WHERE name LIKE $1 ESCAPE '\\' OR name LIKE $2 ESCAPE '\\' OR email LIKE $3 ESCAPE '\\'
            OR ($4 IS NOT NULL AND phone_digits LIKE $4)
            OR id IN (SELECT owner_id FROM repair_objects WHERE frame_key LIKE $3 ESCAPE '\\')
         ORDER BY name, created_at LIMIT $5",
    )
    // SQLite's LIKE ignores case (of ASCII letters); PostgreSQL's ILIKE does (of all).
    .postgres(
        "SELECT * FROM customers
         WHERE name ILIKE $1 ESCAPE '\\' OR name ILIKE $2 ESCAPE '\\' OR email ILIKE $3 ESCAPE '\\'
            OR ($4::text IS NOT NULL AND phone_digits LIKE $4)
            OR id IN (SELECT owner_id FROM repair_objects WHERE frame_key ILIKE $3 ESCAPE '\\')
         ORDER BY name, created_at LIMIT $5",
    )
    .bind(name_prefix)
    .bind(name_word)
    .bind(contains)
    .bind(digits_like)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

pub async fn insert_repair_object(conn: &mut Conn, row: &RepairObjectRow) -> Result<()> {
    query(
        "INSERT INTO repair_objects (id, owner_id, kind, brand, model, year, colour, frame_number, frame_key,
                                     licence_plate, barcode, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&row.id)
    .bind(&row.owner_id)
    .bind(row.kind)
    .bind(&row.brand)
    .bind(&row.model)
    .bind(row.year)
    .bind(&row.colour)
    .bind(&row.frame_number)
    .bind(&row.frame_key)
    .bind(&row.licence_plate)
    .bind(&row.barcode)
    .bind(&row.created_at)
    .bind(&row.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn repair_object_by_id<'c>(
    db: impl Exec<'c>,
    id: &str,
) -> Result<Option<RepairObjectRow>> {
    Ok(query_as("SELECT * FROM repair_objects WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?)
}

pub async fn repair_object_by_frame_key<'c>(
    db: impl Exec<'c>,
    frame_key: &str,
) -> Result<Option<RepairObjectRow>> {
    Ok(query_as(
        "SELECT * FROM repair_objects WHERE frame_key = $1 ORDER BY created_at, id LIMIT 1",
    )
    .bind(frame_key)
    .fetch_optional(db)
    .await?)
}

/// Every repair object with this frame or serial key, oldest first (at most 50): a frame
/// number is not unique (a second bike may be recorded with the same one).
pub async fn repair_objects_by_frame_key<'c>(
    db: impl Exec<'c>,
    frame_key: &str,
) -> Result<Vec<RepairObjectRow>> {
    Ok(query_as(
        "SELECT * FROM repair_objects WHERE frame_key = $1 ORDER BY created_at, id LIMIT 50",
    )
    .bind(frame_key)
    .fetch_all(db)
    .await?)
}

pub async fn repair_objects_of<'c>(
    db: impl Exec<'c>,
    owner_id: &str,
) -> Result<Vec<RepairObjectRow>> {
    Ok(
        query_as("SELECT * FROM repair_objects WHERE owner_id = $1 ORDER BY created_at DESC, id")
            .bind(owner_id)
            .fetch_all(db)
            .await?,
    )
}

/// Replaces a store's printable details.
pub async fn update_store(conn: &mut Conn, row: &StoreRow) -> Result<()> {
    query("UPDATE stores SET name = $1, address = $2, vat_number = $3, coc_number = $4, time_zone = $5 WHERE id = $6")
        .bind(&row.name)
        .bind(&row.address)
        .bind(&row.vat_number)
        .bind(&row.coc_number)
        .bind(&row.time_zone)
        .bind(&row.id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Every store, oldest first (the first is the default for new orders).
pub async fn stores<'c>(db: impl Exec<'c>) -> Result<Vec<StoreRow>> {
    Ok(query_as("SELECT * FROM stores ORDER BY created_at, id")
        .fetch_all(db)
        .await?)
}

/// A store by its exact name (case-insensitive).
pub async fn store_by_name<'c>(db: impl Exec<'c>, name: &str) -> Result<Option<StoreRow>> {
    Ok(
        query_as("SELECT * FROM stores WHERE lower(name) = lower($1)")
            .bind(name)
            .fetch_optional(db)
            .await?,
    )
}

/// Replaces an employee's name, roles and active flag.
pub async fn update_employee(conn: &mut Conn, row: &EmployeeRow) -> Result<()> {
    query("UPDATE employees SET name = $1, roles = $2, active = $3 WHERE id = $4")
        .bind(&row.name)
        .bind(&row.roles)
        .bind(row.active)
        .bind(&row.id)
        .execute(conn)
        .await?;
    Ok(())
}

/// What signing in needs of an employee: the PIN hash and the wrong-PIN count and lock.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LoginRow {
    pub pin_hash: Option<String>,
    #[sqlx(rename = "pin_failures")]
    pub failures: i64,
    #[sqlx(rename = "pin_locked_until")]
    pub locked_until: Option<String>,
}

pub async fn employee_login<'c>(db: impl Exec<'c>, id: &str) -> Result<LoginRow> {
    Ok(
        query_as("SELECT pin_hash, pin_failures, pin_locked_until FROM employees WHERE id = $1")
            .bind(id)
            .fetch_one(db)
            .await?,
    )
}

pub async fn set_login_failures(
    conn: &mut Conn,
    id: &str,
    failures: i64,
    locked_until: Option<&str>,
) -> Result<()> {
    query("UPDATE employees SET pin_failures = $1, pin_locked_until = $2 WHERE id = $3")
        .bind(failures)
        .bind(locked_until)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_pin_hash(conn: &mut Conn, id: &str, hash: &str) -> Result<()> {
    query(
        "UPDATE employees SET pin_hash = $1, pin_failures = 0, pin_locked_until = NULL WHERE id = $2",
    )
    .bind(hash)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

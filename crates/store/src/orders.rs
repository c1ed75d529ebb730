//! Workshop orders and their lines.

use crate::db::query::{Conn, Exec, query, query_as};
use jobcard_domain::{LineKind, LineStatus, OrderStatus, Priority, SyncState, VatCode};

use crate::db::query::Backend;
use crate::search::{self, SearchTerms};
use crate::{Result, StoreError};

/// An order as stored. Money in cents; times RFC 3339 UTC.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrderRow {
    pub pk: i64,
    pub id: String,
    pub number: String,
    pub year: i32,
    pub seq: i64,
    pub customer_id: String,
    pub repair_object_id: String,
    pub store_id: String,
    pub own_reference: Option<String>,
    pub description: String,
    #[sqlx(try_from = "crate::Parsed<OrderStatus>")]
    pub status: OrderStatus,
    #[sqlx(try_from = "crate::Parsed<Priority>")]
    pub priority: Priority,
    pub mechanic_id: Option<String>,
    pub scheduled_start: Option<String>,
    pub scheduled_all_day: bool,
    pub scheduled_finish: Option<String>,
    pub promised_date: Option<String>,
    pub loan_object: Option<String>,
    pub order_date: String,
    pub work_minutes: i64,
    pub total_cents: i64,
    pub vat_cents: i64,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
    pub deleted_at: Option<String>,
    /// Moved on by every change of the order (see [`crate::versions`]); `insert` leaves it
    /// to the column's default.
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LineRow {
    pub id: String,
    pub order_pk: i64,
    pub line_no: i64,
    #[sqlx(try_from = "crate::Parsed<LineKind>")]
    pub kind: LineKind,
    pub code: Option<String>,
    pub barcode: Option<String>,
    pub description: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub unit_discount_cents: i64,
    pub discount_bp: i64,
    #[sqlx(try_from = "crate::Parsed<VatCode>")]
    pub vat_code: VatCode,
    pub vat_rate_bp: i64,
    pub total_cents: i64,
    pub vat_cents: i64,
    pub work_minutes_per_unit: i64,
    pub work_minutes: i64,
    #[sqlx(try_from = "crate::Parsed<LineStatus>")]
    pub status: LineStatus,
    pub bill_to_customer_id: Option<String>,
}

/// One row of the order list, joined with its customer and object.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrderListRow {
    pub number: String,
    #[sqlx(try_from = "crate::Parsed<OrderStatus>")]
    pub status: OrderStatus,
    pub customer_name: String,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub description: String,
    pub total_cents: i64,
    pub promised_date: Option<String>,
    pub scheduled_start: Option<String>,
    pub scheduled_finish: Option<String>,
    pub created_at: String,
    /// Why the order waits (set with a waiting status).
    pub waiting_reason: Option<String>,
    pub customer_id: String,
    pub repair_object_id: String,
    /// The worst sync state over the order's connectors (the list's badge): conflict, failed,
    /// attention, pending, synced, in that order. Read with the page, so a page of any size
    /// is one query.
    #[sqlx(try_from = "crate::ParsedOption<SyncState>")]
    pub sync_state: Option<SyncState>,
    /// The time zone of the shop's default store, the same on every row: the shop's "today"
    /// (for a promise at risk) comes with the page instead of from a second statement.
    pub shop_time_zone: Option<String>,
}

/// Which orders the list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub status: Option<String>,
    pub mechanic_id: Option<String>,
    pub store_id: Option<String>,
    /// Order dates `from..=to` (`YYYY-MM-DD`); either end may be open.
    pub from: Option<String>,
    pub to: Option<String>,
    /// What was typed in the search box (see [`crate::search::terms`]).
    pub search: Option<SearchTerms>,
    pub sort: ListSort,
    pub limit: u32,
    pub offset: u32,
}

/// The orders of the list. Each has an index that yields rows in that order, so a page of a
/// million orders is read, not sorted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ListSort {
    /// Newest order first (by order date, then taken-in order).
    #[default]
    DateDesc,
    DateAsc,
    NumberDesc,
    NumberAsc,
    /// By status in workflow order, newest first within a status.
    Status,
    /// Earliest promised date first; orders without one last.
    Promised,
}

impl ListSort {
    fn order_by(self, search: bool, backend: Backend) -> &'static str {
        match (self, search) {
            (Self::DateDesc, true) if backend == Backend::Sqlite => "s.rowid DESC",
            // Orders are numbered as they are taken in, so the key order is the date order, and
            // every filter's own index (status, store, mechanic) already yields it.
            (Self::DateDesc, _) => "o.pk DESC",
            (Self::DateAsc, _) => "o.pk ASC",
            (Self::NumberDesc, _) => "o.year DESC, o.seq DESC",
            (Self::NumberAsc, _) => "o.year ASC, o.seq ASC",
            // Generated columns of migration 0005, each with its own index.
            (Self::Status, _) => "o.status_rank ASC, o.pk DESC",
            (Self::Promised, _) => "o.promised_key ASC, o.pk DESC",
        }
    }
}

/// Hands out the next sequence number of `year`. The counter only grows, so numbers are never
/// reused; a rolled-back transaction gives its number back together with everything else.
pub async fn next_seq(conn: &mut Conn, year: i32) -> Result<i64> {
    let (seq,): (i64,) = query_as(
        "INSERT INTO order_counters (year, last_seq) VALUES ($1, 1)
         ON CONFLICT(year) DO UPDATE SET last_seq = order_counters.last_seq + 1
         RETURNING last_seq",
    )
    .bind(year)
    .fetch_one(conn)
    .await?;
    Ok(seq)
}

/// Inserts the order and returns its `pk`.
pub async fn insert(conn: &mut Conn, row: &OrderRow) -> Result<i64> {
    let (pk,): (i64,) = query_as(
        "INSERT INTO orders (id, number, year, seq, customer_id, repair_object_id, store_id, own_reference,
            description, status, priority, mechanic_id, scheduled_start, scheduled_all_day, scheduled_finish,
            promised_date, loan_object, order_date, work_minutes, total_cents, vat_cents,
            created_at, created_by, updated_at, updated_by, deleted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)
         RETURNING pk",
    )
    .bind(&row.id)
    .bind(&row.number)
    .bind(row.year)
    .bind(row.seq)
    .bind(&row.customer_id)
    .bind(&row.repair_object_id)
    .bind(&row.store_id)
    .bind(&row.own_reference)
    .bind(&row.description)
    .bind(row.status)
    .bind(row.priority)
    .bind(&row.mechanic_id)
    .bind(&row.scheduled_start)
    .bind(row.scheduled_all_day)
    .bind(&row.scheduled_finish)
    .bind(&row.promised_date)
    .bind(&row.loan_object)
    .bind(&row.order_date)
    .bind(row.work_minutes)
    .bind(row.total_cents)
    .bind(row.vat_cents)
    .bind(&row.created_at)
    .bind(&row.created_by)
    .bind(&row.updated_at)
    .bind(&row.updated_by)
    .bind(&row.deleted_at)
    .fetch_one(conn)
    .await?;
    Ok(pk)
}

/// The columns of `order_lines` an insert names, in the order [`insert_lines`] binds them.
const LINE_COLUMNS: &str = "id, order_pk, line_no, kind, code, barcode, description, quantity,
    unit_price_cents, unit_discount_cents, discount_bp, vat_code, vat_rate_bp, total_cents, vat_cents,
    work_minutes_per_unit, work_minutes, status, bill_to_customer_id";
const LINE_VALUES: usize = 19;
/// Lines per statement: 950 parameters, far below both backends' limits (SQLite 32,766,
/// PostgreSQL 65,535).
const LINES_PER_INSERT: usize = 50;

/// Inserts an order's lines, up to [`LINES_PER_INSERT`] in one statement: a 10-line order
/// is one round trip to a shared database instead of ten.
pub async fn insert_lines(conn: &mut Conn, rows: &[LineRow]) -> Result<()> {
    for chunk in rows.chunks(LINES_PER_INSERT) {
        let groups: Vec<String> = (0..chunk.len())
            .map(|i| {
                let places: Vec<String> = (1..=LINE_VALUES)
                    .map(|n| format!("${}", i * LINE_VALUES + n))
                    .collect();
                format!("({})", places.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO order_lines ({LINE_COLUMNS}) VALUES {}",
            groups.join(", ")
        );
        let mut insert = query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            insert = insert
                .bind(&row.id)
                .bind(row.order_pk)
                .bind(row.line_no)
                .bind(row.kind)
                .bind(&row.code)
                .bind(&row.barcode)
                .bind(&row.description)
                .bind(row.quantity)
                .bind(row.unit_price_cents)
                .bind(row.unit_discount_cents)
                .bind(row.discount_bp)
                .bind(row.vat_code)
                .bind(row.vat_rate_bp)
                .bind(row.total_cents)
                .bind(row.vat_cents)
                .bind(row.work_minutes_per_unit)
                .bind(row.work_minutes)
                .bind(row.status)
                .bind(&row.bill_to_customer_id);
        }
        insert.execute(&mut *conn).await?;
    }
    Ok(())
}

/// A live (not deleted) order by its number.
pub async fn by_number<'c>(db: impl Exec<'c>, number: &str) -> Result<Option<OrderRow>> {
    Ok(
        query_as("SELECT * FROM orders WHERE number = $1 AND deleted_at IS NULL")
            .bind(number)
            .fetch_optional(db)
            .await?,
    )
}

pub async fn lines<'c>(db: impl Exec<'c>, order_pk: i64) -> Result<Vec<LineRow>> {
    Ok(
        query_as("SELECT * FROM order_lines WHERE order_pk = $1 ORDER BY line_no")
            .bind(order_pk)
            .fetch_all(db)
            .await?,
    )
}

/// Moves an order to `status`, but only if it still has `expected` (a guard against two
/// people changing it at once).
pub async fn update_status(
    conn: &mut Conn,
    pk: i64,
    expected: &str,
    status: &str,
    at: &str,
    by: &str,
) -> Result<()> {
    let done = query(
        "UPDATE orders SET status = $1, updated_at = $2, updated_by = $3 WHERE pk = $4 AND status = $5 AND deleted_at IS NULL",
    )
    .bind(status)
    .bind(at)
    .bind(by)
    .bind(pk)
    .bind(expected)
    .execute(conn)
    .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict {
            what: "the order was changed by someone else; reload it and try again".to_owned(),
        })
    }
}

const LIST_SELECT: &str =
    "SELECT o.number, o.status, c.name AS customer_name, r.brand, r.model, o.description,
        o.total_cents, o.promised_date, o.scheduled_start, o.scheduled_finish, o.created_at,
        o.waiting_reason, o.customer_id, o.repair_object_id,
        (SELECT si.state FROM sync_items si WHERE si.order_id = o.id
         ORDER BY CASE si.state WHEN 'conflict' THEN 5 WHEN 'failed' THEN 4
             WHEN 'attention' THEN 3 WHEN 'pending' THEN 2 WHEN 'synced' THEN 1 ELSE 0 END DESC
         LIMIT 1) AS sync_state,
        (SELECT st.time_zone FROM stores st ORDER BY st.created_at, st.id LIMIT 1)
            AS shop_time_zone
     FROM orders o
     JOIN customers c ON c.id = o.customer_id
     JOIN repair_objects r ON r.id = o.repair_object_id";

/// One page of live orders, newest first. Fetches `limit + 1` rows so the caller can tell
/// whether there is a next page without counting the whole table. The SQL is assembled per
/// filter (rather than `$1 IS NULL OR ...`) so the database can pick the matching index. A
/// search on SQLite drives the query from the full-text index in descending rowid order,
/// which FTS5 streams, so a common word stops after one page instead of collecting every
/// match first; on PostgreSQL the GIN index finds the matches.
pub async fn list<'c>(db: impl Exec<'c>, filter: &ListFilter) -> Result<Vec<OrderListRow>> {
    let mut target = db.target();
    let backend = target.backend();
    let mut rare = match (&filter.search, backend) {
        (Some(terms), Backend::Postgres) => {
            search::rare_matches_on_postgres(target.reborrow(), terms, "all_words").await?
        }
        _ => None,
    };
    let mut values: Vec<Option<String>> = Vec::new();
    let mut next = |value: Option<String>| {
        values.push(value);
        format!("${}", values.len())
    };
    let mut sql = String::from(LIST_SELECT);
    let mut conditions = vec!["o.deleted_at IS NULL".to_owned()];
    if let Some(terms) = &filter.search {
        match backend {
            Backend::Sqlite => {
                sql = sql.replace(
                    "FROM orders o",
                    "FROM order_search s JOIN orders o ON o.pk = s.rowid",
                );
                conditions.insert(
                    0,
                    format!("order_search MATCH {}", next(Some(terms.fts5()))),
                );
            }
            Backend::Postgres => match rare.take() {
                // A rare search (a phone, frame or order number): its few orders were read
                // from the GIN index already (`search::rare_matches_on_postgres`).
                Some(keys) => {
                    conditions.push(format!("o.pk = ANY({}::bigint[])", next(Some(keys))))
                }
                // A common one reads the list in key order and stops after a page.
                None => {
                    sql = sql.replace(
                        "FROM orders o",
                        "FROM order_search s JOIN orders o ON o.pk = s.order_pk",
                    );
                    let (words, email) = terms.tsqueries();
                    if let Some(words) = words {
                        conditions.push(format!("s.all_words @@ {}::tsquery", next(Some(words))));
                    }
                    if let Some(email) = email {
                        conditions.push(format!("s.email_words @@ {}::tsquery", next(Some(email))));
                    }
                }
            },
        }
    }
    let filters = [
        (&filter.status, "o.status ="),
        (&filter.mechanic_id, "o.mechanic_id ="),
        (&filter.store_id, "o.store_id ="),
        (&filter.from, "o.order_date >="),
        (&filter.to, "o.order_date <="),
    ];
    for (value, condition) in filters {
        if value.is_some() {
            conditions.push(format!("{condition} {}", next(value.clone())));
        }
    }
    // Within one status, status order is newest first. Said so, the status's own index
    // yields the page; sorted by status rank, PostgreSQL walked every order of the statuses
    // before it (4.8 s for "collected" at 1M orders).
    let sort = match (filter.sort, &filter.status) {
        (ListSort::Status, Some(_)) => ListSort::DateDesc,
        (sort, _) => sort,
    };
    let order = sort.order_by(filter.search.is_some(), backend);
    let limit = next(None);
    let offset = next(None);
    sql.push_str(&format!(
        " WHERE {} ORDER BY {order} LIMIT {limit} OFFSET {offset}",
        conditions.join(" AND ")
    ));
    // A search's best plan depends on its words (a rare name, a common one), so it is planned
    // for them on every call; the filters' plans do not, and keep their prepared statement
    // (planning the list's joins costs about a millisecond).
    let mut query = query_as(sqlx::AssertSqlSafe(sql));
    if filter.search.is_some() {
        query = query.planned_per_call();
    }
    let texts = values.len() - 2;
    for value in values.into_iter().take(texts) {
        query = query.bind(value);
    }
    let fetch = i64::from(filter.limit) + 1;
    Ok(query
        .bind(fetch)
        .bind(filter.offset)
        .fetch_all(target)
        .await?)
}

pub async fn count_live<'c>(db: impl Exec<'c>) -> Result<i64> {
    let (n,): (i64,) = query_as("SELECT count(*) FROM orders WHERE deleted_at IS NULL")
        .fetch_one(db)
        .await?;
    Ok(n)
}

/// Replaces the lines of order `pk` and its derived totals and work minutes.
pub async fn replace_lines(
    conn: &mut Conn,
    pk: i64,
    lines: &[LineRow],
    totals: (i64, i64, i64),
    at: &str,
    by: &str,
) -> Result<()> {
    query("DELETE FROM order_lines WHERE order_pk = $1")
        .bind(pk)
        .execute(&mut *conn)
        .await?;
    insert_lines(&mut *conn, lines).await?;
    let (total_cents, vat_cents, work_minutes) = totals;
    query(
        "UPDATE orders SET total_cents = $1, vat_cents = $2, work_minutes = $3, updated_at = $4, updated_by = $5 WHERE pk = $6",
    )
    .bind(total_cents)
    .bind(vat_cents)
    .bind(work_minutes)
    .bind(at)
    .bind(by)
    .bind(pk)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets (or clears) why an order waits.
pub async fn set_waiting_reason(conn: &mut Conn, pk: i64, reason: Option<&str>) -> Result<()> {
    query("UPDATE orders SET waiting_reason = $1 WHERE pk = $2")
        .bind(reason)
        .bind(pk)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn by_pk<'c>(db: impl Exec<'c>, pk: i64) -> Result<Option<OrderRow>> {
    Ok(
        query_as("SELECT * FROM orders WHERE pk = $1 AND deleted_at IS NULL")
            .bind(pk)
            .fetch_optional(db)
            .await?,
    )
}

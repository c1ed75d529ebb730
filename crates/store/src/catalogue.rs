//! The catalogue: VAT rates with their dates, repair codes and articles.

use crate::db::query::{Conn, Exec, query, query_as};

use crate::Result;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct VatRateRow {
    pub code: String,
    pub rate_bp: i64,
    pub valid_from: String,
    pub valid_to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RepairCodeRow {
    pub code: String,
    pub description: String,
    pub standard_minutes: i64,
    pub price_cents: Option<i64>,
    pub vat_code: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ArticleRow {
    pub barcode: String,
    pub description: String,
    pub price_cents: i64,
    pub vat_code: String,
    pub active: bool,
}

pub async fn vat_rates<'c>(db: impl Exec<'c>) -> Result<Vec<VatRateRow>> {
    Ok(
        query_as("SELECT * FROM vat_rates ORDER BY code, valid_from")
            .fetch_all(db)
            .await?,
    )
}

pub async fn insert_vat_rate(conn: &mut Conn, row: &VatRateRow) -> Result<()> {
    query("INSERT INTO vat_rates (code, rate_bp, valid_from, valid_to) VALUES ($1, $2, $3, $4)")
        .bind(&row.code)
        .bind(row.rate_bp)
        .bind(&row.valid_from)
        .bind(&row.valid_to)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn repair_code<'c>(db: impl Exec<'c>, code: &str) -> Result<Option<RepairCodeRow>> {
    Ok(
        query_as("SELECT * FROM repair_codes WHERE lower(code) = lower($1) AND active = TRUE")
            .bind(code)
            .fetch_optional(db)
            .await?,
    )
}

pub async fn repair_codes<'c>(db: impl Exec<'c>) -> Result<Vec<RepairCodeRow>> {
    Ok(
        query_as("SELECT * FROM repair_codes WHERE active = TRUE ORDER BY code")
            .fetch_all(db)
            .await?,
    )
}

/// Every repair code, retired ones too (for the settings screen).
pub async fn all_repair_codes<'c>(db: impl Exec<'c>) -> Result<Vec<RepairCodeRow>> {
    Ok(query_as("SELECT * FROM repair_codes ORDER BY code")
        .fetch_all(db)
        .await?)
}

/// A repair code, retired or not.
pub async fn any_repair_code<'c>(db: impl Exec<'c>, code: &str) -> Result<Option<RepairCodeRow>> {
    Ok(
        query_as("SELECT * FROM repair_codes WHERE lower(code) = lower($1)")
            .bind(code)
            .fetch_optional(db)
            .await?,
    )
}

/// Adds the repair code or replaces the one with the same code.
pub async fn upsert_repair_code(conn: &mut Conn, row: &RepairCodeRow) -> Result<()> {
    query(
        "INSERT INTO repair_codes (code, description, standard_minutes, price_cents, vat_code, active)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT(code) DO UPDATE SET description = excluded.description,
             standard_minutes = excluded.standard_minutes, price_cents = excluded.price_cents,
             vat_code = excluded.vat_code, active = excluded.active",
    )
    .bind(&row.code)
    .bind(&row.description)
    .bind(row.standard_minutes)
    .bind(row.price_cents)
    .bind(&row.vat_code)
    .bind(row.active)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn insert_repair_code(conn: &mut Conn, row: &RepairCodeRow) -> Result<()> {
    query(
        "INSERT INTO repair_codes (code, description, standard_minutes, price_cents, vat_code, active)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&row.code)
    .bind(&row.description)
    .bind(row.standard_minutes)
    .bind(row.price_cents)
    .bind(&row.vat_code)
    .bind(row.active)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn article<'c>(db: impl Exec<'c>, barcode: &str) -> Result<Option<ArticleRow>> {
    Ok(
        query_as("SELECT * FROM articles WHERE barcode = $1 AND active = TRUE")
            .bind(barcode)
            .fetch_optional(db)
            .await?,
    )
}

pub async fn articles<'c>(db: impl Exec<'c>) -> Result<Vec<ArticleRow>> {
    Ok(
        query_as("SELECT * FROM articles WHERE active = TRUE ORDER BY description")
            .fetch_all(db)
            .await?,
    )
}

/// Every article, retired ones too (for the settings screen).
pub async fn all_articles<'c>(db: impl Exec<'c>) -> Result<Vec<ArticleRow>> {
    Ok(
        query_as("SELECT * FROM articles ORDER BY description, barcode")
            .fetch_all(db)
            .await?,
    )
}

/// An article, retired or not.
pub async fn any_article<'c>(db: impl Exec<'c>, barcode: &str) -> Result<Option<ArticleRow>> {
    Ok(query_as("SELECT * FROM articles WHERE barcode = $1")
        .bind(barcode)
        .fetch_optional(db)
        .await?)
}

/// Adds the article or replaces the one with the same barcode; true when it was new.
pub async fn upsert_article(conn: &mut Conn, row: &ArticleRow) -> Result<bool> {
    let existed: Option<(String,)> = query_as("SELECT barcode FROM articles WHERE barcode = $1")
        .bind(&row.barcode)
        .fetch_optional(&mut *conn)
        .await?;
    query(
        "INSERT INTO articles (barcode, description, price_cents, vat_code, active) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT(barcode) DO UPDATE SET description = excluded.description,
             price_cents = excluded.price_cents, vat_code = excluded.vat_code, active = excluded.active",
    )
    .bind(&row.barcode)
    .bind(&row.description)
    .bind(row.price_cents)
    .bind(&row.vat_code)
    .bind(row.active)
    .execute(conn)
    .await?;
    Ok(existed.is_none())
}

/// Ends the open-ended rate of `code` on `valid_to` (the day before its successor starts).
pub async fn close_open_rate(conn: &mut Conn, code: &str, valid_to: &str) -> Result<u64> {
    let done = query("UPDATE vat_rates SET valid_to = $1 WHERE code = $2 AND valid_to IS NULL")
        .bind(valid_to)
        .bind(code)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

pub async fn insert_article(conn: &mut Conn, row: &ArticleRow) -> Result<()> {
    query("INSERT INTO articles (barcode, description, price_cents, vat_code, active) VALUES ($1, $2, $3, $4, $5)")
        .bind(&row.barcode)
        .bind(&row.description)
        .bind(row.price_cents)
        .bind(&row.vat_code)
        .bind(row.active)
        .execute(conn)
        .await?;
    Ok(())
}

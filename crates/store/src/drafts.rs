//! Half-typed intake forms, one per employee (migration 0013). The form is opaque JSON text;
//! the app decides who may keep one and how big it may be.

use crate::db::query::{Conn, Exec, query, query_as};

use crate::Result;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DraftRow {
    pub employee_id: String,
    pub form: String,
    pub updated_at: String,
}

/// Stores the employee's draft, replacing the one they had.
pub async fn upsert(conn: &mut Conn, row: &DraftRow) -> Result<()> {
    query(
        "INSERT INTO drafts (employee_id, form, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT(employee_id) DO UPDATE SET form = excluded.form, updated_at = excluded.updated_at",
    )
    .bind(&row.employee_id)
    .bind(&row.form)
    .bind(&row.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The employee's draft, if they have one.
pub async fn of<'c>(db: impl Exec<'c>, employee_id: &str) -> Result<Option<DraftRow>> {
    Ok(
        query_as("SELECT employee_id, form, updated_at FROM drafts WHERE employee_id = $1")
            .bind(employee_id)
            .fetch_optional(db)
            .await?,
    )
}

/// Forgets the employee's draft; true when there was one.
pub async fn delete(conn: &mut Conn, employee_id: &str) -> Result<bool> {
    let done = query("DELETE FROM drafts WHERE employee_id = $1")
        .bind(employee_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

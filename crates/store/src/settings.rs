//! Key-value settings of the shop that are business data (for example whether the demo
//! workshop was loaded). UI preferences live in the shell's preference store instead.

use crate::db::query::{Conn, Exec, query, query_as};

use crate::Result;

pub async fn get<'c>(db: impl Exec<'c>, key: &str) -> Result<Option<String>> {
    let row: Option<(String,)> = query_as("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|(value,)| value))
}

pub async fn set(conn: &mut Conn, key: &str, value: &str) -> Result<()> {
    query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(conn)
        .await?;
    Ok(())
}

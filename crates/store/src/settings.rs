//! Key-value settings of the shop that are business data (for example whether the demo
//! workshop was loaded). UI preferences live in the shell's preference store instead.

use sqlx::SqliteConnection;
use sqlx::sqlite::SqliteExecutor;

use crate::Result;

pub async fn get<'c>(db: impl SqliteExecutor<'c>, key: &str) -> Result<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE key = ?")
        .bind(key)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|(value,)| value))
}

pub async fn set(conn: &mut SqliteConnection, key: &str, value: &str) -> Result<()> {
    sqlx::query("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(conn)
        .await?;
    Ok(())
}

//! Which database a test runs on: the suite runs twice, once on SQLite files and once on a
//! throwaway PostgreSQL cluster (`scripts/test.sh` starts it with `pg_virtualenv`).
//!
//! `JOBCARD_TEST_POSTGRES` names the cluster (a `postgres://` URL of a role that may create
//! databases). When it is set, each test directory gets a database of its own, named after
//! the directory, so a test that reopens "the workshop on this folder" finds it again; when
//! it is not, the test runs on `jobcard.sqlite` in the folder, as the product does.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use sqlx::{Connection, PgConnection};

use super::Database;
use super::postgres::DatabaseUrl;
use crate::{Result, StoreError};

/// The environment variable that points the tests at a PostgreSQL cluster.
pub const TEST_POSTGRES: &str = "JOBCARD_TEST_POSTGRES";

/// The database the tests of `dir` use (created on PostgreSQL when missing).
pub async fn database_for(dir: &Path) -> Result<Database> {
    match std::env::var(TEST_POSTGRES) {
        Ok(admin) if !admin.trim().is_empty() => {
            let admin = DatabaseUrl::parse(&admin)?;
            let mut hasher = DefaultHasher::new();
            dir.hash(&mut hasher);
            let name = format!("jc_test_{:016x}", hasher.finish());
            create_if_missing(&admin, &name).await?;
            Ok(Database::Shared(admin.with_database(&name)))
        }
        _ => Ok(Database::Embedded(dir.to_path_buf())),
    }
}

/// Whether the tests run on PostgreSQL (some checks only make sense on the SQLite file).
pub fn on_postgres() -> bool {
    std::env::var(TEST_POSTGRES).is_ok_and(|v| !v.trim().is_empty())
}

async fn create_if_missing(admin: &DatabaseUrl, name: &str) -> Result<()> {
    let mut conn = PgConnection::connect_with(&admin.options()?).await?;
    let (exists,): (bool,) =
        sqlx::query_as("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(name)
            .fetch_one(&mut conn)
            .await?;
    if !exists {
        // A name made of hex digits above, so it is safe to put in the statement.
        let created = sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await;
        match created {
            Ok(_) => {}
            // Another test process made it at the same moment.
            Err(sqlx::Error::Database(db)) if db.code().as_deref() == Some("42P04") => {}
            Err(err) => return Err(StoreError::from(err)),
        }
    }
    let _ = conn.close().await;
    Ok(())
}

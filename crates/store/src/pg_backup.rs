//! Backups of a shared PostgreSQL database: `pg_dump` in its custom format, restored with
//! `pg_restore`, using the PostgreSQL client installed beside Jobcard.
//!
//! The dump is one consistent snapshot (pg_dump reads in one repeatable-read transaction), so
//! seats may go on working while it runs. It is written to a file created user-only first and
//! flushed to the disk with its folder, like the SQLite snapshots. The password travels to the
//! client in its environment (`PGPASSWORD`), never on its command line, where every user of
//! the computer could read it.
//!
//! A restore replaces every table, so it is refused while any other session is connected to the
//! database: the seats would go on writing into tables being dropped under them.

use std::path::Path;
use std::process::Command;

use sqlx::Connection;

use crate::db::postgres::DatabaseUrl;
use crate::files::{self, io_error};
use crate::{Result, StoreError};

/// Writes `pg_dump --format=custom` of the database to `target` (which must not exist).
pub(crate) async fn dump(url: &DatabaseUrl, target: &Path) -> Result<()> {
    files::private_options()
        .write(true)
        .create_new(true)
        .open(target)
        .map_err(|e| io_error(target, e))?;
    let mut command = client("pg_dump", url);
    command
        .arg("--format=custom")
        .arg("--no-owner")
        .arg("--file")
        .arg(target);
    if let Err(err) = run(command).await {
        let _ = std::fs::remove_file(target);
        return Err(err);
    }
    files::sync_file(target)?;
    match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => files::sync_dir(dir),
        _ => Ok(()),
    }
}

/// Replaces the database's contents by the dump in `file`, in one transaction. Refused while
/// another session is connected (the seats must be closed first).
pub async fn restore(url: &DatabaseUrl, file: &Path) -> Result<()> {
    if !file.is_file() {
        return Err(StoreError::not_found(format!(
            "no backup file {}",
            file.display()
        )));
    }
    let others = other_sessions(url).await?;
    if !others.is_empty() {
        return Err(StoreError::Conflict {
            what: format!(
                "{} other connection(s) to the shop database are open ({}); close Jobcard at every \
                 seat first, then restore",
                others.len(),
                others.join(", ")
            ),
        });
    }
    let mut command = client("pg_restore", url);
    command
        .arg("--clean")
        .arg("--if-exists")
        .arg("--no-owner")
        .arg("--single-transaction")
        .arg(file);
    run(command).await
}

/// The other sessions on the database, by application and client address.
async fn other_sessions(url: &DatabaseUrl) -> Result<Vec<String>> {
    let mut conn = sqlx::PgConnection::connect_with(&url.options()?).await?;
    let rows: Vec<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT application_name, host(client_addr) FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
    )
    .fetch_all(&mut conn)
    .await?;
    let _ = conn.close().await;
    Ok(rows
        .into_iter()
        .map(|(app, host)| {
            let app = app
                .filter(|a| !a.is_empty())
                .unwrap_or_else(|| "unknown program".to_owned());
            match host {
                Some(host) => format!("{app} from {host}"),
                None => format!("{app} on the server"),
            }
        })
        .collect())
}

/// A PostgreSQL client program pointed at the database, the password in its environment.
fn client(program: &str, url: &DatabaseUrl) -> Command {
    let mut command = Command::new(program);
    command
        .arg("--dbname")
        .arg(url.without_password().to_string());
    if let Some(password) = url.password() {
        command.env("PGPASSWORD", password);
    }
    command
}

/// Runs the client to its end off the async threads; its complaint becomes the error.
async fn run(mut command: Command) -> Result<()> {
    let program = command.get_program().to_string_lossy().into_owned();
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .map_err(|e| StoreError::Unsupported {
            what: format!("{program} did not finish: {e}"),
        })?
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => StoreError::Unsupported {
                what: format!(
                    "{program} is not installed; a shared database is backed up with PostgreSQL's \
                     own client (Debian/Ubuntu: apt install postgresql-client)"
                ),
            },
            _ => StoreError::Unsupported {
                what: format!("cannot run {program}: {e}"),
            },
        })?;
    if output.status.success() {
        Ok(())
    } else {
        let said = String::from_utf8_lossy(&output.stderr);
        Err(StoreError::Unsupported {
            what: format!("{program} failed: {}", said.trim()),
        })
    }
}

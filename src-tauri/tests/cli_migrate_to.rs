//! `jobcard migrate-to URL` on the demo workshop: the real binary copies the SQLite file into
//! a fresh database of the throwaway PostgreSQL cluster (`scripts/with-postgres.sh`), prints
//! the report, and then `orders show --json` reads the same on both; a second run is refused
//! with the database's name and no password. Without `JOBCARD_TEST_POSTGRES` it prints a
//! skip line and passes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{jobcard_ok, jobcard_pin};

/// `jobcard --data-dir DIR --database-url URL ARGS`.
fn jobcard_on(dir: &Path, url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jobcard"))
        .arg("--data-dir")
        .arg(dir)
        .arg("--database-url")
        .arg(url)
        .args(args)
        .env("JOBCARD_SECRET_STORE", "file")
        .env_remove("JOBCARD_DATA_DIR")
        .env_remove("JOBCARD_PIN")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// A new, empty database in the cluster (made by the tests' own helper for the folder
/// `place`); its URL with the cluster's password.
fn fresh_database(admin: &str, place: &Path) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let database = runtime
        .block_on(jobcard_store::db::testing::database_for(place))
        .unwrap();
    let jobcard_store::Database::Shared(shared) = database else {
        panic!("JOBCARD_TEST_POSTGRES is set, so the database is shared");
    };
    let (server, _) = admin.rsplit_once('/').unwrap();
    format!("{server}/{}", shared.database())
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

#[test]
fn migrate_to_copies_the_demo_shop_and_refuses_a_second_time() {
    let admin = match std::env::var("JOBCARD_TEST_POSTGRES") {
        Ok(url) if !url.trim().is_empty() => url,
        _ => {
            eprintln!(
                "skip migrate_to_copies_the_demo_shop: needs PostgreSQL (scripts/with-postgres.sh)"
            );
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    jobcard_ok(dir.path(), &["demo"], None);
    let place = tempfile::tempdir().unwrap();
    let url = fresh_database(&admin, place.path());
    let password = jobcard_app::DatabaseUrl::parse(&url).unwrap().password();

    let out = jobcard_ok(dir.path(), &["migrate-to", &url], None);
    let said = text(&out.stdout);
    assert!(said.starts_with("Copied into postgres"), "{said}");
    assert!(said.contains("checked on both sides"), "{said}");
    assert!(said.contains("orders"), "{said}");
    assert!(said.contains("total_cents"), "{said}");
    if let Some(password) = &password {
        assert!(
            !said.contains(password.as_str()),
            "the password is never printed"
        );
    }

    // Every demo order reads the same from the file and from the shared database.
    let page = common::json_ok(
        dir.path(),
        None,
        &["orders", "list", "--json", "--limit", "500"],
    );
    let rows = page["rows"].as_array().unwrap();
    assert!(rows.len() >= 8, "{page}");
    for row in rows {
        let number = row["number"].as_str().unwrap();
        let here = common::json_ok(dir.path(), None, &["orders", "show", number, "--json"]);
        let there = jobcard_on(dir.path(), &url, &["orders", "show", number, "--json"]);
        assert!(there.status.success(), "{}", text(&there.stderr));
        let there: serde_json::Value = serde_json::from_slice(&there.stdout).unwrap();
        assert_eq!(here, there, "order {number}");
    }

    // A second copy into the now used database is refused, naming it, without the password.
    let again = jobcard_pin(dir.path(), None, &["migrate-to", &url, "--json"]);
    assert!(!again.status.success());
    let err = text(&again.stderr);
    assert!(err.contains("is not empty"), "{err}");
    assert!(err.contains(url.rsplit_once('/').unwrap().1), "{err}");
    if let Some(password) = &password {
        assert!(!err.contains(password.as_str()), "{err}");
    }
}

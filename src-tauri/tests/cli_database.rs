//! `jobcard --database-url URL`: a database that refuses the login or does not answer fails
//! with a message that names the URL without its password and says why; the password never
//! reaches stderr. The wrong-password part needs the throwaway cluster
//! (`scripts/with-postgres.sh`); without `JOBCARD_TEST_POSTGRES` it prints a skip line.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

const PASSWORD: &str = "n0t-the-Right-one";

fn jobcard_on(dir: &Path, url: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jobcard"))
        .arg("--data-dir")
        .arg(dir)
        .arg("--database-url")
        .arg(url)
        .args(["orders", "list"])
        .env("JOBCARD_SECRET_STORE", "file")
        .env_remove("JOBCARD_DATA_DIR")
        .env_remove("PGPASSWORD")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn failure_text(output: &Output) -> String {
    assert!(!output.status.success(), "it must fail");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!text.contains(PASSWORD), "the password was shown: {text}");
    text
}

#[test]
fn a_server_that_does_not_answer_is_named_without_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("postgres://jobcard:{PASSWORD}@127.0.0.1:{port}/shop");
    let text = failure_text(&jobcard_on(dir.path(), &url));
    assert!(
        text.contains(&format!(
            "cannot reach the shop database at postgres://jobcard@127.0.0.1:{port}/shop"
        )),
        "{text}"
    );
}

#[test]
fn a_wrong_password_fails_naming_the_url_without_it() {
    let Ok(admin) = std::env::var("JOBCARD_TEST_POSTGRES") else {
        eprintln!("skipped: JOBCARD_TEST_POSTGRES is not set (run under scripts/with-postgres.sh)");
        return;
    };
    let parsed = jobcard_store::DatabaseUrl::parse(&admin).unwrap();
    let right = parsed.password().expect("the cluster's URL has a password");
    let wrong = admin.replace(&format!(":{right}@"), &format!(":{PASSWORD}@"));
    let shown = parsed.without_password().to_string();

    let dir = tempfile::tempdir().unwrap();
    let text = failure_text(&jobcard_on(dir.path(), &wrong));
    assert!(text.contains(&shown), "{text}");
    assert!(text.contains("password authentication failed"), "{text}");
}

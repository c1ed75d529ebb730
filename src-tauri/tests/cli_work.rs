//! The mechanics' CLI contract (README): `orders start|pause|resume|line-done|finish|delete
//! --as NAME` with the PIN in `JOBCARD_PIN`. A refused action exits non-zero with the "not
//! allowed" message and changes nothing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::path::Path;

use common::{jobcard_pin, json_ok};

fn intake_number(dir: &Path) -> String {
    let page = json_ok(
        dir,
        None,
        &["orders", "list", "--status", "intake", "--json"],
    );
    page["rows"][0]["number"].as_str().unwrap().to_owned()
}

#[test]
fn a_mechanic_works_an_order_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    assert!(jobcard_pin(dir.path(), None, &["demo"]).status.success());
    let number = intake_number(dir.path());
    let joris = Some("2222");
    let n = number.as_str();

    let started = json_ok(
        dir.path(),
        joris,
        &["orders", "start", n, "--as", "Joris Bakker", "--json"],
    );
    assert_eq!(started["status"]["status"], "in_progress");
    let paused = json_ok(
        dir.path(),
        joris,
        &["orders", "pause", n, "--as", "Joris Bakker", "--json"],
    );
    assert_eq!(paused["work_periods"].as_array().unwrap().len(), 1);
    json_ok(
        dir.path(),
        joris,
        &["orders", "resume", n, "--as", "Joris Bakker", "--json"],
    );
    let ticked = json_ok(
        dir.path(),
        joris,
        &[
            "orders",
            "line-done",
            n,
            "1",
            "--as",
            "Joris Bakker",
            "--json",
        ],
    );
    assert_eq!(ticked["lines"][0]["status"], "done");
    let done = json_ok(
        dir.path(),
        joris,
        &[
            "orders",
            "finish",
            n,
            "--as",
            "Joris Bakker",
            "--resolution",
            "New chain",
            "--root-cause",
            "Wear",
            "--notes",
            "Tyres ok",
            "--json",
        ],
    );
    assert_eq!(done["status"]["status"], "done");
    assert_eq!(done["resolution"], "New chain");
    assert_eq!(
        done["work_periods"].as_array().unwrap().len(),
        2,
        "pause and resume: two periods"
    );
    assert!(done["completed_at"].is_string());
}

#[test]
fn refused_actions_exit_non_zero_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    assert!(jobcard_pin(dir.path(), None, &["demo"]).status.success());
    let number = intake_number(dir.path());
    let before = json_ok(dir.path(), None, &["orders", "show", &number, "--json"]);

    // A mechanic may not delete.
    let out = jobcard_pin(
        dir.path(),
        Some("2222"),
        &["orders", "delete", &number, "--as", "Joris Bakker"],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not allowed for role mechanic: deleting orders"),
        "{stderr}"
    );
    // Counter staff do not track work.
    let out = jobcard_pin(
        dir.path(),
        Some("1111"),
        &["orders", "start", &number, "--as", "Sanne de Boer"],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("not allowed for role counter"));
    // A wrong or missing PIN.
    let out = jobcard_pin(
        dir.path(),
        Some("0000"),
        &["orders", "start", &number, "--as", "Joris Bakker"],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrong name or PIN"));
    let out = jobcard_pin(
        dir.path(),
        None,
        &["orders", "start", &number, "--as", "Joris Bakker"],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("JOBCARD_PIN"));
    assert_eq!(
        json_ok(dir.path(), None, &["orders", "show", &number, "--json"]),
        before
    );

    // The manager may delete; the order is gone from the list.
    let out = jobcard_pin(
        dir.path(),
        Some("5555"),
        &["orders", "delete", &number, "--as", "Marco Jansen"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = jobcard_pin(dir.path(), None, &["orders", "show", &number]);
    assert!(!out.status.success());
}

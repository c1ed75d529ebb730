//! The CLI contract of starting an order that waits for the customer's approval (README):
//! `orders start` refuses it with `needs_confirmation` and what it waits for, and changes
//! nothing; `orders start --confirm` starts it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{jobcard_pin, json_ok};

#[test]
fn starting_an_order_that_waits_for_approval_needs_confirm() {
    let dir = tempfile::tempdir().unwrap();
    assert!(jobcard_pin(dir.path(), None, &["demo"]).status.success());
    let page = json_ok(
        dir.path(),
        None,
        &[
            "orders",
            "list",
            "--status",
            "waiting_for_customer",
            "--json",
        ],
    );
    let number = page["rows"][0]["number"].as_str().unwrap().to_owned();
    let before = json_ok(dir.path(), None, &["orders", "show", &number, "--json"]);

    let joris = Some("2222");
    let out = jobcard_pin(
        dir.path(),
        joris,
        &["orders", "start", &number, "--as", "Joris Bakker"],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("waits for the customer's approval")
            && stderr.contains("Quote sent; waiting for approval"),
        "{stderr}"
    );
    assert_eq!(
        json_ok(dir.path(), None, &["orders", "show", &number, "--json"]),
        before,
        "nothing changed"
    );

    let started = json_ok(
        dir.path(),
        joris,
        &[
            "orders",
            "start",
            &number,
            "--as",
            "Joris Bakker",
            "--confirm",
            "--json",
        ],
    );
    assert_eq!(started["status"]["status"], "in_progress");
    assert_eq!(started["work_periods"][0]["employee"], "Joris Bakker");
}

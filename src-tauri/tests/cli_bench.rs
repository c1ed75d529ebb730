//! The CLI contract of starting an order that waits for the customer's approval (README):
//! `orders start` refuses it with `needs_confirmation` and what it waits for, and changes
//! nothing; `orders start --confirm` starts it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn jobcard(data_dir: &Path, pin: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jobcard"));
    command
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("JOBCARD_DATA_DIR")
        .env_remove("JOBCARD_PIN");
    if let Some(pin) = pin {
        command.env("JOBCARD_PIN", pin);
    }
    command.output().unwrap()
}

fn json_ok(data_dir: &Path, pin: Option<&str>, args: &[&str]) -> Value {
    let out = jobcard(data_dir, pin, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn starting_an_order_that_waits_for_approval_needs_confirm() {
    let dir = tempfile::tempdir().unwrap();
    assert!(jobcard(dir.path(), None, &["demo"]).status.success());
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
    let out = jobcard(
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

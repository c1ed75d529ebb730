//! Issue 13 item 1 at the command line: `jobcard orders create` goes through the same rule as
//! the window, so a new name with a known customer's phone is refused until the JSON says
//! `on_match`. Real binary, real SQLite file.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

fn jobcard(data_dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jobcard"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("JOBCARD_DATA_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn orders(data_dir: &Path) -> usize {
    let out = jobcard(data_dir, &["orders", "list", "--json"], "");
    assert!(out.status.success());
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    list["rows"].as_array().unwrap().len()
}

/// An intake with Anna de Vries's (demo) phone number under another name.
fn typed(name: &str, on_match: Option<&str>) -> String {
    let mut customer = json!({"name": name, "phone": "06-12345678"});
    if let Some(choice) = on_match {
        customer["on_match"] = json!(choice);
    }
    json!({
        "customer": customer,
        "repair_object": {"brand": "Cortina", "model": "U4"},
        "description": "Rear brake squeals",
    })
    .to_string()
}

#[test]
fn a_known_phone_under_a_new_name_needs_on_match() {
    let dir = tempfile::tempdir().unwrap();
    assert!(jobcard(dir.path(), &["demo"], "").status.success());
    let before = orders(dir.path());
    let create = ["orders", "create", "--file", "-", "--json"];

    let refused = jobcard(dir.path(), &create, &typed("Annemiek Jansen", None));
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("customer.phone: this phone number belongs to Anna de Vries"),
        "{said}"
    );
    assert!(said.contains("customer.on_match"), "{said}");
    assert_eq!(orders(dir.path()), before, "nothing saved");

    let created = jobcard(
        dir.path(),
        &create,
        &typed("Annemiek Jansen", Some("create_new")),
    );
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let order: Value = serde_json::from_slice(&created.stdout).unwrap();
    assert_eq!(order["customer"]["name"], "Annemiek Jansen");

    let reused = jobcard(
        dir.path(),
        &create,
        &typed("A. de Vries", Some("use_known")),
    );
    assert!(reused.status.success());
    let order: Value = serde_json::from_slice(&reused.stdout).unwrap();
    assert_eq!(order["customer"]["name"], "Anna de Vries");

    // Annemiek is known under her own name now: her next intake needs no choice.
    let again = jobcard(dir.path(), &create, &typed("annemiek jansen", None));
    assert!(again.status.success());
    let order: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(order["customer"]["name"], "Annemiek Jansen");
    assert_eq!(orders(dir.path()), before + 3);
}

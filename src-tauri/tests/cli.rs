//! The CLI contract from the README, run against the real binary and a real SQLite file.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use jobcard_app::Clock;
use serde_json::{Value, json};

fn jobcard(data_dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
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
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn ok(data_dir: &Path, args: &[&str], stdin: Option<&str>) -> String {
    let out = jobcard(data_dir, args, stdin);
    assert!(
        out.status.success(),
        "jobcard {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json_of(data_dir: &Path, args: &[&str], stdin: Option<&str>) -> Value {
    serde_json::from_str(&ok(data_dir, args, stdin)).unwrap()
}

/// The example input from the CLI contract.
fn example_order() -> String {
    json!({
        "customer": {"name": "Anna de Vries", "phone": "+31 6 1234 5678", "email": "anna@example.nl"},
        "repair_object": {"kind": "bicycle", "brand": "Gazelle", "model": "Orange C7", "frame_number": "GZ123456"},
        "description": "Replace chain and brake pads",
        "scheduled_start": "2026-11-23T09:00:00+01:00",
        "lines": [
            {"code": "102"},
            {"description": "Brake pads", "quantity": 2, "unit_price_cents": 1250, "vat": "high"},
            {"description": "Labour", "quantity": 1, "unit_price_cents": 4500, "vat": "low", "work_minutes": 30}
        ]
    })
    .to_string()
}

fn demo_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let said = ok(dir.path(), &["demo"], None);
    assert!(said.contains("Loaded the demo workshop"), "{said}");
    dir
}

/// `orders show NUMBER --json` of the order `created` refers to.
fn show(data_dir: &Path, created: &Value) -> Value {
    json_of(
        data_dir,
        &[
            "orders",
            "show",
            created["number"].as_str().unwrap(),
            "--json",
        ],
        None,
    )
}

fn order_count(data_dir: &Path) -> usize {
    json_of(
        data_dir,
        &["orders", "list", "--limit", "500", "--json"],
        None,
    )["rows"]
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn demo_twice_adds_nothing() {
    let dir = demo_dir();
    let before = order_count(dir.path());
    assert!(before >= 8, "the demo has orders in several states");
    let again = ok(dir.path(), &["demo"], None);
    assert!(again.contains("already loaded"), "{again}");
    assert_eq!(order_count(dir.path()), before);
}

#[test]
fn create_from_stdin_and_show_as_json() {
    let dir = demo_dir();
    let created = json_of(
        dir.path(),
        &["orders", "create", "--file", "-", "--json"],
        Some(&example_order()),
    );
    let number = created["number"].as_str().unwrap().to_owned();
    assert!(number.starts_with("WO-") && number.len() == 13, "{number}");

    let shown = json_of(dir.path(), &["orders", "show", &number, "--json"], None);
    let lines = shown["lines"].as_array().unwrap();
    // Repair code 102 is EUR 29.95 at 21 %: VAT 520.
    assert_eq!(
        (
            lines[0]["vat_percent"].as_str(),
            lines[0]["total_cents"].as_i64(),
            lines[0]["vat_cents"].as_i64()
        ),
        (Some("21"), Some(2995), Some(520))
    );
    // 2 x EUR 12.50 at 21 %: VAT round(2500 * 21 / 121) = 434.
    assert_eq!(
        (
            lines[1]["total_cents"].as_i64(),
            lines[1]["vat_cents"].as_i64()
        ),
        (Some(2500), Some(434))
    );
    // EUR 45.00 at 9 %: VAT round(4500 * 9 / 109) = 372.
    assert_eq!(
        (
            lines[2]["vat_percent"].as_str(),
            lines[2]["total_cents"].as_i64(),
            lines[2]["vat_cents"].as_i64()
        ),
        (Some("9"), Some(4500), Some(372))
    );
    assert_eq!(shown["total_cents"], 9995);
    assert_eq!(shown["vat_cents"], 1326);
    assert_eq!(
        shown["by_rate"],
        json!([
            {"vat_rate_bp": 900, "vat_percent": "9", "net_cents": 4128, "vat_cents": 372, "gross_cents": 4500},
            {"vat_rate_bp": 2100, "vat_percent": "21", "net_cents": 4541, "vat_cents": 954, "gross_cents": 5495}
        ])
    );
    assert_eq!(shown["status"]["status"], "scheduled");
    assert_eq!(shown["scheduled_start"], "2026-11-23T08:00:00.000Z");
    // Repair code 102 takes 20 minutes, the labour line 30.
    assert_eq!(shown["work_minutes"], 50);
    assert_eq!(shown["scheduled_finish"], "2026-11-23T08:50:00.000Z");
}

#[test]
fn known_customer_and_bike_are_reused() {
    let dir = demo_dir();
    // The demo already has Anna de Vries with this phone and this frame number.
    let created = json_of(
        dir.path(),
        &["orders", "create", "--file", "-", "--json"],
        Some(&example_order()),
    );
    let found = json_of(
        dir.path(),
        &["orders", "list", "--search", "Anna Vries", "--json"],
        None,
    );
    let rows = found["rows"].as_array().unwrap();
    assert!(
        rows.len() >= 2,
        "Anna's demo orders and the new one: {rows:?}"
    );
    let demo_order = rows
        .iter()
        .find(|r| r["number"] != created["number"])
        .unwrap();
    let earlier = show(dir.path(), demo_order);
    assert_eq!(created["customer"]["id"], earlier["customer"]["id"]);
    assert_eq!(
        created["repair_object"]["id"],
        earlier["repair_object"]["id"]
    );
}

#[test]
fn create_from_a_file_prints_the_number() {
    let dir = demo_dir();
    let file = dir.path().join("order.json");
    std::fs::write(&file, example_order()).unwrap();
    let said = ok(
        dir.path(),
        &["orders", "create", "--file", file.to_str().unwrap()],
        None,
    );
    assert!(said.starts_with("Created WO-"), "{said}");
    assert!(said.contains("99.95"), "{said}");
}

fn refused(dir: &Path, input: &str) -> String {
    let before = order_count(dir);
    let out = jobcard(dir, &["orders", "create", "--file", "-"], Some(input));
    let said = String::from_utf8(out.stderr).unwrap();
    // The README's contract: refused input exits with 1 and says `error: FIELD: MESSAGE`.
    assert_eq!(out.status.code(), Some(1), "bad input {input}: {said}");
    assert!(said.starts_with("error: "), "{said}");
    assert_eq!(order_count(dir), before, "a refused order wrote something");
    said
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let dir = demo_dir();
    let mut order: Value = serde_json::from_str(&example_order()).unwrap();

    order["lines"][0]["code"] = json!("999");
    assert!(
        refused(dir.path(), &order.to_string())
            .contains("lines[0].code: unknown repair code '999'")
    );

    order["lines"][0] = json!({"code": "102"});
    order["lines"][1]["quantity"] = json!("two");
    assert!(refused(dir.path(), &order.to_string()).contains("lines[1].quantity"));

    order["lines"][1]["quantity"] = json!(2);
    order["lines"][2].as_object_mut().unwrap().remove("vat");
    assert!(refused(dir.path(), &order.to_string()).contains("lines[2].vat: is required"));

    let mut no_description: Value = serde_json::from_str(&example_order()).unwrap();
    no_description
        .as_object_mut()
        .unwrap()
        .remove("description");
    assert!(refused(dir.path(), &no_description.to_string()).contains("description: is required"));

    let mut bad_email: Value = serde_json::from_str(&example_order()).unwrap();
    bad_email["customer"] = json!({"name": "New Person", "email": "nope"});
    assert!(refused(dir.path(), &bad_email.to_string()).contains("customer.email"));

    assert!(refused(dir.path(), "{\"customer\": ").contains("malformed JSON"));
}

#[test]
fn bad_input_on_a_new_data_dir_creates_no_database() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("fresh");
    let out = jobcard(
        &data,
        &["orders", "create", "--file", "-"],
        Some("not json"),
    );
    assert!(!out.status.success());
    assert!(!data.exists(), "malformed input must not create a database");
}

#[test]
fn status_changes_follow_the_workflow() {
    let dir = demo_dir();
    let created = json_of(
        dir.path(),
        &["orders", "create", "--file", "-", "--json"],
        Some(&example_order()),
    );
    let number = created["number"].as_str().unwrap();

    let out = jobcard(
        dir.path(),
        &["orders", "set-status", number, "collected"],
        None,
    );
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("cannot change status from scheduled to collected"),
        "{err}"
    );
    assert!(
        err.contains("in_progress"),
        "the message lists what is allowed: {err}"
    );

    let moved = json_of(
        dir.path(),
        &["orders", "set-status", number, "in_progress", "--json"],
        None,
    );
    assert_eq!(moved["status"]["status"], "in_progress");
    let history: Vec<&str> = moved["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["created", "status_changed"]);

    let listed = json_of(
        dir.path(),
        &["orders", "list", "--status", "in_progress", "--json"],
        None,
    );
    assert!(
        listed["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["number"] == number)
    );
}

#[test]
fn list_searches_by_phone_frame_number_and_order_number() {
    let dir = demo_dir();
    let created = json_of(
        dir.path(),
        &["orders", "create", "--file", "-", "--json"],
        Some(&example_order()),
    );
    let number = created["number"].as_str().unwrap();
    for text in [
        "0612345678",
        "31612345678",
        "GZ123456",
        number,
        "anna@example.nl",
        "chain brake",
    ] {
        let found = json_of(
            dir.path(),
            &["orders", "list", "--search", text, "--json"],
            None,
        );
        assert!(
            found["rows"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["number"] == number),
            "search {text:?} did not find {number}"
        );
    }
    let none = json_of(
        dir.path(),
        &["orders", "list", "--search", "Kawasaki", "--json"],
        None,
    );
    assert_eq!(none["rows"], json!([]));
}

#[test]
fn bad_usage_exits_with_2_and_points_to_the_usage() {
    let dir = demo_dir();
    for args in [
        &["orders", "fly"][..],
        &["orders", "show"],
        &["orders", "list", "--colour", "red"],
        &["orders", "list", "--limit", "many"],
    ] {
        let out = jobcard(dir.path(), args, None);
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "jobcard {args:?}: {said}");
        assert!(said.starts_with("error: "), "jobcard {args:?}: {said}");
        assert!(
            said.contains("Usage:") || said.contains("--help"),
            "jobcard {args:?} says how to use it: {said}"
        );
        assert!(
            out.stdout.is_empty(),
            "jobcard {args:?} printed {:?}",
            out.stdout
        );
    }
}

#[test]
fn unknown_order_and_bad_status_are_clear_errors() {
    let dir = demo_dir();
    let out = jobcard(dir.path(), &["orders", "show", "WO-2026-99999"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no order WO-2026-99999"));
    let out = jobcard(dir.path(), &["orders", "list", "--status", "flying"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("status: unknown status 'flying'"));
}

#[test]
fn report_as_csv_and_json() {
    let dir = demo_dir();
    let today = jobcard_app::SystemClock
        .now()
        .with_timezone(&chrono::Local)
        .date_naive()
        .to_string();
    let csv = ok(
        dir.path(),
        &[
            "report",
            "--from",
            "2025-01-01",
            "--to",
            "2029-12-31",
            "--csv",
        ],
        None,
    );
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("section,name,orders,net,vat,gross,work_minutes")
    );
    assert!(
        csv.lines().any(|l| l.starts_with("status,cancelled,1,")),
        "{csv}"
    );
    assert!(csv.lines().any(|l| l.starts_with("vat,21,,")), "{csv}");
    assert!(
        csv.lines().any(|l| l.starts_with("mechanic,Joris Bakker,")),
        "{csv}"
    );
    let report = json_of(
        dir.path(),
        &["report", "--from", &today, "--to", &today, "--json"],
        None,
    );
    let _ = report["orders"].as_i64().unwrap();
    let out = jobcard(
        dir.path(),
        &["report", "--from", "2026-12-01", "--to", "2026-11-01"],
        None,
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("to: must not be before from"));
}

#[test]
fn backup_and_restore() {
    let dir = demo_dir();
    let first = json_of(
        dir.path(),
        &["orders", "create", "--file", "-", "--json"],
        Some(&example_order()),
    );
    let backup = json_of(dir.path(), &["backup", "now", "--json"], None);
    let file = backup["file"].as_str().unwrap().to_owned();
    assert!(Path::new(&file).is_file());
    let second = json_of(
        dir.path(),
        &["orders", "create", "--file", "-", "--json"],
        Some(&example_order()),
    );

    // A file that is not a database is refused and changes nothing.
    let junk = dir.path().join("junk.sqlite");
    std::fs::write(&junk, "not a database").unwrap();
    let out = jobcard(
        dir.path(),
        &["backup", "restore", junk.to_str().unwrap()],
        None,
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("junk.sqlite"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let still = show(dir.path(), &second);
    assert_eq!(still["number"], second["number"]);

    let said = ok(dir.path(), &["backup", "restore", &file], None);
    assert!(said.contains("before-restore-"), "{said}");
    let shown = show(dir.path(), &first);
    assert_eq!(shown["total_cents"], first["total_cents"]);
    let out = jobcard(
        dir.path(),
        &["orders", "show", second["number"].as_str().unwrap()],
        None,
    );
    assert!(
        !out.status.success(),
        "the order made after the backup is gone after the restore"
    );

    let listed = json_of(dir.path(), &["backup", "list", "--json"], None);
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
}

#[test]
fn set_lines_reprices_records_and_refuses_bad_input() {
    let dir = demo_dir();
    let created = json_of(
        dir.path(),
        &["orders", "create", "--file", "-", "--json"],
        Some(&example_order()),
    );
    let number = created["number"].as_str().unwrap();
    // A lease company (another customer) pays the labour.
    let payer = json_of(
        dir.path(),
        &["orders", "list", "--search", "Koster", "--json"],
        None,
    );
    let payer = show(dir.path(), &payer["rows"][0]);
    let payer_id = payer["customer"]["id"].as_str().unwrap();
    let lines = json!([
        {"code": "102", "discount_bp": 1000},
        {"barcode": "8712345000045", "quantity": 2, "unit_discount_cents": 250},
        {"description": "Labour", "unit_price_cents": 4500, "vat": "low", "work_minutes": 30, "bill_to_customer_id": payer_id}
    ]);
    let changed = json_of(
        dir.path(),
        &["orders", "set-lines", number, "--file", "-", "--json"],
        Some(&lines.to_string()),
    );
    // 2995 less 10 % = 2696 (2695.5 rounds away from zero); 2 x (1250 - 250) = 2000; 4500.
    let totals: Vec<i64> = changed["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["total_cents"].as_i64().unwrap())
        .collect();
    assert_eq!(totals, [2696, 2000, 4500]);
    assert_eq!(changed["total_cents"], 9196);
    assert_eq!(changed["lines"][2]["bill_to_customer_id"], payer_id);
    assert_eq!(
        changed["work_minutes"], 50,
        "20 for repair code 102 and 30 of labour"
    );
    let actions: Vec<&str> = changed["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["created", "lines_changed"]);

    let bad = json!([{"code": "102"}, {"quantity": "two"}]);
    let out = jobcard(
        dir.path(),
        &["orders", "set-lines", number, "--file", "-"],
        Some(&bad.to_string()),
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("lines[1].quantity"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let unknown = json!([{"code": "999"}]);
    let out = jobcard(
        dir.path(),
        &["orders", "set-lines", number, "--file", "-"],
        Some(&unknown.to_string()),
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("lines[0].code"));
    assert_eq!(
        show(dir.path(), &created)["total_cents"],
        9196,
        "refused changes change nothing"
    );

    ok(
        dir.path(),
        &["orders", "set-status", number, "cancelled"],
        None,
    );
    let out = jobcard(
        dir.path(),
        &["orders", "set-lines", number, "--file", "-"],
        Some(&lines.to_string()),
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("reopen it"));
}

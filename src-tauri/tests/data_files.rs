//! The data files through the real binary: `backup restore` refused while another `jobcard`
//! has the database open, `demo` refused on a shop's own data, and user-only permissions.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::io::ErrorKind;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::{jobcard, jobcard_ok};
use serde_json::{Value, json};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn order_count(dir: &Path) -> usize {
    let out = jobcard_ok(dir, &["orders", "list", "--limit", "500", "--json"], None);
    let list: Value = serde_json::from_str(&stdout(&out)).unwrap();
    list["rows"].as_array().unwrap().len()
}

/// An order that needs nothing from the catalogue, so it also fits an empty database.
fn plain_order(name: &str) -> String {
    json!({
        "customer": {"name": name, "phone": "+31 6 1111 2222"},
        "repair_object": {"brand": "Batavus"},
        "description": "Flat tyre",
        "lines": [{"description": "Inner tube", "unit_price_cents": 795, "vat": "high"}]
    })
    .to_string()
}

/// Starts `jobcard sync --until-idle` against a remote that accepts the connection and never
/// answers, and returns once that request arrived: the process then has the database open
/// and keeps it open until it is killed.
fn start_a_hanging_sync(dir: &Path) -> (Child, std::net::TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    jobcard_ok(
        dir,
        &[
            "connector",
            "add",
            "till",
            "--kind",
            "cyclesoftware",
            "--base-url",
            &url,
            "--set",
            "timeout_ms=600000",
        ],
        None,
    );
    for (key, value) in [("username", "jobcard"), ("password", "secret")] {
        jobcard_ok(
            dir,
            &["connector", "secret", "till", key],
            Some(&format!("{value}\n")),
        );
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_jobcard"))
        .arg("--data-dir")
        .arg(dir)
        .args(["sync", "--until-idle", "--max-wait", "600"])
        .env("JOBCARD_SECRET_STORE", "file")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    listener.set_nonblocking(true).unwrap();
    loop {
        match listener.accept() {
            Ok((stream, _)) => return (child, stream),
            Err(err) if err.kind() == ErrorKind::WouldBlock => {
                if let Some(status) = child.try_wait().unwrap() {
                    let out = child.wait_with_output().unwrap();
                    panic!(
                        "the sync ended ({status}) before it called: {}",
                        stderr(&out)
                    );
                }
                std::thread::yield_now();
            }
            Err(err) => panic!("{err}"),
        }
    }
}

#[test]
fn restore_is_refused_while_a_sync_has_the_database_open_and_works_after() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    jobcard_ok(dir, &["demo"], None);
    let backup: Value = serde_json::from_str(&stdout(&jobcard_ok(
        dir,
        &["backup", "now", "--json"],
        None,
    )))
    .unwrap();
    let file = backup["file"].as_str().unwrap().to_owned();
    let in_backup = order_count(dir);
    jobcard_ok(
        dir,
        &["orders", "create", "--file", "-"],
        Some(&plain_order("After The Backup")),
    );

    let (mut sync, _connection) = start_a_hanging_sync(dir);
    let out = jobcard(dir, &["backup", "restore", &file], None);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("the database is open in another Jobcard window or process")
            && stderr(&out).contains("close it and try again"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        order_count(dir),
        in_backup + 1,
        "the order made after the backup is still there"
    );
    let kept = std::fs::read_dir(dir.join("backups"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("before-restore-")
        })
        .count();
    assert_eq!(kept, 0, "nothing was swapped or kept aside");

    // Once that process is gone (even killed), the restore goes through.
    sync.kill().unwrap();
    sync.wait().unwrap();
    let out = jobcard_ok(dir, &["backup", "restore", &file], None);
    assert!(stdout(&out).contains("before-restore-"), "{}", stdout(&out));
    assert_eq!(order_count(dir), in_backup);
}

#[test]
fn demo_is_refused_on_a_shop_with_its_own_orders_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    jobcard_ok(
        dir,
        &["orders", "create", "--file", "-"],
        Some(&plain_order("Our Own Customer")),
    );

    let out = jobcard(dir, &["demo"], None);
    assert_eq!(out.status.code(), Some(1));
    let said = stderr(&out);
    assert!(
        said.contains("1 order(s)") && said.contains("published") && said.contains("--force"),
        "{said}"
    );
    assert_eq!(order_count(dir), 1, "nothing of the demo was added");

    let out = jobcard_ok(dir, &["demo", "--force"], None);
    assert!(
        stdout(&out).contains("Loaded the demo workshop"),
        "{}",
        stdout(&out)
    );
    let with_demo = order_count(dir);
    assert!(with_demo > 1);
    for args in [&["demo"][..], &["demo", "--force"][..]] {
        let out = jobcard_ok(dir, args, None);
        assert!(stdout(&out).contains("already loaded"), "{}", stdout(&out));
        assert_eq!(order_count(dir), with_demo);
    }
}

#[test]
fn demo_on_a_fresh_database_loads_and_twice_adds_nothing() {
    // What scripts/start.sh runs on every start.
    let dir = tempfile::tempdir().unwrap();
    let out = jobcard_ok(dir.path(), &["demo"], None);
    assert!(stdout(&out).contains("Loaded the demo workshop"));
    let out = jobcard_ok(dir.path(), &["demo"], None);
    assert!(stdout(&out).contains("already loaded"));
}

#[cfg(unix)]
mod permissions {
    use std::os::unix::fs::PermissionsExt;
    use std::path::{Path, PathBuf};

    use super::jobcard_ok;

    fn everything_under(dir: &Path) -> Vec<PathBuf> {
        let mut found = vec![dir.to_path_buf()];
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                found.extend(everything_under(&path));
            } else {
                found.push(path);
            }
        }
        found
    }

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    fn assert_user_only(data: &Path) {
        let all = everything_under(data);
        assert!(all.iter().any(|p| p.ends_with("jobcard.sqlite")), "{all:?}");
        assert!(all.iter().any(|p| p.ends_with("backups")), "{all:?}");
        let open: Vec<String> = all
            .iter()
            .filter(|p| mode(p) & 0o077 != 0)
            .map(|p| format!("{} {:o}", p.display(), mode(p)))
            .collect();
        assert!(open.is_empty(), "readable by others: {open:?}");
    }

    #[test]
    fn a_new_data_dir_and_everything_in_it_is_user_only() {
        let root = tempfile::tempdir().unwrap();
        std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let data = root.path().join("shop");
        jobcard_ok(&data, &["demo"], None);
        jobcard_ok(&data, &["backup", "now"], None);
        assert_user_only(&data);
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join("jobcard.sqlite")), 0o600);
    }

    #[test]
    fn an_older_data_dir_readable_by_others_is_fixed_by_one_command() {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("shop");
        jobcard_ok(&data, &["demo"], None);
        jobcard_ok(&data, &["backup", "now"], None);
        // As an older version left them.
        for path in everything_under(&data) {
            let wide = if path.is_dir() { 0o755 } else { 0o644 };
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(wide)).unwrap();
        }
        assert_eq!(mode(&data.join("jobcard.sqlite")), 0o644);

        jobcard_ok(&data, &["orders", "list"], None);
        assert_user_only(&data);
    }
}

//! The CLI contract on Windows: `jobcard.exe`, cross-built by `scripts/build-windows.sh`, run
//! under Wine against the same fakes as the Linux tests.
//!
//! Why Wine and not a copy of the Linux tests with a flag: Windows differs exactly where
//! Jobcard is careful (drive letters and backslashes, CRLF files, `%APPDATA%`, the Credential
//! Manager, a file that is open cannot be replaced), and only the Windows binary takes those
//! branches. The window itself cannot run here (Wine has no WebView2); everything below it can.
//!
//! What differs per system and where it is run on Windows: the data directory under
//! `%APPDATA%`, drive-letter paths and CRLF files, the database lock and "an open file cannot
//! be replaced" (backup restore), the Credential Manager and the secrets file fallback (written
//! again over itself), the sync lock file (a second process stays out while one syncs), the
//! PDFs written by `print`. Not run here, because only the window reaches them and the window
//! needs WebView2, which Wine does not have: opening a PDF in the system's viewer to print it
//! (`tauri-plugin-opener`, the shell's "open" on Windows) and the window's preferences file
//! (`files::write_private`, whose Windows side is a plain write into the user's own profile;
//! the file is replaced by a rename, as the secrets file here is).
//!
//! Ignored in a plain `cargo test`: it needs the .exe and wine64. `scripts/test-windows.sh`
//! (part of the README's test command) builds both and runs these with `--ignored`, with
//! `JOBCARD_WINDOWS_EXE` naming the .exe and `WINEPREFIX` a Wine prefix made for the run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

const NEEDS: &str = "needs jobcard.exe and wine64: run scripts/test-windows.sh";

/// The Windows side of a test: the .exe, the Wine prefix, and a folder of the prefix's C:
/// drive that is this test's own.
struct Windows {
    exe: PathBuf,
    prefix: PathBuf,
    /// `C:\jobcard-tests\<test>` as a Linux path.
    folder: PathBuf,
    /// The same folder as Windows names it.
    win_folder: String,
    /// `JOBCARD_SECRET_STORE` for its commands (`file`: the documented fallback), else the
    /// Credential Manager.
    secret_store: Option<&'static str>,
}

impl Windows {
    fn new(test: &str) -> Self {
        let exe = PathBuf::from(std::env::var_os("JOBCARD_WINDOWS_EXE").expect(NEEDS));
        let prefix = PathBuf::from(std::env::var_os("WINEPREFIX").expect(NEEDS));
        let folder = prefix.join("drive_c/jobcard-tests").join(test);
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        Windows {
            exe,
            prefix,
            folder,
            win_folder: format!(r"C:\jobcard-tests\{test}"),
            secret_store: None,
        }
    }

    /// `C:\jobcard-tests\<test>\<name>`.
    fn win(&self, name: &str) -> String {
        format!(r"{}\{name}", self.win_folder)
    }

    /// The Linux path of `C:\jobcard-tests\<test>\<name>`.
    fn file(&self, name: &str) -> PathBuf {
        self.folder.join(name)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new("wine");
        command
            .arg(&self.exe)
            .args(args)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .env_remove("JOBCARD_DATA_DIR")
            .env_remove("JOBCARD_PIN")
            .env_remove("JOBCARD_SECRET_STORE")
            .env_remove("DISPLAY")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(store) = self.secret_store {
            command.env("JOBCARD_SECRET_STORE", store);
        }
        command
    }

    /// Runs `jobcard.exe ARGS` with `stdin`.
    fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut child = self.command(args).spawn().unwrap();
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
        drop(input);
        child.wait_with_output().unwrap()
    }

    /// Like [`Windows::run`], failing the test with the command's stderr when it fails.
    fn ok(&self, args: &[&str], stdin: Option<&str>) -> String {
        let out = self.run(args, stdin);
        assert!(
            out.status.success(),
            "jobcard.exe {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str], stdin: Option<&str>) -> Value {
        let said = self.ok(args, stdin);
        serde_json::from_str(&said).unwrap_or_else(|e| panic!("{args:?}: {e}: {said}"))
    }

    /// `--data-dir C:\jobcard-tests\<test>\data` followed by `args`.
    fn in_shop(&self, args: &[&str]) -> Vec<String> {
        let mut all = vec!["--data-dir".to_owned(), self.win("data")];
        all.extend(args.iter().map(|a| (*a).to_owned()));
        all
    }

    fn shop(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let all = self.in_shop(args);
        self.run(&all.iter().map(String::as_str).collect::<Vec<_>>(), stdin)
    }

    fn shop_ok(&self, args: &[&str], stdin: Option<&str>) -> String {
        let all = self.in_shop(args);
        self.ok(&all.iter().map(String::as_str).collect::<Vec<_>>(), stdin)
    }

    fn shop_json(&self, args: &[&str], stdin: Option<&str>) -> Value {
        let all = self.in_shop(args);
        self.json(&all.iter().map(String::as_str).collect::<Vec<_>>(), stdin)
    }

    /// The demo workshop in this test's data folder.
    fn demo(&self) {
        let said = self.shop_ok(&["demo"], None);
        assert!(said.contains("Loaded the demo workshop"), "{said}");
    }

    /// Starts `jobcard.exe ARGS` in the background.
    fn spawn(&self, args: &[&str]) -> Child {
        let all = self.in_shop(args);
        let mut command = self.command(&all.iter().map(String::as_str).collect::<Vec<_>>());
        command.stdin(Stdio::null()).stdout(Stdio::null());
        command.spawn().unwrap()
    }
}

/// Writes `text` with Windows line ends.
fn write_crlf(path: &Path, text: &str) {
    let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
    std::fs::write(path, crlf).unwrap();
}

/// An order for Nguyễn Thị Łukasz with an article, a part and labour at both VAT rates, as a
/// person would type it into a file on Windows (pretty-printed, so with CRLF line ends).
fn order_json(frame: &str, phone: &str) -> String {
    serde_json::to_string_pretty(&json!({
        "customer": {"name": "Nguyễn Thị Łukasz", "phone": phone, "email": "sule@example.nl"},
        "repair_object": {"kind": "bicycle", "brand": "Gazelle", "model": "Orange C7", "frame_number": frame},
        "description": "Şule's chain and brake pads",
        "lines": [
            {"code": "102"},
            {"description": "Brake pads", "quantity": 2, "unit_price_cents": 4500, "vat": "high"},
            {"description": "Labour", "quantity": 1, "unit_price_cents": 9000, "vat": "low", "work_minutes": 30}
        ]
    }))
    .unwrap()
}

/// Creates the example order from a CRLF file on the C: drive and returns `orders create`'s
/// JSON.
fn create_order(windows: &Windows, name: &str, frame: &str, phone: &str) -> Value {
    write_crlf(&windows.file(name), &order_json(frame, phone));
    windows.shop_json(
        &["orders", "create", "--file", &windows.win(name), "--json"],
        None,
    )
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils; scripts/deps.sh test installs it)");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
#[ignore = "needs jobcard.exe and wine64: run scripts/test-windows.sh"]
fn an_order_from_a_crlf_file_on_a_windows_path_is_priced_listed_and_found() {
    let windows = Windows::new("orders");
    windows.demo();
    let created = create_order(&windows, "order.json", "GZ-WIN-1", "+31 6 1357 9246");
    let number = created["number"].as_str().unwrap();
    let shown = windows.shop_json(&["orders", "show", number, "--json"], None);
    assert_eq!(shown["customer"]["name"], "Nguyễn Thị Łukasz");
    assert_eq!(shown["description"], "Şule's chain and brake pads");
    let lines = shown["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 3, "{shown}");
    // The seed vectors: 9000 gross at 21 % carries 1562 VAT (2 x 4500), 9000 at 9 % carries 743.
    assert_eq!(lines[1]["total_cents"], 9000);
    assert_eq!(lines[1]["vat_cents"], 1562);
    assert_eq!(lines[2]["total_cents"], 9000);
    assert_eq!(lines[2]["vat_cents"], 743);
    let line_sum: i64 = lines
        .iter()
        .map(|l| l["total_cents"].as_i64().unwrap())
        .sum();
    assert_eq!(shown["total_cents"].as_i64().unwrap(), line_sum);
    let vat_sum: i64 = lines.iter().map(|l| l["vat_cents"].as_i64().unwrap()).sum();
    assert_eq!(shown["vat_cents"].as_i64().unwrap(), vat_sum);

    for search in ["0613579246", "gz-win-1", number, "Łukasz"] {
        let found = windows.shop_json(&["orders", "list", "--search", search, "--json"], None);
        let numbers: Vec<&str> = found["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["number"].as_str().unwrap())
            .collect();
        assert_eq!(numbers, [number], "search {search:?}");
    }
    let all = windows.shop_json(&["orders", "list", "--limit", "500", "--json"], None);
    assert!(
        all["rows"].as_array().unwrap().len() > 10,
        "demo orders and the new one"
    );

    // A missing file is named in the error, with its Windows path.
    let out = windows.shop(
        &["orders", "create", "--file", &windows.win("missing.json")],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains(r"missing.json"), "{said}");
}

#[test]
#[ignore = "needs jobcard.exe and wine64: run scripts/test-windows.sh"]
fn both_pdfs_print_what_was_typed_and_the_report_is_csv() {
    let windows = Windows::new("print");
    windows.demo();
    let created = create_order(&windows, "order.json", "GZ-WIN-2", "0687654321");
    let number = created["number"].as_str().unwrap();
    for (kind, title) in [("job-card", "Werkbon"), ("summary", "Orderoverzicht")] {
        let name = format!("{kind}.pdf");
        windows.shop_ok(
            &[
                "print",
                number,
                "--kind",
                kind,
                "--out",
                &windows.win(&name),
            ],
            None,
        );
        let pdf = windows.file(&name);
        assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"), "{kind}");
        let text = pdf_text(&pdf);
        for expected in [title, number, "Nguyễn Thị Łukasz", "GZ-WIN-2"] {
            assert!(
                text.contains(expected),
                "{kind} lacks {expected:?}:\n{text}"
            );
        }
    }
    let csv = windows.shop_ok(
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
    let header = csv.lines().next().unwrap();
    assert_eq!(header, "section,name,orders,net,vat,gross,work_minutes");
    assert!(csv.lines().any(|l| l.starts_with("vat,21,,")), "{csv}");
}

#[test]
#[ignore = "needs jobcard.exe and wine64: run scripts/test-windows.sh"]
fn a_crlf_price_list_imports_all_or_nothing() {
    let windows = Windows::new("articles");
    windows.demo();
    write_crlf(
        &windows.file("prices.csv"),
        "ean;omschrijving;prijs;btw\n8712345999001;Binnenband 28\";7,95;hoog\n8712345999002;Kettingolie;12,50;hoog\n",
    );
    let imported = windows.shop_json(
        &["articles", "import", &windows.win("prices.csv"), "--json"],
        None,
    );
    assert_eq!(imported["added"], 2, "{imported}");
    // The last field of a CRLF line is the price's VAT code, not "hoog\r".
    let order = json!({
        "customer": {"name": "Şule Yılmaz", "phone": "0611122233"},
        "repair_object": {"brand": "Batavus", "frame_number": "BT-WIN-1"},
        "description": "Tube",
        "lines": [{"barcode": "8712345999001"}]
    });
    let created = windows.shop_json(
        &["orders", "create", "--file", "-", "--json"],
        Some(&order.to_string()),
    );
    assert_eq!(created["lines"][0]["total_cents"], 795);
    assert_eq!(created["lines"][0]["vat_percent"], "21");

    write_crlf(
        &windows.file("bad.csv"),
        "ean;omschrijving;prijs;btw\n8712345999003;Bel;4,50;hoog\n8712345999004;Slot;;hoog\n",
    );
    let out = windows.shop(&["articles", "import", &windows.win("bad.csv")], None);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("line 3: prijs: is required"), "{said}");
    let order = json!({
        "customer": {"name": "Şule Yılmaz", "phone": "0611122233"},
        "repair_object": {"brand": "Batavus", "frame_number": "BT-WIN-1"},
        "description": "Bell",
        "lines": [{"barcode": "8712345999003"}]
    });
    let out = windows.shop(
        &["orders", "create", "--file", "-"],
        Some(&order.to_string()),
    );
    assert!(
        !out.status.success(),
        "nothing of the refused file was imported"
    );
}

#[test]
#[ignore = "needs jobcard.exe and wine64: run scripts/test-windows.sh"]
fn backup_restore_waits_for_the_open_database_and_then_replaces_it() {
    let windows = Windows::new("backup");
    windows.demo();
    let first = create_order(&windows, "first.json", "GZ-WIN-3", "0600000003");
    let backup = windows.shop_json(&["backup", "now", "--json"], None);
    let file = backup["file"].as_str().unwrap().to_owned();
    assert!(
        file.starts_with(r"C:\jobcard-tests\backup\data\backups\"),
        "{file}"
    );
    let listed = windows.shop_json(&["backup", "list", "--json"], None);
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    let second = create_order(&windows, "second.json", "GZ-WIN-4", "0600000004");

    // While another process has the database open (a sync retrying a remote that does not
    // answer), a restore is refused: on Windows an open file cannot be replaced, and on every
    // system the other process would go on writing into the old one.
    windows.shop_ok(
        &[
            "connector",
            "add",
            "gone",
            "--kind",
            "mes",
            "--base-url",
            "http://127.0.0.1:9",
        ],
        None,
    );
    windows.shop_ok(&["connector", "secret", "gone", "api_key"], Some("k\r\n"));
    let mut holder = windows.spawn(&["sync", "--until-idle", "--max-wait", "40"]);
    std::thread::sleep(Duration::from_secs(5));
    assert!(
        holder.try_wait().unwrap().is_none(),
        "the sync keeps running"
    );
    let out = windows.shop(&["backup", "restore", &file], None);
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    holder.kill().unwrap();
    holder.wait().unwrap();
    assert_eq!(out.status.code(), Some(1), "restore while open: {said}");
    assert!(said.contains("in use") || said.contains("open"), "{said}");
    let still = windows.shop_json(
        &[
            "orders",
            "show",
            second["number"].as_str().unwrap(),
            "--json",
        ],
        None,
    );
    assert_eq!(still["number"], second["number"]);

    let said = windows.shop_ok(&["backup", "restore", &file], None);
    assert!(said.contains("before-restore-"), "{said}");
    let shown = windows.shop_json(
        &[
            "orders",
            "show",
            first["number"].as_str().unwrap(),
            "--json",
        ],
        None,
    );
    assert_eq!(shown["total_cents"], first["total_cents"]);
    let gone = windows.shop(
        &["orders", "show", second["number"].as_str().unwrap()],
        None,
    );
    assert!(
        !gone.status.success(),
        "the order made after the backup is gone"
    );
}

#[test]
#[ignore = "needs jobcard.exe and wine64: run scripts/test-windows.sh"]
fn the_data_directory_is_under_appdata() {
    let windows = Windows::new("appdata");
    let users = windows.prefix.join("drive_c/users");
    let roaming: Vec<PathBuf> = std::fs::read_dir(&users)
        .unwrap()
        .filter_map(|u| {
            let dir = u.ok()?.path().join("AppData/Roaming");
            dir.is_dir().then_some(dir)
        })
        .collect();
    assert_eq!(roaming.len(), 1, "one user's AppData\\Roaming: {roaming:?}");
    let data = roaming[0].join("nl.jobcard.desktop");
    let _ = std::fs::remove_dir_all(&data);
    let said = windows.ok(&["demo"], None);
    assert!(said.contains("Loaded the demo workshop"), "{said}");
    assert!(
        data.join("jobcard.sqlite").is_file(),
        "no database in {}",
        data.display()
    );
    let listed = windows.json(&["orders", "list", "--json"], None);
    assert!(!listed["rows"].as_array().unwrap().is_empty());
    std::fs::remove_dir_all(&data).unwrap();
}

/// Every file under `dir`, read as bytes.
fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(next) = todo.pop() {
        for entry in std::fs::read_dir(&next).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                found.push((path, bytes));
            }
        }
    }
    found
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs jobcard.exe and wine64: run scripts/test-windows.sh"]
async fn sync_sends_orders_to_cyclesoftware_and_the_mes_with_secrets_in_the_credential_store() {
    let windows = Windows::new("sync");
    windows.demo();
    // Secrets no other text in the data directory could hold by chance.
    let till_password = "till-Secret-3141";
    let mes_key = "mes-Key-2718";
    let till =
        jobcard_fake_cyclesoftware::FakeServer::start(jobcard_fake_cyclesoftware::FakeConfig {
            password: till_password.into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let mes = jobcard_fake_mes::FakeServer::start(jobcard_fake_mes::FakeConfig {
        api_key: mes_key.into(),
    })
    .await
    .unwrap();
    for (name, kind, url, secrets) in [
        (
            "till",
            "cyclesoftware",
            till.base_url(),
            vec![("username", "jobcard"), ("password", till_password)],
        ),
        ("mes", "mes", mes.base_url(), vec![("api_key", mes_key)]),
    ] {
        windows.shop_ok(
            &["connector", "add", name, "--kind", kind, "--base-url", &url],
            None,
        );
        for (key, value) in secrets {
            windows.shop_ok(
                &["connector", "secret", name, key],
                Some(&format!("{value}\r\n")),
            );
        }
    }
    let listed = windows.shop_ok(&["connector", "list"], None);
    assert!(
        !listed.contains("secrets.json"),
        "the secrets went to the Credential Manager, not the file fallback: {listed}"
    );
    let created = create_order(&windows, "order.json", "GZ-WIN-5", "0600000005");
    let number = created["number"].as_str().unwrap().to_owned();

    let out = windows.shop(
        &["sync", "--until-idle", "--max-wait", "60", "--json"],
        None,
    );
    assert!(
        out.status.success(),
        "sync: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let numbers: Vec<String> = windows
        .shop_json(&["orders", "list", "--limit", "500", "--json"], None)["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap().to_owned())
        .collect();
    let on_till = till.snapshot();
    let till_orders: Vec<&str> = on_till["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["reference_text"].as_str().unwrap())
        .collect();
    let on_mes = mes.snapshot();
    let mes_orders: Vec<&str> = on_mes["work_orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["orderNumber"].as_str().unwrap())
        .collect();
    for remote in [&till_orders, &mes_orders] {
        assert!(
            remote.contains(&number.as_str()),
            "{number} not sent: {remote:?}"
        );
        let mut once = remote.clone();
        once.sort_unstable();
        once.dedup();
        assert_eq!(
            once.len(),
            remote.len(),
            "an order went out twice: {remote:?}"
        );
    }
    assert_eq!(till_orders.len(), numbers.len(), "every order on the till");

    // No secret is in a file of the data directory, nor in what the CLI prints.
    for (path, bytes) in files_under(&windows.file("data")) {
        for secret in [till_password, mes_key] {
            assert!(
                !contains(&bytes, secret),
                "{} holds a secret",
                path.display()
            );
        }
    }
    for secret in [till_password, mes_key] {
        assert!(!listed.contains(secret));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs jobcard.exe and wine64: run scripts/test-windows.sh"]
async fn the_secrets_file_fallback_and_the_sync_lock_work_on_windows() {
    let mut windows = Windows::new("file-secrets");
    windows.secret_store = Some("file");
    windows.demo();
    let key = "mes-Key-1618";
    let mes = jobcard_fake_mes::FakeServer::start(jobcard_fake_mes::FakeConfig {
        api_key: key.into(),
    })
    .await
    .unwrap();
    windows.shop_ok(
        &[
            "connector",
            "add",
            "mes",
            "--kind",
            "mes",
            "--base-url",
            &mes.base_url(),
        ],
        None,
    );
    // Set twice: the second write replaces the file (a rename over an existing file, which
    // Windows allows only when nobody has it open).
    for value in ["an-old-key", key] {
        windows.shop_ok(
            &["connector", "secret", "mes", "api_key"],
            Some(&format!("{value}\r\n")),
        );
    }
    let data = windows.file("data");
    let secrets = std::fs::read_to_string(data.join("secrets.json")).expect("the fallback file");
    assert!(
        secrets.contains(key) && !secrets.contains("an-old-key"),
        "{secrets}"
    );
    assert!(
        !data.join("secrets.json.tmp").exists(),
        "no half-written copy is left"
    );

    // While one sync waits for a slow answer, a second process does not send the same order:
    // the lock file beside the database (LockFileEx on Windows) keeps it out.
    mes.add_fault(jobcard_fake_faults::Fault::Slow {
        times: 1,
        delay_ms: 8_000,
        apply: true,
        path_contains: None,
        method: Some("POST".into()),
    });
    let created = create_order(&windows, "order.json", "GZ-WIN-7", "0600000007");
    let number = created["number"].as_str().unwrap().to_owned();
    let mut first = windows.spawn(&["sync", "--until-idle", "--max-wait", "60"]);
    // The first create the MES receives is the slow one: it is applied at once and answered
    // 8 s later, and the first sync holds the lock all that time.
    let listed = |mes: &jobcard_fake_mes::FakeServer| -> Vec<String> {
        mes.snapshot()["work_orders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["orderNumber"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let start = std::time::Instant::now();
    while listed(&mes).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the first sync never sent"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let second = windows.shop_json(&["sync", "--json"], None);
    let report = second
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["connector"] == "mes")
        .cloned()
        .unwrap();
    assert!(
        report["note"]
            .as_str()
            .is_some_and(|n| n.contains("another Jobcard process")),
        "{report}"
    );
    assert_eq!(report["sent"], 0, "{report}");
    assert!(first.wait().unwrap().success(), "the first sync finishes");
    let sent = listed(&mes);
    assert_eq!(
        sent.iter().filter(|n| **n == number).count(),
        1,
        "{number} went out exactly once: {sent:?}"
    );
    let mut once = sent.clone();
    once.sort_unstable();
    once.dedup();
    assert_eq!(once.len(), sent.len(), "an order went out twice: {sent:?}");
}

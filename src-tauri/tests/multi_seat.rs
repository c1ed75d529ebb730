//! Several seats on one shop database at once (issue 14), with the real `jobcard` binary.
//!
//! Four seats (a counter person and a mechanic each, each its own `jobcard` process per
//! command, as four computers in a workshop would be) take orders in, change their lines,
//! start, pause, resume and finish work, move them to waiting and search for them, all at the
//! same time for [`LOAD_SECONDS`]. Every seat logs what it was told was saved. Afterwards the
//! shop must hold exactly that: every order number unique and gapless per year, every order
//! with the lines and status its seat last saw saved, one audit row (and one outbox row) per
//! saved change, and no seat may have been shown an error.
//!
//! Then a seat is killed with SIGKILL while it holds a transaction open (a large order being
//! written; the statement log on stderr says how far it got): the order is then either there
//! completely (lines, audit, outbox, search row) or not at all, with no customer or bike left
//! behind, and the next order takes the number the killed one had, so the sequence stays
//! gapless.
//!
//! The tests run on the database the suite runs on: a fresh PostgreSQL database when
//! `JOBCARD_TEST_POSTGRES` names a cluster (`scripts/with-postgres.sh`), else several
//! processes on one SQLite file. `JOBCARD_MULTI_SEAT_SECS` shortens the load for a quick try.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use jobcard_app::{App, Database, SystemClock};
use jobcard_store::db::testing::{TEST_POSTGRES, database_for};
use serde_json::{Value, json};

/// How long the seats work at once.
const LOAD_SECONDS: u64 = 30;

/// The lines of the large order a killed seat is writing.
const KILL_LINES: usize = 1500;

/// A seat: who takes orders in there (name and PIN; `None` is the machine's owner) and the
/// mechanic who works at it. Demo staff (README); every mechanic has a seat of their own,
/// since a mechanic's timer runs on one order at a time.
struct Seat {
    no: usize,
    counter: Option<(&'static str, &'static str)>,
    mechanic: (&'static str, &'static str),
}

const SEATS: [Seat; 4] = [
    Seat {
        no: 0,
        counter: Some(("Sanne de Boer", "1111")),
        mechanic: ("Joris Bakker", "2222"),
    },
    Seat {
        no: 1,
        counter: Some(("Pieter Visser", "4444")),
        mechanic: ("Fatima El Amrani", "3333"),
    },
    Seat {
        no: 2,
        counter: Some(("Marco Jansen", "5555")),
        mechanic: ("Pieter Visser", "4444"),
    },
    Seat {
        no: 3,
        counter: None,
        mechanic: ("Marco Jansen", "5555"),
    },
];

/// The shop's database and how a seat's `jobcard` reaches it.
struct Shop {
    _dir: tempfile::TempDir,
    base: PathBuf,
    database: Database,
    /// `--database-url` of a shared database (with its password: test clusters only).
    url: Option<String>,
}

impl Shop {
    async fn new() -> Shop {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().to_path_buf();
        let shop_dir = base.join("shop");
        let database = database_for(&shop_dir).await.unwrap();
        let url = match &database {
            Database::Embedded(_) => {
                eprintln!("multi_seat: on one SQLite file ({TEST_POSTGRES} not set)");
                None
            }
            Database::Shared(url) => {
                eprintln!("multi_seat: on PostgreSQL database {}", url.database());
                let admin = std::env::var(TEST_POSTGRES).unwrap();
                Some(with_database(&admin, url.database()))
            }
        };
        Shop {
            _dir: dir,
            base,
            database,
            url,
        }
    }

    /// The data directory of `seat`: each seat its own computer on a shared database, one
    /// directory (the database's) for every process on SQLite.
    fn data_dir(&self, seat: usize) -> PathBuf {
        match self.url {
            Some(_) => self.base.join(format!("seat-{seat}")),
            None => self.base.join("shop"),
        }
    }

    /// `jobcard` at `seat` with `args`, acting with `pin` when given.
    fn command(&self, seat: usize, args: &[&str], pin: Option<&str>) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_jobcard"));
        command.arg("--data-dir").arg(self.data_dir(seat));
        if let Some(url) = &self.url {
            command.arg("--database-url").arg(url);
        }
        command
            .args(args)
            .env("JOBCARD_SECRET_STORE", "file")
            .env_remove("JOBCARD_DATA_DIR")
            .env_remove("JOBCARD_DATABASE_URL")
            .env_remove("JOBCARD_PIN")
            .env_remove("RUST_LOG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(pin) = pin {
            command.env("JOBCARD_PIN", pin);
        }
        command
    }

    /// Runs one command to its end; its standard output, or what a person at the seat would
    /// have been told when it failed.
    fn run(
        &self,
        seat: usize,
        args: &[&str],
        input: &str,
        pin: Option<&str>,
    ) -> Result<String, String> {
        let mut child = self.command(seat, args, pin).spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(format!(
                "seat {seat}: jobcard {args:?} exited with {}: {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    }

    async fn open(&self) -> App {
        let dir = self.base.join("checker");
        App::open_on_with_secret_file(&dir, &self.database, Arc::new(SystemClock))
            .await
            .unwrap()
    }
}

/// The admin URL `admin` with its database replaced by `name`, password and options kept.
fn with_database(admin: &str, name: &str) -> String {
    let (base, options) = match admin.split_once('?') {
        Some((base, options)) => (base, format!("?{options}")),
        None => (admin, String::new()),
    };
    let (server, _) = base.rsplit_once('/').unwrap();
    format!("{server}/{name}{options}")
}

/// What a seat was told was saved about one order.
#[derive(Debug, Clone)]
struct Saved {
    number: String,
    customer: String,
    lines: Vec<String>,
    status: &'static str,
    /// The history entries each acknowledged change wrote, in order.
    actions: Vec<&'static str>,
}

#[derive(Debug, Default)]
struct SeatLog {
    orders: Vec<Saved>,
    errors: Vec<String>,
    commands: usize,
}

fn line(description: &str, cents: i64) -> Value {
    json!({"description": description, "quantity": 1, "unit_price_cents": cents, "vat": "high"})
}

fn new_order(customer: &str, phone: &str, frame: &str, lines: &[Value]) -> String {
    json!({
        "customer": {"name": customer, "phone": phone},
        "repair_object": {"brand": "Gazelle", "frame_number": frame},
        "description": "Several seats at once",
        "lines": lines,
    })
    .to_string()
}

/// The `--json` output's field `key` as text.
fn field(stdout: &str, key: &str) -> String {
    let value: Value = serde_json::from_str(stdout).unwrap();
    value[key].as_str().unwrap_or_default().to_owned()
}

/// The commands of one seat: its counter person's and its mechanic's.
struct Desk<'a> {
    shop: &'a Shop,
    seat: &'a Seat,
    commands: usize,
}

impl Desk<'_> {
    /// A counter command (`--as` the seat's counter person, or as the owner).
    fn counter(&mut self, args: &[&str], input: &str) -> Result<String, String> {
        let mut all = args.to_vec();
        let pin = self.seat.counter.map(|(name, pin)| {
            all.extend(["--as", name]);
            pin
        });
        self.commands += 1;
        self.shop.run(self.seat.no, &all, input, pin)
    }

    /// A command that only reads (no `--as`: reading needs no sign-in).
    fn read(&mut self, args: &[&str]) -> Result<String, String> {
        self.commands += 1;
        self.shop.run(self.seat.no, args, "", None)
    }

    /// `orders VERB NUMBER EXTRA.. --as MECHANIC`.
    fn mechanic(&mut self, verb: &str, number: &str, extra: &[&str]) -> Result<String, String> {
        let (name, pin) = self.seat.mechanic;
        let mut all = vec!["orders", verb, number];
        all.extend(extra);
        all.extend(["--as", name]);
        self.commands += 1;
        self.shop.run(self.seat.no, &all, "", Some(pin))
    }
}

/// One seat's work until `until`: each round takes an order in and works it, the way a
/// counter and a bench would (every step only after the one before it was acknowledged).
fn work_seat(shop: &Shop, seat: &Seat, until: Instant) -> SeatLog {
    let mut log = SeatLog::default();
    let mut desk = Desk {
        shop,
        seat,
        commands: 0,
    };
    let mut round = 0;
    // At least three rounds (every kind of step), however slow the machine is.
    while round < 3 || Instant::now() < until {
        round += 1;
        if let Err(err) = one_order(&mut desk, round, &mut log.orders) {
            log.errors.push(err);
        }
    }
    log.commands = desk.commands;
    log
}

/// Takes one order in at the counter and logs it, then works it.
fn one_order(desk: &mut Desk, round: usize, log: &mut Vec<Saved>) -> Result<(), String> {
    let s = desk.seat.no;
    let customer = format!("Seat{s} Customer{round}");
    let tyre = format!("Tyre s{s} r{round}");
    let input = new_order(
        &customer,
        &format!("+31 6 {s}{round:07}"),
        &format!("SEAT{s}-{round:05}"),
        &[line(&tyre, 2999), line("Valve", 350)],
    );
    let out = desk.counter(&["orders", "create", "--file", "-", "--json"], &input)?;
    log.push(Saved {
        number: field(&out, "number"),
        customer,
        lines: vec![tyre, "Valve".to_owned()],
        status: "intake",
        actions: vec!["created"],
    });
    let saved = log.last_mut().unwrap();
    work_order(desk, round, saved)
}

/// What happens to an order after intake; `saved` follows every acknowledged step.
fn work_order(desk: &mut Desk, round: usize, saved: &mut Saved) -> Result<(), String> {
    let s = desk.seat.no;
    let number = saved.number.clone();
    let n = number.as_str();

    // The customer wants more done: the counter replaces the lines.
    let chain = format!("Chain s{s} r{round}");
    let more = json!([
        line(&chain, 2500),
        line("Cassette", 4500),
        line("Labour", 3000)
    ]);
    desk.counter(
        &["orders", "set-lines", n, "--file", "-"],
        &more.to_string(),
    )?;
    saved.lines = vec![chain, "Cassette".into(), "Labour".into()];
    saved.actions.push("lines_changed");

    // The mechanic starts, and pauses for a phone call.
    desk.mechanic("start", n, &[])?;
    saved.status = "in_progress";
    saved.actions.extend(["status_changed", "work_started"]);
    desk.mechanic("pause", n, &[])?;
    saved.actions.push("work_paused");

    // Every third order is looked up by the customer's name at the counter.
    if round.is_multiple_of(3) {
        let found = desk.read(&["orders", "list", "--search", &saved.customer, "--json"])?;
        if !found.contains(&number) {
            return Err(format!(
                "seat {s}: searching {:?} did not find {number}: {found}",
                saved.customer
            ));
        }
    }

    // Every other order waits for a part, then is finished.
    if round.is_multiple_of(2) {
        let waiting = [
            "orders",
            "set-status",
            n,
            "waiting_for_parts",
            "--reason",
            "Cassette ordered",
        ];
        desk.counter(&waiting, "")?;
        saved.status = "waiting_for_parts";
        saved.actions.push("status_changed");
        desk.mechanic("resume", n, &[])?;
        saved.status = "in_progress";
        saved.actions.extend(["status_changed", "work_started"]);
        desk.mechanic("line-done", n, &["1"])?;
        saved.actions.push("line_status");
        desk.mechanic("finish", n, &["--resolution", "New chain and cassette"])?;
        saved.status = "done";
        saved.actions.extend(["status_changed", "finished"]);
    }
    Ok(())
}

/// Every order number of every year, checked to be 1..=the counter's last number with no
/// gap and no double.
async fn assert_numbers_gapless(app: &App) {
    let rows: Vec<(i32, i64, String)> =
        jobcard_store::query_as("SELECT year, seq, number FROM orders ORDER BY year, seq")
            .fetch_all(app.store().readers())
            .await
            .unwrap();
    let counters: Vec<(i32, i64)> =
        jobcard_store::query_as("SELECT year, last_seq FROM order_counters ORDER BY year")
            .fetch_all(app.store().readers())
            .await
            .unwrap();
    let mut per_year: BTreeMap<i32, Vec<i64>> = BTreeMap::new();
    for (year, seq, number) in &rows {
        assert_eq!(
            number,
            &format!("WO-{year}-{seq:05}"),
            "number and sequence agree"
        );
        per_year.entry(*year).or_default().push(*seq);
    }
    for (year, last) in &counters {
        let seqs = per_year.remove(year).unwrap_or_default();
        let expected: Vec<i64> = (1..=*last).collect();
        assert_eq!(
            seqs, expected,
            "{year}: the numbers are not exactly 1..={last} (a gap, a double or a number taken twice)"
        );
    }
    assert!(
        per_year.is_empty(),
        "orders of a year without a counter: {per_year:?}"
    );
}

/// The audit and outbox rows of order `id`.
async fn change_rows(app: &App, id: &str) -> (i64, i64) {
    let audit: i64 = jobcard_store::query_scalar(
        "SELECT count(*) FROM audit_log WHERE entity = 'order' AND entity_id = $1",
    )
    .bind(id)
    .fetch_one(app.store().readers())
    .await
    .unwrap();
    let outbox: i64 = jobcard_store::query_scalar(
        "SELECT count(*) FROM outbox WHERE entity = 'order' AND entity_id = $1",
    )
    .bind(id)
    .fetch_one(app.store().readers())
    .await
    .unwrap();
    (audit, outbox)
}

/// The order is stored exactly as its seat was told: lines, status, and one history entry
/// (with its outbox row) per acknowledged change.
async fn assert_saved(app: &App, saved: &Saved) {
    let view = app
        .get_order(&saved.number)
        .await
        .unwrap_or_else(|e| panic!("{} was acknowledged but is not there: {e}", saved.number));
    assert_eq!(view.customer.name, saved.customer, "{}", saved.number);
    let lines: Vec<&str> = view.lines.iter().map(|l| l.description.as_str()).collect();
    assert_eq!(lines, saved.lines, "{}: lines", saved.number);
    assert_eq!(
        view.status.status.as_str(),
        saved.status,
        "{}: status",
        saved.number
    );
    let actions: Vec<&str> = view.history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(actions, saved.actions, "{}: history", saved.number);
    let (audit, outbox) = change_rows(app, &view.id).await;
    assert_eq!(
        audit as usize,
        saved.actions.len(),
        "{}: audit rows",
        saved.number
    );
    assert_eq!(
        outbox, audit,
        "{}: one outbox row per audit row",
        saved.number
    );
}

fn load_seconds() -> u64 {
    std::env::var("JOBCARD_MULTI_SEAT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(LOAD_SECONDS)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_seats_at_once_lose_nothing_and_number_without_gaps() {
    let shop = Arc::new(Shop::new().await);
    shop.run(0, &["demo"], "", None).unwrap();

    let started = Instant::now();
    let until = started + Duration::from_secs(load_seconds());
    let seats: Vec<_> = (0..SEATS.len())
        .map(|k| {
            let shop = Arc::clone(&shop);
            thread::spawn(move || work_seat(&shop, &SEATS[k], until))
        })
        .collect();
    let logs: Vec<SeatLog> = seats.into_iter().map(|h| h.join().unwrap()).collect();
    let elapsed = started.elapsed();

    let errors: Vec<&String> = logs.iter().flat_map(|l| &l.errors).collect();
    assert!(errors.is_empty(), "a seat was shown an error:\n{errors:#?}");
    let app = shop.open().await;
    assert_numbers_gapless(&app).await;
    let mut numbers = std::collections::BTreeSet::new();
    for saved in logs.iter().flat_map(|l| &l.orders) {
        assert!(
            numbers.insert(saved.number.clone()),
            "{} given twice",
            saved.number
        );
        assert_saved(&app, saved).await;
    }
    let commands: usize = logs.iter().map(|l| l.commands).sum();
    eprintln!(
        "multi_seat: {} seats, {} commands, {} orders in {elapsed:.1?}",
        SEATS.len(),
        commands,
        numbers.len()
    );
    app.close().await;
}

/// How far a killed `orders create` got, from its statement log.
#[derive(Debug, Default)]
struct Progress {
    took_number: bool,
    lines_written: usize,
    committed: bool,
    reported: Option<String>,
}

/// Starts a large `orders create` at seat 1 and SIGKILLs it once it has written `kill_at`
/// lines inside its transaction.
fn create_and_kill(shop: &Shop, customer: &str, frame: &str, kill_at: usize) -> Progress {
    let lines: Vec<Value> = (0..KILL_LINES)
        .map(|i| line(&format!("Part {i}"), 100 + i as i64))
        .collect();
    let input = new_order(customer, &format!("+31 6 9999{kill_at:04}"), frame, &lines);
    let mut child = shop
        .command(1, &["orders", "create", "--file", "-", "--json"], None)
        .env("RUST_LOG", "sqlx::query=debug")
        .env("NO_COLOR", "1")
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).unwrap();
    drop(stdin);
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut progress = Progress::default();
    let mut killed = false;
    for text in stderr.lines() {
        let Ok(text) = text else { break };
        if text.contains("INSERT INTO order_counters") {
            progress.took_number = true;
        } else if text.contains("INSERT INTO order_lines") {
            // One statement writes up to 50 lines; the log says how many.
            progress.lines_written += rows_affected(&text).unwrap_or(1);
        } else if text.contains("\"COMMIT\"") {
            progress.committed = true;
        }
        if !killed && progress.took_number && progress.lines_written >= kill_at {
            child.kill().unwrap(); // SIGKILL: no rollback by the client, no goodbye.
            killed = true;
        }
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !stdout.trim().is_empty() {
        progress.reported = Some(field(&stdout, "number"));
    }
    progress
}

/// The `rows_affected=N` of one sqlx statement log line.
fn rows_affected(text: &str) -> Option<usize> {
    let (_, rest) = text.split_once("rows_affected=")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// What is stored of the killed order's customer: orders (number, lines, audit and outbox
/// rows, found by search), customers and bikes.
async fn leftovers(app: &App, customer: &str, frame: &str) -> (Vec<String>, i64, i64) {
    let numbers: Vec<String> = jobcard_store::query_scalar(
        "SELECT o.number FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.name = $1",
    )
    .bind(customer)
    .fetch_all(app.store().readers())
    .await
    .unwrap();
    let customers: i64 =
        jobcard_store::query_scalar("SELECT count(*) FROM customers WHERE name = $1")
            .bind(customer)
            .fetch_one(app.store().readers())
            .await
            .unwrap();
    let bikes: i64 =
        jobcard_store::query_scalar("SELECT count(*) FROM repair_objects WHERE frame_number = $1")
            .bind(frame)
            .fetch_one(app.store().readers())
            .await
            .unwrap();
    (numbers, customers, bikes)
}

/// An order that got through its commit is there with all of it.
async fn assert_complete(app: &App, number: &str, customer: &str) {
    let view = app.get_order(number).await.unwrap();
    assert_eq!(view.lines.len(), KILL_LINES, "{number}: every line");
    let (audit, outbox) = change_rows(app, &view.id).await;
    assert_eq!(
        (audit, outbox),
        (1, 1),
        "{number}: its audit and outbox rows"
    );
    let found = app
        .list_orders(&jobcard_app::dto::OrderQuery {
            search: Some(customer.to_owned()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        found.rows.iter().any(|r| r.number == number),
        "{number}: search finds it"
    );
}

async fn last_number(app: &App) -> i64 {
    jobcard_store::query_scalar("SELECT CAST(max(seq) AS BIGINT) FROM orders")
        .fetch_one(app.store().readers())
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seat_killed_mid_transaction_leaves_nothing_half_saved() {
    let shop = Shop::new().await;
    shop.run(0, &["demo"], "", None).unwrap();
    let mut mid_transaction = 0;
    // Killed just after taking the number, half-way through the lines, near the end.
    for (round, kill_at) in [0, 1, KILL_LINES / 2, KILL_LINES - 50]
        .into_iter()
        .enumerate()
    {
        let customer = format!("Killed Seat {round}");
        let frame = format!("KILLED-{round}");
        let app = shop.open().await;
        let before = last_number(&app).await;
        app.close().await;

        let progress = create_and_kill(&shop, &customer, &frame, kill_at);
        assert!(
            progress.took_number,
            "round {round}: never got to its number: {progress:?}"
        );
        if !progress.committed {
            mid_transaction += 1;
        }
        eprintln!("multi_seat: round {round}, killed at line {kill_at}: {progress:?}");

        let app = shop.open().await;
        let (numbers, customers, bikes) = leftovers(&app, &customer, &frame).await;
        if numbers.is_empty() {
            assert!(
                progress.reported.is_none(),
                "round {round}: reported but missing"
            );
            assert_eq!(
                (customers, bikes),
                (0, 0),
                "round {round}: a customer or bike of a rolled-back order stayed"
            );
            assert_eq!(last_number(&app).await, before, "round {round}");
        } else {
            assert_eq!(numbers.len(), 1, "round {round}: {numbers:?}");
            assert_eq!(
                seq_of(&numbers[0]),
                before + 1,
                "round {round}: its number follows on"
            );
            assert_complete(&app, &numbers[0], &customer).await;
        }
        app.close().await;

        // The next order takes the next number: one a rolled-back order had is given back.
        let out = shop
            .run(
                2,
                &["orders", "create", "--file", "-", "--json"],
                &new_order(
                    &format!("After Kill {round}"),
                    &format!("+31 6 8888{round:04}"),
                    &format!("AFTER-{round}"),
                    &[line("Bell", 500)],
                ),
                None,
            )
            .unwrap();
        let app = shop.open().await;
        let expected_seq = last_number(&app).await;
        assert_eq!(seq_of(&field(&out, "number")), expected_seq);
        assert_eq!(
            expected_seq,
            before + 1 + i64::from(!numbers.is_empty()),
            "round {round}: the numbers go on without a gap"
        );
        assert_numbers_gapless(&app).await;
        app.close().await;
    }
    assert!(
        mid_transaction > 0,
        "no kill landed inside the transaction; the test proved nothing"
    );
}

/// The sequence number of `WO-YYYY-NNNNN`.
fn seq_of(number: &str) -> i64 {
    number.rsplit('-').next().unwrap().parse().unwrap()
}

//! Benchmark of the order list, search, opening an order and creating one, at scale, on the
//! embedded SQLite file and on a shared PostgreSQL database in one run, side by side.
//!
//! ```text
//! cargo run --release -p jobcard-app --example bench -- [--orders 1000000] [--dir DIR] [--runs 300]
//!     [--postgres URL | --sqlite-only] [--seconds 10] [--backup]
//! ```
//!
//! It generates a workshop (50,000 customers with a bike each, `--orders` orders of about five
//! lines each, in transactions of 10,000 through the store's own insert functions), then times
//! the use cases the UI calls and prints p50/p99, and how many orders four seats (four
//! `App`s, each with its own connections, as four computers would have) create per second
//! together for `--seconds`; with `--backup`, how long a backup of the SQLite file takes and
//! its size. It does all of that on SQLite (`jobcard.sqlite` in `--dir`) and
//! then on PostgreSQL: the database `--postgres URL` names (it must exist), or, with
//! `JOBCARD_TEST_POSTGRES` set (`scripts/with-postgres.sh`), a database it creates in that
//! cluster. The generated databases are kept, so a second run skips generation. At the end it
//! prints both side by side; `scripts/bench-table.py` turns that output into the README's
//! table. This is a benchmark, not a test: it asserts nothing about time.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod bare;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jobcard_app::dto::{CustomerInput, LineInput, NewOrder, OrderQuery, RepairObjectInput};
use jobcard_app::{Actor, App, Database, DatabaseUrl, SystemClock};
use jobcard_store::sql::{orders, parties};
use jobcard_store::{CustomerRow, LineRow, OrderRow, RepairObjectRow};

const CUSTOMERS: u64 = 50_000;
const BATCH: u64 = 10_000;
const BRANDS: &[&str] = &[
    "Gazelle", "Batavus", "Sparta", "Cortina", "Stromer", "VanMoof", "Giant", "Trek", "Koga",
    "Union",
];
const FIRST: &[&str] = &[
    "Anna", "Bram", "Claire", "Daan", "Eva", "Femke", "Gerrit", "Hassan", "Iris", "Jan", "Kees",
    "Lotte",
];
const LAST: &[&str] = &[
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer", "Bos", "Vos",
    "Peters", "Hendriks",
];
const JOBS: &[&str] = &[
    "Replace chain",
    "Flat tyre rear",
    "Large service",
    "Brakes squeal",
    "Gears slip",
    "E-bike diagnosis",
    "Wheel truing",
    "New lights",
];
const STATUSES: &[&str] = &[
    "intake",
    "scheduled",
    "in_progress",
    "waiting_for_parts",
    "done",
    "collected",
    "collected",
    "collected",
];

struct Args {
    orders: u64,
    dir: PathBuf,
    runs: usize,
    /// The PostgreSQL database to use; `None` with `sqlite_only` skips PostgreSQL.
    postgres: Option<String>,
    sqlite_only: bool,
    /// How long the four seats create orders at once.
    seconds: u64,
    /// Also time a backup of the SQLite database (`--backup`).
    backup: bool,
}

fn args() -> Args {
    let mut parsed = Args {
        orders: 1_000_000,
        dir: std::env::temp_dir().join("jobcard-bench"),
        runs: 300,
        postgres: None,
        sqlite_only: false,
        seconds: 10,
        backup: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--sqlite-only" {
            parsed.sqlite_only = true;
            continue;
        }
        if flag == "--backup" {
            parsed.backup = true;
            continue;
        }
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--orders" => parsed.orders = value.parse().expect("--orders N"),
            "--dir" => parsed.dir = PathBuf::from(value),
            "--runs" => parsed.runs = value.parse().expect("--runs N"),
            "--postgres" => parsed.postgres = Some(value),
            "--seconds" => parsed.seconds = value.parse().expect("--seconds N"),
            other => panic!("unknown flag {other}"),
        }
    }
    parsed
}

/// A small deterministic generator (SplitMix64), so every run builds the same workshop.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

fn customer(i: u64, rng: &mut Rng) -> (CustomerRow, RepairObjectRow) {
    let name = format!("{} {} {i}", rng.pick(FIRST), rng.pick(LAST));
    let phone = format!("06{:08}", i);
    let customer = CustomerRow {
        id: format!("bench-c-{i}"),
        name,
        phone: Some(phone.clone()),
        phone_digits: Some(phone),
        email: Some(format!("customer{i}@example.nl")),
        address: None,
        notes: None,
        created_at: "2025-01-01T00:00:00.000Z".into(),
        updated_at: "2025-01-01T00:00:00.000Z".into(),
    };
    let frame = format!("FR{i:08}");
    let object = RepairObjectRow {
        id: format!("bench-o-{i}"),
        owner_id: Some(customer.id.clone()),
        kind: jobcard_domain::ObjectKind::Bicycle,
        brand: Some(rng.pick(BRANDS).into()),
        model: Some(format!("Model {}", rng.below(40))),
        year: None,
        colour: None,
        frame_number: Some(frame.clone()),
        frame_key: Some(frame),
        licence_plate: None,
        barcode: None,
        created_at: customer.created_at.clone(),
        updated_at: customer.created_at.clone(),
    };
    (customer, object)
}

fn line(order_pk: i64, line_no: i64, rng: &mut Rng) -> LineRow {
    let price = 500 + rng.below(10_000) as i64;
    let (code, rate) = if rng.below(5) == 0 {
        (jobcard_domain::VatCode::Low, 900u32)
    } else {
        (jobcard_domain::VatCode::High, 2100u32)
    };
    let quantity = 1 + rng.below(3) as i64;
    let total = price * quantity;
    let vat = (i128::from(total) * i128::from(rate) * 2 + i128::from(10_000 + rate))
        / (2 * i128::from(10_000 + rate));
    LineRow {
        id: format!("bench-l-{order_pk}-{line_no}"),
        order_pk,
        line_no,
        kind: jobcard_domain::LineKind::Article,
        code: None,
        barcode: None,
        description: format!("Part {}", rng.below(500)),
        quantity,
        unit_price_cents: price,
        unit_discount_cents: 0,
        discount_bp: 0,
        vat_code: code,
        vat_rate_bp: i64::from(rate),
        total_cents: total,
        vat_cents: vat as i64,
        work_minutes_per_unit: 10,
        work_minutes: 10 * quantity,
        status: jobcard_domain::LineStatus::Open,
        bill_to_customer_id: None,
    }
}

async fn generate(app: &App, count: u64) {
    let store = app.store();
    let started = Instant::now();
    let mut rng = Rng(42);
    let people: Vec<_> = (0..CUSTOMERS).map(|i| customer(i, &mut rng)).collect();
    let mut tx = store.begin_write().await.unwrap();
    for (c, o) in &people {
        parties::insert_customer(&mut tx, c).await.unwrap();
        parties::insert_repair_object(&mut tx, o).await.unwrap();
    }
    tx.commit().await.unwrap();
    let store_id: String = jobcard_store::query_scalar("SELECT id FROM stores LIMIT 1")
        .fetch_one(store.readers())
        .await
        .unwrap();
    let mut made = 0;
    while made < count {
        let mut tx = store.begin_write().await.unwrap();
        for _ in 0..BATCH.min(count - made) {
            let (c, o) = &people[rng.below(CUSTOMERS) as usize];
            let year = 2020 + (made * 7 / count.max(1)) as i32;
            let seq = orders::next_seq(&mut tx, year).await.unwrap();
            let lines: Vec<LineRow> = (1..=(3 + rng.below(5) as i64))
                .map(|n| line(0, n, &mut rng))
                .collect();
            let row = OrderRow {
                pk: 0,
                id: format!("bench-{made}"),
                number: format!("WO-{year}-{seq:05}"),
                year,
                seq,
                customer_id: c.id.clone(),
                repair_object_id: o.id.clone(),
                store_id: store_id.clone(),
                own_reference: None,
                description: rng.pick(JOBS).into(),
                status: rng.pick(STATUSES).parse().expect("a known status"),
                priority: jobcard_domain::Priority::Normal,
                mechanic_id: None,
                scheduled_start: None,
                scheduled_all_day: false,
                scheduled_finish: None,
                // A third of the orders have a promised date, spread over a year.
                promised_date: (made % 3 == 0)
                    .then(|| format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28))),
                loan_object: None,
                order_date: format!("{year}-06-01"),
                work_minutes: lines.iter().map(|l| l.work_minutes).sum(),
                total_cents: lines.iter().map(|l| l.total_cents).sum(),
                vat_cents: lines.iter().map(|l| l.vat_cents).sum(),
                created_at: format!("{year}-06-01T09:00:00.000Z"),
                created_by: "bench".into(),
                updated_at: format!("{year}-06-01T09:00:00.000Z"),
                updated_by: "bench".into(),
                deleted_at: None,
                version: 0,
            };
            bare::insert_order(&mut tx, &row, lines, c, o).await;
            made += 1;
        }
        tx.commit().await.unwrap();
        eprint!("\rgenerated {made} orders in {:.0?}", started.elapsed());
    }
    eprintln!();
    jobcard_store::query("PRAGMA optimize")
        .postgres("ANALYZE")
        .execute(store.readers())
        .await
        .ok();
}

/// One backend's figures, in the order they were measured.
struct Results {
    backend: &'static str,
    orders: i64,
    lines: i64,
    rows: Vec<(String, Duration, Duration, usize)>,
    /// Orders created per second by four seats at once, and how many in all.
    seats: Option<(f64, u64)>,
}

impl Results {
    fn new(backend: &'static str) -> Self {
        Self {
            backend,
            orders: 0,
            lines: 0,
            rows: Vec::new(),
            seats: None,
        }
    }

    /// Prints one operation's p50/p99 (as the run goes) and keeps it for the table.
    fn report(&mut self, name: &str, mut samples: Vec<Duration>) {
        samples.sort();
        let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
        let (p50, p99) = (at(0.5), at(0.99));
        println!(
            "[{}] {name:<34} p50 {:>9.3} ms   p99 {:>9.3} ms   (n={})",
            self.backend,
            ms(p50),
            ms(p99),
            samples.len()
        );
        self.rows.push((name.to_owned(), p50, p99, samples.len()));
    }

    /// The bare SQL of the operation measured last: its p50/p99 as a row of its own, and the
    /// ratio of the operation's p99 to it, with each side's statement count.
    fn against_bare(&mut self, samples: Vec<Duration>, statements: (u32, u32)) {
        let Some((name, _, app_p99, _)) = self.rows.last().cloned() else {
            return;
        };
        self.report(&format!("{name}: bare SQL"), samples);
        let Some((_, _, bare_p99, _)) = self.rows.last() else {
            return;
        };
        println!(
            "[{}] {name}: p99 {:.2}x its bare SQL ({} statements; bare: {})",
            self.backend,
            app_p99.as_secs_f64() / bare_p99.as_secs_f64().max(1e-9),
            statements.0,
            statements.1
        );
    }
}

/// How many statements `work` sends to the database.
async fn statements<F: std::future::Future>(work: F) -> u32 {
    jobcard_store::count_statements(work).await.1
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn time<F, Fut>(runs: usize, mut f: F) -> Vec<Duration>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut samples = Vec::with_capacity(runs);
    for i in 0..runs {
        let started = Instant::now();
        f(i).await;
        samples.push(started.elapsed());
    }
    samples
}

/// Removes the orders earlier runs created, so every run measures the same generated shop:
/// left in place, thousands of identical "Benchmark order"s would sit on top of the newest-first
/// list, which no shop looks like, and each run would measure a different database.
async fn forget_earlier_runs(app: &App, backend: &str) {
    const CREATED: &str = "SELECT pk FROM orders WHERE description = 'Benchmark order'";
    let mut tx = app.store().begin_write().await.unwrap();
    let removed = jobcard_store::query_scalar::<i64>(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM ({CREATED}) c"
    )))
    .fetch_one(&mut tx)
    .await
    .unwrap();
    for sql in [
        format!("DELETE FROM order_search WHERE rowid IN ({CREATED})"),
        format!("DELETE FROM order_lines WHERE order_pk IN ({CREATED})"),
        "DELETE FROM orders WHERE description = 'Benchmark order'".to_owned(),
    ] {
        jobcard_store::query(sqlx::AssertSqlSafe(sql.clone()))
            .postgres(sqlx::AssertSqlSafe(
                sql.replace("WHERE rowid", "WHERE order_pk"),
            ))
            .execute(&mut tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    if removed > 0 {
        println!("[{backend}] removed {removed} orders earlier runs created");
    }
}

fn ten_line_order(i: usize) -> NewOrder {
    NewOrder {
        customer: Some(CustomerInput {
            name: format!("Bench {i}"),
            phone: Some(format!("07{i:08}")),
            ..Default::default()
        }),
        repair_object: Some(RepairObjectInput {
            brand: Some("Gazelle".into()),
            frame_number: Some(format!("BENCH{i:06}")),
            ..Default::default()
        }),
        description: "Benchmark order".into(),
        lines: (0..10)
            .map(|n| LineInput {
                description: Some(format!("Part {n}")),
                quantity: Some(1),
                unit_price_cents: Some(1000 + n),
                vat: Some("high".into()),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

/// Opens the shop on `database` (generating it first when it is empty) and measures it.
async fn bench(args: &Args, data_dir: &Path, database: &Database, results: &mut Results) {
    let app = App::open_on(data_dir, database, Arc::new(SystemClock))
        .await
        .unwrap();
    forget_earlier_runs(&app, results.backend).await;
    let existing: i64 = jobcard_store::query_scalar("SELECT count(*) FROM orders")
        .fetch_one(app.store().readers())
        .await
        .unwrap();
    if (existing as u64) < args.orders {
        assert_eq!(
            existing, 0,
            "{} holds a partial database; remove it first",
            results.backend
        );
        generate(&app, args.orders).await;
    }
    results.orders = jobcard_store::query_scalar("SELECT count(*) FROM orders")
        .fetch_one(app.store().readers())
        .await
        .unwrap();
    results.lines = jobcard_store::query_scalar("SELECT count(*) FROM order_lines")
        .fetch_one(app.store().readers())
        .await
        .unwrap();
    println!(
        "[{}] database: {} orders, {} lines",
        results.backend, results.orders, results.lines
    );
    let version: String = jobcard_store::query_scalar("SELECT sqlite_version()")
        .postgres("SHOW server_version")
        .fetch_one(app.store().readers())
        .await
        .unwrap();
    println!("[{}] version: {version}", results.backend);
    measure(&app, args.runs, results).await;
    app.close().await;
    let (per_second, made, samples) = four_seats(data_dir, database, args.seconds).await;
    results.report("create, 4 seats at once", samples);
    println!(
        "[{}] 4 seats at once: {made} orders in {} s = {per_second:.1} orders/s",
        results.backend, args.seconds
    );
    results.seats = Some((per_second, made));
}

/// Takes one backup as the window does (a compressed snapshot) into a folder of its own,
/// prints its time and size beside the database's, and removes it.
async fn time_backup(app: &App, data_dir: &Path, backend: &str) {
    let dir = data_dir.join("bench-backup");
    let _ = std::fs::remove_dir_all(&dir);
    let database = app
        .store()
        .path()
        .map_or(0, |p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0));
    let started = Instant::now();
    let backup = app.backup_now(&Actor::new("bench"), &dir).await.unwrap();
    let took = started.elapsed();
    println!(
        "[{backend}] backup: {:.1} s, {:.0} MB compressed, database {:.0} MB",
        took.as_secs_f64(),
        backup.bytes as f64 / 1e6,
        database as f64 / 1e6
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The single-seat figures: list, search, open and create.
async fn measure(app: &App, runs: usize, results: &mut Results) {
    // The store filter names the shop's first store (the generated shop's, or the demo's
    // after `jobcard demo --force` gave the database the demo's staff and store).
    let store = app
        .shop_settings(&Actor::new("bench"))
        .await
        .unwrap()
        .stores
        .first()
        .map(|s| s.name.clone())
        .unwrap();
    let store = store.as_str();
    results.report(
        "list, first page (50)",
        time(runs, |_| async move {
            app.list_orders(&OrderQuery::default()).await.unwrap();
        })
        .await,
    );
    let first_page = OrderQuery::default();
    results.against_bare(
        time(runs, |_| bare::list_first_page(app.store())).await,
        (
            statements(app.list_orders(&first_page)).await,
            statements(bare::list_first_page(app.store())).await,
        ),
    );
    results.report(
        "list, status filter",
        time(runs, |_| async move {
            app.list_orders(&OrderQuery {
                status: Some("waiting_for_parts".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        })
        .await,
    );
    results.report(
        "list, status filter sorted by status",
        time(runs, |_| async move {
            app.list_orders(&OrderQuery {
                status: Some("collected".into()),
                sort: Some("status".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        })
        .await,
    );
    for sort in [
        "date_asc",
        "number_desc",
        "number_asc",
        "status",
        "promised",
    ] {
        results.report(
            &format!("list, sorted by {sort}"),
            time(runs, |_| async move {
                app.list_orders(&OrderQuery {
                    sort: Some(sort.into()),
                    ..Default::default()
                })
                .await
                .unwrap();
            })
            .await,
        );
    }
    results.report(
        "list, store filter",
        time(runs, |_| async move {
            app.list_orders(&OrderQuery {
                store: Some(store.to_owned()),
                ..Default::default()
            })
            .await
            .unwrap();
        })
        .await,
    );
    results.report(
        "list, status filter + number sort",
        time(runs, |_| async move {
            app.list_orders(&OrderQuery {
                status: Some("in_progress".into()),
                sort: Some("number_desc".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        })
        .await,
    );
    results.report(
        "list, status filter + promised sort",
        time(runs, |_| async move {
            app.list_orders(&OrderQuery {
                status: Some("in_progress".into()),
                sort: Some("promised".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        })
        .await,
    );
    let terms = [
        "Gazelle",
        "anna jansen",
        "0600012345",
        "FR00031337",
        "WO-2024-01234",
        "customer4242@example.nl",
        "chain",
        "strom",
    ];
    let mut all_searches = Vec::new();
    for term in terms {
        let q = OrderQuery {
            search: Some(term.into()),
            ..Default::default()
        };
        let samples = time(runs / terms.len(), |_| {
            let q = &q;
            async move {
                app.list_orders(q).await.unwrap();
            }
        })
        .await;
        results.report(&format!("  search {term:?}"), samples.clone());
        all_searches.extend(samples);
    }
    results.report("search, first page (all terms)", all_searches);
    let numbers: Vec<String> =
        jobcard_store::query_scalar("SELECT number FROM orders WHERE pk % 997 = 0 LIMIT 1000")
            .fetch_all(app.store().readers())
            .await
            .unwrap();
    results.report(
        "open one order",
        time(runs, |i| {
            let n = numbers[i % numbers.len()].clone();
            async move {
                app.get_order(&n).await.unwrap();
            }
        })
        .await,
    );
    results.against_bare(
        // Other orders than the use case opened (the next ones in the sample), so neither
        // side reads pages the other has just brought into the cache.
        time(runs, |i| {
            bare::open(app.store(), &numbers[(runs + i) % numbers.len()])
        })
        .await,
        (
            statements(app.get_order(&numbers[0])).await,
            statements(bare::open(app.store(), &numbers[0])).await,
        ),
    );
    let actor = Actor::new("bench");
    let stamp = std::process::id() as usize * 10_000;
    results.report(
        "create a 10-line order",
        time(runs.min(200), |i| {
            let input = ten_line_order(stamp + i);
            let actor = &actor;
            async move {
                app.create_order(actor, input).await.unwrap();
            }
        })
        .await,
    );
    let store_id: String = jobcard_store::query_scalar("SELECT id FROM stores LIMIT 1")
        .fetch_one(app.store().readers())
        .await
        .unwrap();
    // Numbered apart from the use case's orders above, so no customer is met twice.
    let bare_stamp = stamp + 5_000;
    let app_statements = statements(app.create_order(&actor, ten_line_order(stamp + 4_999))).await;
    results.against_bare(
        time(runs.min(200), |i| {
            bare::create(app.store(), &store_id, bare_stamp + i)
        })
        .await,
        (
            app_statements,
            statements(bare::create(app.store(), &store_id, bare_stamp + 4_999)).await,
        ),
    );
}

/// How many orders four seats create per second together: four `App`s on the same database,
/// each with its own connections, creating 10-line orders for `seconds`. Their latencies
/// under that contention are reported too.
async fn four_seats(
    data_dir: &Path,
    database: &Database,
    seconds: u64,
) -> (f64, u64, Vec<Duration>) {
    const SEATS: usize = 4;
    let mut seats = Vec::with_capacity(SEATS);
    for _ in 0..SEATS {
        seats.push(
            App::open_on(data_dir, database, Arc::new(SystemClock))
                .await
                .unwrap(),
        );
    }
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    // Unique customers per run and seat, so no order matches another run's customer.
    let stamp = std::process::id() as usize % 1_000 * 100_000;
    let tasks: Vec<_> = seats
        .into_iter()
        .enumerate()
        .map(|(seat, app)| {
            tokio::spawn(async move {
                let actor = Actor::new(format!("seat {seat}"));
                let mut samples = Vec::new();
                while Instant::now() < until {
                    let input = ten_line_order(stamp + seat * 20_000 + samples.len());
                    let one = Instant::now();
                    app.create_order(&actor, input).await.unwrap();
                    samples.push(one.elapsed());
                }
                app.close().await;
                samples
            })
        })
        .collect();
    let mut samples = Vec::new();
    for task in tasks {
        samples.extend(task.await.unwrap());
    }
    let elapsed = started.elapsed().as_secs_f64();
    let made = samples.len() as u64;
    (made as f64 / elapsed, made, samples)
}

/// The PostgreSQL database of this run: `--postgres URL`, or one made in the cluster that
/// `JOBCARD_TEST_POSTGRES` names (kept between runs, named after `--dir` and the count).
async fn postgres_database(args: &Args) -> Option<Database> {
    if args.sqlite_only {
        return None;
    }
    if let Some(url) = &args.postgres {
        return Some(Database::Shared(
            DatabaseUrl::parse(url).expect("--postgres URL"),
        ));
    }
    if !jobcard_store::db::testing::on_postgres() {
        return None;
    }
    let name = args.dir.join(format!("postgres-{}", args.orders));
    Some(
        jobcard_store::db::testing::database_for(&name)
            .await
            .expect("a database in JOBCARD_TEST_POSTGRES's cluster"),
    )
}

/// Both backends' figures next to each other (`scripts/bench-table.py` reads the lines
/// printed as they were measured, not this table).
fn side_by_side(all: &[Results]) {
    println!();
    print!("{:<36}", "operation");
    for r in all {
        print!("{:>14} p50{:>10} p99", r.backend, "");
    }
    println!();
    let Some(first) = all.first() else { return };
    for (i, (name, ..)) in first.rows.iter().enumerate() {
        print!("{name:<36}");
        for r in all {
            match r.rows.get(i) {
                Some((_, p50, p99, _)) => print!("{:>15.3} ms{:>10.3} ms", ms(*p50), ms(*p99)),
                None => print!("{:>31}", "-"),
            }
        }
        println!();
    }
    print!("{:<36}", "orders/s, 4 seats at once");
    for r in all {
        match r.seats {
            Some((per_second, _)) => print!("{per_second:>18.1}{:>16}", ""),
            None => print!("{:>34}", "-"),
        }
    }
    println!();
}

#[tokio::main]
async fn main() {
    let args = args();
    let mut all = Vec::new();
    let mut sqlite = Results::new("SQLite");
    bench(
        &args,
        &args.dir,
        &Database::Embedded(args.dir.clone()),
        &mut sqlite,
    )
    .await;
    all.push(sqlite);
    match postgres_database(&args).await {
        Some(database) => {
            let mut postgres = Results::new("PostgreSQL");
            bench(
                &args,
                &args.dir.join("postgres-seat"),
                &database,
                &mut postgres,
            )
            .await;
            all.push(postgres);
        }
        None => println!("[PostgreSQL] skipped: give --postgres URL or set JOBCARD_TEST_POSTGRES"),
    }
    if args.backup {
        // Last: writing and compressing a copy of the file pushes the other backend's pages
        // out of the cache, which would show in its figures.
        let app = App::open_on(
            &args.dir,
            &Database::Embedded(args.dir.clone()),
            Arc::new(SystemClock),
        )
        .await
        .unwrap();
        time_backup(&app, &args.dir, "SQLite").await;
        app.close().await;
    }
    side_by_side(&all);
}

//! `migrate-to`: a shop's SQLite file copied into an empty PostgreSQL database (issue 14).
//!
//! The shop is the demo workshop plus 10,000 generated orders on a real SQLite file; the
//! target a fresh database in the throwaway cluster `scripts/with-postgres.sh` starts. After
//! the copy, every order reads the same on both backends (`orders show --json` is
//! `get_order`), the list's first pages and searches agree, the counts and money agree, a
//! second copy into the now used database is refused, and the SQLite file has not changed a
//! byte. Without `JOBCARD_TEST_POSTGRES` the PostgreSQL tests print a skip line and pass.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};
use jobcard_app::dto::OrderQuery;
use jobcard_app::{Actor, App, Database, DatabaseUrl, FixedClock};
use jobcard_store::SearchDoc;
use jobcard_store::db::testing::TEST_POSTGRES;
use jobcard_store::sql::search;
use sqlx::Connection;

const ORDERS: i64 = 10_000;
const CUSTOMERS: i64 = 2_000;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-24T08:00:00Z")
        .unwrap()
        .to_utc()
}

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock(now()))
}

/// The cluster's admin URL, or `None` (with a skip line) when the run is on SQLite only.
fn admin_url(test: &str) -> Option<String> {
    match std::env::var(TEST_POSTGRES) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            eprintln!("skip {test}: needs PostgreSQL (run under scripts/with-postgres.sh)");
            None
        }
    }
}

/// A new, empty database in the cluster; its URL (with the cluster's password).
// The name must be one no earlier run left in a kept cluster: the time in nanoseconds.
#[allow(clippy::disallowed_methods)]
async fn fresh_database(admin: &str, tag: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let name = format!("jc_migrate_{tag}_{}_{nanos}", std::process::id());
    let mut conn = sqlx::PgConnection::connect(admin).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let (server, _) = admin.rsplit_once('/').unwrap();
    format!("{server}/{name}")
}

/// The demo workshop on a real SQLite file in `dir`.
async fn sqlite_demo(dir: &Path) -> App {
    let app = App::open_with_secret_file(dir, clock()).await.unwrap();
    app.load_demo().await.unwrap();
    app
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> i64 {
        i64::try_from(self.next() % n).unwrap()
    }
}

const NAMES: &[&str] = &["Anna de Vries", "Bram Jansen", "Zoë Bakker", "Łukasz Nowak"];
const JOBS: &[&str] = &[
    "Replace chain",
    "Flat tyre rear",
    "Remplacer frein",
    "Groot onderhoud",
];
const STATUSES: &[&str] = &[
    "intake",
    "in_progress",
    "waiting_for_parts",
    "done",
    "collected",
];

/// Adds `ORDERS` orders of `CUSTOMERS` customers (a bike each) with one to five lines, some
/// of them deleted, in one transaction, with their full-text rows as intake writes them.
async fn generate(app: &App) {
    let store = app.store();
    let mut rng = Rng(7);
    let mut tx = store.begin_write().await.unwrap();
    let store_id: String = jobcard_store::query_scalar("SELECT id FROM stores LIMIT 1")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    let stamp = "2026-01-05T09:00:00.000Z";
    for c in 0..CUSTOMERS {
        let name = format!("{} {c}", NAMES[(c % 4) as usize]);
        let phone = format!("06{c:08}");
        jobcard_store::query(
            "INSERT INTO customers (id, name, phone, phone_digits, email, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(format!("gen-c-{c}"))
        .bind(name)
        .bind(phone.clone())
        .bind(phone)
        .bind(format!("klant{c}@example.nl"))
        .bind(stamp)
        .execute(&mut *tx)
        .await
        .unwrap();
        jobcard_store::query(
            "INSERT INTO repair_objects (id, owner_id, kind, brand, model, frame_number, frame_key,
                created_at, updated_at)
             VALUES ($1, $2, 'bicycle', 'Gazelle', $3, $4, $4, $5, $5)",
        )
        .bind(format!("gen-o-{c}"))
        .bind(format!("gen-c-{c}"))
        .bind(format!("Model {}", c % 40))
        .bind(format!("FR{c:08}"))
        .bind(stamp)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    for n in 0..ORDERS {
        let c = rng.below(CUSTOMERS as u64);
        let seq = 1000 + n;
        let number = format!("WO-2025-{seq:05}");
        let lines = 1 + rng.below(5);
        let prices: Vec<(i64, i64, i64)> = (0..lines)
            .map(|_| {
                let quantity = 1 + rng.below(3);
                let total = (100 + rng.below(20_000)) * quantity;
                (quantity, total, total * 2100 / 12_100)
            })
            .collect();
        let total: i64 = prices.iter().map(|p| p.1).sum();
        let vat: i64 = prices.iter().map(|p| p.2).sum();
        let description = JOBS[(n % 4) as usize];
        let deleted = (n % 97 == 0).then_some(stamp);
        let pk: i64 = jobcard_store::query_scalar(
            "INSERT INTO orders (id, number, year, seq, customer_id, repair_object_id, store_id,
                description, status, priority, order_date, work_minutes, total_cents, vat_cents,
                created_at, created_by, updated_at, updated_by, deleted_at, promised_date)
             VALUES ($1, $2, 2025, $3, $4, $5, $6, $7, $8, 'normal', '2025-06-01', $9, $10, $11,
                $12, 'gen', $12, 'gen', $13, $14)
             RETURNING pk",
        )
        .bind(format!("gen-{n}"))
        .bind(number.clone())
        .bind(seq)
        .bind(format!("gen-c-{c}"))
        .bind(format!("gen-o-{c}"))
        .bind(store_id.clone())
        .bind(description)
        .bind(STATUSES[(n % 5) as usize])
        .bind(lines * 15)
        .bind(total)
        .bind(vat)
        .bind(stamp)
        .bind(deleted)
        .bind((n % 3 == 0).then(|| format!("2025-{:02}-{:02}", 1 + n % 12, 1 + n % 28)))
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        for (i, (quantity, line_total, line_vat)) in prices.iter().enumerate() {
            jobcard_store::query(
                "INSERT INTO order_lines (id, order_pk, line_no, kind, description, quantity,
                    unit_price_cents, unit_discount_cents, discount_bp, vat_code, vat_rate_bp,
                    total_cents, vat_cents, work_minutes_per_unit, work_minutes, status)
                 VALUES ($1, $2, $3, 'article', 'Part', $4, $5, 0, 0, 'high', 2100, $6, $7, 15, $8,
                    'open')",
            )
            .bind(format!("gen-l-{n}-{i}"))
            .bind(pk)
            .bind(i64::try_from(i).unwrap() + 1)
            .bind(*quantity)
            .bind(line_total / quantity)
            .bind(*line_total)
            .bind(*line_vat)
            .bind(15 * quantity)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        let phone = format!("06{c:08}");
        let doc = SearchDoc {
            number: format!("{number} {seq}"),
            customer: format!("{} {c}", NAMES[(c % 4) as usize]),
            phone: format!("{phone} {phone} {phone}"),
            email: format!("klant{c}@example.nl"),
            object: format!("Gazelle Model {} FR{c:08} FR{c:08}", c % 40),
            description: description.to_owned(),
        };
        search::upsert(&mut tx, pk, &doc).await.unwrap();
    }
    jobcard_store::query(
        "INSERT INTO order_counters (year, last_seq) VALUES (2025, $1)
         ON CONFLICT (year) DO UPDATE SET last_seq = excluded.last_seq",
    )
    .bind(1000 + ORDERS - 1)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

fn file_hash(path: &Path) -> (u64, usize) {
    let bytes = std::fs::read(path).unwrap();
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    (hasher.finish(), bytes.len())
}

async fn open_shared(dir: &Path, url: &str) -> App {
    let database = Database::Shared(DatabaseUrl::parse(url).unwrap());
    App::open_on_with_secret_file(dir, &database, clock())
        .await
        .unwrap()
}

async fn count(app: &App, sql: &'static str) -> i64 {
    jobcard_store::query_scalar(sql)
        .fetch_one(app.store().readers())
        .await
        .unwrap()
}

fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shop_of_ten_thousand_orders_moves_into_postgres_whole() {
    let Some(admin) = admin_url("a_shop_of_ten_thousand_orders_moves_into_postgres_whole") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let shop = sqlite_demo(dir.path()).await;
    generate(&shop).await;
    shop.close().await;
    let file = dir.path().join("jobcard.sqlite");
    let before = file_hash(&file);

    let shop = App::open_with_secret_file(dir.path(), clock())
        .await
        .unwrap();
    let url = fresh_database(&admin, "whole").await;
    let started = Instant::now();
    let report = shop.migrate_to(&Actor::new("owner"), &url).await.unwrap();
    eprintln!(
        "migrate-to copied {} rows ({} orders) in {:.1?}",
        report.rows,
        report.search_rows,
        started.elapsed()
    );
    assert_eq!(report.target, DatabaseUrl::parse(&url).unwrap().to_string());
    let orders_row = report.tables.iter().find(|t| t.table == "orders").unwrap();
    let demo_orders = count(&shop, "SELECT count(*) FROM orders").await;
    assert_eq!(orders_row.rows, demo_orders);
    assert!(
        orders_row.rows > ORDERS,
        "the demo's orders and the generated ones"
    );
    assert_eq!(report.search_rows, demo_orders);

    let shared_dir = tempfile::tempdir().unwrap();
    let shared = open_shared(shared_dir.path(), &url).await;
    same_counts_and_money(&shop, &shared).await;
    same_orders(&shop, &shared).await;
    same_lists_and_searches(&shop, &shared).await;

    // The next audit row a seat writes gets a new id: the sequence moved past the copied ones.
    let copied_max = count(&shared, "SELECT max(id) FROM audit_log").await;
    let mut tx = shared.store().begin_write().await.unwrap();
    let id: i64 = jobcard_store::query_scalar(
        "INSERT INTO audit_log (at, actor, entity, entity_id, action, changes)
         VALUES ('2026-11-24T08:00:00.000Z', 'test', 'order', 'x', 'noted', '{}') RETURNING id",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    drop(tx);
    assert_eq!(id, copied_max + 1);
    let audit_before = count(&shared, "SELECT count(*) FROM audit_log").await;

    // A second copy into the now used database is refused and changes nothing.
    let err = shop
        .migrate_to(&Actor::new("owner"), &url)
        .await
        .unwrap_err();
    assert_eq!(err.code, "database_not_empty", "{err:?}");
    assert!(err.message.contains("is not empty"), "{}", err.message);
    let name = url.rsplit_once('/').unwrap().1;
    assert!(err.message.contains(name), "{}", err.message);
    if let Some(password) = DatabaseUrl::parse(&url).unwrap().password() {
        assert!(!err.message.contains(&password), "{}", err.message);
        assert!(!report.target.contains(&password), "{}", report.target);
    }
    assert_eq!(
        count(&shared, "SELECT count(*) FROM audit_log").await,
        audit_before
    );
    same_counts_and_money(&shop, &shared).await;

    shared.close().await;
    shop.close().await;
    assert_eq!(file_hash(&file), before, "the SQLite file was only read");
}

/// Rows of every table and the money sums agree on both backends.
async fn same_counts_and_money(a: &App, b: &App) {
    for sql in [
        "SELECT count(*) FROM orders",
        "SELECT count(*) FROM order_lines",
        "SELECT count(*) FROM customers",
        "SELECT count(*) FROM repair_objects",
        "SELECT count(*) FROM employees",
        "SELECT count(*) FROM audit_log",
        "SELECT count(*) FROM outbox",
        "SELECT count(*) FROM settings",
        "SELECT count(*) FROM stores",
        "SELECT count(*) FROM vat_rates",
        "SELECT count(*) FROM trading_hours",
        "SELECT count(*) FROM order_counters",
        "SELECT CAST(sum(total_cents) AS BIGINT) FROM orders",
        "SELECT CAST(sum(vat_cents) AS BIGINT) FROM orders",
        "SELECT CAST(sum(total_cents) AS BIGINT) FROM order_lines",
        "SELECT CAST(sum(vat_cents) AS BIGINT) FROM order_lines",
        "SELECT CAST(sum(last_seq) AS BIGINT) FROM order_counters",
    ] {
        assert_eq!(count(a, sql).await, count(b, sql).await, "{sql}");
    }
}

/// `get_order` of every live order reads the same on both backends.
async fn same_orders(a: &App, b: &App) {
    let numbers: Vec<String> = jobcard_store::query_scalar(
        "SELECT number FROM orders WHERE deleted_at IS NULL ORDER BY pk",
    )
    .fetch_all(a.store().readers())
    .await
    .unwrap();
    assert!(numbers.len() > 9_000);
    for number in &numbers {
        let left = a.get_order(number).await.unwrap();
        let right = b.get_order(number).await.unwrap();
        assert_eq!(json(&left), json(&right), "order {number}");
    }
}

/// The list's first pages, in every sort, and a few searches find the same orders.
async fn same_lists_and_searches(a: &App, b: &App) {
    let mut queries: Vec<OrderQuery> = [
        "date_desc",
        "date_asc",
        "number_desc",
        "number_asc",
        "status",
        "promised",
    ]
    .into_iter()
    .map(|sort| OrderQuery {
        sort: Some(sort.into()),
        limit: Some(100),
        ..Default::default()
    })
    .collect();
    for search in [
        "Anna",
        "Zoë 17",
        "Nowak",
        "WO-2025-01234",
        "0600000123",
        "06 0000 0123",
        "klant42@example.nl",
        "FR00000042",
        "frein",
        "Femke",
    ] {
        queries.push(OrderQuery {
            search: Some(search.into()),
            limit: Some(200),
            ..Default::default()
        });
    }
    queries.push(OrderQuery {
        status: Some("done".into()),
        limit: Some(100),
        offset: Some(100),
        ..Default::default()
    });
    for query in &queries {
        let left = a.list_orders(query).await.unwrap();
        let right = b.list_orders(query).await.unwrap();
        assert!(!left.rows.is_empty(), "{query:?} finds orders");
        assert_eq!(json(&left), json(&right), "{query:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_target_with_a_table_the_copy_does_not_know_is_refused_untouched() {
    let Some(admin) = admin_url("a_target_with_a_table_the_copy_does_not_know_is_refused") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let shop = sqlite_demo(dir.path()).await;
    let url = fresh_database(&admin, "unknown").await;
    let shared_dir = tempfile::tempdir().unwrap();
    let shared = open_shared(shared_dir.path(), &url).await;
    jobcard_store::query("CREATE TABLE invoices (id BIGINT PRIMARY KEY)")
        .execute(shared.store().readers())
        .await
        .unwrap();
    let err = shop
        .migrate_to(&Actor::new("owner"), &url)
        .await
        .unwrap_err();
    assert_eq!(err.code, "copy_refused", "{err:?}");
    assert!(err.message.contains("invoices"), "{}", err.message);
    assert_eq!(count(&shared, "SELECT count(*) FROM orders").await, 0);
    assert_eq!(count(&shared, "SELECT count(*) FROM customers").await, 0);
    // The seed rows the copy would have replaced are still there.
    assert_eq!(count(&shared, "SELECT count(*) FROM stores").await, 1);
    shared.close().await;
    shop.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn only_a_manager_may_move_the_shop() {
    let dir = tempfile::tempdir().unwrap();
    let shop = sqlite_demo(dir.path()).await;
    let sanne = shop.sign_in("Sanne de Boer", "1111").await.unwrap();
    let err = shop
        .migrate_to(&sanne, "postgres://jobcard@localhost/shop")
        .await
        .unwrap_err();
    assert_eq!(err.code, "forbidden");
    assert!(
        err.message.contains("moving the shop to a shared database"),
        "{}",
        err.message
    );
    let err = shop
        .migrate_to(&Actor::new("owner"), "mysql://shop")
        .await
        .unwrap_err();
    assert_eq!(err.code, "invalid_input");
    assert_eq!(err.field.as_deref(), Some("database_url"));
    shop.close().await;
}

/// Settings > Database's "Copy this shop into it": the URL as the form holds it (no
/// password) and the password typed apart. A wrong password fails without the password in
/// the message; the right one copies the shop; the form's "this computer only" copies nothing.
#[tokio::test(flavor = "multi_thread")]
async fn the_window_copies_with_the_password_typed_apart_and_never_shows_it() {
    let Some(admin) = admin_url("the_window_copies_with_the_password_typed_apart") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let shop = sqlite_demo(dir.path()).await;
    let owner = Actor::new("owner");
    let full_text = fresh_database(&admin, "window").await;
    let full = DatabaseUrl::parse(&full_text).unwrap();
    let password = full.password().expect("the cluster's URL has a password");
    let form = |password: &str| jobcard_app::dto::DatabaseChoiceInput {
        shared: true,
        url: Some(full.without_password().to_string()),
        password: Some(password.to_owned()),
    };

    let wrong = "Wr0ng-pässword-Łukasz";
    let err = shop
        .migrate_to_shared(&owner, &form(wrong))
        .await
        .unwrap_err();
    assert_eq!(err.code, "database_unreachable", "{err:?}");
    assert!(!format!("{err:?}").contains(wrong), "{err:?}");

    let err = shop
        .migrate_to_shared(
            &owner,
            &jobcard_app::dto::DatabaseChoiceInput {
                shared: false,
                url: None,
                password: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("shared"), "{err:?}");

    let sanne = shop.sign_in("Sanne de Boer", "1111").await.unwrap();
    let err = shop
        .migrate_to_shared(&sanne, &form(&password))
        .await
        .unwrap_err();
    assert_eq!(err.code, "forbidden");

    let report = shop
        .migrate_to_shared(&owner, &form(&password))
        .await
        .unwrap();
    assert!(!report.target.contains(&password), "{}", report.target);
    let orders = count(&shop, "SELECT count(*) FROM orders").await;
    assert!(orders > 0);
    assert_eq!(report.search_rows, orders);
    let shared_dir = tempfile::tempdir().unwrap();
    let shared = open_shared(shared_dir.path(), &full_text).await;
    assert_eq!(count(&shared, "SELECT count(*) FROM orders").await, orders);
    shared.close().await;
    shop.close().await;
}

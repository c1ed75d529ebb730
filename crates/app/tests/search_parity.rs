//! The order search finds the same orders on both backends: FTS5 on the SQLite file and the
//! tsvector index on PostgreSQL are fed the same orders and asked the same questions in one
//! run (number, name with and without accents, phone in several notations, e-mail, frame
//! number, description, prefixes). Needs `JOBCARD_TEST_POSTGRES` (the PostgreSQL run of the
//! test script); without it, it says so and passes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;

use chrono::DateTime;
use jobcard_app::dto::{CustomerInput, NewOrder, OrderQuery, RepairObjectInput};
use jobcard_app::{Actor, App, Database, FixedClock};
use jobcard_store::db::testing::{database_for, on_postgres};

/// Customers as a shop meets them: (name, phone as typed, e-mail, frame number, job).
const CUSTOMERS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Łukasz Kowalski",
        "+48 601 234 567",
        "lukasz.k@example.pl",
        "WGZ-4471-PL",
        "Remblokken vervangen",
    ),
    (
        "Şule Yılmaz",
        "06-98 76 54 32",
        "sule@example.nl",
        "AB12345678",
        "Ketting en cassette",
    ),
    (
        "Nguyễn Văn An",
        "(020) 555 0101",
        "an.nguyen@example.vn",
        "VN-998877",
        "Lekke band achter",
    ),
    (
        "Anna de Vries",
        "0612345679",
        "anna@example.nl",
        "GZ1234567",
        "Jaarlijkse onderhoudsbeurt",
    ),
];

/// What a person types into the search box.
const QUERIES: &[&str] = &[
    "Łukasz",
    "lukasz",
    "LUKASZ",
    "Kowal",
    "Şule",
    "Sule",
    "yilmaz",
    "Nguyễn",
    "nguyen",
    "An",
    "Vries",
    "de Vries",
    "anna@example.nl",
    "lukasz.k@example.pl",
    "sule@",
    "+48601234567",
    "601 234 567",
    "0612345678",
    "06 12345678",
    "020 5550101",
    "5550101",
    "98765432",
    "54 32",
    "234567",
    "WGZ-4471",
    "4471",
    "AB12345678",
    "ab1234",
    "VN-998877",
    "Remblokken",
    "remblok",
    "cassette",
    "band achter",
    "onderhoud",
    "WO-2026",
    "00003",
    "2026 00002",
    "Gazelle",
    "nobody-here",
    "\"*) OR (",
];

async fn shop(dir: &std::path::Path, database: &Database) -> App {
    let clock = Arc::new(FixedClock(
        DateTime::parse_from_rfc3339("2026-11-24T08:00:00Z")
            .unwrap()
            .to_utc(),
    ));
    let app = App::open_on(dir, database, clock).await.unwrap();
    app.load_demo().await.unwrap();
    for (name, phone, email, frame, job) in CUSTOMERS {
        let order = NewOrder {
            customer: Some(CustomerInput {
                name: (*name).into(),
                phone: Some((*phone).into()),
                email: Some((*email).into()),
                ..Default::default()
            }),
            repair_object: Some(RepairObjectInput {
                brand: Some("Gazelle".into()),
                frame_number: Some((*frame).into()),
                ..Default::default()
            }),
            description: (*job).into(),
            ..Default::default()
        };
        app.create_order(&Actor::new("Sanne de Boer"), order)
            .await
            .unwrap();
    }
    app
}

async fn found(app: &App, text: &str) -> Vec<String> {
    let query = OrderQuery {
        search: Some(text.into()),
        limit: Some(200),
        ..Default::default()
    };
    let mut numbers: Vec<String> = app
        .list_orders(&query)
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.number)
        .collect();
    numbers.sort();
    numbers
}

#[tokio::test]
async fn both_backends_find_the_same_orders_for_the_same_words() {
    if !on_postgres() {
        eprintln!(
            "skipped: JOBCARD_TEST_POSTGRES is not set (runs under scripts/with-postgres.sh)"
        );
        return;
    }
    let file_dir = tempfile::tempdir().unwrap();
    let shared_dir = tempfile::tempdir().unwrap();
    let embedded = shop(
        file_dir.path(),
        &Database::Embedded(file_dir.path().to_path_buf()),
    )
    .await;
    let shared = shop(
        shared_dir.path(),
        &database_for(shared_dir.path()).await.unwrap(),
    )
    .await;
    let mut differences = Vec::new();
    let mut nothing = Vec::new();
    for text in QUERIES {
        let (on_file, on_server) = (found(&embedded, text).await, found(&shared, text).await);
        if on_file != on_server {
            differences.push(format!(
                "{text:?}: SQLite {on_file:?}, PostgreSQL {on_server:?}"
            ));
        }
        if on_file.is_empty() {
            nothing.push(*text);
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    // The questions are real ones: most find something, and the nonsense finds nothing. (A
    // phone number's middle digits, "5550101", find nothing on either: words match by prefix.)
    assert!(nothing.len() <= 4, "these found nothing: {nothing:?}");
    assert!(found(&shared, "nobody-here").await.is_empty());
    // The intake type-ahead's order-number path agrees too.
    for text in ["Łukasz", "sule@example.nl", "WO-2026-00002", "0612345678"] {
        let a = embedded.find_customers(text).await.unwrap();
        let b = shared.find_customers(text).await.unwrap();
        let names = |list: &[jobcard_app::dto::CustomerMatch]| {
            list.iter()
                .map(|m| m.customer.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&a), names(&b), "type-ahead {text:?}");
    }
}

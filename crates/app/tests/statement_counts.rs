//! Every screen reads what it shows in a fixed number of statements, whatever it shows.
//!
//! Why: a query per row (the order list once read each row's sync badge apart) is correct on
//! the demo's ten orders and slow on a page of fifty, so no functional test notices it. Each
//! screen's statements are counted (`jobcard_store::count_statements`) on the demo workshop,
//! then again after sixty more orders on one customer and one mechanic, each with lines, a
//! plan and a sync item, three more mechanics and two more connectors: the counts must not grow.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::demo::demo;
use jobcard_app::dto::{
    CustomerInput, EmployeeInput, LineInput, NewOrder, OrderQuery, RepairObjectInput,
};
use jobcard_app::{Actor, App};
use jobcard_domain::SyncState;
use jobcard_store::count_statements;

const EXTRA_ORDERS: usize = 60;

/// The statements each screen ran, by screen, and how many rows the order list showed.
async fn screens(app: &App, customer_id: &str) -> (Vec<(&'static str, u32)>, usize) {
    let cli = Actor::new("CLI");
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    let mut counts = Vec::new();
    let first_page = OrderQuery {
        limit: Some(50),
        ..Default::default()
    };
    let (page, n) = count_statements(app.list_orders(&first_page)).await;
    let listed = page.unwrap().rows.len();
    counts.push(("order list, first page", n));
    let filtered = OrderQuery {
        mechanic: Some("Joris Bakker".into()),
        sort: Some("promised".into()),
        limit: Some(50),
        ..Default::default()
    };
    let (page, n) = count_statements(app.list_orders(&filtered)).await;
    page.unwrap();
    counts.push(("order list, one mechanic by promised date", n));
    let searched = OrderQuery {
        search: Some("Łukasz".into()),
        limit: Some(50),
        ..Default::default()
    };
    let (page, n) = count_statements(app.list_orders(&searched)).await;
    page.unwrap();
    counts.push(("order list, searched", n));
    let (board, n) = count_statements(app.job_board(&joris)).await;
    board.unwrap();
    counts.push(("job board", n));
    let (calendar, n) = count_statements(app.calendar(Some("2026-11-23"), 7)).await;
    calendar.unwrap();
    counts.push(("calendar, one week", n));
    let (report, n) = count_statements(app.report(&cli, "2026-11-01", "2026-11-30")).await;
    report.unwrap();
    counts.push(("report, one month", n));
    let (customer, n) = count_statements(app.customer_page(customer_id)).await;
    customer.unwrap();
    counts.push(("customer page", n));
    let (connectors, n) = count_statements(app.connectors(&cli)).await;
    connectors.unwrap();
    counts.push(("sync screen's connectors", n));
    (counts, listed)
}

fn extra_order(day: usize) -> NewOrder {
    NewOrder {
        customer: Some(CustomerInput {
            name: "Łukasz Nowak".into(),
            phone: Some("0698765432".into()),
            ..Default::default()
        }),
        repair_object: Some(RepairObjectInput {
            brand: Some("Batavus".into()),
            frame_number: Some("PL-1".into()),
            ..Default::default()
        }),
        description: "Service".into(),
        mechanic: Some("Joris Bakker".into()),
        scheduled_start: Some(format!("2026-11-{:02}", 24 + day % 6)),
        promised_date: Some(format!("2026-12-{:02}", 1 + day % 20)),
        confirm: Some(true),
        lines: vec![
            LineInput {
                description: Some("Chain".into()),
                unit_price_cents: Some(2495),
                vat: Some("high".into()),
                ..Default::default()
            },
            LineInput {
                description: Some("Labour".into()),
                unit_price_cents: Some(4500),
                vat: Some("high".into()),
                ..Default::default()
            },
        ],
        ..Default::default()
    }
}

/// Runs one statement of bookkeeping the test sets up.
async fn run(app: &App, statement: jobcard_store::db::query::Query<'_>) {
    let mut tx = app.store().begin_write().await.unwrap();
    statement.execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
}

/// A connector row, for sync items to belong to.
async fn connector(app: &App, name: &str) {
    run(
        app,
        jobcard_store::query(
            "INSERT INTO connectors (name, kind, base_url, created_at)
         VALUES ($1, 'cyclesoftware', 'http://127.0.0.1:9', '2026-11-24T08:00:00Z')",
        )
        .bind(name),
    )
    .await;
}

/// Gives every order a sync item, so the list's badges have something to read.
async fn queue_every_order(app: &App) {
    connector(app, "cs").await;
    run(
        app,
        jobcard_store::query(
            "INSERT INTO sync_items (connector, order_id, state, attempts, wanted, updated_at)
         SELECT 'cs', id, 'pending', 0, 1, '2026-11-24T08:00:00Z' FROM orders",
        ),
    )
    .await;
}

#[tokio::test]
async fn every_screen_reads_in_the_same_number_of_statements_whatever_it_shows() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let cli = Actor::new("CLI");
    let first = app.create_order(&cli, extra_order(0)).await.unwrap();
    let customer_id = first.customer.id.clone();
    connector(&app, "first").await;
    let (before, listed_before) = screens(&app, &customer_id).await;

    for day in 1..EXTRA_ORDERS {
        app.create_order(&cli, extra_order(day)).await.unwrap();
    }
    for name in ["Şule Yılmaz", "Nguyễn Văn An", "Kees Smit"] {
        let mechanic = EmployeeInput {
            name: name.into(),
            roles: vec!["mechanic".into()],
            ..Default::default()
        };
        app.save_employee(&cli, &mechanic).await.unwrap();
    }
    queue_every_order(&app).await;
    connector(&app, "third").await;
    let (after, listed_after) = screens(&app, &customer_id).await;
    println!("statements per screen: {after:?}");

    assert!(listed_before < 50, "the demo has fewer orders than a page");
    assert_eq!(listed_after, 50, "a full page after the extra orders");
    assert_eq!(
        after, before,
        "statements per screen, after {EXTRA_ORDERS} more orders vs before"
    );
    for (screen, n) in &after {
        assert!(*n <= 6, "{screen} ran {n} statements");
    }
    assert_eq!(
        after[0],
        ("order list, first page", 1),
        "the first page is its one SELECT, the shop's time zone (for its date) included"
    );
}

#[tokio::test]
async fn the_list_shows_each_orders_worst_sync_state() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let cli = Actor::new("CLI");
    let order = app.create_order(&cli, extra_order(0)).await.unwrap();
    let id: String = jobcard_store::query_scalar("SELECT id FROM orders WHERE number = $1")
        .bind(&order.number)
        .fetch_one(app.store().readers())
        .await
        .unwrap();
    for (name, state) in [("a", "synced"), ("b", "failed"), ("c", "pending")] {
        connector(&app, name).await;
        run(
            &app,
            jobcard_store::query(
                "INSERT INTO sync_items (connector, order_id, state, attempts, wanted, updated_at)
             VALUES ($1, $2, $3, 0, 1, '2026-11-24T08:00:00Z')",
            )
            .bind(name)
            .bind(&id)
            .bind(state),
        )
        .await;
    }
    let page = app
        .list_orders(&OrderQuery {
            limit: Some(50),
            ..Default::default()
        })
        .await
        .unwrap();
    let row = page.rows.iter().find(|r| r.number == order.number).unwrap();
    assert_eq!(row.sync_state, Some(SyncState::Failed));
    let others = page.rows.iter().filter(|r| r.number != order.number);
    assert!(others.clone().all(|r| r.sync_state.is_none()));
}

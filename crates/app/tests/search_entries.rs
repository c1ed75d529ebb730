//! The order search finds a phone by any run of six or more of its digits (the last eight a
//! customer reads out, without the 06) while an order number still finds its order alone, and
//! a shop whose index an older build wrote, whose entries hold no such runs, has every entry
//! rewritten the first time this build opens it. On the SQLite file, and on PostgreSQL in the
//! PostgreSQL run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::demo::{app_at, demo, found};
use jobcard_app::dto::{CustomerInput, NewOrder, RepairObjectInput};
use jobcard_app::{Actor, App};
use jobcard_store::SearchDoc;
use jobcard_store::sql::search;

/// Henk's order, his phone typed the international way.
async fn henks_order(app: &App) -> String {
    order_for(app, "Henk Vermeer", "+31 6 7777 3030").await
}

async fn order_for(app: &App, name: &str, phone: &str) -> String {
    let order = NewOrder {
        customer: Some(CustomerInput {
            name: name.into(),
            phone: Some(phone.into()),
            ..Default::default()
        }),
        repair_object: Some(RepairObjectInput {
            brand: Some("Sparta".into()),
            model: Some("Amazon".into()),
            ..Default::default()
        }),
        description: "Achterrem piept".into(),
        ..Default::default()
    };
    let actor = Actor::new("Sanne de Boer");
    app.create_order(&actor, order).await.unwrap().number
}

#[tokio::test]
async fn a_phone_is_found_by_any_run_of_its_digits() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let number = henks_order(&app).await;
    for typed in [
        "77773030",
        "7777 3030",
        "0677773030",
        "06-7777 3030",
        "+31677773030",
        "773030",
        "3030",
        "Henk 77773030",
        "06 77773030",
        "77773030 Sparta Vermeer",
    ] {
        assert_eq!(found(&app, typed).await, vec![number.clone()], "{typed}");
    }
    // A run that is not in the number finds nothing.
    assert!(found(&app, "77773031").await.is_empty());

    // An order number is no run of a phone: Piet's phone holds the five digits of Henk's
    // number, and the number still finds Henk's order alone.
    let digits = number.rsplit('-').next().unwrap();
    assert_eq!(digits.len(), 5, "{number}");
    let piet = order_for(&app, "Piet Smit", &format!("06 9{digits}12")).await;
    assert_eq!(found(&app, &number).await, vec![number.clone()]);
    assert_eq!(found(&app, &format!("9{digits}12")).await, [piet]);
}

#[tokio::test]
async fn an_index_written_by_an_older_build_is_rewritten_when_the_shop_opens() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let number = henks_order(&app).await;
    let demo_orders = found(&app, "WO").await;
    assert!(demo_orders.len() > 5, "{demo_orders:?}");

    // Henk's entry as the build before this one wrote it (the phone as typed, national and
    // bare, no runs), and no word of which build wrote the index.
    let mut tx = app.store().begin_write().await.unwrap();
    let (pk,): (i64,) = jobcard_store::query_as("SELECT pk FROM orders WHERE number = $1")
        .bind(&number)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    let old = SearchDoc {
        number: number.clone(),
        customer: "Henk Vermeer".into(),
        phone: "+31 6 7777 3030 0677773030 31677773030".into(),
        object: "Sparta Amazon".into(),
        description: "Achterrem piept".into(),
        ..Default::default()
    };
    search::upsert(&mut tx, pk, &old).await.unwrap();
    jobcard_store::query("DELETE FROM settings WHERE key = 'search_entry_version'")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(found(&app, "77773030").await.is_empty(), "the old entry");
    app.close().await;

    let app = app_at(dir.path(), "2026-11-24T09:00:00Z").await;
    assert_eq!(found(&app, "77773030").await, vec![number.clone()]);
    assert_eq!(found(&app, "0677773030").await, vec![number.clone()]);
    assert_eq!(
        found(&app, "WO").await,
        demo_orders,
        "every order has its entry again"
    );
    for each in &demo_orders {
        assert_eq!(found(&app, each).await, vec![each.clone()], "{each}");
    }
}

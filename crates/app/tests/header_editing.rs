//! The counter changes a saved order's header, a customer's contact and a bike's details on a
//! real SQLite file: each change is audited (old -> new) with an outbox row, the search finds
//! the order by its new text at once, a mechanic is refused, and bad input names its field and
//! saves nothing. The customer and bike pages show the order history newest first.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::demo::{changes, demo, found};
use jobcard_app::dto::{CustomerEdit, NewOrder, OrderHeaderInput, OrderQuery, RepairObjectEdit};
use jobcard_app::{Actor, App};

async fn an_open_order(app: &App) -> String {
    let query = OrderQuery {
        status: Some("intake".into()),
        ..Default::default()
    };
    app.list_orders(&query).await.unwrap().rows[0]
        .number
        .clone()
}

async fn sanne(app: &App) -> Actor {
    app.sign_in("Sanne de Boer", "1111").await.unwrap()
}

#[tokio::test]
async fn the_counter_edits_the_header_audited_and_search_finds_the_new_text() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let sanne = sanne(&app).await;
    let number = an_open_order(&app).await;
    let before = app.get_order(&number).await.unwrap();
    assert!(found(&app, "Zwiebelfahrrad").await.is_empty());
    let (audit, outbox) = changes(&app).await;

    let edit = OrderHeaderInput {
        description: Some("Zwiebelfahrrad: rear hub grinds".into()),
        promised_date: Some("2026-12-03".into()),
        own_reference: Some("REF-77".into()),
        ..Default::default()
    };
    let view = app
        .edit_order_header(&sanne, &number, &edit, None)
        .await
        .unwrap();
    assert_eq!(view.description, "Zwiebelfahrrad: rear hub grinds");
    assert_eq!(view.promised_date.as_deref(), Some("2026-12-03"));
    assert_eq!(view.own_reference.as_deref(), Some("REF-77"));
    assert_eq!(
        view.loan_object, before.loan_object,
        "a field left out stays"
    );
    assert_eq!(view.customer.id, before.customer.id);

    // Read back from the file, not the returned view.
    let saved = app.get_order(&number).await.unwrap();
    assert_eq!(saved.description, "Zwiebelfahrrad: rear hub grinds");
    assert_eq!(saved.updated_by, "Sanne de Boer");
    assert_eq!(changes(&app).await, (audit + 1, outbox + 1));
    let entry = saved.history.last().unwrap();
    assert_eq!(entry.action, "header_changed");
    assert_eq!(entry.actor, "Sanne de Boer");
    assert!(
        entry.summary.contains(&format!(
            "description '{}' → 'Zwiebelfahrrad: rear hub grinds'",
            before.description
        )),
        "{}",
        entry.summary
    );
    let (recorded,): (String,) = jobcard_store::query_as(
        "SELECT changes FROM audit_log WHERE action = 'header_changed' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(app.store().readers())
    .await
    .unwrap();
    let recorded: serde_json::Value = serde_json::from_str(&recorded).unwrap();
    assert_eq!(recorded["description"]["from"], before.description.as_str());
    assert_eq!(recorded["promised_date"]["to"], "2026-12-03");

    assert_eq!(found(&app, "Zwiebelfahrrad").await, vec![number.clone()]);

    // The same change again changes nothing and records nothing.
    app.edit_order_header(&sanne, &number, &edit, None)
        .await
        .unwrap();
    assert_eq!(changes(&app).await, (audit + 1, outbox + 1));
}

#[tokio::test]
async fn the_order_moves_to_another_customer_and_one_of_their_bikes() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let sanne = sanne(&app).await;
    let number = an_open_order(&app).await;
    let before = app.get_order(&number).await.unwrap();
    // A new customer with a bike of their own, found by nothing yet.
    let other = app
        .create_order(
            &sanne,
            serde_json::from_value::<NewOrder>(serde_json::json!({
                "customer": {"name": "Quirina Oosterbroek", "phone": "06 9988 7766"},
                "repair_object": {"brand": "Batavus", "model": "Finez", "frame_number": "BTV998877"},
                "description": "Puncture"
            }))
            .unwrap(),
        )
        .await
        .unwrap();

    // Another customer's bike is refused, naming the field.
    let foreign = OrderHeaderInput {
        repair_object_id: Some(other.repair_object.id.clone()),
        ..Default::default()
    };
    let err = app
        .edit_order_header(&sanne, &number, &foreign, None)
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("repair_object_id"), "{err}");

    let edit = OrderHeaderInput {
        customer_id: Some(other.customer.id.clone()),
        repair_object_id: Some(other.repair_object.id.clone()),
        ..Default::default()
    };
    let view = app
        .edit_order_header(&sanne, &number, &edit, None)
        .await
        .unwrap();
    assert_eq!(view.customer.name, "Quirina Oosterbroek");
    assert_eq!(view.repair_object.brand.as_deref(), Some("Batavus"));
    let mut hits = found(&app, "Oosterbroek").await;
    hits.sort();
    let mut expected = vec![number.clone(), other.number.clone()];
    expected.sort();
    assert_eq!(hits, expected, "found by the new customer's name");
    assert!(
        !found(&app, &before.customer.name).await.contains(&number),
        "no longer found by the old customer's name"
    );
    let page = app.customer_page(&other.customer.id).await.unwrap();
    let numbers: Vec<_> = page.orders.iter().map(|o| o.number.as_str()).collect();
    assert_eq!(numbers, vec![other.number.as_str(), number.as_str()]);
}

#[tokio::test]
async fn a_mechanic_may_not_change_the_header_a_customer_or_a_bike() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    let number = an_open_order(&app).await;
    let order = app.get_order(&number).await.unwrap();
    let before = changes(&app).await;
    let edit = OrderHeaderInput {
        description: Some("Changed by the bench".into()),
        ..Default::default()
    };
    let err = app
        .edit_order_header(&joris, &number, &edit, None)
        .await
        .unwrap_err();
    assert_eq!(err.code, "forbidden");
    assert!(
        err.message.starts_with("not allowed for role mechanic"),
        "{err}"
    );
    let contact = CustomerEdit {
        name: "Someone else".into(),
        ..Default::default()
    };
    let err = app
        .edit_customer(&joris, &order.customer.id, &contact)
        .await
        .unwrap_err();
    assert_eq!(err.code, "forbidden");
    let bike = RepairObjectEdit {
        brand: Some("Other".into()),
        ..Default::default()
    };
    let err = app
        .edit_repair_object(&joris, &order.repair_object.id, &bike)
        .await
        .unwrap_err();
    assert_eq!(err.code, "forbidden");
    assert_eq!(changes(&app).await, before);
    assert_eq!(app.get_order(&number).await.unwrap(), order);
}

#[tokio::test]
async fn bad_input_names_the_field_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let sanne = sanne(&app).await;
    let number = an_open_order(&app).await;
    let order = app.get_order(&number).await.unwrap();
    let before = changes(&app).await;

    let contact = CustomerEdit {
        name: "A new name that must not be saved".into(),
        phone: Some("06 1111 2222".into()),
        email: Some("anna@".into()),
        ..Default::default()
    };
    let err = app
        .edit_customer(&sanne, &order.customer.id, &contact)
        .await
        .unwrap_err();
    assert_eq!(err.code, "invalid_input");
    assert_eq!(err.field.as_deref(), Some("email"));
    assert_eq!(err.message, "is not a valid e-mail address");

    let edit = OrderHeaderInput {
        description: Some("Must not be saved either".into()),
        promised_date: Some("03-12-2026".into()),
        ..Default::default()
    };
    let err = app
        .edit_order_header(&sanne, &number, &edit, None)
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("promised_date"), "{err}");
    let blank = OrderHeaderInput {
        description: Some("   ".into()),
        ..Default::default()
    };
    let err = app
        .edit_order_header(&sanne, &number, &blank, None)
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("description"), "{err}");

    assert_eq!(changes(&app).await, before);
    assert_eq!(app.get_order(&number).await.unwrap(), order);
    assert!(found(&app, "saved").await.is_empty());
}

#[tokio::test]
async fn a_changed_contact_is_audited_and_finds_every_order_of_the_customer() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let sanne = sanne(&app).await;
    let number = an_open_order(&app).await;
    let order = app.get_order(&number).await.unwrap();
    let page = app.customer_page(&order.customer.id).await.unwrap();
    assert!(page.orders.iter().any(|o| o.number == number));
    assert!(!page.objects.is_empty());
    let dates: Vec<_> = page.orders.iter().map(|o| o.order_date.clone()).collect();
    let mut newest_first = dates.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, newest_first, "newest first");
    assert!(found(&app, "0655443322").await.is_empty());
    let (audit, outbox) = changes(&app).await;

    let contact = CustomerEdit {
        name: page.customer.name.clone(),
        phone: Some("06 5544 3322".into()),
        email: page.customer.email.clone(),
        address: Some("Dorpsstraat 1, Utrecht".into()),
        notes: page.customer.notes.clone(),
    };
    let saved = app
        .edit_customer(&sanne, &order.customer.id, &contact)
        .await
        .unwrap();
    assert_eq!(saved.customer.phone.as_deref(), Some("06 5544 3322"));
    assert_eq!(saved.orders.len(), page.orders.len());
    assert_eq!(changes(&app).await, (audit + 1, outbox + 1));
    let (entity, recorded): (String, String) =
        jobcard_store::query_as("SELECT entity, changes FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_one(app.store().readers())
            .await
            .unwrap();
    assert_eq!(entity, "customer");
    let recorded: serde_json::Value = serde_json::from_str(&recorded).unwrap();
    assert_eq!(
        recorded["phone"]["from"],
        serde_json::json!(page.customer.phone)
    );
    assert_eq!(recorded["phone"]["to"], "06 5544 3322");
    assert!(
        recorded.get("name").is_none(),
        "only what changed: {recorded}"
    );

    let mut hits = found(&app, "0655443322").await;
    hits.sort();
    let mut all: Vec<_> = page.orders.iter().map(|o| o.number.clone()).collect();
    all.sort();
    assert_eq!(hits, all, "every order of the customer, by the new phone");
    assert_eq!(
        app.get_order(&number)
            .await
            .unwrap()
            .customer
            .phone
            .as_deref(),
        Some("06 5544 3322")
    );
}

#[tokio::test]
async fn the_bike_page_shows_its_history_and_an_edit_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let sanne = sanne(&app).await;
    let number = an_open_order(&app).await;
    let order = app.get_order(&number).await.unwrap();
    let page = app
        .repair_object_page(&order.repair_object.id)
        .await
        .unwrap();
    assert_eq!(
        page.owner.as_ref().map(|c| c.id.as_str()),
        Some(order.customer.id.as_str())
    );
    assert!(page.orders.iter().any(|o| o.number == number));

    let edit = RepairObjectEdit {
        kind: Some(page.object.kind.as_str().to_owned()),
        brand: Some("Cortina".into()),
        model: Some("Blauwdruk".into()),
        frame_number: page.object.frame_number.clone(),
        colour: Some("petrol".into()),
        ..Default::default()
    };
    let saved = app
        .edit_repair_object(&sanne, &order.repair_object.id, &edit)
        .await
        .unwrap();
    assert_eq!(saved.object.model.as_deref(), Some("Blauwdruk"));
    assert!(found(&app, "Blauwdruk").await.contains(&number));

    let bad = RepairObjectEdit {
        year: Some(1200),
        ..edit
    };
    let err = app
        .edit_repair_object(&sanne, &order.repair_object.id, &bad)
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("year"), "{err}");
}

#[tokio::test]
async fn every_typed_date_is_refused_alike_by_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let sanne = sanne(&app).await;
    let number = an_open_order(&app).await;
    let wanted = |text: &str| format!("'{text}' is not a date like 2026-11-23");

    let edit = OrderHeaderInput {
        promised_date: Some("03-12-2026".into()),
        ..Default::default()
    };
    let err = app
        .edit_order_header(&sanne, &number, &edit, None)
        .await
        .unwrap_err();
    assert_eq!(
        (err.field.as_deref(), err.message),
        (Some("promised_date"), wanted("03-12-2026"))
    );

    let err = app
        .report(&Actor::new("CLI"), "2026-11-01", "30/11/2026")
        .await
        .unwrap_err();
    assert_eq!(
        (err.field.as_deref(), err.message),
        (Some("to"), wanted("30/11/2026"))
    );

    let err = app.calendar(Some("next week"), 7).await.unwrap_err();
    assert_eq!(
        (err.field.as_deref(), err.message),
        (Some("from"), wanted("next week"))
    );
}

#[tokio::test]
async fn a_collected_order_is_reopened_before_its_header_or_lines_change() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let sanne = sanne(&app).await;
    let query = OrderQuery {
        status: Some("collected".into()),
        ..Default::default()
    };
    let number = app.list_orders(&query).await.unwrap().rows[0]
        .number
        .clone();
    let before = changes(&app).await;
    let refused = format!("order {number} is collected; reopen it before changing it");

    let edit = OrderHeaderInput {
        description: Some("Must not be saved".into()),
        ..Default::default()
    };
    let err = app
        .edit_order_header(&sanne, &number, &edit, None)
        .await
        .unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.message.as_str()),
        ("invalid_transition", refused.as_str())
    );
    let err = app
        .replace_lines(&sanne, &number, &[], None)
        .await
        .unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.message.as_str()),
        ("invalid_transition", refused.as_str())
    );
    assert_eq!(changes(&app).await, before, "nothing was saved");
}

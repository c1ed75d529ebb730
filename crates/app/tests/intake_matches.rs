//! Issue 13 item 1: a typed customer or bike is never silently filed under a known one. A
//! phone number, e-mail address or frame number that belongs to someone else needs the
//! user's choice (`on_match`); without it the intake is refused and nothing is written.
//! Real SQLite file, demo workshop, fixed clock.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::demo::demo;
use jobcard_app::dto::{
    CustomerInput, CustomerMatch, IntakeMatchQuery, MatchChoice, NewOrder, OrderView,
    RepairObjectInput,
};
use jobcard_app::{Actor, App, AppError};

async fn sanne(app: &App) -> Actor {
    app.sign_in("Sanne de Boer", "1111").await.unwrap()
}

/// Rows in every table an intake writes to.
async fn counts(app: &App) -> [i64; 5] {
    let pool = app.store().readers();
    let mut out = [0; 5];
    for (i, sql) in [
        "SELECT count(*) FROM orders",
        "SELECT count(*) FROM customers",
        "SELECT count(*) FROM repair_objects",
        "SELECT count(*) FROM audit_log",
        "SELECT count(*) FROM outbox",
    ]
    .into_iter()
    .enumerate()
    {
        out[i] = jobcard_store::query_scalar(sql)
            .fetch_one(pool)
            .await
            .unwrap();
    }
    out
}

async fn known(app: &App, name: &str) -> CustomerMatch {
    let found = app.find_customers(name).await.unwrap();
    found
        .into_iter()
        .find(|m| m.customer.name == name)
        .unwrap_or_else(|| panic!("{name} is not in the demo"))
}

/// Anna de Vries's phone number (the demo has it as `+31 6 1234 5678`) in another notation.
const ANNAS_PHONE: &str = "06-12345678";

fn typed_customer(name: &str, phone: Option<&str>, email: Option<&str>) -> CustomerInput {
    CustomerInput {
        name: name.into(),
        phone: phone.map(Into::into),
        email: email.map(Into::into),
        ..Default::default()
    }
}

fn intake(customer: CustomerInput, object: RepairObjectInput) -> NewOrder {
    NewOrder {
        customer: Some(customer),
        repair_object: Some(object),
        description: "Rear brake squeals".into(),
        ..Default::default()
    }
}

fn new_bike() -> RepairObjectInput {
    RepairObjectInput {
        brand: Some("Cortina".into()),
        model: Some("E-U4".into()),
        ..Default::default()
    }
}

fn bike(brand: Option<&str>, frame: &str) -> RepairObjectInput {
    RepairObjectInput {
        brand: brand.map(Into::into),
        frame_number: Some(frame.into()),
        ..Default::default()
    }
}

fn by_id(id: &str) -> CustomerInput {
    CustomerInput {
        id: Some(id.into()),
        ..Default::default()
    }
}

fn refused(result: Result<OrderView, AppError>, code: &str, field: &str) -> AppError {
    let err = result.expect_err("the intake was saved without a choice");
    assert_eq!(err.code, code, "{err}");
    assert_eq!(err.field.as_deref(), Some(field), "{err}");
    err
}

#[tokio::test]
async fn a_new_name_with_a_known_phone_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let actor = sanne(&app).await;
    let before = counts(&app).await;
    let typed = typed_customer("Annemiek Jansen", Some(ANNAS_PHONE), None);
    let err = refused(
        app.create_order(&actor, intake(typed, new_bike())).await,
        "known_customer",
        "customer.phone",
    );
    assert!(err.message.contains("Anna de Vries"), "{}", err.message);
    assert!(err.message.contains("phone number"), "{}", err.message);
    assert_eq!(
        counts(&app).await,
        before,
        "a refused intake wrote something"
    );
}

#[tokio::test]
async fn a_new_name_with_a_known_email_is_refused_on_the_email() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let actor = sanne(&app).await;
    let before = counts(&app).await;
    let typed = typed_customer("Claire Peeters", None, Some(" Claire@Example.com "));
    let err = refused(
        app.create_order(&actor, intake(typed, new_bike())).await,
        "known_customer",
        "customer.email",
    );
    assert!(err.message.contains("Claire Martens"), "{}", err.message);
    assert_eq!(counts(&app).await, before);
}

#[tokio::test]
async fn create_new_files_the_order_on_a_new_customer_with_the_typed_name() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let actor = sanne(&app).await;
    let anna = known(&app, "Anna de Vries").await;
    let before = counts(&app).await;
    let mut typed = typed_customer("Annemiek Jansen", Some(ANNAS_PHONE), None);
    typed.on_match = Some(MatchChoice::CreateNew);
    let order = app
        .create_order(&actor, intake(typed, new_bike()))
        .await
        .unwrap();
    assert_eq!(order.customer.name, "Annemiek Jansen");
    assert_ne!(order.customer.id, anna.customer.id);
    assert_eq!(order.customer.phone.as_deref(), Some(ANNAS_PHONE));
    assert_eq!(order.repair_object.brand.as_deref(), Some("Cortina"));
    let after = counts(&app).await;
    assert_eq!(after[0], before[0] + 1, "one order");
    assert_eq!(after[1], before[1] + 1, "one new customer");
    // Anna is untouched, and Annemiek is now known under her own name: her next intake with
    // the same phone number needs no choice and finds her, not Anna.
    assert_eq!(known(&app, "Anna de Vries").await.customer, anna.customer);
    let again = typed_customer("annemiek  jansen", Some("+31 6 1234 5678"), None);
    let second = app
        .create_order(&actor, intake(again, new_bike()))
        .await
        .unwrap();
    assert_eq!(second.customer.id, order.customer.id);
}

#[tokio::test]
async fn use_known_files_the_order_on_the_known_customer_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let actor = sanne(&app).await;
    let anna = known(&app, "Anna de Vries").await;
    let before = counts(&app).await;
    let mut typed = typed_customer("Annemiek Jansen", Some(ANNAS_PHONE), None);
    typed.on_match = Some(MatchChoice::UseKnown);
    let order = app
        .create_order(&actor, intake(typed, new_bike()))
        .await
        .unwrap();
    assert_eq!(
        order.customer, anna.customer,
        "the known customer, unchanged"
    );
    assert_eq!(counts(&app).await[1], before[1], "no new customer");
}

#[tokio::test]
async fn the_same_name_in_another_spelling_is_the_same_customer_without_asking() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let actor = sanne(&app).await;
    let anna = known(&app, "Anna de Vries").await;
    let before = counts(&app).await;
    let typed = typed_customer("  anna DE  vriës ", Some(ANNAS_PHONE), None);
    let order = app
        .create_order(&actor, intake(typed, new_bike()))
        .await
        .unwrap();
    assert_eq!(order.customer.id, anna.customer.id);
    assert_eq!(counts(&app).await[1], before[1]);
}

#[tokio::test]
async fn the_form_can_ask_before_saving() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let actor = sanne(&app).await;
    let anna = known(&app, "Anna de Vries").await;
    let ask = |customer: CustomerInput, object: Option<RepairObjectInput>| IntakeMatchQuery {
        customer: Some(customer),
        repair_object: object,
    };
    // A phone typed before any name: the known customer is offered at once.
    let answer = app
        .intake_matches(
            &actor,
            &ask(typed_customer("", Some(ANNAS_PHONE), None), None),
        )
        .await
        .unwrap();
    let offered = answer.customer.expect("Anna is offered");
    assert_eq!(offered.customer, anna.customer);
    assert_eq!(offered.field, "customer.phone");
    // Her own name, a choice already made, or a half-typed phone: nothing to ask.
    for customer in [
        typed_customer("Anna de Vries", Some(ANNAS_PHONE), None),
        CustomerInput {
            on_match: Some(MatchChoice::CreateNew),
            ..typed_customer("Annemiek Jansen", Some(ANNAS_PHONE), None)
        },
        typed_customer("Annemiek Jansen", Some("06-12"), None),
    ] {
        let answer = app
            .intake_matches(&actor, &ask(customer.clone(), None))
            .await
            .unwrap();
        assert_eq!(answer.customer, None, "{customer:?}");
    }
    // The frame number of Anna's Gazelle typed for a new customer: her bike is offered.
    let answer = app
        .intake_matches(
            &actor,
            &ask(
                typed_customer("Annemiek Jansen", None, None),
                Some(bike(None, "gz 123456")),
            ),
        )
        .await
        .unwrap();
    let offered = answer.repair_object.expect("Anna's bike is offered");
    assert_eq!(offered.field, "repair_object.frame_number");
    assert_eq!(offered.owner_name.as_deref(), Some("Anna de Vries"));
    assert_eq!(offered.repair_object.brand.as_deref(), Some("Gazelle"));
    // For Anna herself it is simply her bike.
    let answer = app
        .intake_matches(
            &actor,
            &ask(by_id(&anna.customer.id), Some(bike(None, "GZ123456"))),
        )
        .await
        .unwrap();
    assert_eq!(answer.repair_object, None);
    // A mechanic takes no intakes, so may not look customers up by phone here either.
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    let err = app
        .intake_matches(
            &joris,
            &ask(typed_customer("", Some(ANNAS_PHONE), None), None),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code, "forbidden");
}

#[tokio::test]
async fn a_customers_own_bike_is_reused_by_its_frame_number() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let actor = sanne(&app).await;
    let anna = known(&app, "Anna de Vries").await;
    let gazelle = anna
        .objects
        .iter()
        .find(|o| o.frame_number.as_deref() == Some("GZ123456"))
        .unwrap()
        .clone();
    for object in [bike(Some("gazelle"), "GZ-123 456"), bike(None, "GZ123456")] {
        let before = counts(&app).await;
        let order = app
            .create_order(&actor, intake(by_id(&anna.customer.id), object))
            .await
            .unwrap();
        assert_eq!(order.repair_object, gazelle);
        assert_eq!(counts(&app).await[2], before[2], "no new bike");
    }
}

#[tokio::test]
async fn a_frame_number_of_another_bike_needs_a_choice() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let actor = sanne(&app).await;
    let anna = known(&app, "Anna de Vries").await;
    let claire = known(&app, "Claire Martens").await;
    let gazelle_id = anna
        .objects
        .iter()
        .find(|o| o.frame_number.as_deref() == Some("GZ123456"))
        .unwrap()
        .id
        .clone();
    let before = counts(&app).await;
    // Another customer's bike, and Anna's own frame number under another brand.
    let err = refused(
        app.create_order(
            &actor,
            intake(by_id(&claire.customer.id), bike(None, "GZ123456")),
        )
        .await,
        "known_object",
        "repair_object.frame_number",
    );
    assert!(err.message.contains("Gazelle"), "{}", err.message);
    assert!(err.message.contains("Anna de Vries"), "{}", err.message);
    refused(
        app.create_order(
            &actor,
            intake(by_id(&anna.customer.id), bike(Some("Batavus"), "GZ123456")),
        )
        .await,
        "known_object",
        "repair_object.frame_number",
    );
    assert_eq!(
        counts(&app).await,
        before,
        "a refused intake wrote something"
    );

    // Create new: a second bike with the same frame number, Claire's.
    let mut object = bike(Some("Batavus"), "GZ123456");
    object.on_match = Some(MatchChoice::CreateNew);
    let order = app
        .create_order(&actor, intake(by_id(&claire.customer.id), object))
        .await
        .unwrap();
    assert_ne!(order.repair_object.id, gazelle_id);
    assert_eq!(
        order.repair_object.owner_id.as_deref(),
        Some(claire.customer.id.as_str())
    );
    assert_eq!(order.repair_object.brand.as_deref(), Some("Batavus"));
    assert_eq!(counts(&app).await[2], before[2] + 1);

    // Use known: Anna's Gazelle, as it is.
    let mut object = bike(Some("Batavus"), "GZ123456");
    object.on_match = Some(MatchChoice::UseKnown);
    let order = app
        .create_order(&actor, intake(by_id(&anna.customer.id), object))
        .await
        .unwrap();
    assert_eq!(order.repair_object.id, gazelle_id);
    assert_eq!(order.repair_object.brand.as_deref(), Some("Gazelle"));
}

#[tokio::test]
async fn the_json_of_the_cli_carries_the_choice() {
    let json = r#"{"customer": {"name": "Annemiek Jansen", "phone": "06-12345678", "on_match": "create_new"},
                   "repair_object": {"frame_number": "GZ123456", "on_match": "use_known"},
                   "description": "Service"}"#;
    let order = jobcard_app::parse_new_order(json).unwrap();
    assert_eq!(
        order.customer.unwrap().on_match,
        Some(MatchChoice::CreateNew)
    );
    assert_eq!(
        order.repair_object.unwrap().on_match,
        Some(MatchChoice::UseKnown)
    );
    let err = jobcard_app::parse_new_order(
        r#"{"customer": {"name": "A", "on_match": "maybe"}, "description": "x"}"#,
    )
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("customer.on_match"));
}

/// The intake and the record pages check a customer's and a bike's fields by one set of
/// rules (`party_fields.rs`); at the intake each refusal names the field with its part of
/// the order in front, and nothing is written.
#[tokio::test]
async fn a_typed_customer_or_bike_is_refused_by_the_field_at_fault() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let actor = sanne(&app).await;
    let before = counts(&app).await;
    let bike = |edit: fn(&mut RepairObjectInput)| {
        let mut bike = new_bike();
        edit(&mut bike);
        bike
    };
    let customer = || typed_customer("Şule Yılmaz", None, None);
    let cases = [
        (
            intake(customer(), bike(|b| b.year = Some(1700))),
            "repair_object.year",
        ),
        (
            intake(customer(), bike(|b| b.kind = Some("tractor".into()))),
            "repair_object.kind",
        ),
        (
            intake(customer(), bike(|b| b.colour = Some("x".repeat(51)))),
            "repair_object.colour",
        ),
        (
            intake(
                typed_customer("Şule Yılmaz", None, Some("sule@")),
                new_bike(),
            ),
            "customer.email",
        ),
        (
            intake(typed_customer(" ", None, None), new_bike()),
            "customer.name",
        ),
    ];
    for (order, field) in cases {
        refused(
            app.create_order(&actor, order).await,
            "invalid_input",
            field,
        );
    }
    assert_eq!(
        counts(&app).await,
        before,
        "a refused intake wrote something"
    );
}

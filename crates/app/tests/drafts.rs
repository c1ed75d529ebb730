//! Issue 13 item 2: a half-typed intake is kept as a draft per signed-in employee, in the
//! database, so it survives a sign-out, a switch of user and a restart; saving the order
//! discards it. Real SQLite file, demo workshop, fixed clock.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;

use chrono::DateTime;
use jobcard_app::dto::{CustomerInput, NewOrder, RepairObjectInput};
use jobcard_app::{Actor, App, FixedClock};

const NOW: &str = "2026-11-24T13:32:00Z";

async fn open(dir: &std::path::Path) -> App {
    let now = DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    App::open_on(
        dir,
        &jobcard_store::db::testing::database_for(dir).await.unwrap(),
        Arc::new(FixedClock(now)),
    )
    .await
    .unwrap()
}

async fn changes(app: &App) -> (i64, i64) {
    let pool = app.store().readers();
    let audit = jobcard_store::query_scalar("SELECT count(*) FROM audit_log")
        .fetch_one(pool)
        .await
        .unwrap();
    let outbox = jobcard_store::query_scalar("SELECT count(*) FROM outbox")
        .fetch_one(pool)
        .await
        .unwrap();
    (audit, outbox)
}

const SANNES_FORM: &str =
    r#"{"name": "Annemiek Jansen", "phone": "06-12345678", "description": "Rear brake squeals"}"#;
const MARCOS_FORM: &str = r#"{"name": "Piet Bos", "lines": [{"code": "110"}]}"#;

#[tokio::test]
async fn each_employee_gets_their_own_draft_back_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    {
        let app = open(dir.path()).await;
        app.load_demo().await.unwrap();
        let sanne = app.sign_in("Sanne de Boer", "1111").await.unwrap();
        let marco = app.sign_in("Marco Jansen", "5555").await.unwrap();
        let before = changes(&app).await;
        app.save_draft(&sanne, r#"{"name": "Ann"}"#).await.unwrap();
        let saved = app.save_draft(&sanne, SANNES_FORM).await.unwrap();
        assert_eq!(saved.updated_at, "2026-11-24T13:32:00.000Z");
        app.save_draft(&marco, MARCOS_FORM).await.unwrap();
        assert_eq!(
            changes(&app).await,
            before,
            "a draft is no audited business change"
        );
        app.close().await;
    }
    // The app is started again on the same data directory; each signs in again.
    let app = open(dir.path()).await;
    let sanne = app.sign_in("Sanne de Boer", "1111").await.unwrap();
    let marco = app.sign_in("Marco Jansen", "5555").await.unwrap();
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    let draft = app.draft(&sanne).await.unwrap().expect("Sanne's draft");
    assert_eq!(
        draft.form, SANNES_FORM,
        "the last save is kept, byte for byte"
    );
    assert_eq!(draft.updated_at, "2026-11-24T13:32:00.000Z");
    assert_eq!(app.draft(&marco).await.unwrap().unwrap().form, MARCOS_FORM);
    assert_eq!(app.draft(&joris).await.unwrap(), None);

    app.discard_draft(&marco).await.unwrap();
    assert_eq!(app.draft(&marco).await.unwrap(), None);
    assert!(
        app.draft(&sanne).await.unwrap().is_some(),
        "only Marco's went"
    );
    app.discard_draft(&marco).await.unwrap(); // discarding nothing is no error
}

#[tokio::test]
async fn saving_the_order_discards_the_draft_of_who_saved_it() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path()).await;
    app.load_demo().await.unwrap();
    let sanne = app.sign_in("Sanne de Boer", "1111").await.unwrap();
    let marco = app.sign_in("Marco Jansen", "5555").await.unwrap();
    app.save_draft(&sanne, SANNES_FORM).await.unwrap();
    app.save_draft(&marco, MARCOS_FORM).await.unwrap();

    // A refused order keeps the draft: nothing typed is lost.
    let refused = NewOrder {
        description: "Rear brake squeals".into(),
        ..Default::default()
    };
    assert!(app.create_order(&sanne, refused).await.is_err());
    assert!(app.draft(&sanne).await.unwrap().is_some());

    let order = NewOrder {
        customer: Some(CustomerInput {
            name: "Annemiek Jansen".into(),
            ..Default::default()
        }),
        repair_object: Some(RepairObjectInput::default()),
        description: "Rear brake squeals".into(),
        ..Default::default()
    };
    // An order made elsewhere in her name (the CLI, a script) leaves her draft alone.
    app.create_order(&sanne, order.clone()).await.unwrap();
    assert_eq!(app.draft(&sanne).await.unwrap().unwrap().form, SANNES_FORM);
    // The order typed in the form takes its draft along.
    let typed = NewOrder {
        from_draft: Some(true),
        ..order
    };
    app.create_order(&sanne, typed).await.unwrap();
    assert_eq!(app.draft(&sanne).await.unwrap(), None);
    assert_eq!(app.draft(&marco).await.unwrap().unwrap().form, MARCOS_FORM);
}

#[tokio::test]
async fn a_draft_must_be_a_form_of_sane_size_kept_for_a_signed_in_counter() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path()).await;
    app.load_demo().await.unwrap();
    let sanne = app.sign_in("Sanne de Boer", "1111").await.unwrap();

    let huge = format!(r#"{{"description": "{}"}}"#, "x".repeat(256 * 1024));
    let err = app.save_draft(&sanne, &huge).await.unwrap_err();
    assert_eq!(err.code, "invalid_input");
    assert_eq!(err.field.as_deref(), Some("form"));
    assert!(err.message.contains("at most 256 KiB"), "{}", err.message);
    let err = app.save_draft(&sanne, "[1, 2]").await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("form"));
    assert_eq!(app.draft(&sanne).await.unwrap(), None, "nothing was kept");

    // Just under the cap is kept.
    let big = format!(r#"{{"description": "{}"}}"#, "x".repeat(256 * 1024 - 40));
    app.save_draft(&sanne, &big).await.unwrap();

    let err = app
        .save_draft(&Actor::new("owner"), SANNES_FORM)
        .await
        .unwrap_err();
    assert_eq!(err.code, "not_signed_in");
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    let err = app.save_draft(&joris, SANNES_FORM).await.unwrap_err();
    assert_eq!(err.code, "forbidden", "a mechanic takes no intakes");
}

//! Roles are enforced in the core: every guarded use case, called by an employee whose roles
//! do not allow it, is refused with "not allowed for role X" and changes nothing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::demo::{app_at, changes, demo};
use jobcard_app::dto::{
    ArticleInput, ClosingInput, EmployeeInput, LineInput, NewOrder, OrderQuery, RepairCodeInput,
    StatusLabelInput, StoreInput, VatRateInput,
};
use jobcard_app::{Actor, App, AppError};

fn refused(result: Result<impl std::fmt::Debug, AppError>, role: &str, what: &str) {
    let err = result.expect_err(&format!("{what} was allowed for {role}"));
    assert_eq!(err.code, "forbidden", "{what}: {err}");
    assert!(
        err.message
            .starts_with(&format!("not allowed for role {role}")),
        "{what}: {}",
        err.message
    );
}

async fn some_order(app: &App) -> String {
    app.list_orders(&OrderQuery {
        status: Some("intake".into()),
        ..Default::default()
    })
    .await
    .unwrap()
    .rows[0]
        .number
        .clone()
}

#[tokio::test]
async fn a_mechanic_cannot_sell_price_delete_or_change_settings() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let number = some_order(&app).await;
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    let before = changes(&app).await;
    let m = "mechanic";
    let order = NewOrder {
        description: "x".into(),
        ..Default::default()
    };
    refused(app.create_order(&joris, order).await, m, "create_order");
    let line = LineInput {
        description: Some("Free".into()),
        unit_price_cents: Some(1),
        vat: Some("high".into()),
        ..Default::default()
    };
    refused(
        app.replace_lines(&joris, &number, &[line], None).await,
        m,
        "replace_lines",
    );
    refused(app.delete_order(&joris, &number).await, m, "delete_order");
    refused(
        app.set_order_status(&joris, &number, "cancelled", None, None)
            .await,
        m,
        "cancel",
    );
    refused(
        app.set_order_status(&joris, &number, "scheduled", None, None)
            .await,
        m,
        "schedule",
    );
    refused(
        app.save_store(
            &joris,
            &StoreInput {
                name: "X".into(),
                ..Default::default()
            },
        )
        .await,
        m,
        "save_store",
    );
    refused(
        app.save_employee(
            &joris,
            &EmployeeInput {
                name: "X".into(),
                roles: vec!["manager".into()],
                ..Default::default()
            },
        )
        .await,
        m,
        "save_employee",
    );
    refused(
        app.add_vat_rate(
            &joris,
            &VatRateInput {
                vat: "low".into(),
                rate_bp: 1000,
                valid_from: "2030-01-01".into(),
            },
        )
        .await,
        m,
        "add_vat_rate",
    );
    refused(
        app.save_repair_code(
            &joris,
            &RepairCodeInput {
                code: "1".into(),
                description: "x".into(),
                vat: "high".into(),
                ..Default::default()
            },
        )
        .await,
        m,
        "save_repair_code",
    );
    refused(
        app.save_article(
            &joris,
            &ArticleInput {
                barcode: "1".into(),
                description: "x".into(),
                vat: "high".into(),
                ..Default::default()
            },
        )
        .await,
        m,
        "save_article",
    );
    refused(
        app.import_articles_csv(&joris, "barcode,description,price,vat\n1,x,1,high\n")
            .await,
        m,
        "import_articles_csv",
    );
    refused(
        app.set_status_labels(
            &joris,
            &[StatusLabelInput {
                status: "done".into(),
                nl: Some("Af".into()),
                en: None,
            }],
        )
        .await,
        m,
        "set_status_labels",
    );
    refused(
        app.set_document_footer(&joris, "x").await,
        m,
        "set_document_footer",
    );
    refused(
        app.backup_now(&joris, &dir.path().join("b")).await,
        m,
        "backup_now",
    );
    refused(
        jobcard_app::request_restore(&joris, dir.path(), &dir.path().join("b"), "x"),
        m,
        "request_restore",
    );
    refused(
        app.report(&joris, "2026-11-01", "2026-11-30").await,
        m,
        "report",
    );
    let marco_id = app
        .sign_in("Marco Jansen", "5555")
        .await
        .unwrap()
        .employee_id
        .unwrap();
    refused(
        app.set_pin(&joris, &marco_id, "1234").await,
        m,
        "set_pin of someone else",
    );
    // Reading what the settings and sync screens show is guarded in the core too.
    refused(app.shop_settings(&joris).await, m, "shop_settings");
    refused(app.hours_settings(&joris).await, m, "hours_settings");
    refused(app.backups(&joris), m, "backups");
    refused(app.connectors(&joris).await, m, "connectors");
    refused(app.sync_queue(&joris, "till").await, m, "sync_queue");
    refused(
        app.import_refusals(&joris, "till").await,
        m,
        "import_refusals",
    );
    assert_eq!(changes(&app).await, before, "nothing refused left a trace");
    // What a mechanic may do: his own PIN, and moving work along.
    app.set_pin(&joris, joris.employee_id.as_deref().unwrap(), "2468")
        .await
        .unwrap();
    assert!(app.sign_in("Joris Bakker", "2468").await.is_ok());
}

#[tokio::test]
async fn counter_staff_cannot_change_settings_delete_or_track_work() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let number = some_order(&app).await;
    let sanne = app.sign_in("Sanne de Boer", "1111").await.unwrap();
    let before = changes(&app).await;
    let c = "counter";
    refused(
        app.save_store(
            &sanne,
            &StoreInput {
                name: "X".into(),
                ..Default::default()
            },
        )
        .await,
        c,
        "save_store",
    );
    refused(
        app.set_document_footer(&sanne, "x").await,
        c,
        "set_document_footer",
    );
    refused(app.delete_order(&sanne, &number).await, c, "delete_order");
    refused(app.start_work(&sanne, &number).await, c, "start_work");
    refused(app.pause_work(&sanne, &number).await, c, "pause_work");
    refused(
        app.set_line_done(&sanne, &number, 1, true, None).await,
        c,
        "set_line_done",
    );
    refused(
        app.finish_work(&sanne, &number, &ClosingInput::default(), None)
            .await,
        c,
        "finish_work",
    );
    refused(app.shop_settings(&sanne).await, c, "shop_settings");
    refused(app.backups(&sanne), c, "backups");
    assert_eq!(changes(&app).await, before);
    // The counter's own work is allowed, the sync screen included.
    assert!(app.connectors(&sanne).await.is_ok());
    app.set_order_status(&sanne, &number, "cancelled", None, None)
        .await
        .unwrap();
    assert!(app.report(&sanne, "2026-11-01", "2026-11-30").await.is_ok());
}

#[tokio::test]
async fn a_manager_may_delete_and_the_order_leaves_every_list() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let number = some_order(&app).await;
    let marco = app.sign_in("Marco Jansen", "5555").await.unwrap();
    app.delete_order(&marco, &number).await.unwrap();
    assert_eq!(app.get_order(&number).await.unwrap_err().code, "not_found");
    let all = app.list_orders(&OrderQuery::default()).await.unwrap();
    assert!(all.rows.iter().all(|r| r.number != number));
    // The machine's owner (CLI without --as) may do everything.
    let owner = Actor::new("CLI");
    assert!(owner.roles().is_none());
    app.set_document_footer(&owner, "Open ma-za").await.unwrap();
}

#[tokio::test]
async fn planning_settings_are_the_managers() {
    use jobcard_app::dto::{AbsenceInput, HoursSpan, ScheduleInput};
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let number = some_order(&app).await;
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    let sanne = app.sign_in("Sanne de Boer", "1111").await.unwrap();
    let before = changes(&app).await;
    let week = [HoursSpan {
        weekday: 0,
        opens: "09:00".into(),
        closes: "17:00".into(),
    }];
    for (actor, role) in [(&joris, "mechanic"), (&sanne, "counter")] {
        refused(
            app.set_trading_hours(actor, &week).await,
            role,
            "set_trading_hours",
        );
        refused(
            app.set_working_hours(actor, "Joris Bakker", &week).await,
            role,
            "set_working_hours",
        );
        let off = AbsenceInput {
            employee: "Joris Bakker".into(),
            from: "2026-12-01".into(),
            to: "2026-12-01".into(),
            reason: None,
        };
        refused(app.add_absence(actor, &off).await, role, "add_absence");
        refused(app.remove_absence(actor, 1).await, role, "remove_absence");
    }
    refused(
        app.schedule_order(&joris, &number, &ScheduleInput::default(), None)
            .await,
        "mechanic",
        "schedule_order",
    );
    assert_eq!(changes(&app).await, before);
    // Setting up a "first manager" is refused once anyone has a PIN.
    let err = app.set_first_manager("Mallory", "1234").await.unwrap_err();
    assert_eq!(err.code, "forbidden");
}

#[tokio::test]
async fn a_new_workshop_sets_up_its_first_manager_once() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_at(dir.path(), "2026-11-24T08:00:00Z").await;
    assert!(app.sign_in_names().await.unwrap().is_empty());
    assert_eq!(
        app.set_first_manager("Kim", "12")
            .await
            .unwrap_err()
            .field
            .as_deref(),
        Some("pin")
    );
    let kim = app.set_first_manager("Kim de Wit", "2580").await.unwrap();
    assert!(kim.has(jobcard_domain::Role::Manager));
    let names = app.sign_in_names().await.unwrap();
    assert_eq!(
        (names[0].name.as_str(), names[0].has_pin),
        ("Kim de Wit", true)
    );
    assert!(app.sign_in("Kim de Wit", "2580").await.is_ok());
    assert_eq!(
        app.set_first_manager("Mallory", "1234")
            .await
            .unwrap_err()
            .code,
        "forbidden"
    );
}

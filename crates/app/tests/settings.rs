//! The manager's settings on a real SQLite file: what a change does to the next order, what
//! is refused, and that a refused change (or a bad import) leaves everything as it was.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::Arc;

use chrono::{DateTime, Utc};
use jobcard_app::dto::{
    ArticleInput, CustomerInput, EmployeeInput, LineInput, NewOrder, RepairCodeInput,
    RepairObjectInput, StatusLabelInput, StoreInput, VatRateInput,
};
use jobcard_app::print::DocumentKind;
use jobcard_app::{Actor, App, FixedClock};
use jobcard_domain::Lang;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

async fn demo_app(dir: &std::path::Path, now: &str) -> App {
    let app = App::open_on(
        dir,
        &jobcard_store::db::testing::database_for(dir).await.unwrap(),
        Arc::new(FixedClock(at(now))),
    )
    .await
    .unwrap();
    app.load_demo().await.unwrap();
    app
}

fn manager() -> Actor {
    Actor::new("Marco Jansen")
}

fn order_with(lines: Vec<LineInput>) -> NewOrder {
    NewOrder {
        customer: Some(CustomerInput {
            name: "Eva Smit".into(),
            phone: Some("06 5555 1234".into()),
            ..Default::default()
        }),
        repair_object: Some(RepairObjectInput {
            brand: Some("Batavus".into()),
            ..Default::default()
        }),
        description: "Service".into(),
        lines,
        ..Default::default()
    }
}

async fn table_counts(app: &App) -> (i64, i64, i64) {
    let pool = app.store().readers();
    let one = |sql: &'static str| async move {
        jobcard_store::query_scalar::<i64>(sql)
            .fetch_one(pool)
            .await
            .unwrap()
    };
    (
        one("SELECT count(*) FROM articles").await,
        one("SELECT count(*) FROM audit_log").await,
        one("SELECT count(*) FROM outbox").await,
    )
}

#[tokio::test]
async fn an_announced_vat_change_applies_from_its_date_only() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(dir.path(), "2026-12-31T12:00:00Z").await;
    let line = LineInput {
        description: Some("Bidon".into()),
        unit_price_cents: Some(1090),
        vat: Some("low".into()),
        ..Default::default()
    };
    let before = app
        .create_order(&manager(), order_with(vec![line.clone()]))
        .await
        .unwrap();
    let new_rate = VatRateInput {
        vat: "low".into(),
        rate_bp: 1100,
        valid_from: "2027-01-01".into(),
    };
    app.add_vat_rate(&manager(), &new_rate).await.unwrap();

    let settings = app.shop_settings(&manager()).await.unwrap();
    let low: Vec<_> = settings
        .vat_rates
        .iter()
        .filter(|r| r.vat == "low")
        .collect();
    let nine = low.iter().find(|r| r.vat_rate_bp == 900).unwrap();
    assert_eq!(nine.valid_to.as_deref(), Some("2026-12-31"));
    assert!(nine.current, "9 % is still in force today");
    assert!(!low.iter().find(|r| r.vat_rate_bp == 1100).unwrap().current);

    // Today's order keeps 9 %; the order taken tomorrow gets 11 %.
    let today = app
        .create_order(&manager(), order_with(vec![line.clone()]))
        .await
        .unwrap();
    assert_eq!(today.lines[0].vat_rate_bp, 900);
    assert_eq!(today.lines[0].vat_cents, 90);
    let tomorrow = App::open_on(
        dir.path(),
        &jobcard_store::db::testing::database_for(dir.path())
            .await
            .unwrap(),
        Arc::new(FixedClock(at("2027-01-01T09:00:00Z"))),
    )
    .await
    .unwrap();
    let next = tomorrow
        .create_order(&manager(), order_with(vec![line.clone()]))
        .await
        .unwrap();
    assert_eq!(next.lines[0].vat_rate_bp, 1100);
    assert_eq!(next.lines[0].vat_cents, 108, "1090 * 11 / 111 = 108.02");
    let old = tomorrow.get_order(&before.number).await.unwrap();
    assert_eq!(
        old.lines[0].vat_rate_bp, 900,
        "saved orders keep their rate"
    );
    // The line editor's live totals price at the order's own date, as saving will.
    let preview = tomorrow
        .preview_lines(&before.number, &[line])
        .await
        .unwrap();
    assert_eq!((preview.lines[0].vat_rate_bp, preview.vat_cents), (900, 90));

    // A rate cannot start before the one in force, and the zero code stays zero.
    let err = app
        .add_vat_rate(
            &manager(),
            &VatRateInput {
                valid_from: "2026-06-01".into(),
                ..new_rate.clone()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("valid_from"));
    let err = app
        .add_vat_rate(
            &manager(),
            &VatRateInput {
                vat: "zero".into(),
                rate_bp: 500,
                valid_from: "2028-01-01".into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("rate_bp"));
}

#[tokio::test]
async fn a_changed_repair_code_prices_new_orders_and_a_retired_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(dir.path(), "2026-11-24T10:00:00Z").await;
    let code = RepairCodeInput {
        code: "102".into(),
        description: "Replace chain".into(),
        standard_minutes: Some(25),
        price_cents: Some(3495),
        vat: "high".into(),
        active: None,
    };
    app.save_repair_code(&manager(), &code).await.unwrap();
    let by_code = || LineInput {
        code: Some("102".into()),
        ..Default::default()
    };
    let order = app
        .create_order(&manager(), order_with(vec![by_code()]))
        .await
        .unwrap();
    assert_eq!(order.lines[0].total_cents, 3495);
    assert_eq!(order.work_minutes, 25);

    app.save_repair_code(
        &manager(),
        &RepairCodeInput {
            active: Some(false),
            ..code.clone()
        },
    )
    .await
    .unwrap();
    let err = app
        .create_order(&manager(), order_with(vec![by_code()]))
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("lines[0].code"), "{err}");
    let settings = app.shop_settings(&manager()).await.unwrap();
    let retired = settings
        .repair_codes
        .iter()
        .find(|c| c.code.code == "102")
        .unwrap();
    assert!(
        !retired.active,
        "a retired code stays listed in the settings"
    );
    assert!(
        !app.catalogue()
            .await
            .unwrap()
            .repair_codes
            .iter()
            .any(|c| c.code == "102")
    );

    let err = app
        .save_repair_code(
            &manager(),
            &RepairCodeInput {
                code: "1 02".into(),
                ..code.clone()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("code"));
    let err = app
        .save_repair_code(
            &manager(),
            &RepairCodeInput {
                vat: "medium".into(),
                ..code
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("vat"));
}

#[tokio::test]
async fn a_csv_with_bad_rows_imports_nothing_and_names_each_row() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(dir.path(), "2026-11-24T10:00:00Z").await;
    let before = table_counts(&app).await;
    let bad = "barcode;description;price;vat\n\
               9000000000011;Spatbord;19,95;hoog\n\
               9000000000028;;4,50;laag\n\
               9000000000035;Bel;vier;21\n\
               9000000000011;Spatbord zwart;21,95;hoog\n";
    let report = app.import_articles_csv(&manager(), bad).await.unwrap();
    assert_eq!((report.added, report.updated), (0, 0));
    let lines: Vec<(u64, &str)> = report
        .errors
        .iter()
        .map(|e| (e.line, e.field.as_str()))
        .collect();
    assert_eq!(
        lines,
        vec![(3, "description"), (4, "price"), (5, "barcode")]
    );
    assert_eq!(
        table_counts(&app).await,
        before,
        "nothing imported, nothing recorded"
    );

    let existing = app.catalogue().await.unwrap().articles[0].clone();
    let good = format!(
        "EAN,Omschrijving,Prijs,BTW\n9000000000011,Spatbord,\"19,95\",hoog\n{},{} (nieuw),\"1.234,50\",21\n",
        existing.barcode, existing.description
    );
    let report = app.import_articles_csv(&manager(), &good).await.unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!((report.added, report.updated), (1, 1));
    let (articles, audits, outbox) = table_counts(&app).await;
    assert_eq!(articles, before.0 + 1);
    assert_eq!(
        (audits, outbox),
        (before.1 + 2, before.2 + 2),
        "one audit and outbox row per change"
    );
    let catalogue = app.catalogue().await.unwrap();
    let changed = catalogue
        .articles
        .iter()
        .find(|a| a.barcode == existing.barcode)
        .unwrap();
    assert_eq!(changed.price_cents, 123_450);

    // The imported article is what a scan at the counter now adds.
    let scanned = LineInput {
        barcode: Some("9000000000011".into()),
        ..Default::default()
    };
    let order = app
        .create_order(&manager(), order_with(vec![scanned]))
        .await
        .unwrap();
    assert_eq!(order.lines[0].description, "Spatbord");
    assert_eq!(order.lines[0].total_cents, 1995);
    assert_eq!(order.lines[0].vat_rate_bp, 2100);

    // Importing the same file again changes nothing.
    let again = app.import_articles_csv(&manager(), &good).await.unwrap();
    assert_eq!((again.added, again.updated), (0, 0));
    let _ = ArticleInput::default();
}

#[tokio::test]
async fn employees_roles_and_the_last_manager() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(dir.path(), "2026-11-24T10:00:00Z").await;
    let new = EmployeeInput {
        name: "Kees Dekker".into(),
        roles: vec!["mechanic".into(), "counter".into(), "mechanic".into()],
        ..Default::default()
    };
    let kees = app.save_employee(&manager(), &new).await.unwrap();
    assert_eq!(
        kees.roles,
        vec![
            jobcard_domain::Role::Counter,
            jobcard_domain::Role::Mechanic
        ],
        "canonical order, each once"
    );
    assert!(
        app.catalogue()
            .await
            .unwrap()
            .mechanics
            .contains(&"Kees Dekker".to_owned())
    );

    let err = app
        .save_employee(
            &manager(),
            &EmployeeInput {
                name: "kees dekker".into(),
                ..new.clone()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.field.as_deref(),
        Some("name"),
        "names are unique whatever the case"
    );
    let err = app
        .save_employee(
            &manager(),
            &EmployeeInput {
                roles: vec!["boss".into()],
                ..new.clone()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("roles[0]"));
    let err = app
        .save_employee(
            &manager(),
            &EmployeeInput {
                roles: vec![],
                ..new
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("roles"));

    // Retiring a mechanic takes them off the intake form's list.
    app.save_employee(
        &manager(),
        &EmployeeInput {
            id: Some(kees.id.clone()),
            name: kees.name.clone(),
            roles: kees.roles.iter().map(|r| r.as_str().to_owned()).collect(),
            active: Some(false),
        },
    )
    .await
    .unwrap();
    assert!(
        !app.catalogue()
            .await
            .unwrap()
            .mechanics
            .contains(&"Kees Dekker".to_owned())
    );

    // The demo has one manager; they cannot be demoted or retired.
    let settings = app.shop_settings(&manager()).await.unwrap();
    let marco = settings
        .employees
        .iter()
        .find(|e| e.name == "Marco Jansen")
        .unwrap();
    let err = app
        .save_employee(
            &manager(),
            &EmployeeInput {
                id: Some(marco.id.clone()),
                name: marco.name.clone(),
                roles: vec!["counter".into()],
                active: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("roles"));
    assert!(err.message.contains("last active manager"), "{err}");
}

#[tokio::test]
async fn shop_details_labels_and_footer_reach_the_documents() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(dir.path(), "2026-11-24T10:00:00Z").await;
    let settings = app.shop_settings(&manager()).await.unwrap();
    let main = settings.stores[0].clone();
    let changed = app
        .save_store(
            &manager(),
            &StoreInput {
                id: Some(main.id.clone()),
                name: "De Spaak Centrum".into(),
                address: Some("Oudegracht 1, 3511 AA Utrecht".into()),
                vat_number: Some("NL001234567B01".into()),
                coc_number: Some("12345678".into()),
                time_zone: Some("Europe/Amsterdam".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(changed.name, "De Spaak Centrum");
    let err = app
        .save_store(
            &manager(),
            &StoreInput {
                name: "Noord".into(),
                time_zone: Some("Mars/Olympus".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("time_zone"));
    let north = app
        .save_store(
            &manager(),
            &StoreInput {
                name: "De Spaak Noord".into(),
                address: Some("Amsterdamsestraatweg 99".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let err = app
        .save_store(
            &manager(),
            &StoreInput {
                name: "de spaak noord".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("name"));

    app.set_document_footer(
        &manager(),
        "Betaling binnen 14 dagen.\nOpen ma-za 9-18 uur.",
    )
    .await
    .unwrap();
    let labels = app
        .set_status_labels(
            &manager(),
            &[StatusLabelInput {
                status: "waiting_for_parts".into(),
                nl: Some("Besteld".into()),
                en: None,
            }],
        )
        .await
        .unwrap();
    let parts = labels
        .iter()
        .find(|l| l.status == "waiting_for_parts")
        .unwrap();
    assert_eq!(
        (parts.nl.as_str(), parts.en.as_str()),
        ("Besteld", "Waiting for parts")
    );
    let err = app
        .set_status_labels(
            &manager(),
            &[StatusLabelInput {
                status: "lost".into(),
                ..Default::default()
            }],
        )
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("labels[0].status"));
    let catalogue = app.catalogue().await.unwrap();
    assert!(catalogue.status_labels.iter().any(|l| l.nl == "Besteld"));
    assert_eq!(catalogue.stores.len(), 2);

    // An order booked on the second store prints that store's details and the footer.
    let order = app
        .create_order(
            &manager(),
            NewOrder {
                store: Some("De Spaak Noord".into()),
                ..order_with(vec![])
            },
        )
        .await
        .unwrap();
    assert_eq!(order.store_name, north.name);
    let pdf = app
        .print_order(&order.number, DocumentKind::Summary, Lang::Nl)
        .await
        .unwrap();
    let text = pdf_text(&dir.path().join("summary.pdf"), &pdf);
    assert!(
        text.contains("Amsterdamsestraatweg 99"),
        "the order's own store is printed"
    );
    assert!(text.contains("Betaling binnen 14 dagen."));
    let err = app
        .create_order(
            &manager(),
            NewOrder {
                store: Some("Zuid".into()),
                ..order_with(vec![])
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("store"));
}

/// The text of a PDF as poppler's `pdftotext` reads it (installed by `scripts/deps.sh test`).
fn pdf_text(path: &std::path::Path, pdf: &[u8]) -> String {
    std::fs::write(path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

//! The period report against the orders it summarises: its totals must equal the sum of the
//! orders' own figures, to the cent.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use jobcard_app::dto::OrderQuery;
use jobcard_app::{App, FixedClock, report_csv};

async fn demo(dir: &std::path::Path) -> App {
    let now = DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let app = App::open_on(
        dir,
        &jobcard_store::db::testing::database_for(dir).await.unwrap(),
        Arc::new(FixedClock(now)),
    )
    .await
    .unwrap();
    app.load_demo().await.unwrap();
    app
}

#[tokio::test]
async fn report_totals_equal_the_sum_of_the_orders() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let report = app
        .report(&jobcard_app::Actor::new("CLI"), "2026-11-23", "2026-11-23")
        .await
        .unwrap();

    let page = app
        .list_orders(&OrderQuery {
            limit: Some(500),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(report.orders, page.rows.len() as i64);
    let mut per_rate: BTreeMap<u32, (i64, i64)> = BTreeMap::new();
    let (mut total, mut vat, mut minutes, mut cancelled) = (0, 0, 0, 0);
    for row in &page.rows {
        let order = app.get_order(&row.number).await.unwrap();
        if order.status.status.as_str() == "cancelled" {
            cancelled += 1;
            continue;
        }
        total += order.total_cents;
        vat += order.vat_cents;
        minutes += order.work_minutes;
        for r in &order.by_rate {
            let e = per_rate.entry(r.vat_rate_bp).or_default();
            e.0 += r.gross_cents;
            e.1 += r.vat_cents;
        }
    }
    assert!(
        cancelled > 0,
        "the demo has a cancelled order, which must not count as revenue"
    );
    assert_eq!(
        (report.total_cents, report.vat_cents, report.net_cents),
        (total, vat, total - vat)
    );
    let reported: BTreeMap<u32, (i64, i64)> = report
        .by_rate
        .iter()
        .map(|r| (r.vat_rate_bp, (r.gross_cents, r.vat_cents)))
        .collect();
    assert_eq!(reported, per_rate);
    assert_eq!(
        report
            .by_mechanic
            .iter()
            .map(|m| m.work_minutes)
            .sum::<i64>(),
        minutes
    );
    let cancelled_row = report
        .by_status
        .iter()
        .find(|s| s.status.status.as_str() == "cancelled")
        .unwrap();
    assert_eq!(cancelled_row.orders, cancelled);

    let csv = report_csv(&report);
    let last = csv.lines().last().unwrap();
    assert_eq!(
        last,
        format!(
            "total,,{},{},{},{},{minutes}",
            report.orders,
            cents(total - vat),
            cents(vat),
            cents(total)
        )
    );
}

fn cents(value: i64) -> String {
    format!("{}.{:02}", value / 100, value % 100)
}

#[tokio::test]
async fn other_days_and_bad_periods() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let empty = app
        .report(&jobcard_app::Actor::new("CLI"), "2026-11-24", "2026-12-31")
        .await
        .unwrap();
    assert_eq!(
        (empty.orders, empty.total_cents, empty.by_rate.len()),
        (0, 0, 0)
    );
    let err = app
        .report(&jobcard_app::Actor::new("CLI"), "2026-11-24", "2026-11-01")
        .await
        .unwrap_err();
    assert_eq!(
        (err.field.as_deref(), err.message.as_str()),
        (Some("to"), "must not be before from")
    );
    let err = app
        .report(&jobcard_app::Actor::new("CLI"), "yesterday", "2026-11-01")
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("from"));
}

//! What the use-case tests on the demo workshop share: a workshop on a real SQLite file in a
//! temp dir, with the demo data and a fixed clock, and the counts a saved change adds to.
//!
//! Why here: the work, bench, planning, role, header-editing and intake tests all start from
//! the same demo workshop; only the moment they start at and their assertions are their own.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use jobcard_app::dto::OrderQuery;
use jobcard_app::{App, FixedClock};

/// An RFC 3339 moment as UTC.
pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// The workshop on `dir` (as it is on disk) with the clock standing at `now`.
pub async fn app_at(dir: &std::path::Path, now: &str) -> App {
    App::open_on(
        dir,
        &jobcard_store::db::testing::database_for(dir).await.unwrap(),
        Arc::new(FixedClock(at(now))),
    )
    .await
    .unwrap()
}

/// A new demo workshop on `dir` with the clock standing at `now`.
pub async fn demo_at(dir: &std::path::Path, now: &str) -> App {
    let app = app_at(dir, now).await;
    app.load_demo().await.unwrap();
    app
}

/// The demo workshop on Tuesday 24 November 2026, 09:00 shop time (08:00 UTC).
pub async fn demo(dir: &std::path::Path) -> App {
    demo_at(dir, "2026-11-24T08:00:00Z").await
}

/// (audit rows, outbox rows): what a saved change adds to.
pub async fn changes(app: &App) -> (i64, i64) {
    let pool = app.store().readers();
    let audit: i64 = jobcard_store::query_scalar("SELECT count(*) FROM audit_log")
        .fetch_one(pool)
        .await
        .unwrap();
    let outbox: i64 = jobcard_store::query_scalar("SELECT count(*) FROM outbox")
        .fetch_one(pool)
        .await
        .unwrap();
    (audit, outbox)
}

/// Femke's demo order, in intake and planned on nobody (45 work minutes).
pub async fn intake_order(app: &App) -> String {
    let q = OrderQuery {
        status: Some("intake".into()),
        search: Some("Femke".into()),
        ..Default::default()
    };
    app.list_orders(&q).await.unwrap().rows[0].number.clone()
}

/// The numbers of the orders the list's search finds for `text`, newest first (up to 200).
pub async fn found(app: &App, text: &str) -> Vec<String> {
    let query = OrderQuery {
        search: Some(text.into()),
        limit: Some(200),
        ..Default::default()
    };
    let page = app.list_orders(&query).await.unwrap();
    page.rows.into_iter().map(|r| r.number).collect()
}

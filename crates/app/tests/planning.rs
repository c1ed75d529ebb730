//! Re-planning on a real SQLite file: a plan request changes only what it names, the status
//! follows the start (never "scheduled" without one), and a time without an offset is the
//! shop's wall time, whatever zone the computer is in.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::demo::{app_at, demo_at, intake_order};
use jobcard_app::dto::{HoursSpan, ScheduleInput};
use jobcard_app::{Actor, App};

/// The demo workshop on Monday 23 November 2026, 06:00 in Amsterdam.
async fn demo(dir: &std::path::Path) -> App {
    demo_at(dir, "2026-11-23T05:00:00Z").await
}

fn plan(mechanic: Option<&str>, start: Option<&str>) -> ScheduleInput {
    ScheduleInput {
        mechanic: mechanic.map(str::to_owned),
        start: start.map(str::to_owned),
        confirm: Some(true),
    }
}

async fn actions(app: &App, number: &str) -> Vec<String> {
    let order = app.get_order(number).await.unwrap();
    order.history.iter().map(|h| h.action.clone()).collect()
}

#[tokio::test]
async fn changing_only_the_mechanic_keeps_the_start_and_finishes_on_their_hours() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let sanne = app.sign_in("Sanne de Boer", "1111").await.unwrap();
    let number = intake_order(&app).await;
    // Friday 17:00 shop time, typed as a wall time without an offset.
    let first = app
        .schedule_order(
            &sanne,
            &number,
            &plan(Some("Pieter Visser"), Some("2026-11-27T17:00")),
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        first.scheduled_start.as_deref(),
        Some("2026-11-27T16:00:00.000Z")
    );
    assert_eq!(
        first.scheduled_finish.as_deref(),
        Some("2026-11-28T08:15:00.000Z"),
        "30 minutes on Friday, 15 from Saturday's 09:00"
    );
    // Fatima works Monday to Friday 10:00-17:15.
    let spans: Vec<HoursSpan> = (0..5)
        .map(|weekday| HoursSpan {
            weekday,
            opens: "10:00".into(),
            closes: "17:15".into(),
        })
        .collect();
    app.set_working_hours(&Actor::new("test"), "Fatima El Amrani", &spans)
        .await
        .unwrap();

    let moved = app
        .schedule_order(&sanne, &number, &plan(Some("Fatima El Amrani"), None), None)
        .await
        .unwrap();
    assert_eq!(moved.mechanic.as_deref(), Some("Fatima El Amrani"));
    assert_eq!(moved.scheduled_start, first.scheduled_start, "start kept");
    assert_eq!(moved.status.status.as_str(), "scheduled");
    assert_eq!(
        moved.scheduled_finish.as_deref(),
        Some("2026-11-30T09:30:00.000Z"),
        "15 minutes on Friday, 30 from Monday's 10:00 on her hours"
    );
    let calendar = app.calendar(Some("2026-11-27"), 1).await.unwrap();
    let fatima = calendar
        .columns
        .iter()
        .find(|c| c.mechanic == "Fatima El Amrani")
        .unwrap();
    assert!(
        fatima.blocks.iter().any(|b| b.number == number),
        "still on the calendar"
    );

    // Only a new start keeps the mechanic.
    let later = app
        .schedule_order(&sanne, &number, &plan(None, Some("2026-11-25T11:00")), None)
        .await
        .unwrap();
    assert_eq!(later.mechanic.as_deref(), Some("Fatima El Amrani"));
    assert_eq!(
        later.scheduled_start.as_deref(),
        Some("2026-11-25T10:00:00.000Z")
    );
}

#[tokio::test]
async fn clearing_the_start_sends_a_scheduled_order_back_to_intake() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let sanne = app.sign_in("Sanne de Boer", "1111").await.unwrap();
    let number = intake_order(&app).await;
    app.schedule_order(
        &sanne,
        &number,
        &plan(Some("Pieter Visser"), Some("2026-11-26T10:00")),
        None,
    )
    .await
    .unwrap();
    let before = actions(&app, &number).await.len();

    // A request that changes nothing writes nothing.
    let same = app
        .schedule_order(&sanne, &number, &plan(None, None), None)
        .await
        .unwrap();
    assert_eq!(same.status.status.as_str(), "scheduled");
    assert_eq!(actions(&app, &number).await.len(), before, "no audit row");

    let cleared = app
        .schedule_order(&sanne, &number, &plan(None, Some("")), None)
        .await
        .unwrap();
    assert_eq!(
        cleared.status.status.as_str(),
        "intake",
        "never scheduled without a start"
    );
    assert!(cleared.scheduled_start.is_none() && cleared.scheduled_finish.is_none());
    assert_eq!(cleared.mechanic.as_deref(), Some("Pieter Visser"), "kept");
    let history = actions(&app, &number).await;
    assert!(
        history.iter().any(|a| a == "unscheduled") && history.iter().any(|a| a == "status_changed"),
        "{history:?}"
    );
    let calendar = app.calendar(None, 1).await.unwrap();
    assert!(calendar.backlog.iter().any(|b| b.number == number));

    // A blank mechanic unassigns; planning a day again schedules it again.
    let day = app
        .schedule_order(&sanne, &number, &plan(Some(""), Some("2026-11-30")), None)
        .await
        .unwrap();
    assert!(day.mechanic.is_none() && day.scheduled_all_day);
    assert_eq!(day.status.status.as_str(), "scheduled");
}

#[tokio::test]
async fn a_time_in_the_hour_the_clocks_skip_is_refused_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let sanne = app.sign_in("Sanne de Boer", "1111").await.unwrap();
    let number = intake_order(&app).await;
    let err = app
        .schedule_order(&sanne, &number, &plan(None, Some("2027-03-28T02:30")), None)
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("start"));
    assert!(err.message.contains("does not exist"), "{err}");
    let unchanged = app.get_order(&number).await.unwrap();
    assert!(unchanged.scheduled_start.is_none());
}

#[tokio::test]
async fn the_calendar_says_the_shops_today_zone_and_closed_days() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let week = app.calendar(Some("2026-11-23"), 7).await.unwrap();
    assert_eq!(week.today, "2026-11-23");
    assert_eq!(week.time_zone, "Europe/Amsterdam");
    assert_eq!(
        week.closed,
        vec!["2026-11-29".to_owned()],
        "the demo shop's Sunday"
    );
    // 23:30 UTC on Monday is already Tuesday in Amsterdam.
    let late = app_at(dir.path(), "2026-11-23T23:30:00Z").await;
    assert_eq!(late.calendar(None, 1).await.unwrap().today, "2026-11-24");
}

#[tokio::test]
async fn the_status_alone_never_makes_an_order_scheduled_without_a_start() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let marco = app.sign_in("Marco Jansen", "5555").await.unwrap();
    let number = intake_order(&app).await;
    let before = actions(&app, &number).await;

    let refused = app
        .set_order_status(&marco, &number, "scheduled", None, None)
        .await
        .unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("status"), "{refused:?}");
    assert!(refused.message.contains("planned start"), "{refused:?}");
    let order = app.get_order(&number).await.unwrap();
    assert_eq!(order.status.status.as_str(), "intake");
    assert_eq!(actions(&app, &number).await, before, "nothing recorded");

    // Planned at a time, the order is scheduled by the planning itself.
    app.schedule_order(&marco, &number, &plan(None, Some("2026-11-24T10:00")), None)
        .await
        .unwrap();
    assert_eq!(
        app.get_order(&number).await.unwrap().status.status.as_str(),
        "scheduled"
    );
}

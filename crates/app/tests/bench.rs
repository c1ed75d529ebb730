//! The mechanic's board and bench on a real SQLite file: the board's groups (the running job
//! first, today's, waiting and later jobs, the queue with startable jobs first), the live
//! timer's start, and starting an order that waits for the customer's approval only when the
//! mechanic confirms it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::demo::{app_at, demo};
use jobcard_app::App;
use jobcard_app::dto::{BoardGroup, OrderQuery, ScheduleInput};

async fn number_of(app: &App, customer: &str) -> String {
    let query = OrderQuery {
        search: Some(customer.into()),
        ..Default::default()
    };
    app.list_orders(&query).await.unwrap().rows[0]
        .number
        .clone()
}

#[tokio::test]
async fn the_board_groups_my_jobs_and_puts_the_running_one_first() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    let board = app.job_board(&joris).await.unwrap();
    let groups: Vec<(&str, BoardGroup)> = board
        .mine
        .iter()
        .map(|e| (e.customer_name.as_str(), e.group))
        .collect();
    // Anna's chain is planned for today (now + 2 h); Claire's tyres wait for parts.
    assert_eq!(
        groups,
        vec![
            ("Anna de Vries", BoardGroup::Today),
            ("Claire Martens", BoardGroup::Waiting)
        ]
    );
    let claire = &board.mine[1];
    assert_eq!(
        claire.waiting_reason.as_deref(),
        Some("Tyres ordered from the wholesaler")
    );
    assert_eq!(board.now, "2026-11-24T08:00:00.000Z");
    assert!(board.mine.iter().all(|e| e.running_since.is_none()));

    // Femke's job, planned for him next week, is "later".
    let sanne = app.sign_in("Sanne de Boer", "1111").await.unwrap();
    let femke = number_of(&app, "Femke").await;
    let plan = ScheduleInput {
        mechanic: Some("Joris Bakker".into()),
        start: Some("2026-12-01T10:00:00+01:00".into()),
        confirm: Some(true),
    };
    app.schedule_order(&sanne, &femke, &plan, None)
        .await
        .unwrap();
    let board = app.job_board(&joris).await.unwrap();
    let last = board.mine.last().unwrap();
    assert_eq!(
        (last.number.as_str(), last.group),
        (femke.as_str(), BoardGroup::Later)
    );

    // Half an hour later he starts Femke's job: it jumps to the top with his timer's start.
    let app = app_at(dir.path(), "2026-11-24T08:30:00Z").await;
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    app.start_work(&joris, &femke).await.unwrap();
    let board = app.job_board(&joris).await.unwrap();
    let first = &board.mine[0];
    assert_eq!(
        (first.number.as_str(), first.group),
        (femke.as_str(), BoardGroup::Running)
    );
    assert!(first.running_for_me);
    assert_eq!(
        first.running_since.as_deref(),
        Some("2026-11-24T08:30:00.000Z")
    );
    assert_eq!(
        board.mine.iter().filter(|e| e.running_for_me).count(),
        1,
        "one running job"
    );
}

#[tokio::test]
async fn the_queue_lists_jobs_that_can_start_before_waiting_ones() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let fatima = app.sign_in("Fatima El Amrani", "3333").await.unwrap();
    let queue = app.job_board(&fatima).await.unwrap().unassigned;
    let names: Vec<&str> = queue.iter().map(|e| e.customer_name.as_str()).collect();
    // Gerrit's quote is newer than Femke's service, but it waits for his approval.
    assert_eq!(names, vec!["Femke de Jong", "Gerrit Koster"]);
    assert!(queue.iter().all(|e| e.group == BoardGroup::Queue));
    assert_eq!(
        queue[1].waiting_reason.as_deref(),
        Some("Quote sent; waiting for approval")
    );
    assert_eq!(queue[0].waiting_reason, None);
    assert_eq!((queue[0].lines, queue[0].lines_done), (3, 0));
}

#[tokio::test]
async fn starting_an_order_that_waits_for_approval_needs_a_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let gerrit = number_of(&app, "Gerrit").await;
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();

    let err = app.start_work(&joris, &gerrit).await.unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.field.as_deref()),
        ("needs_confirmation", Some("confirm"))
    );
    assert!(
        err.message.contains("Quote sent; waiting for approval"),
        "says what it waits for: {err}"
    );
    let untouched = app.get_order(&gerrit).await.unwrap();
    assert_eq!(untouched.status.status.as_str(), "waiting_for_customer");
    assert!(untouched.work_periods.is_empty(), "no timer started");
    assert_eq!(untouched.mechanic, None, "not taken either");
    assert_eq!(app.job_board(&joris).await.unwrap().running, None);

    let started = app.start_work_with(&joris, &gerrit, true).await.unwrap();
    assert_eq!(started.status.status.as_str(), "in_progress");
    assert_eq!(started.mechanic.as_deref(), Some("Joris Bakker"));
    assert_eq!(started.waiting_reason, None, "it no longer waits");

    // Other statuses need no confirmation: Femke's intake starts at once.
    let femke = number_of(&app, "Femke").await;
    let fatima = app.sign_in("Fatima El Amrani", "3333").await.unwrap();
    assert_eq!(
        app.start_work(&fatima, &femke)
            .await
            .unwrap()
            .status
            .status
            .as_str(),
        "in_progress"
    );
}

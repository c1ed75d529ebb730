//! Two people, one order (issue 14): two seats (two `App`s) on one database, as two
//! computers in a shop. A seat that saves lines, a status, a plan or the header of an order
//! another seat changed since it opened it is refused with `order_changed`, naming who changed
//! it and when; nothing of the refused save is written, and after a reload both changes are
//! there. Two saves raced at the same instant: exactly one wins. One running timer per
//! mechanic across all seats. Runs on SQLite and, under `scripts/with-postgres.sh`, on
//! PostgreSQL.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::demo::{app_at, changes, demo, intake_order};
use jobcard_app::dto::{
    ClosingInput, JobBoard, LineInput, LineView, OrderHeaderInput, OrderView, ScheduleInput,
};
use jobcard_app::{Actor, App, AppError};

/// The demo workshop on `dir`, open at two seats: Sanne at the counter (seat A) and Pieter,
/// who works the counter and the bench (seat B).
async fn two_seats(dir: &std::path::Path) -> (App, Actor, App, Actor) {
    let a = demo(dir).await;
    let b = app_at(dir, "2026-11-24T08:00:00Z").await;
    let sanne = a.sign_in("Sanne de Boer", "1111").await.unwrap();
    let pieter = b.sign_in("Pieter Visser", "4444").await.unwrap();
    (a, sanne, b, pieter)
}

/// A saved line as the line editor sends it back.
fn input_of(line: &LineView) -> LineInput {
    LineInput {
        kind: Some(line.kind.as_str().to_owned()),
        code: line.code.clone(),
        barcode: line.barcode.clone(),
        description: Some(line.description.clone()),
        quantity: Some(line.quantity),
        unit_price_cents: Some(line.unit_price_cents),
        unit_discount_cents: Some(line.unit_discount_cents),
        discount_bp: Some(line.discount_bp),
        vat: Some(line.vat.as_str().to_owned()),
        work_minutes: Some(line.work_minutes_per_unit),
        bill_to_customer_id: line.bill_to_customer_id.clone(),
    }
}

/// The order's lines plus one free line `text`.
fn lines_plus(view: &OrderView, text: &str) -> Vec<LineInput> {
    let mut lines: Vec<_> = view.lines.iter().map(input_of).collect();
    lines.push(LineInput {
        kind: Some("labour".into()),
        description: Some(text.into()),
        unit_price_cents: Some(1500),
        vat: Some("high".into()),
        ..Default::default()
    });
    lines
}

fn descriptions(view: &OrderView) -> Vec<&str> {
    view.lines.iter().map(|l| l.description.as_str()).collect()
}

/// The refusal a stale save gets when Pieter changed `number` at 09:00 shop time.
fn assert_changed_by_pieter(err: &AppError, number: &str) {
    assert_eq!(err.code, "order_changed", "{err:?}");
    assert_eq!(
        err.message,
        format!(
            "Order {number} was changed by Pieter Visser at 09:00 since you opened it; reload it to see the change"
        )
    );
    let detail = &err.details[0];
    assert_eq!(detail.code, "order_changed");
    assert_eq!(detail.params["by"], "Pieter Visser");
    assert_eq!(detail.params["number"], number);
    assert_eq!(detail.params["when"], "09:00");
    assert!(
        detail.params["at"].starts_with("2026-11-24T08:00"),
        "{detail:?}"
    );
}

#[tokio::test]
async fn a_stale_line_save_is_refused_with_who_changed_the_order_and_both_survive_a_reload() {
    let dir = tempfile::tempdir().unwrap();
    let (a, sanne, b, pieter) = two_seats(dir.path()).await;
    let number = intake_order(&a).await;
    let seen_by_a = a.get_order(&number).await.unwrap();
    let seen_by_b = b.get_order(&number).await.unwrap();
    assert_eq!(seen_by_a.version, seen_by_b.version);

    let saved_by_b = b
        .replace_lines(
            &pieter,
            &number,
            &lines_plus(&seen_by_b, "Pieter's line"),
            Some(seen_by_b.version),
        )
        .await
        .unwrap();
    assert!(saved_by_b.version > seen_by_a.version);

    let before = changes(&a).await;
    let err = a
        .replace_lines(
            &sanne,
            &number,
            &lines_plus(&seen_by_a, "Sanne's line"),
            Some(seen_by_a.version),
        )
        .await
        .unwrap_err();
    assert_changed_by_pieter(&err, &number);
    assert_eq!(changes(&a).await, before, "nothing of the refused save");
    let now = a.get_order(&number).await.unwrap();
    assert_eq!(now.version, saved_by_b.version);
    assert!(descriptions(&now).contains(&"Pieter's line"));
    assert!(!descriptions(&now).contains(&"Sanne's line"));

    // Reloaded, Sanne adds her line to what is there now: both are kept.
    let saved_by_a = a
        .replace_lines(
            &sanne,
            &number,
            &lines_plus(&now, "Sanne's line"),
            Some(now.version),
        )
        .await
        .unwrap();
    let seen = b.get_order(&number).await.unwrap();
    assert_eq!(seen.version, saved_by_a.version);
    assert!(descriptions(&seen).contains(&"Pieter's line"));
    assert!(descriptions(&seen).contains(&"Sanne's line"));
}

#[tokio::test]
async fn a_stale_status_change_is_refused_and_the_other_seats_status_stays() {
    let dir = tempfile::tempdir().unwrap();
    let (a, sanne, b, pieter) = two_seats(dir.path()).await;
    let number = intake_order(&a).await;
    let seen_by_a = a.get_order(&number).await.unwrap();
    let seen_by_b = b.get_order(&number).await.unwrap();

    b.set_order_status(
        &pieter,
        &number,
        "waiting_for_parts",
        Some("brake pads ordered"),
        Some(seen_by_b.version),
    )
    .await
    .unwrap();
    let before = changes(&a).await;
    let err = a
        .set_order_status(&sanne, &number, "cancelled", None, Some(seen_by_a.version))
        .await
        .unwrap_err();
    assert_changed_by_pieter(&err, &number);
    assert_eq!(changes(&a).await, before);

    let now = a.get_order(&number).await.unwrap();
    assert_eq!(now.status.status.as_str(), "waiting_for_parts");
    assert_eq!(now.waiting_reason.as_deref(), Some("brake pads ordered"));
    let cancelled = a
        .set_order_status(&sanne, &number, "cancelled", None, Some(now.version))
        .await
        .unwrap();
    assert_eq!(cancelled.status.status.as_str(), "cancelled");
    let history: Vec<_> = cancelled
        .history
        .iter()
        .map(|h| (h.actor.as_str(), h.action.as_str()))
        .collect();
    assert!(history.contains(&("Pieter Visser", "status_changed")));
    assert!(history.contains(&("Sanne de Boer", "status_changed")));
}

fn plan(mechanic: &str, start: &str) -> ScheduleInput {
    ScheduleInput {
        mechanic: Some(mechanic.into()),
        start: Some(start.into()),
        confirm: Some(true),
    }
}

/// Pieter plans `number` on Joris at seat B from a fresh view; then Sanne's plan at seat A,
/// sent with `version_at_a`, must be refused as changed by Pieter, saving nothing. Returns
/// Pieter's plan.
async fn plan_at_b_then_refused_at_a(
    a: &App,
    sanne: &Actor,
    b: &App,
    pieter: &Actor,
    number: &str,
    version_at_a: i64,
) -> OrderView {
    let seen_by_b = b.get_order(number).await.unwrap();
    let planned = b
        .schedule_order(
            pieter,
            number,
            &plan("Joris Bakker", "2026-11-25T10:00"),
            Some(seen_by_b.version),
        )
        .await
        .unwrap();
    let before = changes(a).await;
    let err = a
        .schedule_order(
            sanne,
            number,
            &plan("Fatima El Amrani", "2026-11-25T13:00"),
            Some(version_at_a),
        )
        .await
        .unwrap_err();
    assert_changed_by_pieter(&err, number);
    assert_eq!(
        changes(a).await,
        before,
        "nothing of the refused plan is saved"
    );
    planned
}

#[tokio::test]
async fn a_stale_plan_is_refused_and_the_plan_made_at_the_other_seat_stays() {
    let dir = tempfile::tempdir().unwrap();
    let (a, sanne, b, pieter) = two_seats(dir.path()).await;
    let number = intake_order(&a).await;
    let seen_by_a = a.get_order(&number).await.unwrap();
    let planned =
        plan_at_b_then_refused_at_a(&a, &sanne, &b, &pieter, &number, seen_by_a.version).await;
    let now = a.get_order(&number).await.unwrap();
    assert_eq!(now.mechanic.as_deref(), Some("Joris Bakker"));
    assert_eq!(now.scheduled_start, planned.scheduled_start);
}

/// The calendar's drag sends the version the calendar shows: a block read before another
/// seat planned the order cannot move it back.
#[tokio::test]
async fn a_drag_on_a_calendar_read_before_another_seats_plan_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (a, sanne, b, pieter) = two_seats(dir.path()).await;
    let number = intake_order(&a).await;
    let calendar = a.calendar(Some("2026-11-25"), 1).await.unwrap();
    let shown = calendar
        .backlog
        .iter()
        .find(|block| block.number == number)
        .expect("the new order waits in the backlog");
    assert_eq!(shown.version, a.get_order(&number).await.unwrap().version);

    plan_at_b_then_refused_at_a(&a, &sanne, &b, &pieter, &number, shown.version).await;
    let reread = a.calendar(Some("2026-11-25"), 1).await.unwrap();
    let joris = reread
        .columns
        .iter()
        .find(|column| column.mechanic == "Joris Bakker")
        .expect("Joris's column");
    let block = joris
        .blocks
        .iter()
        .find(|block| block.number == number)
        .expect("the order stays where Pieter planned it");
    assert!(
        block.version > shown.version,
        "the reread calendar has the new version"
    );
}

#[tokio::test]
async fn a_stale_header_edit_is_refused_and_a_fresh_one_keeps_the_other_seats_text() {
    let dir = tempfile::tempdir().unwrap();
    let (a, sanne, b, pieter) = two_seats(dir.path()).await;
    let number = intake_order(&a).await;
    let seen_by_a = a.get_order(&number).await.unwrap();
    let seen_by_b = b.get_order(&number).await.unwrap();

    let text = OrderHeaderInput {
        description: Some("Rear hub grinds; customer will call back".into()),
        ..Default::default()
    };
    b.edit_order_header(&pieter, &number, &text, Some(seen_by_b.version))
        .await
        .unwrap();
    let promise = OrderHeaderInput {
        promised_date: Some("2026-12-03".into()),
        ..Default::default()
    };
    let err = a
        .edit_order_header(&sanne, &number, &promise, Some(seen_by_a.version))
        .await
        .unwrap_err();
    assert_changed_by_pieter(&err, &number);
    let now = a.get_order(&number).await.unwrap();
    assert_eq!(now.promised_date, seen_by_a.promised_date);
    let saved = a
        .edit_order_header(&sanne, &number, &promise, Some(now.version))
        .await
        .unwrap();
    assert_eq!(
        saved.description,
        "Rear hub grinds; customer will call back"
    );
    assert_eq!(saved.promised_date.as_deref(), Some("2026-12-03"));
}

/// A line is ticked by its number: a tick from a bench view read before the counter changed
/// the lines could mark another line done. It is refused, and so is a finish of an order the
/// mechanic has not seen since the change; with the order as it is now, the tick lands on the
/// line the mechanic sees.
#[tokio::test]
async fn a_stale_tick_or_finish_at_the_bench_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _sanne, b, pieter) = two_seats(dir.path()).await;
    let joris = a.sign_in("Joris Bakker", "2222").await.unwrap();
    let number = intake_order(&a).await;
    let seen_at_bench = a.get_order(&number).await.unwrap();
    let at_counter = b.get_order(&number).await.unwrap();

    // The counter puts a new line first: line 1 is now another line.
    let mut lines = vec![LineInput {
        kind: Some("labour".into()),
        description: Some("Check the brakes first".into()),
        unit_price_cents: Some(1500),
        vat: Some("high".into()),
        ..Default::default()
    }];
    lines.extend(at_counter.lines.iter().map(input_of));
    b.replace_lines(&pieter, &number, &lines, Some(at_counter.version))
        .await
        .unwrap();

    let before = changes(&a).await;
    let err = a
        .set_line_done(&joris, &number, 1, true, Some(seen_at_bench.version))
        .await
        .unwrap_err();
    assert_changed_by_pieter(&err, &number);
    let err = a
        .finish_work(
            &joris,
            &number,
            &ClosingInput::default(),
            Some(seen_at_bench.version),
        )
        .await
        .unwrap_err();
    assert_changed_by_pieter(&err, &number);
    assert_eq!(
        changes(&a).await,
        before,
        "nothing of either refusal is saved"
    );

    let now = a.get_order(&number).await.unwrap();
    assert!(
        now.lines
            .iter()
            .all(|l| l.status != jobcard_domain::LineStatus::Done)
    );
    let ticked = a
        .set_line_done(&joris, &number, 1, true, Some(now.version))
        .await
        .unwrap();
    assert_eq!(ticked.lines[0].description, "Check the brakes first");
    assert_eq!(ticked.lines[0].status, jobcard_domain::LineStatus::Done);
}

#[tokio::test]
async fn work_at_the_bench_moves_the_version_on_so_the_counter_reloads_first() {
    let dir = tempfile::tempdir().unwrap();
    let (a, sanne, b, pieter) = two_seats(dir.path()).await;
    let number = intake_order(&a).await;
    let seen_by_a = a.get_order(&number).await.unwrap();

    let started = b.start_work(&pieter, &number).await.unwrap();
    assert!(started.version > seen_by_a.version);
    let err = a
        .replace_lines(
            &sanne,
            &number,
            &lines_plus(&seen_by_a, "Sanne's line"),
            Some(seen_by_a.version),
        )
        .await
        .unwrap_err();
    assert_changed_by_pieter(&err, &number);
}

#[tokio::test]
async fn saves_without_a_version_are_not_guarded_as_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (a, sanne, b, pieter) = two_seats(dir.path()).await;
    let number = intake_order(&a).await;
    let seen_by_a = a.get_order(&number).await.unwrap();
    let seen_by_b = b.get_order(&number).await.unwrap();
    b.replace_lines(
        &pieter,
        &number,
        &lines_plus(&seen_by_b, "Pieter's line"),
        None,
    )
    .await
    .unwrap();
    let saved = a
        .replace_lines(
            &sanne,
            &number,
            &lines_plus(&seen_by_a, "Sanne's line"),
            None,
        )
        .await
        .unwrap();
    assert!(descriptions(&saved).contains(&"Sanne's line"));
    assert_eq!(
        saved.version,
        seen_by_a.version + 2,
        "each save moves it on"
    );
}

#[tokio::test]
async fn two_seats_saving_the_same_version_at_once_one_wins_and_one_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let (a, sanne, b, pieter) = two_seats(dir.path()).await;
    let number = intake_order(&a).await;
    let seen = a.get_order(&number).await.unwrap();
    let before = changes(&a).await;

    let lines_a = lines_plus(&seen, "Sanne's line");
    let lines_b = lines_plus(&seen, "Pieter's line");
    let (from_a, from_b) = tokio::join!(
        a.replace_lines(&sanne, &number, &lines_a, Some(seen.version)),
        b.replace_lines(&pieter, &number, &lines_b, Some(seen.version)),
    );
    let (won, lost, winner, loser) = match (from_a, from_b) {
        (Ok(view), Err(err)) => (view, err, "Sanne de Boer", "Pieter's line"),
        (Err(err), Ok(view)) => (view, err, "Pieter Visser", "Sanne's line"),
        other => panic!("exactly one save must win: {other:?}"),
    };
    assert_eq!(lost.code, "order_changed", "{lost:?}");
    assert_eq!(lost.details[0].params["by"], winner);
    assert_eq!(changes(&a).await, (before.0 + 1, before.1 + 1));
    let now = b.get_order(&number).await.unwrap();
    assert_eq!(now.version, won.version);
    assert_eq!(now.version, seen.version + 1);
    assert!(!descriptions(&now).contains(&loser));
}

#[tokio::test]
async fn a_status_raced_from_two_seats_is_changed_once() {
    let dir = tempfile::tempdir().unwrap();
    let (a, sanne, b, pieter) = two_seats(dir.path()).await;
    let number = intake_order(&a).await;
    let seen = a.get_order(&number).await.unwrap();
    let (from_a, from_b) = tokio::join!(
        a.set_order_status(&sanne, &number, "cancelled", None, Some(seen.version)),
        b.set_order_status(
            &pieter,
            &number,
            "waiting_for_customer",
            Some("approve the new wheel"),
            Some(seen.version)
        ),
    );
    let outcomes = [&from_a, &from_b];
    assert_eq!(
        outcomes.iter().filter(|r| r.is_ok()).count(),
        1,
        "{outcomes:?}"
    );
    let refused = outcomes.iter().find_map(|r| r.as_ref().err()).unwrap();
    assert_eq!(refused.code, "order_changed");
    let history = a.get_order(&number).await.unwrap().history;
    let status_changes = history
        .iter()
        .filter(|h| h.action == "status_changed")
        .count();
    assert_eq!(status_changes, 1, "{history:?}");
}

/// Two orders Fatima may start: the board's first unassigned one and her own.
fn two_jobs(board: &JobBoard) -> (String, String) {
    (
        board.unassigned[0].number.clone(),
        board.mine[0].number.clone(),
    )
}

#[tokio::test]
async fn a_mechanic_signed_in_at_two_seats_runs_one_timer() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _, b, _) = two_seats(dir.path()).await;
    let at_bench_a = a.sign_in("Fatima El Amrani", "3333").await.unwrap();
    let at_bench_b = b.sign_in("Fatima El Amrani", "3333").await.unwrap();
    let (first, second) = two_jobs(&a.job_board(&at_bench_a).await.unwrap());

    a.start_work(&at_bench_a, &first).await.unwrap();
    let err = b.start_work(&at_bench_b, &second).await.unwrap_err();
    assert_eq!(err.code, "conflict", "{err:?}");
    assert!(err.message.contains("pause it"), "{err}");
    assert!(
        b.get_order(&second)
            .await
            .unwrap()
            .work_periods
            .iter()
            .all(|p| p.employee != "Fatima El Amrani"),
    );
}

#[tokio::test]
async fn timers_started_at_the_same_instant_at_two_seats_one_runs_the_other_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _, b, _) = two_seats(dir.path()).await;
    let at_bench_a = a.sign_in("Fatima El Amrani", "3333").await.unwrap();
    let at_bench_b = b.sign_in("Fatima El Amrani", "3333").await.unwrap();
    let (first, second) = two_jobs(&a.job_board(&at_bench_a).await.unwrap());

    let (from_a, from_b) = tokio::join!(
        a.start_work(&at_bench_a, &first),
        b.start_work(&at_bench_b, &second),
    );
    let outcomes = [&from_a, &from_b];
    assert_eq!(
        outcomes.iter().filter(|r| r.is_ok()).count(),
        1,
        "{outcomes:?}"
    );
    let refused = outcomes.iter().find_map(|r| r.as_ref().err()).unwrap();
    assert_eq!(refused.code, "conflict", "not a storage error: {refused:?}");
    let running = a.job_board(&at_bench_a).await.unwrap().running;
    assert!(running.is_some());
}

//! The mechanics' side on a real SQLite file: signing in, the timer (pause, resume, two
//! periods, one running timer per mechanic), ticking lines, finishing with the closing
//! fields, the job board, and deleting.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::demo::{app_at, demo, demo_at, intake_order};
use jobcard_app::App;
use jobcard_app::dto::{ClosingInput, OrderQuery};

#[tokio::test]
async fn the_board_shows_my_jobs_and_the_unassigned_queue() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    let board = app.job_board(&joris).await.unwrap();
    assert!(!board.mine.is_empty());
    assert!(
        board
            .mine
            .iter()
            .all(|e| e.mechanic.as_deref() == Some("Joris Bakker"))
    );
    assert!(board.unassigned.iter().all(|e| e.mechanic.is_none()));
    assert!(
        board
            .unassigned
            .iter()
            .any(|e| e.customer_name == "Femke de Jong")
    );
    assert_eq!(board.running, None);
}

#[tokio::test]
async fn two_work_periods_add_up_and_finishing_records_the_closing_fields() {
    let dir = tempfile::tempdir().unwrap();
    let number = intake_order(&demo(dir.path()).await).await;
    let sign = |app: App| async move { (app.sign_in("Joris Bakker", "2222").await.unwrap(), app) };

    let (joris, app) = sign(app_at(dir.path(), "2026-11-24T09:00:00Z").await).await;
    let started = app.start_work(&joris, &number).await.unwrap();
    assert_eq!(started.status.status.as_str(), "in_progress");
    assert_eq!(
        started.mechanic.as_deref(),
        Some("Joris Bakker"),
        "an unassigned job becomes his"
    );
    assert_eq!(
        app.job_board(&joris).await.unwrap().running.as_deref(),
        Some(number.as_str())
    );
    let err = app.start_work(&joris, &number).await.unwrap_err();
    assert!(err.message.contains("already runs"), "{err}");

    let (joris, app) = sign(app_at(dir.path(), "2026-11-24T09:25:00Z").await).await;
    let paused = app.pause_work(&joris, &number).await.unwrap();
    assert_eq!(paused.actual_minutes, 25);
    assert_eq!(
        paused.status.status.as_str(),
        "in_progress",
        "a pause is not a waiting status"
    );
    assert!(
        app.pause_work(&joris, &number).await.is_err(),
        "nothing runs to pause"
    );

    let (joris, app) = sign(app_at(dir.path(), "2026-11-24T10:00:00Z").await).await;
    app.start_work(&joris, &number).await.unwrap();
    let ticked = app
        .set_line_done(&joris, &number, 1, true, None)
        .await
        .unwrap();
    assert_eq!(ticked.lines[0].status, jobcard_domain::LineStatus::Done);
    assert!(
        app.set_line_done(&joris, &number, 99, true, None)
            .await
            .is_err()
    );

    let (joris, app) = sign(app_at(dir.path(), "2026-11-24T10:40:00Z").await).await;
    let closing = ClosingInput {
        resolution: Some("Serviced; new lamp set fitted".into()),
        root_cause: Some("Wear".into()),
        notes: Some("Rear tyre will need replacing soon".into()),
    };
    let done = app
        .finish_work(&joris, &number, &closing, None)
        .await
        .unwrap();
    assert_eq!(done.status.status.as_str(), "done");
    assert_eq!(done.actual_minutes, 25 + 40, "two periods add up");
    assert_eq!(done.work_periods.len(), 2);
    assert!(done.work_periods.iter().all(|p| p.ended_at.is_some()));
    assert_eq!(
        done.resolution.as_deref(),
        Some("Serviced; new lamp set fitted")
    );
    assert_eq!(
        done.completed_at.as_deref(),
        Some("2026-11-24T10:40:00.000Z")
    );
    let actions: Vec<_> = done
        .history
        .iter()
        .map(|h| (h.actor.as_str(), h.action.as_str()))
        .collect();
    assert!(
        actions.contains(&("Joris Bakker", "finished")),
        "{actions:?}"
    );
    assert_eq!(app.job_board(&joris).await.unwrap().running, None);
}

#[tokio::test]
async fn one_running_timer_per_mechanic() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let fatima = app.sign_in("Fatima El Amrani", "3333").await.unwrap();
    let board = app.job_board(&fatima).await.unwrap();
    let first = board.unassigned[0].number.clone();
    let second = board.mine[0].number.clone();
    app.start_work(&fatima, &first).await.unwrap();
    let err = app.start_work(&fatima, &second).await.unwrap_err();
    assert_eq!(err.code, "conflict");
    assert!(err.message.contains(&first), "{err}");
    // Another mechanic may work on the same order at the same time.
    let pieter = app.sign_in("Pieter Visser", "4444").await.unwrap();
    app.start_work(&pieter, &first).await.unwrap();
    let view = app.get_order(&first).await.unwrap();
    assert_eq!(
        view.work_periods
            .iter()
            .filter(|p| p.ended_at.is_none())
            .count(),
        2
    );
}

#[tokio::test]
async fn waiting_needs_a_reason_and_a_pin_is_checked_and_locked() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let number = intake_order(&app).await;
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    app.start_work(&joris, &number).await.unwrap();
    let err = app
        .set_order_status(&joris, &number, "waiting_for_parts", None, None)
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("reason"));
    let waiting = app
        .set_order_status(
            &joris,
            &number,
            "waiting_for_parts",
            Some("Brake pads ordered"),
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        waiting.waiting_reason.as_deref(),
        Some("Brake pads ordered")
    );

    for _ in 0..5 {
        let err = app.sign_in("Sanne de Boer", "0000").await.unwrap_err();
        assert_eq!(err.code, "unauthorized");
    }
    let err = app.sign_in("Sanne de Boer", "1111").await.unwrap_err();
    assert_eq!(
        err.code, "locked",
        "five wrong PINs lock the name, even for the right one"
    );
    let later = app_at(dir.path(), "2026-11-24T08:01:30Z").await;
    assert!(
        later.sign_in("Sanne de Boer", "1111").await.is_ok(),
        "the lock ends"
    );
    assert_eq!(
        later.sign_in("Nobody", "1111").await.unwrap_err().message,
        "wrong name or PIN"
    );
}

#[tokio::test]
async fn next_free_slots_respect_hours_and_booked_work() {
    use jobcard_app::dto::SlotQuery;
    let dir = tempfile::tempdir().unwrap();
    // Monday 2026-11-23 06:00 in Amsterdam; the demo books Joris from 08:00 local (now + 2 h).
    let app = demo_at(dir.path(), "2026-11-23T05:00:00Z").await;
    let joris = SlotQuery {
        minutes: 90,
        mechanic: Some("Joris Bakker".into()),
        count: Some(3),
        ..Default::default()
    };
    let slots = app.suggest_slots(&joris).await.unwrap();
    assert_eq!(slots.len(), 3);
    // His booked work is avoided: the job planned yesterday (a Sunday, closed) for 140 min
    // takes 08:30-10:50 from opening, and today's 08:00 job waits for opening as well; the
    // first free quarter hour after both is 11:00.
    assert_eq!(slots[0].local_start, "2026-11-23 11:00");
    assert_eq!(slots[0].local_finish, "2026-11-23 12:30");
    assert!(slots.iter().all(|s| s.mechanic == "Joris Bakker"));
    // A Saturday start is inside Saturday's hours; nothing on Sunday.
    let weekend = SlotQuery {
        from: Some("2026-11-28".into()),
        minutes: 60,
        count: Some(20),
        ..Default::default()
    };
    let slots = app.suggest_slots(&weekend).await.unwrap();
    assert!(
        slots
            .iter()
            .all(|s| !s.local_start.starts_with("2026-11-29")),
        "Sunday is closed"
    );
    assert!(
        slots
            .iter()
            .all(|s| s.local_start.as_str() >= "2026-11-28 09:00")
    );
    // Bad input names the field.
    let err = app
        .suggest_slots(&SlotQuery {
            minutes: 0,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("minutes"));
    let err = app
        .suggest_slots(&SlotQuery {
            minutes: 30,
            mechanic: Some("Sanne de Boer".into()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        err.field.as_deref(),
        Some("mechanic"),
        "counter staff are not planned"
    );
}

#[tokio::test]
async fn planning_an_order_skips_closed_hours_and_asks_before_double_booking() {
    use jobcard_app::dto::ScheduleInput;
    let dir = tempfile::tempdir().unwrap();
    let app = demo_at(dir.path(), "2026-11-23T05:00:00Z").await;
    let sanne = app.sign_in("Sanne de Boer", "1111").await.unwrap();
    let number = intake_order(&app).await; // 45 work minutes, not planned yet
    // Friday 17:00 local: 30 minutes on Friday, the rest on Saturday from 09:00.
    let plan = ScheduleInput {
        mechanic: Some("Pieter Visser".into()),
        start: Some("2026-11-27T17:00:00+01:00".into()),
        confirm: None,
    };
    let planned = app
        .schedule_order(&sanne, &number, &plan, None)
        .await
        .unwrap();
    assert_eq!(planned.status.status.as_str(), "scheduled");
    assert_eq!(planned.mechanic.as_deref(), Some("Pieter Visser"));
    assert_eq!(
        planned.scheduled_finish.as_deref(),
        Some("2026-11-28T08:15:00.000Z"),
        "Saturday 09:15 local"
    );

    // Joris is booked from Monday's opening; planning another job over it must be confirmed.
    let over = ScheduleInput {
        mechanic: Some("Joris Bakker".into()),
        start: Some("2026-11-23T09:00:00+01:00".into()),
        confirm: None,
    };
    let err = app
        .schedule_order(&sanne, &number, &over, None)
        .await
        .unwrap_err();
    assert_eq!(err.code, "needs_confirmation");
    assert!(err.message.contains("overlaps WO-"), "{err}");
    let unchanged = app.get_order(&number).await.unwrap();
    assert_eq!(
        unchanged.mechanic.as_deref(),
        Some("Pieter Visser"),
        "nothing changed"
    );
    let confirmed = app
        .schedule_order(
            &sanne,
            &number,
            &ScheduleInput {
                confirm: Some(true),
                ..over
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(confirmed.mechanic.as_deref(), Some("Joris Bakker"));
    assert!(confirmed.history.iter().any(|h| h.action == "scheduled"));

    // A mechanic does not plan; an all-day booking has no finish.
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    assert_eq!(
        app.schedule_order(&joris, &number, &ScheduleInput::default(), None)
            .await
            .unwrap_err()
            .code,
        "forbidden"
    );
    let day = ScheduleInput {
        mechanic: Some(String::new()),
        start: Some("2026-11-30".into()),
        confirm: None,
    };
    let all_day = app
        .schedule_order(&sanne, &number, &day, None)
        .await
        .unwrap();
    assert!(
        all_day.scheduled_all_day
            && all_day.scheduled_finish.is_none()
            && all_day.mechanic.is_none()
    );
}

#[tokio::test]
async fn the_calendar_has_a_column_per_mechanic_with_overlaps_marked_and_a_backlog() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_at(dir.path(), "2026-11-23T05:00:00Z").await;
    let view = app.calendar(None, 1).await.unwrap();
    assert_eq!(view.from, "2026-11-23");
    let names: Vec<_> = view.columns.iter().map(|c| c.mechanic.as_str()).collect();
    assert!(
        names.contains(&"Joris Bakker") && !names.contains(&"Sanne de Boer"),
        "{names:?}"
    );
    let joris = view
        .columns
        .iter()
        .find(|c| c.mechanic == "Joris Bakker")
        .unwrap();
    assert_eq!(joris.days[0].capacity_minutes, 9 * 60, "Monday 08:30-17:30");
    assert_eq!(
        joris.days[0].open,
        vec![("08:30".to_owned(), "17:30".to_owned())]
    );
    // Two of his jobs land at opening time: both are marked.
    assert!(
        joris.blocks.iter().filter(|b| b.overlap).count() >= 2,
        "{:?}",
        joris.blocks
    );
    // Booked minutes are what his blocks occupy that day (140 + 50 in the demo).
    assert_eq!(joris.days[0].booked_minutes, 190);
    assert!(
        view.backlog
            .iter()
            .any(|b| b.customer_name == "Femke de Jong")
    );
    assert_eq!(
        app.calendar(None, 0).await.unwrap_err().field.as_deref(),
        Some("days")
    );
}

#[tokio::test]
async fn absences_and_own_hours_steer_the_suggestions() {
    use jobcard_app::dto::{AbsenceInput, HoursSpan, SlotQuery};
    let dir = tempfile::tempdir().unwrap();
    let app = demo_at(dir.path(), "2026-11-23T05:00:00Z").await;
    let marco = app.sign_in("Marco Jansen", "5555").await.unwrap();
    // Pieter works Monday to Thursday 10:00-16:00 and is off on Tuesday.
    let spans: Vec<HoursSpan> = (0..4)
        .map(|weekday| HoursSpan {
            weekday,
            opens: "10:00".into(),
            closes: "16:00".into(),
        })
        .collect();
    app.set_working_hours(&marco, "Pieter Visser", &spans)
        .await
        .unwrap();
    let off = AbsenceInput {
        employee: "Pieter Visser".into(),
        from: "2026-11-24".into(),
        to: "2026-11-24".into(),
        reason: Some("Dentist".into()),
    };
    app.add_absence(&marco, &off).await.unwrap();
    let query = SlotQuery {
        minutes: 300,
        mechanic: Some("Pieter Visser".into()),
        count: Some(4),
        ..Default::default()
    };
    let slots = app.suggest_slots(&query).await.unwrap();
    let days: Vec<&str> = slots.iter().map(|s| &s.local_start[..10]).collect();
    assert_eq!(
        days,
        vec!["2026-11-23", "2026-11-25", "2026-11-26", "2026-11-30"],
        "no Tuesday, no Friday or Saturday"
    );
    assert!(
        slots
            .iter()
            .all(|s| &s.local_start[11..] >= "10:00" && &s.local_finish[11..] <= "16:00")
    );
    let settings = app.hours_settings(&common::tester()).await.unwrap();
    assert_eq!(settings.absences.len(), 1);
    assert_eq!(settings.trading.len(), 6, "Monday to Saturday");
    // A mechanic cannot change hours.
    let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
    assert_eq!(
        app.set_working_hours(&joris, "Joris Bakker", &[])
            .await
            .unwrap_err()
            .code,
        "forbidden"
    );
    app.remove_absence(&marco, settings.absences[0].id)
        .await
        .unwrap();
    assert!(
        app.hours_settings(&common::tester())
            .await
            .unwrap()
            .absences
            .is_empty()
    );
}

#[tokio::test]
async fn an_order_taken_in_with_a_time_ends_after_the_closed_hours() {
    use jobcard_app::dto::{CustomerInput, LineInput, NewOrder, RepairObjectInput};
    let dir = tempfile::tempdir().unwrap();
    let app = demo(dir.path()).await;
    let input = NewOrder {
        customer: Some(CustomerInput {
            name: "Kim Bos".into(),
            ..Default::default()
        }),
        repair_object: Some(RepairObjectInput {
            brand: Some("Trek".into()),
            ..Default::default()
        }),
        description: "Service".into(),
        // Friday 17:00 in Amsterdam; 45 minutes of work: 30 on Friday, 15 on Saturday from 09:00.
        scheduled_start: Some("2026-11-27T17:00:00+01:00".into()),
        mechanic: Some("Pieter Visser".into()),
        lines: vec![LineInput {
            code: Some("110".into()),
            ..Default::default()
        }],
        ..Default::default()
    };
    let order = app
        .create_order(&jobcard_app::Actor::new("CLI"), input)
        .await
        .unwrap();
    assert_eq!(order.work_minutes, 45);
    assert_eq!(
        order.scheduled_finish.as_deref(),
        Some("2026-11-28T08:15:00.000Z")
    );
}

#[tokio::test]
async fn intake_does_not_double_book_a_mechanic_silently() {
    use jobcard_app::dto::{CustomerInput, LineInput, NewOrder, RepairObjectInput};
    let dir = tempfile::tempdir().unwrap();
    let app = demo_at(dir.path(), "2026-11-23T05:00:00Z").await;
    let before = app
        .list_orders(&OrderQuery::default())
        .await
        .unwrap()
        .rows
        .len();
    let order = |confirm| NewOrder {
        customer: Some(CustomerInput {
            name: "Kim Bos".into(),
            ..Default::default()
        }),
        repair_object: Some(RepairObjectInput {
            brand: Some("Trek".into()),
            ..Default::default()
        }),
        description: "Service".into(),
        // Joris's Monday morning is booked from opening.
        scheduled_start: Some("2026-11-23T09:00:00+01:00".into()),
        mechanic: Some("Joris Bakker".into()),
        confirm,
        lines: vec![LineInput {
            code: Some("110".into()),
            ..Default::default()
        }],
        ..Default::default()
    };
    let err = app
        .create_order(&jobcard_app::Actor::new("CLI"), order(None))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.field.as_deref()),
        ("needs_confirmation", Some("scheduled_start"))
    );
    assert!(err.message.contains("overlaps"), "{err}");
    assert_eq!(
        app.list_orders(&OrderQuery::default())
            .await
            .unwrap()
            .rows
            .len(),
        before,
        "nothing saved"
    );
    let saved = app
        .create_order(&jobcard_app::Actor::new("CLI"), order(Some(true)))
        .await
        .unwrap();
    assert_eq!(saved.mechanic.as_deref(), Some("Joris Bakker"));
}

//! Sign-in and the mechanics' commands: the job board, the timer, ticking lines, finishing,
//! and deleting an order. Each calls one `jobcard-app` function with the session's actor.

use jobcard_app::dto::{
    CalendarView, ClosingInput, JobBoard, OrderView, ScheduleInput, SessionView, SignInName,
    SlotQuery, SlotView,
};
use jobcard_app::{App, AppError, input_from_value};
use serde_json::Value;
use tauri::State;

use crate::session::{Session, view_of};

type Reply<T> = Result<T, AppError>;

#[tauri::command]
pub async fn sign_in_names(app: State<'_, App>) -> Reply<Vec<SignInName>> {
    app.sign_in_names().await
}

#[tauri::command]
pub async fn sign_in(
    app: State<'_, App>,
    session: State<'_, Session>,
    name: String,
    pin: String,
) -> Reply<SessionView> {
    let actor = app.sign_in(&name, &pin).await?;
    let view = view_of(&actor);
    session.set(actor);
    Ok(view)
}

#[tauri::command]
pub async fn sign_out(session: State<'_, Session>) -> Reply<()> {
    session.clear();
    Ok(())
}

#[tauri::command]
pub async fn current_session(session: State<'_, Session>) -> Reply<Option<SessionView>> {
    Ok(session.view())
}

#[tauri::command]
pub async fn set_first_manager(
    app: State<'_, App>,
    session: State<'_, Session>,
    name: String,
    pin: String,
) -> Reply<SessionView> {
    let actor = app.set_first_manager(&name, &pin).await?;
    let view = view_of(&actor);
    session.set(actor);
    Ok(view)
}

#[tauri::command]
pub async fn set_pin(
    app: State<'_, App>,
    session: State<'_, Session>,
    employee_id: String,
    pin: String,
) -> Reply<()> {
    app.set_pin(&session.actor()?, &employee_id, &pin).await
}

#[tauri::command]
pub async fn job_board(app: State<'_, App>, session: State<'_, Session>) -> Reply<JobBoard> {
    app.job_board(&session.actor()?).await
}

#[tauri::command]
pub async fn start_work(
    app: State<'_, App>,
    session: State<'_, Session>,
    number: String,
    confirm: Option<bool>,
) -> Reply<OrderView> {
    app.start_work_with(&session.actor()?, &number, confirm == Some(true))
        .await
}

#[tauri::command]
pub async fn pause_work(
    app: State<'_, App>,
    session: State<'_, Session>,
    number: String,
) -> Reply<OrderView> {
    app.pause_work(&session.actor()?, &number).await
}

#[tauri::command]
pub async fn set_line_done(
    app: State<'_, App>,
    session: State<'_, Session>,
    number: String,
    line_no: i64,
    done: bool,
    // The version of the order the screen shows (see `set_order_status`).
    expected_version: Option<i64>,
) -> Reply<OrderView> {
    app.set_line_done(&session.actor()?, &number, line_no, done, expected_version)
        .await
}

#[tauri::command]
pub async fn finish_work(
    app: State<'_, App>,
    session: State<'_, Session>,
    number: String,
    closing: Value,
    expected_version: Option<i64>,
) -> Reply<OrderView> {
    let closing: ClosingInput = input_from_value(closing)?;
    app.finish_work(&session.actor()?, &number, &closing, expected_version)
        .await
}

#[tauri::command]
pub async fn delete_order(
    app: State<'_, App>,
    session: State<'_, Session>,
    number: String,
) -> Reply<()> {
    app.delete_order(&session.actor()?, &number).await
}

#[tauri::command]
pub async fn suggest_slots(
    app: State<'_, App>,
    session: State<'_, Session>,
    query: Value,
) -> Reply<Vec<SlotView>> {
    session.actor()?;
    app.suggest_slots(&input_from_value::<SlotQuery>(query)?)
        .await
}

#[tauri::command]
pub async fn schedule_order(
    app: State<'_, App>,
    session: State<'_, Session>,
    number: String,
    input: Value,
    // The version of the order the window shows; a save on an order that moved on since is
    // refused (order_changed).
    expected_version: Option<i64>,
) -> Reply<OrderView> {
    let input: ScheduleInput = input_from_value(input)?;
    app.schedule_order(&session.actor()?, &number, &input, expected_version)
        .await
}

#[tauri::command]
pub async fn get_calendar(
    app: State<'_, App>,
    session: State<'_, Session>,
    from: Option<String>,
    days: i64,
) -> Reply<CalendarView> {
    session.actor()?;
    app.calendar(from.as_deref(), days).await
}

//! The intake form's own commands: asking whether a typed phone, e-mail or frame number is
//! already known, and keeping the half-typed form as the signed-in employee's draft. Each
//! calls one `jobcard-app` function with the session's actor.

use jobcard_app::dto::{DraftView, IntakeMatchQuery, IntakeMatches};
use jobcard_app::{App, AppError, input_from_value};
use serde_json::Value;
use tauri::State;

use crate::session::Session;

type Reply<T> = Result<T, AppError>;

#[tauri::command]
pub async fn intake_matches(
    app: State<'_, App>,
    session: State<'_, Session>,
    query: Value,
) -> Reply<IntakeMatches> {
    let query: IntakeMatchQuery = input_from_value(query)?;
    app.intake_matches(&session.actor()?, &query).await
}

#[tauri::command]
pub async fn save_draft(
    app: State<'_, App>,
    session: State<'_, Session>,
    form: String,
) -> Reply<DraftView> {
    app.save_draft(&session.actor()?, &form).await
}

#[tauri::command]
pub async fn get_draft(
    app: State<'_, App>,
    session: State<'_, Session>,
) -> Reply<Option<DraftView>> {
    app.draft(&session.actor()?).await
}

#[tauri::command]
pub async fn discard_draft(app: State<'_, App>, session: State<'_, Session>) -> Reply<()> {
    app.discard_draft(&session.actor()?).await
}

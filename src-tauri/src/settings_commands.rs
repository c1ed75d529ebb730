//! The settings screen's commands: shop and stores, staff, VAT rates, repair codes, articles
//! (with CSV import), status labels, the document footer, and backups. Each calls one
//! `jobcard-app` function; input arrives as raw JSON and is parsed by the core, so a wrong
//! type is reported with its field path.

use jobcard_app::dto::{
    AbsenceInput, ArticleInput, BackupProgressView, BackupView, EmployeeInput, EmployeeView,
    HoursSettings, HoursSpan, ImportReport, RepairCodeInput, ShopSettings, StatusLabelInput,
    StatusLabelView, StoreInput, StoreView, VatRateInput,
};
use jobcard_app::{App, AppError, input_from_value};
use serde_json::Value;
use tauri::{AppHandle, Runtime, State};

use crate::session::Session;

type Reply<T> = Result<T, AppError>;

#[tauri::command]
pub async fn get_settings(app: State<'_, App>, session: State<'_, Session>) -> Reply<ShopSettings> {
    app.shop_settings(&session.actor()?).await
}

#[tauri::command]
pub async fn save_store(
    app: State<'_, App>,
    session: State<'_, Session>,
    input: Value,
) -> Reply<StoreView> {
    app.save_store(&session.actor()?, &input_from_value::<StoreInput>(input)?)
        .await
}

#[tauri::command]
pub async fn save_employee(
    app: State<'_, App>,
    session: State<'_, Session>,
    input: Value,
) -> Reply<EmployeeView> {
    app.save_employee(
        &session.actor()?,
        &input_from_value::<EmployeeInput>(input)?,
    )
    .await
}

#[tauri::command]
pub async fn add_vat_rate(
    app: State<'_, App>,
    session: State<'_, Session>,
    input: Value,
) -> Reply<()> {
    app.add_vat_rate(&session.actor()?, &input_from_value::<VatRateInput>(input)?)
        .await
}

#[tauri::command]
pub async fn save_repair_code(
    app: State<'_, App>,
    session: State<'_, Session>,
    input: Value,
) -> Reply<()> {
    app.save_repair_code(
        &session.actor()?,
        &input_from_value::<RepairCodeInput>(input)?,
    )
    .await
}

#[tauri::command]
pub async fn save_article(
    app: State<'_, App>,
    session: State<'_, Session>,
    input: Value,
) -> Reply<()> {
    app.save_article(&session.actor()?, &input_from_value::<ArticleInput>(input)?)
        .await
}

#[tauri::command]
pub async fn import_articles_csv(
    app: State<'_, App>,
    session: State<'_, Session>,
    text: String,
) -> Reply<ImportReport> {
    app.import_articles_csv(&session.actor()?, &text).await
}

#[tauri::command]
pub async fn set_status_labels(
    app: State<'_, App>,
    session: State<'_, Session>,
    labels: Value,
) -> Reply<Vec<StatusLabelView>> {
    let labels: Vec<StatusLabelInput> = input_from_value(labels)?;
    app.set_status_labels(&session.actor()?, &labels).await
}

#[tauri::command]
pub async fn set_document_footer(
    app: State<'_, App>,
    session: State<'_, Session>,
    text: String,
) -> Reply<String> {
    app.set_document_footer(&session.actor()?, &text).await
}

#[tauri::command]
pub async fn list_backups(
    app: State<'_, App>,
    session: State<'_, Session>,
) -> Reply<Vec<BackupView>> {
    app.backups(&session.actor()?)
}

#[tauri::command]
pub async fn backup_now(app: State<'_, App>, session: State<'_, Session>) -> Reply<BackupView> {
    app.backup_now(&session.actor()?, &app.default_backup_dir())
        .await
}

/// How far the backup being taken is, or null (the Backups tab asks while one runs).
#[tauri::command]
pub fn backup_progress(
    app: State<'_, App>,
    session: State<'_, Session>,
) -> Reply<Option<BackupProgressView>> {
    app.backup_progress(&session.actor()?)
}

/// What the window must tell whoever looks at it first: a restore asked for before the restart
/// that could not be done (another Jobcard process had the database open). Said once.
#[derive(Default)]
pub struct StartupNotice(pub std::sync::Mutex<Option<String>>);

/// The startup notice, if any; it is then forgotten.
#[tauri::command]
pub fn startup_notice(notice: State<'_, StartupNotice>) -> Option<String> {
    notice.0.lock().ok().and_then(|mut held| held.take())
}

/// Records the restore and restarts the app, which applies it before opening the database.
#[tauri::command]
pub async fn restore_backup<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, App>,
    session: State<'_, Session>,
    file: String,
) -> Reply<()> {
    let data_dir = app.data_dir();
    jobcard_app::request_restore(
        &session.actor()?,
        &data_dir,
        &app.default_backup_dir(),
        &file,
    )?;
    app.close().await;
    handle.restart()
}

#[tauri::command]
pub async fn get_hours(app: State<'_, App>, session: State<'_, Session>) -> Reply<HoursSettings> {
    app.hours_settings(&session.actor()?).await
}

#[tauri::command]
pub async fn set_trading_hours(
    app: State<'_, App>,
    session: State<'_, Session>,
    hours: Value,
) -> Reply<()> {
    let hours: Vec<HoursSpan> = input_from_value(hours)?;
    app.set_trading_hours(&session.actor()?, &hours).await
}

#[tauri::command]
pub async fn set_working_hours(
    app: State<'_, App>,
    session: State<'_, Session>,
    employee: String,
    hours: Value,
) -> Reply<()> {
    let hours: Vec<HoursSpan> = input_from_value(hours)?;
    app.set_working_hours(&session.actor()?, &employee, &hours)
        .await
}

#[tauri::command]
pub async fn add_absence(
    app: State<'_, App>,
    session: State<'_, Session>,
    input: Value,
) -> Reply<()> {
    app.add_absence(&session.actor()?, &input_from_value::<AbsenceInput>(input)?)
        .await
}

#[tauri::command]
pub async fn remove_absence(
    app: State<'_, App>,
    session: State<'_, Session>,
    id: i64,
) -> Reply<()> {
    app.remove_absence(&session.actor()?, id).await
}

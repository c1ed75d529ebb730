//! The Sync screen's commands and the window's background sync. Secrets travel only from the
//! webview to the core (set), never back: views say "set" or "not set".

use jobcard_app::dto::{
    ConnectorInput, ConnectorKindView, ConnectorView, ImportRefusalView, SyncItemView, SyncMarkView,
};
use jobcard_app::{App, AppError, input_from_value};
use serde_json::Value;
use tauri::State;

use crate::session::Session;

type Reply<T> = Result<T, AppError>;

/// How often the window drains the outbox while it is open.
const BACKGROUND_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// Sends pending changes every few seconds while the window is open; failures are recorded
/// on the orders (and the connector pauses itself), so this loop only logs.
pub async fn background_sync(app: App) {
    loop {
        if let Err(err) = app.sync_in_background().await {
            tracing::warn!(error = %err, "background sync failed");
        }
        tokio::time::sleep(BACKGROUND_EVERY).await;
    }
}

#[tauri::command]
pub fn connector_kinds(
    app: State<'_, App>,
    session: State<'_, Session>,
) -> Reply<Vec<ConnectorKindView>> {
    app.connector_kinds(&session.actor()?)
}

#[tauri::command]
pub async fn list_connectors(
    app: State<'_, App>,
    session: State<'_, Session>,
) -> Reply<Vec<ConnectorView>> {
    app.connectors(&session.actor()?).await
}

/// Adds the connector, or changes it when one of that name exists.
#[tauri::command]
pub async fn save_connector(
    app: State<'_, App>,
    session: State<'_, Session>,
    input: Value,
) -> Reply<ConnectorView> {
    let input: ConnectorInput = input_from_value(input)?;
    app.save_connector(&session.actor()?, &input).await
}

#[tauri::command]
pub async fn set_connector_secret(
    app: State<'_, App>,
    session: State<'_, Session>,
    name: String,
    key: String,
    value: String,
) -> Reply<()> {
    app.set_connector_secret(&session.actor()?, &name, &key, &value)
        .await
}

#[tauri::command]
pub async fn test_connector(
    app: State<'_, App>,
    session: State<'_, Session>,
    name: String,
) -> Reply<String> {
    app.test_connector(&session.actor()?, &name).await
}

/// "Sync now": one pass (with a pull) over one connector or all; returns the connectors.
#[tauri::command]
pub async fn sync_now(
    app: State<'_, App>,
    session: State<'_, Session>,
    name: Option<String>,
) -> Reply<Vec<ConnectorView>> {
    let actor = session.actor()?;
    app.run_sync(&actor, name.as_deref(), None, &|_| {}).await?;
    app.connectors(&actor).await
}

#[tauri::command]
pub async fn sync_queue(
    app: State<'_, App>,
    session: State<'_, Session>,
    name: String,
) -> Reply<Vec<SyncItemView>> {
    app.sync_queue(&session.actor()?, &name).await
}

#[tauri::command]
pub async fn resolve_sync(
    app: State<'_, App>,
    session: State<'_, Session>,
    name: String,
    number: String,
    retry: bool,
) -> Reply<()> {
    app.resolve_sync(&session.actor()?, &name, &number, retry)
        .await
}

/// The remote records the connector refused to import.
#[tauri::command]
pub async fn import_refusals(
    app: State<'_, App>,
    session: State<'_, Session>,
    name: String,
) -> Reply<Vec<ImportRefusalView>> {
    app.import_refusals(&session.actor()?, &name).await
}

/// Tries a refused remote record again at the connector's next pull.
#[tauri::command]
pub async fn retry_import(
    app: State<'_, App>,
    session: State<'_, Session>,
    name: String,
    remote_id: String,
) -> Reply<()> {
    app.retry_import(&session.actor()?, &name, &remote_id).await
}

#[tauri::command]
pub async fn order_sync(
    app: State<'_, App>,
    session: State<'_, Session>,
    number: String,
) -> Reply<Vec<SyncItemView>> {
    session.actor()?;
    app.order_sync(&number).await
}

#[tauri::command]
pub async fn sync_marks(
    app: State<'_, App>,
    session: State<'_, Session>,
    number: String,
) -> Reply<Vec<SyncMarkView>> {
    session.actor()?;
    app.sync_marks(&number).await
}

#[tauri::command]
pub async fn set_sync_mark(
    app: State<'_, App>,
    session: State<'_, Session>,
    number: String,
    connector: String,
    marked: bool,
) -> Reply<Vec<SyncMarkView>> {
    app.set_sync_mark(&session.actor()?, &number, &connector, marked)
        .await
}

/// "Send work status to customer" (TrustPager); returns TrustPager's answer as a line.
#[tauri::command]
pub async fn send_work_status(
    app: State<'_, App>,
    session: State<'_, Session>,
    number: String,
    connector: Option<String>,
) -> Reply<String> {
    app.send_work_status(&session.actor()?, &number, connector.as_deref())
        .await
}

//! The Tauri commands: each one is a line or two that calls one `jobcard-app` function.
//!
//! Errors reach the UI as `AppError`'s JSON `{code, message, field?}`. The list here must
//! match `COMMANDS` in `build.rs`, which generates the permissions the capability grants.
//! Order input arrives as raw JSON and is parsed by the core, so a wrong type is reported with
//! its field path like any other input error.

use jobcard_app::dto::{
    Catalogue, CustomerMatch, OrderPage, OrderQuery, OrderView, PeriodReport, PricePreview,
};
use jobcard_app::{Actor, App, AppError};
use tauri::{Runtime, State};

use crate::settings_commands as settings;

type Reply<T> = Result<T, AppError>;

/// Who the window acts as until sign-in arrives (issue 4).
pub(crate) fn desk() -> Actor {
    Actor::new("Counter")
}

/// Adds the preference store and the app's commands to a builder.
pub fn register<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_store::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(tauri::generate_handler![
            list_orders,
            get_order,
            create_order,
            preview_order,
            set_order_status,
            find_customers,
            get_catalogue,
            get_report,
            set_order_lines,
            crate::documents::order_pdf,
            crate::documents::save_order_pdf,
            crate::documents::print_order_pdf,
            settings::get_settings,
            settings::save_store,
            settings::save_employee,
            settings::add_vat_rate,
            settings::save_repair_code,
            settings::save_article,
            settings::import_articles_csv,
            settings::set_status_labels,
            settings::set_document_footer,
            settings::list_backups,
            settings::backup_now,
            settings::restore_backup,
        ])
}

#[tauri::command]
async fn list_orders(app: State<'_, App>, query: OrderQuery) -> Reply<OrderPage> {
    app.list_orders(&query).await
}

#[tauri::command]
async fn get_order(app: State<'_, App>, number: String) -> Reply<OrderView> {
    app.get_order(&number).await
}

#[tauri::command]
async fn create_order(app: State<'_, App>, input: serde_json::Value) -> Reply<OrderView> {
    app.create_order(&desk(), jobcard_app::new_order_from_value(input)?)
        .await
}

#[tauri::command]
async fn preview_order(app: State<'_, App>, input: serde_json::Value) -> Reply<PricePreview> {
    app.preview_order(&jobcard_app::new_order_from_value(input)?)
        .await
}

#[tauri::command]
async fn set_order_status(app: State<'_, App>, number: String, status: String) -> Reply<OrderView> {
    app.set_order_status(&desk(), &number, &status).await
}

#[tauri::command]
async fn find_customers(app: State<'_, App>, text: String) -> Reply<Vec<CustomerMatch>> {
    app.find_customers(&text).await
}

#[tauri::command]
async fn set_order_lines(
    app: State<'_, App>,
    number: String,
    lines: serde_json::Value,
) -> Reply<OrderView> {
    app.replace_lines(&desk(), &number, &jobcard_app::lines_from_value(lines)?)
        .await
}

#[tauri::command]
async fn get_report(app: State<'_, App>, from: String, to: String) -> Reply<PeriodReport> {
    app.report(&from, &to).await
}

#[tauri::command]
async fn get_catalogue(app: State<'_, App>) -> Reply<Catalogue> {
    app.catalogue().await
}

#[cfg(test)]
mod tests {
    //! The commands through Tauri's real IPC and ACL, on a mock runtime (no display): the error
    //! shape the UI relies on, and the capability granting exactly the app's commands.

    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use std::sync::Arc;

    use jobcard_app::{App, FixedClock};
    use serde_json::{Value, json};
    use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
    use tauri::{WebviewWindow, WebviewWindowBuilder};

    fn window(dir: &std::path::Path) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
            .unwrap()
            .to_utc();
        let core = tauri::async_runtime::block_on(async {
            let core = App::open(dir, Arc::new(FixedClock(now))).await.unwrap();
            core.load_demo().await.unwrap();
            core
        });
        let app = super::register(mock_builder())
            .manage(core)
            .build(tauri::generate_context!())
            .unwrap();
        let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        (app, webview)
    }

    fn invoke(
        webview: &WebviewWindow<MockRuntime>,
        cmd: &str,
        body: Value,
    ) -> Result<Value, Value> {
        let request = tauri::webview::InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: tauri::ipc::InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(webview, request).map(|b| b.deserialize::<Value>().unwrap())
    }

    #[test]
    fn errors_reach_the_ui_as_code_message_and_field() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, webview) = window(dir.path());
        let err = invoke(&webview, "get_order", json!({"number": "WO-2026-99999"})).unwrap_err();
        assert_eq!(
            err,
            json!({"code": "not_found", "message": "no order WO-2026-99999", "field": "number"})
        );

        let input = json!({"customer": {"name": "Kim"}, "repair_object": {}, "description": "x", "lines": [{"quantity": "two"}]});
        let err = invoke(&webview, "create_order", json!({"input": input})).unwrap_err();
        assert_eq!(err["code"], "invalid_input");
        assert_eq!(err["field"], "lines[0].quantity");
        assert_eq!(
            err.as_object().unwrap().len(),
            3,
            "exactly code, message and field: {err}"
        );
    }

    #[test]
    fn commands_answer_with_the_dtos() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, webview) = window(dir.path());
        let page = invoke(
            &webview,
            "list_orders",
            json!({"query": {"status": "in_progress"}}),
        )
        .unwrap();
        assert_eq!(page["rows"].as_array().unwrap().len(), 1);
        let input = json!({"lines": [{"code": "102"}, {"description": "Map", "unit_price_cents": 995, "vat": "low"}]});
        let preview = invoke(&webview, "preview_order", json!({"input": input})).unwrap();
        assert_eq!(
            (
                preview["total_cents"].as_i64(),
                preview["vat_cents"].as_i64()
            ),
            (Some(3990), Some(602))
        );
        let catalogue = invoke(&webview, "get_catalogue", json!({})).unwrap();
        assert!(
            catalogue["repair_codes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["code"] == "102")
        );
    }

    #[test]
    fn the_capability_grants_nothing_beyond_the_app_and_its_preferences() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, webview) = window(dir.path());
        // Registered with the plugin but not granted: clearing the preference store.
        let err = invoke(&webview, "plugin:store|clear", json!({"rid": 1})).unwrap_err();
        assert!(err.to_string().contains("not allowed"), "{err}");
    }
}

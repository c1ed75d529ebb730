//! The Tauri commands: each one is a line or two that calls one `jobcard-app` function.
//!
//! Errors reach the UI as `AppError`'s JSON `{code, message, field?}`. The commands are
//! declared once in `command_list.rs` (`build.rs` makes their permissions from it); the list
//! here, the capability and the UI's API are checked against it by `tests/command_surface.rs`.
//! Order input arrives as raw JSON and is parsed by the core, so a wrong type is reported with
//! its field path like any other input error.

use jobcard_app::dto::{
    Catalogue, CustomerMatch, OrderPage, OrderQuery, OrderView, PeriodReport, PricePreview,
};
use jobcard_app::{App, AppError};
use tauri::{Runtime, State};

use crate::session::Session;
use crate::settings_commands as settings;

type Reply<T> = Result<T, AppError>;

/// Adds the plugins and the app's commands to a builder. The caller manages the `App` and
/// the `PreferencesFile`.
pub fn register<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(crate::session::Session::default())
        .manage(settings::StartupNotice::default())
        .invoke_handler(tauri::generate_handler![
            crate::work_commands::sign_in_names,
            crate::work_commands::sign_in,
            crate::work_commands::sign_out,
            crate::work_commands::current_session,
            crate::work_commands::set_first_manager,
            crate::work_commands::set_pin,
            crate::work_commands::job_board,
            crate::work_commands::start_work,
            crate::work_commands::pause_work,
            crate::work_commands::set_line_done,
            crate::work_commands::finish_work,
            crate::work_commands::delete_order,
            crate::work_commands::suggest_slots,
            crate::work_commands::schedule_order,
            crate::work_commands::get_calendar,
            list_orders,
            get_order,
            create_order,
            preview_order,
            set_order_status,
            find_customers,
            get_catalogue,
            get_report,
            set_order_lines,
            preview_lines,
            crate::record_commands::edit_order_header,
            crate::record_commands::customer_page,
            crate::record_commands::edit_customer,
            crate::record_commands::repair_object_page,
            crate::record_commands::edit_repair_object,
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
            settings::backup_progress,
            settings::restore_backup,
            settings::startup_notice,
            crate::first_paint::ui_painted,
            settings::get_hours,
            settings::set_trading_hours,
            settings::set_working_hours,
            settings::add_absence,
            settings::remove_absence,
            crate::sync_commands::connector_kinds,
            crate::sync_commands::list_connectors,
            crate::sync_commands::save_connector,
            crate::sync_commands::set_connector_secret,
            crate::sync_commands::test_connector,
            crate::sync_commands::sync_now,
            crate::sync_commands::sync_queue,
            crate::sync_commands::resolve_sync,
            crate::sync_commands::import_refusals,
            crate::sync_commands::retry_import,
            crate::sync_commands::order_sync,
            crate::sync_commands::sync_marks,
            crate::sync_commands::set_sync_mark,
            crate::sync_commands::send_work_status,
            crate::intake_commands::intake_matches,
            crate::intake_commands::save_draft,
            crate::intake_commands::get_draft,
            crate::intake_commands::discard_draft,
            crate::preferences::get_preferences,
            crate::preferences::set_preferences,
            crate::database_commands::startup_state,
            crate::database_commands::retry_database,
            crate::database_commands::database_info,
            crate::database_commands::test_database_connection,
            crate::database_commands::save_database_choice,
            crate::database_commands::migrate_to_shared,
        ])
}

#[tauri::command]
async fn list_orders(
    app: State<'_, App>,
    session: State<'_, Session>,
    query: OrderQuery,
) -> Reply<OrderPage> {
    session.actor()?;
    app.list_orders(&query).await
}

#[tauri::command]
async fn get_order(
    app: State<'_, App>,
    session: State<'_, Session>,
    number: String,
) -> Reply<OrderView> {
    session.actor()?;
    app.get_order(&number).await
}

#[tauri::command]
async fn create_order(
    app: State<'_, App>,
    session: State<'_, Session>,
    input: serde_json::Value,
) -> Reply<OrderView> {
    app.create_order(&session.actor()?, jobcard_app::new_order_from_value(input)?)
        .await
}

#[tauri::command]
async fn preview_order(
    app: State<'_, App>,
    session: State<'_, Session>,
    input: serde_json::Value,
) -> Reply<PricePreview> {
    session.actor()?;
    app.preview_order(&jobcard_app::new_order_from_value(input)?)
        .await
}

#[tauri::command]
async fn set_order_status(
    app: State<'_, App>,
    session: State<'_, Session>,
    number: String,
    status: String,
    reason: Option<String>,
    // The version of the order the window shows; a save on an order that moved on since is
    // refused (order_changed).
    expected_version: Option<i64>,
) -> Reply<OrderView> {
    let actor = session.actor()?;
    app.set_order_status(
        &actor,
        &number,
        &status,
        reason.as_deref(),
        expected_version,
    )
    .await
}

#[tauri::command]
async fn find_customers(
    app: State<'_, App>,
    session: State<'_, Session>,
    text: String,
) -> Reply<Vec<CustomerMatch>> {
    session.actor()?;
    app.find_customers(&text).await
}

#[tauri::command]
async fn set_order_lines(
    app: State<'_, App>,
    session: State<'_, Session>,
    number: String,
    lines: serde_json::Value,
    // The version of the order the window shows; a save on an order that moved on since is
    // refused (order_changed).
    expected_version: Option<i64>,
) -> Reply<OrderView> {
    app.replace_lines(
        &session.actor()?,
        &number,
        &jobcard_app::lines_from_value(lines)?,
        expected_version,
    )
    .await
}

#[tauri::command]
async fn preview_lines(
    app: State<'_, App>,
    session: State<'_, Session>,
    number: String,
    lines: serde_json::Value,
) -> Reply<PricePreview> {
    session.actor()?;
    app.preview_lines(&number, &jobcard_app::lines_from_value(lines)?)
        .await
}

#[tauri::command]
async fn get_report(
    app: State<'_, App>,
    session: State<'_, Session>,
    from: String,
    to: String,
) -> Reply<PeriodReport> {
    app.report(&session.actor()?, &from, &to).await
}

#[tauri::command]
async fn get_catalogue(app: State<'_, App>, session: State<'_, Session>) -> Reply<Catalogue> {
    session.actor()?;
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
        let preferences = dir.join("config").join("preferences.json");
        let app = super::register(mock_builder())
            .manage(core)
            .manage(crate::preferences::PreferencesFile::at(preferences, None))
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
        sign_in(&webview, "Sanne de Boer", "1111");
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
        sign_in(&webview, "Sanne de Boer", "1111");
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

    fn sign_in(webview: &WebviewWindow<MockRuntime>, name: &str, pin: &str) -> Value {
        invoke(webview, "sign_in", json!({"name": name, "pin": pin})).unwrap()
    }

    #[test]
    fn the_window_acts_only_as_the_employee_who_signed_in() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, webview) = window(dir.path());
        // Signed out, nothing answers.
        let err = invoke(&webview, "list_orders", json!({"query": {}})).unwrap_err();
        assert_eq!(err["code"], "not_signed_in");
        // A wrong PIN is refused without saying which half was wrong.
        let err = invoke(
            &webview,
            "sign_in",
            json!({"name": "Joris Bakker", "pin": "9999"}),
        )
        .unwrap_err();
        assert_eq!(
            (err["code"].as_str(), err["message"].as_str()),
            (Some("unauthorized"), Some("wrong name or PIN"))
        );

        let session = sign_in(&webview, "Joris Bakker", "2222");
        // The session says what the window may offer him: work at the bench, nothing else.
        assert_eq!(
            session,
            json!({"name": "Joris Bakker", "roles": ["mechanic"], "may": ["work"]})
        );
        assert!(invoke(&webview, "list_orders", json!({"query": {}})).is_ok());
        // The mechanic cannot change settings, whatever the window shows.
        let err = invoke(&webview, "save_store", json!({"input": {"name": "Mine"}})).unwrap_err();
        assert_eq!(err["code"], "forbidden");
        assert_eq!(
            err["message"],
            "not allowed for role mechanic: changing settings"
        );
        let board = invoke(&webview, "job_board", json!({})).unwrap();
        assert!(
            board["mine"].as_array().is_some_and(|m| !m.is_empty()),
            "{board}"
        );

        invoke(&webview, "sign_out", json!({})).unwrap();
        assert_eq!(
            invoke(&webview, "current_session", json!({})).unwrap(),
            Value::Null
        );
        let err = invoke(&webview, "job_board", json!({})).unwrap_err();
        assert_eq!(err["code"], "not_signed_in");
    }

    #[test]
    fn the_capability_grants_nothing_beyond_the_app_and_its_preferences() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, webview) = window(dir.path());
        // The store plugin, which could load and save JSON at any path, is gone: the webview
        // can neither load a store elsewhere nor write one.
        let elsewhere = dir.path().join("elsewhere.json");
        for (cmd, body) in [
            (
                "plugin:store|load",
                json!({"path": elsewhere, "options": {}}),
            ),
            (
                "plugin:store|set",
                json!({"rid": 1, "key": "k", "value": 1}),
            ),
            ("plugin:store|save", json!({"rid": 1})),
            ("plugin:store|clear", json!({"rid": 1})),
        ] {
            let err = invoke(&webview, cmd, body).unwrap_err();
            assert!(err.to_string().contains("not allowed"), "{cmd}: {err}");
        }
        assert!(!elsewhere.exists());
    }

    #[test]
    fn a_refused_restore_is_said_once_in_the_window() {
        use tauri::Manager;
        let dir = tempfile::tempdir().unwrap();
        let (app, webview) = window(dir.path());
        assert_eq!(
            invoke(&webview, "startup_notice", json!({})).unwrap(),
            json!(null)
        );
        let said = "The backup was not restored: the database is open in another Jobcard window";
        *app.state::<super::settings::StartupNotice>()
            .0
            .lock()
            .unwrap() = Some(said.into());
        assert_eq!(
            invoke(&webview, "startup_notice", json!({})).unwrap(),
            json!(said)
        );
        assert_eq!(
            invoke(&webview, "startup_notice", json!({})).unwrap(),
            json!(null)
        );
    }

    #[test]
    fn preferences_go_to_the_one_file_whatever_the_webview_sends() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, webview) = window(dir.path());
        assert_eq!(
            invoke(&webview, "get_preferences", json!({})).unwrap(),
            json!({})
        );
        // A path in the request is not an argument of the command; it is ignored.
        let elsewhere = dir.path().join("elsewhere.json");
        invoke(
            &webview,
            "set_preferences",
            json!({"preferences": {"language": "nl"}, "path": elsewhere}),
        )
        .unwrap();
        assert!(!elsewhere.exists());
        assert_eq!(
            invoke(&webview, "get_preferences", json!({})).unwrap(),
            json!({"language": "nl"})
        );
        let file = dir.path().join("config").join("preferences.json");
        let saved: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(saved, json!({"language": "nl"}));
        // Only the typed shape is taken: anything else is refused and nothing is written.
        let err = invoke(
            &webview,
            "set_preferences",
            json!({"preferences": {"language": "../../etc"}}),
        )
        .unwrap_err();
        assert!(err.to_string().contains("unknown variant"), "{err}");
        assert_eq!(
            invoke(&webview, "get_preferences", json!({})).unwrap(),
            json!({"language": "nl"})
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "user-only: {mode:o}");
        }
    }
}

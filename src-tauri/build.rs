//! Generates the Tauri context and one permission per app command, so the capability file
//! can grant exactly the commands the UI uses and nothing else.

/// Every command the shell registers. Keep in sync with `commands::handler()`; the build
/// fails on a capability that names a command missing here.
const COMMANDS: &[&str] = &[
    "list_orders",
    "get_order",
    "create_order",
    "preview_order",
    "set_order_status",
    "find_customers",
    "get_catalogue",
    "get_report",
    "set_order_lines",
    "preview_lines",
    "edit_order_header",
    "customer_page",
    "edit_customer",
    "repair_object_page",
    "edit_repair_object",
    "order_pdf",
    "save_order_pdf",
    "print_order_pdf",
    "get_settings",
    "save_store",
    "save_employee",
    "add_vat_rate",
    "save_repair_code",
    "save_article",
    "import_articles_csv",
    "set_status_labels",
    "set_document_footer",
    "list_backups",
    "backup_now",
    "restore_backup",
    "startup_notice",
    "sign_in_names",
    "sign_in",
    "sign_out",
    "current_session",
    "set_first_manager",
    "set_pin",
    "job_board",
    "start_work",
    "pause_work",
    "set_line_done",
    "finish_work",
    "delete_order",
    "suggest_slots",
    "schedule_order",
    "get_calendar",
    "get_hours",
    "set_trading_hours",
    "set_working_hours",
    "add_absence",
    "remove_absence",
    "list_connectors",
    "save_connector",
    "set_connector_secret",
    "test_connector",
    "sync_now",
    "sync_queue",
    "resolve_sync",
    "import_refusals",
    "retry_import",
    "order_sync",
    "sync_marks",
    "set_sync_mark",
    "send_work_status",
    "get_preferences",
    "set_preferences",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    if let Err(err) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
    {
        eprintln!("tauri build step failed: {err:#}");
        std::process::exit(1);
    }
}

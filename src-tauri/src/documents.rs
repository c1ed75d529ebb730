//! Previewing, saving and printing documents from the window. The PDF is made by the core;
//! the preview receives its bytes and draws them; the save dialog is shown from Rust, so the
//! webview never chooses a path to write; and "open in viewer" hands the file to the system's
//! PDF viewer. (Printing from the preview goes through the webview's own print dialog.) When no
//! viewer can be opened, the refusal has the code `no_pdf_viewer` and no technical text, and
//! the window shows its own preview instead.

use jobcard_app::ErrorCode;
use jobcard_app::print::{DocumentKind, parse_lang};
use jobcard_app::{App, AppError};
use tauri::{AppHandle, Manager, Runtime, State};

use crate::session::Session;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

type Reply<T> = Result<T, AppError>;

fn io_error(what: &str, err: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::Storage, format!("{what}: {err}"), None)
}

async fn render(
    app: &App,
    session: &Session,
    number: &str,
    kind: &str,
    lang: &str,
) -> Reply<(DocumentKind, Vec<u8>)> {
    session.actor()?;
    let kind: DocumentKind = kind.parse()?;
    let pdf = app.print_order(number, kind, parse_lang(lang)?).await?;
    Ok((kind, pdf))
}

/// The PDF itself, as raw bytes (an `ArrayBuffer` in the webview), for the in-app print
/// preview, which draws it with pdf.js exactly as it will print.
#[tauri::command]
pub async fn order_pdf(
    app: State<'_, App>,
    session: State<'_, Session>,
    number: String,
    kind: String,
    lang: String,
) -> Reply<tauri::ipc::Response> {
    let (_, pdf) = render(&app, &session, &number, &kind, &lang).await?;
    Ok(tauri::ipc::Response::new(pdf))
}

/// Asks where to save the PDF and writes it there. `None` when the person cancelled.
#[tauri::command]
pub async fn save_order_pdf<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, App>,
    session: State<'_, Session>,
    number: String,
    kind: String,
    lang: String,
) -> Reply<Option<String>> {
    let (kind, pdf) = render(&app, &session, &number, &kind, &lang).await?;
    let chosen = handle
        .dialog()
        .file()
        .add_filter("PDF", &["pdf"])
        .set_file_name(format!("{number}-{}.pdf", kind.as_str()))
        .blocking_save_file();
    let Some(chosen) = chosen else {
        return Ok(None);
    };
    let path = chosen
        .into_path()
        .map_err(|e| io_error("the chosen file", e))?;
    std::fs::write(&path, pdf).map_err(|e| io_error(&path.display().to_string(), e))?;
    Ok(Some(path.display().to_string()))
}

/// Writes the PDF to the app's cache folder and opens it in the system's PDF viewer to print.
#[tauri::command]
pub async fn print_order_pdf<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, App>,
    session: State<'_, Session>,
    number: String,
    kind: String,
    lang: String,
) -> Reply<String> {
    let (kind, pdf) = render(&app, &session, &number, &kind, &lang).await?;
    let dir = handle
        .path()
        .app_cache_dir()
        .map_err(|e| io_error("cache folder", e))?
        .join("print");
    // A printed order names a customer: the folder and the file are the user's alone.
    jobcard_app::files::create_private_dir(&dir)
        .map_err(|e| io_error(&dir.display().to_string(), e))?;
    jobcard_app::files::make_private(&dir);
    let path = dir.join(format!("{number}-{}.pdf", kind.as_str()));
    jobcard_app::files::write_private(&path, &pdf)
        .map_err(|e| io_error(&path.display().to_string(), e))?;
    if let Err(err) = handle
        .opener()
        .open_path(path.display().to_string(), None::<&str>)
    {
        // The opener's own words (`gio ... ExitStatus(512)`) are for the log; the window gets
        // a code it words for people and falls back to its own preview.
        tracing::warn!(error = %err, path = %path.display(), "no PDF viewer could be opened");
        return Err(AppError::new(
            ErrorCode::NoPdfViewer,
            "No PDF viewer could be opened on this computer",
            None,
        ));
    }
    Ok(path.display().to_string())
}

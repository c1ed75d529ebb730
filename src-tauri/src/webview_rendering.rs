//! How the window's web view renders on Linux: without GPU compositing.
//!
//! Jobcard's screens are forms, lists and a PDF preview; none needs WebKitGTK's accelerated
//! compositing. With it on, every web process loads the GL stack. On a PC without a usable GPU
//! driver that is Mesa's software renderer with LLVM: `scripts/bench-desktop.sh` measured the
//! web process at 160 MB with compositing and 93 MB without, and the first paint about 100 ms
//! later. Rendering without compositing also avoids the blank window that WebKitGTK's
//! accelerated path shows on some graphics drivers. Windows and macOS use their platform's
//! web view as it is.

/// Turns accelerated compositing off for the window's web view (Linux); elsewhere a no-op.
pub fn software_rendering<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    {
        let applied = window.with_webview(|webview| {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            if let Some(settings) = webview.inner().settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
        if let Err(err) = applied {
            tracing::warn!(error = %err, "the web view's rendering could not be set");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

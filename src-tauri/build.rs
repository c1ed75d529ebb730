//! Generates the Tauri context and one permission per app command, so the capability file
//! can grant exactly the commands the UI uses and nothing else.

// `COMMANDS`: every command the shell registers, listed once in `src/command_list.rs`.
include!("src/command_list.rs");

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    if let Err(err) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
    {
        eprintln!("tauri build step failed: {err:#}");
        std::process::exit(1);
    }
}

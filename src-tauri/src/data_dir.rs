//! Where the database lives: `--data-dir`, else `JOBCARD_DATA_DIR` (clap reads both), else
//! the operating system's per-user data directory under the app's identifier — the same place
//! Tauri's `app_data_dir` points at, computed without starting Tauri.

use std::path::{Path, PathBuf};

/// The app identifier from `tauri.conf.json`.
const IDENTIFIER: &str = "nl.jobcard.desktop";

pub fn resolve(explicit: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(dir) = explicit {
        return Ok(dir.to_path_buf());
    }
    dirs::data_dir()
        .map(|base| base.join(IDENTIFIER))
        .ok_or_else(|| "cannot find the user data directory; pass --data-dir DIR".to_owned())
}

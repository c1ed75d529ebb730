//! The window's preferences (the UI language): one small JSON file, `preferences.json` in the
//! app's config folder, read and written only through `get_preferences` and `set_preferences`
//! with a typed shape. The webview never names a path: the store plugin used before let it
//! read and write JSON at any path the user can reach. Never business data or secrets.

use jobcard_app::ErrorCode;
use std::path::{Path, PathBuf};

use jobcard_app::{AppError, files};
use serde::{Deserialize, Serialize};
use tauri::{Manager, Runtime, State};

/// The preferences the window keeps. Unknown or malformed values read as "not set".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Nl,
    En,
}

/// Where the preferences live (managed state, so tests point it at a temporary folder).
#[derive(Debug, Clone)]
pub struct PreferencesFile {
    file: PathBuf,
    /// The store plugin's file of earlier versions (`prefs.json` in the app data folder),
    /// read once when there is no file yet, so an upgrade keeps the chosen language.
    legacy: Option<PathBuf>,
}

impl PreferencesFile {
    pub fn at(file: PathBuf, legacy: Option<PathBuf>) -> Self {
        Self { file, legacy }
    }

    /// `preferences.json` in the app's config folder, and the store plugin's old file.
    pub fn for_app<R: Runtime>(app: &tauri::AppHandle<R>) -> tauri::Result<Self> {
        let file = app.path().app_config_dir()?.join("preferences.json");
        let legacy = app.path().app_data_dir().ok().map(|d| d.join("prefs.json"));
        Ok(Self::at(file, legacy))
    }

    fn read(&self) -> Preferences {
        let text = std::fs::read_to_string(&self.file).or_else(|_| match &self.legacy {
            Some(legacy) => std::fs::read_to_string(legacy),
            None => Err(std::io::ErrorKind::NotFound.into()),
        });
        text.ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .map(|value| Preferences {
                language: value
                    .get("language")
                    .and_then(|l| serde_json::from_value(l.clone()).ok()),
            })
            .unwrap_or_default()
    }

    /// Writes a user-only temporary file and renames it over the old one.
    fn write(&self, preferences: &Preferences) -> Result<(), AppError> {
        let dir = self.file.parent().unwrap_or(Path::new("."));
        files::create_private_dir(dir).map_err(|e| storage(dir, &e))?;
        let text = serde_json::to_string_pretty(preferences)
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string(), None))?;
        let temporary = self.file.with_extension("json.saving");
        files::write_private(&temporary, text.as_bytes()).map_err(|e| storage(&temporary, &e))?;
        std::fs::rename(&temporary, &self.file).map_err(|e| storage(&self.file, &e))
    }
}

fn storage(path: &Path, err: &dyn std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::Storage,
        format!("cannot save the preferences in {}: {err}", path.display()),
        None,
    )
}

#[tauri::command]
pub fn get_preferences(file: State<'_, PreferencesFile>) -> Preferences {
    file.read()
}

#[tauri::command]
pub fn set_preferences(
    file: State<'_, PreferencesFile>,
    preferences: Preferences,
) -> Result<(), AppError> {
    file.write(&preferences)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_language_survives_a_restart_and_an_old_plugin_file_is_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let legacy = dir.path().join("data").join("prefs.json");
        std::fs::create_dir_all(legacy.parent().unwrap()).unwrap();
        std::fs::write(&legacy, r#"{"language":"nl","other":1}"#).unwrap();
        let file = PreferencesFile::at(
            dir.path().join("config").join("preferences.json"),
            Some(legacy),
        );
        assert_eq!(
            file.read().language,
            Some(Language::Nl),
            "taken over from the plugin's file"
        );

        file.write(&Preferences {
            language: Some(Language::En),
        })
        .unwrap();
        assert_eq!(file.read().language, Some(Language::En));
        std::fs::write(&file.file, "{not json").unwrap();
        assert_eq!(
            file.read(),
            Preferences::default(),
            "a broken file reads as unset"
        );
    }
}

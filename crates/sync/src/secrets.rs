//! Connector credentials: in the OS keychain (Secret Service on Linux, Keychain on macOS,
//! Credential Manager on Windows) through the `keyring` crate.
//!
//! Where no keychain answers (a headless server, CI), they go to `secrets.json` in the data
//! directory, created readable and writable by the user only (0600), and the engine says so
//! in the log and in `connector list` / the settings screen. `JOBCARD_SECRET_STORE=file`
//! chooses the file on purpose (tests use it so they never touch a person's keychain).
//! Secrets are read only by the engine when it sends; nothing returns them to the webview.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::{Result, SyncError};

const SERVICE: &str = "jobcard";

/// Where the secrets live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretBackend {
    Keychain,
    File(PathBuf),
}

impl SecretBackend {
    /// How the settings screen and `connector list` describe it.
    pub fn describe(&self) -> String {
        match self {
            Self::Keychain => "the OS keychain".to_owned(),
            Self::File(path) => format!(
                "{} (readable only by this user; no OS keychain was reachable)",
                path.display()
            ),
        }
    }
}

/// The secret store of one data directory.
#[derive(Debug, Clone)]
pub struct Secrets {
    /// Chosen at the first use, not at start: most commands never touch a secret, and the
    /// keychain probe (and its log line when none answers) is only for those that do.
    backend: std::sync::OnceLock<SecretBackend>,
    file: PathBuf,
    forced_file: bool,
    /// Distinguishes two workshops (data directories) on one computer in the keychain.
    scope: String,
}

impl Secrets {
    /// The keychain when it answers (checked at the first use), else the file in `data_dir`.
    pub fn open(data_dir: &Path) -> Self {
        Self {
            backend: std::sync::OnceLock::new(),
            file: data_dir.join("secrets.json"),
            forced_file: std::env::var("JOBCARD_SECRET_STORE").is_ok_and(|v| v == "file"),
            scope: data_dir.display().to_string(),
        }
    }

    /// The user-only file in `data_dir`, never the keychain.
    pub fn in_file(data_dir: &Path) -> Self {
        Self {
            forced_file: true,
            ..Self::open(data_dir)
        }
    }

    pub fn backend(&self) -> &SecretBackend {
        self.backend.get_or_init(|| {
            if !self.forced_file && keychain_answers() {
                SecretBackend::Keychain
            } else {
                tracing::warn!(
                    "no OS keychain reachable; connector secrets are kept in {} (mode 0600)",
                    self.file.display()
                );
                SecretBackend::File(self.file.clone())
            }
        })
    }

    fn account(&self, connector: &str, key: &str) -> String {
        format!("{}|{}|{}", self.scope, connector.to_lowercase(), key)
    }

    pub fn set(&self, connector: &str, key: &str, value: &str) -> Result<()> {
        if value.is_empty() {
            return Err(SyncError::invalid(key, "the secret is empty"));
        }
        match self.backend() {
            SecretBackend::Keychain => keyring::Entry::new(SERVICE, &self.account(connector, key))
                .and_then(|entry| entry.set_password(value))
                .map_err(|err| SyncError::Secrets(err.to_string())),
            SecretBackend::File(path) => {
                let mut all = read_file(path)?;
                all.insert(self.account(connector, key), value.to_owned());
                write_file(path, &all)
            }
        }
    }

    pub fn get(&self, connector: &str, key: &str) -> Result<Option<String>> {
        match self.backend() {
            SecretBackend::Keychain => {
                match keyring::Entry::new(SERVICE, &self.account(connector, key))
                    .and_then(|entry| entry.get_password())
                {
                    Ok(value) => Ok(Some(value)),
                    Err(keyring::Error::NoEntry) => Ok(None),
                    Err(err) => Err(SyncError::Secrets(err.to_string())),
                }
            }
            SecretBackend::File(path) => Ok(read_file(path)?.remove(&self.account(connector, key))),
        }
    }

    /// Forgets a secret (nothing to do when it was not set).
    pub fn remove(&self, connector: &str, key: &str) -> Result<()> {
        match self.backend() {
            SecretBackend::Keychain => {
                match keyring::Entry::new(SERVICE, &self.account(connector, key))
                    .and_then(|entry| entry.delete_credential())
                {
                    Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                    Err(err) => Err(SyncError::Secrets(err.to_string())),
                }
            }
            SecretBackend::File(path) => {
                let mut all = read_file(path)?;
                if all.remove(&self.account(connector, key)).is_some() {
                    write_file(path, &all)?;
                }
                Ok(())
            }
        }
    }

    pub fn is_set(&self, connector: &str, key: &str) -> bool {
        matches!(self.get(connector, key), Ok(Some(_)))
    }
}

fn keychain_answers() -> bool {
    match keyring::Entry::new(SERVICE, "jobcard-probe").and_then(|e| e.get_password()) {
        Ok(_) | Err(keyring::Error::NoEntry) => true,
        Err(err) => {
            tracing::info!("OS keychain not usable: {err}");
            false
        }
    }
}

fn read_file(path: &Path) -> Result<BTreeMap<String, String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .map_err(|err| SyncError::Secrets(format!("{}: {err}", path.display()))),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(err) => Err(SyncError::Secrets(format!("{}: {err}", path.display()))),
    }
}

/// Writes a temporary file created with mode 0600 and renames it over the old one, so the
/// secrets are never readable by others, not even for a moment, and never half-written.
fn write_file(path: &Path, all: &BTreeMap<String, String>) -> Result<()> {
    use std::io::Write;
    let fail = |err: std::io::Error| SyncError::Secrets(format!("{}: {err}", path.display()));
    let tmp = path.with_extension("json.tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp).map_err(fail)?;
    let text = serde_json::to_string_pretty(all).map_err(|e| SyncError::Secrets(e.to_string()))?;
    file.write_all(text.as_bytes()).map_err(fail)?;
    file.sync_all().map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_file_fallback_keeps_secrets_private_and_per_connector() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("secrets.json");
        let secrets = Secrets::in_file(dir.path());
        assert!(!secrets.is_set("till", "password"));
        secrets.set("till", "password", "s3cret").unwrap();
        secrets.set("other", "password", "else").unwrap();
        assert_eq!(
            secrets.get("Till", "password").unwrap().as_deref(),
            Some("s3cret")
        );
        assert_eq!(
            secrets.get("other", "password").unwrap().as_deref(),
            Some("else")
        );
        assert!(secrets.set("till", "username", "").is_err());
        secrets.remove("till", "password").unwrap();
        secrets.remove("till", "password").unwrap();
        assert!(!secrets.is_set("till", "password"));
        assert!(secrets.is_set("other", "password"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}

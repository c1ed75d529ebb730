//! Where this computer's database is (issue 14): "this computer only" (the SQLite file in the
//! data directory, the default) or "a shared shop database" (PostgreSQL, several seats).
//!
//! The choice is a small per-computer file, `database.json` in the data directory, user-only
//! like the other files there, holding the URL **without** its password. The password is a
//! secret like the connectors' ([`jobcard_sync::Secrets`]: the OS keychain, else a user-only
//! file), stored under an owner name no connector can have, and it goes only to the server it
//! was given for (same user, host and port): a URL given on the command line for another
//! server never receives it.
//!
//! Resolution order, the same for the window and the CLI: `--database-url` /
//! `JOBCARD_DATABASE_URL`, else the saved choice, else the SQLite file. The password: the
//! URL's own, else the stored secret, else what libpq users expect (`PGPASSWORD`,
//! `~/.pgpass`), which sqlx reads when the URL has none.
//!
//! Error texts never carry a password: URLs are shown through [`DatabaseUrl`]'s `Display`,
//! and every error leaving here is scrubbed of the password it was given as well.

use crate::error::ErrorCode;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jobcard_store::files;
use jobcard_sync::Secrets;
use serde::{Deserialize, Serialize};

use crate::dto::{
    ConnectionTest, DatabaseChoiceInput, DatabaseChoiceView, DatabaseInfo, MigrationReport,
    StartupView,
};
use crate::{Actor, App, AppError, Clock, Database, DatabaseUrl, Guard, Result};

/// The per-computer file with the database choice.
pub const CONFIG_FILE: &str = "database.json";

/// The secret's owner: a name with a space, which no connector may have (so no connector
/// kind that sends a `password` secret can ever be handed the database's).
const SECRET_OWNER: &str = "shop database";
const SECRET_KEY: &str = "password";

/// What `database.json` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "backend", rename_all = "snake_case", deny_unknown_fields)]
enum SavedChoice {
    ThisComputer,
    Shared { url: String },
}

/// Where the database chosen for this process came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `--database-url` or `JOBCARD_DATABASE_URL`.
    CommandLine,
    /// `database.json`.
    Saved,
    /// Nothing chosen: the SQLite file.
    Default,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Self::CommandLine => "command_line",
            Self::Saved => "saved",
            Self::Default => "default",
        }
    }
}

/// The database this process opens, password included when one was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub database: Database,
    pub source: Source,
}

impl Resolved {
    /// The SQLite file or the URL without its password.
    pub fn location(&self) -> String {
        match &self.database {
            Database::Embedded(dir) => dir.join("jobcard.sqlite").display().to_string(),
            Database::Shared(url) => url.without_password().to_string(),
        }
    }
}

/// This computer's database choice: its file and its password secret.
#[derive(Debug, Clone)]
pub struct Seat {
    data_dir: PathBuf,
    secrets: Secrets,
}

impl Seat {
    /// The choice in `data_dir`, with the password in the OS keychain when one answers.
    pub fn open(data_dir: &Path) -> Self {
        Self::with_secrets(data_dir, Secrets::open(data_dir))
    }

    /// The choice in `data_dir`, with the password in the user-only file (tests).
    pub fn with_secret_file(data_dir: &Path) -> Self {
        Self::with_secrets(data_dir, Secrets::in_file(data_dir))
    }

    fn with_secrets(data_dir: &Path, secrets: Secrets) -> Self {
        Self {
            data_dir: data_dir.to_path_buf(),
            secrets,
        }
    }

    fn file(&self) -> PathBuf {
        self.data_dir.join(CONFIG_FILE)
    }

    /// The database to open: `given` (the command line's URL), else the saved choice, else
    /// the SQLite file; a shared URL without a password gets the stored one when it names
    /// the same user on the same server as the saved choice.
    pub fn resolve(&self, given: Option<&str>) -> Result<Resolved> {
        let saved = self.saved()?;
        let (url, source) = match (given, &saved) {
            (Some(text), _) => (parse_url(text, "database_url")?, Source::CommandLine),
            (None, Some(SavedChoice::Shared { url })) => {
                (parse_url(url, "database.json")?, Source::Saved)
            }
            (None, Some(SavedChoice::ThisComputer)) => return Ok(self.embedded(Source::Saved)),
            (None, None) => return Ok(self.embedded(Source::Default)),
        };
        let url = match self.stored_password_for(&url, saved.as_ref())? {
            Some(password) if !url.has_password() => url.with_password(&password),
            _ => url,
        };
        Ok(Resolved {
            database: Database::Shared(url),
            source,
        })
    }

    fn embedded(&self, source: Source) -> Resolved {
        Resolved {
            database: Database::Embedded(self.data_dir.clone()),
            source,
        }
    }

    /// The stored password, if the saved shared URL names the same login as `url`.
    fn stored_password_for(
        &self,
        url: &DatabaseUrl,
        saved: Option<&SavedChoice>,
    ) -> Result<Option<String>> {
        let Some(SavedChoice::Shared { url: saved_url }) = saved else {
            return Ok(None);
        };
        let Ok(saved_url) = DatabaseUrl::parse(saved_url) else {
            return Ok(None);
        };
        if !saved_url.same_login(url) {
            return Ok(None);
        }
        self.secrets
            .get(SECRET_OWNER, SECRET_KEY)
            .map_err(|e| secrets_error(&e))
    }

    /// The saved choice as the settings screen shows it (never the password).
    pub fn choice(&self) -> Result<DatabaseChoiceView> {
        Ok(match self.saved()? {
            Some(SavedChoice::Shared { url }) => DatabaseChoiceView {
                shared: true,
                url: Some(url),
                password_stored: self.secrets.is_set(SECRET_OWNER, SECRET_KEY),
            },
            _ => DatabaseChoiceView {
                shared: false,
                url: None,
                password_stored: false,
            },
        })
    }

    /// Saves the choice for the next start: the URL without its password in
    /// `database.json`, the password (typed, or taken out of the URL) as a secret. A stored
    /// password is forgotten when the URL moves to another user or server, or the computer
    /// goes back to its own file.
    pub fn save(&self, input: &DatabaseChoiceInput) -> Result<DatabaseChoiceView> {
        let typed = input.password.as_deref().filter(|p| !p.is_empty());
        let result = self.save_choice(input, typed);
        scrub_result(result, typed)
    }

    fn save_choice(
        &self,
        input: &DatabaseChoiceInput,
        typed: Option<&str>,
    ) -> Result<DatabaseChoiceView> {
        if !input.shared {
            self.write(&SavedChoice::ThisComputer)?;
            self.forget_password()?;
            return self.choice();
        }
        let url = parse_url(input.url.as_deref().unwrap_or(""), "url")?;
        let password = typed.map(str::to_owned).or_else(|| url_password(&url));
        let keeps_login = match self.saved()? {
            Some(SavedChoice::Shared { url: old }) => {
                DatabaseUrl::parse(&old).is_ok_and(|old| old.same_login(&url))
            }
            _ => false,
        };
        match password {
            Some(password) => self
                .secrets
                .set(SECRET_OWNER, SECRET_KEY, &password)
                .map_err(|e| secrets_error(&e))?,
            None if !keeps_login => self.forget_password()?,
            None => {}
        }
        let shown = url.without_password().to_string();
        self.write(&SavedChoice::Shared { url: shown })?;
        self.choice()
    }

    fn forget_password(&self) -> Result<()> {
        self.secrets
            .remove(SECRET_OWNER, SECRET_KEY)
            .map_err(|e| secrets_error(&e))
    }

    /// Connects once to the typed database (no migrations), checks it is PostgreSQL 14 or
    /// newer and reports the server; a failure is an answer, not an error.
    pub async fn test(&self, input: &DatabaseChoiceInput) -> ConnectionTest {
        let typed = input.password.as_deref().filter(|p| !p.is_empty());
        let outcome = self.probe(input, typed).await;
        match scrub_result(outcome, typed) {
            Ok(facts) => ConnectionTest {
                ok: true,
                server_version: Some(facts.version),
                other_seats: Some(facts.other_seats),
                problem: None,
                message: None,
            },
            Err(err) => ConnectionTest {
                ok: false,
                server_version: None,
                other_seats: None,
                problem: Some(problem_of(&err)),
                message: Some(err.message),
            },
        }
    }

    async fn probe(
        &self,
        input: &DatabaseChoiceInput,
        typed: Option<&str>,
    ) -> Result<jobcard_store::db::postgres::ServerFacts> {
        if !input.shared {
            return Err(AppError::invalid(
                "shared",
                "this computer's own file needs no connection test",
            ));
        }
        let url = self.typed_url(input, typed)?;
        Ok(jobcard_store::db::postgres::probe(&url).await?)
    }

    /// The shared database a form names, with the password to use: the typed one, else the
    /// URL's own, else the one stored for that same login.
    fn typed_url(&self, input: &DatabaseChoiceInput, typed: Option<&str>) -> Result<DatabaseUrl> {
        let url = parse_url(input.url.as_deref().unwrap_or(""), "url")?;
        Ok(match typed {
            Some(password) => url.with_password(password),
            None if url.has_password() => url,
            None => match self.stored_password_for(&url, self.saved()?.as_ref())? {
                Some(stored) => url.with_password(&stored),
                None => url,
            },
        })
    }

    fn saved(&self) -> Result<Option<SavedChoice>> {
        let path = self.file();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(config_error(&path, &err)),
        };
        let choice: SavedChoice =
            serde_json::from_str(&text).map_err(|e| config_error(&path, &e))?;
        // A password written into the file by hand is not used, and never shown.
        if let SavedChoice::Shared { url } = &choice
            && DatabaseUrl::parse(url).is_ok_and(|u| u.has_password())
        {
            return Err(config_error(
                &path,
                &"the URL holds a password; save the choice again in Settings > Database",
            ));
        }
        Ok(Some(choice))
    }

    /// Writes a user-only temporary file and renames it over the old one.
    fn write(&self, choice: &SavedChoice) -> Result<()> {
        files::create_private_dir(&self.data_dir)?;
        let text = serde_json::to_string_pretty(choice)
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string(), None))?;
        let temporary = self.data_dir.join(format!("{CONFIG_FILE}.saving"));
        files::write_private(&temporary, text.as_bytes())?;
        std::fs::rename(&temporary, self.file()).map_err(|e| config_error(&self.file(), &e))
    }

    /// Resolves the database and opens the workshop on it: the window's start and its
    /// Retry. The error is the one the start screen shows.
    pub async fn open_app(&self, given: Option<&str>, clock: Arc<dyn Clock>) -> Result<App> {
        let resolved = self.resolve(given)?;
        self.open_resolved(&resolved, clock).await
    }

    /// Opens the workshop on a database resolved before (its location is what a failure
    /// names), with this seat's secret store for the connectors too.
    pub async fn open_resolved(&self, resolved: &Resolved, clock: Arc<dyn Clock>) -> Result<App> {
        App::open_with(
            &self.data_dir,
            &resolved.database,
            clock,
            self.secrets.clone(),
        )
        .await
    }

    /// Where the choice is kept, for a start screen whose choice file cannot be read.
    pub fn choice_file(&self) -> String {
        self.file().display().to_string()
    }
}

/// The start screen's view of a failed start (or of an open database); `from_command_line`
/// when the database was given on the command line rather than chosen on this computer.
pub fn startup_view(failure: Option<(&str, &AppError)>, from_command_line: bool) -> StartupView {
    match failure {
        None => StartupView {
            open: true,
            location: None,
            code: None,
            message: None,
            details: Vec::new(),
            from_command_line,
        },
        Some((location, err)) => StartupView {
            open: false,
            location: Some(location.to_owned()),
            code: Some(err.code),
            message: Some(err.message.clone()),
            details: err.details.clone(),
            from_command_line,
        },
    }
}

impl App {
    /// Settings > Database: the backend this process runs on, the server and the other
    /// seats, and the choice saved for this computer. Managers only.
    pub async fn database_info(&self, actor: &Actor, resolved: &Resolved) -> Result<DatabaseInfo> {
        actor.require(Guard::SETTINGS)?;
        let facts = jobcard_store::db::postgres::server_facts(self.store()).await?;
        let backend = match &resolved.database {
            Database::Embedded(_) => "sqlite",
            Database::Shared(_) => "postgres",
        };
        Ok(DatabaseInfo {
            backend: backend.to_owned(),
            location: resolved.location(),
            source: resolved.source.as_str().to_owned(),
            server_version: facts.as_ref().map(|f| f.version.clone()),
            other_seats: facts.map(|f| f.other_seats),
            saved: self.seat().choice()?,
        })
    }

    /// "Test connection" in Settings > Database. Managers only.
    pub async fn test_database(
        &self,
        actor: &Actor,
        input: &DatabaseChoiceInput,
    ) -> Result<ConnectionTest> {
        actor.require(Guard::SETTINGS)?;
        Ok(self.seat().test(input).await)
    }

    /// Saves this computer's database choice for the next start. Managers only.
    pub async fn save_database_choice(
        &self,
        actor: &Actor,
        input: &DatabaseChoiceInput,
    ) -> Result<DatabaseChoiceView> {
        actor.require(Guard::SETTINGS)?;
        self.seat().save(input)
    }

    /// Settings > Database, "Copy this shop into the shared database": `migrate-to` from the
    /// window, with the URL and password as the choice form holds them (the password typed
    /// there, or the one stored for that login). Errors never carry the password.
    pub async fn migrate_to_shared(
        &self,
        actor: &Actor,
        input: &DatabaseChoiceInput,
    ) -> Result<MigrationReport> {
        actor.require(Guard::MIGRATE)?;
        let typed = input.password.as_deref().filter(|p| !p.is_empty());
        if !input.shared {
            return Err(AppError::invalid(
                "shared",
                "choose the shared shop database to copy this shop into",
            ));
        }
        let copied = async {
            let url = self.seat().typed_url(input, typed)?;
            self.migrate_to_url(actor, url).await
        };
        scrub_result(copied.await, typed)
    }

    fn seat(&self) -> Seat {
        Seat::with_secrets(&self.data_dir, self.sync.secrets().clone())
    }
}

fn parse_url(text: &str, field: &str) -> Result<DatabaseUrl> {
    DatabaseUrl::parse(text).map_err(|err| {
        let mut err = AppError::from(err);
        err.field = Some(field.to_owned());
        err
    })
}

/// The password inside a URL, percent-decoded.
fn url_password(url: &DatabaseUrl) -> Option<String> {
    url.password()
}

fn problem_of(err: &AppError) -> String {
    match err.code {
        ErrorCode::DatabaseUnreachable => err
            .details
            .first()
            .map_or_else(|| "other".to_owned(), |d| d.code.clone()),
        ErrorCode::Unsupported => "too_old".to_owned(),
        ErrorCode::InvalidInput => "invalid_url".to_owned(),
        other => other.as_str().to_owned(),
    }
}

fn config_error(path: &Path, err: &dyn std::fmt::Display) -> AppError {
    let message = format!("{} cannot be used: {err}", path.display());
    AppError::invalid("database.json", message)
}

fn secrets_error(err: &jobcard_sync::SyncError) -> AppError {
    AppError::new(
        ErrorCode::Secrets,
        format!("the database password cannot be kept or read: {err}"),
        Some("password"),
    )
}

/// Takes `password` (as typed and as a URL would carry it) out of an error's texts.
fn scrub_result<T>(result: Result<T>, password: Option<&str>) -> Result<T> {
    result.map_err(|err| scrub(err, password))
}

fn scrub(mut err: AppError, password: Option<&str>) -> AppError {
    let Some(password) = password.filter(|p| !p.is_empty()) else {
        return err;
    };
    // As typed, as a URL carries it, and as a form would encode it.
    let mut forms = vec![password.to_owned()];
    if let Ok(mut url) = url::Url::parse("postgres://user@host/db")
        && url.set_password(Some(password)).is_ok()
        && let Some(encoded) = url.password()
    {
        forms.push(encoded.to_owned());
    }
    forms.push(url::form_urlencoded::byte_serialize(password.as_bytes()).collect());
    let clean = |text: &str| {
        forms.iter().fold(text.to_owned(), |text, form| {
            text.replace(form.as_str(), "***")
        })
    };
    err.message = clean(&err.message);
    for detail in &mut err.details {
        detail.message = clean(&detail.message);
        for value in detail.params.values_mut() {
            *value = clean(value);
        }
    }
    err
}

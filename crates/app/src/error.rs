//! The one error type every use case returns.
//!
//! It crosses to the UI as JSON `{code, message, field?}` (pinned by a test below and by the
//! shell's own test) so the web UI can put a message next to the field it names, and to the CLI
//! as `error: FIELD: MESSAGE` on stderr with a non-zero exit. `code` is a stable machine word;
//! `message` is for people (in English). The window translates by `code`, `field` and, where
//! one refusal carries several findings (a plan that needs confirmation), by the `details`:
//! each has its own `code` and the values its sentence needs, so the UI can say it in Dutch.

use jobcard_domain::DomainError;
use jobcard_store::StoreError;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Every code an [`AppError`] can carry: a closed list, generated for the UI
/// (`ErrorCode.ts`), so the window's catalogue and every comparison are checked against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// The input is refused: `field` names what and `message` says why.
    InvalidInput,
    /// What the request names does not exist.
    NotFound,
    /// The order's workflow does not allow that status change.
    InvalidTransition,
    /// An amount is out of range.
    Overflow,
    /// The change meets one already made (a duplicate key, a backup already running).
    Conflict,
    /// Someone else saved the order since it was opened.
    OrderChanged,
    /// Done only when the person confirms `details`.
    NeedsConfirmation,
    /// The customer is already on file (the details offer a match).
    KnownCustomer,
    /// The repair object is already on file (the details offer a match).
    KnownObject,
    /// No one is signed in at this seat.
    NotSignedIn,
    /// The sign-in was refused.
    Unauthorized,
    /// The signed-in role may not do this.
    Forbidden,
    /// The employee is locked out after failed sign-ins.
    Locked,
    /// The shop's data could not be read or written.
    Storage,
    /// The shop database cannot be reached; nothing was saved.
    DatabaseUnreachable,
    /// The database was made by a newer Jobcard.
    DatabaseNewer,
    /// The target database of a copy already holds a shop.
    DatabaseNotEmpty,
    /// A copy to the shared database cannot start.
    CopyRefused,
    /// A copy's counts or money totals differ between the two sides.
    CopyMismatch,
    /// The database or platform cannot do this.
    Unsupported,
    /// The secret store cannot be read or written.
    Secrets,
    /// A connector's secret is not set.
    SecretMissing,
    /// The secret store refused a connector's secret.
    SecretRefused,
    /// A remote system refused or could not be reached.
    Remote,
    /// The order has not been sent to that remote yet.
    NotSynced,
    /// No program to show or print a PDF was found.
    NoPdfViewer,
    /// A fault in Jobcard itself.
    Internal,
}

impl ErrorCode {
    /// The code as it crosses to the UI and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidInput => "invalid_input",
            Self::NotFound => "not_found",
            Self::InvalidTransition => "invalid_transition",
            Self::Overflow => "overflow",
            Self::Conflict => "conflict",
            Self::OrderChanged => "order_changed",
            Self::NeedsConfirmation => "needs_confirmation",
            Self::KnownCustomer => "known_customer",
            Self::KnownObject => "known_object",
            Self::NotSignedIn => "not_signed_in",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::Locked => "locked",
            Self::Storage => "storage",
            Self::DatabaseUnreachable => "database_unreachable",
            Self::DatabaseNewer => "database_newer",
            Self::DatabaseNotEmpty => "database_not_empty",
            Self::CopyRefused => "copy_refused",
            Self::CopyMismatch => "copy_mismatch",
            Self::Unsupported => "unsupported",
            Self::Secrets => "secrets",
            Self::SecretMissing => "secret_missing",
            Self::SecretRefused => "secret_refused",
            Self::Remote => "remote",
            Self::NotSynced => "not_synced",
            Self::NoPdfViewer => "no_pdf_viewer",
            Self::Internal => "internal",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A refused or failed request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[ts(export)]
#[error("{}", self.display())]
pub struct AppError {
    /// Stable machine-readable code (one of [`ErrorCode`]).
    pub code: ErrorCode,
    pub message: String,
    /// Dotted path of the offending input field, e.g. `lines[1].vat`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    /// The separate findings behind the refusal, e.g. each warning of a plan that needs
    /// confirmation; empty (and left out of the JSON) for most errors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<ErrorDetail>>")]
    pub details: Vec<ErrorDetail>,
}

/// One finding of a refusal: a stable `code`, its English `message`, and the values the
/// message was made of (names, numbers, times), so the UI can word it in its own language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    pub params: BTreeMap<String, String>,
}

impl ErrorDetail {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
            params: BTreeMap::new(),
        }
    }

    /// Adds one value the message names, e.g. `("mechanic", "Joris Bakker")`.
    #[must_use]
    pub fn with(mut self, key: &str, value: impl ToString) -> Self {
        self.params.insert(key.to_owned(), value.to_string());
        self
    }
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>, field: Option<&str>) -> Self {
        Self {
            code,
            message: message.into(),
            field: field.map(str::to_owned),
            details: Vec::new(),
        }
    }

    /// A plan (or another change) that is only done when the user confirms `details`; the
    /// message lists them in English, separated by `; `.
    pub fn needs_confirmation(field: &str, details: Vec<ErrorDetail>) -> Self {
        let message = details
            .iter()
            .map(|d| d.message.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        Self {
            details,
            ..Self::new(ErrorCode::NeedsConfirmation, message, Some(field))
        }
    }

    /// The shop's data could not be read as written: a corrupt or hand-edited row or file.
    pub fn storage(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Storage, message, None)
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message, Some(field))
    }

    pub fn not_found(field: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message, Some(field))
    }

    /// `field: message`, or just the message when no field is named.
    fn display(&self) -> String {
        match &self.field {
            Some(field) => format!("{field}: {}", self.message),
            None => self.message.clone(),
        }
    }
}

impl From<DomainError> for AppError {
    fn from(err: DomainError) -> Self {
        let message = match &err {
            DomainError::Invalid { message, .. } => message.clone(),
            DomainError::Overflow { .. } => "amount out of range".to_owned(),
            DomainError::InvalidTransition { .. } => err.to_string(),
        };
        let field = match &err {
            DomainError::InvalidTransition { .. } => Some("status"),
            _ => err.field(),
        };
        let code = match &err {
            DomainError::Invalid { .. } => ErrorCode::InvalidInput,
            DomainError::Overflow { .. } => ErrorCode::Overflow,
            DomainError::InvalidTransition { .. } => ErrorCode::InvalidTransition,
        };
        Self::new(code, message, field)
    }
}

fn err_text(err: &StoreError) -> String {
    err.to_string()
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        tracing::error!(error = %err, "storage error");
        match err {
            StoreError::NotFound { what } => Self::new(ErrorCode::NotFound, what, None),
            StoreError::Conflict { what } => Self::new(ErrorCode::Conflict, what, None),
            StoreError::Unreachable {
                ref url,
                ref reason,
                problem,
            } => {
                // The kind of problem and its parts, so the window can say it in Dutch.
                let detail = ErrorDetail::new(problem, reason.clone())
                    .with("url", url)
                    .with("reason", reason);
                Self {
                    details: vec![detail],
                    ..Self::new(ErrorCode::DatabaseUnreachable, err_text(&err), None)
                }
            }
            StoreError::Sql(
                sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed,
            ) => Self::new(
                ErrorCode::DatabaseUnreachable,
                "the shop database cannot be reached; nothing was saved, try again",
                None,
            ),
            StoreError::NewerDatabase { .. } => {
                Self::new(ErrorCode::DatabaseNewer, err_text(&err), None)
            }
            StoreError::InvalidUrl { .. } => Self::new(
                ErrorCode::InvalidInput,
                err_text(&err),
                Some("database_url"),
            ),
            StoreError::Unsupported { what } => Self::new(ErrorCode::Unsupported, what, None),
            StoreError::Unjournaled => Self::new(ErrorCode::Internal, err_text(&err), None),
            other => Self::new(ErrorCode::Storage, other.to_string(), None),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Every code of the list the UI gets (`ErrorCode.ts`) reads back as itself, and
    /// `as_str` (the CLI's and the logs' spelling) says it the same way.
    #[test]
    fn every_error_code_is_spelled_the_same_for_the_ui_and_the_cli() {
        let declaration = ErrorCode::decl(&ts_rs::Config::default());
        let names: Vec<&str> = declaration.split('"').skip(1).step_by(2).collect();
        assert!(names.len() >= 27, "{declaration}");
        for name in names {
            let code: ErrorCode = serde_json::from_value(serde_json::json!(name)).unwrap();
            assert_eq!(code.as_str(), name);
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::json!(name));
        }
    }

    #[test]
    fn json_shape_is_code_message_and_optional_field() {
        let with_field = AppError::invalid("lines[1].vat", "is required for a priced line");
        assert_eq!(
            serde_json::to_value(&with_field).unwrap(),
            serde_json::json!({"code": "invalid_input", "message": "is required for a priced line", "field": "lines[1].vat"})
        );
        let without = AppError::new(ErrorCode::Storage, "disk full", None);
        assert_eq!(
            serde_json::to_value(&without).unwrap(),
            serde_json::json!({"code": "storage", "message": "disk full"})
        );
    }

    #[test]
    fn confirmation_details_carry_their_codes_and_values() {
        let err = AppError::needs_confirmation(
            "start",
            vec![
                ErrorDetail::new("overlap", "overlaps WO-2026-00001 of Joris")
                    .with("number", "WO-2026-00001")
                    .with("mechanic", "Joris"),
                ErrorDetail::new("closed", "closed then"),
            ],
        );
        assert_eq!(err.message, "overlaps WO-2026-00001 of Joris; closed then");
        assert_eq!(
            serde_json::to_value(&err)
                .unwrap()
                .pointer("/details/0")
                .cloned()
                .unwrap(),
            serde_json::json!({"code": "overlap", "message": "overlaps WO-2026-00001 of Joris",
                "params": {"mechanic": "Joris", "number": "WO-2026-00001"}})
        );
    }

    #[test]
    fn display_names_the_field() {
        let err = AppError::invalid("customer.name", "is required");
        assert_eq!(err.to_string(), "customer.name: is required");
    }
}

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

use serde::Serialize;
use ts_rs::TS;

/// A refused or failed request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[ts(export)]
#[error("{}", self.display())]
pub struct AppError {
    /// Stable machine-readable code: `invalid_input`, `not_found`, `invalid_transition`,
    /// `overflow`, `conflict`, `storage`, `needs_confirmation`, ….
    pub code: String,
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
    pub fn new(code: &str, message: impl Into<String>, field: Option<&str>) -> Self {
        Self {
            code: code.to_owned(),
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
            ..Self::new("needs_confirmation", message, Some(field))
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::new("invalid_input", message, Some(field))
    }

    pub fn not_found(field: &str, message: impl Into<String>) -> Self {
        Self::new("not_found", message, Some(field))
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
        Self::new(err.code(), message, field)
    }
}

fn err_text(err: &StoreError) -> String {
    err.to_string()
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        tracing::error!(error = %err, "storage error");
        match err {
            StoreError::NotFound { what } => Self::new("not_found", what, None),
            StoreError::Conflict { what } => Self::new("conflict", what, None),
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
                    ..Self::new("database_unreachable", err_text(&err), None)
                }
            }
            StoreError::Sql(
                sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed,
            ) => Self::new(
                "database_unreachable",
                "the shop database cannot be reached; nothing was saved, try again",
                None,
            ),
            StoreError::NewerDatabase { .. } => Self::new("database_newer", err_text(&err), None),
            StoreError::InvalidUrl { .. } => {
                Self::new("invalid_input", err_text(&err), Some("database_url"))
            }
            StoreError::Unsupported { what } => Self::new("unsupported", what, None),
            StoreError::Unjournaled => Self::new("internal", err_text(&err), None),
            other => Self::new("storage", other.to_string(), None),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn json_shape_is_code_message_and_optional_field() {
        let with_field = AppError::invalid("lines[1].vat", "is required for a priced line");
        assert_eq!(
            serde_json::to_value(&with_field).unwrap(),
            serde_json::json!({"code": "invalid_input", "message": "is required for a priced line", "field": "lines[1].vat"})
        );
        let without = AppError::new("storage", "disk full", None);
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

//! The one error type every use case returns.
//!
//! It crosses to the UI as JSON `{code, message, field?}` (pinned by a test below and by the
//! shell's own test) so the web UI can put a message next to the field it names, and to the CLI
//! as `error: FIELD: MESSAGE` on stderr with a non-zero exit. `code` is a stable machine word;
//! `message` is for people.

use jobcard_domain::DomainError;
use jobcard_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

/// A refused or failed request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[ts(export)]
#[error("{}", self.display())]
pub struct AppError {
    /// Stable machine-readable code: `invalid_input`, `not_found`, `invalid_transition`,
    /// `overflow`, `conflict`, `storage`.
    pub code: String,
    pub message: String,
    /// Dotted path of the offending input field, e.g. `lines[1].vat`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>, field: Option<&str>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
            field: field.map(str::to_owned),
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

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        tracing::error!(error = %err, "storage error");
        match err {
            StoreError::NotFound { what } => Self::new("not_found", what, None),
            StoreError::Conflict { what } => Self::new("conflict", what, None),
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
    fn display_names_the_field() {
        let err = AppError::invalid("customer.name", "is required");
        assert_eq!(err.to_string(), "customer.name: is required");
    }
}

//! Domain errors: every refusal names the field it is about, so the UI can show it there.

use crate::status::OrderStatus;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("{field}: amount out of range")]
    Overflow { field: String },
    #[error("cannot change status from {from} to {to}; allowed: {allowed}")]
    InvalidTransition {
        from: OrderStatus,
        to: OrderStatus,
        allowed: String,
    },
}

impl DomainError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn overflow(field: impl Into<String>) -> Self {
        Self::Overflow {
            field: field.into(),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid { .. } => "invalid_input",
            Self::Overflow { .. } => "overflow",
            Self::InvalidTransition { .. } => "invalid_transition",
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Invalid { field, .. } | Self::Overflow { field } => Some(field),
            Self::InvalidTransition { .. } => None,
        }
    }

    /// Puts `prefix.` in front of the field: `quantity` becomes `lines[2].quantity`.
    pub fn with_field_prefix(self, prefix: &str) -> Self {
        match self {
            Self::Invalid { field, message } => Self::Invalid {
                field: format!("{prefix}.{field}"),
                message,
            },
            Self::Overflow { field } => Self::Overflow {
                field: format!("{prefix}.{field}"),
            },
            other => other,
        }
    }
}

//! Domain errors: every refusal names the field it is about, so the UI can show it there.

use crate::status::OrderStatus;

/// Why the domain refused something. `field` is a dotted path such as `lines[2].quantity`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// Bad input in one field.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// An amount that does not fit; never a wrapped or saturated number.
    #[error("{field}: amount out of range")]
    Overflow { field: String },
    /// A workflow step that is not allowed; `allowed` lists the ones that are, or says `none`.
    #[error("cannot change status from {from} to {to}; allowed: {allowed}")]
    InvalidTransition {
        from: OrderStatus,
        to: OrderStatus,
        allowed: String,
    },
}

impl DomainError {
    /// Bad input in `field`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// An amount in `field` out of range.
    pub fn overflow(field: impl Into<String>) -> Self {
        Self::Overflow {
            field: field.into(),
        }
    }

    /// A stable code for the UI and the CLI: `invalid_input`, `overflow` or `invalid_transition`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid { .. } => "invalid_input",
            Self::Overflow { .. } => "overflow",
            Self::InvalidTransition { .. } => "invalid_transition",
        }
    }

    /// The field the error is about; a refused transition is about the whole order.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Invalid { field, .. } | Self::Overflow { field } => Some(field),
            Self::InvalidTransition { .. } => None,
        }
    }

    /// Puts `prefix.` in front of the field: `quantity` becomes `lines[2].quantity`; a field
    /// that already starts with it is left as it is.
    pub fn with_field_prefix(self, prefix: &str) -> Self {
        match self {
            // A field already named in full (`repair_object.kind`) keeps its name.
            Self::Invalid { field, message } if field.starts_with(&format!("{prefix}.")) => {
                Self::Invalid { field, message }
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_fields() {
        let invalid = DomainError::invalid("quantity", "must not be zero");
        assert_eq!(invalid.code(), "invalid_input");
        assert_eq!(invalid.field(), Some("quantity"));
        assert_eq!(invalid.to_string(), "quantity: must not be zero");
        let overflow = DomainError::overflow("total_cents");
        assert_eq!(overflow.code(), "overflow");
        assert_eq!(overflow.to_string(), "total_cents: amount out of range");
        let refused = DomainError::InvalidTransition {
            from: OrderStatus::Collected,
            to: OrderStatus::Intake,
            allowed: "none".to_owned(),
        };
        assert_eq!(refused.code(), "invalid_transition");
        assert_eq!(refused.field(), None);
        assert_eq!(
            refused.to_string(),
            "cannot change status from collected to intake; allowed: none"
        );
    }

    #[test]
    fn prefix_turns_a_field_into_a_path() {
        let err =
            DomainError::invalid("quantity", "must not be zero").with_field_prefix("lines[2]");
        assert_eq!(err.field(), Some("lines[2].quantity"));
        let named = DomainError::invalid("repair_object.kind", "unknown");
        let named = named.with_field_prefix("repair_object");
        assert_eq!(named.field(), Some("repair_object.kind"));
        let err = DomainError::overflow("total_cents").with_field_prefix("lines[0]");
        assert_eq!(err.field(), Some("lines[0].total_cents"));
        // A refused transition is about the order, not a field, so it stays as it is.
        let refused = DomainError::InvalidTransition {
            from: OrderStatus::Done,
            to: OrderStatus::Intake,
            allowed: "collected, in_progress".to_owned(),
        };
        assert_eq!(refused.clone().with_field_prefix("order"), refused);
    }
}

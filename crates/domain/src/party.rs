//! Customers, repair objects and staff: their kinds, roles and text validation. Validation
//! trims, caps lengths and names the field, so the UI can show the message beside it.

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::DomainError;

/// Declares a snake_case enum with `as_str`, loose `FromStr` and the listed aliases.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident, $field:literal, $what:literal { $($variant:ident = $text:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl FromStr for $name {
            type Err = DomainError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let key = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                match key.as_str() {
                    $($text $(| $alias)* => Ok($name::$variant),)+
                    _ => {
                        let all = [$($text),+].join(", ");
                        Err(DomainError::invalid($field, format!("unknown {} '{s}'; expected one of {all}", $what)))
                    }
                }
            }
        }
    };
}

pub(crate) use named_enum;

named_enum!(
    /// What is being repaired.
    ObjectKind, "repair_object.kind", "object kind" {
        Bicycle = "bicycle" | "bike",
        EBike = "e_bike" | "ebike",
        Car = "car",
        Scooter = "scooter",
        Machine = "machine",
        Other = "other",
    }
);

named_enum!(
    /// What an employee may do (enforced in the core from issue 4 on).
    Role, "role", "role" {
        Counter = "counter",
        Mechanic = "mechanic",
        Manager = "manager",
    }
);

/// An employee's roles: each at most once, in the order of [`Role::ALL`]. Stored as the
/// roles' names joined by commas (`counter,mechanic`), which is also how it is written into
/// an audit row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roles(Vec<Role>);

impl Roles {
    pub fn new(roles: impl IntoIterator<Item = Role>) -> Self {
        let given: Vec<Role> = roles.into_iter().collect();
        Self(
            Role::ALL
                .iter()
                .copied()
                .filter(|r| given.contains(r))
                .collect(),
        )
    }

    pub fn has(&self, role: Role) -> bool {
        self.0.contains(&role)
    }

    pub fn as_slice(&self) -> &[Role] {
        &self.0
    }
}

impl std::fmt::Display for Roles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.0.iter().map(|r| r.as_str()).collect();
        f.write_str(&names.join(","))
    }
}

impl FromStr for Roles {
    type Err = DomainError;

    /// Every name must be a role; blanks between commas are passed over.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let names = s.split(',').map(str::trim).filter(|n| !n.is_empty());
        Ok(Self::new(
            names.map(str::parse).collect::<Result<Vec<Role>, _>>()?,
        ))
    }
}

impl Serialize for Roles {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

named_enum!(
    /// How urgent an order is.
    Priority, "priority", "priority" {
        Low = "low",
        Normal = "normal",
        High = "high",
        Urgent = "urgent",
    }
);

// The enum comes from `named_enum!`, which has no per-variant `#[default]`.
#[allow(clippy::derivable_impls)]
impl Default for Priority {
    fn default() -> Self {
        Self::Normal
    }
}

/// Trimmed text that must be present and at most `max` characters.
pub fn required_text(field: &str, value: &str, max: usize) -> Result<String, DomainError> {
    optional_text(field, Some(value), max)?
        .ok_or_else(|| DomainError::invalid(field, "is required"))
}

/// Trimmed text, `None` when blank, at most `max` characters.
pub fn optional_text(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, DomainError> {
    let Some(text) = value.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > max {
        return Err(DomainError::invalid(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(DomainError::invalid(
            field,
            "must not contain control characters",
        ));
    }
    Ok(Some(text.to_owned()))
}

/// An e-mail address, checked and in lower case. Only [`Email::parse`] makes one, so a value
/// of this type has passed the check.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Checks `value` as the field `field`: one `@`, a dotted domain, no spaces, at most 254.
    pub fn parse(field: &str, value: &str) -> Result<Self, DomainError> {
        let text = value.trim().to_lowercase();
        let bad = || DomainError::invalid(field, "is not a valid e-mail address");
        let (local, domain) = text.split_once('@').ok_or_else(bad)?;
        let domain_ok = domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.');
        if local.is_empty()
            || !domain_ok
            || domain.contains('@')
            || text.contains(char::is_whitespace)
            || text.len() > 254
        {
            return Err(bad());
        }
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A phone number as typed: digits and `+ - ( ) / .` and spaces, at least six digits. Only
/// [`Phone::parse`] makes one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    pub fn parse(field: &str, value: &str) -> Result<Self, DomainError> {
        let text = value.trim();
        let allowed = |c: char| c.is_ascii_digit() || " +-()/.".contains(c);
        if !text.chars().all(allowed)
            || text.chars().filter(char::is_ascii_digit).count() < 6
            || text.len() > 40
        {
            return Err(DomainError::invalid(field, "is not a valid phone number"));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form customers are matched and found by ([`phone_match_key`]).
    pub fn match_key(&self) -> String {
        phone_match_key(&self.0)
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// The form of a phone number used to match and find customers: digits only, in the shop
/// country's national form, so `+31 6 1234 5678`, `0031612345678` and `06-12345678` are one
/// number. Other international numbers keep their country code behind `00`. The shop country
/// is the Netherlands until stores get a country setting. Also used on a search text.
pub fn phone_match_key(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let international = phone.trim_start().starts_with('+');
    if international {
        digits
            .strip_prefix("31")
            .map(|rest| format!("0{rest}"))
            .unwrap_or_else(|| format!("00{digits}"))
    } else {
        digits
            .strip_prefix("0031")
            .map(|rest| format!("0{rest}"))
            .unwrap_or(digits)
    }
}

/// A frame or serial number as matched: upper case without spaces and dashes.
pub fn normalize_serial(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn kinds_parse_with_aliases() {
        assert_eq!("e-bike".parse::<ObjectKind>().unwrap(), ObjectKind::EBike);
        assert_eq!("EBike".parse::<ObjectKind>().unwrap(), ObjectKind::EBike);
        assert_eq!(
            "tractor".parse::<ObjectKind>().unwrap_err().field(),
            Some("repair_object.kind")
        );
        assert_eq!("Manager".parse::<Role>().unwrap(), Role::Manager);
        assert_eq!(Priority::default(), Priority::Normal);
        let roles: Roles = "manager, counter,,manager".parse().unwrap();
        assert_eq!(roles.as_slice(), [Role::Counter, Role::Manager]);
        assert_eq!(roles.to_string(), "counter,manager");
        assert!(roles.has(Role::Manager) && !roles.has(Role::Mechanic));
        assert_eq!(
            "counter,boss".parse::<Roles>().unwrap_err().field(),
            Some("role")
        );
        assert_eq!("Urgent".parse::<Priority>().unwrap(), Priority::Urgent);
        assert_eq!(
            "soon".parse::<Priority>().unwrap_err().field(),
            Some("priority")
        );
        assert_eq!("boss".parse::<Role>().unwrap_err().field(), Some("role"));
    }

    #[test]
    fn codes_round_trip() {
        for kind in ObjectKind::ALL {
            assert_eq!(kind.as_str().parse::<ObjectKind>().unwrap(), *kind);
            assert_eq!(
                serde_json::to_string(kind).unwrap(),
                format!("\"{}\"", kind.as_str())
            );
        }
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), *role);
        }
        for priority in Priority::ALL {
            assert_eq!(priority.as_str().parse::<Priority>().unwrap(), *priority);
        }
        assert_eq!(ObjectKind::EBike.as_str(), "e_bike");
        assert_eq!("e_bike".parse::<ObjectKind>().unwrap(), ObjectKind::EBike);
    }

    #[test]
    fn text_rules() {
        assert_eq!(required_text("name", "  Anna ", 10).unwrap(), "Anna");
        assert_eq!(
            required_text("name", "   ", 10).unwrap_err(),
            DomainError::invalid("name", "is required")
        );
        assert_eq!(optional_text("notes", Some(""), 10).unwrap(), None);
        assert_eq!(
            optional_text("notes", Some("x".repeat(11).as_str()), 10)
                .unwrap_err()
                .field(),
            Some("notes")
        );
        assert_eq!(
            optional_text("notes", Some("x".repeat(11).as_str()), 10).unwrap_err(),
            DomainError::invalid("notes", "must be at most 10 characters")
        );
        assert_eq!(optional_text("notes", None, 10).unwrap(), None);
        assert_eq!(
            optional_text("notes", Some(" hi "), 10).unwrap().as_deref(),
            Some("hi")
        );
        // Length counts characters, not bytes.
        assert_eq!(required_text("name", "Zoë", 3).unwrap(), "Zoë");
        assert!(required_text("name", "a\u{0}b", 10).is_err());
        assert_eq!(
            required_text("notes", "line one\nline two", 40).unwrap(),
            "line one\nline two"
        );
    }

    #[test]
    fn contact_rules() {
        assert_eq!(
            Email::parse("email", " Anna@Example.NL ").unwrap().as_str(),
            "anna@example.nl"
        );
        for bad in [
            "anna",
            "anna@",
            "@example.nl",
            "anna@example",
            "an na@example.nl",
            "a@b@c.nl",
        ] {
            assert!(Email::parse("email", bad).is_err(), "{bad}");
        }
        assert_eq!(
            Phone::parse("phone", "+31 6 1234 5678").unwrap().as_str(),
            "+31 6 1234 5678"
        );
        assert!(Phone::parse("phone", "12345").is_err());
        assert!(Phone::parse("phone", "06-1234abcd").is_err());
        assert_eq!(
            Phone::parse("phone", "12345").unwrap_err(),
            DomainError::invalid("phone", "is not a valid phone number")
        );
        assert_eq!(
            Phone::parse("phone", " 020/123.45.67 ").unwrap().as_str(),
            "020/123.45.67"
        );
        assert_eq!(
            Email::parse("email", "x").unwrap_err(),
            DomainError::invalid("email", "is not a valid e-mail address")
        );
        assert_eq!(normalize_serial("gz 123-456"), "GZ123456");
        assert_eq!(normalize_serial(" wBA-12 ab "), "WBA12AB");
    }

    #[test]
    fn dutch_numbers_in_any_notation_are_one_key() {
        for typed in [
            "+31 6 1234 5678",
            "0031612345678",
            "06-12345678",
            "(06) 1234 5678",
        ] {
            let phone = Phone::parse("phone", typed).unwrap();
            assert_eq!(phone.match_key(), "0612345678", "{typed}");
        }
        assert_eq!(phone_match_key("+32 470 12 34 56"), "0032470123456");
        assert_eq!(phone_match_key("030 123 4567"), "0301234567");
    }
}

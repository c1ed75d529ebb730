//! Who is at the keyboard: employees sign in with their name and a PIN, and every guarded use
//! case checks the actor's roles here, in the core, so an action is refused whatever the caller
//! (window, CLI) shows or hides.
//!
//! PINs are stored as Argon2id PHC strings (salted, memory-hard), never in plain text. Five
//! wrong PINs in a row lock the name for a minute, which stretches a four-digit PIN's 10,000
//! guesses at the counter into days.

use crate::error::ErrorCode;
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{DateTime, TimeDelta, Utc};
use jobcard_domain::{Role, Roles};
use jobcard_store::EmployeeRow;
use jobcard_store::sql::parties;
use serde_json::json;

use crate::dto::SignInName;
use crate::guard::Guard;
use crate::journal::{Change, record};
use crate::text::stamp;
use crate::{Actor, App, AppError, Result};

/// Wrong PINs in a row before a name is locked.
const MAX_FAILURES: i64 = 5;
/// How long a locked name stays locked.
const LOCK_FOR: TimeDelta = TimeDelta::minutes(1);

/// A PIN: four to eight digits.
fn check_pin(pin: &str) -> Result<()> {
    if (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(AppError::invalid("pin", "must be 4 to 8 digits"))
    }
}

/// The Argon2id PHC string of a PIN, with a fresh random salt.
pub(crate) fn hash_pin(pin: &str) -> Result<String> {
    check_pin(pin)?;
    Argon2::default()
        .hash_password(pin.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|err| {
            AppError::new(
                ErrorCode::Internal,
                format!("cannot hash the PIN: {err}"),
                None,
            )
        })
}

fn pin_matches(stored: &str, pin: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(pin.as_bytes(), &hash)
            .is_ok()
    })
}

fn refused() -> AppError {
    AppError::new(ErrorCode::Unauthorized, "wrong name or PIN", Some("pin"))
}

impl App {
    /// Signs `name` in with `pin`: the actor whose roles the guarded use cases check.
    pub async fn sign_in(&self, name: &str, pin: &str) -> Result<Actor> {
        let now = self.clock.now();
        let mut tx = self.store.begin_write().await?;
        let employee = parties::employee_by_name(&mut *tx, name.trim())
            .await?
            .filter(|e| e.active)
            .ok_or_else(refused)?;
        let login = parties::employee_login(&mut *tx, &employee.id).await?;
        if let Some(until) = login.locked_until.as_deref().and_then(parse_time)
            && until > now
        {
            return Err(AppError::new(
                ErrorCode::Locked,
                format!(
                    "too many wrong PINs; try again after {}",
                    until.format("%H:%M:%S UTC")
                ),
                Some("pin"),
            ));
        }
        let Some(stored) = login.pin_hash.as_deref() else {
            return Err(AppError::new(
                ErrorCode::Unauthorized,
                format!(
                    "{} has no PIN yet; a manager sets it in the settings",
                    employee.name
                ),
                Some("pin"),
            ));
        };
        if pin_matches(stored, pin) {
            parties::set_login_failures(&mut tx, &employee.id, 0, None).await?;
            tx.commit().await?;
            return Ok(Actor::employee(
                &employee.id,
                &employee.name,
                employee.roles.as_slice().to_vec(),
            ));
        }
        let failures = login.failures + 1;
        let locked = (failures >= MAX_FAILURES).then(|| stamp(now + LOCK_FOR));
        let failures = if locked.is_some() { 0 } else { failures };
        parties::set_login_failures(&mut tx, &employee.id, failures, locked.as_deref()).await?;
        tx.commit().await?;
        Err(refused())
    }

    /// Sets the PIN of employee `employee_id`: a manager may set anyone's, others their own.
    pub async fn set_pin(&self, actor: &Actor, employee_id: &str, pin: &str) -> Result<()> {
        if actor.employee_id.as_deref() != Some(employee_id) {
            actor.require(Guard::SETTINGS)?;
        }
        let hash = hash_pin(pin)?;
        let (mut tx, at) = self.begin_change().await?;
        let employee = parties::employee_by_id(&mut *tx, employee_id)
            .await?
            .ok_or_else(|| {
                AppError::not_found("id", format!("no employee with id '{employee_id}'"))
            })?;
        parties::set_pin_hash(&mut tx, &employee.id, &hash).await?;
        let change = Change {
            entity: "employee",
            entity_id: &employee.id,
            action: "pin_set",
            changes: json!({"name": employee.name}),
        };
        record(&mut tx, &at, actor, change).await?;
        tx.commit().await?;
        Ok(())
    }
}

impl App {
    /// The names the sign-in screen offers: active employees, with whether they have a PIN.
    pub async fn sign_in_names(&self) -> Result<Vec<SignInName>> {
        let mut conn = self.reader().await?;
        let mut names = Vec::new();
        for employee in parties::employees(&mut conn)
            .await?
            .into_iter()
            .filter(|e| e.active)
        {
            let login = parties::employee_login(&mut conn, &employee.id).await?;
            names.push(SignInName {
                roles: employee.roles.as_slice().to_vec(),
                name: employee.name,
                has_pin: login.pin_hash.is_some(),
            });
        }
        Ok(names)
    }

    /// A new workshop has nobody to sign in as: this adds its first manager with a PIN. It is
    /// refused as soon as any employee has a PIN, so it cannot be used to get round sign-in.
    pub async fn set_first_manager(&self, name: &str, pin: &str) -> Result<Actor> {
        let hash = hash_pin(pin)?;
        let name = jobcard_domain::required_text("name", name, 80)?;
        let (mut tx, at) = self.begin_change().await?;
        for employee in parties::employees(&mut *tx).await? {
            if parties::employee_login(&mut *tx, &employee.id)
                .await?
                .pin_hash
                .is_some()
            {
                return Err(AppError::new(
                    ErrorCode::Forbidden,
                    "this workshop already has employees with a PIN; sign in as a manager",
                    None,
                ));
            }
        }
        let row = match parties::employee_by_name(&mut *tx, &name).await? {
            Some(existing) => {
                let row = EmployeeRow {
                    roles: Roles::new(Role::ALL.iter().copied()),
                    active: true,
                    ..existing
                };
                parties::update_employee(&mut tx, &row).await?;
                row
            }
            None => {
                let row = EmployeeRow {
                    id: crate::text::new_id(self.clock.now()),
                    name,
                    roles: Roles::new(Role::ALL.iter().copied()),
                    active: true,
                    created_at: at.clone(),
                };
                parties::insert_employee(&mut tx, &row).await?;
                row
            }
        };
        parties::set_pin_hash(&mut tx, &row.id, &hash).await?;
        let actor = Actor::employee(&row.id, &row.name, row.roles.as_slice().to_vec());
        let change = Change {
            entity: "employee",
            entity_id: &row.id,
            action: "first_manager",
            changes: json!({"name": row.name}),
        };
        record(&mut tx, &at, &actor, change).await?;
        tx.commit().await?;
        Ok(actor)
    }
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.to_utc())
}

#[cfg(test)]
mod tests {
    use jobcard_domain::Role;

    use super::*;

    #[test]
    fn pins_are_salted_hashes_that_verify() {
        let one = hash_pin("2468").unwrap_or_default();
        let two = hash_pin("2468").unwrap_or_default();
        assert!(one.starts_with("$argon2id$"), "{one}");
        assert_ne!(one, two, "a fresh salt each time");
        assert!(!one.contains("2468"));
        assert!(pin_matches(&one, "2468"));
        assert!(!pin_matches(&one, "2469"));
        assert!(!pin_matches("not a hash", "2468"));
    }

    #[test]
    fn a_pin_is_four_to_eight_digits() {
        for bad in ["", "123", "123456789", "12a4", " 1234"] {
            assert!(hash_pin(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_refusal_names_the_role_and_the_action() {
        let mechanic = Actor::employee("e1", "Joris", vec![Role::Mechanic]);
        let err = mechanic.require(Guard::SETTINGS).err().map(|e| e.message);
        assert_eq!(
            err.as_deref(),
            Some("not allowed for role mechanic: changing settings")
        );
        assert!(mechanic.require(Guard::WORK).is_ok());
        assert!(Actor::new("CLI").require(Guard::DELETE).is_ok());
    }
}

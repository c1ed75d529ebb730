//! Employees and their roles. An employee is never deleted, only retired, because orders and
//! the audit history name them; the last active manager cannot be retired or demoted, so the
//! shop can always reach its settings (issue 4 signs people in by these roles).

use jobcard_domain::{Role, Roles, required_text};
use jobcard_store::EmployeeRow;
use jobcard_store::sql::parties;
use serde_json::json;

use crate::dto::{EmployeeInput, EmployeeView};
use crate::guard::Guard;
use crate::journal::{Change, record};
use crate::text::new_id;
use crate::{Actor, App, AppError, Result};

pub(super) fn employee_view(row: &EmployeeRow) -> EmployeeView {
    EmployeeView {
        id: row.id.clone(),
        name: row.name.clone(),
        roles: row.roles.as_slice().to_vec(),
        active: row.active,
    }
}

fn is_active_manager(row: &EmployeeRow) -> bool {
    row.active && row.roles.has(Role::Manager)
}

/// The roles in their canonical order, each once; at least one.
fn roles(input: &[String]) -> Result<Roles> {
    let mut roles = Vec::new();
    for (i, text) in input.iter().enumerate() {
        let role: Role = text.parse().map_err(|e: jobcard_domain::DomainError| {
            AppError::invalid(&format!("roles[{i}]"), AppError::from(e).message)
        })?;
        roles.push(role);
    }
    if roles.is_empty() {
        return Err(AppError::invalid(
            "roles",
            "needs at least one of counter, mechanic, manager",
        ));
    }
    Ok(Roles::new(roles))
}

impl App {
    /// Adds an employee, or changes the one `input.id` names.
    pub async fn save_employee(
        &self,
        actor: &Actor,
        input: &EmployeeInput,
    ) -> Result<EmployeeView> {
        actor.require(Guard::SETTINGS)?;
        let name = required_text("name", &input.name, 80)?;
        let roles = roles(&input.roles)?;
        let active = input.active.unwrap_or(true);
        let (mut tx, at) = self.begin_change().await?;
        if let Some(other) = parties::employee_by_name(&mut *tx, &name).await?
            && Some(other.id.as_str()) != input.id.as_deref()
        {
            return Err(AppError::invalid(
                "name",
                format!("an employee named '{}' already exists", other.name),
            ));
        }
        let (row, action) = match input.id.as_deref() {
            Some(id) => {
                let old = parties::employee_by_id(&mut *tx, id)
                    .await?
                    .ok_or_else(|| {
                        AppError::not_found("id", format!("no employee with id '{id}'"))
                    })?;
                let row = EmployeeRow {
                    name,
                    roles,
                    active,
                    ..old.clone()
                };
                if is_active_manager(&old) && !is_active_manager(&row) {
                    let managers = parties::employees(&mut *tx)
                        .await?
                        .iter()
                        .filter(|e| is_active_manager(e))
                        .count();
                    if managers <= 1 {
                        return Err(AppError::invalid(
                            if row.active { "roles" } else { "active" },
                            format!(
                                "{} is the last active manager; make someone else manager first",
                                old.name
                            ),
                        ));
                    }
                }
                parties::update_employee(&mut tx, &row).await?;
                (row, "updated")
            }
            None => {
                let row = EmployeeRow {
                    id: new_id(self.clock.now()),
                    name,
                    roles,
                    active,
                    created_at: at.clone(),
                };
                parties::insert_employee(&mut tx, &row).await?;
                (row, "created")
            }
        };
        let change = Change {
            entity: "employee",
            entity_id: &row.id,
            action,
            changes: json!({"name": row.name, "roles": row.roles, "active": row.active}),
        };
        record(&mut tx, &at, actor, change).await?;
        tx.commit().await?;
        Ok(employee_view(&row))
    }
}

//! Who may do what. Every guarded use case calls `actor.require(Guard::X)` first, here in the
//! core, so an action is refused whatever the caller (window, CLI) shows or hides; and the
//! session lists the actor's permissions (`Actor::may`) so the window offers only those. A
//! lower layer: the use cases call it; signing in (who the actor is) is `auth`.

use crate::error::ErrorCode;
use jobcard_domain::Role;

use crate::dto::Permission;
use crate::{Actor, AppError, Result};

/// What a guarded use case allows: the roles, and the action's name for the refusal.
#[derive(Debug, Clone, Copy)]
pub struct Guard {
    /// The action's name the window knows it by (`SessionView::may`).
    pub permission: Permission,
    pub roles: &'static [Role],
    /// Said in the refusal: "not allowed for role mechanic: changing settings".
    pub action: &'static str,
}

impl Guard {
    pub const SETTINGS: Guard = Guard {
        permission: Permission::Settings,
        roles: &[Role::Manager],
        action: "changing settings",
    };
    pub const INTAKE: Guard = Guard {
        permission: Permission::Intake,
        roles: &[Role::Counter, Role::Manager],
        action: "taking in orders",
    };
    pub const PRICES: Guard = Guard {
        permission: Permission::Prices,
        roles: &[Role::Counter, Role::Manager],
        action: "changing prices, discounts or lines",
    };
    pub const DELETE: Guard = Guard {
        permission: Permission::Delete,
        roles: &[Role::Manager],
        action: "deleting orders",
    };
    pub const BACKUPS: Guard = Guard {
        permission: Permission::Backups,
        roles: &[Role::Manager],
        action: "backups and restores",
    };
    pub const REPORTS: Guard = Guard {
        permission: Permission::Reports,
        roles: &[Role::Counter, Role::Manager],
        action: "reports",
    };
    pub const WORK: Guard = Guard {
        permission: Permission::Work,
        roles: &[Role::Mechanic, Role::Manager],
        action: "working on orders",
    };
    pub const SYNC: Guard = Guard {
        permission: Permission::Sync,
        roles: &[Role::Counter, Role::Manager],
        action: "running sync, retrying or skipping",
    };
    pub const HEADER: Guard = Guard {
        permission: Permission::Header,
        roles: &[Role::Counter, Role::Manager],
        action: "changing an order's customer, bike, job text or dates",
    };
    pub const RECORDS: Guard = Guard {
        permission: Permission::Records,
        roles: &[Role::Counter, Role::Manager],
        action: "changing customers and their bikes",
    };
    /// Copying the shop into a shared database (`migrate-to`).
    pub const MIGRATE: Guard = Guard {
        permission: Permission::Migrate,
        roles: &[Role::Manager],
        action: "moving the shop to a shared database",
    };
    pub const STATUS: Guard = Guard {
        permission: Permission::Status,
        roles: &[Role::Counter, Role::Manager],
        action: "moving an order to this status",
    };
}

impl Guard {
    /// Every guard, so the session can say what its employee may do.
    pub const ALL: &[Guard] = &[
        Guard::SETTINGS,
        Guard::INTAKE,
        Guard::PRICES,
        Guard::DELETE,
        Guard::BACKUPS,
        Guard::REPORTS,
        Guard::WORK,
        Guard::SYNC,
        Guard::HEADER,
        Guard::RECORDS,
        Guard::MIGRATE,
        Guard::STATUS,
    ];
}

impl Actor {
    /// What the actor may do: the permission of every guard that lets it through.
    pub fn may(&self) -> Vec<Permission> {
        Guard::ALL
            .iter()
            .filter(|guard| self.require(**guard).is_ok())
            .map(|guard| guard.permission)
            .collect()
    }

    /// Refuses the action unless the actor has one of the guard's roles.
    pub fn require(&self, guard: Guard) -> Result<()> {
        let Some(roles) = self.roles() else {
            return Ok(());
        };
        if roles.iter().any(|r| guard.roles.contains(r)) {
            return Ok(());
        }
        let mine = roles
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        Err(AppError::new(
            ErrorCode::Forbidden,
            format!("not allowed for role {mine}: {}", guard.action),
            None,
        ))
    }

    /// Whether the actor has `role` (the machine's owner has every role).
    pub fn has(&self, role: Role) -> bool {
        self.roles().is_none_or(|roles| roles.contains(&role))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Adding a permission does not compile here until it is numbered, and then fails until
    /// `Guard::ALL` has its guard, so the session never leaves out an action.
    fn numbered(permission: Permission) -> usize {
        match permission {
            Permission::Settings => 0,
            Permission::Intake => 1,
            Permission::Prices => 2,
            Permission::Delete => 3,
            Permission::Backups => 4,
            Permission::Reports => 5,
            Permission::Work => 6,
            Permission::Sync => 7,
            Permission::Header => 8,
            Permission::Records => 9,
            Permission::Migrate => 10,
            Permission::Status => 11,
        }
    }

    #[test]
    fn every_permission_has_exactly_one_guard() {
        let mut guards = [0; 12];
        for guard in Guard::ALL {
            if let Some(count) = guards.get_mut(numbered(guard.permission)) {
                *count += 1;
            }
        }
        assert_eq!(guards, [1; 12]);
    }

    #[test]
    fn the_session_says_what_each_role_may_do() {
        let mechanic = Actor::employee("e1", "Joris", vec![Role::Mechanic]);
        assert_eq!(mechanic.may(), vec![Permission::Work]);
        let counter = Actor::employee("e2", "Sanne", vec![Role::Counter]);
        let may = counter.may();
        assert!(may.contains(&Permission::Intake) && may.contains(&Permission::Sync));
        assert!(!may.contains(&Permission::Settings) && !may.contains(&Permission::Work));
        assert_eq!(Actor::new("CLI").may().len(), Guard::ALL.len());
    }
}

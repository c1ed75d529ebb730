//! Who is signed in at this window. The core decides what each role may do; the shell only
//! remembers which actor the core signed in, and forgets it after ten idle minutes, so a
//! walked-away-from workbench PC does not stay signed in. The webview never sends a name or
//! roles with a command: it cannot claim to be someone else.

use jobcard_app::ErrorCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use jobcard_app::dto::SessionView;
use jobcard_app::{Actor, AppError};

/// Idle time after which the window must sign in again (the UI returns to sign-in sooner).
pub const IDLE: Duration = Duration::from_secs(10 * 60);

#[derive(Default)]
pub struct Session(Mutex<Option<(Actor, Instant)>>);

impl Session {
    pub fn set(&self, actor: Actor) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some((actor, Instant::now()));
        }
    }

    pub fn clear(&self) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = None;
        }
    }

    /// The signed-in actor, or `not_signed_in` (also after `IDLE`); each call counts as activity.
    pub fn actor(&self) -> Result<Actor, AppError> {
        let mut slot = self.0.lock().map_err(|_| {
            AppError::new(ErrorCode::Internal, "the session lock is poisoned", None)
        })?;
        match slot.as_mut() {
            Some((actor, seen)) if seen.elapsed() < IDLE => {
                *seen = Instant::now();
                Ok(actor.clone())
            }
            _ => {
                *slot = None;
                Err(AppError::new(ErrorCode::NotSignedIn, "sign in first", None))
            }
        }
    }

    pub fn view(&self) -> Option<SessionView> {
        self.actor().ok().map(|a| view_of(&a))
    }
}

pub fn view_of(actor: &Actor) -> SessionView {
    SessionView {
        name: actor.name.clone(),
        roles: actor.roles().unwrap_or_default().to_vec(),
        may: actor.may(),
    }
}

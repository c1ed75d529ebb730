//! The half-typed New order form, kept per signed-in employee so an intake survives the idle
//! sign-out, a switch of user and a restart of the app.
//!
//! A draft is the employee's own working state, not business data: saving or discarding one
//! writes no audit row and no outbox row (nothing to sync, nobody else's history). The form is
//! the UI's JSON, stored as text and never read by the core beyond checking that it is a JSON
//! object of a sane size. Saving the order discards the draft in the order's own transaction
//! (see `App::create_order`).

use crate::error::ErrorCode;
use jobcard_store::Conn;
use jobcard_store::DraftRow;
use jobcard_store::sql::drafts;

use crate::dto::DraftView;
use crate::guard::Guard;
use crate::text::stamp;
use crate::{Actor, App, AppError, Result};

/// The largest form kept: far above any real intake (a hundred lines is about 20 KiB).
pub const MAX_DRAFT_BYTES: usize = 256 * 1024;

impl App {
    /// Keeps `form` (the UI's JSON) as the signed-in employee's draft, replacing the last one.
    pub async fn save_draft(&self, actor: &Actor, form: &str) -> Result<DraftView> {
        actor.require(Guard::INTAKE)?;
        let employee = employee_of(actor)?;
        check_form(form)?;
        let row = DraftRow {
            employee_id: employee.to_owned(),
            form: form.to_owned(),
            updated_at: stamp(self.clock.now()),
        };
        let mut tx = self.store.begin_write().await?;
        drafts::upsert(&mut tx, &row).await?;
        tx.commit().await?;
        Ok(view(row))
    }

    /// The signed-in employee's draft, if they left one.
    pub async fn draft(&self, actor: &Actor) -> Result<Option<DraftView>> {
        let employee = employee_of(actor)?;
        let mut conn = self.reader().await?;
        Ok(drafts::of(&mut conn, employee).await?.map(view))
    }

    /// Forgets the signed-in employee's draft (nothing happens when there is none).
    pub async fn discard_draft(&self, actor: &Actor) -> Result<()> {
        let employee = employee_of(actor)?;
        let mut tx = self.store.begin_write().await?;
        drafts::delete(&mut tx, employee).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Inside the order's transaction: the employee who saved an order has no unfinished intake
/// left. The machine's owner (CLI, imports) keeps no drafts.
pub(crate) async fn discard_in(tx: &mut Conn, actor: &Actor) -> Result<()> {
    if let Some(employee) = actor.employee_id.as_deref() {
        drafts::delete(tx, employee).await?;
    }
    Ok(())
}

/// Drafts belong to a signed-in employee; the machine's owner has no form to keep.
fn employee_of(actor: &Actor) -> Result<&str> {
    actor.employee_id.as_deref().ok_or_else(|| {
        AppError::new(
            ErrorCode::NotSignedIn,
            "drafts are kept per signed-in employee; sign in first",
            None,
        )
    })
}

fn check_form(form: &str) -> Result<()> {
    if form.len() > MAX_DRAFT_BYTES {
        return Err(AppError::invalid(
            "form",
            format!(
                "the draft is {} KiB; at most {} KiB is kept",
                form.len().div_ceil(1024),
                MAX_DRAFT_BYTES / 1024
            ),
        ));
    }
    match serde_json::from_str::<serde_json::Value>(form) {
        Ok(serde_json::Value::Object(_)) => Ok(()),
        _ => Err(AppError::invalid("form", "is not a JSON object")),
    }
}

fn view(row: DraftRow) -> DraftView {
    DraftView {
        form: row.form,
        updated_at: row.updated_at,
    }
}

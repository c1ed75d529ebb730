//! An order's move from one status to another, as every use case that moves one makes it:
//! the workflow allows the step, a waiting status says what it waits for, and the change
//! leaves its audit and outbox rows in the same transaction. Also the rule that flags a
//! promise at risk. A lower layer: the counter's status buttons, planning, work at the bench
//! and the demo all go through here.

use jobcard_domain::{OrderStatus, optional_text};
use jobcard_store::sql::{journal, orders};
use jobcard_store::{Conn, Queued};
use serde_json::json;

use crate::{Actor, AppError, Result};

/// Whether an open order will miss (or has missed) its promised date: the date is before
/// `today`, or the planned finish falls after it. Dates compare as `YYYY-MM-DD` text; the
/// finish is a UTC instant, whose date is close enough to the shop's for a warning.
pub(crate) fn promise_at_risk(
    promised: Option<&str>,
    finish: Option<&str>,
    status: OrderStatus,
    today: chrono::NaiveDate,
) -> bool {
    let Some(promised) = promised else {
        return false;
    };
    if !status.is_open() {
        return false;
    }
    let overdue = promised < today.to_string().as_str();
    let late_finish = finish
        .and_then(|f| f.get(..10))
        .is_some_and(|finish_day| finish_day > promised);
    overdue || late_finish
}

/// The reason an order waits: required for a waiting status, none otherwise.
fn waiting_reason(to: OrderStatus, reason: Option<&str>) -> Result<Option<String>> {
    let reason = optional_text("reason", reason, 200)?;
    match reason {
        None if to.is_waiting() => Err(AppError::invalid(
            "reason",
            "is required when an order waits (which part, or what the customer must decide)",
        )),
        reason => Ok(reason.filter(|_| to.is_waiting())),
    }
}

/// Moves order `number` to `to` inside `tx`, with its waiting reason, audit and outbox rows.
pub(crate) async fn change_status_in(
    tx: &mut Conn,
    actor: &Actor,
    number: &str,
    to: OrderStatus,
    reason: Option<&str>,
    at: &str,
) -> Result<()> {
    let row = crate::shop::order(&mut *tx, number).await?;
    let from = row.status;
    from.transition(to)?;
    let reason = waiting_reason(to, reason)?;
    orders::update_status(tx, row.pk, from.as_str(), to.as_str(), at, &actor.name).await?;
    orders::set_waiting_reason(tx, row.pk, reason.as_deref()).await?;
    let changes = json!({"from": from.as_str(), "to": to.as_str(), "reason": reason});
    let audit = crate::journal::audit(at, actor, ("order", &row.id), "status_changed", changes);
    let queued = Queued {
        operation: "updated",
        payload: json!({"number": row.number, "status": to.as_str()}),
    };
    journal::write(tx, &audit, Some(&queued)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> chrono::NaiveDate {
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn a_promise_is_at_risk_when_overdue_or_planned_to_finish_later() {
        let today = day("2026-11-24");
        let open = OrderStatus::Scheduled;
        assert!(
            promise_at_risk(Some("2026-11-23"), None, open, today),
            "overdue"
        );
        assert!(
            !promise_at_risk(Some("2026-11-24"), None, open, today),
            "due today is not late"
        );
        assert!(promise_at_risk(
            Some("2026-11-25"),
            Some("2026-11-26T08:00:00.000Z"),
            open,
            today
        ));
        assert!(!promise_at_risk(
            Some("2026-11-25"),
            Some("2026-11-25T15:00:00.000Z"),
            open,
            today
        ));
        assert!(
            !promise_at_risk(Some("2026-11-01"), None, OrderStatus::Done, today),
            "done is done"
        );
        assert!(!promise_at_risk(
            None,
            Some("2026-12-01T08:00:00.000Z"),
            open,
            today
        ));
    }
}

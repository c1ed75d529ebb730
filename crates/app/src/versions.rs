//! Two people, one order (issue 14): a save made on what a seat saw when it opened the order
//! is refused when another seat (or the sync) changed the order since.
//!
//! Every change of an order moves its version on in the change's own transaction (the
//! order's audit row does it, `jobcard_store::versions`). The window sends the version of the
//! `OrderView` it shows with the lines, the status, the plan and the header it saves; the use
//! case starts with [`crate::App::begin_order_change`], which holds the order's row for the
//! rest of the transaction only if it still has that version. So two seats saving at the same
//! instant cannot both pass: the second waits for the first and then finds the version
//! moved on. A refusal names who changed the order and when, and nothing of it is saved.
//! The CLI and the imports send no version: their saves are not guarded (as before).

use crate::error::ErrorCode;
use chrono::{DateTime, Utc};
use jobcard_store::sql::{parties, versions};
use jobcard_store::{Conn, OrderRow, WriteTx};

use crate::dto::OrderView;
use crate::error::ErrorDetail;
use crate::shop::current_store;
use crate::text::stamp;
use crate::{AppError, Result};

impl crate::App {
    /// The start of a change of the shop's records: its transaction and its instant (stamped),
    /// the one time every row, audit entry and id of the change carries.
    pub(crate) async fn begin_change(&self) -> Result<(WriteTx, String)> {
        let at = stamp(self.clock.now());
        Ok((self.store.begin_change().await?, at))
    }

    /// The start of every change of the order a person named (`typed`): the change's
    /// transaction, the order's row read in it, and the change's instant (stamped). With the
    /// seat's version in `expected`, the row is held for the transaction only if it still has
    /// that version; else the save is refused with `order_changed`, naming who changed it.
    pub(crate) async fn begin_order_change(
        &self,
        typed: &str,
        expected: Option<i64>,
    ) -> Result<(WriteTx, OrderRow, String)> {
        let number = crate::shop::order_number(typed)?;
        let now = self.clock.now();
        let mut tx = self.store.begin_change().await?;
        let row = crate::shop::order(&mut *tx, &number).await?;
        if let Some(expected) = expected
            && !versions::hold(&mut tx, row.pk, expected).await?
        {
            return Err(changed_since(&mut tx, &row, now).await?);
        }
        Ok((tx, row, stamp(now)))
    }
}

/// Commits an order's change and returns the order as it is now.
pub(crate) async fn commit_order_view(mut tx: WriteTx, number: &str) -> Result<OrderView> {
    let row = crate::shop::order(&mut *tx, number).await?;
    let view = crate::views::order_view(&mut tx, &row).await?;
    tx.commit().await?;
    Ok(view)
}

/// The refusal of a save on an order that moved on: who changed it last, and when, in the
/// shop's time (the time alone when it was today).
async fn changed_since(tx: &mut Conn, row: &OrderRow, now: DateTime<Utc>) -> Result<AppError> {
    let last = versions::last_change(&mut *tx, &row.id).await?;
    let (by, at) = match last {
        Some(change) => (change.actor, change.at),
        None => (row.updated_by.clone(), row.updated_at.clone()),
    };
    let store = match parties::store_by_id(&mut *tx, &row.store_id).await? {
        Some(store) => store,
        None => current_store(tx).await?,
    };
    let when = shop_time(&at, now, store.zone());
    let number = &row.number;
    let detail = ErrorDetail::new(
        "order_changed",
        format!(
            "Order {number} was changed by {by} at {when} since you opened it; reload it to see the change"
        ),
    )
    .with("number", number)
    .with("by", &by)
    .with("when", &when)
    .with("at", &at);
    let mut refusal = AppError::new(ErrorCode::OrderChanged, detail.message.clone(), None);
    refusal.details.push(detail);
    Ok(refusal)
}

/// `10:42` for a moment earlier today in the shop's zone, `2026-11-23 10:42` for another day;
/// a stored time that does not read is shown as it is.
fn shop_time(at: &str, now: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
    let Ok(moment) = DateTime::parse_from_rfc3339(at) else {
        return at.to_owned();
    };
    let local = moment.with_timezone(&zone);
    if local.date_naive() == now.with_timezone(&zone).date_naive() {
        local.format("%H:%M").to_string()
    } else {
        local.format("%Y-%m-%d %H:%M").to_string()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Amsterdam;

    #[test]
    fn a_change_today_reads_as_a_time_and_an_older_one_with_its_day() {
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap();
        assert_eq!(
            shop_time("2026-11-24T09:42:00.000Z", now, Amsterdam),
            "10:42"
        );
        assert_eq!(
            shop_time("2026-11-23T09:42:00.000Z", now, Amsterdam),
            "2026-11-23 10:42"
        );
        assert_eq!(shop_time("yesterday", now, Amsterdam), "yesterday");
    }
}

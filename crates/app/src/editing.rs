//! Changing an order's lines after intake: add, change and remove lines, with discounts and
//! bill-to customers. The whole set of lines is sent and re-priced at the order's own date (so
//! the VAT rate of the day it was taken in still applies), in one transaction with an audit
//! row that records the totals before and after, and an outbox row.

use jobcard_store::sql::{orders, parties};
use serde_json::json;

use crate::dto::{LineInput, OrderView};
use crate::guard::Guard;
use crate::journal::record_order_change;
use crate::pricing::{price_lines, stored_date};
use crate::text::new_id;
use crate::versions::commit_order_view;
use crate::{Actor, App, AppError, Result};

impl App {
    /// Replaces the lines of order `number` with `lines`; without `expected_version`, whatever
    /// changed since it was read.
    ///
    /// With `expected_version`, on the order as a seat saw it: refused with `order_changed`
    /// when the order is no longer at `expected_version` (see `versions.rs`).
    pub async fn replace_lines(
        &self,
        actor: &Actor,
        number: &str,
        lines: &[LineInput],
        expected_version: Option<i64>,
    ) -> Result<OrderView> {
        actor.require(Guard::PRICES)?;
        let (mut tx, row, at) = self.begin_order_change(number, expected_version).await?;
        crate::shop::refuse_closed(&row)?;
        for (i, line) in lines.iter().enumerate() {
            if let Some(id) = line.bill_to_customer_id.as_deref()
                && parties::customer_by_id(&mut *tx, id).await?.is_none()
            {
                return Err(AppError::invalid(
                    &format!("lines[{i}].bill_to_customer_id"),
                    format!("no customer with id '{id}'"),
                ));
            }
        }
        let order_date = stored_date(&row.order_date)?;
        let priced = price_lines(&mut tx, order_date, lines).await?;
        let (totals, minutes) = (priced.totals, priced.work_minutes);
        let rows: Vec<_> = priced
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| l.to_row(new_id(self.clock.now()), row.pk, i as i64 + 1))
            .collect();
        let figures = (totals.total.get(), totals.vat.get(), minutes);
        orders::replace_lines(&mut tx, row.pk, &rows, figures, &at, &actor.name).await?;
        let changes = json!({
            "total_before": row.total_cents,
            "total_after": totals.total.get(),
            "lines": rows.len(),
        });
        record_order_change(&mut tx, &at, actor, &row, "lines_changed", changes).await?;
        commit_order_view(tx, &row.number).await
    }
}

//! Changing an order's lines after intake: add, change and remove lines, with discounts and
//! bill-to customers. The whole set of lines is sent and re-priced at the order's own date (so
//! the VAT rate of the day it was taken in still applies), in one transaction with an audit
//! row that records the totals before and after, and an outbox row.

use crate::error::ErrorCode;
use chrono::NaiveDate;
use jobcard_domain::OrderStatus;
use jobcard_store::sql::{journal, orders, parties};
use jobcard_store::{NewAudit, Queued};
use serde_json::json;

use crate::dto::{LineInput, OrderView};
use crate::guard::Guard;
use crate::pricing::{price_lines, vat_table};
use crate::text::{new_id, stamp};
use crate::versions::guard;
use crate::views::{order_view, totals_of};
use crate::{Actor, App, AppError, Result};

impl App {
    /// Replaces the lines of order `number` with `lines`, whatever changed since it was read.
    pub async fn replace_lines(
        &self,
        actor: &Actor,
        number: &str,
        lines: &[LineInput],
    ) -> Result<OrderView> {
        self.replace_lines_seen(actor, number, lines, None).await
    }

    /// [`App::replace_lines`] on the order as a seat saw it: refused with `order_changed`
    /// when the order is no longer at `expected_version` (see `versions.rs`).
    pub async fn replace_lines_seen(
        &self,
        actor: &Actor,
        number: &str,
        lines: &[LineInput],
        expected_version: Option<i64>,
    ) -> Result<OrderView> {
        actor.require(Guard::PRICES)?;
        let number = number
            .trim()
            .parse::<jobcard_domain::OrderNumber>()?
            .to_string();
        let at = stamp(self.clock.now());
        let mut tx = self.store.begin_change().await?;
        let row = crate::shop::order(&mut *tx, &number).await?;
        guard(&mut tx, &row, expected_version, self.clock.now()).await?;
        let status = row.status;
        if matches!(status, OrderStatus::Collected | OrderStatus::Cancelled) {
            return Err(AppError::new(
                ErrorCode::InvalidTransition,
                format!(
                    "order {number} is {}; reopen it before changing its lines",
                    status.as_str()
                ),
                Some("status"),
            ));
        }
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
        let order_date = NaiveDate::parse_from_str(&row.order_date, "%Y-%m-%d").map_err(|_| {
            AppError::new(
                ErrorCode::Storage,
                format!("bad order date '{}'", row.order_date),
                None,
            )
        })?;
        let vat = vat_table(&mut tx).await?;
        let priced = price_lines(&mut tx, &vat, order_date, lines).await?;
        let views = crate::pricing::line_views(&priced);
        let totals = totals_of(&views)?;
        let minutes = priced
            .iter()
            .try_fold(0i64, |sum, l| sum.checked_add(l.work_minutes))
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::Overflow,
                    "work minutes out of range",
                    Some("lines"),
                )
            })?;
        let rows: Vec<_> = priced
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
        let audit = NewAudit {
            at: &at,
            actor: &actor.name,
            entity: "order",
            entity_id: &row.id,
            action: "lines_changed",
            changes,
        };
        let queued = Queued {
            operation: "updated",
            payload: json!({"number": row.number}),
        };
        journal::write(&mut tx, &audit, Some(&queued)).await?;
        let updated = crate::shop::order(&mut *tx, &number).await?;
        let view = order_view(&mut tx, &updated).await?;
        tx.commit().await?;
        Ok(view)
    }
}

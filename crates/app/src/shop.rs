//! The shop a database holds, as every use case reads it: its stores, today's date in the
//! shop's time zone (the date whose VAT rates apply), and its own words (status labels, the
//! document footer). A lower layer: use cases call it and it calls none of them; the settings
//! screens change the words (`settings::labels`).

use crate::error::ErrorCode;
use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use jobcard_domain::{Lang, OrderNumber, OrderStatus};
use jobcard_store::sql::{orders, parties, settings};
use jobcard_store::{Conn, CustomerRow, EmployeeRow, Exec, OrderRow, RepairObjectRow, StoreRow};
use serde::{Deserialize, Serialize};

use crate::dto::StatusLabelView;
use crate::{AppError, Result};

/// An order number as a person typed it, in its one written form: `wo-2026-1` finds
/// `WO-2026-00001`.
pub(crate) fn order_number(typed: &str) -> Result<String> {
    Ok(typed.trim().parse::<OrderNumber>()?.to_string())
}

/// The order a person named by its number; `not_found` on the field `number` when there is
/// none (or it was deleted).
pub(crate) async fn order<'c>(db: impl Exec<'c>, number: &str) -> Result<OrderRow> {
    orders::by_number(db, number)
        .await?
        .ok_or_else(|| AppError::not_found("number", format!("no order {number}")))
}

/// The customer a person named by id; `not_found` on `field` when there is none.
pub(crate) async fn customer<'c>(db: impl Exec<'c>, field: &str, id: &str) -> Result<CustomerRow> {
    parties::customer_by_id(db, id)
        .await?
        .ok_or_else(|| AppError::not_found(field, format!("no customer with id '{id}'")))
}

/// The bike or other object a person named by id; `not_found` on `field` when there is none.
pub(crate) async fn repair_object<'c>(
    db: impl Exec<'c>,
    field: &str,
    id: &str,
) -> Result<RepairObjectRow> {
    parties::repair_object_by_id(db, id)
        .await?
        .ok_or_else(|| AppError::not_found(field, format!("no repair object with id '{id}'")))
}

/// The employee a person named (trimmed), refused by `field` when there is none.
pub(crate) async fn employee_named<'c>(
    db: impl Exec<'c>,
    field: &str,
    name: &str,
) -> Result<EmployeeRow> {
    parties::employee_by_name(db, name.trim())
        .await?
        .ok_or_else(|| AppError::invalid(field, format!("no employee named '{name}'")))
}

/// A collected or cancelled order is history: its lines and its header change only after it
/// is reopened.
pub(crate) fn refuse_closed(row: &OrderRow) -> Result<()> {
    if !matches!(row.status, OrderStatus::Collected | OrderStatus::Cancelled) {
        return Ok(());
    }
    let (number, status) = (&row.number, row.status.as_str());
    Err(AppError::new(
        ErrorCode::InvalidTransition,
        format!("order {number} is {status}; reopen it before changing it"),
        Some("status"),
    ))
}

pub(crate) const LABELS_KEY: &str = "status_labels";
pub(crate) const FOOTER_KEY: &str = "document_footer";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct OwnLabel {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) nl: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) en: Option<String>,
}

pub(crate) async fn own_labels(conn: &mut Conn) -> Result<BTreeMap<String, OwnLabel>> {
    let Some(text) = settings::get(&mut *conn, LABELS_KEY).await? else {
        return Ok(BTreeMap::new());
    };
    serde_json::from_str(&text)
        .map_err(|err| AppError::storage(format!("bad status labels setting: {err}")))
}

/// The footer printed on documents; empty when the shop set none.
pub(crate) async fn document_footer(conn: &mut Conn) -> Result<String> {
    Ok(settings::get(&mut *conn, FOOTER_KEY)
        .await?
        .unwrap_or_default())
}

/// Shop-local date of `now` in the store's time zone: the date whose VAT rates apply.
pub(crate) fn shop_date(store: &StoreRow, now: DateTime<Utc>) -> NaiveDate {
    let tz = store.zone();
    now.with_timezone(&tz).date_naive()
}

/// The default store, which every database has from its first migration.
pub(crate) async fn current_store<'c>(db: impl Exec<'c>) -> Result<StoreRow> {
    parties::default_store(db)
        .await?
        .ok_or_else(|| AppError::storage("no store is set up in this database"))
}

/// The store an order is booked on: the one `choice` names (by id or name), or the default.
pub(crate) async fn order_store(conn: &mut Conn, choice: Option<&str>) -> Result<StoreRow> {
    let Some(choice) = choice.map(str::trim).filter(|c| !c.is_empty()) else {
        return current_store(conn).await;
    };
    if let Some(store) = parties::store_by_id(&mut *conn, choice).await? {
        return Ok(store);
    }
    parties::store_by_name(&mut *conn, choice)
        .await?
        .ok_or_else(|| AppError::invalid("store", format!("no store named '{choice}'")))
}

/// Every status with the label the shop shows in each language.
pub(crate) async fn status_labels(conn: &mut Conn) -> Result<Vec<StatusLabelView>> {
    let own = own_labels(conn).await?;
    Ok(OrderStatus::ALL
        .iter()
        .map(|status| {
            let mine = own.get(status.as_str()).cloned().unwrap_or_default();
            StatusLabelView {
                status: status.as_str().to_owned(),
                nl: mine.nl.unwrap_or_else(|| status.label(Lang::Nl).to_owned()),
                en: mine.en.unwrap_or_else(|| status.label(Lang::En).to_owned()),
                default_nl: status.label(Lang::Nl).to_owned(),
                default_en: status.label(Lang::En).to_owned(),
            }
        })
        .collect())
}

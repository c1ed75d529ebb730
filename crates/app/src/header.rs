//! Changing a saved order's header: its customer (another known one), its bike (another of that
//! customer's), the job text, the promised date, the shop's own reference and the loan object.
//!
//! Like every change it is one transaction: the order row, its full-text index row (so the
//! order is found by its new text at once), an audit row that records each changed field as
//! `{from, to}` and an outbox row. A field left out stays as it is, so a caller that knows only
//! some fields cannot wipe the others; a request that changes nothing writes nothing.

use jobcard_domain::{optional_text, required_text};
use jobcard_store::Conn;
use jobcard_store::sql::{orders, parties, records, search};
use jobcard_store::{CustomerRow, HeaderRow, OrderRow, RepairObjectRow, StoreError};
use serde_json::{Map, Value, json};

use crate::dto::{OrderHeaderInput, OrderView};
use crate::guard::Guard;
use crate::journal::record_order_change;
use crate::search_entry::search_doc;
use crate::text::{non_blank, optional_date};
use crate::views::{object_title, order_view};
use crate::{Actor, App, AppError, Result};

/// An order's header as it is, or will be after the change, with its customer and object.
struct Header {
    row: HeaderRow,
    customer: CustomerRow,
    object: RepairObjectRow,
}

impl App {
    /// Changes the header of order `number`; returns the order as saved.
    ///
    /// With `expected_version`, on the order as a seat saw it: refused with
    /// `order_changed` when the order is no longer at `expected_version` (see `versions.rs`).
    pub async fn edit_order_header(
        &self,
        actor: &Actor,
        number: &str,
        input: &OrderHeaderInput,
        expected_version: Option<i64>,
    ) -> Result<OrderView> {
        actor.require(Guard::HEADER)?;
        let (mut tx, row, at) = self.begin_order_change(number, expected_version).await?;
        crate::shop::refuse_closed(&row)?;
        let before = current_header(&mut tx, &row).await?;
        let after = changed_header(&mut tx, &before, input).await?;
        let changes = header_changes(&before, &after);
        let changed = !changes.is_empty();
        if changed {
            records::set_header(&mut tx, row.pk, &after.row, &at, &actor.name).await?;
            let updated = orders::by_pk(&mut *tx, row.pk)
                .await?
                .ok_or_else(|| AppError::not_found("number", &row.number))?;
            let doc = search_doc(&updated, &after.customer, &after.object);
            search::upsert(&mut tx, row.pk, &doc).await?;
            let changes = Value::Object(changes);
            record_order_change(&mut tx, &at, actor, &row, "header_changed", changes).await?;
        }
        let saved = orders::by_pk(&mut *tx, row.pk)
            .await?
            .ok_or_else(|| AppError::not_found("number", &row.number))?;
        let view = order_view(&mut tx, &saved).await?;
        // An unchanged header leaves nothing to save (and no journal entry to commit with).
        if changed {
            tx.commit().await?;
        }
        Ok(view)
    }
}

async fn current_header(tx: &mut Conn, row: &OrderRow) -> Result<Header> {
    let customer = parties::customer_by_id(&mut *tx, &row.customer_id)
        .await?
        .ok_or_else(|| StoreError::corrupt(format!("customer {} is missing", row.customer_id)))?;
    let object = parties::repair_object_by_id(&mut *tx, &row.repair_object_id)
        .await?
        .ok_or_else(|| {
            StoreError::corrupt(format!("repair object {} is missing", row.repair_object_id))
        })?;
    Ok(Header {
        row: HeaderRow {
            customer_id: row.customer_id.clone(),
            repair_object_id: row.repair_object_id.clone(),
            description: row.description.clone(),
            promised_date: row.promised_date.clone(),
            own_reference: row.own_reference.clone(),
            loan_object: row.loan_object.clone(),
        },
        customer,
        object,
    })
}

/// The header after `input`, validated field by field before anything is written.
async fn changed_header(
    tx: &mut Conn,
    before: &Header,
    input: &OrderHeaderInput,
) -> Result<Header> {
    let mut row = before.row.clone();
    if let Some(text) = &input.description {
        row.description = required_text("description", text, 4000)?;
    }
    if let Some(text) = &input.promised_date {
        row.promised_date = promised_date(text)?;
    }
    if let Some(text) = &input.own_reference {
        row.own_reference = optional_text("own_reference", Some(text), 100)?;
    }
    if let Some(text) = &input.loan_object {
        row.loan_object = optional_text("loan_object", Some(text), 200)?;
    }
    let customer = match non_blank(input.customer_id.as_deref()) {
        Some(id) if id != before.customer.id => {
            crate::shop::customer(&mut *tx, "customer_id", id).await?
        }
        _ => before.customer.clone(),
    };
    let object = match non_blank(input.repair_object_id.as_deref()) {
        Some(id) if id != before.object.id => {
            let object = crate::shop::repair_object(&mut *tx, "repair_object_id", id).await?;
            if object.owner_id.as_deref() != Some(customer.id.as_str()) {
                return Err(AppError::invalid(
                    "repair_object_id",
                    format!("is not one of {}'s bikes", customer.name),
                ));
            }
            object
        }
        // The bike the order was taken in with may stay when the customer changes: a bike
        // can change hands, and nothing typed at intake is thrown away.
        _ => before.object.clone(),
    };
    row.customer_id = customer.id.clone();
    row.repair_object_id = object.id.clone();
    Ok(Header {
        row,
        customer,
        object,
    })
}

fn promised_date(text: &str) -> Result<Option<String>> {
    Ok(optional_date("promised_date", Some(text))?.map(|d| d.to_string()))
}

/// Each changed field as `{"from": old, "to": new}`; the customer and bike by name and id.
fn header_changes(before: &Header, after: &Header) -> Map<String, Value> {
    let (b, a) = (&before.row, &after.row);
    let mut changes = crate::journal::changed_fields([
        ("description", json!(b.description), json!(a.description)),
        (
            "promised_date",
            json!(b.promised_date),
            json!(a.promised_date),
        ),
        (
            "own_reference",
            json!(b.own_reference),
            json!(a.own_reference),
        ),
        ("loan_object", json!(b.loan_object), json!(a.loan_object)),
    ]);
    if b.customer_id != a.customer_id {
        changes.insert(
            "customer".to_owned(),
            json!({"from": before.customer.name, "to": after.customer.name,
                   "from_id": b.customer_id, "to_id": a.customer_id}),
        );
    }
    if b.repair_object_id != a.repair_object_id {
        let title = |o: &RepairObjectRow| object_title(o.brand.as_deref(), o.model.as_deref());
        changes.insert(
            "repair_object".to_owned(),
            json!({"from": title(&before.object), "to": title(&after.object),
                   "from_id": b.repair_object_id, "to_id": a.repair_object_id}),
        );
    }
    changes
}

//! Customers and bikes as records of their own: the customer page (contact, every bike, the
//! order history) and the bike page (details, owner, history), and changing either.
//!
//! A customer is shared by all their orders, so changing one is its own use case with its own
//! audit row (`entity = customer`, each field as `{from, to}`) and outbox row, not a side
//! effect of editing one order. The full-text index rows of the orders that name the record are
//! rewritten in the same transaction, so a search finds them by the new name or phone at once.
//! Each page is read in a fixed number of queries, however long the history.

use jobcard_store::Conn;
use jobcard_store::sql::{journal, parties, records, search};
use jobcard_store::{CustomerRow, HistoryRow, Queued, RepairObjectRow};
use serde_json::{Map, Value, json};

use crate::dto::{
    CustomerEdit, CustomerPage, HistoryOrderView, RepairObjectEdit, RepairObjectPage,
};
use crate::guard::Guard;
use crate::journal::changed_fields;
use crate::party_fields::{customer_row, object_row};
use crate::search_entry::search_doc;
use crate::views::{customer_view, object_title, object_view, status_view};
use crate::{Actor, App, AppError, Result};

/// Orders a page shows; older ones are said to exist (`has_more`).
const HISTORY_LIMIT: u32 = 200;

impl App {
    /// The customer page of customer `id`.
    pub async fn customer_page(&self, id: &str) -> Result<CustomerPage> {
        let mut conn = self.reader().await?;
        let customer = crate::shop::customer(&mut conn, "id", id).await?;
        let objects = parties::repair_objects_of(&mut conn, id).await?;
        let rows = records::orders_of_customer(&mut conn, id, HISTORY_LIMIT + 1).await?;
        let (orders, has_more) = history(&rows);
        Ok(CustomerPage {
            customer: customer_view(&customer),
            objects: objects.iter().map(object_view).collect(),
            orders,
            has_more,
        })
    }

    /// The bike page of repair object `id`.
    pub async fn repair_object_page(&self, id: &str) -> Result<RepairObjectPage> {
        let mut conn = self.reader().await?;
        let object = crate::shop::repair_object(&mut conn, "id", id).await?;
        let owner = match &object.owner_id {
            Some(owner) => parties::customer_by_id(&mut conn, owner).await?,
            None => None,
        };
        let rows = records::orders_of_object(&mut conn, id, HISTORY_LIMIT + 1).await?;
        let (orders, has_more) = history(&rows);
        Ok(RepairObjectPage {
            object: object_view(&object),
            owner: owner.as_ref().map(customer_view),
            orders,
            has_more,
        })
    }

    /// Replaces the contact of customer `id`; returns the customer page as saved.
    pub async fn edit_customer(
        &self,
        actor: &Actor,
        id: &str,
        input: &CustomerEdit,
    ) -> Result<CustomerPage> {
        actor.require(Guard::RECORDS)?;
        let (mut tx, at) = self.begin_change().await?;
        let before = crate::shop::customer(&mut *tx, "id", id).await?;
        let after = customer_row(input, before.id.clone(), before.created_at.clone(), &at)?;
        let changes = customer_changes(&before, &after);
        if !changes.is_empty() {
            records::update_customer(&mut tx, &after).await?;
            reindex(&mut tx, Some(&after.id), None).await?;
            record(&mut tx, actor, "customer", &after.id, changes, &at).await?;
            tx.commit().await?;
        }
        self.customer_page(id).await
    }

    /// Replaces the details of repair object `id`; returns the bike page as saved.
    pub async fn edit_repair_object(
        &self,
        actor: &Actor,
        id: &str,
        input: &RepairObjectEdit,
    ) -> Result<RepairObjectPage> {
        actor.require(Guard::RECORDS)?;
        let (mut tx, at) = self.begin_change().await?;
        let before = crate::shop::repair_object(&mut *tx, "id", id).await?;
        let ids = (before.id.clone(), before.owner_id.clone());
        let after = object_row(input, ids, before.created_at.clone(), &at)?;
        if let Some(key) = after.frame_key.as_deref()
            && before.frame_key.as_deref() != Some(key)
            && let Some(other) = parties::repair_object_by_frame_key(&mut *tx, key).await?
            && other.id != before.id
        {
            return Err(AppError::invalid(
                "frame_number",
                format!(
                    "belongs to another bike already ({})",
                    object_title(other.brand.as_deref(), other.model.as_deref())
                ),
            ));
        }
        let changes = object_changes(&before, &after);
        if !changes.is_empty() {
            records::update_repair_object(&mut tx, &after).await?;
            reindex(&mut tx, None, Some(&after.id)).await?;
            record(&mut tx, actor, "repair_object", &after.id, changes, &at).await?;
            tx.commit().await?;
        }
        self.repair_object_page(id).await
    }
}

/// The history rows as views, and whether there were more than the page shows.
fn history(rows: &[HistoryRow]) -> (Vec<HistoryOrderView>, bool) {
    let has_more = rows.len() > HISTORY_LIMIT as usize;
    let views = rows
        .iter()
        .take(HISTORY_LIMIT as usize)
        .map(|r| HistoryOrderView {
            number: r.number.clone(),
            status: status_view(r.status),
            order_date: r.order_date.clone(),
            description: r.description.clone(),
            total_cents: r.total_cents,
            promised_date: r.promised_date.clone(),
            waiting_reason: r.waiting_reason.clone(),
            customer_id: r.customer_id.clone(),
            customer_name: r.customer_name.clone(),
            repair_object_id: r.repair_object_id.clone(),
            object: object_title(r.brand.as_deref(), r.model.as_deref()),
        })
        .collect();
    (views, has_more)
}

fn customer_changes(before: &CustomerRow, after: &CustomerRow) -> Map<String, Value> {
    changed_fields([
        ("name", json!(before.name), json!(after.name)),
        ("phone", json!(before.phone), json!(after.phone)),
        ("email", json!(before.email), json!(after.email)),
        ("address", json!(before.address), json!(after.address)),
        ("notes", json!(before.notes), json!(after.notes)),
    ])
}

fn object_changes(before: &RepairObjectRow, after: &RepairObjectRow) -> Map<String, Value> {
    let (b, a) = (before, after);
    changed_fields([
        ("kind", json!(b.kind), json!(a.kind)),
        ("brand", json!(b.brand), json!(a.brand)),
        ("model", json!(b.model), json!(a.model)),
        ("year", json!(b.year), json!(a.year)),
        ("colour", json!(b.colour), json!(a.colour)),
        ("frame_number", json!(b.frame_number), json!(a.frame_number)),
        (
            "licence_plate",
            json!(b.licence_plate),
            json!(a.licence_plate),
        ),
        ("barcode", json!(b.barcode), json!(a.barcode)),
    ])
}

/// Rewrites the index rows of the orders naming the customer or the object, from the rows as
/// they now are (three reads, whatever the number of orders).
async fn reindex(tx: &mut Conn, customer_id: Option<&str>, object_id: Option<&str>) -> Result<()> {
    let orders = records::orders_naming(&mut *tx, customer_id, object_id).await?;
    let mut customers = Vec::new();
    let mut objects = Vec::new();
    if let Some(id) = customer_id {
        customers.extend(parties::customer_by_id(&mut *tx, id).await?);
        objects = records::objects_of_customer_orders(&mut *tx, id).await?;
    }
    if let Some(id) = object_id {
        objects.extend(parties::repair_object_by_id(&mut *tx, id).await?);
        customers = records::customers_of_object_orders(&mut *tx, id).await?;
    }
    for order in &orders {
        let customer = customers.iter().find(|c| c.id == order.customer_id);
        let object = objects.iter().find(|o| o.id == order.repair_object_id);
        if let (Some(customer), Some(object)) = (customer, object) {
            search::upsert(tx, order.pk, &search_doc(order, customer, object)).await?;
        }
    }
    Ok(())
}

async fn record(
    tx: &mut Conn,
    actor: &Actor,
    entity: &str,
    id: &str,
    changes: Map<String, Value>,
    at: &str,
) -> Result<()> {
    let audit = crate::journal::audit(at, actor, (entity, id), "changed", Value::Object(changes));
    let queued = Queued {
        operation: "updated",
        payload: json!({}),
    };
    journal::write(tx, &audit, Some(&queued)).await?;
    Ok(())
}

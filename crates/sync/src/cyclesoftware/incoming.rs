//! Remote orders Jobcard does not know yet, met during a pull.
//!
//! An order whose `reference_text` is a Jobcard number is Jobcard's own (its reference was
//! lost, e.g. after a restore): it is linked again, never imported. Any other order is taken
//! in as a new Jobcard order when the connector's `import` setting is on: the customer and
//! the bike are read from the remote, the items become lines at the VAT code's local rate, the
//! mechanic and status are mapped back. The order's own reference `CONNECTOR:ID` makes a
//! second pull (or one after a crash between the import and its reference) find it again.
//! An order Jobcard refuses (its rules, or a 4xx reading its customer) is recorded as refused
//! once and skipped until it changes at the till; the others go on (`Due::finish`).

use crate::record::{put_order_ref, put_ref};
use crate::record::{shop_zone, store_failure};
use crate::remote_text::text;
use chrono::{NaiveDateTime, TimeZone, Utc};
use jobcard_domain::VatCode;
use jobcard_store::sql::{orders, parties, sync as rows};
use serde_json::Value;

use super::payload::{self, Snapshot};
use crate::engine::Ctx;
use crate::http::Failure;
use crate::import::{Arrival, arrival};
use crate::{ImportedLine, ImportedOrder};

/// A decimal percentage (`10`, `12.5`, `"12.50"`) in basis points, without a float.
pub fn percent_bp(v: Option<&Value>) -> u32 {
    let text = match v {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.trim().to_owned(),
        _ => return 0,
    };
    let (whole, frac) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let frac: String = frac.chars().chain("00".chars()).take(2).collect();
    let bp = whole.parse::<u32>().ok().zip(frac.parse::<u32>().ok());
    bp.map_or(0, |(w, f)| (w.saturating_mul(100) + f).min(10_000))
}

/// Links or imports one remote order; true when it did either.
pub async fn take(ctx: &mut Ctx<'_>, remote: &Value) -> Result<bool, Failure> {
    let Some(id) = remote.get("workshop_order_id").and_then(Value::as_i64) else {
        return Ok(false);
    };
    let db = ctx.store.readers();
    let reference = text(remote, "reference_text").unwrap_or_default();
    if let Some(own) = orders::by_number(db, &reference).await? {
        // Jobcard's own order; its queue entry stays as it is, so later edits still go out.
        link(ctx, &own.id, id, remote, false).await?;
        return Ok(true);
    }
    if !ctx.settings.flag(ctx.kind, "import") {
        return Ok(false);
    }
    let remote_id = id.to_string();
    let local_id = match arrival(ctx, &remote_id, remote).await? {
        Arrival::Known(local_id) => local_id,
        Arrival::Refused => return Ok(false),
        Arrival::Due(due) => {
            let built = imported(ctx, remote, due.marker.clone()).await;
            match due.finish(ctx, built).await? {
                Some(local_id) => local_id,
                None => return Ok(false),
            }
        }
    };
    link(ctx, &local_id, id, remote, true).await?;
    Ok(true)
}

/// Records the remote order as the local one's; `imported` also marks it synced as it is, so
/// its creation is not echoed back.
async fn link(
    ctx: &Ctx<'_>,
    local_id: &str,
    remote_id: i64,
    remote: &Value,
    imported: bool,
) -> Result<(), Failure> {
    let db = ctx.store.readers();
    let order = rows::order_by_id(db, local_id)
        .await?
        .ok_or_else(|| store_failure("the linked order is missing"))?;
    let lines = orders::lines(db, order.pk).await?;
    let items = payload::remote_items(remote);
    let (assigned, _) = payload::assign_items(&lines, &items);
    let unused = items.iter().map(|i| i.item_id);
    let sent = payload::sent_items(
        &lines,
        &assigned,
        unused.filter(|i| !assigned.contains(&Some(*i))),
    );
    let customer_id = remote.get("customer_id").and_then(Value::as_i64);
    let snapshot = Snapshot::of(remote, customer_id.unwrap_or(0), order.status, &sent);
    let at = ctx.at();
    let mut tx = ctx.store.begin_write().await?;
    put_order_ref(
        &mut tx,
        ctx.name,
        local_id,
        &remote_id.to_string(),
        &snapshot,
    )
    .await?;
    let customer = snapshot.customer_id.to_string();
    put_ref(&mut tx, ctx.name, "customer", &order.customer_id, &customer).await?;
    if let Some(object) = remote.get("repair_object_id").and_then(Value::as_i64) {
        let (local, remote) = (&order.repair_object_id, object.to_string());
        put_ref(&mut tx, ctx.name, "repair_object", local, &remote).await?;
    }
    super::put_line_refs(&mut tx, ctx.name, remote_id, &sent).await?;
    if imported {
        rows::upsert_synced(&mut tx, ctx.name, local_id, &at).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The remote order as a Jobcard intake.
async fn imported(
    ctx: &mut Ctx<'_>,
    remote: &Value,
    marker: String,
) -> Result<ImportedOrder, Failure> {
    let customer_id = remote
        .get("customer_id")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let customer = ctx
        .remote
        .get(&format!("/api/v1/customers/{customer_id}.json"))
        .await?;
    let object = match remote.get("repair_object_id").and_then(Value::as_i64) {
        Some(oid) => Some(
            ctx.remote
                .get(&format!(
                    "/api/v1/customers/{customer_id}/objects/{oid}.json"
                ))
                .await?,
        ),
        None => None,
    };
    let object = object.unwrap_or(Value::Null);
    let name = [
        text(&customer, "first_name"),
        text(&customer, "insertion"),
        text(&customer, "name"),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let name = if name.is_empty() {
        text(&customer, "company_name")
            .unwrap_or_else(|| format!("CycleSoftware customer {customer_id}"))
    } else {
        name
    };
    let phone = customer
        .get("phone_numbers")
        .and_then(Value::as_array)
        .and_then(|p| p.iter().find_map(|n| text(n, "phone_number")));
    let address = [
        text(&customer, "street"),
        text(&customer, "house_number"),
        text(&customer, "postcode"),
        text(&customer, "city"),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let tz = shop_zone(ctx, None).await?;
    let scheduled_start = text(remote, "datetime_scheduled_start")
        .and_then(|t| NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S").ok())
        .and_then(|t| tz.from_local_datetime(&t).earliest())
        .map(|t| {
            t.with_timezone(&Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        });
    let status = remote
        .get("status_id")
        .and_then(Value::as_i64)
        .and_then(|s| ctx.settings.local_status(ctx.kind, s))
        .map(|s| s.as_str().to_owned());
    let mechanic = match remote
        .get("mechanic_employee_id")
        .and_then(Value::as_i64)
        .filter(|m| *m != 0)
    {
        Some(remote_id) => mechanic_name(ctx, remote_id).await?,
        None => None,
    };
    let lines = remote
        .get("order_items")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter(|i| {
                    i.get("item_status_id").and_then(Value::as_i64) != Some(payload::ITEM_REMOVED)
                })
                .map(|i| line(ctx, i))
                .collect()
        })
        .unwrap_or_default();
    Ok(ImportedOrder {
        own_reference: marker,
        customer_name: name,
        phone,
        email: text(&customer, "email"),
        address: Some(address).filter(|a| !a.is_empty()),
        brand: text(&object, "brand"),
        model: text(&object, "model"),
        colour: text(&object, "color"),
        frame_number: text(&object, "frame_id"),
        licence_plate: text(&object, "license_plate"),
        description: text(remote, "repair_description")
            .unwrap_or_else(|| "Workshop order from CycleSoftware".to_owned()),
        scheduled_start,
        mechanic,
        status,
        lines,
        ..ImportedOrder::default()
    })
}

fn line(ctx: &Ctx<'_>, item: &Value) -> ImportedLine {
    let code = item.get("vat_code").and_then(Value::as_i64).unwrap_or(2);
    let vat = [VatCode::Zero, VatCode::Low, VatCode::High]
        .into_iter()
        .find(|local| ctx.settings.remote_vat(ctx.kind, *local) == Some(code))
        .unwrap_or(VatCode::High);
    let number = |f: &str| item.get(f).and_then(Value::as_i64).unwrap_or(0);
    ImportedLine {
        kind: if number("item_type_id") == 4 {
            "labour"
        } else {
            "article"
        }
        .to_owned(),
        description: text(item, "description").unwrap_or_else(|| "Item".to_owned()),
        quantity: item.get("quantity").and_then(Value::as_i64).unwrap_or(1),
        unit_price_cents: number("unit_price_in_vat_cents"),
        unit_discount_cents: number("unit_discount_amount_in_vat_cents"),
        discount_bp: percent_bp(item.get("discount_percentage")),
        vat: vat.as_str().to_owned(),
        work_minutes: number("unit_work_time_minutes"),
    }
}

/// The local mechanic a CycleSoftware employee id stands for: the `employee.NAME` setting, a
/// stored reference, or the local employee with the remote one's name; else none.
async fn mechanic_name(ctx: &mut Ctx<'_>, remote_id: i64) -> Result<Option<String>, Failure> {
    let db = ctx.store.readers();
    for employee in parties::employees(db).await? {
        if ctx.settings.remote_employee(&employee.name) == Some(remote_id) {
            return Ok(Some(employee.name));
        }
    }
    let local = rows::local_of(db, ctx.name, "employee", &remote_id.to_string()).await?;
    if let Some(id) = local {
        return Ok(parties::employee_by_id(db, &id).await?.map(|e| e.name));
    }
    // Else the local employee with the remote one's name.
    let list = ctx.remote.get("/api/v1/common/employees.json").await?;
    let name = list
        .get("data")
        .and_then(Value::as_array)
        .and_then(|all| {
            all.iter()
                .find(|e| e.get("employee_id").and_then(Value::as_i64) == Some(remote_id))
        })
        .and_then(|e| text(e, "employee_name"));
    match name {
        Some(name) => Ok(parties::employee_by_name(db, &name).await?.map(|e| e.name)),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn percentages_become_basis_points_without_floats() {
        assert_eq!(percent_bp(Some(&json!(10))), 1000);
        assert_eq!(percent_bp(Some(&json!("12.50"))), 1250);
        assert_eq!(percent_bp(Some(&json!("7.5"))), 750);
        assert_eq!(percent_bp(Some(&json!(0))), 0);
        assert_eq!(percent_bp(Some(&json!("abc"))), 0);
        assert_eq!(percent_bp(None), 0);
    }
}

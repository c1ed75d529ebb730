//! Jobcard rows as CycleSoftware JSON, and the matching of Jobcard lines to the remote's
//! order items. Pure functions: no IO, so the mapping is tested on its own.
//!
//! Lines get new local ids whenever an order's lines are edited, while CycleSoftware keeps
//! its `item_id`s, so lines are matched to the items sent last time by what they are
//! (`barcode|description`), in order. A matched line updates its item; a new line goes with
//! `item_id` null; an item no line matches any more is sent with `item_status_id` 5
//! (a line left out of a PUT is not deleted there).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use jobcard_domain::OrderStatus;
use jobcard_store::{CustomerRow, LineRow, OrderRow, RepairObjectRow};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// `item_status_id` of a removed line ("Vervallen").
pub const ITEM_REMOVED: i64 = 5;

/// An item as sent last time: enough to match lines and to see remote changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentItem {
    pub item_id: i64,
    pub key: String,
    pub quantity: i64,
    pub price: i64,
}

/// What the remote said about the order after Jobcard's last push.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub customer_id: i64,
    pub status_id: Option<i64>,
    pub mechanic_employee_id: Option<i64>,
    pub datetime_scheduled_start: Option<String>,
    /// The Jobcard status that was pushed, so a pull can tell who changed the status.
    pub local_status: String,
    pub items: Vec<SentItem>,
}

impl Snapshot {
    /// What a workshop order the remote answered with (or Jobcard read) holds, for the order
    /// in `local_status` whose lines are `sent`.
    pub fn of(
        answer: &Value,
        customer_id: i64,
        local_status: OrderStatus,
        sent: &[(String, SentItem)],
    ) -> Self {
        Self {
            customer_id,
            status_id: answer.get("status_id").and_then(Value::as_i64),
            mechanic_employee_id: answer
                .get("mechanic_employee_id")
                .and_then(Value::as_i64)
                .filter(|id| *id != 0),
            datetime_scheduled_start: crate::remote_text::text(answer, "datetime_scheduled_start"),
            local_status: local_status.as_str().to_owned(),
            items: sent.iter().map(|(_, item)| item.clone()).collect(),
        }
    }
}

/// Which remote item each line now is: the one it was matched to (`assigned`), else the next
/// of `fresh` (items no line was matched to), in order. A line left without one is not
/// recorded; the next push sends it again.
pub fn sent_items(
    lines: &[LineRow],
    assigned: &[Option<i64>],
    mut fresh: impl Iterator<Item = i64>,
) -> Vec<(String, SentItem)> {
    let item = |line: &LineRow, item_id| SentItem {
        item_id,
        key: line_key(line),
        quantity: line.quantity,
        price: line.total_cents,
    };
    lines
        .iter()
        .zip(assigned)
        .filter_map(|(line, id)| {
            let item_id = id.or_else(|| fresh.next())?;
            Some((line.id.clone(), item(line, item_id)))
        })
        .collect()
}

pub fn item_key(barcode: &str, description: &str) -> String {
    format!("{}|{}", barcode.trim(), description.trim())
}

pub fn line_barcode(line: &LineRow) -> String {
    line.code
        .clone()
        .or_else(|| line.barcode.clone())
        .unwrap_or_default()
}

pub fn line_key(line: &LineRow) -> String {
    item_key(&line_barcode(line), &line.description)
}

/// Assigns each line the item it updates (or `None`: a new item) and lists the items to
/// remove. `known` are the items the remote has for this order, oldest first.
pub fn assign_items(lines: &[LineRow], known: &[SentItem]) -> (Vec<Option<i64>>, Vec<i64>) {
    let mut used = vec![false; known.len()];
    let assigned = lines
        .iter()
        .map(|line| {
            let key = line_key(line);
            let found = known
                .iter()
                .enumerate()
                .find(|(i, item)| item.key == key && !used.get(*i).copied().unwrap_or(true))
                .map(|(i, item)| (i, item.item_id));
            found.map(|(i, id)| {
                if let Some(slot) = used.get_mut(i) {
                    *slot = true;
                }
                id
            })
        })
        .collect();
    let removed = known
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(item, _)| item.item_id)
        .collect();
    (assigned, removed)
}

/// A percentage in basis points as CycleSoftware's decimal: a whole number as a JSON
/// integer (`1000` -> `10`), else as the exact decimal string the API's types allow for
/// decimals (`1250` -> `"12.50"`), so it never passes through a float.
fn decimal(bp: i64) -> Value {
    if bp % 100 == 0 {
        json!(bp / 100)
    } else {
        json!(format!("{}.{:02}", bp / 100, bp % 100))
    }
}

/// The references a line needs: its VAT code and who pays it.
pub struct LineRefs {
    pub vat_code: i64,
    pub bill_to: Option<i64>,
}

pub fn item_json(line: &LineRow, item_id: Option<i64>, refs: &LineRefs) -> Value {
    let item_type = match line.kind.as_str() {
        "repair_code" | "labour" => 4,
        _ => 1,
    };
    let mut item = json!({
        "item_id": item_id,
        "item_type_id": item_type,
        "quantity": line.quantity,
        "barcode": line_barcode(line),
        "description": line.description,
        "unit_price_in_vat_cents": line.unit_price_cents,
        "unit_discount_amount_in_vat_cents": line.unit_discount_cents,
        "price_in_vat_cents": line.total_cents,
        "discount_percentage": decimal(line.discount_bp),
        "vat_code": refs.vat_code,
        "item_status_id": 0,
        "unit_work_time_minutes": line.work_minutes_per_unit,
    });
    if let (Some(bill_to), Some(obj)) = (refs.bill_to, item.as_object_mut()) {
        obj.insert("assigned_to_customer_id".to_owned(), json!(bill_to));
    }
    item
}

pub fn removed_item_json(item_id: i64) -> Value {
    json!({"item_id": item_id, "item_status_id": ITEM_REMOVED})
}

/// CycleSoftware's `datetime` (`yyyy-mm-dd hh:mm:ss`, the shop's local time) of a Jobcard
/// schedule: a UTC instant, or a date for an all-day booking (sent as 00:00 that day).
pub fn remote_datetime(scheduled: Option<&str>, tz: Tz) -> Option<String> {
    let text = scheduled?;
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        let local = t.with_timezone(&Utc).with_timezone(&tz);
        return Some(local.format("%Y-%m-%d %H:%M:%S").to_string());
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .map(|d| format!("{d} 00:00:00"))
}

/// The header fields of the order, for create and update alike.
pub struct OrderRefs {
    pub status_id: i64,
    pub mechanic: Option<i64>,
    pub tz: Tz,
}

pub fn order_fields(order: &OrderRow, refs: &OrderRefs) -> serde_json::Map<String, Value> {
    let mut map = serde_json::Map::new();
    map.insert("is_active".into(), json!(order.deleted_at.is_none()));
    map.insert(
        "datetime_scheduled_start".into(),
        json!(remote_datetime(order.scheduled_start.as_deref(), refs.tz)),
    );
    map.insert("mechanic_employee_id".into(), json!(refs.mechanic));
    map.insert("repair_description".into(), json!(order.description));
    map.insert("status_id".into(), json!(refs.status_id));
    map.insert(
        "borrowed_object_reference".into(),
        json!(order.loan_object.clone().unwrap_or_default()),
    );
    map
}

pub fn customer_reference(customer: &CustomerRow) -> String {
    format!("jobcard:{}", customer.id)
}

pub fn customer_json(customer: &CustomerRow) -> Value {
    let phone = customer.phone.clone().unwrap_or_default();
    json!({
        "customer_type_name": "Klant",
        "customer_reference": customer_reference(customer),
        "name": customer.name,
        "first_name": "",
        "street": customer.address.clone().unwrap_or_default(),
        "country_code_iso_3166": "NL",
        "email": customer.email.clone().unwrap_or_default(),
        "phone_numbers": [{"phone_number_id": "mob", "phone_number": phone, "name": customer.name}],
    })
}

pub fn object_json(object: &RepairObjectRow) -> Value {
    json!({
        "object_barcode": object.barcode.clone().unwrap_or_default(),
        "is_active": true,
        "object_type_name": object.kind,
        "brand": object.brand.clone().unwrap_or_default(),
        "model": object.model.clone().unwrap_or_default(),
        "model_year": object.year.map(|y| y.to_string()).unwrap_or_default(),
        "color": object.colour.clone().unwrap_or_default(),
        "license_plate": object.licence_plate.clone().unwrap_or_default(),
        "frame_id": object.frame_number.clone().unwrap_or_default(),
    })
}

fn norm(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Whether a remote repair object is this bike: the same frame number, else the same plate,
/// else the same barcode, else (for a bike with none of those) the same kind, brand, model
/// and colour.
pub fn same_object(local: &RepairObjectRow, remote: &Value) -> bool {
    let field = |name: &str| {
        remote
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let pairs = [
        (local.frame_number.as_deref(), "frame_id"),
        (local.licence_plate.as_deref(), "license_plate"),
        (local.barcode.as_deref(), "object_barcode"),
    ];
    for (mine, theirs) in pairs {
        if let Some(mine) = mine.filter(|m| !norm(m).is_empty()) {
            return norm(mine) == norm(&field(theirs));
        }
    }
    let eq = |mine: Option<&str>, theirs: &str| {
        mine.unwrap_or("")
            .trim()
            .eq_ignore_ascii_case(field(theirs).trim())
    };
    norm(&field("frame_id")).is_empty()
        && eq(Some(local.kind.as_str()), "object_type_name")
        && eq(local.brand.as_deref(), "brand")
        && eq(local.model.as_deref(), "model")
        && eq(local.colour.as_deref(), "color")
}

/// The items of a remote order as `SentItem`s (removed ones left out), oldest first.
pub fn remote_items(order: &Value) -> Vec<SentItem> {
    let mut items: Vec<SentItem> = order
        .get("order_items")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter(|i| i.get("item_status_id").and_then(Value::as_i64) != Some(ITEM_REMOVED))
                .filter_map(|i| {
                    Some(SentItem {
                        item_id: i.get("item_id")?.as_i64()?,
                        key: item_key(
                            i.get("barcode").and_then(Value::as_str).unwrap_or(""),
                            i.get("description").and_then(Value::as_str).unwrap_or(""),
                        ),
                        quantity: i.get("quantity").and_then(Value::as_i64).unwrap_or(0),
                        price: i
                            .get("price_in_vat_cents")
                            .and_then(Value::as_i64)
                            .unwrap_or(0),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    items.sort_by_key(|i| i.item_id);
    items
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn line(code: &str, description: &str) -> LineRow {
        LineRow {
            id: format!("l-{code}"),
            order_pk: 1,
            line_no: 1,
            kind: jobcard_domain::LineKind::RepairCode,
            code: Some(code.into()),
            barcode: None,
            description: description.into(),
            quantity: 1,
            unit_price_cents: 9000,
            unit_discount_cents: 0,
            discount_bp: 1250,
            vat_code: jobcard_domain::VatCode::Low,
            vat_rate_bp: 900,
            total_cents: 7875,
            vat_cents: 650,
            work_minutes_per_unit: 30,
            work_minutes: 30,
            status: jobcard_domain::LineStatus::Open,
            bill_to_customer_id: None,
        }
    }

    fn sent(id: i64, key: &str) -> SentItem {
        SentItem {
            item_id: id,
            key: key.into(),
            quantity: 1,
            price: 0,
        }
    }

    #[test]
    fn lines_keep_their_items_new_ones_are_null_and_dropped_ones_are_removed() {
        let known = [sent(1, "A|Tube"), sent(2, "B|Brakes"), sent(3, "A|Tube")];
        let lines = [line("A", "Tube"), line("C", "Chain"), line("A", "Tube")];
        let (assigned, removed) = assign_items(&lines, &known);
        assert_eq!(assigned, [Some(1), None, Some(3)]);
        assert_eq!(removed, [2]);
    }

    #[test]
    fn an_item_carries_vat_inclusive_cents_and_a_decimal_discount() {
        let refs = LineRefs {
            vat_code: 1,
            bill_to: Some(77),
        };
        let item = item_json(&line("A", "Tube"), None, &refs);
        let text = item.to_string();
        assert!(text.contains("\"discount_percentage\":\"12.50\""), "{text}");
        assert_eq!(item["item_id"], Value::Null);
        assert_eq!(item["price_in_vat_cents"], 7875);
        assert_eq!(item["vat_code"], 1);
        assert_eq!(item["item_type_id"], 4);
        assert_eq!(item["assigned_to_customer_id"], 77);
    }

    #[test]
    fn schedules_go_out_in_the_shops_local_time() {
        let tz: Tz = "Europe/Amsterdam".parse().unwrap();
        assert_eq!(
            remote_datetime(Some("2026-11-30T08:30:00Z"), tz).as_deref(),
            Some("2026-11-30 09:30:00")
        );
        assert_eq!(
            remote_datetime(Some("2026-07-01T08:30:00Z"), tz).as_deref(),
            Some("2026-07-01 10:30:00")
        );
        assert_eq!(
            remote_datetime(Some("2026-12-01"), tz).as_deref(),
            Some("2026-12-01 00:00:00")
        );
        assert_eq!(remote_datetime(None, tz), None);
    }
}

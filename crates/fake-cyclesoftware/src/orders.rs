//! Workshop orders: the rules a real CycleSoftware applies on create and
//! update (validation, item ids, VAT per line, repair time, scheduled finish)
//! and the filtered, paginated list.
//!
//! This is the heart of what Jobcard's sync engine talks to, so the figures
//! (VAT rounding, item merge semantics on PUT) follow workshop_orders.md.

use crate::catalog::{
    ITEM_CANCELLED, is_employee, item_status_text, order_status_text, vat_percentage,
};
use crate::store::{Record, Store};
use crate::util::{ApiError, DATETIME, Kind, check_types, int_field, now_string, parse_datetime};
use chrono::{NaiveDate, TimeDelta};
use serde_json::{Value, json};

/// Fields the server owns; whatever a client sends for them is ignored.
const READONLY: [&str; 9] = [
    "workshop_order_id",
    "sales_order_id",
    "datetime_created",
    "datetime_modified",
    "datetime_scheduled_finished",
    "status_text",
    "invoice_number",
    "total_repair_time_minutes",
    "workshop_order_type_id",
];

/// Top-level fields a PUT may change.
const PUT_FIELDS: [&str; 8] = [
    "is_active",
    "datetime_scheduled_start",
    "mechanic_employee_id",
    "status_id",
    "repair_description",
    "borrowed_object_reference",
    "delivery_method_id",
    "custom_repair_time_minutes",
];

const ORDER_KINDS: [(&str, Kind); 18] = [
    ("customer_id", Kind::Int),
    ("store_id", Kind::Int),
    ("repair_object_id", Kind::Int),
    ("mechanic_employee_id", Kind::Int),
    ("created_by_employee_id", Kind::Int),
    ("last_update_employee_id", Kind::Int),
    ("status_id", Kind::Int),
    ("delivery_method_id", Kind::Int),
    ("custom_repair_time_minutes", Kind::Int),
    ("is_active", Kind::Bool),
    ("reference_text", Kind::Str),
    ("datetime_scheduled_start", Kind::Str),
    ("phone_number_id", Kind::Str),
    ("repair_description", Kind::Str),
    ("borrowed_object_reference", Kind::Str),
    ("repair_codes", Kind::Array),
    ("service_card_codes", Kind::Array),
    ("order_items", Kind::Array),
];

const ITEM_KINDS: [(&str, Kind); 15] = [
    ("item_id", Kind::Int),
    ("item_type_id", Kind::Int),
    ("special_type_id", Kind::Int),
    ("quantity", Kind::Int),
    ("barcode", Kind::Str),
    ("pos_group_id", Kind::Int),
    ("description", Kind::Str),
    ("unit_price_in_vat_cents", Kind::Int),
    ("unit_discount_amount_in_vat_cents", Kind::Int),
    ("price_in_vat_cents", Kind::Int),
    ("discount_percentage", Kind::Num),
    ("vat_code", Kind::Int),
    ("item_status_id", Kind::Int),
    ("unit_work_time_minutes", Kind::Int),
    ("assigned_to_customer_id", Kind::Int),
];

/// VAT included in a gross amount: round_half_up(|price| * r / (100 + r)),
/// with the sign of the price. Integer arithmetic only.
pub fn vat_amount(price_cents: i64, percentage: i64) -> i64 {
    let gross = i128::from(price_cents).abs();
    let r = i128::from(percentage);
    let den = 100 + r;
    let vat = (2 * gross * r + den) / (2 * den);
    let vat = i64::try_from(vat).unwrap_or(i64::MAX);
    if price_cents < 0 { -vat } else { vat }
}

fn item_prefix(i: usize) -> String {
    format!("order_items[{i}].")
}

/// Validate one (merged) item and fill its server-computed fields.
fn normalize_item(item: &mut Record, prefix: &str) -> Result<(), ApiError> {
    check_types(item, &ITEM_KINDS, prefix)?;
    for field in ["quantity", "unit_price_in_vat_cents", "price_in_vat_cents"] {
        if int_field(item, field).is_none() {
            return Err(ApiError::bad_request(format!(
                "{prefix}{field} is required"
            )));
        }
    }
    let pct = int_field(item, "vat_code")
        .and_then(vat_percentage)
        .ok_or_else(|| ApiError::bad_request(format!("{prefix}vat_code must be 0, 1 or 2")))?;
    let status = int_field(item, "item_status_id").unwrap_or(0);
    let status_text = item_status_text(status).ok_or_else(|| {
        ApiError::bad_request(format!("{prefix}item_status_id must be 0, 1, 2, 3 or 5"))
    })?;
    let price = int_field(item, "price_in_vat_cents").unwrap_or(0);
    item.insert("item_status_id".into(), json!(status));
    item.insert("item_status_text".into(), json!(status_text));
    item.insert("vat_percentage".into(), json!(pct));
    item.insert("vat_amount_cents".into(), json!(vat_amount(price, pct)));
    Ok(())
}

/// Validate the top-level fields and fill the derived ones (status text,
/// normalized start, repair time, scheduled finish).
fn normalize_order(order: &mut Record) -> Result<(), ApiError> {
    let status = int_field(order, "status_id")
        .and_then(order_status_text)
        .ok_or_else(|| ApiError::bad_request("status_id must be one of 1, 2, 3, 4, 5, 7, 8, 9"))?;
    order.insert("status_text".into(), json!(status));
    if let Some(m) = int_field(order, "mechanic_employee_id")
        && m != 0
        && !is_employee(m)
    {
        return Err(ApiError::bad_request(format!(
            "mechanic_employee_id {m} is not an employee"
        )));
    }
    let start = match order
        .get("datetime_scheduled_start")
        .and_then(Value::as_str)
    {
        None | Some("") => None,
        Some(s) => Some(parse_datetime(s).ok_or_else(|| {
            ApiError::bad_request(
                "datetime_scheduled_start must be a datetime (YYYY-MM-DD HH:MM:SS)",
            )
        })?),
    };
    order.insert(
        "datetime_scheduled_start".into(),
        start.map_or(Value::Null, |d| json!(d.format(DATETIME).to_string())),
    );
    if order.get("is_active").is_none_or(Value::is_null) {
        order.insert("is_active".into(), json!(true));
    }
    if order.get("store_id").is_none_or(Value::is_null) {
        order.insert("store_id".into(), json!(1));
    }
    let items_minutes: i64 = order
        .get("order_items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .filter(|i| int_field(i, "item_status_id") != Some(ITEM_CANCELLED))
        .map(|i| {
            let qty = int_field(i, "quantity").unwrap_or(0);
            qty.saturating_mul(int_field(i, "unit_work_time_minutes").unwrap_or(0))
        })
        .fold(0, i64::saturating_add);
    let custom = int_field(order, "custom_repair_time_minutes").unwrap_or(0);
    let total = items_minutes.saturating_add(custom);
    order.insert("total_repair_time_minutes".into(), json!(total));
    let finished = start
        .zip(TimeDelta::try_minutes(total))
        .and_then(|(s, d)| s.checked_add_signed(d));
    order.insert(
        "datetime_scheduled_finished".into(),
        finished.map_or(Value::Null, |d| json!(d.format(DATETIME).to_string())),
    );
    Ok(())
}

fn as_object(v: &Value, i: usize) -> Result<Record, ApiError> {
    v.as_object()
        .cloned()
        .ok_or_else(|| ApiError::bad_request(format!("order_items[{i}] must be an object")))
}

impl Store {
    fn order_of(&self, customer_id: i64, id: i64) -> Result<&Record, ApiError> {
        self.orders
            .get(&id)
            .filter(|o| int_field(o, "customer_id") == Some(customer_id))
            .ok_or_else(ApiError::not_found)
    }

    pub fn order(&self, customer_id: i64, id: i64) -> Result<Value, ApiError> {
        self.order_of(customer_id, id)
            .map(|o| Value::Object(o.clone()))
    }

    pub fn create_order(&mut self, customer_id: i64, mut body: Record) -> Result<Value, ApiError> {
        if !self.customers.contains_key(&customer_id) {
            return Err(ApiError::not_found());
        }
        check_types(&body, &ORDER_KINDS, "")?;
        let object_id = int_field(&body, "repair_object_id")
            .ok_or_else(|| ApiError::bad_request("repair_object_id is required"))?;
        if self.object(customer_id, object_id).is_err() {
            return Err(ApiError::bad_request(format!(
                "repair_object_id {object_id} is not a repair object of customer {customer_id}"
            )));
        }
        for field in READONLY {
            body.remove(field);
        }
        body.insert("customer_id".into(), json!(customer_id));
        for (field, default) in [
            ("status_id", json!(1)),
            ("mechanic_employee_id", Value::Null),
            ("created_by_employee_id", json!(1)),
            ("last_update_employee_id", json!(1)),
            ("reference_text", json!("")),
            ("phone_number_id", json!("")),
            ("repair_description", json!("")),
            ("borrowed_object_reference", json!("")),
            ("custom_repair_time_minutes", json!(0)),
            ("delivery_method_id", json!(0)),
        ] {
            if body.get(field).is_none_or(Value::is_null) {
                body.insert(field.into(), default);
            }
        }
        let sent = body.remove("order_items");
        let mut items = Vec::new();
        for (i, v) in sent
            .as_ref()
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let mut item = as_object(v, i)?;
            item.insert("item_id".into(), json!(i + 1));
            normalize_item(&mut item, &item_prefix(i))?;
            items.push(Value::Object(item));
        }
        body.insert("order_items".into(), Value::Array(items));
        normalize_order(&mut body)?;
        let id = self.next_order;
        self.next_order += 1;
        let now = now_string();
        body.insert("workshop_order_id".into(), json!(id));
        body.insert("sales_order_id".into(), json!(id));
        body.insert("datetime_created".into(), json!(now));
        body.insert("datetime_modified".into(), json!(now));
        body.insert("invoice_number".into(), json!(0));
        body.insert("workshop_order_type_id".into(), json!(1));
        self.orders.insert(id, body.clone());
        Ok(Value::Object(body))
    }

    pub fn update_order(
        &mut self,
        customer_id: i64,
        id: i64,
        body: Record,
    ) -> Result<Value, ApiError> {
        let mut order = self.order_of(customer_id, id)?.clone();
        check_types(&body, &ORDER_KINDS, "")?;
        for field in PUT_FIELDS {
            if let Some(v) = body.get(field) {
                order.insert(field.into(), v.clone());
            }
        }
        if let Some(sent) = body.get("order_items").and_then(Value::as_array) {
            let mut items: Vec<Record> = order
                .get("order_items")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_object().cloned())
                .collect();
            let mut next_id = items
                .iter()
                .filter_map(|i| int_field(i, "item_id"))
                .max()
                .unwrap_or(0)
                + 1;
            for (i, v) in sent.iter().enumerate() {
                let prefix = item_prefix(i);
                let mut given = as_object(v, i)?;
                check_types(&given, &[("item_id", Kind::Int)], &prefix)?;
                match int_field(&given, "item_id") {
                    None => {
                        given.insert("item_id".into(), json!(next_id));
                        next_id += 1;
                        normalize_item(&mut given, &prefix)?;
                        items.push(given);
                    }
                    Some(item_id) => {
                        let stored = items
                            .iter_mut()
                            .find(|s| int_field(s, "item_id") == Some(item_id))
                            .ok_or_else(|| {
                                ApiError::bad_request(format!(
                                    "{prefix}item_id {item_id} does not exist"
                                ))
                            })?;
                        stored.extend(given);
                        normalize_item(stored, &prefix)?;
                    }
                }
            }
            order.insert("order_items".into(), json!(items));
        }
        normalize_order(&mut order)?;
        order.insert("datetime_modified".into(), json!(now_string()));
        self.orders.insert(id, order.clone());
        Ok(Value::Object(order))
    }

    /// A change made at the till; `false` for an unknown order or status.
    pub fn set_order_status(&mut self, id: i64, status_id: i64) -> bool {
        let (Some(order), Some(text)) = (self.orders.get_mut(&id), order_status_text(status_id))
        else {
            return false;
        };
        order.insert("status_id".into(), json!(status_id));
        order.insert("status_text".into(), json!(text));
        order.insert("datetime_modified".into(), json!(now_string()));
        true
    }

    /// `GET /api/v1/workshop/orders.json` with its filters and pagination.
    pub fn list_orders(
        &self,
        params: &[(String, String)],
        base_url: &str,
    ) -> Result<Value, ApiError> {
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, v)| k == name && !v.trim().is_empty())
                .map(|(_, v)| v.trim())
        };
        let int = |name: &str| -> Result<Option<i64>, ApiError> {
            get(name)
                .map(|v| {
                    v.parse()
                        .map_err(|_| ApiError::bad_request(format!("{name} must be an integer")))
                })
                .transpose()
        };
        let date = |name: &str| -> Result<Option<String>, ApiError> {
            get(name)
                .map(|v| {
                    NaiveDate::parse_from_str(v, "%Y-%m-%d")
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .map_err(|_| {
                            ApiError::bad_request(format!("{name} must be a date (YYYY-MM-DD)"))
                        })
                })
                .transpose()
        };
        let customer = int("customer_id")?;
        let store = int("store_id")?;
        let object = int("repair_object_id")?;
        let from = date("date_from")?;
        let until = date("date_until")?;
        let statuses = get("status_ids")
            .map(|csv| {
                csv.split(',')
                    .map(|s| s.trim().parse::<i64>())
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|_| ApiError::bad_request("status_ids must be a list of integers"))
            })
            .transpose()?;
        let offset = usize::try_from(int("offset")?.unwrap_or(0)).unwrap_or(0);
        let limit = usize::try_from(int("limit")?.unwrap_or(100).clamp(1, 500)).unwrap_or(100);

        let matching: Vec<&Record> = self
            .orders
            .values()
            .filter(|o| {
                let eq = |field: &str, want: Option<i64>| {
                    want.is_none_or(|w| int_field(o, field) == Some(w))
                };
                let day = o
                    .get("datetime_scheduled_start")
                    .and_then(Value::as_str)
                    .and_then(|s| s.get(..10));
                let date_ok = |bound: &Option<String>, after: bool| {
                    bound
                        .as_deref()
                        .is_none_or(|b| day.is_some_and(|d| if after { d >= b } else { d <= b }))
                };
                eq("customer_id", customer)
                    && eq("store_id", store)
                    && eq("repair_object_id", object)
                    && statuses
                        .as_ref()
                        .is_none_or(|s| int_field(o, "status_id").is_some_and(|id| s.contains(&id)))
                    && date_ok(&from, true)
                    && date_ok(&until, false)
            })
            .collect();
        let page: Vec<Value> = matching
            .iter()
            .skip(offset)
            .take(limit)
            .map(|o| Value::Object((*o).clone()))
            .collect();
        let next = offset.saturating_add(limit);
        let next_url = (next < matching.len()).then(|| {
            let mut query: Vec<String> = params
                .iter()
                .filter(|(k, _)| k != "offset")
                .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
                .collect();
            query.push(format!("offset={next}"));
            format!("{base_url}/api/v1/workshop/orders.json?{}", query.join("&"))
        });
        Ok(json!({
            "error": false,
            "error_message": null,
            "data": page,
            "pagination": {"next_url": next_url},
        }))
    }
}

/// Percent-encode a query component (everything but RFC 3986 unreserved).
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vat_rounds_half_up_with_sign() {
        assert_eq!(vat_amount(9000, 9), 743);
        assert_eq!(vat_amount(9000, 6), 509);
        assert_eq!(vat_amount(12000, 9), 991);
        assert_eq!(vat_amount(-9000, 9), -743);
        assert_eq!(vat_amount(12100, 21), 2100);
        assert_eq!(vat_amount(500, 0), 0);
    }

    #[test]
    fn encode_query() {
        assert_eq!(encode("1,2 a"), "1%2C2%20a");
    }
}

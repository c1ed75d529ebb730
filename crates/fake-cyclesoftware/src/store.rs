//! The fake's state: customers, repair objects and workshop orders as the
//! API returns them, plus request statistics; and the customer and repair
//! object rules (creation, update, search).
//!
//! Records are kept as JSON objects rather than structs so that every field
//! a client sends survives a round trip, as it does on the real system.

use crate::util::{ApiError, Kind, check_types, int_field, now_string};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

pub type Record = Map<String, Value>;

#[derive(Debug)]
pub struct Store {
    pub customers: BTreeMap<i64, Record>,
    pub objects: BTreeMap<i64, Record>,
    pub orders: BTreeMap<i64, Record>,
    next_customer: i64,
    next_object: i64,
    pub next_order: i64,
    pub requests_total: u64,
    pub by_route: BTreeMap<String, u64>,
    pub rate_limited: u64,
}

impl Default for Store {
    fn default() -> Self {
        Self {
            customers: BTreeMap::new(),
            objects: BTreeMap::new(),
            orders: BTreeMap::new(),
            next_customer: 1000,
            next_object: 5000,
            next_order: 900_000,
            requests_total: 0,
            by_route: BTreeMap::new(),
            rate_limited: 0,
        }
    }
}

const CUSTOMER_STRINGS: [&str; 19] = [
    "customer_type_name",
    "customer_reference",
    "postcode",
    "house_number",
    "house_number_postfix",
    "company_name",
    "attn",
    "title",
    "initials",
    "insertion",
    "first_name",
    "name",
    "street",
    "city",
    "country_code_iso_3166",
    "email",
    "vat_number",
    "coc_number",
    "datetime_created",
];

const OBJECT_STRINGS: [&str; 18] = [
    "object_barcode",
    "object_type_name",
    "category",
    "brand",
    "model",
    "model_year",
    "color",
    "variant",
    "phone_number_id",
    "license_plate",
    "km_mileage",
    "frame_id",
    "chip_id",
    "key_id",
    "engine_id",
    "battery_id",
    "lock_id",
    "lease_contract_number",
];

fn check_customer(body: &Record) -> Result<(), ApiError> {
    let mut kinds: Vec<(&str, Kind)> = CUSTOMER_STRINGS.iter().map(|f| (*f, Kind::Str)).collect();
    kinds.push(("discount_percentage", Kind::Num));
    kinds.push(("phone_numbers", Kind::Array));
    check_types(body, &kinds, "")?;
    let phones = body.get("phone_numbers").and_then(Value::as_array);
    for (i, phone) in phones.into_iter().flatten().enumerate() {
        let prefix = format!("phone_numbers[{i}].");
        let phone = phone.as_object().ok_or_else(|| {
            ApiError::bad_request(format!("phone_numbers[{i}] must be an object"))
        })?;
        check_types(
            phone,
            &[
                ("phone_number_id", Kind::Str),
                ("phone_number", Kind::Str),
                ("name", Kind::Str),
            ],
            &prefix,
        )?;
    }
    Ok(())
}

fn set_phone_owner(customer: &mut Record, id: i64) {
    if let Some(Value::Array(phones)) = customer.get_mut("phone_numbers") {
        for phone in phones.iter_mut().filter_map(Value::as_object_mut) {
            phone.insert("customer_id".into(), json!(id));
        }
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn text<'a>(record: &'a Record, field: &str) -> &'a str {
    record.get(field).and_then(Value::as_str).unwrap_or("")
}

/// Search parameters of `customers/find.json` (empty strings count as absent).
#[derive(Debug, Default)]
pub struct Find {
    pub phone_number: Option<String>,
    pub email: Option<String>,
    pub query: Option<String>,
}

impl Store {
    pub fn create_customer(&mut self, mut body: Record) -> Result<Value, ApiError> {
        check_customer(&body)?;
        if text(&body, "name").trim().is_empty() {
            return Err(ApiError::bad_request("name is required"));
        }
        let id = self.next_customer;
        self.next_customer += 1;
        for field in CUSTOMER_STRINGS {
            body.entry(field).or_insert_with(|| json!(""));
        }
        body.entry("discount_percentage")
            .or_insert_with(|| json!(0));
        if !body.get("phone_numbers").is_some_and(Value::is_array) {
            body.insert("phone_numbers".into(), json!([]));
        }
        body.insert("customer_id".into(), json!(id));
        body.insert("datetime_created".into(), json!(now_string()));
        set_phone_owner(&mut body, id);
        self.customers.insert(id, body.clone());
        Ok(Value::Object(body))
    }

    pub fn update_customer(&mut self, id: i64, body: Record) -> Result<Value, ApiError> {
        check_customer(&body)?;
        if body.contains_key("name") && text(&body, "name").trim().is_empty() {
            return Err(ApiError::bad_request("name is required"));
        }
        let customer = self
            .customers
            .get_mut(&id)
            .ok_or_else(ApiError::not_found)?;
        for (key, value) in body {
            if key != "customer_id" && key != "datetime_created" {
                customer.insert(key, value);
            }
        }
        set_phone_owner(customer, id);
        Ok(Value::Object(customer.clone()))
    }

    pub fn find_customers(&self, find: &Find) -> Result<Value, ApiError> {
        let phone = find.phone_number.as_deref().map(digits);
        let email = find.email.as_deref().map(str::to_lowercase);
        let query = find.query.as_deref().map(str::to_lowercase);
        if phone.is_none() && email.is_none() && query.is_none() {
            return Err(ApiError::bad_request(
                "phone_number, email or query is required",
            ));
        }
        let found = self.customers.values().filter(|c| {
            let phone_ok = phone.as_ref().is_none_or(|p| {
                !p.is_empty()
                    && c.get("phone_numbers")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|n| n.get("phone_number").and_then(Value::as_str))
                        .any(|n| digits(n) == *p)
            });
            let email_ok = email
                .as_ref()
                .is_none_or(|e| text(c, "email").to_lowercase() == *e);
            let query_ok = query.as_ref().is_none_or(|q| {
                [
                    "name",
                    "first_name",
                    "company_name",
                    "customer_reference",
                    "email",
                ]
                .iter()
                .any(|f| text(c, f).to_lowercase().contains(q.as_str()))
            });
            phone_ok && email_ok && query_ok
        });
        Ok(Value::Array(found.cloned().map(Value::Object).collect()))
    }

    pub fn customer(&self, id: i64) -> Result<Value, ApiError> {
        self.customers
            .get(&id)
            .map(|c| Value::Object(c.clone()))
            .ok_or_else(ApiError::not_found)
    }

    fn check_object(body: &Record) -> Result<(), ApiError> {
        let mut kinds: Vec<(&str, Kind)> = OBJECT_STRINGS.iter().map(|f| (*f, Kind::Str)).collect();
        kinds.extend([
            ("is_active", Kind::Bool),
            ("workshop_rate_id", Kind::Int),
            ("service_level_id", Kind::Int),
            ("lease_fleet_customer_id", Kind::Int),
            ("lease_employer_customer_id", Kind::Int),
        ]);
        check_types(body, &kinds, "")
    }

    pub fn create_object(&mut self, customer_id: i64, mut body: Record) -> Result<Value, ApiError> {
        if !self.customers.contains_key(&customer_id) {
            return Err(ApiError::not_found());
        }
        Self::check_object(&body)?;
        let id = self.next_object;
        self.next_object += 1;
        body.insert("object_id".into(), json!(id));
        body.insert("customer_id".into(), json!(customer_id));
        if !body.get("is_active").is_some_and(Value::is_boolean) {
            body.insert("is_active".into(), json!(true));
        }
        body.entry("images").or_insert_with(|| json!([]));
        self.objects.insert(id, body.clone());
        Ok(Value::Object(body))
    }

    pub fn update_object(
        &mut self,
        customer_id: i64,
        id: i64,
        body: Record,
    ) -> Result<Value, ApiError> {
        Self::check_object(&body)?;
        let object = self
            .objects
            .get_mut(&id)
            .filter(|o| int_field(o, "customer_id") == Some(customer_id))
            .ok_or_else(ApiError::not_found)?;
        for (key, value) in body {
            if !matches!(key.as_str(), "object_id" | "customer_id" | "images") {
                object.insert(key, value);
            }
        }
        Ok(Value::Object(object.clone()))
    }

    pub fn objects_of(&self, customer_id: i64) -> Result<Value, ApiError> {
        if !self.customers.contains_key(&customer_id) {
            return Err(ApiError::not_found());
        }
        let list = self
            .objects
            .values()
            .filter(|o| int_field(o, "customer_id") == Some(customer_id))
            .cloned()
            .map(Value::Object);
        Ok(Value::Array(list.collect()))
    }

    pub fn object(&self, customer_id: i64, id: i64) -> Result<Value, ApiError> {
        self.objects
            .get(&id)
            .filter(|o| int_field(o, "customer_id") == Some(customer_id))
            .map(|o| Value::Object(o.clone()))
            .ok_or_else(ApiError::not_found)
    }

    /// The JSON of `GET /_fake/state` (without the limiter's figure).
    pub fn snapshot(&self, max_in_any_minute: usize) -> Value {
        let all = |m: &BTreeMap<i64, Record>| {
            Value::Array(m.values().cloned().map(Value::Object).collect())
        };
        json!({
            "customers": all(&self.customers),
            "objects": all(&self.objects),
            "orders": all(&self.orders),
            "requests": {"total": self.requests_total, "by_route": self.by_route},
            "rate_limited": self.rate_limited,
            "max_in_any_minute": max_in_any_minute,
        })
    }
}

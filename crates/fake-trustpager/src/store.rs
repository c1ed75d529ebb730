//! The fake's state and rules: work orders as the API returns them, the company's status
//! list and users, the documented validation, and request statistics.
//!
//! Work orders are JSON objects so every field a client sends survives a round trip.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
pub use jobcard_fake_faults::gate::{Logged, Requests};
pub use jobcard_fake_faults::remote::lock;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

pub type Record = Map<String, Value>;

/// The company's seeded work-order statuses: (id, label).
pub const STATUSES: [(&str, &str); 6] = [
    ("5a7a0000-0000-4000-8000-000000000001", "Pending"),
    ("5a7a0000-0000-4000-8000-000000000002", "Scheduled"),
    ("5a7a0000-0000-4000-8000-000000000003", "In Progress"),
    ("5a7a0000-0000-4000-8000-000000000004", "On Hold"),
    ("5a7a0000-0000-4000-8000-000000000005", "Completed"),
    ("5a7a0000-0000-4000-8000-000000000006", "Cancelled"),
];

/// The company's seeded users (team members a work order can be assigned to): (id, name).
pub const USERS: [(&str, &str); 4] = [
    ("a55e0000-0000-4000-8000-000000000001", "Joris Bakker"),
    ("a55e0000-0000-4000-8000-000000000002", "Fatima El Amrani"),
    ("a55e0000-0000-4000-8000-000000000003", "Pieter Visser"),
    ("a55e0000-0000-4000-8000-000000000004", "Marco Jansen"),
];

/// An error answered as `{"error": "message", "code": "CODE"}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "VALIDATION_ERROR", message)
    }
    pub fn not_found(message: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NOT_FOUND", message)
    }
    pub fn body(&self) -> Value {
        json!({"error": self.message, "code": self.code})
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}

pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Whether `text` is a UUID (8-4-4-4-12 hex digits).
pub fn is_uuid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The list filters the doc names.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Filters {
    pub deal_product_id: Option<String>,
    pub status_id: Option<String>,
    pub assigned_to: Option<String>,
    pub schedule_date: Option<String>,
}

#[derive(Debug)]
pub struct Store {
    /// By id, in creation order of `seq`.
    pub orders: BTreeMap<u64, Record>,
    next_id: u64,
    pub email_configured: bool,
    /// Every work-status link sent: `{portal_id, token, work_order_id, deal_product_id}`.
    pub sent_status: Vec<Value>,
    pub requests: Requests,
    pub rate_limited: u64,
}

impl Default for Store {
    fn default() -> Self {
        Self {
            orders: BTreeMap::new(),
            next_id: 1,
            email_configured: true,
            sent_status: Vec::new(),
            requests: Requests::default(),
            rate_limited: 0,
        }
    }
}

fn uuid_of(prefix: &str, n: u64) -> String {
    format!("{prefix}-0000-4000-8000-{n:012x}")
}

fn key(id: &str) -> Option<u64> {
    let last = id.strip_prefix("3c0d0000-0000-4000-8000-")?;
    u64::from_str_radix(last, 16).ok()
}

/// The status a `status` label (case-insensitive) or `status_id` names.
fn resolve_status(body: &Record) -> Result<Option<(&'static str, &'static str)>, ApiError> {
    if let Some(id) = body.get("status_id").filter(|v| !v.is_null()) {
        let id = id.as_str().unwrap_or("");
        return STATUSES
            .iter()
            .find(|(sid, _)| *sid == id)
            .map(|s| Some(*s))
            .ok_or_else(|| ApiError::invalid(format!("Unknown status_id '{id}'")));
    }
    match body.get("status") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(label)) => STATUSES
            .iter()
            .find(|(_, l)| l.eq_ignore_ascii_case(label.trim()))
            .map(|s| Some(*s))
            .ok_or_else(|| ApiError::invalid(format!("Unknown status '{label}' for this company"))),
        Some(_) => Err(ApiError::invalid("status must be a string label")),
    }
}

fn optional_text(body: &Record, field: &str) -> Result<(), ApiError> {
    match body.get(field) {
        None | Some(Value::Null | Value::String(_)) => Ok(()),
        Some(_) => Err(ApiError::invalid(format!("{field} must be a string"))),
    }
}

/// Checks the fields a create or update may carry.
fn check_fields(body: &Record, create: bool) -> Result<(), ApiError> {
    match body.get("title") {
        Some(Value::String(t)) if !t.trim().is_empty() => {}
        None if !create => {}
        _ => return Err(ApiError::invalid("title is required")),
    }
    optional_text(body, "description")?;
    optional_text(body, "deal_product_id")?;
    match body.get("schedule_date") {
        None | Some(Value::Null) => {}
        Some(Value::String(d)) if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok() => {}
        Some(_) => return Err(ApiError::invalid("schedule_date must be an ISO date")),
    }
    match body.get("schedule_time") {
        None | Some(Value::Null) => {}
        Some(Value::String(t)) if chrono::NaiveTime::parse_from_str(t, "%H:%M:%S").is_ok() => {}
        Some(_) => return Err(ApiError::invalid("schedule_time must be HH:MM:SS or null")),
    }
    match body.get("assigned_to") {
        None | Some(Value::Null) => {}
        Some(Value::String(u)) if USERS.iter().any(|(id, _)| id == u) => {}
        Some(Value::String(u)) if is_uuid(u) => {
            return Err(ApiError::invalid(format!(
                "assigned_to: no user {u} in this company"
            )));
        }
        Some(_) => return Err(ApiError::invalid("assigned_to must be a user UUID or null")),
    }
    Ok(())
}

const OWN: [&str; 6] = [
    "title",
    "description",
    "schedule_date",
    "schedule_time",
    "assigned_to",
    "deal_product_id",
];

impl Store {
    fn get_mut(&mut self, id: &str) -> Result<&mut Record, ApiError> {
        key(id)
            .and_then(|k| self.orders.get_mut(&k))
            .ok_or_else(|| ApiError::not_found("Work order not found"))
    }

    pub fn get(&self, id: &str) -> Result<Record, ApiError> {
        key(id)
            .and_then(|k| self.orders.get(&k))
            .cloned()
            .ok_or_else(|| ApiError::not_found("Work order not found"))
    }

    pub fn list(&self, f: &Filters) -> Result<Value, ApiError> {
        if let Some(d) = &f.schedule_date
            && chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err()
        {
            return Err(ApiError::invalid("schedule_date must be an ISO date"));
        }
        let is = |o: &Record, field: &str, want: &Option<String>| {
            want.as_deref()
                .is_none_or(|w| o.get(field).and_then(Value::as_str) == Some(w))
        };
        let data: Vec<Value> = self
            .orders
            .values()
            .filter(|o| {
                is(o, "deal_product_id", &f.deal_product_id)
                    && is(o, "status_id", &f.status_id)
                    && is(o, "assigned_to", &f.assigned_to)
                    && is(o, "schedule_date", &f.schedule_date)
            })
            .map(|o| Value::Object(o.clone()))
            .collect();
        Ok(json!({ "data": data }))
    }

    pub fn create(&mut self, body: Record) -> Result<Record, ApiError> {
        check_fields(&body, true)?;
        let (status_id, label) = resolve_status(&body)?.unwrap_or(STATUSES[0]);
        let k = self.next_id;
        self.next_id += 1;
        let at = now();
        let mut record = Record::new();
        record.insert("id".into(), json!(uuid_of("3c0d0000", k)));
        for field in OWN {
            record.insert(
                field.into(),
                body.get(field).cloned().unwrap_or(Value::Null),
            );
        }
        record.insert("status_id".into(), json!(status_id));
        record.insert("status".into(), json!(label));
        record.insert("created_at".into(), json!(at));
        record.insert("updated_at".into(), json!(at));
        self.orders.insert(k, record.clone());
        Ok(record)
    }

    /// A partial update: only the given fields change; null clears.
    pub fn update(&mut self, id: &str, body: Record) -> Result<Record, ApiError> {
        check_fields(&body, false)?;
        let status = resolve_status(&body)?;
        let record = self.get_mut(id)?;
        for field in OWN {
            if let Some(v) = body.get(field) {
                record.insert(field.into(), v.clone());
            }
        }
        if let Some((status_id, label)) = status {
            record.insert("status_id".into(), json!(status_id));
            record.insert("status".into(), json!(label));
        }
        record.insert("updated_at".into(), json!(now()));
        Ok(record.clone())
    }

    pub fn delete(&mut self, id: &str) -> Result<(), ApiError> {
        let k = key(id).ok_or_else(|| ApiError::not_found("Work order not found"))?;
        self.orders
            .remove(&k)
            .map(|_| ())
            .ok_or_else(|| ApiError::not_found("Work order not found"))
    }

    /// Sends the work-status portal link: the deal is `deal_product_id`, or the one of the
    /// work order `work_order_id` (a work order without a deal is its own).
    pub fn send_work_status(&mut self, body: &Record) -> Result<Value, ApiError> {
        let text = |f: &str| body.get(f).and_then(Value::as_str).map(str::to_owned);
        let work_order = text("work_order_id");
        let deal = text("deal_product_id").or_else(|| {
            let id = work_order.as_deref()?;
            self.get(id)
                .ok()?
                .get("deal_product_id")
                .and_then(Value::as_str)
                .map(str::to_owned)
        });
        if work_order.is_none() && deal.is_none() {
            return Err(ApiError::invalid(
                "work_order_id or deal_product_id is required",
            ));
        }
        let on_deal = match (&deal, &work_order) {
            (Some(d), _) => self
                .orders
                .values()
                .filter(|o| o.get("deal_product_id").and_then(Value::as_str) == Some(d))
                .count(),
            (None, Some(id)) => usize::from(self.get(id).is_ok()),
            (None, None) => 0,
        };
        if on_deal == 0 {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "NO_WORK_ORDERS",
                "Deal has no work orders",
            ));
        }
        if !self.email_configured {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "EMAIL_NOT_CONFIGURED",
                "Email is not configured for this company",
            ));
        }
        let n = u64::try_from(self.sent_status.len()).unwrap_or(0) + 1;
        let portal_id = uuid_of("90a7a100", n);
        let token = format!("tok{n:08}");
        self.sent_status.push(json!({
            "portal_id": portal_id, "token": token,
            "work_order_id": work_order, "deal_product_id": deal,
        }));
        Ok(json!({"success": true, "portal_id": portal_id, "token": token}))
    }

    /// A status change made in the CRM (a label, case-insensitive); `false` when unknown.
    pub fn set_status(&mut self, id: &str, label: &str) -> bool {
        let Some((status_id, label)) = STATUSES
            .iter()
            .find(|(_, l)| l.eq_ignore_ascii_case(label.trim()))
            .copied()
        else {
            return false;
        };
        let Ok(record) = self.get_mut(id) else {
            return false;
        };
        record.insert("status_id".into(), json!(status_id));
        record.insert("status".into(), json!(label));
        record.insert("updated_at".into(), json!(now()));
        true
    }

    pub fn snapshot(&self) -> Value {
        let statuses: Vec<Value> = STATUSES
            .iter()
            .map(|(id, label)| json!({"id": id, "label": label}))
            .collect();
        let users: Vec<Value> = USERS
            .iter()
            .map(|(id, name)| json!({"id": id, "name": name}))
            .collect();
        json!({
            "work_orders": self.orders.values().cloned().map(Value::Object).collect::<Vec<_>>(),
            "statuses": statuses,
            "users": users,
            "email_configured": self.email_configured,
            "sent_status": self.sent_status,
            "requests": self.requests.json(),
            "rate_limited": self.rate_limited,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn body(v: Value) -> Record {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn statuses_resolve_by_label_case_insensitively_or_by_id() {
        let mut s = Store::default();
        let r = s
            .create(body(json!({"title": "A", "status": "in progress"})))
            .unwrap();
        assert_eq!(r["status"], "In Progress");
        assert_eq!(r["status_id"], STATUSES[2].0);
        let id = r["id"].as_str().unwrap().to_owned();
        let r = s
            .update(&id, body(json!({"status_id": STATUSES[4].0})))
            .unwrap();
        assert_eq!(r["status"], "Completed");
        let err = s.update(&id, body(json!({"status": "Done"}))).unwrap_err();
        assert_eq!(err.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            s.create(body(json!({"title": "B"}))).unwrap()["status"],
            "Pending"
        );
    }

    #[test]
    fn patch_is_partial_and_null_clears() {
        let mut s = Store::default();
        let r = s
            .create(body(json!({"title": "A", "schedule_date": "2026-11-24",
                "schedule_time": "09:30:00", "assigned_to": USERS[0].0, "description": "d"})))
            .unwrap();
        let id = r["id"].as_str().unwrap().to_owned();
        let r = s
            .update(
                &id,
                body(json!({"schedule_time": null, "assigned_to": null})),
            )
            .unwrap();
        assert_eq!(r["schedule_date"], "2026-11-24");
        assert_eq!(r["schedule_time"], Value::Null);
        assert_eq!(r["assigned_to"], Value::Null);
        assert_eq!(r["description"], "d");
        assert!(
            s.update(&id, body(json!({"schedule_time": "9:30"})))
                .is_err()
        );
        assert!(
            s.update(&id, body(json!({"assigned_to": "nobody"})))
                .is_err()
        );
        assert!(s.update(&id, body(json!({"title": ""}))).is_err());
    }

    #[test]
    fn send_work_status_refuses_without_work_orders_or_email() {
        let mut s = Store::default();
        let err = s
            .send_work_status(&body(json!({"deal_product_id": "deal-1"})))
            .unwrap_err();
        assert_eq!(err.code, "NO_WORK_ORDERS");
        let r = s
            .create(body(json!({"title": "A", "deal_product_id": "deal-1"})))
            .unwrap();
        let ok = s
            .send_work_status(&body(json!({"work_order_id": r["id"]})))
            .unwrap();
        assert_eq!(ok["success"], true);
        assert_eq!(s.sent_status[0]["deal_product_id"], "deal-1");
        s.email_configured = false;
        let err = s
            .send_work_status(&body(json!({"deal_product_id": "deal-1"})))
            .unwrap_err();
        assert_eq!(err.code, "EMAIL_NOT_CONFIGURED");
    }

    #[test]
    fn lists_filter_on_the_documented_fields() {
        let mut s = Store::default();
        s.create(body(json!({"title": "A", "assigned_to": USERS[1].0})))
            .unwrap();
        s.create(body(json!({"title": "B", "status": "Scheduled"})))
            .unwrap();
        let f = Filters {
            assigned_to: Some(USERS[1].0.to_owned()),
            ..Filters::default()
        };
        assert_eq!(s.list(&f).unwrap()["data"].as_array().unwrap().len(), 1);
        let f = Filters {
            status_id: Some(STATUSES[1].0.to_owned()),
            ..Filters::default()
        };
        assert_eq!(s.list(&f).unwrap()["data"][0]["title"], "B");
        assert!(is_uuid(USERS[0].0));
        assert!(!is_uuid("a55e0000-0000-4000-8000-00000000000"));
    }
}

//! The fake's state and rules: work orders as the API returns them, the
//! documented validation and state machine, and request statistics.
//!
//! Work orders are JSON objects so every field a client sends survives a
//! round trip.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
pub use jobcard_fake_faults::gate::{Logged, Requests};
pub use jobcard_fake_faults::remote::lock;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

pub type Record = Map<String, Value>;

pub const STATUSES: [&str; 6] = [
    "OPEN",
    "IN_PROGRESS",
    "COMPLETED",
    "CANCELLED",
    "PAUSED",
    "ON_HOLD",
];
const PRIORITIES: [&str; 4] = ["LOW", "NORMAL", "HIGH", "CRITICAL"];

/// An error answered as `{"error": {"code", "message", "details"?}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Option<Value>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: None,
        }
    }
    pub fn validation(field: &str, reason: &str) -> Self {
        Self {
            details: Some(json!({"field": field, "reason": reason})),
            ..Self::new(
                StatusCode::BAD_REQUEST,
                "VALIDATION_ERROR",
                "Validation failed",
            )
        }
    }
    pub fn not_found(message: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NOT_FOUND", message)
    }
    pub fn transition(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "INVALID_STATE_TRANSITION", message)
    }
    pub fn body(&self) -> Value {
        let mut error = json!({"code": self.code, "message": self.message});
        if let (Some(details), Some(map)) = (&self.details, error.as_object_mut()) {
            map.insert("details".into(), details.clone());
        }
        json!({ "error": error })
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

#[derive(Debug)]
pub struct Store {
    pub orders: BTreeMap<u64, Record>,
    next_id: u64,
    pub requests: Requests,
    pub rate_limited: u64,
}

impl Default for Store {
    fn default() -> Self {
        Self {
            orders: BTreeMap::new(),
            next_id: 1000,
            requests: Requests::default(),
            rate_limited: 0,
        }
    }
}

/// `wo-1000` → 1000.
fn key(id: &str) -> Result<u64, ApiError> {
    id.strip_prefix("wo-")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| ApiError::not_found("Work order not found"))
}

fn text(map: &Record, field: &str, required: bool) -> Result<(), ApiError> {
    match map.get(field) {
        None | Some(Value::Null) if required => Err(ApiError::validation(field, "REQUIRED")),
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(s)) if required && s.trim().is_empty() => {
            Err(ApiError::validation(field, "REQUIRED"))
        }
        Some(Value::String(_)) => Ok(()),
        Some(_) => Err(ApiError::validation(field, "MUST_BE_STRING")),
    }
}

fn positive(map: &Record, field: &str, required: bool) -> Result<(), ApiError> {
    match map.get(field) {
        None | Some(Value::Null) if required => Err(ApiError::validation(field, "REQUIRED")),
        None | Some(Value::Null) => Ok(()),
        Some(v) if v.as_f64().is_some_and(|n| n > 0.0) => Ok(()),
        Some(v) if v.is_number() => Err(ApiError::validation(field, "MUST_BE_POSITIVE")),
        Some(_) => Err(ApiError::validation(field, "MUST_BE_NUMBER")),
    }
}

/// Checks the fields a create or update may carry.
fn check_fields(map: &Record, create: bool) -> Result<(), ApiError> {
    text(map, "orderNumber", create)?;
    text(map, "product", create)?;
    positive(map, "quantity", create)?;
    text(map, "customer", false)?;
    text(map, "notes", false)?;
    match map.get("priority") {
        None | Some(Value::Null) => {}
        Some(Value::String(p)) if PRIORITIES.contains(&p.as_str()) => {}
        Some(_) => return Err(ApiError::validation("priority", "INVALID_VALUE")),
    }
    match map.get("dueDate") {
        None | Some(Value::Null) => {}
        Some(Value::String(d)) if chrono::DateTime::parse_from_rfc3339(d).is_ok() => {}
        Some(_) => return Err(ApiError::validation("dueDate", "INVALID_DATE")),
    }
    Ok(())
}

impl Store {
    fn get_mut(&mut self, id: &str) -> Result<&mut Record, ApiError> {
        let k = key(id)?;
        self.orders
            .get_mut(&k)
            .ok_or_else(|| ApiError::not_found("Work order not found"))
    }

    pub fn get(&self, id: &str) -> Result<Record, ApiError> {
        let k = key(id)?;
        self.orders
            .get(&k)
            .cloned()
            .ok_or_else(|| ApiError::not_found("Work order not found"))
    }

    pub fn list(
        &self,
        page: u64,
        limit: u64,
        status: Option<&str>,
        sort: Option<&str>,
    ) -> Result<Value, ApiError> {
        if page == 0 {
            return Err(ApiError::validation("page", "MUST_BE_POSITIVE"));
        }
        if limit == 0 || limit > 100 {
            return Err(ApiError::validation("limit", "MUST_BE_BETWEEN_1_AND_100"));
        }
        if let Some(s) = status.filter(|s| !STATUSES.contains(s)) {
            return Err(ApiError::validation(
                "status",
                &format!("UNKNOWN_STATUS_{s}"),
            ));
        }
        let mut all: Vec<&Record> = self
            .orders
            .values()
            .filter(|o| status.is_none_or(|s| o.get("status").and_then(Value::as_str) == Some(s)))
            .collect();
        if let Some(sort) = sort.filter(|s| !s.is_empty()) {
            let (field, desc) = match sort.strip_prefix('-') {
                Some(f) => (f, true),
                None => (sort, false),
            };
            let cmp_key = |o: &Record| o.get(field).map(Value::to_string).unwrap_or_default();
            all.sort_by_key(|o| cmp_key(o));
            if desc {
                all.reverse();
            }
        }
        let total = all.len() as u64;
        let start = usize::try_from((page - 1).saturating_mul(limit)).unwrap_or(usize::MAX);
        let data: Vec<Value> = all
            .into_iter()
            .skip(start)
            .take(usize::try_from(limit).unwrap_or(100))
            .map(|o| Value::Object(o.clone()))
            .collect();
        Ok(json!({
            "data": data,
            "pagination": {
                "page": page,
                "limit": limit,
                "total": total,
                "hasMore": page.saturating_mul(limit) < total,
            }
        }))
    }

    pub fn create(&mut self, body: Record) -> Result<Record, ApiError> {
        check_fields(&body, true)?;
        if body.contains_key("status") {
            return Err(ApiError::validation("status", "READ_ONLY"));
        }
        let k = self.next_id;
        self.next_id += 1;
        let at = now();
        let mut record = body;
        record.insert("id".into(), json!(format!("wo-{k}")));
        record.insert("status".into(), json!("OPEN"));
        record.insert("completedQuantity".into(), json!(0));
        record.entry("priority").or_insert_with(|| json!("NORMAL"));
        record.insert("startDate".into(), Value::Null);
        record.insert("createdAt".into(), json!(at));
        record.insert("updatedAt".into(), json!(at));
        self.orders.insert(k, record.clone());
        Ok(record)
    }

    pub fn update(&mut self, id: &str, body: Record) -> Result<Record, ApiError> {
        check_fields(&body, false)?;
        let record = self.get_mut(id)?;
        let current = status_of(record);
        if matches!(current.as_str(), "COMPLETED" | "CANCELLED") {
            return Err(ApiError::transition(format!(
                "Cannot update work order that is {}",
                current.to_lowercase()
            )));
        }
        if let Some(to) = body.get("status") {
            let to = to.as_str().unwrap_or("");
            match to {
                "OPEN" | "PAUSED" | "ON_HOLD" | "CANCELLED" => {}
                "IN_PROGRESS" | "COMPLETED" => {
                    return Err(ApiError::validation("status", "USE_START_OR_COMPLETE"));
                }
                _ => return Err(ApiError::validation("status", "INVALID_VALUE")),
            }
            if to == "OPEN" && current == "IN_PROGRESS" {
                return Err(ApiError::transition(
                    "Cannot reopen work order that is in progress",
                ));
            }
        }
        for (k, v) in body {
            if !matches!(
                k.as_str(),
                "id" | "createdAt" | "updatedAt" | "startDate" | "completionDate"
            ) {
                record.insert(k, v);
            }
        }
        record.insert("updatedAt".into(), json!(now()));
        Ok(record.clone())
    }

    pub fn start(&mut self, id: &str) -> Result<Record, ApiError> {
        let record = self.get_mut(id)?;
        let current = status_of(record);
        if !matches!(current.as_str(), "OPEN" | "PAUSED" | "ON_HOLD") {
            return Err(ApiError::transition(format!(
                "Cannot start work order that is {}",
                describe(&current)
            )));
        }
        let at = now();
        record.insert("status".into(), json!("IN_PROGRESS"));
        if record.get("startDate").is_none_or(Value::is_null) {
            record.insert("startDate".into(), json!(at));
        }
        record.insert("updatedAt".into(), json!(at));
        Ok(record.clone())
    }

    pub fn complete(&mut self, id: &str, body: &Record) -> Result<Record, ApiError> {
        match body.get("completedQuantity") {
            None | Some(Value::Null) => {}
            Some(v) if v.as_f64().is_some_and(|n| n >= 0.0) => {}
            Some(_) => {
                return Err(ApiError::validation(
                    "completedQuantity",
                    "MUST_BE_POSITIVE",
                ));
            }
        }
        text(body, "notes", false)?;
        let record = self.get_mut(id)?;
        let current = status_of(record);
        if current != "IN_PROGRESS" {
            return Err(ApiError::transition(format!(
                "Cannot complete work order that is {}",
                describe(&current)
            )));
        }
        let at = now();
        let quantity = body
            .get("completedQuantity")
            .filter(|v| !v.is_null())
            .cloned()
            .or_else(|| record.get("quantity").cloned())
            .unwrap_or(json!(0));
        record.insert("status".into(), json!("COMPLETED"));
        record.insert("completedQuantity".into(), quantity);
        if let Some(notes) = body.get("notes").filter(|n| !n.is_null()) {
            record.insert("notes".into(), notes.clone());
        }
        record.insert("completionDate".into(), json!(at));
        record.insert("updatedAt".into(), json!(at));
        Ok(record.clone())
    }

    pub fn delete(&mut self, id: &str) -> Result<(), ApiError> {
        let current = status_of(self.get_mut(id)?);
        if current == "IN_PROGRESS" {
            return Err(ApiError::transition(
                "Cannot delete work order that is in progress",
            ));
        }
        let k = key(id)?;
        self.orders.remove(&k);
        Ok(())
    }

    /// A change made on the shop floor (any status, no rules); `false` when unknown.
    pub fn set_status(&mut self, id: &str, status: &str) -> bool {
        if !STATUSES.contains(&status) {
            return false;
        }
        let Ok(record) = self.get_mut(id) else {
            return false;
        };
        let at = now();
        record.insert("status".into(), json!(status));
        if status == "COMPLETED" {
            record.insert("completionDate".into(), json!(at));
        }
        record.insert("updatedAt".into(), json!(at));
        true
    }

    pub fn snapshot(&self) -> Value {
        json!({
            "work_orders": self.orders.values().cloned().map(Value::Object).collect::<Vec<_>>(),
            "requests": self.requests.json(),
            "rate_limited": self.rate_limited,
        })
    }
}

fn status_of(record: &Record) -> String {
    record
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or("OPEN")
        .to_owned()
}

fn describe(status: &str) -> String {
    match status {
        "IN_PROGRESS" => "already in progress".to_owned(),
        "COMPLETED" => "already completed".to_owned(),
        other => other.to_lowercase().replace('_', " "),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn body(v: Value) -> Record {
        v.as_object().unwrap().clone()
    }

    fn new_order(s: &mut Store) -> String {
        let r = s
            .create(body(
                json!({"orderNumber": "A-1", "product": "Bike", "quantity": 1}),
            ))
            .unwrap();
        r["id"].as_str().unwrap().to_owned()
    }

    #[test]
    fn the_state_machine_refuses_what_the_doc_refuses() {
        let mut s = Store::default();
        let id = new_order(&mut s);
        assert_eq!(
            s.complete(&id, &Record::new()).unwrap_err().code,
            "INVALID_STATE_TRANSITION"
        );
        s.start(&id).unwrap();
        assert_eq!(s.delete(&id).unwrap_err().status, StatusCode::CONFLICT);
        assert_eq!(s.start(&id).unwrap_err().status, StatusCode::CONFLICT);
        s.update(&id, body(json!({"status": "PAUSED"}))).unwrap();
        s.start(&id).unwrap();
        let done = s
            .complete(&id, &body(json!({"completedQuantity": 1, "notes": "ok"})))
            .unwrap();
        assert_eq!(done["status"], "COMPLETED");
        assert_eq!(done["notes"], "ok");
        let err = s.start(&id).unwrap_err();
        assert_eq!(
            err.message,
            "Cannot start work order that is already completed"
        );
        assert_eq!(
            s.update(&id, body(json!({"notes": "x"})))
                .unwrap_err()
                .status,
            StatusCode::CONFLICT
        );
    }

    #[test]
    fn validation_names_field_and_reason() {
        let mut s = Store::default();
        let err = s
            .create(body(
                json!({"orderNumber": "A", "product": "B", "quantity": 0}),
            ))
            .unwrap_err();
        assert_eq!(
            err.body(),
            json!({"error": {"code": "VALIDATION_ERROR", "message": "Validation failed",
                "details": {"field": "quantity", "reason": "MUST_BE_POSITIVE"}}})
        );
        assert!(s.list(1, 101, None, None).is_err());
    }

    #[test]
    fn lists_page_and_filter() {
        let mut s = Store::default();
        for _ in 0..5 {
            new_order(&mut s);
        }
        let page = s.list(2, 2, None, Some("-id")).unwrap();
        assert_eq!(page["data"].as_array().unwrap().len(), 2);
        assert_eq!(page["pagination"]["hasMore"], true);
        assert_eq!(page["pagination"]["total"], 5);
        let open = s.list(1, 100, Some("IN_PROGRESS"), None).unwrap();
        assert_eq!(open["data"].as_array().unwrap().len(), 0);
        let id = new_order(&mut s);
        s.delete(&id).unwrap();
        assert_eq!(s.get(&id).unwrap_err().code, "NOT_FOUND");
    }
}

//! The fake's state and rules: work orders as the API returns them, the validation the
//! module documentation lists, and request statistics.
//!
//! Work orders are JSON objects, so every field a client sends survives a round trip.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
pub use jobcard_fake_faults::gate::{Logged, Requests};
pub use jobcard_fake_faults::remote::lock;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

pub type Record = Map<String, Value>;

/// Field Nation's work-order statuses: (id, name).
pub const STATUSES: [(u64, &str); 8] = [
    (1, "Draft"),
    (2, "Published"),
    (3, "Routed"),
    (4, "Assigned"),
    (5, "Work Done"),
    (6, "Approved"),
    (7, "Paid"),
    (8, "Cancelled"),
];

const WINDOW_MODES: [&str; 3] = ["exact", "between", "hours"];

/// An error answered in the document's shape `{"status": CODE, "message": "..."}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }
    pub fn bad_request(message: &str) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn not_found(message: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
    pub fn body(&self) -> Value {
        json!({"status": self.status.as_u16(), "message": self.message})
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}

fn moment() -> Value {
    let now = chrono::Utc::now();
    json!({
        "utc": now.format("%Y-%m-%d %H:%M:%S").to_string(),
        "local": {"date": now.format("%Y-%m-%d").to_string(),
                  "time": now.format("%H:%M:%S").to_string()},
    })
}

#[derive(Debug)]
pub struct Store {
    pub orders: BTreeMap<u64, Record>,
    next_id: u64,
    pub requests: Requests,
    pub rate_limited: u64,
    pub unauthorized: u64,
}

impl Default for Store {
    fn default() -> Self {
        Self {
            orders: BTreeMap::new(),
            next_id: 1000,
            requests: Requests::default(),
            rate_limited: 0,
            unauthorized: 0,
        }
    }
}

/// `{"id", "name", "display"}` for a status name (case and `_` / space insensitive).
pub fn status_object(name: &str) -> Option<Value> {
    let wanted = name.trim().to_ascii_lowercase().replace('_', " ");
    STATUSES
        .iter()
        .find(|(_, n)| n.to_ascii_lowercase() == wanted)
        .map(|(id, n)| json!({"id": id, "name": n, "display": n}))
}

fn status_name(record: &Record) -> String {
    record
        .get("status")
        .and_then(|s| s.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("Draft")
        .to_owned()
}

fn check_title(map: &Record, required: bool) -> Result<(), ApiError> {
    match map.get("title") {
        None if required => Err(ApiError::bad_request("title is required")),
        None => Ok(()),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(()),
        Some(_) => Err(ApiError::bad_request("title must be a non-empty string")),
    }
}

fn check_html(map: &Record, field: &str) -> Result<(), ApiError> {
    match map.get(field) {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Object(o)) if o.values().all(|v| v.is_string() || v.is_null()) => Ok(()),
        Some(_) => Err(ApiError::bad_request(&format!(
            "{field} must be an object with html and/or markdown strings"
        ))),
    }
}

fn check_schedule(map: &Record) -> Result<(), ApiError> {
    let Some(schedule) = map.get("schedule") else {
        return Ok(());
    };
    let mode = schedule.get("service_window").and_then(|w| w.get("mode"));
    match mode {
        None => Ok(()),
        Some(Value::String(m)) if WINDOW_MODES.contains(&m.as_str()) => Ok(()),
        Some(other) => Err(ApiError::bad_request(&format!(
            "schedule.service_window.mode {other} is not exact, between or hours"
        ))),
    }
}

/// Checks the fields a create or update may carry.
fn check_fields(map: &Record, create: bool) -> Result<(), ApiError> {
    check_title(map, create)?;
    check_html(map, "description")?;
    check_html(map, "confidential")?;
    check_schedule(map)?;
    match map.get("closing_notes") {
        None | Some(Value::Null | Value::String(_)) => Ok(()),
        Some(_) => Err(ApiError::bad_request("closing_notes must be a string")),
    }
}

/// Objects are merged key by key; anything else is replaced.
fn merge(target: &mut Value, patch: Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                merge(t.entry(k).or_insert(Value::Null), v);
            }
        }
        (t, p) => *t = p,
    }
}

const READ_ONLY: [&str; 4] = ["id", "work_order_id", "milestones", "status"];

impl Store {
    pub fn get(&self, id: u64) -> Result<Record, ApiError> {
        self.orders
            .get(&id)
            .cloned()
            .ok_or_else(|| ApiError::not_found("Work order not found"))
    }

    /// One page of summaries (`id`, `title`, `status`), pages counted from 1.
    pub fn list(&self, page: u64, per_page: u64) -> Result<Value, ApiError> {
        if page == 0 {
            return Err(ApiError::bad_request("page must be at least 1"));
        }
        if per_page == 0 || per_page > 100 {
            return Err(ApiError::bad_request("per_page must be between 1 and 100"));
        }
        let total = self.orders.len() as u64;
        let pages = total.div_ceil(per_page);
        let skip = usize::try_from((page - 1).saturating_mul(per_page)).unwrap_or(usize::MAX);
        let results: Vec<Value> = self
            .orders
            .values()
            .skip(skip)
            .take(usize::try_from(per_page).unwrap_or(100))
            .map(|o| {
                let pick = |k: &str| o.get(k).cloned().unwrap_or(Value::Null);
                json!({"id": pick("id"), "work_order_id": pick("work_order_id"),
                       "title": pick("title"), "status": pick("status")})
            })
            .collect();
        Ok(json!({
            "metadata": {"total": total, "page": page, "pages": pages, "per_page": per_page},
            "results": results,
        }))
    }

    fn insert(&mut self, body: Record, status: Value) -> Record {
        let id = self.next_id;
        self.next_id += 1;
        let mut record = body;
        record.insert("id".into(), json!(id));
        record.insert("work_order_id".into(), json!(id));
        record.insert("status".into(), status);
        record.insert("milestones".into(), json!({"created": moment()}));
        self.orders.insert(id, record.clone());
        record
    }

    pub fn create(&mut self, body: Record) -> Result<Record, ApiError> {
        check_fields(&body, true)?;
        if body.contains_key("status") {
            return Err(ApiError::bad_request(
                "status cannot be set when creating a work order",
            ));
        }
        let draft = status_object("draft").unwrap_or(Value::Null);
        Ok(self.insert(body, draft))
    }

    /// A work order a buyer published (status from the body's `status` name, else Assigned).
    pub fn publish(&mut self, mut body: Record) -> Result<u64, ApiError> {
        let status = match body.remove("status") {
            Some(Value::String(name)) => status_object(&name)
                .ok_or_else(|| ApiError::bad_request(&format!("unknown status {name}")))?,
            _ => status_object("assigned").unwrap_or(Value::Null),
        };
        check_fields(&body, true)?;
        let record = self.insert(body, status);
        Ok(record.get("id").and_then(Value::as_u64).unwrap_or(0))
    }

    /// Moves a work order to a status "on the marketplace" (a technician marking work done,
    /// a buyer approving, paying or cancelling); false when the work order or the status is
    /// unknown.
    pub fn set_status(&mut self, id: u64, name: &str) -> bool {
        let (Some(record), Some(status)) = (self.orders.get_mut(&id), status_object(name)) else {
            return false;
        };
        record.insert("status".into(), status);
        true
    }

    /// A buyer's edit on the marketplace: the fields of `body` merged into the work order
    /// (no validation, so a test can put any text there); false when it is unknown.
    pub fn amend(&mut self, id: u64, body: Record) -> bool {
        let Some(record) = self.orders.get_mut(&id) else {
            return false;
        };
        for (k, v) in body {
            if !READ_ONLY.contains(&k.as_str()) {
                merge(record.entry(k).or_insert(Value::Null), v);
            }
        }
        true
    }

    pub fn update(&mut self, id: u64, body: Record) -> Result<Record, ApiError> {
        check_fields(&body, false)?;
        let record = self
            .orders
            .get_mut(&id)
            .ok_or_else(|| ApiError::not_found("Work order not found"))?;
        let current = status_name(record);
        if let Some(to) = body.get("status") {
            if to.as_str() != Some("work_done") {
                return Err(ApiError::bad_request(&format!(
                    "status {to} cannot be set; only work_done"
                )));
            }
            if current == "Cancelled" {
                return Err(ApiError::bad_request(
                    "Work order is cancelled and cannot be marked work done",
                ));
            }
            record.insert(
                "status".into(),
                status_object("work_done").unwrap_or(Value::Null),
            );
            let mut stamp = json!({"workdone": moment()});
            merge(
                record.entry("milestones").or_insert(json!({})),
                stamp.take(),
            );
        }
        for (k, v) in body {
            if !READ_ONLY.contains(&k.as_str()) {
                merge(record.entry(k).or_insert(Value::Null), v);
            }
        }
        Ok(record.clone())
    }

    pub fn delete(&mut self, id: u64) -> Result<(), ApiError> {
        self.orders
            .remove(&id)
            .map(|_| ())
            .ok_or_else(|| ApiError::not_found("Work order not found"))
    }

    pub fn snapshot(&self) -> Value {
        json!({
            "work_orders": self.orders.values().cloned().map(Value::Object).collect::<Vec<_>>(),
            "requests": self.requests.json(),
            "rate_limited": self.rate_limited,
            "unauthorized": self.unauthorized,
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
    fn a_put_changes_only_the_given_fields_and_sets_work_done() {
        let mut s = Store::default();
        let created = s
            .create(body(json!({"title": "Fit a chain",
                "schedule": {"service_window": {"mode": "exact", "start": {"utc": "2026-01-01 09:00:00"}},
                             "time_zone": {"name": "Europe/Amsterdam"}}})))
            .unwrap();
        let id = created["id"].as_u64().unwrap();
        assert_eq!(created["status"]["name"], "Draft");
        let done = s
            .update(
                id,
                body(json!({"status": "work_done", "closing_notes": "Done",
                "schedule": {"service_window": {"start": {"utc": "2026-01-02 10:00:00"}}}})),
            )
            .unwrap();
        assert_eq!(done["status"]["name"], "Work Done");
        assert_eq!(done["closing_notes"], "Done");
        assert_eq!(done["title"], "Fit a chain");
        assert_eq!(done["schedule"]["time_zone"]["name"], "Europe/Amsterdam");
        assert_eq!(done["schedule"]["service_window"]["mode"], "exact");
        assert_eq!(
            done["schedule"]["service_window"]["start"]["utc"],
            "2026-01-02 10:00:00"
        );
    }

    #[test]
    fn validation_answers_in_the_documents_shape() {
        let mut s = Store::default();
        let err = s
            .create(body(json!({"description": {"html": "x"}})))
            .unwrap_err();
        assert_eq!(
            err.body(),
            json!({"status": 400, "message": "title is required"})
        );
        let id = s
            .publish(body(json!({"title": "T", "status": "cancelled"})))
            .unwrap();
        assert_eq!(
            s.update(id, body(json!({"status": "approved"})))
                .unwrap_err()
                .status,
            StatusCode::BAD_REQUEST
        );
        assert!(s.update(id, body(json!({"status": "work_done"}))).is_err());
        assert!(
            s.update(
                id,
                body(json!({"schedule": {"service_window": {"mode": "soon"}}}))
            )
            .is_err()
        );
        s.delete(id).unwrap();
        assert_eq!(s.get(id).unwrap_err().status, StatusCode::NOT_FOUND);
    }

    #[test]
    fn lists_page_with_the_documents_metadata() {
        let mut s = Store::default();
        for n in 0..5 {
            s.publish(body(json!({"title": format!("WO {n}")})))
                .unwrap();
        }
        let page = s.list(2, 2).unwrap();
        assert_eq!(page["results"].as_array().unwrap().len(), 2);
        assert_eq!(
            page["metadata"],
            json!({"total": 5, "page": 2, "pages": 3, "per_page": 2})
        );
        assert_eq!(page["results"][0]["title"], "WO 2");
        assert_eq!(page["results"][0]["status"]["name"], "Assigned");
        assert!(s.list(1, 101).is_err());
        assert!(s.list(0, 10).is_err());
    }
}

//! The fake's state and rules: work orders in the doc's shape (tasks inside), the list's
//! filters and pagination, the downstream sync's validation, and request statistics.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
pub use jobcard_fake_faults::gate::{Logged, Requests};
pub use jobcard_fake_faults::remote::lock;
use serde_json::{Map, Value, json};

pub type Record = Map<String, Value>;

pub const STATUSES: [&str; 6] = [
    "DRAFT",
    "ASSIGNED",
    "IN_PROGRESS",
    "ON_HOLD",
    "COMPLETED",
    "CANCELLED",
];
const PRIORITIES: [&str; 4] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];
const SYNC_STATUSES: [&str; 3] = ["PENDING", "SYNCED", "FAILED"];
/// Every documented work-order field; a seeded work order gets `null` for those not given.
const FIELDS: [&str; 27] = [
    "id",
    "title",
    "description",
    "priority",
    "status",
    "location",
    "assetId",
    "assetName",
    "estimatedHours",
    "actualHours",
    "dueDate",
    "startedAt",
    "completedAt",
    "createdBy",
    "assignedTo",
    "assignedToGroup",
    "asset",
    "sourceInspection",
    "externalId",
    "externalStatus",
    "externalUrl",
    "syncStatus",
    "lastSyncedAt",
    "rootCause",
    "resolution",
    "closureNote",
    "tasks",
];
/// The text fields of the downstream sync and their documented maximum length.
const LIMITS: [(&str, usize); 3] = [
    ("rootCause", 500),
    ("resolution", 2000),
    ("closureNote", 2000),
];

/// An error answered as `{"success": false, "error": CODE, "message": ...}` (the doc shows
/// no error body; this one mirrors its success body).
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
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "VALIDATION_ERROR", message)
    }
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "NOT_FOUND", "Work order not found")
    }
    pub fn body(&self) -> Value {
        json!({"success": false, "error": self.code, "message": self.message})
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}

pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The list's query (`status`, `priority`, `siteId`, `assetId`, `syncStatus`, `limit`,
/// `offset`), as text.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ListQuery {
    pub status: Option<String>,
    pub priority: Option<String>,
    #[serde(rename = "siteId")]
    pub site_id: Option<String>,
    #[serde(rename = "assetId")]
    pub asset_id: Option<String>,
    #[serde(rename = "syncStatus")]
    pub sync_status: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
}

#[derive(Debug)]
pub struct Store {
    /// Work orders in the order they were seeded.
    pub orders: Vec<Record>,
    next_id: u64,
    /// Admin -> Settings -> Downstream Integration is active (else the POST is 403).
    pub downstream_active: bool,
    pub requests: Requests,
    pub rate_limited: u64,
}

impl Default for Store {
    fn default() -> Self {
        Self {
            orders: Vec::new(),
            next_id: 1,
            downstream_active: true,
            requests: Requests::default(),
            rate_limited: 0,
        }
    }
}

fn one_of(field: &str, value: Option<&Value>, allowed: &[&str]) -> Result<(), ApiError> {
    match value {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Ok(()),
        Some(_) => Err(ApiError::validation(format!(
            "{field} must be one of {}",
            allowed.join(", ")
        ))),
    }
}

fn text(body: &Record, field: &str, max: Option<usize>) -> Result<(), ApiError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(s)) => match max {
            Some(max) if s.chars().count() > max => Err(ApiError::validation(format!(
                "{field} must be at most {max} characters"
            ))),
            _ => Ok(()),
        },
        Some(_) => Err(ApiError::validation(format!("{field} must be a string"))),
    }
}

fn site_id(record: &Record) -> Option<&str> {
    record
        .get("asset")
        .and_then(|a| a.get("site"))
        .and_then(|s| s.get("id"))
        .and_then(Value::as_str)
}

fn number(field: &str, value: Option<&String>, default: u64) -> Result<u64, ApiError> {
    match value {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| ApiError::validation(format!("{field} must be a whole number"))),
    }
}

impl Store {
    fn find(&self, id: &str) -> Option<&Record> {
        self.orders
            .iter()
            .find(|o| o.get("id").and_then(Value::as_str) == Some(id))
    }

    fn find_mut(&mut self, id: &str) -> Result<&mut Record, ApiError> {
        self.orders
            .iter_mut()
            .find(|o| o.get("id").and_then(Value::as_str) == Some(id))
            .ok_or_else(ApiError::not_found)
    }

    /// A work order with its tasks.
    pub fn get(&self, id: &str) -> Result<Record, ApiError> {
        self.find(id).cloned().ok_or_else(ApiError::not_found)
    }

    /// A page of the list: the filters, `limit` (default 50, 1..=200) and `offset`; no tasks.
    pub fn list(&self, q: &ListQuery) -> Result<Value, ApiError> {
        let limit = number("limit", q.limit.as_ref(), 50)?;
        let offset = number("offset", q.offset.as_ref(), 0)?;
        if !(1..=200).contains(&limit) {
            return Err(ApiError::validation("limit must be between 1 and 200"));
        }
        let status = q.status.as_ref().map(|s| Value::from(s.as_str()));
        one_of("status", status.as_ref(), &STATUSES)?;
        let priority = q.priority.as_ref().map(|s| Value::from(s.as_str()));
        one_of("priority", priority.as_ref(), &PRIORITIES)?;
        let sync_status = q.sync_status.as_ref().map(|s| Value::from(s.as_str()));
        one_of("syncStatus", sync_status.as_ref(), &SYNC_STATUSES)?;
        let is = |o: &Record, field: &str, want: &Option<String>| {
            want.as_deref()
                .is_none_or(|w| o.get(field).and_then(Value::as_str) == Some(w))
        };
        let all: Vec<&Record> = self
            .orders
            .iter()
            .filter(|o| is(o, "status", &q.status))
            .filter(|o| is(o, "priority", &q.priority))
            .filter(|o| is(o, "assetId", &q.asset_id))
            .filter(|o| is(o, "syncStatus", &q.sync_status))
            .filter(|o| q.site_id.as_deref().is_none_or(|s| site_id(o) == Some(s)))
            .collect();
        let total = all.len() as u64;
        let page: Vec<Value> = all
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(200))
            .map(|o| {
                let mut o = o.clone();
                o.remove("tasks");
                Value::Object(o)
            })
            .collect();
        Ok(json!({
            "workOrders": page,
            "pagination": {
                "total": total,
                "limit": limit,
                "offset": offset,
                "hasMore": offset.saturating_add(limit) < total,
            }
        }))
    }

    /// A work order made on Scan2Evolve (from an inspection): the doc's shape, `id` given
    /// or `wo_N`, defaults `status` ASSIGNED, `priority` MEDIUM, `syncStatus` PENDING.
    pub fn seed(&mut self, body: Value) -> Result<Record, ApiError> {
        let Value::Object(mut record) = body else {
            return Err(ApiError::validation("a work order is a JSON object"));
        };
        let id = match record.get("id").and_then(Value::as_str) {
            Some(id) if !id.trim().is_empty() => id.to_owned(),
            _ => format!("wo_{}", self.next_id),
        };
        self.next_id += 1;
        if self.find(&id).is_some() {
            return Err(ApiError::validation(format!("work order {id} exists")));
        }
        one_of("status", record.get("status"), &STATUSES)?;
        one_of("priority", record.get("priority"), &PRIORITIES)?;
        let at = now();
        record.insert("id".into(), json!(id));
        let defaults = [
            ("title", json!("Work order")),
            ("status", json!("ASSIGNED")),
            ("priority", json!("MEDIUM")),
            ("syncStatus", json!("PENDING")),
            ("tasks", json!([])),
            ("createdAt", json!(at)),
            ("updatedAt", json!(at)),
        ];
        for (key, value) in defaults {
            if record.get(key).is_none_or(Value::is_null) {
                record.insert(key.into(), value);
            }
        }
        let asset = record.get("asset").cloned().unwrap_or(Value::Null);
        for (field, from) in [("assetId", "id"), ("assetName", "name")] {
            if record.get(field).is_none_or(Value::is_null)
                && let Some(v) = asset.get(from)
            {
                record.insert(field.into(), v.clone());
            }
        }
        for field in FIELDS {
            record.entry(field).or_insert(Value::Null);
        }
        self.orders.push(record.clone());
        Ok(record)
    }

    /// A change made on Scan2Evolve itself (a supervisor completes or cancels it): the given
    /// fields are set as they are.
    pub fn change(&mut self, id: &str, fields: Value) -> Result<Record, ApiError> {
        let Value::Object(fields) = fields else {
            return Err(ApiError::validation("the change is a JSON object"));
        };
        one_of("status", fields.get("status"), &STATUSES)?;
        let record = self.find_mut(id)?;
        for (k, v) in fields {
            if k != "id" {
                record.insert(k, v);
            }
        }
        record.insert("updatedAt".into(), json!(now()));
        Ok(record.clone())
    }

    /// `POST /api/downstream/work-orders/{id}/sync`: 403 while the integration is off, 404,
    /// 400 for a bad field; else sets the fields given (unknown ones are ignored) and marks
    /// the work order SYNCED.
    pub fn sync(&mut self, id: &str, body: &Value) -> Result<Value, ApiError> {
        if !self.downstream_active {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "FORBIDDEN",
                "Downstream integration is not active",
            ));
        }
        self.find_mut(id)?;
        let Value::Object(body) = body else {
            return Err(ApiError::validation("the body must be a JSON object"));
        };
        check_sync(body)?;
        let at = now();
        let record = self.find_mut(id)?;
        for key in [
            "externalId",
            "status",
            "externalStatus",
            "externalUrl",
            "rootCause",
            "resolution",
            "closureNote",
            "completedAt",
            "actualHours",
        ] {
            if let Some(value) = body.get(key) {
                record.insert(key.into(), value.clone());
            }
        }
        let started = record.get("startedAt").is_some_and(|s| !s.is_null());
        if body.get("status").and_then(Value::as_str) == Some("IN_PROGRESS") && !started {
            record.insert("startedAt".into(), json!(at));
        }
        record.insert("syncStatus".into(), json!("SYNCED"));
        record.insert("lastSyncedAt".into(), json!(at));
        record.insert("updatedAt".into(), json!(at));
        Ok(json!({"success": true, "message": "Work order updated successfully"}))
    }

    pub fn snapshot(&self) -> Value {
        let syncs = self
            .requests
            .log
            .iter()
            .filter(|l| l.method == "POST" && l.path.ends_with("/sync"))
            .count();
        let mut requests = self.requests.json();
        if let Some(map) = requests.as_object_mut() {
            map.insert("sync_posts".into(), json!(syncs));
        }
        json!({
            "work_orders": self.orders.iter().cloned().map(Value::Object).collect::<Vec<_>>(),
            "downstream_active": self.downstream_active,
            "requests": requests,
            "rate_limited": self.rate_limited,
        })
    }
}

/// The documented validation of the downstream sync: status enum, text lengths, an ISO 8601
/// `completedAt`, `actualHours` a number of at least 0, `externalUrl` an http(s) URL.
fn check_sync(body: &Record) -> Result<(), ApiError> {
    one_of("status", body.get("status"), &STATUSES)?;
    text(body, "externalId", None)?;
    text(body, "externalStatus", None)?;
    for (field, max) in LIMITS {
        text(body, field, Some(max))?;
    }
    match body.get("externalUrl") {
        None | Some(Value::Null) => {}
        Some(Value::String(u)) if u.starts_with("https://") || u.starts_with("http://") => {}
        Some(_) => return Err(ApiError::validation("externalUrl must be a URL")),
    }
    match body.get("completedAt") {
        None | Some(Value::Null) => {}
        Some(Value::String(d)) if chrono::DateTime::parse_from_rfc3339(d).is_ok() => {}
        Some(_) => {
            return Err(ApiError::validation(
                "completedAt must be an ISO 8601 date-time",
            ));
        }
    }
    match body.get("actualHours") {
        None | Some(Value::Null) => Ok(()),
        Some(v) if v.as_f64().is_some_and(|h| h >= 0.0) => Ok(()),
        Some(_) => Err(ApiError::validation(
            "actualHours must be a number of at least 0",
        )),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn a_seeded_work_order_has_every_field_and_the_list_pages() {
        let mut s = Store::default();
        for i in 0..5 {
            let site = if i % 2 == 0 { "site_a" } else { "site_b" };
            s.seed(
                json!({"title": format!("WO {i}"), "asset": {"id": "a1", "name": "Pump",
                "site": {"id": site, "name": "Site"}}}),
            )
            .unwrap();
        }
        let one = s.get("wo_1").unwrap();
        assert_eq!(one["status"], "ASSIGNED");
        assert_eq!(one["assetName"], "Pump");
        assert_eq!(one["rootCause"], Value::Null);
        let q = ListQuery {
            limit: Some("2".into()),
            offset: Some("2".into()),
            ..ListQuery::default()
        };
        let page = s.list(&q).unwrap();
        assert_eq!(page["workOrders"].as_array().unwrap().len(), 2);
        assert_eq!(page["workOrders"][0]["id"], "wo_3");
        assert!(page["workOrders"][0].get("tasks").is_none());
        assert_eq!(page["pagination"]["hasMore"], true);
        let q = ListQuery {
            site_id: Some("site_b".into()),
            ..ListQuery::default()
        };
        assert_eq!(s.list(&q).unwrap()["pagination"]["total"], 2);
        let q = ListQuery {
            limit: Some("201".into()),
            ..ListQuery::default()
        };
        assert_eq!(s.list(&q).unwrap_err().status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn the_sync_validates_and_sets_what_it_is_given() {
        let mut s = Store::default();
        s.seed(json!({"id": "wo_x"})).unwrap();
        let bad = [
            json!({"status": "DONE"}),
            json!({"rootCause": "x".repeat(501)}),
            json!({"completedAt": "yesterday"}),
            json!({"actualHours": -1}),
            json!({"externalUrl": "cmms/1"}),
        ];
        for body in bad {
            assert_eq!(
                s.sync("wo_x", &body).unwrap_err().status,
                StatusCode::BAD_REQUEST,
                "{body}"
            );
        }
        s.sync(
            "wo_x",
            &json!({"status": "IN_PROGRESS", "externalId": "2026-0001"}),
        )
        .unwrap();
        let wo = s.get("wo_x").unwrap();
        assert_eq!(wo["status"], "IN_PROGRESS");
        assert_eq!(wo["syncStatus"], "SYNCED");
        assert!(wo["startedAt"].is_string());
        assert_eq!(
            s.sync("nope", &json!({})).unwrap_err().status,
            StatusCode::NOT_FOUND
        );
        s.downstream_active = false;
        assert_eq!(
            s.sync("wo_x", &json!({})).unwrap_err().status,
            StatusCode::FORBIDDEN
        );
    }
}

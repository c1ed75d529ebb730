//! Pure mapping from a Jobcard order to the MES's work order, and the plan of requests that
//! moves a work order from the status it has to the one Jobcard's order stands for.

use crate::local_text::brand_and_model;
use jobcard_domain::OrderStatus;
use jobcard_store::{ClosingRow, RepairObjectRow};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

pub const OPEN: &str = "OPEN";
pub const IN_PROGRESS: &str = "IN_PROGRESS";
pub const COMPLETED: &str = "COMPLETED";
pub const CANCELLED: &str = "CANCELLED";
pub const PAUSED: &str = "PAUSED";
pub const ON_HOLD: &str = "ON_HOLD";
/// Not an MES status: Jobcard deleted the work order (204).
pub const DELETED: &str = "DELETED";

/// What the connector knows of one work order (`external_refs.snapshot`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The remote status as last made or read (`DELETED` after Jobcard's DELETE).
    pub status: String,
    /// Whether the work order was ever started (then it is cancelled, never deleted).
    #[serde(default)]
    pub started: bool,
    /// The work-order fields as last sent (or read), so a PUT carries only what changed.
    #[serde(default)]
    pub fields: Map<String, Value>,
    /// Jobcard's status when the snapshot was written.
    #[serde(default)]
    pub local_status: String,
}

impl Snapshot {
    /// Takes the status (and the started mark) from a work order the remote returned.
    pub fn observe(&mut self, work_order: &Value) {
        if let Some(status) = work_order.get("status").and_then(Value::as_str) {
            self.status = status.to_owned();
        }
        let has_start = work_order
            .get("startDate")
            .is_some_and(|d| !d.is_null() && d.as_str() != Some(""));
        if has_start || matches!(self.status.as_str(), IN_PROGRESS | COMPLETED) {
            self.started = true;
        }
    }

    /// A snapshot of a work order found on the remote (a lost create's answer).
    pub fn found(work_order: &Value) -> Self {
        let mut snapshot = Self::default();
        snapshot.observe(work_order);
        for key in FIELDS {
            if let Some(value) = work_order.get(key) {
                snapshot.fields.insert(key.to_owned(), value.clone());
            }
        }
        snapshot
    }
}

/// The work-order fields Jobcard owns.
pub const FIELDS: [&str; 7] = [
    "orderNumber",
    "product",
    "quantity",
    "priority",
    "customer",
    "dueDate",
    "notes",
];

/// The repair object as the work order's `product`: brand and model, else its kind.
pub fn product(object: &RepairObjectRow) -> String {
    brand_and_model(object).unwrap_or_else(|| object.kind.as_str().to_owned())
}

/// The promised date (`YYYY-MM-DD...`) as RFC 3339 at midnight UTC, else null.
pub fn due_date(promised: Option<&str>) -> Value {
    promised
        .and_then(|p| p.get(..10))
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or(Value::Null, |d| {
            json!(format!("{}T00:00:00Z", d.format("%Y-%m-%d")))
        })
}

/// Everything the work order is created with.
pub struct Facts<'a> {
    pub number: &'a str,
    pub product: String,
    pub quantity: u32,
    pub priority: String,
    pub customer: &'a str,
    pub promised: Option<&'a str>,
    pub description: &'a str,
}

pub fn work_fields(f: &Facts<'_>) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("orderNumber".into(), json!(f.number));
    map.insert("product".into(), json!(f.product));
    map.insert("quantity".into(), json!(f.quantity));
    map.insert("priority".into(), json!(f.priority));
    map.insert("customer".into(), json!(f.customer));
    map.insert("dueDate".into(), due_date(f.promised));
    map.insert("notes".into(), json!(f.description));
    map
}

pub use crate::fields::changed;

/// The `complete` notes: resolution, root cause and closing notes, else the description.
pub fn completion_notes(closing: &ClosingRow, description: &str) -> String {
    crate::local_text::closing_notes(closing, "", description)
}

/// Where the work order should be, from Jobcard's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Open,
    InProgress,
    Paused,
    OnHold,
    Completed,
    /// Cancelled or deleted in Jobcard.
    Removed,
}

pub fn target(status: OrderStatus, deleted: bool) -> Target {
    if deleted {
        return Target::Removed;
    }
    match status {
        OrderStatus::Intake | OrderStatus::Scheduled => Target::Open,
        OrderStatus::InProgress => Target::InProgress,
        OrderStatus::WaitingForParts => Target::Paused,
        OrderStatus::WaitingForCustomer => Target::OnHold,
        OrderStatus::Done | OrderStatus::Collected => Target::Completed,
        OrderStatus::Cancelled => Target::Removed,
    }
}

/// One request that changes the work order.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Update(Map<String, Value>),
    Start,
    Complete,
    Delete,
}

impl Step {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Update(_) => "update",
            Self::Start => "start",
            Self::Complete => "complete",
            Self::Delete => "delete",
        }
    }
}

/// The requests that bring a work order in `current` (ever `started`) to `target`, sending
/// the `changed` fields first while the work order still takes edits. A step the remote's
/// state machine refuses (e.g. starting a COMPLETED one) is still planned: its 409 tells
/// the shop what happened. `Err` when there is nothing left to change on the remote.
pub fn plan(
    current: &str,
    started: bool,
    target: Target,
    changed: Map<String, Value>,
) -> Result<Vec<Step>, String> {
    let closed = matches!(current, COMPLETED | CANCELLED);
    if current == DELETED {
        return if target == Target::Removed {
            Ok(Vec::new())
        } else {
            Err("the MES work order was deleted; it is not created again".to_owned())
        };
    }
    let mut put = if closed || target == Target::Removed {
        Map::new()
    } else {
        changed
    };
    let mut after = Vec::new();
    let mut status = |s: &str| {
        put.insert("status".into(), json!(s));
    };
    match target {
        Target::Open => match current {
            OPEN => {}
            IN_PROGRESS => status(PAUSED),
            _ => status(OPEN),
        },
        Target::InProgress if current != IN_PROGRESS => after.push(Step::Start),
        Target::InProgress => {}
        Target::Paused | Target::OnHold => {
            let want = if target == Target::Paused {
                PAUSED
            } else {
                ON_HOLD
            };
            if current != want {
                status(want);
            }
        }
        Target::Completed => match current {
            COMPLETED => {}
            IN_PROGRESS | CANCELLED => after.push(Step::Complete),
            _ => after.extend([Step::Start, Step::Complete]),
        },
        Target::Removed => match current {
            COMPLETED | CANCELLED => {}
            OPEN | PAUSED | ON_HOLD if !started => after.push(Step::Delete),
            _ => status(CANCELLED),
        },
    }
    let mut steps = Vec::with_capacity(after.len() + 1);
    if !put.is_empty() {
        steps.push(Step::Update(put));
    }
    steps.extend(after);
    Ok(steps)
}

/// The status a successful step leaves the work order in, when the answer does not say.
pub fn status_after(step: &Step, before: &str) -> String {
    match step {
        Step::Update(body) => body
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or(before)
            .to_owned(),
        Step::Start => IN_PROGRESS.to_owned(),
        Step::Complete => COMPLETED.to_owned(),
        Step::Delete => DELETED.to_owned(),
    }
}

/// A 400's `details` as "field: reason" (an object or a list of them).
pub fn validation_details(body: Option<&Value>) -> String {
    let details = body
        .and_then(|b| b.get("error"))
        .and_then(|e| e.get("details"));
    let list: Vec<&Value> = match details {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    };
    let parts: Vec<String> = list
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d.get("field").and_then(Value::as_str).unwrap_or("?"),
                d.get("reason")
                    .and_then(Value::as_str)
                    .unwrap_or("is invalid")
            )
        })
        .collect();
    if parts.is_empty() {
        body.and_then(|b| b.get("error"))
            .and_then(|e| e.get("message"))
            .and_then(Value::as_str)
            .unwrap_or("validation failed")
            .to_owned()
    } else {
        parts.join("; ")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn object(brand: Option<&str>, model: Option<&str>) -> RepairObjectRow {
        RepairObjectRow {
            id: "o".into(),
            owner_id: None,
            kind: jobcard_domain::ObjectKind::Bicycle,
            brand: brand.map(str::to_owned),
            model: model.map(str::to_owned),
            year: None,
            colour: None,
            frame_number: None,
            frame_key: None,
            licence_plate: None,
            barcode: None,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn the_work_order_carries_number_product_priority_and_due_date() {
        let facts = Facts {
            number: "2026-0001",
            product: product(&object(Some("Gazelle"), Some("Orange C7"))),
            quantity: 1,
            priority: "CRITICAL".into(),
            customer: "Femke de Jong",
            promised: Some("2026-11-28"),
            description: "Service",
        };
        let f = work_fields(&facts);
        assert_eq!(f["orderNumber"], "2026-0001");
        assert_eq!(f["product"], "Gazelle Orange C7");
        assert_eq!(f["quantity"], 1);
        assert_eq!(f["priority"], "CRITICAL");
        assert_eq!(f["dueDate"], "2026-11-28T00:00:00Z");
        assert_eq!(f["notes"], "Service");
        assert_eq!(product(&object(None, Some(" "))), "bicycle");
        assert_eq!(due_date(None), Value::Null);
        assert_eq!(due_date(Some("soon")), Value::Null);
    }

    #[test]
    fn only_changed_fields_are_sent() {
        let mut sent = Map::new();
        sent.insert("notes".into(), json!("a"));
        sent.insert("priority".into(), json!("LOW"));
        let mut now = sent.clone();
        now.insert("notes".into(), json!("b"));
        let c = changed(&now, &sent);
        assert_eq!(c.len(), 1);
        assert_eq!(c["notes"], "b");
    }

    #[test]
    fn plans_follow_the_mechanic() {
        let none = Map::new();
        let put = |s: &str| {
            let mut m = Map::new();
            m.insert("status".into(), json!(s));
            Step::Update(m)
        };
        assert_eq!(plan(OPEN, false, Target::Open, none.clone()), Ok(vec![]));
        assert_eq!(
            plan(OPEN, false, Target::InProgress, none.clone()),
            Ok(vec![Step::Start])
        );
        assert_eq!(
            plan(OPEN, false, Target::Completed, none.clone()),
            Ok(vec![Step::Start, Step::Complete])
        );
        assert_eq!(
            plan(IN_PROGRESS, true, Target::Paused, none.clone()),
            Ok(vec![put(PAUSED)])
        );
        assert_eq!(
            plan(IN_PROGRESS, true, Target::OnHold, none.clone()),
            Ok(vec![put(ON_HOLD)])
        );
        assert_eq!(
            plan(PAUSED, true, Target::InProgress, none.clone()),
            Ok(vec![Step::Start])
        );
        assert_eq!(
            plan(OPEN, false, Target::Removed, none.clone()),
            Ok(vec![Step::Delete])
        );
        assert_eq!(
            plan(PAUSED, true, Target::Removed, none.clone()),
            Ok(vec![put(CANCELLED)]),
            "a started work order is cancelled, not deleted"
        );
        assert_eq!(
            plan(COMPLETED, true, Target::InProgress, none.clone()),
            Ok(vec![Step::Start]),
            "the remote's 409 says what happened"
        );
        assert!(plan(DELETED, false, Target::Open, none.clone()).is_err());
        assert_eq!(plan(DELETED, false, Target::Removed, none), Ok(vec![]));
    }

    #[test]
    fn field_changes_go_first_and_not_to_a_closed_work_order() {
        let mut c = Map::new();
        c.insert("notes".into(), json!("new"));
        let steps = plan(OPEN, false, Target::Completed, c.clone()).unwrap();
        assert_eq!(
            steps,
            vec![Step::Update(c.clone()), Step::Start, Step::Complete]
        );
        let steps = plan(OPEN, false, Target::Paused, c.clone()).unwrap();
        let Some(Step::Update(body)) = steps.first() else {
            unreachable!()
        };
        assert_eq!(body["notes"], "new");
        assert_eq!(body["status"], PAUSED);
        assert_eq!(plan(COMPLETED, true, Target::Completed, c), Ok(vec![]));
    }

    #[test]
    fn completion_notes_prefer_the_closing_fields() {
        let closing = ClosingRow {
            resolution: Some("New chain".into()),
            root_cause: Some("Wear".into()),
            closing_notes: Some("Check tyres".into()),
            ..ClosingRow::default()
        };
        assert_eq!(
            completion_notes(&closing, "Service"),
            "New chain\nRoot cause: Wear\nCheck tyres"
        );
        assert_eq!(
            completion_notes(&ClosingRow::default(), "Service"),
            "Service"
        );
    }

    #[test]
    fn validation_details_name_field_and_reason() {
        let body = json!({"error": {"code": "VALIDATION_ERROR", "message": "Validation failed",
            "details": {"field": "quantity", "reason": "MUST_BE_POSITIVE"}}});
        assert_eq!(validation_details(Some(&body)), "quantity MUST_BE_POSITIVE");
        let body = json!({"error": {"code": "VALIDATION_ERROR", "message": "Validation failed",
            "details": [{"field": "a", "reason": "R"}, {"field": "b", "reason": "S"}]}});
        assert_eq!(validation_details(Some(&body)), "a R; b S");
    }

    #[test]
    fn a_found_work_order_is_adopted_as_it_is() {
        let s = Snapshot::found(&json!({"id": "wo-1", "status": "IN_PROGRESS",
            "orderNumber": "2026-0001", "startDate": "2026-01-01T00:00:00Z"}));
        assert_eq!(s.status, IN_PROGRESS);
        assert!(s.started);
        assert_eq!(s.fields["orderNumber"], "2026-0001");
    }
}

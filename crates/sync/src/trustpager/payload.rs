//! Pure mapping between a Jobcard order and a TrustPager work order: the fields Jobcard
//! owns, the schedule in the shop's local time, the status by label or id, and the snapshot
//! of what was last sent so a PATCH carries only what changed.

use crate::local_text::brand_and_model;
use crate::remote_text::text;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use jobcard_domain::OrderStatus;
use jobcard_store::RepairObjectRow;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::settings::ConnectorSettings;

/// The work-order fields Jobcard owns (`status` stands for `status` or `status_id`).
pub const FIELDS: [&str; 6] = [
    "title",
    "description",
    "status",
    "schedule_date",
    "schedule_time",
    "assigned_to",
];

/// What the connector knows of one work order (`external_refs.snapshot`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The owned fields as last sent (or read back after a lost answer).
    #[serde(default)]
    pub fields: Map<String, Value>,
    /// The work order's `status_id` as last seen: a different one at a pull means the
    /// status was changed in TrustPager.
    #[serde(default)]
    pub status_id: Option<String>,
    /// The work order's deal, when it has one (for send-work-status).
    #[serde(default)]
    pub deal_product_id: Option<String>,
    /// Jobcard's status when the snapshot was written.
    #[serde(default)]
    pub local_status: String,
    /// Jobcard deleted the work order.
    #[serde(default)]
    pub deleted: bool,
    /// Made in the CRM and imported: its title stays TrustPager's.
    #[serde(default)]
    pub imported: bool,
}

impl Snapshot {
    /// Takes the status id and deal from a work order the remote returned.
    pub fn observe(&mut self, work_order: &Value) {
        if let Some(id) = text(work_order, "status_id") {
            self.status_id = Some(id);
        }
        if let Some(deal) = text(work_order, "deal_product_id") {
            self.deal_product_id = Some(deal);
        }
    }

    /// Takes the owned fields as the remote has them (a lost answer, an import), so only
    /// what still differs is sent. The status counts as Jobcard's `wanted` value when the
    /// remote's label or id is that value.
    pub fn adopt(&mut self, work_order: &Value, wanted_status: Option<&str>) {
        self.observe(work_order);
        for key in FIELDS {
            if key == "status" {
                let label = remote_label(work_order);
                let id = text(work_order, "status_id");
                let same = wanted_status.is_some_and(|w| {
                    label.as_deref().is_some_and(|l| l.eq_ignore_ascii_case(w))
                        || id.as_deref().is_some_and(|i| i.eq_ignore_ascii_case(w))
                });
                let value = match (same, wanted_status) {
                    (true, Some(w)) => json!(w),
                    _ => label.map_or(Value::Null, Value::String),
                };
                self.fields.insert(key.to_owned(), value);
            } else if let Some(value) = work_order.get(key) {
                self.fields.insert(key.to_owned(), value.clone());
            }
        }
    }
}

/// The status label of a work order: `status` as text, or `status.label` / `status.name`.
pub fn remote_label(work_order: &Value) -> Option<String> {
    match work_order.get("status") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Some(obj @ Value::Object(_)) => text(obj, "label").or_else(|| text(obj, "name")),
        _ => text(work_order, "status_label"),
    }
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

/// The shop's TrustPager status (a label, or a status UUID) for a Jobcard status.
pub fn status_value(settings: &ConnectorSettings, status: OrderStatus) -> String {
    let value = settings
        .get(
            crate::trustpager::KIND,
            &format!("status.{}", status.as_str()),
        )
        .unwrap_or_default();
    if is_uuid(&value) {
        value.to_lowercase()
    } else {
        value
    }
}

/// The Jobcard statuses a TrustPager status stands for, in workflow order: those whose
/// mapped label matches `label` (case-insensitively) or whose mapped UUID is `id`.
pub fn local_statuses(
    settings: &ConnectorSettings,
    label: Option<&str>,
    id: Option<&str>,
) -> Vec<OrderStatus> {
    OrderStatus::ALL
        .into_iter()
        .filter(|s| {
            let mapped = status_value(settings, *s);
            label.is_some_and(|l| l.eq_ignore_ascii_case(&mapped))
                || id.is_some_and(|i| i.eq_ignore_ascii_case(&mapped))
        })
        .collect()
}

/// `schedule_date` and `schedule_time` (HH:MM:SS in the shop's time zone, null for an
/// all-day order) from the stored start (RFC 3339 UTC, or a date alone); both null when the
/// order is not planned.
pub fn schedule(start: Option<&str>, all_day: bool, tz: Tz) -> (Value, Value) {
    let Some(start) = start.map(str::trim).filter(|s| !s.is_empty()) else {
        return (Value::Null, Value::Null);
    };
    if let Ok(day) = NaiveDate::parse_from_str(start, "%Y-%m-%d") {
        return (json!(day.format("%Y-%m-%d").to_string()), Value::Null);
    }
    let Ok(when) = DateTime::parse_from_rfc3339(start) else {
        return (Value::Null, Value::Null);
    };
    let local = when.with_timezone(&tz);
    let date = json!(local.format("%Y-%m-%d").to_string());
    if all_day {
        (date, Value::Null)
    } else {
        (date, json!(local.format("%H:%M:%S").to_string()))
    }
}

/// The stored start of a work order's schedule: RFC 3339 UTC for a timed slot, the date
/// alone for an all-day one, `None` when it has no date.
pub fn local_start(work_order: &Value, tz: Tz) -> Option<String> {
    let day = NaiveDate::parse_from_str(&text(work_order, "schedule_date")?, "%Y-%m-%d").ok()?;
    let Some(time) = text(work_order, "schedule_time")
        .and_then(|t| NaiveTime::parse_from_str(&t, "%H:%M:%S").ok())
    else {
        return Some(day.format("%Y-%m-%d").to_string());
    };
    let when = tz
        .from_local_datetime(&NaiveDateTime::new(day, time))
        .earliest()?;
    Some(
        when.with_timezone(&Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    )
}

/// The repair object in a title: brand and model, else its kind.
pub fn object_name(object: &RepairObjectRow) -> String {
    brand_and_model(object).unwrap_or_else(|| object.kind.as_str().replace('_', "-"))
}

/// `NUMBER customer – object`: the number first, so a work order is found by it again.
pub fn title(number: &str, customer: &str, object: &str) -> String {
    let customer = customer.trim();
    if customer.is_empty() {
        format!("{number} – {object}")
    } else {
        format!("{number} {customer} – {object}")
    }
}

/// Whether a work order's title says it is Jobcard order `number`'s.
pub fn is_titled(work_order: &Value, number: &str) -> bool {
    text(work_order, "title").is_some_and(|t| t == number || t.starts_with(&format!("{number} ")))
}

/// Everything Jobcard sends.
pub struct Facts {
    pub title: String,
    pub description: String,
    pub status: String,
    pub schedule: (Value, Value),
    /// The mechanic's user UUID, or none (unassigned).
    pub assigned_to: Option<String>,
}

pub fn work_fields(f: Facts) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("title".into(), json!(f.title));
    map.insert("description".into(), json!(f.description));
    map.insert("status".into(), json!(f.status));
    map.insert("schedule_date".into(), f.schedule.0);
    map.insert("schedule_time".into(), f.schedule.1);
    map.insert(
        "assigned_to".into(),
        f.assigned_to
            .map_or(Value::Null, |u| json!(u.to_lowercase())),
    );
    map
}

/// The fields that differ from what the remote was last given (a status label compares
/// case-insensitively, as TrustPager resolves it).
pub fn changed(now: &Map<String, Value>, sent: &Map<String, Value>) -> Map<String, Value> {
    now.iter()
        .filter(|(k, v)| {
            let before = sent.get(k.as_str());
            match (k.as_str(), v.as_str(), before.and_then(Value::as_str)) {
                ("status", Some(a), Some(b)) => !a.eq_ignore_ascii_case(b),
                _ => before != Some(v),
            }
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The request body for fields: a status UUID goes as `status_id`, a label as `status`.
pub fn body(fields: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    for (k, v) in fields {
        match (k.as_str(), v.as_str()) {
            ("status", Some(s)) if is_uuid(s) => out.insert("status_id".into(), v.clone()),
            _ => out.insert(k.clone(), v.clone()),
        };
    }
    Value::Object(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const AMS: Tz = chrono_tz::Europe::Amsterdam;

    #[test]
    fn the_schedule_is_in_the_shops_local_time() {
        let (d, t) = schedule(Some("2026-11-24T08:30:00Z"), false, AMS);
        assert_eq!((d, t), (json!("2026-11-24"), json!("09:30:00")));
        let (d, t) = schedule(Some("2026-07-01T22:15:00Z"), false, AMS);
        assert_eq!(
            (d, t),
            (json!("2026-07-02"), json!("00:15:00")),
            "summer time"
        );
        let (d, t) = schedule(Some("2026-11-24"), true, AMS);
        assert_eq!((d, t), (json!("2026-11-24"), Value::Null), "all day");
        assert_eq!(schedule(None, false, AMS), (Value::Null, Value::Null));
        let back = local_start(
            &json!({"schedule_date": "2026-11-24", "schedule_time": "09:30:00"}),
            AMS,
        );
        assert_eq!(back.as_deref(), Some("2026-11-24T08:30:00Z"));
        let day = local_start(
            &json!({"schedule_date": "2026-11-24", "schedule_time": null}),
            AMS,
        );
        assert_eq!(day.as_deref(), Some("2026-11-24"));
    }

    #[test]
    fn statuses_map_by_label_or_uuid_both_ways() {
        let mut s = ConnectorSettings::default();
        assert_eq!(status_value(&s, OrderStatus::InProgress), "In Progress");
        assert_eq!(
            local_statuses(&s, Some("on hold"), None),
            vec![
                OrderStatus::WaitingForParts,
                OrderStatus::WaitingForCustomer
            ]
        );
        let id = "5A7A0000-0000-4000-8000-000000000005";
        s.set(crate::trustpager::KIND, "status.done", id).unwrap();
        assert_eq!(status_value(&s, OrderStatus::Done), id.to_lowercase());
        assert_eq!(
            local_statuses(&s, Some("Completed"), Some(&id.to_lowercase())),
            vec![OrderStatus::Done, OrderStatus::Collected]
        );
        let b = body(&work_fields(Facts {
            title: "t".into(),
            description: "d".into(),
            status: status_value(&s, OrderStatus::Done),
            schedule: (Value::Null, Value::Null),
            assigned_to: None,
        }));
        assert_eq!(b["status_id"], id.to_lowercase());
        assert!(b.get("status").is_none());
        assert_eq!(b["assigned_to"], Value::Null);
    }

    #[test]
    fn only_changed_fields_are_sent_and_labels_ignore_case() {
        let mut sent = Map::new();
        sent.insert("status".into(), json!("pending"));
        sent.insert("schedule_time".into(), json!("09:00:00"));
        let mut now = sent.clone();
        now.insert("status".into(), json!("Pending"));
        assert!(changed(&now, &sent).is_empty());
        now.insert("schedule_time".into(), Value::Null);
        let c = changed(&now, &sent);
        assert_eq!(c.len(), 1);
        assert_eq!(c["schedule_time"], Value::Null);
    }

    #[test]
    fn a_work_order_is_found_by_the_number_in_its_title() {
        assert_eq!(
            title("2026-0001", "Femke de Jong", "Gazelle Orange"),
            "2026-0001 Femke de Jong – Gazelle Orange"
        );
        let w = json!({"title": "2026-0001 Femke de Jong – Gazelle"});
        assert!(is_titled(&w, "2026-0001"));
        assert!(!is_titled(&w, "2026-000"));
        let mut snap = Snapshot::default();
        snap.adopt(
            &json!({"title": "x", "status": "PENDING", "status_id": "s1", "assigned_to": null}),
            Some("Pending"),
        );
        assert_eq!(snap.fields["status"], "Pending");
        assert_eq!(snap.status_id.as_deref(), Some("s1"));
        assert!(is_uuid("a55e0000-0000-4000-8000-000000000001"));
        assert!(!is_uuid("Joris"));
    }
}

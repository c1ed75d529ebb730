//! What Jobcard sends to Field Nation and what it remembers of it: the work-order fields
//! Jobcard owns, built from the local order, the snapshot of what the remote holds, and the
//! plan of requests that bring the work order to the order's state. Pure functions.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use jobcard_domain::OrderStatus;
use jobcard_store::sql::work::ClosingRow;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// The snapshot status of a work order that is gone from Field Nation.
pub const DELETED: &str = "deleted";
pub const WORK_DONE: &str = "work_done";
/// Statuses after the work is done: nothing is sent any more but field edits.
const FINISHED: [&str; 3] = [WORK_DONE, "approved", "paid"];
const CANCELLED: &str = "cancelled";

/// The longest title Jobcard writes (the document gives no limit; kept short for lists).
const TITLE_CHARS: usize = 100;

/// What the remote holds, as far as Jobcard knows (kept in `external_refs.snapshot`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The remote's status name, normalised (`assigned`, `work_done`, ...), or `deleted`.
    pub status: String,
    /// The Jobcard-owned fields as the remote has them.
    pub fields: Map<String, Value>,
    /// True when Jobcard created (dispatched) the work order; false when it was imported.
    pub dispatched: bool,
}

impl Snapshot {
    /// Takes the remote's status, and every `wanted` field the remote already holds.
    pub fn observe(&mut self, remote: &Value, wanted: &Map<String, Value>) {
        if let Some(status) = status_name(remote) {
            self.status = status;
        }
        for (key, value) in wanted {
            if remote.get(key).is_some_and(|there| holds(there, value)) {
                self.fields.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Whether `there` holds `value`: equal, or for objects every key of `value` held in turn
/// (the remote adds fields of its own, such as `schedule.time_zone`).
pub fn holds(there: &Value, value: &Value) -> bool {
    match (there, value) {
        (Value::Object(t), Value::Object(v)) => {
            v.iter().all(|(k, v)| t.get(k).is_some_and(|t| holds(t, v)))
        }
        (t, v) => t == v,
    }
}

/// `status.name` normalised: lower case, spaces and dashes as `_` ("Work Done" → `work_done`).
pub fn status_name(work_order: &Value) -> Option<String> {
    let status = work_order.get("status")?;
    let name = status
        .get("name")
        .or_else(|| status.get("code"))
        .and_then(Value::as_str)
        .or_else(|| status.as_str())?;
    Some(normalise(name))
}

pub fn normalise(name: &str) -> String {
    name.trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

/// The title of a dispatched work order: `[NUMBER] ` and the description's first line. The
/// number in brackets is how a lost create is found again, and how a pull knows the work
/// order is Jobcard's own.
pub fn title(number: &str, description: &str) -> String {
    let first = description.lines().map(str::trim).find(|l| !l.is_empty());
    let text = format!("[{number}] {}", first.unwrap_or("Job"));
    text.chars().take(TITLE_CHARS).collect()
}

/// The Jobcard number a title starts with (`[2026-0001] ...`), if any.
pub fn number_in_title(title: &str) -> Option<&str> {
    let rest = title.trim_start().strip_prefix('[')?;
    let (number, _) = rest.split_once(']')?;
    Some(number.trim()).filter(|n| !n.is_empty())
}

/// A UTC instant as Field Nation writes `utc`: `YYYY-MM-DD HH:MM:SS`.
fn utc_text(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The order's schedule as `schedule.service_window`: a timed start alone is `exact`; with a
/// planned finish it is `between` start and finish; an all-day booking is `between` 00:00:00
/// and 23:59:59 local time of that day.
pub fn service_window(start: Option<&str>, finish: Option<&str>) -> Option<Value> {
    let start = start?.trim();
    if let Ok(day) = NaiveDate::parse_from_str(start, "%Y-%m-%d") {
        let day = day.format("%Y-%m-%d").to_string();
        return Some(json!({
            "mode": "between",
            "start": {"local": {"date": day, "time": "00:00:00"}},
            "end": {"local": {"date": day, "time": "23:59:59"}},
        }));
    }
    let at = DateTime::parse_from_rfc3339(start)
        .ok()?
        .with_timezone(&Utc);
    let end = finish
        .and_then(|f| DateTime::parse_from_rfc3339(f.trim()).ok())
        .map(|f| f.with_timezone(&Utc))
        .filter(|f| *f > at);
    Some(match end {
        Some(end) => json!({
            "mode": "between",
            "start": {"utc": utc_text(at)},
            "end": {"utc": utc_text(end)},
        }),
        None => json!({"mode": "exact", "start": {"utc": utc_text(at)}}),
    })
}

/// Everything the work-order fields are made of.
pub struct Facts<'a> {
    pub number: &'a str,
    pub description: &'a str,
    pub scheduled_start: Option<&'a str>,
    pub scheduled_finish: Option<&'a str>,
    /// The customer's address (only a dispatched work order carries a location).
    pub address: Option<&'a str>,
    pub dispatched: bool,
}

/// The fields Jobcard owns: `description` always, `schedule` when planned, and for a
/// dispatched work order also its `title` and `location`.
pub fn work_fields(f: &Facts<'_>) -> Map<String, Value> {
    let mut map = Map::new();
    if f.dispatched {
        map.insert("title".into(), json!(title(f.number, f.description)));
        if let Some(address) = f.address.map(str::trim).filter(|a| !a.is_empty()) {
            map.insert(
                "location".into(),
                json!({"mode": "custom", "address1": address}),
            );
        }
    }
    map.insert("description".into(), json!({"markdown": f.description}));
    if let Some(window) = service_window(f.scheduled_start, f.scheduled_finish) {
        map.insert("schedule".into(), json!({"service_window": window}));
    }
    map
}

pub use crate::fields::changed;

/// `closing_notes`: resolution, root cause and closing notes, else the description.
pub fn closing_notes(closing: &ClosingRow, description: &str) -> String {
    crate::local_text::closing_notes(closing, "Resolution: ", description)
}

/// Where the work order should be, from Jobcard's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Open,
    Done,
    /// Cancelled or deleted in Jobcard.
    Removed,
}

pub fn target(status: OrderStatus, deleted: bool) -> Target {
    match status {
        _ if deleted => Target::Removed,
        OrderStatus::Cancelled => Target::Removed,
        OrderStatus::Done | OrderStatus::Collected => Target::Done,
        _ => Target::Open,
    }
}

/// One request that changes the work order.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// A PUT of only these fields; `work_done` adds `status` and `closing_notes`.
    Update {
        fields: Map<String, Value>,
        work_done: bool,
    },
    Delete,
}

impl Step {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Update {
                work_done: true, ..
            } => "work_done",
            Self::Update { .. } => "update",
            Self::Delete => "delete",
        }
    }
}

/// The requests that bring the work order to `target`. `Err` (a person must look) when the
/// remote's state leaves nothing Jobcard may send.
pub fn plan(
    snapshot: &Snapshot,
    target: Target,
    changed: Map<String, Value>,
) -> Result<Vec<Step>, String> {
    let status = snapshot.status.as_str();
    if status == DELETED {
        return match target {
            Target::Removed => Ok(Vec::new()),
            _ => Err(
                "the Field Nation work order was deleted there; it is not created again".to_owned(),
            ),
        };
    }
    if target == Target::Removed {
        // Only a work order Jobcard dispatched is Jobcard's to delete.
        return Ok(if snapshot.dispatched && status != CANCELLED {
            vec![Step::Delete]
        } else {
            Vec::new()
        });
    }
    let work_done = target == Target::Done && !FINISHED.contains(&status);
    if status == CANCELLED && (work_done || !changed.is_empty()) {
        return Err("the work order was cancelled on Field Nation".to_owned());
    }
    if changed.is_empty() && !work_done {
        return Ok(Vec::new());
    }
    Ok(vec![Step::Update {
        fields: changed,
        work_done,
    }])
}

/// A Field Nation moment (`{"utc"}` or `{"local": {"date", "time"}}`) as UTC, with local
/// times read in `zone`.
pub fn moment(v: &Value, zone: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    if let Some(utc) = v.get("utc").and_then(Value::as_str) {
        let parsed = NaiveDateTime::parse_from_str(utc.trim(), "%Y-%m-%d %H:%M:%S")
            .map(|t| t.and_utc())
            .ok()
            .or_else(|| {
                DateTime::parse_from_rfc3339(utc.trim())
                    .ok()
                    .map(|t| t.with_timezone(&Utc))
            });
        if parsed.is_some() {
            return parsed;
        }
    }
    let local = v.get("local")?;
    let date = local.get("date").and_then(Value::as_str)?;
    let time = local
        .get("time")
        .and_then(Value::as_str)
        .unwrap_or("00:00:00");
    let naive =
        NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%Y-%m-%d %H:%M:%S").ok()?;
    naive
        .and_local_timezone(zone)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn facts(dispatched: bool) -> Facts<'static> {
        Facts {
            number: "2026-0001",
            description: "Fit a new chain\nand check the brakes",
            scheduled_start: Some("2026-11-24T09:00:00.000Z"),
            scheduled_finish: None,
            address: Some("Dorpsstraat 1, Utrecht"),
            dispatched,
        }
    }

    #[test]
    fn a_dispatched_work_order_carries_number_title_location_and_window() {
        let f = work_fields(&facts(true));
        assert_eq!(f["title"], "[2026-0001] Fit a new chain");
        assert_eq!(f["location"]["address1"], "Dorpsstraat 1, Utrecht");
        assert_eq!(
            f["description"]["markdown"],
            "Fit a new chain\nand check the brakes"
        );
        assert_eq!(
            f["schedule"]["service_window"],
            json!({"mode": "exact", "start": {"utc": "2026-11-24 09:00:00"}})
        );
        let imported = work_fields(&facts(false));
        assert!(imported.get("title").is_none() && imported.get("location").is_none());
        assert_eq!(number_in_title("[2026-0001] Fit"), Some("2026-0001"));
        assert_eq!(number_in_title("Fit [x]"), None);
    }

    #[test]
    fn windows_are_exact_between_or_all_day() {
        let w = service_window(Some("2026-11-24T09:00:00Z"), Some("2026-11-24T11:30:00Z"));
        assert_eq!(w.unwrap()["end"]["utc"], "2026-11-24 11:30:00");
        let day = service_window(Some("2026-11-24"), None).unwrap();
        assert_eq!(day["mode"], "between");
        assert_eq!(day["end"]["local"]["time"], "23:59:59");
        assert_eq!(service_window(None, None), None);
        let zone = chrono_tz::Europe::Amsterdam;
        let t = moment(
            &json!({"local": {"date": "2026-07-01", "time": "10:00:00"}}),
            zone,
        );
        assert_eq!(t.unwrap().to_rfc3339(), "2026-07-01T08:00:00+00:00");
        let t = moment(&json!({"utc": "2026-07-01 10:00:00"}), zone);
        assert_eq!(t.unwrap().to_rfc3339(), "2026-07-01T10:00:00+00:00");
    }

    #[test]
    fn finishing_sends_work_done_once_and_a_cancel_deletes_only_what_jobcard_made() {
        let mut s = Snapshot {
            status: "assigned".into(),
            ..Snapshot::default()
        };
        let none = Map::new();
        let steps = plan(&s, Target::Done, none.clone()).unwrap();
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].name(), "work_done");
        assert_eq!(plan(&s, Target::Removed, none.clone()), Ok(vec![]));
        s.dispatched = true;
        assert_eq!(
            plan(&s, Target::Removed, none.clone()),
            Ok(vec![Step::Delete])
        );
        s.status = WORK_DONE.into();
        assert_eq!(plan(&s, Target::Done, none.clone()), Ok(vec![]));
        s.status = CANCELLED.into();
        assert!(plan(&s, Target::Done, none.clone()).is_err());
        s.status = DELETED.into();
        assert!(plan(&s, Target::Open, none).is_err());
    }

    #[test]
    fn the_remote_holds_what_it_was_sent_among_its_own_fields() {
        let remote = json!({"status": {"id": 5, "name": "Work Done"},
            "schedule": {"service_window": {"mode": "exact", "start": {"utc": "x"}},
                         "time_zone": {"name": "UTC"}}});
        let mut wanted = Map::new();
        wanted.insert(
            "schedule".into(),
            json!({"service_window": {"mode": "exact", "start": {"utc": "x"}}}),
        );
        wanted.insert("description".into(), json!({"markdown": "new"}));
        let mut s = Snapshot::default();
        s.observe(&remote, &wanted);
        assert_eq!(s.status, WORK_DONE);
        assert!(s.fields.contains_key("schedule"));
        assert!(!s.fields.contains_key("description"));
        let closing = ClosingRow {
            resolution: Some("New chain".into()),
            closing_notes: Some("Check tyres".into()),
            ..ClosingRow::default()
        };
        assert_eq!(
            closing_notes(&closing, "x"),
            "Resolution: New chain\nCheck tyres"
        );
    }
}

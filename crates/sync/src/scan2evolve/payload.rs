//! Pure mapping between a Jobcard order and a Scan2Evolve work order: the fields the
//! downstream sync sets, what changed since the last one, the documented length limits, and
//! decimal hours without float noise.

use chrono::{DateTime, SecondsFormat, Utc};
use jobcard_domain::OrderStatus;
use jobcard_store::ClosingRow;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

pub const COMPLETED: &str = "COMPLETED";
pub const CANCELLED: &str = "CANCELLED";
/// The documented status enum.
pub const STATUSES: [&str; 6] = [
    "DRAFT",
    "ASSIGNED",
    "IN_PROGRESS",
    "ON_HOLD",
    COMPLETED,
    CANCELLED,
];
/// The documented priority enum.
pub const PRIORITIES: [&str; 4] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

/// The fields of the downstream sync Jobcard owns (all of them but `externalUrl`: a desktop
/// app has no deep link to give).
pub const OWNED: [&str; 8] = [
    "externalId",
    "externalStatus",
    "status",
    "rootCause",
    "resolution",
    "closureNote",
    "completedAt",
    "actualHours",
];

/// The documented maximum length (characters) of the text fields.
pub const LIMITS: [(&str, usize); 3] = [
    ("rootCause", 500),
    ("resolution", 2000),
    ("closureNote", 2000),
];

/// What the connector knows of one work order (`external_refs.snapshot`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The downstream fields as last sent (or read back after a lost answer), so a POST
    /// carries only what changed.
    #[serde(default)]
    pub sent: Map<String, Value>,
    /// The work order's status on Scan2Evolve as last seen or set.
    #[serde(default)]
    pub remote_status: String,
}

impl Snapshot {
    /// Takes the owned fields the work order really has (the lookup after a lost answer), in
    /// the form Jobcard sends them, so equal values compare equal.
    pub fn observe(&mut self, work_order: &Value) {
        if let Some(status) = work_order.get("status").and_then(Value::as_str) {
            self.remote_status = status.to_owned();
        }
        for key in OWNED {
            let value = match (key, work_order.get(key)) {
                (_, None | Some(Value::Null)) => None,
                ("completedAt", Some(v)) => v.as_str().and_then(iso_millis).map(Value::from),
                ("actualHours", Some(v)) => hundredths(v).map(hours_value),
                (_, Some(v)) => Some(v.clone()),
            };
            match value {
                Some(v) => self.sent.insert(key.to_owned(), v),
                None => self.sent.remove(key),
            };
        }
    }
}

/// The status the downstream sync sets for a Jobcard status; `None`: Jobcard has nothing to
/// say (intake and scheduled leave the remote's DRAFT / ASSIGNED as they are).
pub fn remote_status(status: OrderStatus) -> Option<&'static str> {
    match status {
        OrderStatus::Intake | OrderStatus::Scheduled => None,
        OrderStatus::InProgress => Some("IN_PROGRESS"),
        OrderStatus::WaitingForParts | OrderStatus::WaitingForCustomer => Some("ON_HOLD"),
        OrderStatus::Done | OrderStatus::Collected => Some(COMPLETED),
        OrderStatus::Cancelled => Some(CANCELLED),
    }
}

/// Jobcard's status as a person reads it (`externalStatus`).
pub fn status_label(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Intake => "Intake",
        OrderStatus::Scheduled => "Scheduled",
        OrderStatus::InProgress => "In progress",
        OrderStatus::WaitingForParts => "Waiting for parts",
        OrderStatus::WaitingForCustomer => "Waiting for customer",
        OrderStatus::Done => "Done",
        OrderStatus::Collected => "Collected",
        OrderStatus::Cancelled => "Cancelled",
    }
}

/// Everything the downstream fields are made from.
pub struct Facts<'a> {
    pub number: &'a str,
    pub status: OrderStatus,
    pub closing: &'a ClosingRow,
    /// The order's labour minutes (the hours when no work time was recorded).
    pub work_minutes: i64,
    /// When the order last changed (the completion time when none was recorded).
    pub updated_at: &'a str,
}

fn clean(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|s| !s.is_empty())
}

/// The downstream fields Jobcard's order stands for now.
pub fn wanted(f: &Facts<'_>) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("externalId".into(), json!(f.number));
    map.insert("externalStatus".into(), json!(status_label(f.status)));
    if let Some(status) = remote_status(f.status) {
        map.insert("status".into(), json!(status));
    }
    if !matches!(f.status, OrderStatus::Done | OrderStatus::Collected) {
        return map;
    }
    let texts = [
        ("rootCause", f.closing.root_cause.as_deref()),
        ("resolution", f.closing.resolution.as_deref()),
        ("closureNote", f.closing.closing_notes.as_deref()),
    ];
    for (key, text) in texts {
        if let Some(text) = clean(text) {
            map.insert(key.into(), json!(text));
        }
    }
    let done_at = clean(f.closing.completed_at.as_deref()).unwrap_or(f.updated_at);
    if let Some(at) = iso_millis(done_at) {
        map.insert("completedAt".into(), json!(at));
    }
    let minutes = f
        .closing
        .actual_minutes
        .filter(|m| *m > 0)
        .unwrap_or(f.work_minutes);
    if minutes > 0 {
        map.insert(
            "actualHours".into(),
            hours_value(minutes_to_hundredths(minutes)),
        );
    }
    map
}

pub use crate::fields::changed;

/// The first field longer than the document allows, as the order's message.
pub fn too_long(body: &Map<String, Value>) -> Option<String> {
    LIMITS.iter().find_map(|(key, max)| {
        let n = body.get(*key)?.as_str()?.chars().count();
        (n > *max).then(|| {
            format!(
                "{key} is {n} characters; Scan2Evolve takes at most {max}. Shorten it on the \
                 order, nothing was sent"
            )
        })
    })
}

/// An RFC 3339 time as `2026-03-10T14:30:00.000Z` (the doc's form).
pub fn iso_millis(text: &str) -> Option<String> {
    DateTime::parse_from_rfc3339(text.trim()).ok().map(|t| {
        t.with_timezone(&Utc)
            .to_rfc3339_opts(SecondsFormat::Millis, true)
    })
}

/// Minutes as hundredths of an hour, rounded half up (90 -> 150, 100 -> 167).
pub fn minutes_to_hundredths(minutes: i64) -> i64 {
    (minutes.saturating_mul(100) + 30) / 60
}

/// Hundredths of an hour as the JSON number sent: 150 -> 1.5, 200 -> 2, 167 -> 1.67.
pub fn hours_value(hundredths: i64) -> Value {
    if hundredths % 100 == 0 {
        return json!(hundredths / 100);
    }
    let text = format!("{}.{:02}", hundredths / 100, hundredths % 100);
    let text = text.trim_end_matches('0');
    // A short decimal parses to the f64 whose shortest form is that same decimal.
    text.parse::<f64>().map_or(Value::Null, |h| json!(h))
}

/// A decimal number of hours (`1.5`, `"2"`) in hundredths, without a float; `None` when it
/// is not a plain non-negative decimal.
pub fn hundredths(v: &Value) -> Option<i64> {
    scaled(v, 100, 2)
}

/// A decimal number of hours as whole minutes, rounded half up (`1.5` -> 90, `0.33` -> 20).
pub fn hours_to_minutes(v: &Value) -> Option<i64> {
    let micro = scaled(v, 1_000_000, 6)?;
    Some((micro.saturating_mul(60) + 500_000) / 1_000_000)
}

/// `v` times `scale` (= 10^digits), truncated past `digits` decimals.
fn scaled(v: &Value, scale: i64, digits: usize) -> Option<i64> {
    let text = match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_owned(),
        _ => return None,
    };
    let (whole, frac) = text.split_once('.').unwrap_or((text.as_str(), ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac: String = frac
        .chars()
        .chain(std::iter::repeat('0'))
        .take(digits)
        .collect();
    let whole: i64 = whole.parse().ok()?;
    let frac: i64 = frac.parse().ok()?;
    whole.checked_mul(scale)?.checked_add(frac)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_exact_decimals() {
        assert_eq!(hours_value(minutes_to_hundredths(90)).to_string(), "1.5");
        assert_eq!(hours_value(minutes_to_hundredths(120)).to_string(), "2");
        assert_eq!(hours_value(minutes_to_hundredths(100)).to_string(), "1.67");
        assert_eq!(hours_value(minutes_to_hundredths(5)).to_string(), "0.08");
        assert_eq!(hours_value(minutes_to_hundredths(270)).to_string(), "4.5");
        assert_eq!(hundredths(&json!(4.5)), Some(450));
        assert_eq!(hundredths(&json!(6.0)), Some(600));
        assert_eq!(hundredths(&json!(-1)), None);
        assert_eq!(hours_to_minutes(&json!(1.5)), Some(90));
        assert_eq!(hours_to_minutes(&json!(2)), Some(120));
        assert_eq!(hours_to_minutes(&json!(0.33)), Some(20));
        assert_eq!(hours_to_minutes(&Value::Null), None);
    }

    fn facts<'a>(status: OrderStatus, closing: &'a ClosingRow) -> Facts<'a> {
        Facts {
            number: "2026-0042",
            status,
            closing,
            work_minutes: 150,
            updated_at: "2026-03-10T15:00:00Z",
        }
    }

    #[test]
    fn started_sends_the_status_and_done_the_closing_fields() {
        let closing = ClosingRow::default();
        let started = wanted(&facts(OrderStatus::InProgress, &closing));
        assert_eq!(
            Value::Object(started.clone()),
            json!({"externalId": "2026-0042", "externalStatus": "In progress",
                   "status": "IN_PROGRESS"})
        );
        assert!(
            wanted(&facts(OrderStatus::Scheduled, &closing))
                .get("status")
                .is_none()
        );
        let closing = ClosingRow {
            root_cause: Some(" Wear ".into()),
            resolution: Some("New bearing".into()),
            closing_notes: Some(String::new()),
            completed_at: Some("2026-03-10T14:30:00+00:00".into()),
            actual_minutes: Some(90),
            ..ClosingRow::default()
        };
        let done = wanted(&facts(OrderStatus::Done, &closing));
        let diff = changed(&done, &started);
        assert_eq!(
            Value::Object(diff),
            json!({"externalStatus": "Done", "status": "COMPLETED", "rootCause": "Wear",
                   "resolution": "New bearing", "completedAt": "2026-03-10T14:30:00.000Z",
                   "actualHours": 1.5})
        );
        let no_time = ClosingRow {
            actual_minutes: Some(0),
            ..closing
        };
        let done = wanted(&facts(OrderStatus::Done, &no_time));
        assert_eq!(
            done.get("actualHours"),
            Some(&json!(2.5)),
            "the labour minutes"
        );
    }

    #[test]
    fn a_read_back_work_order_compares_equal_to_what_was_sent() {
        let closing = ClosingRow {
            completed_at: Some("2026-03-10T14:30:00Z".into()),
            actual_minutes: Some(270),
            ..ClosingRow::default()
        };
        let done = wanted(&facts(OrderStatus::Done, &closing));
        let mut snapshot = Snapshot::default();
        snapshot.observe(&json!({"status": "COMPLETED", "externalId": "2026-0042",
            "externalStatus": "Done", "completedAt": "2026-03-10T14:30:00.000Z",
            "actualHours": 4.5, "rootCause": null}));
        assert_eq!(snapshot.remote_status, "COMPLETED");
        assert!(changed(&done, &snapshot.sent).is_empty());
    }

    #[test]
    fn too_long_names_the_field_and_its_limit() {
        let mut body = Map::new();
        body.insert("rootCause".into(), json!("x".repeat(501)));
        let message = too_long(&body).unwrap();
        assert!(message.starts_with("rootCause is 501 characters; Scan2Evolve takes at most 500"));
        body.insert("rootCause".into(), json!("é".repeat(500)));
        assert_eq!(too_long(&body), None, "characters, not bytes");
    }
}

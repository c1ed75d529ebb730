//! A Scan2Evolve work order (read by id, with its tasks) as a Jobcard intake. Pure: the pull
//! adds the customer it already knows and the mechanic from the `employee.NAME` settings.

use crate::remote_text::text;
use serde_json::Value;

use super::payload;
use crate::connector::Kind;
use crate::settings::ConnectorSettings;
use crate::{ImportedLine, ImportedOrder};

/// The longest description Jobcard takes.
const DESCRIPTION_MAX: usize = 4000;
/// A line's description is kept short enough for the job card.
const LINE_MAX: usize = 200;

fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// The asset's site (`asset.site`), where the work order's customer comes from.
pub fn site(work_order: &Value) -> Option<&Value> {
    work_order
        .get("asset")
        .and_then(|a| a.get("site"))
        .filter(|s| s.is_object())
}

/// The site's id, to find the customer made for it before.
pub fn site_id(work_order: &Value) -> Option<String> {
    site(work_order).and_then(|s| text(s, "id"))
}

/// The remote user the work order is assigned to (`assignedTo.id`).
pub fn assignee(work_order: &Value) -> Option<String> {
    work_order.get("assignedTo").and_then(|a| text(a, "id"))
}

pub struct Rules<'a> {
    pub settings: &'a ConnectorSettings,
    pub kind: Kind,
    /// The price of a labour hour in cents (`labour_rate_cents`, 0 by default).
    pub rate_cents_per_hour: i64,
}

/// The intake for `work_order` (`own_reference` = `marker`).
pub fn imported(rules: &Rules<'_>, work_order: &Value, marker: String) -> ImportedOrder {
    let id = text(work_order, "id").unwrap_or_default();
    let asset = work_order.get("asset").unwrap_or(&Value::Null);
    let site = site(work_order).unwrap_or(&Value::Null);
    let customer_name = text(site, "name")
        .or_else(|| text(site, "code"))
        .unwrap_or_else(|| "Scan2Evolve (no site)".to_owned());
    let asset_name = text(asset, "name").or_else(|| text(work_order, "assetName"));
    let asset_tag = text(asset, "code")
        .or_else(|| text(asset, "id"))
        .or_else(|| text(work_order, "assetId"));
    let priority = text(work_order, "priority")
        .and_then(|p| rules.settings.get(rules.kind, &format!("priority.{p}")))
        .filter(|p| !p.is_empty());
    let promised_date = text(work_order, "dueDate")
        .and_then(|d| d.get(..10).map(str::to_owned))
        .filter(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok());
    ImportedOrder {
        own_reference: marker,
        customer_name,
        object_kind: Some("machine".to_owned()),
        brand: asset_name.map(|n| cut(&n, 100)),
        frame_number: asset_tag.map(|t| cut(&t, 100)),
        description: cut(&description(work_order, &id), DESCRIPTION_MAX),
        promised_date,
        priority,
        lines: lines(rules, work_order),
        ..ImportedOrder::default()
    }
}

/// Title, description, location and inspection, and the work order's id.
fn description(work_order: &Value, id: &str) -> String {
    let inspection = work_order
        .get("sourceInspection")
        .and_then(|i| text(i, "inspectionNumber"))
        .map(|n| format!("Inspection: {n}"));
    let parts = [
        text(work_order, "title"),
        text(work_order, "description"),
        text(work_order, "location").map(|l| format!("Location: {l}")),
        inspection,
        Some(format!("Scan2Evolve work order {id}")),
    ];
    parts.into_iter().flatten().collect::<Vec<_>>().join("\n")
}

/// One labour line per task (cancelled tasks left out); a work order without tasks but with
/// `estimatedHours` is one labour line of its own.
fn lines(rules: &Rules<'_>, work_order: &Value) -> Vec<ImportedLine> {
    let tasks: Vec<&Value> = work_order
        .get("tasks")
        .and_then(Value::as_array)
        .map(|t| {
            t.iter()
                .filter(|t| t.get("status").and_then(Value::as_str) != Some(payload::CANCELLED))
                .collect()
        })
        .unwrap_or_default();
    if tasks.is_empty() {
        let minutes = work_order
            .get("estimatedHours")
            .and_then(payload::hours_to_minutes)
            .unwrap_or(0);
        if minutes == 0 {
            return Vec::new();
        }
        let title = text(work_order, "title").unwrap_or_else(|| "Work".to_owned());
        return vec![labour(rules, &title, minutes)];
    }
    tasks
        .into_iter()
        .map(|task| {
            let title = [text(task, "taskNumber"), text(task, "title")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let minutes = task
                .get("estimatedHours")
                .and_then(payload::hours_to_minutes)
                .unwrap_or(0);
            labour(
                rules,
                if title.is_empty() { "Task" } else { &title },
                minutes,
            )
        })
        .collect()
}

fn labour(rules: &Rules<'_>, description: &str, minutes: i64) -> ImportedLine {
    ImportedLine {
        kind: "labour".to_owned(),
        description: cut(description, LINE_MAX),
        quantity: 1,
        unit_price_cents: price_cents(rules.rate_cents_per_hour, minutes),
        vat: "high".to_owned(),
        work_minutes: minutes,
        ..ImportedLine::default()
    }
}

/// The labour price of `minutes` at `rate` cents an hour, rounded half up to a cent.
pub fn price_cents(rate: i64, minutes: i64) -> i64 {
    (rate.saturating_mul(minutes) + 30) / 60
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc_example() -> Value {
        json!({
            "id": "wo_def456", "title": "Replace bearing on Pump A",
            "description": "Bearing failure detected during inspection.",
            "priority": "HIGH", "status": "ASSIGNED", "location": "Building 3, Level 2",
            "assetId": "asset_456", "assetName": "Centrifugal Pump A", "estimatedHours": 6.0,
            "dueDate": "2026-03-15T00:00:00.000Z",
            "asset": {"id": "asset_456", "name": "Centrifugal Pump A", "code": "PUMP-A-001",
                "site": {"id": "site_789", "name": "Melbourne Warehouse", "code": "MEL-WH"}},
            "sourceInspection": {"id": "ins_012", "inspectionNumber": "INS-2026-0042"},
            "tasks": [
                {"id": "task_001", "taskNumber": "TSK-2026-0101", "title": "Remove old bearing",
                 "status": "COMPLETED", "estimatedHours": 2.0},
                {"id": "task_002", "taskNumber": "TSK-2026-0102",
                 "title": "Install new bearing and realign shaft", "status": "ASSIGNED",
                 "estimatedHours": 1.5},
                {"id": "task_003", "title": "Dropped", "status": "CANCELLED", "estimatedHours": 9}
            ]
        })
    }

    #[test]
    fn the_doc_example_becomes_a_machine_repair_with_labour_lines() {
        let mut settings = ConnectorSettings::default();
        let kind = crate::scan2evolve::KIND;
        settings.set(kind, "labour_rate_cents", "6000").unwrap();
        let rules = Rules {
            settings: &settings,
            kind,
            rate_cents_per_hour: 6000,
        };
        let order = imported(&rules, &doc_example(), "s2e:wo_def456".into());
        assert_eq!(order.customer_name, "Melbourne Warehouse");
        assert_eq!(order.object_kind.as_deref(), Some("machine"));
        assert_eq!(order.brand.as_deref(), Some("Centrifugal Pump A"));
        assert_eq!(order.frame_number.as_deref(), Some("PUMP-A-001"));
        assert_eq!(order.priority.as_deref(), Some("high"));
        assert_eq!(order.promised_date.as_deref(), Some("2026-03-15"));
        assert!(
            order
                .description
                .starts_with("Replace bearing on Pump A\nBearing failure")
        );
        assert!(order.description.contains("Location: Building 3, Level 2"));
        assert!(order.description.contains("INS-2026-0042"));
        assert_eq!(order.lines.len(), 2);
        assert_eq!(
            order.lines[0].description,
            "TSK-2026-0101 Remove old bearing"
        );
        assert_eq!(order.lines[0].work_minutes, 120);
        assert_eq!(order.lines[0].unit_price_cents, 12000);
        assert_eq!(order.lines[1].work_minutes, 90);
        assert_eq!(order.lines[1].unit_price_cents, 9000);
        assert!(
            order
                .lines
                .iter()
                .all(|l| l.kind == "labour" && l.vat == "high")
        );
    }

    #[test]
    fn without_tasks_the_estimate_is_one_line() {
        let settings = ConnectorSettings::default();
        let rules = Rules {
            settings: &settings,
            kind: crate::scan2evolve::KIND,
            rate_cents_per_hour: 0,
        };
        let mut wo = doc_example();
        wo.as_object_mut().unwrap().remove("tasks");
        wo["priority"] = json!("CRITICAL");
        let order = imported(&rules, &wo, "s2e:x".into());
        assert_eq!(order.lines.len(), 1);
        assert_eq!(order.lines[0].work_minutes, 360);
        assert_eq!(order.lines[0].unit_price_cents, 0);
        assert_eq!(order.priority.as_deref(), Some("urgent"));
    }
}

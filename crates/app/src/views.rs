//! Building the DTOs the UI and CLI see from stored rows.

use jobcard_domain::{Cents, Lang, LineAmounts, OrderStatus, OrderTotals, RateBp, order_totals};
use jobcard_store::Conn;
use jobcard_store::sql::{audit_log, orders, parties, work};
use jobcard_store::{
    AuditRow, ClosingRow, CustomerRow, LineRow, OrderRow, RepairObjectRow, StoreError, StoreRow,
    WorkPeriodRow,
};

use serde_json::Value;

use crate::Result;
use crate::dto::{
    AuditView, CustomerView, LineView, OrderView, RateTotalView, RepairObjectView, StatusView,
    StoreView, WorkPeriodView,
};

pub(crate) fn line_view(row: &LineRow) -> LineView {
    LineView {
        line_no: row.line_no,
        kind: row.kind,
        code: row.code.clone(),
        barcode: row.barcode.clone(),
        description: row.description.clone(),
        quantity: row.quantity,
        unit_price_cents: row.unit_price_cents,
        unit_discount_cents: row.unit_discount_cents,
        discount_bp: crate::pricing::stored_bp(row.discount_bp),
        vat: row.vat_code,
        vat_rate_bp: crate::pricing::stored_bp(row.vat_rate_bp),
        vat_percent: RateBp(crate::pricing::stored_bp(row.vat_rate_bp)).percent_display(),
        total_cents: row.total_cents,
        vat_cents: row.vat_cents,
        net_cents: row.total_cents - row.vat_cents,
        work_minutes_per_unit: row.work_minutes_per_unit,
        work_minutes: row.work_minutes,
        status: row.status,
        bill_to_customer_id: row.bill_to_customer_id.clone(),
    }
}

/// Totals of stored lines, summed by the domain (checked arithmetic).
pub(crate) fn totals_of(lines: &[LineView]) -> Result<OrderTotals> {
    totals_by_rate(
        lines
            .iter()
            .map(|l| (l.vat_rate_bp, l.total_cents, l.vat_cents)),
    )
}

/// The totals of amounts given as `(VAT rate in basis points, gross, VAT)`, summed per rate
/// (an overflow is refused, never wrapped).
pub(crate) fn totals_by_rate(
    amounts: impl IntoIterator<Item = (u32, i64, i64)>,
) -> Result<OrderTotals> {
    let amounts: Vec<(RateBp, LineAmounts)> = amounts
        .into_iter()
        .map(|(rate, gross, vat)| {
            let net = Cents(gross.saturating_sub(vat));
            (
                RateBp(rate),
                LineAmounts {
                    total: Cents(gross),
                    vat: Cents(vat),
                    net,
                },
            )
        })
        .collect();
    Ok(order_totals(amounts.iter().map(|(rate, a)| (*rate, a)))?)
}

pub(crate) fn rate_views(totals: &OrderTotals) -> Vec<RateTotalView> {
    totals
        .by_rate
        .iter()
        .map(|r| RateTotalView {
            vat_rate_bp: r.rate.0,
            vat_percent: r.rate.percent_display(),
            net_cents: r.net.get(),
            vat_cents: r.vat.get(),
            gross_cents: r.gross.get(),
        })
        .collect()
}

pub(crate) fn status_view(status: OrderStatus) -> StatusView {
    StatusView {
        status,
        label: status.label(Lang::En).to_owned(),
    }
}

pub(crate) fn customer_view(row: &CustomerRow) -> CustomerView {
    CustomerView {
        id: row.id.clone(),
        name: row.name.clone(),
        phone: row.phone.clone(),
        email: row.email.clone(),
        address: row.address.clone(),
        notes: row.notes.clone(),
    }
}

pub(crate) fn object_view(row: &RepairObjectRow) -> RepairObjectView {
    RepairObjectView {
        id: row.id.clone(),
        owner_id: row.owner_id.clone(),
        kind: row.kind,
        brand: row.brand.clone(),
        model: row.model.clone(),
        year: row.year,
        colour: row.colour.clone(),
        frame_number: row.frame_number.clone(),
        licence_plate: row.licence_plate.clone(),
        barcode: row.barcode.clone(),
    }
}

/// "Gazelle Orange C7", or the kind when brand and model are unknown.
pub(crate) fn object_title(brand: Option<&str>, model: Option<&str>) -> String {
    [brand, model]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn audit_view(row: &AuditRow) -> AuditView {
    let changes: serde_json::Value =
        serde_json::from_str(&row.changes).unwrap_or(serde_json::Value::Null);
    let text = |key: &str| {
        changes
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or("?")
            .to_owned()
    };
    let summary = match row.action.as_str() {
        "created" => format!("Order {} created", text("number")),
        "status_changed" => {
            let label = |key: &str| {
                text(key)
                    .parse::<OrderStatus>()
                    .map(|s| s.label(Lang::En).to_owned())
                    .unwrap_or_else(|_| text(key))
            };
            format!("Status {} → {}", label("from"), label("to"))
        }
        "lines_changed" => {
            let cents = |key: &str| {
                changes
                    .get(key)
                    .and_then(serde_json::Value::as_i64)
                    .unwrap_or(0)
            };
            let n = changes
                .get("lines")
                .and_then(serde_json::Value::as_i64)
                .unwrap_or(0);
            format!(
                "Lines changed ({n} lines): total {} → {}",
                Cents(cents("total_before")),
                Cents(cents("total_after"))
            )
        }
        "header_changed" => header_summary(&changes),
        "work_status_sent" => format!(
            "Work status sent to the customer through {}: {}",
            text("connector"),
            text("answer")
        ),
        other => other.replace('_', " "),
    };
    AuditView {
        at: row.at.clone(),
        actor: row.actor.clone(),
        action: row.action.clone(),
        summary,
        changes,
    }
}

fn missing(what: &str, id: &str) -> StoreError {
    StoreError::corrupt(format!("{what} {id} referenced by an order is missing"))
}

/// Whole minutes between two stored instants; 0 when either is missing or unreadable.
pub(crate) fn minutes_between(from: &str, to: Option<&str>) -> i64 {
    let parse = |t: &str| chrono::DateTime::parse_from_rfc3339(t).ok();
    match (parse(from), to.and_then(parse)) {
        (Some(a), Some(b)) => (b - a).num_minutes().max(0),
        _ => 0,
    }
}

pub(crate) fn period_view(row: &WorkPeriodRow) -> WorkPeriodView {
    WorkPeriodView {
        employee: row.employee_name.clone(),
        started_at: row.started_at.clone(),
        ended_at: row.ended_at.clone(),
        minutes: minutes_between(&row.started_at, row.ended_at.as_deref()),
    }
}

/// The rows an order's screen shows besides the order row and its history: read by
/// [`order_view`], or handed in by the use case that has just written them
/// ([`order_view_with_history`]), which saves a new order six round trips to a shared database.
pub(crate) struct OrderParts {
    pub customer: CustomerRow,
    pub object: RepairObjectRow,
    pub store: StoreRow,
    /// The planned mechanic's name.
    pub mechanic: Option<String>,
    pub lines: Vec<LineRow>,
    pub closing: ClosingRow,
    pub periods: Vec<WorkPeriodRow>,
}

/// The whole order as the order screen shows it.
pub(crate) async fn order_view(conn: &mut Conn, row: &OrderRow) -> Result<OrderView> {
    let parts = order_parts(conn, row).await?;
    let history = audit_log::history(&mut *conn, "order", &row.id).await?;
    order_view_with_history(conn, row, parts, history).await
}

/// Reads the parts of order `row`.
async fn order_parts(conn: &mut Conn, row: &OrderRow) -> Result<OrderParts> {
    let customer = parties::customer_by_id(&mut *conn, &row.customer_id)
        .await?
        .ok_or_else(|| missing("customer", &row.customer_id))?;
    let object = parties::repair_object_by_id(&mut *conn, &row.repair_object_id)
        .await?
        .ok_or_else(|| missing("repair object", &row.repair_object_id))?;
    let store = parties::store_by_id(&mut *conn, &row.store_id)
        .await?
        .ok_or_else(|| missing("store", &row.store_id))?;
    let mechanic = match &row.mechanic_id {
        Some(id) => parties::employee_by_id(&mut *conn, id)
            .await?
            .map(|e| e.name),
        None => None,
    };
    Ok(OrderParts {
        customer,
        object,
        store,
        mechanic,
        lines: orders::lines(&mut *conn, row.pk).await?,
        closing: work::closing(&mut *conn, row.pk).await?,
        periods: work::periods_of(&mut *conn, row.pk).await?,
    })
}

/// The order screen of `row` from its parts and its `history` (oldest first); reads the lines'
/// bill-to customers.
pub(crate) async fn order_view_with_history(
    conn: &mut Conn,
    row: &OrderRow,
    parts: OrderParts,
    history: Vec<AuditRow>,
) -> Result<OrderView> {
    let OrderParts {
        customer,
        object,
        store,
        mechanic,
        lines,
        closing,
        periods,
    } = parts;
    let lines: Vec<LineView> = lines.iter().map(line_view).collect();
    let mut payers: Vec<CustomerView> = Vec::new();
    for id in lines
        .iter()
        .filter_map(|l| l.bill_to_customer_id.as_deref())
    {
        if payers.iter().any(|p| p.id == id) {
            continue;
        }
        let payer = parties::customer_by_id(&mut *conn, id)
            .await?
            .ok_or_else(|| missing("bill-to customer", id))?;
        payers.push(customer_view(&payer));
    }
    let work_periods: Vec<WorkPeriodView> = periods.iter().map(period_view).collect();
    let history = history.iter().map(audit_view).collect();
    let totals = totals_of(&lines)?;
    let status = row.status;
    Ok(OrderView {
        id: row.id.clone(),
        number: row.number.clone(),
        status: status_view(status),
        allowed_next: status
            .allowed_next()
            .iter()
            .copied()
            .map(status_view)
            .collect(),
        priority: row.priority,
        customer: customer_view(&customer),
        repair_object: object_view(&object),
        store_name: store.name,
        description: row.description.clone(),
        own_reference: row.own_reference.clone(),
        mechanic,
        scheduled_start: row.scheduled_start.clone(),
        scheduled_all_day: row.scheduled_all_day,
        scheduled_finish: row.scheduled_finish.clone(),
        promised_date: row.promised_date.clone(),
        loan_object: row.loan_object.clone(),
        order_date: row.order_date.clone(),
        by_rate: rate_views(&totals),
        total_cents: totals.total.get(),
        vat_cents: totals.vat.get(),
        net_cents: totals.net.get(),
        work_minutes: row.work_minutes,
        waiting_reason: closing.waiting_reason,
        resolution: closing.resolution,
        root_cause: closing.root_cause,
        closing_notes: closing.closing_notes,
        completed_at: closing.completed_at,
        actual_minutes: work_periods.iter().map(|p| p.minutes).sum(),
        work_periods,
        lines,
        payers,
        created_at: row.created_at.clone(),
        created_by: row.created_by.clone(),
        updated_at: row.updated_at.clone(),
        updated_by: row.updated_by.clone(),
        version: row.version,
        history,
    })
}

/// A store as the settings and the catalogue show it.
pub(crate) fn store_view(row: &StoreRow) -> StoreView {
    StoreView {
        id: row.id.clone(),
        name: row.name.clone(),
        address: row.address.clone(),
        vat_number: row.vat_number.clone(),
        coc_number: row.coc_number.clone(),
        time_zone: row.time_zone.clone(),
    }
}

/// The history line of a header change: "Changed description: 'Brakes' → 'Brakes and chain'".
pub(crate) fn header_summary(changes: &Value) -> String {
    let Some(fields) = changes.as_object() else {
        return "Header changed".to_owned();
    };
    let parts: Vec<String> = fields
        .iter()
        .map(|(key, change)| {
            let side = |s: &str| {
                change
                    .get(s)
                    .and_then(Value::as_str)
                    .map_or_else(|| "—".to_owned(), |v| format!("'{v}'"))
            };
            format!(
                "{} {} → {}",
                key.replace('_', " "),
                side("from"),
                side("to")
            )
        })
        .collect();
    format!("Changed {}", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_summary_names_each_changed_field() {
        let changes = json!({
            "description": {"from": "Brakes", "to": "Brakes and chain"},
            "promised_date": {"from": null, "to": "2026-12-01"},
        });
        assert_eq!(
            header_summary(&changes),
            "Changed description 'Brakes' → 'Brakes and chain'; promised date — → '2026-12-01'"
        );
    }
}

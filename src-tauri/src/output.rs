//! How the CLI prints results: JSON for scripts (`--json`), aligned text for people.

use jobcard_app::ErrorCode;
use std::fmt::Write;

use jobcard_app::AppError;
use jobcard_app::dto::{BackupView, OrderPage, OrderView, PeriodReport};
use serde::Serialize;

/// Prints `value` as pretty JSON, or as text made by `human`.
pub fn print<T: Serialize + ?Sized>(
    json: bool,
    value: &T,
    human: fn(&T) -> String,
) -> Result<(), AppError> {
    if json {
        let text = serde_json::to_string_pretty(value).map_err(|err| {
            AppError::new(
                ErrorCode::Internal,
                format!("cannot write JSON: {err}"),
                None,
            )
        })?;
        out(&format!("{text}\n"));
    } else {
        out(&human(value));
    }
    Ok(())
}

/// Writes to standard output. A reader that went away (`jobcard ... | head`) is not an
/// error worth a panic: the rest is dropped and the command ends normally.
pub fn out(text: &str) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

/// 1234 -> "12.34", -5 -> "-0.05".
pub fn euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

pub fn order_page(page: &OrderPage) -> String {
    let mut out = String::new();
    for row in &page.rows {
        let _ = writeln!(
            out,
            "{:<14} {:<21} {:<22} {:<22} {:>10}",
            row.number,
            row.status.label,
            clip(&row.customer_name, 22),
            clip(&row.object, 22),
            euros(row.total_cents)
        );
    }
    if page.rows.is_empty() {
        out.push_str("No orders.\n");
    } else if page.has_more {
        out.push_str("(more: narrow with --status or --search, or raise --limit)\n");
    }
    out
}

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut clipped: String = text.chars().take(width.saturating_sub(1)).collect();
        clipped.push('…');
        clipped
    }
}

pub fn created(order: &OrderView) -> String {
    format!(
        "Created {}: {} EUR incl. {} VAT\n",
        order.number,
        euros(order.total_cents),
        euros(order.vat_cents)
    )
}

pub fn order(order: &OrderView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}  [{}]", order.number, order.status.label);
    let _ = writeln!(out, "Customer: {}", order.customer.name);
    let object = [
        order.repair_object.brand.as_deref(),
        order.repair_object.model.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let _ = writeln!(
        out,
        "Object:   {} {}",
        object,
        order.repair_object.frame_number.as_deref().unwrap_or("")
    );
    let _ = writeln!(out, "Job:      {}", order.description);
    out.push('\n');
    for line in &order.lines {
        let _ = writeln!(
            out,
            "{:>3} {:>4} x {:<36} {:>10} {:>4}% {:>10}",
            line.line_no,
            line.quantity,
            clip(&line.description, 36),
            euros(line.unit_price_cents),
            line.vat_percent,
            euros(line.total_cents)
        );
    }
    out.push('\n');
    for rate in &order.by_rate {
        let _ = writeln!(
            out,
            "VAT {:>4}%: net {:>10}  VAT {:>10}  gross {:>10}",
            rate.vat_percent,
            euros(rate.net_cents),
            euros(rate.vat_cents),
            euros(rate.gross_cents)
        );
    }
    let _ = writeln!(
        out,
        "Total: {} EUR (VAT {})",
        euros(order.total_cents),
        euros(order.vat_cents)
    );
    out
}

pub fn report(report: &PeriodReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Report {} to {}: {} orders",
        report.from, report.to, report.orders
    );
    out.push_str("\nBy status\n");
    for s in &report.by_status {
        let _ = writeln!(out, "  {:<22} {:>6}", s.status.label, s.orders);
    }
    out.push_str("\nRevenue per VAT rate (orders not cancelled)\n");
    for r in &report.by_rate {
        let _ = writeln!(
            out,
            "  {:>5}%  net {:>12}  VAT {:>12}  gross {:>12}",
            r.vat_percent,
            euros(r.net_cents),
            euros(r.vat_cents),
            euros(r.gross_cents)
        );
    }
    let _ = writeln!(
        out,
        "  total   net {:>12}  VAT {:>12}  gross {:>12}",
        euros(report.net_cents),
        euros(report.vat_cents),
        euros(report.total_cents)
    );
    out.push_str("\nPlanned work per mechanic\n");
    for m in &report.by_mechanic {
        let name = m.mechanic.as_deref().unwrap_or("(not assigned)");
        let _ = writeln!(
            out,
            "  {:<22} {:>4} orders {:>6} min",
            name, m.orders, m.work_minutes
        );
    }
    out
}

pub fn backups(backups: &[BackupView]) -> String {
    if backups.is_empty() {
        return "No backups yet.\n".to_owned();
    }
    backups
        .iter()
        .map(|b| format!("{}  {:>12} bytes  {}\n", b.taken_at, b.bytes, b.file))
        .collect()
}

pub fn import_report(report: &jobcard_app::dto::ImportReport) -> String {
    if report.errors.is_empty() {
        return format!(
            "Imported: {} added, {} updated.\n",
            report.added, report.updated
        );
    }
    report
        .errors
        .iter()
        .map(|e| match e.field.as_str() {
            "" => format!("line {}: {}\n", e.line, e.message),
            field => format!("line {}: {field}: {}\n", e.line, e.message),
        })
        .collect()
}

pub fn slots(slots: &[jobcard_app::dto::SlotView]) -> String {
    if slots.is_empty() {
        return "No free slot in the next 60 days.\n".to_owned();
    }
    slots
        .iter()
        .map(|s| format!("{} - {}  {}\n", s.local_start, s.local_finish, s.mechanic))
        .collect()
}

/// `out` with a line end; takes the same arguments as `format!` through the macro below.
pub fn out_line_str(text: &str) {
    out(&format!("{text}\n"));
}

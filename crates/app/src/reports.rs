//! The manager's period report: orders by status, revenue per VAT rate (net, VAT, gross) and
//! planned work per mechanic, for the screen, `--json` and CSV.

use jobcard_domain::{Cents, OrderStatus};
use jobcard_store::sql::reports;

use crate::dto::{MechanicLoad, PeriodReport, StatusCount};
use crate::guard::Guard;
use crate::pricing::stored_bp;
use crate::views::{rate_views, status_view, totals_by_rate};
use crate::{Actor, App, AppError, Result};

/// The longest period one report covers.
const MAX_DAYS: i64 = 366 * 5;

impl App {
    /// The report of order dates `from..=to` (`YYYY-MM-DD`).
    pub async fn report(&self, actor: &Actor, from: &str, to: &str) -> Result<PeriodReport> {
        actor.require(Guard::REPORTS)?;
        let (first, last) = (
            crate::text::typed_date("from", from)?,
            crate::text::typed_date("to", to)?,
        );
        if last < first {
            return Err(AppError::invalid("to", "must not be before from"));
        }
        if (last - first).num_days() > MAX_DAYS {
            return Err(AppError::invalid(
                "to",
                "a report covers at most five years",
            ));
        }
        let (from, to) = (first.to_string(), last.to_string());
        let db = self.store.readers();
        let mut by_status: Vec<StatusCount> = Vec::new();
        for row in reports::status_counts(db, &from, &to).await? {
            by_status.push(StatusCount {
                status: status_view(row.status),
                orders: row.orders,
            });
        }
        by_status.sort_by_key(|s| OrderStatus::ALL.iter().position(|a| *a == s.status.status));
        let sums = reports::rate_sums(db, &from, &to).await?;
        let totals = totals_by_rate(
            sums.iter()
                .map(|r| (stored_bp(r.vat_rate_bp), r.gross_cents, r.vat_cents)),
        )?;
        let by_mechanic = reports::mechanic_loads(db, &from, &to)
            .await?
            .into_iter()
            .map(|m| MechanicLoad {
                mechanic: m.mechanic,
                orders: m.orders,
                work_minutes: m.work_minutes,
            })
            .collect();
        Ok(PeriodReport {
            orders: by_status.iter().map(|s| s.orders).sum(),
            from,
            to,
            by_status,
            by_rate: rate_views(&totals),
            total_cents: totals.total.get(),
            vat_cents: totals.vat.get(),
            net_cents: totals.net.get(),
            by_mechanic,
        })
    }
}

/// The report as CSV: one row per figure, amounts as decimal euros with a dot.
pub fn report_csv(report: &PeriodReport) -> String {
    let euros = |cents: i64| Cents(cents).to_string();
    let mut out = String::from("section,name,orders,net,vat,gross,work_minutes\n");
    for s in &report.by_status {
        out.push_str(&format!("status,{},{},,,,\n", s.status.status, s.orders));
    }
    for r in &report.by_rate {
        out.push_str(&format!(
            "vat,{},,{},{},{},\n",
            r.vat_percent,
            euros(r.net_cents),
            euros(r.vat_cents),
            euros(r.gross_cents)
        ));
    }
    for m in &report.by_mechanic {
        out.push_str(&format!(
            "mechanic,{},{},,,,{}\n",
            csv_field(m.mechanic.as_deref().unwrap_or("")),
            m.orders,
            m.work_minutes
        ));
    }
    out.push_str(&format!(
        "total,,{},{},{},{},{}\n",
        report.orders,
        euros(report.net_cents),
        euros(report.vat_cents),
        euros(report.total_cents),
        report
            .by_mechanic
            .iter()
            .map(|m| m.work_minutes)
            .sum::<i64>()
    ));
    out
}

/// Quotes a CSV field when it holds a comma, quote or line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

//! Planning hours in the settings: the store's trading hours per weekday, each employee's own
//! working hours (none: the store's), and whole-day absences. The planner reads these; a change
//! is recorded like every other settings change.

use jobcard_domain::optional_text;
use jobcard_store::hours::HoursRow;
use jobcard_store::sql::{hours, parties};
use serde_json::json;

use crate::dto::{AbsenceInput, AbsenceView, HoursSettings, HoursSpan};
use crate::guard::Guard;
use crate::journal::{Change, record};
use crate::shop::{current_store, shop_date};
use crate::text::typed_date;
use crate::{Actor, App, AppError, Result};

fn hhmm(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn span_view(row: &HoursRow) -> HoursSpan {
    HoursSpan {
        weekday: u8::try_from(row.weekday).unwrap_or_default(),
        opens: hhmm(row.opens),
        closes: hhmm(row.closes),
    }
}

/// Reads `HH:MM` (or `H:MM`, `HH.MM`) into minutes after midnight; 24:00 allowed.
fn minutes(field: &str, text: &str) -> Result<i64> {
    let bad = || AppError::invalid(field, format!("'{text}' is not a time like 08:30"));
    let (h, m) = text.trim().split_once([':', '.']).ok_or_else(bad)?;
    let (h, m): (i64, i64) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if !(0..=24).contains(&h) || !(0..60).contains(&m) || h * 60 + m > 24 * 60 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// Checks a week of spans: weekdays 0-6, opens before closes, no overlaps within a day.
fn rows_of(spans: &[HoursSpan]) -> Result<Vec<HoursRow>> {
    let mut rows = Vec::new();
    for (i, span) in spans.iter().enumerate() {
        let field = |name: &str| format!("hours[{i}].{name}");
        if span.weekday > 6 {
            return Err(AppError::invalid(
                &field("weekday"),
                "must be 0 (Monday) to 6 (Sunday)",
            ));
        }
        let opens = minutes(&field("opens"), &span.opens)?;
        let closes = minutes(&field("closes"), &span.closes)?;
        if opens >= closes {
            return Err(AppError::invalid(
                &field("closes"),
                "must be after the opening time",
            ));
        }
        let row = HoursRow {
            weekday: i64::from(span.weekday),
            opens,
            closes,
        };
        if rows
            .iter()
            .any(|r: &HoursRow| r.weekday == row.weekday && r.opens < closes && opens < r.closes)
        {
            return Err(AppError::invalid(
                &field("opens"),
                "overlaps another span of the same day",
            ));
        }
        rows.push(row);
    }
    Ok(rows)
}

impl App {
    /// The planning hours for the settings screen.
    pub async fn hours_settings(&self, actor: &Actor) -> Result<HoursSettings> {
        actor.require(Guard::SETTINGS)?;
        let mut conn = self.reader().await?;
        let store = current_store(&mut conn).await?;
        let today = shop_date(&store, self.clock.now()).to_string();
        let trading = hours::trading(&mut conn, &store.id)
            .await?
            .iter()
            .map(span_view)
            .collect();
        let mut working = Vec::new();
        for employee in parties::employees(&mut conn)
            .await?
            .into_iter()
            .filter(|e| e.active)
        {
            let own = hours::working(&mut conn, &employee.id)
                .await?
                .iter()
                .map(span_view)
                .collect();
            working.push((employee.name, own));
        }
        let absences = hours::absences_from(&mut conn, &today)
            .await?
            .into_iter()
            .map(|a| AbsenceView {
                id: a.id,
                employee: a.employee,
                from: a.from_date,
                to: a.to_date,
                reason: a.reason,
            })
            .collect();
        Ok(HoursSettings {
            store_id: store.id,
            trading,
            working,
            absences,
        })
    }

    /// Replaces the trading hours of the default store.
    pub async fn set_trading_hours(&self, actor: &Actor, spans: &[HoursSpan]) -> Result<()> {
        actor.require(Guard::SETTINGS)?;
        let rows = rows_of(spans)?;
        let (mut tx, at) = self.begin_change().await?;
        let store = current_store(&mut tx).await?;
        hours::replace_trading(&mut tx, &store.id, &rows).await?;
        let change = Change {
            entity: "store",
            entity_id: &store.id,
            action: "trading_hours",
            changes: json!(spans),
        };
        record(&mut tx, &at, actor, change).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces an employee's own working hours; none means the store's hours.
    pub async fn set_working_hours(
        &self,
        actor: &Actor,
        employee: &str,
        spans: &[HoursSpan],
    ) -> Result<()> {
        actor.require(Guard::SETTINGS)?;
        let rows = rows_of(spans)?;
        let (mut tx, at) = self.begin_change().await?;
        let person = crate::shop::employee_named(&mut *tx, "employee", employee).await?;
        hours::replace_working(&mut tx, &person.id, &rows).await?;
        let change = Change {
            entity: "employee",
            entity_id: &person.id,
            action: "working_hours",
            changes: json!(spans),
        };
        record(&mut tx, &at, actor, change).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a whole-day absence.
    pub async fn add_absence(&self, actor: &Actor, input: &AbsenceInput) -> Result<()> {
        actor.require(Guard::SETTINGS)?;
        let (from, to) = (
            typed_date("from", &input.from)?,
            typed_date("to", &input.to)?,
        );
        if to < from {
            return Err(AppError::invalid("to", "must be on or after the first day"));
        }
        let reason = optional_text("reason", input.reason.as_deref(), 200)?;
        let (mut tx, at) = self.begin_change().await?;
        let person = crate::shop::employee_named(&mut *tx, "employee", &input.employee).await?;
        hours::add_absence(
            &mut tx,
            &person.id,
            &from.to_string(),
            &to.to_string(),
            reason.as_deref(),
        )
        .await?;
        let change = Change {
            entity: "employee",
            entity_id: &person.id,
            action: "absence_added",
            changes: json!({"from": from, "to": to, "reason": reason}),
        };
        record(&mut tx, &at, actor, change).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes an absence.
    pub async fn remove_absence(&self, actor: &Actor, id: i64) -> Result<()> {
        actor.require(Guard::SETTINGS)?;
        let (mut tx, at) = self.begin_change().await?;
        if !hours::remove_absence(&mut tx, id).await? {
            return Err(AppError::not_found("id", format!("no absence {id}")));
        }
        let change = Change {
            entity: "absence",
            entity_id: &id.to_string(),
            action: "removed",
            changes: json!({}),
        };
        record(&mut tx, &at, actor, change).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_spans_are_checked() {
        assert_eq!(minutes("t", "08:30").ok(), Some(510));
        assert_eq!(minutes("t", "24:00").ok(), Some(1440));
        for bad in ["8", "25:00", "08:60", "x:y", "24:30"] {
            assert!(minutes("t", bad).is_err(), "{bad}");
        }
        let span = |weekday, opens: &str, closes: &str| HoursSpan {
            weekday,
            opens: opens.into(),
            closes: closes.into(),
        };
        assert!(rows_of(&[span(0, "08:30", "12:00"), span(0, "13:00", "17:30")]).is_ok());
        let err = rows_of(&[span(0, "08:30", "12:00"), span(0, "11:00", "17:30")]).err();
        assert_eq!(err.and_then(|e| e.field).as_deref(), Some("hours[1].opens"));
        assert!(rows_of(&[span(7, "08:30", "12:00")]).is_err());
        assert!(rows_of(&[span(1, "12:00", "08:00")]).is_err());
    }
}

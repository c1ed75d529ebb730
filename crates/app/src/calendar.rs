//! The planning calendar: for some days, a column per mechanic with their open hours,
//! capacity and booked minutes per day, the timed orders as blocks (where the work lands,
//! closed hours skipped, overlaps marked), the all-day orders apart, and the unscheduled
//! backlog. It also says the shop's today, its time zone and its closed days, so the window
//! shows the shop's calendar whatever zone the computer is in.

use chrono::Duration;
use jobcard_domain::Role;
use jobcard_domain::planning::{WorkCalendar, overlaps_any};
use jobcard_store::hours::PlannedRow;
use jobcard_store::sql::{hours, parties};

use crate::dto::{CalendarBlock, CalendarColumn, CalendarDay, CalendarView};
use crate::planning::{HORIZON_DAYS, calendars_of, local, week_of};
use crate::shop::{current_store, shop_date};
use crate::{App, AppError, Result};

/// The most open orders the calendar reads (planned and backlog together).
const MAX_ORDERS: u32 = 2000;

fn block(row: &PlannedRow, spans: Vec<(String, String)>) -> CalendarBlock {
    CalendarBlock {
        number: row.number.clone(),
        customer_name: row.customer_name.clone(),
        description: row.description.clone(),
        status: row.status,
        work_minutes: row.work_minutes,
        spans,
        overlap: false,
        version: row.version,
    }
}

impl App {
    /// The calendar from `from` (`YYYY-MM-DD`, today when blank) for `days` days (1 to 14).
    pub async fn calendar(&self, from: Option<&str>, days: i64) -> Result<CalendarView> {
        if !(1..=14).contains(&days) {
            return Err(AppError::invalid("days", "must be between 1 and 14"));
        }
        let mut conn = self.reader().await?;
        let store = current_store(&mut conn).await?;
        let tz = store.zone();
        let first = crate::text::optional_date("from", from)?
            .unwrap_or_else(|| shop_date(&store, self.clock.now()));
        let last = first + Duration::days(days - 1);
        let trading = week_of(&hours::trading(&mut conn, &store.id).await?);
        let orders = hours::open_orders(&mut conn, MAX_ORDERS).await?;
        let mechanics: Vec<_> = parties::employees(&mut conn)
            .await?
            .into_iter()
            .filter(|e| e.active && e.roles.has(Role::Mechanic))
            .collect();
        let calendars = calendars_of(&mut conn, &trading, &mechanics).await?;
        let mut columns = Vec::new();
        for (mechanic, calendar) in mechanics.iter().zip(calendars) {
            let mut blocks: Vec<(CalendarBlock, Vec<jobcard_domain::planning::Span>)> = Vec::new();
            let mut all_day = Vec::new();
            for row in orders
                .iter()
                .filter(|o| o.mechanic_id.as_deref() == Some(mechanic.id.as_str()))
            {
                let Some(start) = row.scheduled_start.as_deref() else {
                    continue;
                };
                if row.scheduled_all_day {
                    if (first.to_string().as_str()..=last.to_string().as_str()).contains(&start) {
                        all_day.push(block(row, vec![(start.to_owned(), start.to_owned())]));
                    }
                    continue;
                }
                let Some(spans) = local(tz, start)
                    .and_then(|s| calendar.occupancy(s, row.work_minutes, HORIZON_DAYS))
                else {
                    continue;
                };
                let shown: Vec<_> = spans
                    .iter()
                    .filter(|(s, _)| s.date() >= first && s.date() <= last)
                    .copied()
                    .collect();
                if shown.is_empty() {
                    continue;
                }
                let text = shown
                    .iter()
                    .map(|(s, e)| {
                        (
                            s.format("%Y-%m-%d %H:%M").to_string(),
                            e.format("%Y-%m-%d %H:%M").to_string(),
                        )
                    })
                    .collect();
                blocks.push((block(row, text), spans));
            }
            let clashes: Vec<bool> = (0..blocks.len())
                .map(|i| {
                    let others = blocks.iter().enumerate().filter(|(j, _)| *j != i);
                    let mine = blocks.get(i).map_or(&[][..], |(_, spans)| spans);
                    others
                        .map(|(_, (_, spans))| spans)
                        .any(|o| overlaps_any(mine, o))
                })
                .collect();
            for ((block, _), clash) in blocks.iter_mut().zip(clashes) {
                block.overlap = clash;
            }
            let mut day_views = Vec::new();
            for offset in 0..days {
                let date = first + Duration::days(offset);
                let booked: i64 = blocks
                    .iter()
                    .flat_map(|(_, spans)| spans.iter())
                    .filter(|(s, _)| s.date() == date)
                    .map(|(s, e)| (*e - *s).num_minutes())
                    .sum();
                day_views.push(CalendarDay {
                    date: date.to_string(),
                    open: calendar
                        .open_spans(date)
                        .iter()
                        .map(|(s, e)| {
                            (s.format("%H:%M").to_string(), e.format("%H:%M").to_string())
                        })
                        .collect(),
                    capacity_minutes: calendar.capacity(date),
                    booked_minutes: booked,
                });
            }
            columns.push(CalendarColumn {
                mechanic: mechanic.name.clone(),
                days: day_views,
                blocks: blocks.into_iter().map(|(b, _)| b).collect(),
                all_day,
            });
        }
        let shop = WorkCalendar {
            trading,
            ..WorkCalendar::default()
        };
        let closed = (0..days)
            .map(|offset| first + Duration::days(offset))
            .filter(|date| shop.open_spans(*date).is_empty())
            .map(|date| date.to_string())
            .collect();
        let backlog = orders
            .iter()
            .filter(|o| o.scheduled_start.is_none())
            .map(|o| block(o, Vec::new()))
            .collect();
        Ok(CalendarView {
            from: first.to_string(),
            days,
            today: shop_date(&store, self.clock.now()).to_string(),
            time_zone: tz.name().to_owned(),
            closed,
            columns,
            backlog,
        })
    }
}

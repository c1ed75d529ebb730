//! Reading orders, the order list, status changes and the live price preview.

use jobcard_domain::{OrderStatus, Role};
use jobcard_store::Conn;
use jobcard_store::sql::{orders, parties, search};
use jobcard_store::{ListFilter, ListSort, OrderListRow};

use crate::dto::{LineInput, NewOrder, OrderPage, OrderQuery, OrderRow, OrderView, PricePreview};
use crate::guard::Guard;
use crate::pricing::{price_lines, stored_date};
use crate::shop::{order_store, shop_date};
use crate::status_flow::{change_status_in, promise_at_risk};
use crate::text::{non_blank, optional_date};
use crate::views::{object_title, order_view, rate_views, status_view};
use crate::{Actor, App, AppError, Result};

const DEFAULT_PAGE: u32 = 50;
const MAX_PAGE: u32 = 500;

/// Reads the list's sort choice; newest first when left out.
fn list_sort(text: Option<&str>) -> Result<ListSort> {
    Ok(match non_blank(text) {
        None | Some("date_desc") => ListSort::DateDesc,
        Some("date_asc") => ListSort::DateAsc,
        Some("number_desc") => ListSort::NumberDesc,
        Some("number_asc") => ListSort::NumberAsc,
        Some("status") => ListSort::Status,
        Some("promised") => ListSort::Promised,
        Some(other) => {
            return Err(AppError::invalid(
                "sort",
                format!(
                    "unknown sort '{other}'; expected date_desc, date_asc, number_desc, number_asc, status or promised"
                ),
            ));
        }
    })
}

impl App {
    /// One order with its lines, totals and history.
    pub async fn get_order(&self, number: &str) -> Result<OrderView> {
        let number = crate::shop::order_number(number)?;
        let mut conn = self.reader().await?;
        let row = crate::shop::order(&mut conn, &number).await?;
        order_view(&mut conn, &row).await
    }

    /// A page of the order list, newest first, filtered by status and search text.
    pub async fn list_orders(&self, query: &OrderQuery) -> Result<OrderPage> {
        let status = match non_blank(query.status.as_deref()) {
            Some(s) => Some(s.parse::<OrderStatus>()?.as_str().to_owned()),
            None => None,
        };
        let limit = query.limit.unwrap_or(DEFAULT_PAGE);
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(AppError::invalid(
                "limit",
                format!("must be between 1 and {MAX_PAGE}"),
            ));
        }
        let search_terms = non_blank(query.search.as_deref()).and_then(search::terms);
        if non_blank(query.search.as_deref()).is_some() && search_terms.is_none() {
            return Ok(OrderPage {
                rows: Vec::new(),
                offset: query.offset.unwrap_or(0),
                has_more: false,
            });
        }
        let mechanic_id = match non_blank(query.mechanic.as_deref()) {
            Some(name) => Some(
                crate::shop::employee_named(self.store.readers(), "mechanic", name)
                    .await?
                    .id,
            ),
            None => None,
        };
        let day = |field: &str, value: Option<&str>| -> Result<Option<String>> {
            Ok(optional_date(field, value)?.map(|d| d.to_string()))
        };
        let store_id = match non_blank(query.store.as_deref()) {
            Some(store) => Some(
                order_store(&mut self.reader().await?, Some(store))
                    .await?
                    .id,
            ),
            None => None,
        };
        let filter = ListFilter {
            status,
            mechanic_id,
            store_id,
            sort: list_sort(query.sort.as_deref())?,
            from: day("from", query.from.as_deref())?,
            to: day("to", query.to.as_deref())?,
            search: search_terms,
            limit,
            offset: query.offset.unwrap_or(0),
        };
        // One statement: the page brings the shop's time zone along (for its "today").
        let mut rows = orders::list(self.store.readers(), &filter).await?;
        let has_more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let zone = rows.first().and_then(|r| r.shop_time_zone.as_deref());
        let today = self
            .clock
            .now()
            .with_timezone(&parties::zone_named(zone.unwrap_or_default()))
            .date_naive();
        let rows = rows.iter().map(|r| order_row(r, today)).collect();
        Ok(OrderPage {
            rows,
            offset: filter.offset,
            has_more,
        })
    }

    /// Moves an order along the workflow; refuses a transition the workflow does not allow.
    /// Moving to a waiting status needs a `reason` (which part, what the customer must approve).
    /// A mechanic may move an order into work, waiting or done; the rest is the counter's.
    ///
    /// With `expected_version`, on the order as a seat saw it: refused with `order_changed`
    /// when the order is no longer at `expected_version` (see `versions.rs`).
    pub async fn set_order_status(
        &self,
        actor: &Actor,
        number: &str,
        status: &str,
        reason: Option<&str>,
        expected_version: Option<i64>,
    ) -> Result<OrderView> {
        let number = crate::shop::order_number(number)?;
        let to: OrderStatus = status.parse()?;
        if !mechanic_may_set(to) || !actor.has(Role::Mechanic) {
            actor.require(Guard::STATUS)?;
        }
        let (mut tx, row, at) = self.begin_order_change(&number, expected_version).await?;
        refuse_scheduled_without_start(&row, to)?;
        change_status_in(&mut tx, actor, &number, to, reason, &at).await?;
        crate::versions::commit_order_view(tx, &number).await
    }

    /// Prices the lines of an order being typed, saving nothing: the form's live totals.
    pub async fn preview_order(&self, input: &NewOrder) -> Result<PricePreview> {
        let mut conn = self.reader().await?;
        let store = order_store(&mut conn, input.store.as_deref()).await?;
        let order_date = shop_date(&store, self.clock.now());
        preview_at(&mut conn, order_date, &input.lines).await
    }

    /// Prices a saved order's edited lines at the order's own date, saving nothing: the line
    /// editor's live totals, to the cent what saving them will store.
    pub async fn preview_lines(&self, number: &str, lines: &[LineInput]) -> Result<PricePreview> {
        let number = crate::shop::order_number(number)?;
        let mut conn = self.reader().await?;
        let row = crate::shop::order(&mut conn, &number).await?;
        let order_date = stored_date(&row.order_date)?;
        preview_at(&mut conn, order_date, lines).await
    }
}

/// Prices `inputs` at the VAT rates of `order_date`.
async fn preview_at(
    conn: &mut Conn,
    order_date: chrono::NaiveDate,
    inputs: &[LineInput],
) -> Result<PricePreview> {
    let priced = price_lines(conn, order_date, inputs).await?;
    let totals = priced.totals;
    Ok(PricePreview {
        by_rate: rate_views(&totals),
        total_cents: totals.total.get(),
        vat_cents: totals.vat.get(),
        net_cents: totals.net.get(),
        work_minutes: priced.work_minutes,
        lines: priced.views,
    })
}

fn order_row(row: &OrderListRow, today: chrono::NaiveDate) -> OrderRow {
    let status = row.status;
    OrderRow {
        promise_at_risk: promise_at_risk(
            row.promised_date.as_deref(),
            row.scheduled_finish.as_deref(),
            status,
            today,
        ),
        number: row.number.clone(),
        status: status_view(row.status),
        customer_name: row.customer_name.clone(),
        object: object_title(row.brand.as_deref(), row.model.as_deref()),
        description: row.description.clone(),
        total_cents: row.total_cents,
        promised_date: row.promised_date.clone(),
        scheduled_start: row.scheduled_start.clone(),
        created_at: row.created_at.clone(),
        sync_state: row.sync_state,
        waiting_reason: row.waiting_reason.clone(),
        customer_id: row.customer_id.clone(),
        repair_object_id: row.repair_object_id.clone(),
    }
}

/// Moves order `number` to `to` inside `tx`, with its audit and outbox rows.
/// The statuses a mechanic may move an order to: into work, waiting, and done.
fn mechanic_may_set(to: OrderStatus) -> bool {
    matches!(
        to,
        OrderStatus::InProgress
            | OrderStatus::WaitingForParts
            | OrderStatus::WaitingForCustomer
            | OrderStatus::Done
    )
}

/// "Scheduled" means planned at a time: an order without a planned start is scheduled by
/// planning it (the plan panel), never by setting the status alone, so the calendar and the
/// status cannot disagree.
fn refuse_scheduled_without_start(row: &jobcard_store::OrderRow, to: OrderStatus) -> Result<()> {
    if to == OrderStatus::Scheduled && row.scheduled_start.is_none() {
        return Err(AppError::invalid(
            "status",
            "can only be scheduled with a planned start; plan the order first",
        ));
    }
    Ok(())
}

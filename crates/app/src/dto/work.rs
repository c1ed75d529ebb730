//! What the mechanics' job board and the closing of an order exchange with the core.

use jobcard_domain::OrderStatus;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::StatusView;

/// One stretch of work by one mechanic on an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WorkPeriodView {
    pub employee: String,
    pub started_at: String,
    /// `None` while the timer runs.
    pub ended_at: Option<String>,
    /// Whole minutes of a finished period; 0 while it runs (the window counts a running one
    /// up from `started_at` itself).
    pub minutes: i64,
}

/// The closing fields the seed systems carry, asked for when a job is finished.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct ClosingInput {
    /// What was done.
    pub resolution: Option<String>,
    pub root_cause: Option<String>,
    pub notes: Option<String>,
}

/// An order on the job board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BoardEntry {
    pub number: String,
    pub status: StatusView,
    pub customer_name: String,
    pub object: String,
    pub description: String,
    pub mechanic: Option<String>,
    pub scheduled_start: Option<String>,
    pub promised_date: Option<String>,
    pub work_minutes: i64,
    /// Minutes of the finished work periods, all mechanics together.
    pub worked_minutes: i64,
    /// Whether the signed-in mechanic's timer runs on this order.
    pub running_for_me: bool,
    pub lines_done: i64,
    pub lines: i64,
    /// The promised date has passed, or the planned finish is after it.
    pub promise_at_risk: bool,
    /// Where the board puts it (decided here, in the shop's time zone).
    pub group: BoardGroup,
    /// Why it waits (which part, what the customer must approve), for a waiting status.
    pub waiting_reason: Option<String>,
    /// When the signed-in mechanic's running timer on it started, for the live timer.
    pub running_since: Option<String>,
}

/// The parts of the board, in the order it shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BoardGroup {
    /// The job the mechanic's timer runs on.
    Running,
    /// Planned for today or earlier, in work, or not planned at all: to do now.
    Today,
    /// Waiting for parts or for the customer.
    Waiting,
    /// Planned after today.
    Later,
    /// Nobody's yet: the unassigned queue.
    Queue,
}

/// The job board of the signed-in mechanic: their open jobs, and the unassigned queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct JobBoard {
    pub mine: Vec<BoardEntry>,
    pub unassigned: Vec<BoardEntry>,
    /// The order the mechanic's timer runs on, if any.
    pub running: Option<String>,
    /// The core's clock when the board was read, so a live timer does not depend on the
    /// computer's clock.
    pub now: String,
}

/// Who is signed in, as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SessionView {
    pub name: String,
    pub roles: Vec<jobcard_domain::Role>,
    /// What this employee may do: the window offers only these actions (the core refuses
    /// the others whatever the window shows).
    pub may: Vec<Permission>,
}

/// One kind of guarded action; each has one guard in the core (`auth::Guard`), which says the
/// roles that may take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Permission {
    /// The shop's settings: stores, staff, VAT, catalogue, hours, connectors.
    Settings,
    /// Taking in and planning orders.
    Intake,
    /// Changing an order's lines, prices and discounts.
    Prices,
    Delete,
    Backups,
    Reports,
    /// Working on orders at the bench: the timer, ticking lines, finishing.
    Work,
    /// The Sync screen: running, retrying and skipping.
    Sync,
    /// Changing an order's customer, bike, job text or dates.
    Header,
    /// Changing customers and their bikes.
    Records,
    /// Copying the shop into a shared database.
    Migrate,
    /// Moving an order along its statuses at the counter.
    Status,
}

/// A name on the sign-in screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignInName {
    pub name: String,
    pub roles: Vec<jobcard_domain::Role>,
    pub has_pin: bool,
}

/// What `schedule suggest` asks: room for a job of `minutes`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct SlotQuery {
    #[serde(default)]
    pub minutes: i64,
    /// One mechanic by name; every active mechanic when left out.
    pub mechanic: Option<String>,
    /// `YYYY-MM-DD`: the first day to look at; today (from now on) when left out.
    pub from: Option<String>,
    /// How many slots; 5 when left out.
    pub count: Option<u32>,
}

/// A start at which a job fits, and where it ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SlotView {
    pub mechanic: String,
    /// RFC 3339 in UTC, as stored.
    pub start: String,
    pub finish: String,
    /// The same in the shop's time: `2026-11-24 10:00`.
    pub local_start: String,
    pub local_finish: String,
}

/// Planning an order: on whom and when. Only what is given changes: a field left out keeps
/// what is planned, a blank one clears it (a blank `start` sends the order back to the
/// backlog, and a scheduled order back to intake).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct ScheduleInput {
    /// Name of the mechanic; blank unassigns the order.
    pub mechanic: Option<String>,
    /// The shop's wall time (`2026-11-23T09:30`, read in the store's time zone), an RFC 3339
    /// instant, or a date alone for an all-day booking; blank clears the plan's start.
    pub start: Option<String>,
    /// True to book despite an overlap or a full day (the refusal says which).
    pub confirm: Option<bool>,
}

/// A planned order on the calendar: where it sits in the shop's local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarBlock {
    pub number: String,
    pub customer_name: String,
    pub description: String,
    pub status: OrderStatus,
    pub work_minutes: i64,
    /// Local `YYYY-MM-DD HH:MM` spans the work occupies (closed hours skipped).
    pub spans: Vec<(String, String)>,
    /// Overlaps other work of the same mechanic.
    pub overlap: bool,
    /// The order's version as read: a drag sends it, so it cannot undo another seat's
    /// planning it has not shown yet (`order_changed`).
    pub version: i64,
}

/// One mechanic's day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarDay {
    pub date: String,
    /// Local `HH:MM` opening spans of the mechanic that day.
    pub open: Vec<(String, String)>,
    pub capacity_minutes: i64,
    pub booked_minutes: i64,
}

/// One column of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarColumn {
    pub mechanic: String,
    pub days: Vec<CalendarDay>,
    pub blocks: Vec<CalendarBlock>,
    /// Orders planned on a day without a time.
    pub all_day: Vec<CalendarBlock>,
}

/// The calendar for some days: a column per mechanic and the unscheduled backlog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarView {
    pub from: String,
    pub days: i64,
    /// The shop's today (`YYYY-MM-DD`, in the store's time zone), for the Today button.
    pub today: String,
    /// The store's IANA time zone, in which every time of the calendar is.
    pub time_zone: String,
    /// The days shown on which the shop is closed (no trading hours).
    pub closed: Vec<String>,
    pub columns: Vec<CalendarColumn>,
    pub backlog: Vec<CalendarBlock>,
}

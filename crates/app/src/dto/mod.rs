//! The data the UI and the CLI exchange with the core.
//!
//! These types are the wire contract: the Tauri commands take and return them as JSON, the
//! CLI prints them with `--json`, and `ts-rs` turns them into the TypeScript types the web UI
//! compiles against (`ui/src/lib/api/types/`). Changing a field here is a breaking change for
//! the UI, which is why the generated files are committed and CI fails when they are stale.
//!
//! Money is always integer cents (`*_cents`), rates are basis points (`*_bp`) with a display
//! `vat_percent`, times are RFC 3339 strings in UTC, and dates are `YYYY-MM-DD`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod database;
mod intake;
mod migrate;
mod records;
mod settings;
mod sync;
mod work;
pub use database::*;
pub use intake::*;
pub use migrate::*;
pub use records::*;
pub use settings::*;
pub use sync::*;
pub use work::*;

/// A customer as typed at the counter. With `id` it refers to a known customer; without it,
/// a customer with the same phone number or e-mail address and the same name is reused,
/// otherwise one is added. When the phone or e-mail belongs to a customer with another name,
/// `on_match` says what to do; without it the order is refused with code `known_customer`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct CustomerInput {
    pub id: Option<String>,
    #[serde(default)]
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
    /// What to do when the phone or e-mail belongs to a known customer with another name.
    pub on_match: Option<MatchChoice>,
}

/// A bicycle, car or machine as typed at the counter. With `id` it refers to a known object;
/// without it, the customer's own object with the same frame or serial number (and the same
/// or a blank brand and model) is reused. A frame number of another customer's object, or of
/// one with another brand or model, needs `on_match`; without it the order is refused with
/// code `known_object`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct RepairObjectInput {
    pub id: Option<String>,
    /// What to do when the frame number belongs to a known object that is not plainly this one.
    pub on_match: Option<MatchChoice>,
    /// `bicycle`, `e_bike`, `car`, `scooter`, `machine` or `other`; `bicycle` when left out.
    pub kind: Option<String>,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub year: Option<i32>,
    pub colour: Option<String>,
    pub frame_number: Option<String>,
    pub licence_plate: Option<String>,
    pub barcode: Option<String>,
}

/// One order line as typed. `code` picks a repair code and `barcode` an article from the
/// catalogue (their price, VAT code and minutes are used unless given here); otherwise the line
/// is free: a priced line needs `unit_price_cents` and `vat`, a line with only a description is
/// a text line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct LineInput {
    /// `article`, `repair_code`, `labour` or `text`; inferred when left out.
    pub kind: Option<String>,
    pub code: Option<String>,
    pub barcode: Option<String>,
    pub description: Option<String>,
    /// Defaults to 1; negative for a return.
    pub quantity: Option<i64>,
    pub unit_price_cents: Option<i64>,
    pub unit_discount_cents: Option<i64>,
    /// Discount percentage in basis points: 1000 = 10 %.
    pub discount_bp: Option<u32>,
    /// `zero`, `low` or `high`.
    pub vat: Option<String>,
    /// Work minutes per unit.
    pub work_minutes: Option<i64>,
    /// Id of the customer who pays this line when it is not the order's customer.
    pub bill_to_customer_id: Option<String>,
}

/// Everything needed to take in a repair. The same type feeds the UI's form, the
/// `create_order` command and `jobcard orders create --file`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct NewOrder {
    pub customer: Option<CustomerInput>,
    pub repair_object: Option<RepairObjectInput>,
    #[serde(default)]
    pub description: String,
    /// RFC 3339 date-time (`2026-11-23T09:00:00+01:00`) or a date alone (`2026-11-23`) for an
    /// all-day booking.
    pub scheduled_start: Option<String>,
    /// `YYYY-MM-DD`.
    pub promised_date: Option<String>,
    pub own_reference: Option<String>,
    /// `low`, `normal`, `high` or `urgent`; `normal` when left out.
    pub priority: Option<String>,
    pub loan_object: Option<String>,
    /// Name of the mechanic the job is planned on.
    pub mechanic: Option<String>,
    /// Id or name of the store the order is booked on; the first store when left out.
    pub store: Option<String>,
    /// True to plan the mechanic at `scheduled_start` despite an overlap with other work or a
    /// full day (without it such an order is refused with code `needs_confirmation`).
    pub confirm: Option<bool>,
    /// Typed in the window's New order form: the employee's draft of that form is discarded
    /// with the order, in its transaction. An order from the CLI or a remote leaves the
    /// employee's draft alone (it may hold another half-typed intake).
    pub from_draft: Option<bool>,
    #[serde(default)]
    pub lines: Vec<LineInput>,
}

/// A line after pricing, as stored on the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LineView {
    pub line_no: i64,
    pub kind: jobcard_domain::LineKind,
    pub code: Option<String>,
    pub barcode: Option<String>,
    pub description: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub unit_discount_cents: i64,
    pub discount_bp: u32,
    pub vat: jobcard_domain::VatCode,
    pub vat_rate_bp: u32,
    /// The rate for display: `9`, `21`, `5.5`.
    pub vat_percent: String,
    pub total_cents: i64,
    pub vat_cents: i64,
    pub net_cents: i64,
    pub work_minutes_per_unit: i64,
    pub work_minutes: i64,
    pub status: jobcard_domain::LineStatus,
    pub bill_to_customer_id: Option<String>,
}

/// Net, VAT and gross of all lines at one rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RateTotalView {
    pub vat_rate_bp: u32,
    pub vat_percent: String,
    pub net_cents: i64,
    pub vat_cents: i64,
    pub gross_cents: i64,
}

/// Priced lines and totals without saving anything: the form's live totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PricePreview {
    pub lines: Vec<LineView>,
    pub total_cents: i64,
    pub vat_cents: i64,
    pub net_cents: i64,
    pub by_rate: Vec<RateTotalView>,
    pub work_minutes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CustomerView {
    pub id: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RepairObjectView {
    pub id: String,
    pub owner_id: Option<String>,
    pub kind: jobcard_domain::ObjectKind,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub year: Option<i32>,
    pub colour: Option<String>,
    pub frame_number: Option<String>,
    pub licence_plate: Option<String>,
    pub barcode: Option<String>,
}

/// A customer with the objects they brought in before: what intake's type-ahead shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CustomerMatch {
    pub customer: CustomerView,
    pub objects: Vec<RepairObjectView>,
}

/// One status with its label in the shop's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatusView {
    pub status: jobcard_domain::OrderStatus,
    pub label: String,
}

/// One row of the audit history: who changed what, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditView {
    pub at: String,
    pub actor: String,
    pub action: String,
    /// The entry in English (the CLI's text).
    pub summary: String,
    /// What changed, as recorded (`{"from": "intake", "to": "scheduled"}`…), so the window
    /// can say it in its own language.
    #[ts(type = "Record<string, unknown> | null")]
    pub changes: serde_json::Value,
}

/// A whole workshop order as the order screen and `orders show --json` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OrderView {
    pub id: String,
    pub number: String,
    pub status: StatusView,
    /// The statuses this order may move to next, in workflow order.
    pub allowed_next: Vec<StatusView>,
    pub priority: jobcard_domain::Priority,
    pub customer: CustomerView,
    pub repair_object: RepairObjectView,
    pub store_name: String,
    pub description: String,
    pub own_reference: Option<String>,
    pub mechanic: Option<String>,
    pub scheduled_start: Option<String>,
    pub scheduled_all_day: bool,
    pub scheduled_finish: Option<String>,
    pub promised_date: Option<String>,
    pub loan_object: Option<String>,
    pub order_date: String,
    /// Why the order waits (set with a waiting status).
    pub waiting_reason: Option<String>,
    pub resolution: Option<String>,
    pub root_cause: Option<String>,
    pub closing_notes: Option<String>,
    pub completed_at: Option<String>,
    /// Minutes of the finished work periods, all mechanics together.
    pub actual_minutes: i64,
    pub work_periods: Vec<WorkPeriodView>,
    pub lines: Vec<LineView>,
    /// The customers other than the order's own who pay some lines (split billing).
    pub payers: Vec<CustomerView>,
    pub total_cents: i64,
    pub vat_cents: i64,
    pub net_cents: i64,
    pub by_rate: Vec<RateTotalView>,
    pub work_minutes: i64,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
    /// Moved on by every change of the order. A seat sends the version it opened with its
    /// changes, and a save is refused with `order_changed` when the order moved on since.
    pub version: i64,
    pub history: Vec<AuditView>,
}

/// One row of the order list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OrderRow {
    pub number: String,
    pub status: StatusView,
    pub customer_name: String,
    pub object: String,
    pub description: String,
    pub total_cents: i64,
    pub promised_date: Option<String>,
    pub scheduled_start: Option<String>,
    /// An open order whose promised date has passed, or whose planned finish is after it.
    pub promise_at_risk: bool,
    pub created_at: String,
    /// The order's worst state across connectors (a conflict first, then failed, attention,
    /// pending, synced); none when no connector has it.
    pub sync_state: Option<jobcard_domain::SyncState>,
    /// Why the order waits (set with a waiting status).
    pub waiting_reason: Option<String>,
    /// The order's customer and object, for the links to their pages.
    pub customer_id: String,
    pub repair_object_id: String,
}

/// Filters and paging of the order list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct OrderQuery {
    pub status: Option<String>,
    pub search: Option<String>,
    /// Name of the mechanic the orders are planned on.
    pub mechanic: Option<String>,
    /// First order date (`YYYY-MM-DD`), included.
    pub from: Option<String>,
    /// Last order date (`YYYY-MM-DD`), included.
    pub to: Option<String>,
    /// Id or name of the store.
    pub store: Option<String>,
    /// `date_desc` (newest first, the default), `date_asc`, `number_desc`, `number_asc`,
    /// `status` (workflow order) or `promised` (earliest promised date first).
    pub sort: Option<String>,
    /// Rows per page, 1..=500; 50 when left out.
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// One page of the order list, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OrderPage {
    pub rows: Vec<OrderRow>,
    pub offset: u32,
    pub has_more: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RepairCodeView {
    pub code: String,
    pub description: String,
    pub standard_minutes: i64,
    pub price_cents: Option<i64>,
    pub vat: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArticleView {
    pub barcode: String,
    pub description: String,
    pub price_cents: i64,
    pub vat: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VatRateView {
    pub vat: String,
    pub vat_rate_bp: u32,
    pub vat_percent: String,
    pub valid_from: String,
    pub valid_to: Option<String>,
}

/// What the intake form needs to offer choices: codes, articles, current VAT rates, staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Catalogue {
    pub repair_codes: Vec<RepairCodeView>,
    pub articles: Vec<ArticleView>,
    pub vat_rates: Vec<VatRateView>,
    pub mechanics: Vec<String>,
    pub statuses: Vec<StatusView>,
    /// The shop's status labels in both languages (its own where it set them).
    pub status_labels: Vec<StatusLabelView>,
    /// The stores orders can be booked on; the first is the default.
    pub stores: Vec<StoreView>,
}

/// How many orders of a period have one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatusCount {
    pub status: StatusView,
    pub orders: i64,
}

/// Orders and planned work minutes of one mechanic (`None`: not yet assigned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MechanicLoad {
    pub mechanic: Option<String>,
    pub orders: i64,
    pub work_minutes: i64,
}

/// The manager's report of a period of order dates (both ends included). Revenue and work
/// count every order that is not cancelled; the status counts include cancelled ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PeriodReport {
    pub from: String,
    pub to: String,
    pub orders: i64,
    pub by_status: Vec<StatusCount>,
    pub by_rate: Vec<RateTotalView>,
    pub total_cents: i64,
    pub vat_cents: i64,
    pub net_cents: i64,
    pub by_mechanic: Vec<MechanicLoad>,
}

/// How far the backup being taken is (the Backups tab's progress bar).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupProgressView {
    /// `snapshot` (the database is copied), `compress` (the copy is compressed) or `dump`
    /// (`pg_dump` writes the shared database).
    pub step: String,
    pub done_bytes: u64,
    /// 0 when the total is not known beforehand (a dump).
    pub total_bytes: u64,
}

/// One backup file of the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupView {
    pub file: String,
    /// When it was taken (RFC 3339, UTC), read from its name.
    pub taken_at: String,
    pub bytes: u64,
}

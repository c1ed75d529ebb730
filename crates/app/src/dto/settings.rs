//! What the manager's settings screens and `jobcard settings …` exchange with the core: the
//! shop's stores, VAT rates with their dates, repair codes, articles (with CSV import),
//! employees and their roles, status labels and the document footer.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ArticleView, RepairCodeView};

/// A store (a shop location) as shown and printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StoreView {
    pub id: String,
    pub name: String,
    pub address: Option<String>,
    pub vat_number: Option<String>,
    pub coc_number: Option<String>,
    /// IANA time zone, e.g. `Europe/Amsterdam`; it decides each order's date and so its VAT.
    pub time_zone: String,
}

/// A store as typed in the settings. Without `id` a new store is added.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct StoreInput {
    pub id: Option<String>,
    #[serde(default)]
    pub name: String,
    pub address: Option<String>,
    pub vat_number: Option<String>,
    pub coc_number: Option<String>,
    /// `Europe/Amsterdam` when left out.
    pub time_zone: Option<String>,
}

/// An employee and their roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EmployeeView {
    pub id: String,
    pub name: String,
    /// `counter`, `mechanic`, `manager`.
    pub roles: Vec<jobcard_domain::Role>,
    pub active: bool,
}

/// An employee as typed in the settings. Without `id` a new employee is added. Employees are
/// never deleted (orders and the audit history name them); `active: false` retires one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct EmployeeInput {
    pub id: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub roles: Vec<String>,
    /// True when left out.
    pub active: Option<bool>,
}

/// One dated rate of a VAT code, in force or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VatRateHistoryView {
    pub vat: String,
    pub vat_rate_bp: u32,
    pub vat_percent: String,
    pub valid_from: String,
    pub valid_to: Option<String>,
    /// True for the rate that applies today.
    pub current: bool,
}

/// A new rate for a VAT code from a date on (a rate change announced by the government). The
/// rate it replaces ends the day before; orders already taken keep the rate of their own date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct VatRateInput {
    /// `zero`, `low` or `high`.
    pub vat: String,
    /// Basis points: 2100 = 21 %.
    pub rate_bp: u32,
    /// `YYYY-MM-DD`, after the start of the rate in force.
    pub valid_from: String,
}

/// A repair code as typed in the settings; an existing code is replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct RepairCodeInput {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub description: String,
    /// Standard work minutes.
    pub standard_minutes: Option<i64>,
    /// VAT-inclusive price; a code without a price is priced at intake.
    pub price_cents: Option<i64>,
    #[serde(default)]
    pub vat: String,
    /// True when left out; false retires the code (old orders keep it).
    pub active: Option<bool>,
}

/// An article as typed in the settings; an existing barcode is replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct ArticleInput {
    #[serde(default)]
    pub barcode: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub price_cents: i64,
    #[serde(default)]
    pub vat: String,
    /// True when left out.
    pub active: Option<bool>,
}

/// A catalogue entry in the settings, retired ones included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SettingsRepairCode {
    #[serde(flatten)]
    pub code: RepairCodeView,
    pub active: bool,
}

/// An article in the settings, retired ones included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SettingsArticle {
    #[serde(flatten)]
    pub article: ArticleView,
    pub active: bool,
}

/// The labels of one status in both languages: the shop's own, or the built-in ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatusLabelView {
    pub status: String,
    pub nl: String,
    pub en: String,
    pub default_nl: String,
    pub default_en: String,
}

/// The shop's own label for a status; a blank or missing label restores the built-in one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct StatusLabelInput {
    #[serde(default)]
    pub status: String,
    pub nl: Option<String>,
    pub en: Option<String>,
}

/// Everything the settings screens show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ShopSettings {
    pub stores: Vec<StoreView>,
    pub employees: Vec<EmployeeView>,
    pub vat_rates: Vec<VatRateHistoryView>,
    pub repair_codes: Vec<SettingsRepairCode>,
    pub articles: Vec<SettingsArticle>,
    pub status_labels: Vec<StatusLabelView>,
    /// Printed at the foot of the job card and the order summary.
    pub document_footer: String,
}

/// One refused row of an import: its line in the file, the column and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportRowError {
    /// Line number in the file; the header is line 1.
    pub line: u64,
    pub field: String,
    pub message: String,
}

/// The outcome of an article import. With any error, nothing was imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub added: u64,
    pub updated: u64,
    pub errors: Vec<ImportRowError>,
}

/// One opening span of a weekday (0 = Monday), as `HH:MM` times.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct HoursSpan {
    pub weekday: u8,
    pub opens: String,
    pub closes: String,
}

/// A whole-day absence, both ends included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AbsenceView {
    pub id: i64,
    pub employee: String,
    pub from: String,
    pub to: String,
    pub reason: Option<String>,
}

/// The planning hours: the store's trading hours, each mechanic's own hours (empty: the
/// store's) and the absences from today on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HoursSettings {
    pub store_id: String,
    pub trading: Vec<HoursSpan>,
    pub working: Vec<(String, Vec<HoursSpan>)>,
    pub absences: Vec<AbsenceView>,
}

/// A new absence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct AbsenceInput {
    #[serde(default)]
    pub employee: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    pub reason: Option<String>,
}

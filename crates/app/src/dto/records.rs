//! The counter's records after intake: an order's header, a customer's contact and a bike's
//! details as edited, and the customer and bike pages with their order histories.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{CustomerView, RepairObjectView, StatusView};

/// A change to a saved order's header. A field left out stays as it is; an empty text clears
/// an optional field (the description cannot be cleared).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct OrderHeaderInput {
    /// Another known customer the order belongs to.
    pub customer_id: Option<String>,
    /// Another of the (new) customer's repair objects.
    pub repair_object_id: Option<String>,
    pub description: Option<String>,
    /// `YYYY-MM-DD`; empty clears it.
    pub promised_date: Option<String>,
    pub own_reference: Option<String>,
    pub loan_object: Option<String>,
}

/// A customer's record as edited on the customer page: every field is replaced (a field left
/// out is cleared), because the page shows and sends them all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct CustomerEdit {
    #[serde(default)]
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
}

/// A repair object's record as edited on the bike page; every field is replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct RepairObjectEdit {
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

/// One order in a customer's or a bike's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryOrderView {
    pub number: String,
    pub status: StatusView,
    pub order_date: String,
    pub description: String,
    pub total_cents: i64,
    pub promised_date: Option<String>,
    /// Why the order waits (set with a waiting status).
    pub waiting_reason: Option<String>,
    pub customer_id: String,
    pub customer_name: String,
    pub repair_object_id: String,
    /// "Gazelle Orange C7"; empty when brand and model are unknown.
    pub object: String,
}

/// The customer page: the contact, every bike they brought, and their orders newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CustomerPage {
    pub customer: CustomerView,
    pub objects: Vec<RepairObjectView>,
    pub orders: Vec<HistoryOrderView>,
    /// More orders than the page shows (the newest are shown).
    pub has_more: bool,
}

/// The bike page: the object's details, its owner, and its orders newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RepairObjectPage {
    pub object: RepairObjectView,
    pub owner: Option<CustomerView>,
    pub orders: Vec<HistoryOrderView>,
    pub has_more: bool,
}

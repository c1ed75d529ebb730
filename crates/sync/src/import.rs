//! Orders created on a remote, as the engine hands them to the app to take in.
//!
//! The engine cannot create a local order itself: numbering, pricing, the search index, the
//! audit and the outbox are the app's use case (`App::create_order`). So the app passes an
//! [`Importer`] into each run; the engine maps the remote order to an [`ImportedOrder`] and
//! records the references once the importer returns the new order's id.

use std::future::Future;
use std::pin::Pin;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedLine {
    /// `article` or `labour`.
    pub kind: String,
    pub description: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub unit_discount_cents: i64,
    pub discount_bp: u32,
    /// `zero`, `low` or `high`.
    pub vat: String,
    pub work_minutes: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedOrder {
    /// Marks the order as the remote's (`CONNECTOR:REMOTE_ID`), so a second import finds it.
    pub own_reference: String,
    /// A local customer the connector already knows for this remote (found through its
    /// external refs, e.g. Scan2Evolve's site): the order is booked on it. `None`: a customer
    /// is found or made from the fields below.
    pub customer_id: Option<String>,
    pub customer_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    /// `bicycle`, `e_bike`, `car`, `scooter`, `machine` or `other`; `bicycle` when `None`.
    pub object_kind: Option<String>,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub colour: Option<String>,
    pub frame_number: Option<String>,
    pub licence_plate: Option<String>,
    pub description: String,
    /// RFC 3339, or a date alone (`YYYY-MM-DD`) for an all-day booking.
    pub scheduled_start: Option<String>,
    /// `YYYY-MM-DD`.
    pub promised_date: Option<String>,
    /// `low`, `normal`, `high` or `urgent`.
    pub priority: Option<String>,
    /// Name of the local mechanic.
    pub mechanic: Option<String>,
    /// The local status the remote's maps to.
    pub status: Option<String>,
    pub lines: Vec<ImportedLine>,
}

pub type ImportFuture<'a> = Pin<Box<dyn Future<Output = Result<String, String>> + Send + 'a>>;

/// Takes in a remote order as a local one and returns its local id.
pub trait Importer: Send + Sync {
    fn import(&self, order: ImportedOrder) -> ImportFuture<'_>;
}

/// For runs that must not import (tests of the engine alone).
pub struct NoImport;

impl Importer for NoImport {
    fn import(&self, _order: ImportedOrder) -> ImportFuture<'_> {
        Box::pin(async { Err("importing remote orders is not available here".to_owned()) })
    }
}

//! Orders created on a remote, as the engine hands them to the app to take in.
//!
//! The engine cannot create a local order itself: numbering, pricing, the search index, the
//! audit and the outbox are the app's use case (`App::create_order`). So the app passes an
//! [`Importer`] into each run; the engine maps the remote order to an [`ImportedOrder`] and
//! records the references once the importer returns the new order's id.
//!
//! Every importing connector takes each new remote record through [`arrival`] (before any
//! request for it) and [`Due::finish`] (with what it read and mapped), so one bad record never
//! blocks the others: a record Jobcard refuses (the app's validation, a record
//! the connector cannot map, a details read answered with a permanent 4xx) is recorded once in
//! `import_refusals` with its reason and a fingerprint of what the list showed, and the pull
//! goes on. Later pulls skip it without a request until its fingerprint changes (it was
//! edited on the remote) or a person asks for it again (`connector retry-import`). Transient
//! failures (network, 5xx, 429, the local database) and a refused credential (401, 403) still
//! end the pull, to be tried again with backoff.

use std::future::Future;
use std::pin::Pin;

use jobcard_store::sql::sync as rows;
use serde_json::Value;

use crate::engine::Ctx;
use crate::http::Failure;
use crate::record::{forget_refusal, refuse_import, store_failure};

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

/// Why the app did not take a remote order in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Jobcard refuses the order as it is (a field its rules do not take, e.g.
    /// `description: must not contain control characters`): recorded as a refusal of that
    /// record, and the pull goes on.
    Refused(String),
    /// Something on this machine failed (the database): the pull ends and is tried again.
    Failed(String),
}

pub type ImportFuture<'a> = Pin<Box<dyn Future<Output = Result<String, ImportError>> + Send + 'a>>;

/// Takes in a remote order as a local one and returns its local id.
pub trait Importer: Send + Sync {
    fn import(&self, order: ImportedOrder) -> ImportFuture<'_>;
}

/// For runs that must not import (tests of the engine alone).
pub struct NoImport;

impl Importer for NoImport {
    fn import(&self, _order: ImportedOrder) -> ImportFuture<'_> {
        Box::pin(async {
            Err(ImportError::Failed(
                "importing remote orders is not available here".to_owned(),
            ))
        })
    }
}

/// A remote record met by a pull that Jobcard does not know yet.
pub(crate) struct Candidate<'r> {
    /// The remote's id of the record.
    pub remote_id: &'r str,
    /// What the list showed of it ([`fingerprint`]): a refusal stands while this is the same.
    pub fingerprint: String,
}

/// Where the import of a remote record Jobcard has no reference for starts ([`arrival`]).
pub(crate) enum Arrival<'r> {
    /// Imported at an earlier pull, found by its own reference `NAME:ID` (the reference was
    /// lost in a crash between the import and its recording): to be linked again.
    Known(String),
    /// A refusal of it stands and it has not changed since: skipped without a request.
    Refused,
    /// To be read and mapped now, then taken in by [`Due::finish`].
    Due(Due<'r>),
}

/// A record to read, map and import now.
pub(crate) struct Due<'r> {
    record: Candidate<'r>,
    /// It was refused before and has changed since: a success forgets that refusal.
    refused_before: bool,
    /// The own reference the imported order gets (`NAME:ID`).
    pub marker: String,
}

/// Looks up a remote record before any request for it: the order an earlier import made of
/// it, a refusal that still stands for what the list shows (`listed`), or neither.
///
/// The two steps (this, then [`Due::finish`] with what the connector read and mapped in
/// between) are apart so the connector reads details in its own code, where its futures stay
/// `Send` (an async closure passed in here would not be, for the window's task).
pub(crate) async fn arrival<'r>(
    ctx: &Ctx<'_>,
    remote_id: &'r str,
    listed: &Value,
) -> Result<Arrival<'r>, Failure> {
    let db = ctx.store.readers();
    let marker = format!("{}:{remote_id}", ctx.name);
    if let Some(done) = rows::order_by_own_reference(db, &marker).await? {
        return Ok(Arrival::Known(done.id));
    }
    let record = Candidate {
        remote_id,
        fingerprint: fingerprint(listed),
    };
    let refused_before = match rows::import_refusal(db, ctx.name, remote_id).await? {
        Some(r) if r.fingerprint == record.fingerprint => return Ok(Arrival::Refused),
        standing => standing.is_some(),
    };
    Ok(Arrival::Due(Due {
        record,
        refused_before,
        marker,
    }))
}

impl Due<'_> {
    /// Imports the record, or records why not: `built` is the connector's reading and mapping
    /// of it, and the app's importer takes it in. `Some(local id)` when imported; a refusal
    /// (see the module docs) is recorded once and is `None`; only what should end the pull is
    /// an `Err`.
    pub(crate) async fn finish(
        self,
        ctx: &mut Ctx<'_>,
        built: Result<ImportedOrder, Failure>,
    ) -> Result<Option<String>, Failure> {
        let record = &self.record;
        let reason = match built {
            Ok(order) => match ctx.importer.import(order).await {
                Ok(local_id) => {
                    if self.refused_before {
                        forget_refusal(ctx, record.remote_id).await?;
                    }
                    return Ok(Some(local_id));
                }
                Err(ImportError::Refused(reason)) => reason,
                Err(ImportError::Failed(message)) => return Err(store_failure(message)),
            },
            Err(failure) => match refusal_of(&failure) {
                Some(reason) => reason,
                None => return Err(failure),
            },
        };
        refuse_import(ctx, record, &reason).await?;
        Ok(None)
    }
}

/// The reason when a failure met while reading or mapping a record is about that record
/// alone: a permanent answer other than a refused credential (401, 403, 407 concern every
/// request, so they end the pull as before), or status 0, a record the connector cannot map.
fn refusal_of(failure: &Failure) -> Option<String> {
    match failure {
        Failure::Permanent {
            status: 401 | 403 | 407,
            ..
        } => None,
        Failure::Permanent {
            status: 0, message, ..
        } => Some(message.clone()),
        Failure::Permanent {
            status, message, ..
        } => Some(format!(
            "the remote answered {status} reading it: {message}"
        )),
        Failure::Transient { .. } | Failure::BudgetSpent { .. } => None,
    }
}

/// A short, stable hash (FNV-1a, 64 bits, hex) of a record as the remote listed it: it
/// changes when the record does, so a refused record is tried again once it was edited.
/// Not a secret and not a security check, only change detection.
pub(crate) fn fingerprint(listed: &Value) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in listed.to_string().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_fingerprint_changes_with_the_record_and_only_then() {
        let a = json!({"id": 1, "title": "Brake\r\nbleed", "status": {"name": "Assigned"}});
        let same = json!({"id": 1, "title": "Brake\r\nbleed", "status": {"name": "Assigned"}});
        let edited = json!({"id": 1, "title": "Brake bleed", "status": {"name": "Assigned"}});
        assert_eq!(fingerprint(&a), fingerprint(&same));
        assert_ne!(fingerprint(&a), fingerprint(&edited));
        assert_eq!(fingerprint(&a).len(), 16);
    }

    #[test]
    fn only_a_record_s_own_refusal_is_recorded() {
        let permanent = |status| Failure::Permanent {
            status,
            message: "Work order not found".into(),
            body: None,
        };
        assert!(refusal_of(&permanent(404)).is_some_and(|r| r.contains("404")));
        assert!(refusal_of(&permanent(422)).is_some());
        assert_eq!(
            refusal_of(&permanent(401)),
            None,
            "the credential, not the record"
        );
        assert_eq!(refusal_of(&permanent(403)), None);
        let offline = Failure::Transient {
            message: "cannot reach the remote".into(),
            ambiguous: false,
            retry_after: None,
        };
        assert_eq!(refusal_of(&offline), None);
        let unmapped = Failure::Permanent {
            status: 0,
            message: "no customer name".into(),
            body: None,
        };
        assert_eq!(refusal_of(&unmapped).as_deref(), Some("no customer name"));
    }
}

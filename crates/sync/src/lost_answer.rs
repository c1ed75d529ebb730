//! The look-up after a lost answer, written once for the connectors that keep a snapshot of
//! the remote's record (the MES, Field Nation, TrustPager).
//!
//! When the answer to a changing request was lost (`Outgoing::answer_lost`), the remote may or
//! may not have applied it, so nothing may be sent again before Jobcard knows what the remote
//! really holds: else a create is made twice, or a step applied twice. The protocol is the
//! same everywhere, and a mistake in one copy of it breaks exactly once, so it lives here:
//! - no remote id is known yet: the lost request was the create, so the remote's list is
//!   searched for the order's number (found: its id and a fresh snapshot; else it never
//!   arrived);
//! - an id is known: the record is read again by it; the answer goes into the snapshot, a 404
//!   marks it gone, any other failure ends the push in the connector's words. A snapshot that
//!   already says the record is gone is kept as it is, without a request.
//!
//! A connector supplies only what is its own: how it finds an order by number, and
//! ([`Reread`]) where its record lives, how an answer goes into its snapshot, how its snapshot
//! says "gone", and its words for a failed read.

use serde_json::Value;

use crate::engine::{Ctx, PushError, Pushed};
use crate::http::Failure;

/// How a connector reads its record again by id, into its snapshot `S`.
pub(crate) struct Reread<S, O> {
    /// The record's path from its remote id.
    pub(crate) path: fn(&str) -> String,
    /// Takes the remote's answer into the snapshot.
    pub(crate) observe: O,
    /// Whether the snapshot says the record is gone (Jobcard deleted it, or a read answered
    /// 404): it is not read again.
    pub(crate) is_gone: fn(&S) -> bool,
    /// Marks the snapshot gone, after a 404.
    pub(crate) mark_gone: fn(&mut S),
    /// The connector's words for a failed read other than 404.
    pub(crate) fail: fn(&Ctx<'_>, Failure) -> PushError,
}

/// The order's remote id and snapshot as the remote really has them after a lost answer:
/// `known` read again by `reread`, or, with no id known, what `find` finds by the order's
/// number (`None`: the lost create never arrived).
pub(crate) async fn look_up<'c, S, O: Fn(&mut S, &Value)>(
    ctx: &mut Ctx<'c>,
    known: Option<(String, S)>,
    find: impl AsyncFnOnce(&mut Ctx<'c>) -> Pushed<Option<(String, S)>>,
    reread: &Reread<S, O>,
) -> Pushed<Option<(String, S)>> {
    match known {
        None => find(ctx).await,
        Some((id, snapshot)) if !(reread.is_gone)(&snapshot) => {
            reread.read(ctx, id, snapshot).await.map(Some)
        }
        gone => Ok(gone),
    }
}

impl<S, O: Fn(&mut S, &Value)> Reread<S, O> {
    /// Reads the record `id` into `snapshot`: an answer is observed, a 404 marks it gone, any
    /// other failure is the connector's.
    pub(crate) async fn read(
        &self,
        ctx: &mut Ctx<'_>,
        id: String,
        mut snapshot: S,
    ) -> Pushed<(String, S)> {
        match ctx.remote.get(&(self.path)(&id)).await {
            Ok(answer) => (self.observe)(&mut snapshot, &answer),
            Err(Failure::Permanent { status: 404, .. }) => (self.mark_gone)(&mut snapshot),
            Err(failure) => return Err((self.fail)(ctx, failure)),
        }
        Ok((id, snapshot))
    }
}

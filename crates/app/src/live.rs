//! Live across seats (issue 14): what an open window hears when data changed at any seat,
//! so it can read again what it shows instead of polling.
//!
//! The store's change feed ([`jobcard_store::changes`]) does the backend-specific part
//! (PostgreSQL's LISTEN/NOTIFY, or a poll of the SQLite file); this side is backend-blind. It
//! starts the feed once per open workshop, on the first [`App::watch_changes`], and
//! [`next_batch`] gathers the notes that arrive close together into one [`DataChanged`], so a
//! change of twenty lines reaches the window as one event, not twenty.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use jobcard_store::changes::{self, Feed};
use serde::Serialize;
use tokio::sync::OnceCell;
use tokio::sync::broadcast::{self, error::RecvError, error::TryRecvError};
use ts_rs::TS;

use crate::App;

pub use jobcard_store::changes::Change;

/// The feed of one open workshop, shared by its clones and started on first use.
#[derive(Clone, Default)]
pub(crate) struct Live(Arc<OnceCell<Feed>>);

/// What changed since the window last heard (the `data-changed` event's payload).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DataChanged {
    /// Notes may have been missed (the connection came back, or very much changed at once):
    /// read everything shown again.
    pub all: bool,
    /// The kinds of things that changed (`order`, `customer`, `employee`, ...), each once.
    pub entities: Vec<String>,
    /// The ids of the orders that changed, each once.
    pub orders: Vec<String>,
}

impl DataChanged {
    /// Whether the order with this id (or possibly anything) changed.
    pub fn touches_order(&self, id: &str) -> bool {
        self.all || self.orders.iter().any(|o| o == id)
    }
}

/// Collects notes into one [`DataChanged`].
#[derive(Debug, Default)]
struct Batch {
    all: bool,
    entities: BTreeSet<String>,
    orders: BTreeSet<String>,
}

impl Batch {
    fn add(&mut self, change: Change) {
        match change {
            Change::Unknown => self.all = true,
            Change::Entity { entity, id } => {
                if entity == "order" {
                    self.orders.insert(id);
                }
                self.entities.insert(entity);
            }
        }
    }

    fn finish(self) -> DataChanged {
        DataChanged {
            all: self.all,
            entities: self.entities.into_iter().collect(),
            orders: self.orders.into_iter().collect(),
        }
    }
}

impl App {
    /// A receiver of a note for every change committed to this workshop's database from now
    /// on, by this process or any other seat (another window, the CLI, a sync run). The first
    /// call starts the feed (in the current tokio runtime); it stops when the workshop is
    /// closed. Never fails: a database that cannot be reached is tried again in the background.
    pub async fn watch_changes(&self) -> broadcast::Receiver<Change> {
        self.live
            .0
            .get_or_init(|| changes::watch(&self.store))
            .await
            .subscribe()
    }
}

/// Waits for the next change and gathers every other note that arrives within `quiet` after
/// it into one batch. `None` once the feed itself is gone (dropped with the last clone of
/// its [`App`]). A receiver
/// that fell behind gets a batch with `all` set, since it missed notes.
pub async fn next_batch(
    receiver: &mut broadcast::Receiver<Change>,
    quiet: Duration,
) -> Option<DataChanged> {
    let mut batch = Batch::default();
    match receiver.recv().await {
        Ok(change) => batch.add(change),
        Err(RecvError::Lagged(_)) => batch.all = true,
        Err(RecvError::Closed) => return None,
    }
    tokio::time::sleep(quiet).await;
    loop {
        match receiver.try_recv() {
            Ok(change) => batch.add(change),
            Err(TryRecvError::Lagged(_)) => batch.all = true,
            Err(TryRecvError::Empty | TryRecvError::Closed) => break,
        }
    }
    Some(batch.finish())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[tokio::test]
    async fn notes_close_together_become_one_batch() {
        let (sender, mut rx) = broadcast::channel(16);
        for id in ["b", "a", "b"] {
            sender
                .send(Change::Entity {
                    entity: "order".into(),
                    id: id.into(),
                })
                .unwrap();
        }
        sender
            .send(Change::Entity {
                entity: "customer".into(),
                id: "c".into(),
            })
            .unwrap();
        let batch = next_batch(&mut rx, Duration::ZERO).await.unwrap();
        assert_eq!(
            batch,
            DataChanged {
                all: false,
                entities: vec!["customer".into(), "order".into()],
                orders: vec!["a".into(), "b".into()],
            }
        );
        assert!(batch.touches_order("a"));
        assert!(!batch.touches_order("z"));
    }

    #[tokio::test]
    async fn a_lagging_receiver_reloads_everything() {
        let (sender, mut rx) = broadcast::channel(2);
        for _ in 0..5 {
            sender.send(Change::Unknown).unwrap();
        }
        let batch = next_batch(&mut rx, Duration::ZERO).await.unwrap();
        assert!(batch.all);
        assert!(batch.touches_order("anything"));
        drop(sender);
        assert_eq!(next_batch(&mut rx, Duration::ZERO).await, None);
    }
}

//! Where one order stands at one connector: the sync queue's states, as stored in
//! `sync_items.state` and shown on the Sync screen and the order's sync line.
//!
//! | state       | meaning                                         | becomes                             |
//! |-------------|-------------------------------------------------|-------------------------------------|
//! | `pending`   | a change waits to be sent, or to be tried again | `synced` when sent, or a stop       |
//! | `synced`    | the remote has everything the shop has          | `pending` on a new change           |
//! | `failed`    | the remote refused the order for good           | `pending` on a new change or retry  |
//! | `attention` | a mapping or a setting is missing               | `pending` on a new change or retry  |
//! | `conflict`  | both sides changed the same field               | only what a person chooses          |
//! | `skipped`   | a person chose to leave the order out           | `pending` on a new change or retry  |
//!
//! A person's retry makes an order `pending` again, a skip makes it `skipped`.
//!
//! The three stops (`failed`, `attention`, `conflict`) are what a connector reports
//! when a person has to act; the engine never retries them by itself.

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::DomainError;
use crate::party::named_enum;

named_enum!(
    /// One order's state at one connector.
    SyncState, "sync_state", "sync state" {
        Pending = "pending",
        Synced = "synced",
        Failed = "failed",
        Attention = "attention",
        Conflict = "conflict",
        Skipped = "skipped",
    }
);

//! Where "now" comes from. Business logic receives time; only the edges read the real clock.
//!
//! The clock lives in `jobcard_sync` (the lowest crate that waits) so the sync engine and the
//! use cases share one: the same instant in a change, and the same test clock in a test.

pub use jobcard_sync::{Clock, FixedClock, SteppingClock, SystemClock};

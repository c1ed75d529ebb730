//! Where "now" comes from, and how long a wait lasts. Business logic receives time; only the
//! edges read the real clock (`clippy.toml` keeps it so).
//!
//! The sync engine waits (for a retry, a rate limit, an outage) through the same clock it
//! reads the time from, so a test can hand it a [`SteppingClock`]: every wait passes at once
//! and moves that clock on by the time waited, and a run that would take minutes of backoff
//! takes none, while every stored time still says when things would have happened.
//! The app (`jobcard_app::Clock`) re-exports these: there is one clock for the whole core.

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};

/// A wait (boxed so a clock can be held as `dyn Clock`).
pub type Wait<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    /// Waits `how_long` (the real time, unless the clock is a test's).
    fn sleep(&self, how_long: Duration) -> Wait<'_> {
        Box::pin(tokio::time::sleep(how_long))
    }
}

/// The computer's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    // The one place the program reads the computer's clock (clippy.toml keeps it so).
    #[allow(clippy::disallowed_methods)]
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that always says the same time; for tests and reproducible demos. Its waits are
/// real (time that never moves would never end a wait).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// A test's clock: it stands still until something waits on it, and then moves on by the
/// time waited at once. It keeps the waits, so a test can say what was waited for.
#[derive(Debug)]
pub struct SteppingClock {
    state: Mutex<Stepping>,
}

#[derive(Debug)]
struct Stepping {
    now: DateTime<Utc>,
    waits: Vec<Duration>,
}

impl SteppingClock {
    pub fn starting_at(now: DateTime<Utc>) -> Self {
        Self {
            state: Mutex::new(Stepping {
                now,
                waits: Vec::new(),
            }),
        }
    }

    /// Every wait so far, in order.
    pub fn waits(&self) -> Vec<Duration> {
        self.lock().waits.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Stepping> {
        // A panic elsewhere while holding it leaves plain data: take it as it is.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Clock for SteppingClock {
    fn now(&self) -> DateTime<Utc> {
        self.lock().now
    }

    fn sleep(&self, how_long: Duration) -> Wait<'_> {
        {
            let mut state = self.lock();
            state.now += chrono::Duration::from_std(how_long).unwrap_or(chrono::Duration::MAX);
            state.waits.push(how_long);
        }
        // Still a point where other tasks run, as a real wait would be.
        Box::pin(tokio::task::yield_now())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_stepping_clock_moves_on_by_what_was_waited_at_once() {
        let start = DateTime::parse_from_rfc3339("2026-03-02T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let clock = SteppingClock::starting_at(start);
        assert_eq!(clock.now(), start);
        clock.sleep(Duration::from_secs(90)).await;
        clock.sleep(Duration::from_millis(500)).await;
        assert_eq!(clock.now() - start, chrono::Duration::milliseconds(90_500));
        assert_eq!(
            clock.waits(),
            [Duration::from_secs(90), Duration::from_millis(500)]
        );
    }
}

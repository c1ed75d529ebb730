//! The API limits of introduction.md ("API Limits"): a moving 60-second
//! window and a daily counter that resets at the next UTC midnight.
//!
//! Kept apart from the HTTP code so the arithmetic (remaining counts,
//! `Retry-After`) is easy to read and to test.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

const MINUTE: Duration = Duration::from_secs(60);
const DAY_SECS: u64 = 86_400;

#[derive(Debug)]
pub struct Limiter {
    pub minutely_limit: u32,
    pub daily_limit: u32,
    window: VecDeque<Instant>,
    daily_count: u32,
    daily_reset: u64,
    pub max_in_any_minute: usize,
}

impl Limiter {
    pub fn new(minutely_limit: u32, daily_limit: u32) -> Self {
        Self {
            minutely_limit,
            daily_limit,
            window: VecDeque::new(),
            daily_count: 0,
            daily_reset: 0,
            max_in_any_minute: 0,
        }
    }

    fn prune(&mut self, now: Instant, unix: u64) {
        while let Some(first) = self.window.front() {
            if now.duration_since(*first) >= MINUTE {
                self.window.pop_front();
            } else {
                break;
            }
        }
        if unix >= self.daily_reset {
            self.daily_count = 0;
            self.daily_reset = (unix / DAY_SECS + 1) * DAY_SECS;
        }
    }

    /// `Err(retry_after_secs)` when a request now would exceed a limit.
    pub fn check(&mut self, now: Instant, unix: u64) -> Result<(), u64> {
        self.prune(now, unix);
        let limit = usize::try_from(self.minutely_limit).unwrap_or(usize::MAX);
        if self.window.len() >= limit {
            // A slot frees when the window is down to limit - 1 entries.
            let secs = self
                .window
                .get(self.window.len() - limit)
                .map(|t| (*t + MINUTE).saturating_duration_since(now))
                .map_or(60, |d| d.as_secs() + u64::from(d.subsec_nanos() > 0));
            return Err(secs.max(1));
        }
        if self.daily_count >= self.daily_limit {
            return Err(self.daily_reset.saturating_sub(unix).max(1));
        }
        Ok(())
    }

    /// Count a request (after a successful `check`).
    pub fn record(&mut self, now: Instant) {
        self.window.push_back(now);
        self.daily_count = self.daily_count.saturating_add(1);
        self.max_in_any_minute = self.max_in_any_minute.max(self.window.len());
    }

    /// The `X-RateLimit-*` headers as they stand now.
    pub fn headers(&mut self, now: Instant, unix: u64) -> [(&'static str, String); 5] {
        self.prune(now, unix);
        let used = u32::try_from(self.window.len()).unwrap_or(u32::MAX);
        [
            (
                "x-ratelimit-minutely-limit",
                self.minutely_limit.to_string(),
            ),
            (
                "x-ratelimit-minutely-remaining",
                self.minutely_limit.saturating_sub(used).to_string(),
            ),
            ("x-ratelimit-daily-limit", self.daily_limit.to_string()),
            (
                "x-ratelimit-daily-remaining",
                self.daily_limit
                    .saturating_sub(self.daily_count)
                    .to_string(),
            ),
            ("x-ratelimit-daily-reset", self.daily_reset.to_string()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutely_window_and_retry_after() {
        let mut l = Limiter::new(2, 100);
        let t0 = Instant::now();
        assert!(l.check(t0, 1000).is_ok());
        l.record(t0);
        let t1 = t0 + Duration::from_secs(10);
        assert!(l.check(t1, 1010).is_ok());
        l.record(t1);
        assert_eq!(l.check(t1, 1010), Err(50));
        assert!(l.check(t0 + Duration::from_secs(60), 1060).is_ok());
        assert_eq!(l.max_in_any_minute, 2);
    }

    #[test]
    fn daily_limit_resets_at_utc_midnight() {
        let mut l = Limiter::new(100, 1);
        let t0 = Instant::now();
        assert!(l.check(t0, 86_400 + 10).is_ok());
        l.record(t0);
        assert_eq!(l.check(t0, 86_400 + 10), Err(86_400 - 10));
        assert!(l.check(t0, 2 * 86_400).is_ok());
    }
}

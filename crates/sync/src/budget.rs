//! A remote's request budget: a client-side limiter plus what the remote's rate-limit headers
//! last said, so the app never provokes a 429 when the remote tells its limits.
//!
//! The limiter (governor's GCRA, no burst) spaces requests evenly at 95 % of the minutely
//! limit: a moving one-minute window on the remote then never holds more than the limit,
//! even counting the requests of the previous minute. The daily budget is taken from
//! `X-RateLimit-Daily-Remaining` / `-Reset`, counted down locally between answers, and
//! stored with every recorded outcome, so a restart does not forget a spent day.
//!
//! The limiter reads the engine's clock and waits on it, like every wait in the engine, so a
//! test's clock paces it without the wall's time passing.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::Clock as _;
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use reqwest::header::HeaderMap;

use crate::clock::Clock;

/// The engine's clock as governor reads it: nanoseconds since 1970.
#[derive(Clone)]
struct Pace(Arc<dyn Clock>);

impl governor::clock::Clock for Pace {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        let nanos = self.0.now().timestamp_nanos_opt().unwrap_or(0);
        Nanos::from(u64::try_from(nanos).unwrap_or(0))
    }
}

type Limiter = RateLimiter<NotKeyed, InMemoryState, Pace, NoOpMiddleware<Nanos>>;

pub struct Budget {
    limiter: Limiter,
    pace: Pace,
    minutely_limit: u32,
    minutely_remaining: Option<u32>,
    pub daily_remaining: Option<i64>,
    pub daily_reset: Option<i64>,
}

/// Requests a minute at 95 % of the limit, at least one.
fn paced(per_minute: u32) -> NonZeroU32 {
    let paced = (u64::from(per_minute) * 95 / 100).max(1);
    NonZeroU32::new(u32::try_from(paced).unwrap_or(u32::MAX)).unwrap_or(NonZeroU32::MIN)
}

fn limiter(per_minute: u32, pace: &Pace) -> Limiter {
    let quota = Quota::per_minute(paced(per_minute)).allow_burst(NonZeroU32::MIN);
    RateLimiter::direct_with_clock(quota, pace.clone())
}

impl Budget {
    pub fn new(
        minutely_limit: u32,
        daily_remaining: Option<i64>,
        daily_reset: Option<i64>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let pace = Pace(clock);
        Self {
            limiter: limiter(minutely_limit, &pace),
            pace,
            minutely_limit,
            minutely_remaining: None,
            daily_remaining,
            daily_reset,
        }
    }

    /// When the day's budget is spent: the unix second it comes back.
    pub fn spent_until(&mut self, now_unix: i64) -> Option<i64> {
        match (self.daily_remaining, self.daily_reset) {
            (_, Some(reset)) if reset <= now_unix => {
                self.daily_remaining = None;
                self.daily_reset = None;
                None
            }
            (Some(left), Some(reset)) if left <= 0 => Some(reset),
            _ => None,
        }
    }

    /// Waits for the next request slot.
    pub async fn slot(&mut self) {
        let interval = Duration::from_secs(60) / paced(self.minutely_limit).get();
        while let Err(not_until) = self.limiter.check() {
            let wait = not_until.wait_time_from(self.pace.now());
            if wait > interval {
                // The clock went back (the computer's time was set): pace afresh from now
                // instead of waiting out the jump.
                self.limiter = limiter(self.minutely_limit, &self.pace);
                continue;
            }
            self.pace.0.sleep(wait.max(Duration::from_millis(1))).await;
        }
        if self.minutely_remaining == Some(0) {
            // Someone else spends the same account's minute; give the window time to move.
            let wait = Duration::from_millis(60_000 / u64::from(self.minutely_limit.max(1)));
            self.pace.0.sleep(wait.max(Duration::from_secs(1))).await;
        }
        if let Some(left) = self.daily_remaining.as_mut() {
            *left -= 1;
        }
    }

    /// Takes in the remote's rate-limit headers, if it sent them. The daily reset goes through
    /// [`crate::remote_time::reset_at`]: a day from `now_unix` at most, nonsense ignored.
    pub fn observe(&mut self, headers: &HeaderMap, now_unix: i64) {
        let number =
            |name: &str| -> Option<i64> { headers.get(name)?.to_str().ok()?.trim().parse().ok() };
        let limit = number("x-ratelimit-minutely-limit").and_then(|n| u32::try_from(n).ok());
        if let Some(limit) = limit.filter(|l| *l > 0 && *l != self.minutely_limit) {
            self.minutely_limit = limit;
            self.limiter = limiter(limit, &self.pace);
        }
        self.minutely_remaining =
            number("x-ratelimit-minutely-remaining").and_then(|n| u32::try_from(n).ok());
        if let Some(left) = number("x-ratelimit-daily-remaining") {
            self.daily_remaining = Some(left);
        }
        let reset = headers
            .get("x-ratelimit-daily-reset")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| crate::remote_time::reset_at(v, now_unix));
        if let Some(reset) = reset {
            self.daily_reset = Some(reset);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::clock::{SteppingClock, SystemClock};
    use reqwest::header::HeaderValue;

    #[test]
    fn a_spent_day_waits_for_its_reset_and_then_forgets() {
        let mut budget = Budget::new(360, None, None, Arc::new(SystemClock));
        let mut headers = HeaderMap::new();
        headers.insert("X-RateLimit-Daily-Remaining", HeaderValue::from_static("0"));
        headers.insert("X-RateLimit-Daily-Reset", HeaderValue::from_static("1000"));
        headers.insert("X-RateLimit-Minutely-Limit", HeaderValue::from_static("60"));
        budget.observe(&headers, 900);
        assert_eq!(budget.spent_until(999), Some(1000));
        assert_eq!(budget.spent_until(1000), None);
        assert_eq!(budget.daily_remaining, None);
        assert_eq!(budget.minutely_limit, 60);
    }

    #[test]
    fn a_reset_far_away_or_in_milliseconds_waits_a_day_at_most() {
        let now = 1_800_000_000;
        for sent in ["300000000000", "1800000000000", "10000000000000"] {
            let mut budget = Budget::new(360, None, None, Arc::new(SystemClock));
            let mut headers = HeaderMap::new();
            headers.insert("X-RateLimit-Daily-Remaining", HeaderValue::from_static("0"));
            headers.insert(
                "X-RateLimit-Daily-Reset",
                HeaderValue::from_str(sent).unwrap(),
            );
            budget.observe(&headers, now);
            assert_eq!(budget.spent_until(now), Some(now + 86_400), "{sent}");
        }
    }

    #[tokio::test]
    async fn slots_are_paced_at_the_minutely_limit() {
        // 1,200 a minute paced at 95 %: 20 slots take at least 19 intervals of ~52.6 ms.
        let mut budget = Budget::new(1200, Some(100), Some(i64::MAX), Arc::new(SystemClock));
        let start = std::time::Instant::now();
        for _ in 0..20 {
            budget.slot().await;
        }
        assert!(
            start.elapsed() >= Duration::from_millis(950),
            "{:?}",
            start.elapsed()
        );
        assert_eq!(budget.daily_remaining, Some(80));
    }

    #[tokio::test]
    async fn the_pace_is_kept_on_the_engine_s_clock() {
        let start = chrono::DateTime::parse_from_rfc3339("2026-03-02T08:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let clock = Arc::new(SteppingClock::starting_at(start));
        // 60 a minute paced at 95 %: 57 a minute, so 20 slots span 19 intervals of ~1.05 s.
        let mut budget = Budget::new(60, None, None, clock.clone());
        for _ in 0..20 {
            budget.slot().await;
        }
        let passed = (clock.now() - start).to_std().unwrap();
        assert!(passed >= Duration::from_millis(19_950), "{passed:?}");
        assert!(passed < Duration::from_secs(21), "{passed:?}");
    }
}

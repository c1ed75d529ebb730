//! Exponential backoff with full jitter: the wait before retry `attempt` (1-based) is uniform
//! in `[0, min(cap, base * 2^(attempt-1))]`. Full jitter spreads the retries of many clients
//! (and many orders) after an outage instead of sending them back in lockstep.

use std::time::Duration;

use rand::Rng;

/// The upper bound of the wait before retry `attempt`.
pub fn ceiling(base: Duration, cap: Duration, attempt: u32) -> Duration {
    let factor = 1u32
        .checked_shl(attempt.saturating_sub(1).min(20))
        .unwrap_or(u32::MAX);
    base.checked_mul(factor).unwrap_or(cap).min(cap)
}

/// A random wait in `[0, ceiling]`.
pub fn full_jitter(base: Duration, cap: Duration, attempt: u32) -> Duration {
    let top = ceiling(base, cap, attempt).as_millis();
    let top = u64::try_from(top).unwrap_or(u64::MAX);
    Duration::from_millis(rand::rng().random_range(0..=top))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ceiling_doubles_until_the_cap() {
        let base = Duration::from_millis(500);
        let cap = Duration::from_secs(30);
        let tops: Vec<u128> = (1..=8).map(|a| ceiling(base, cap, a).as_millis()).collect();
        assert_eq!(tops, [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
        assert_eq!(ceiling(base, cap, 500), cap);
    }

    #[test]
    fn a_wait_stays_within_its_ceiling_and_varies() {
        let base = Duration::from_millis(100);
        let cap = Duration::from_secs(10);
        let waits: Vec<Duration> = (0..200).map(|_| full_jitter(base, cap, 4)).collect();
        assert!(waits.iter().all(|w| *w <= Duration::from_millis(800)));
        let distinct: std::collections::BTreeSet<_> = waits.iter().collect();
        assert!(distinct.len() > 20, "full jitter spreads the waits");
    }
}

//! Money as integer euro cents. Amounts are never floats; arithmetic is checked, so an
//! overflow is an error the caller reports, never a panic or a silent wrap.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Integer euro cents.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize, TS,
)]
#[serde(transparent)]
#[ts(export, type = "number")]
pub struct Cents(pub i64);

impl Cents {
    pub const ZERO: Cents = Cents(0);

    pub fn new(value: i64) -> Self {
        Self(value)
    }

    pub fn get(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Cents) -> Option<Cents> {
        self.0.checked_add(other.0).map(Cents)
    }

    pub fn checked_sub(self, other: Cents) -> Option<Cents> {
        self.0.checked_sub(other.0).map(Cents)
    }

    pub fn checked_mul(self, quantity: i64) -> Option<Cents> {
        self.0.checked_mul(quantity).map(Cents)
    }

    pub fn checked_neg(self) -> Option<Cents> {
        self.0.checked_neg().map(Cents)
    }
}

/// `12.50`, `-0.05`: plain, dot decimal, no currency sign.
impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

/// `n / d` rounded half away from zero. `None` when `d <= 0` or on overflow.
pub fn div_round_half_away(n: i128, d: i128) -> Option<i128> {
    if d <= 0 {
        return None;
    }
    let quotient = n / d;
    let remainder = n % d;
    let twice = remainder.checked_abs()?.checked_mul(2)?;
    if twice >= d {
        if n < 0 {
            quotient.checked_sub(1)
        } else {
            quotient.checked_add(1)
        }
    } else {
        Some(quotient)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_as_plain_decimal() {
        assert_eq!(Cents(1250).to_string(), "12.50");
        assert_eq!(Cents(-5).to_string(), "-0.05");
        assert_eq!(Cents(0).to_string(), "0.00");
        assert_eq!(Cents(i64::MIN).to_string(), "-92233720368547758.08");
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(div_round_half_away(5, 10), Some(1));
        assert_eq!(div_round_half_away(-5, 10), Some(-1));
        assert_eq!(div_round_half_away(4, 10), Some(0));
        assert_eq!(div_round_half_away(-4, 10), Some(0));
        assert_eq!(div_round_half_away(15, 10), Some(2));
        assert_eq!(div_round_half_away(1, 0), None);
    }

    #[test]
    fn checked_arithmetic_reports_overflow() {
        assert_eq!(Cents(i64::MAX).checked_add(Cents(1)), None);
        assert_eq!(Cents(i64::MIN).checked_neg(), None);
        assert_eq!(Cents(3).checked_mul(-2), Some(Cents(-6)));
        assert_eq!(Cents(i64::MAX).checked_mul(2), None);
        assert_eq!(Cents(i64::MIN).checked_sub(Cents(1)), None);
        assert_eq!(Cents(5).checked_sub(Cents(7)), Some(Cents(-2)));
        assert_eq!(Cents(-5).checked_neg(), Some(Cents(5)));
        assert_eq!(Cents::new(42).get(), 42);
        assert_eq!(Cents::ZERO, Cents::default());
    }

    #[test]
    fn serializes_as_a_bare_number() {
        assert_eq!(
            serde_json::to_string(&Cents(1250)).ok().as_deref(),
            Some("1250")
        );
        assert_eq!(serde_json::from_str::<Cents>("-5").ok(), Some(Cents(-5)));
    }

    #[test]
    fn rounding_edges_do_not_panic() {
        assert_eq!(div_round_half_away(1, -3), None);
        assert_eq!(div_round_half_away(i128::MIN, 1), Some(i128::MIN));
        assert_eq!(div_round_half_away(i128::MAX, i128::MAX), Some(1));
        assert_eq!(div_round_half_away(i128::MIN, i128::MAX), Some(-1));
        assert_eq!(div_round_half_away(-15, 10), Some(-2));
        assert_eq!(div_round_half_away(-14, 10), Some(-1));
    }
}

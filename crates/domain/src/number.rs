//! Workshop order numbers: `WO-2026-00001`, counted per year, never reused.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;

use crate::error::DomainError;

/// An order number: the year it was issued in and its sequence within that year. It travels
/// as its text (`"WO-2026-00001"`), in JSON and in TypeScript alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, TS)]
#[ts(export, type = "string")]
pub struct OrderNumber {
    pub year: i32,
    pub seq: u32,
}

impl fmt::Display for OrderNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WO-{:04}-{:05}", self.year, self.seq)
    }
}

impl FromStr for OrderNumber {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            DomainError::invalid(
                "number",
                format!("'{s}' is not an order number like WO-2026-00001"),
            )
        };
        let upper = s.trim().to_ascii_uppercase();
        let rest = upper.strip_prefix("WO-").ok_or_else(bad)?;
        let (year, seq) = rest.split_once('-').ok_or_else(bad)?;
        let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
        if year.len() != 4 || !digits(year) || !digits(seq) {
            return Err(bad());
        }
        let year = year.parse().map_err(|_| bad())?;
        let seq: u32 = seq.parse().map_err(|_| bad())?;
        if seq == 0 {
            return Err(bad());
        }
        Ok(Self { year, seq })
    }
}

impl Serialize for OrderNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for OrderNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn prints_and_parses() {
        let n = OrderNumber { year: 2026, seq: 1 };
        assert_eq!(n.to_string(), "WO-2026-00001");
        assert_eq!("wo-2026-1".parse::<OrderNumber>().unwrap(), n);
        assert_eq!(
            OrderNumber {
                year: 2026,
                seq: 123_456
            }
            .to_string(),
            "WO-2026-123456"
        );
        for bad in [
            "",
            "WO-26-1",
            "WO-2026-",
            "XX-2026-00001",
            "WO-2026-0",
            "WO-2026-1a",
        ] {
            assert_eq!(
                bad.parse::<OrderNumber>().unwrap_err().field(),
                Some("number"),
                "{bad}"
            );
        }
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"WO-2026-00001\"");
    }

    #[test]
    fn round_trips_through_text_and_json() {
        for n in [
            OrderNumber { year: 2026, seq: 1 },
            OrderNumber {
                year: 1999,
                seq: 99_999,
            },
            OrderNumber {
                year: 2030,
                seq: 100_000,
            },
            OrderNumber {
                year: 2026,
                seq: u32::MAX,
            },
        ] {
            assert_eq!(n.to_string().parse::<OrderNumber>().unwrap(), n);
            let json = serde_json::to_string(&n).unwrap();
            assert_eq!(serde_json::from_str::<OrderNumber>(&json).unwrap(), n);
        }
        assert_eq!(
            " wo-2026-00042 ".parse::<OrderNumber>().unwrap(),
            OrderNumber {
                year: 2026,
                seq: 42
            }
        );
    }

    #[test]
    fn refusal_says_what_a_number_looks_like() {
        assert_eq!(
            "order 7".parse::<OrderNumber>().unwrap_err(),
            DomainError::invalid(
                "number",
                "'order 7' is not an order number like WO-2026-00001"
            )
        );
        // A sequence beyond u32 is refused, not wrapped.
        assert!("WO-2026-4294967296".parse::<OrderNumber>().is_err());
        assert!(serde_json::from_str::<OrderNumber>("\"WO-2026\"").is_err());
        assert!(serde_json::from_str::<OrderNumber>("7").is_err());
    }

    #[test]
    fn numbers_sort_by_year_then_sequence() {
        let a = OrderNumber {
            year: 2025,
            seq: 900,
        };
        let b = OrderNumber { year: 2026, seq: 1 };
        let c = OrderNumber { year: 2026, seq: 2 };
        assert!(a < b && b < c);
    }
}

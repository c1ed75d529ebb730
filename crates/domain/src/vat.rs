//! VAT codes, their dated rates, and the VAT contained in a VAT-inclusive amount.
//!
//! Shops price VAT-inclusive, so VAT is extracted: `round_half_away(gross * r / (10000 + r))`
//! with the rate `r` in basis points. Rates are dated because they change (the Dutch low rate
//! went from 6 % to 9 % on 2019-01-01) and an order keeps the rate of its own date.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::DomainError;
use crate::money::{Cents, div_round_half_away};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum VatCode {
    Zero,
    Low,
    High,
}

impl VatCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Zero => "zero",
            Self::Low => "low",
            Self::High => "high",
        }
    }
}

impl fmt::Display for VatCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for VatCode {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zero" => Ok(Self::Zero),
            "low" => Ok(Self::Low),
            "high" => Ok(Self::High),
            _ => Err(DomainError::invalid(
                "vat",
                format!("unknown VAT code '{s}'; expected zero, low or high"),
            )),
        }
    }
}

/// A VAT rate in basis points: 900 = 9 %, 2100 = 21 %, 550 = 5.5 %.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize, TS,
)]
#[serde(transparent)]
#[ts(export, type = "number")]
pub struct RateBp(pub u32);

impl RateBp {
    /// `9`, `21`, `5.5`, `12.25`.
    pub fn percent_display(self) -> String {
        let whole = self.0 / 100;
        let frac = self.0 % 100;
        match frac {
            0 => whole.to_string(),
            f if f % 10 == 0 => format!("{whole}.{}", f / 10),
            f => format!("{whole}.{f:02}"),
        }
    }

    pub fn is_whole_percent(self) -> bool {
        self.0.is_multiple_of(100)
    }

    pub fn whole_percent(self) -> Option<u32> {
        self.is_whole_percent().then_some(self.0 / 100)
    }
}

/// A rate of one code over a period (`valid_to` inclusive, open-ended when `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DatedRate {
    pub code: VatCode,
    pub rate: RateBp,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

impl DatedRate {
    fn covers(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|to| date <= to)
    }

    fn overlaps(&self, other: &DatedRate) -> bool {
        let ends_before =
            |a: &DatedRate, b: &DatedRate| a.valid_to.is_some_and(|to| to < b.valid_from);
        self.code == other.code && !ends_before(self, other) && !ends_before(other, self)
    }
}

/// All dated rates of the shop's country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatTable {
    rates: Vec<DatedRate>,
}

impl VatTable {
    /// Refuses a table where two periods of one code overlap or a period ends before it starts.
    pub fn new(rates: Vec<DatedRate>) -> Result<Self, DomainError> {
        for (i, rate) in rates.iter().enumerate() {
            if rate.valid_to.is_some_and(|to| to < rate.valid_from) {
                return Err(DomainError::invalid(
                    "vat_rates",
                    format!("the {} rate ends before it starts", rate.code),
                ));
            }
            if rates.iter().skip(i + 1).any(|other| rate.overlaps(other)) {
                return Err(DomainError::invalid(
                    "vat_rates",
                    format!("two {} rates overlap around {}", rate.code, rate.valid_from),
                ));
            }
        }
        Ok(Self { rates })
    }

    /// Dutch rates since 1986-10-01: high 17.5 % from 1992-10-01, 19 % from 2001-01-01 and
    /// 21 % from 2012-10-01; low 6 % from 1986-10-01 and 9 % from 2019-01-01; zero 0 %.
    pub fn netherlands() -> Self {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
        let rate = |code, bp, from, to| DatedRate {
            code,
            rate: RateBp(bp),
            valid_from: from,
            valid_to: to,
        };
        Self {
            rates: vec![
                rate(VatCode::Zero, 0, day(1969, 1, 1), None),
                rate(VatCode::Low, 600, day(1986, 10, 1), Some(day(2018, 12, 31))),
                rate(VatCode::Low, 900, day(2019, 1, 1), None),
                rate(
                    VatCode::High,
                    1750,
                    day(1992, 10, 1),
                    Some(day(2000, 12, 31)),
                ),
                rate(VatCode::High, 1900, day(2001, 1, 1), Some(day(2012, 9, 30))),
                rate(VatCode::High, 2100, day(2012, 10, 1), None),
            ],
        }
    }

    pub fn rate_on(&self, code: VatCode, date: NaiveDate) -> Result<RateBp, DomainError> {
        self.rates
            .iter()
            .find(|r| r.code == code && r.covers(date))
            .map(|r| r.rate)
            .ok_or_else(|| {
                DomainError::invalid("vat", format!("no {code} VAT rate in force on {date}"))
            })
    }

    pub fn rates(&self) -> &[DatedRate] {
        &self.rates
    }
}

/// The VAT contained in a VAT-inclusive amount, rounded half away from zero.
pub fn vat_in_gross(gross: Cents, rate: RateBp) -> Cents {
    let r = i128::from(rate.0);
    let vat = div_round_half_away(i128::from(gross.get()) * r, 10_000 + r).unwrap_or(0);
    // |vat| <= |gross|, so it always fits back into an i64.
    Cents(i64::try_from(vat).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn seed_vectors() {
        assert_eq!(vat_in_gross(Cents(9000), RateBp(900)), Cents(743));
        assert_eq!(vat_in_gross(Cents(9000), RateBp(600)), Cents(509));
        assert_eq!(vat_in_gross(Cents(12000), RateBp(900)), Cents(991));
        assert_eq!(vat_in_gross(Cents(-9000), RateBp(900)), Cents(-743));
    }

    #[test]
    fn exact_half_rounds_away_from_zero() {
        // At 100 % half of the gross is VAT: 1 cent -> 0.5 -> 1.
        assert_eq!(vat_in_gross(Cents(1), RateBp(10_000)), Cents(1));
        assert_eq!(vat_in_gross(Cents(-1), RateBp(10_000)), Cents(-1));
        assert_eq!(vat_in_gross(Cents(3), RateBp(10_000)), Cents(2));
    }

    #[test]
    fn dutch_low_rate_changes_on_new_year_2019() {
        let nl = VatTable::netherlands();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            nl.rate_on(VatCode::Low, day("2018-12-31")).unwrap(),
            RateBp(600)
        );
        assert_eq!(
            nl.rate_on(VatCode::Low, day("2019-01-01")).unwrap(),
            RateBp(900)
        );
        assert_eq!(
            nl.rate_on(VatCode::High, day("2026-11-23")).unwrap(),
            RateBp(2100)
        );
        let err = nl.rate_on(VatCode::Low, day("1980-01-01")).unwrap_err();
        assert_eq!(
            err,
            DomainError::invalid("vat", "no low VAT rate in force on 1980-01-01")
        );
    }

    #[test]
    fn overlapping_periods_are_refused() {
        let mut rates = VatTable::netherlands().rates().to_vec();
        rates.push(DatedRate {
            code: VatCode::Low,
            rate: RateBp(800),
            valid_from: NaiveDate::MIN,
            valid_to: None,
        });
        assert_eq!(VatTable::new(rates).unwrap_err().field(), Some("vat_rates"));
        assert!(VatTable::new(VatTable::netherlands().rates().to_vec()).is_ok());
    }

    #[test]
    fn percent_display() {
        assert_eq!(RateBp(900).percent_display(), "9");
        assert_eq!(RateBp(2100).percent_display(), "21");
        assert_eq!(RateBp(550).percent_display(), "5.5");
        assert_eq!(RateBp(1225).percent_display(), "12.25");
        assert_eq!(RateBp(0).percent_display(), "0");
    }

    #[test]
    fn dutch_high_rate_history() {
        let nl = VatTable::netherlands();
        let high = |y, m, d| {
            nl.rate_on(VatCode::High, NaiveDate::from_ymd_opt(y, m, d).unwrap())
                .unwrap()
        };
        assert_eq!(high(2000, 12, 31), RateBp(1750));
        assert_eq!(high(2001, 1, 1), RateBp(1900));
        assert_eq!(high(2012, 9, 30), RateBp(1900));
        assert_eq!(high(2012, 10, 1), RateBp(2100));
        let zero = nl.rate_on(VatCode::Zero, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        assert_eq!(zero.unwrap(), RateBp(0));
    }

    #[test]
    fn adjacent_periods_are_accepted_and_backwards_ones_refused() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let rate = |bp, from, to| DatedRate {
            code: VatCode::Low,
            rate: RateBp(bp),
            valid_from: from,
            valid_to: to,
        };
        let adjacent = vec![
            rate(600, day(2000, 1, 1), Some(day(2018, 12, 31))),
            rate(900, day(2019, 1, 1), None),
        ];
        assert!(VatTable::new(adjacent).is_ok());
        let sharing_a_day = vec![
            rate(600, day(2000, 1, 1), Some(day(2019, 1, 1))),
            rate(900, day(2019, 1, 1), None),
        ];
        assert_eq!(
            VatTable::new(sharing_a_day).unwrap_err().field(),
            Some("vat_rates")
        );
        let backwards = vec![rate(600, day(2019, 1, 1), Some(day(2018, 1, 1)))];
        assert_eq!(
            VatTable::new(backwards).unwrap_err().field(),
            Some("vat_rates")
        );
        // Different codes may share a period.
        let mut both = VatTable::netherlands().rates().to_vec();
        both.retain(|r| r.code != VatCode::Zero);
        both.push(DatedRate {
            code: VatCode::Zero,
            rate: RateBp(0),
            valid_from: NaiveDate::MIN,
            valid_to: None,
        });
        assert!(VatTable::new(both).is_ok());
    }

    #[test]
    fn whole_percents() {
        assert!(RateBp(2100).is_whole_percent());
        assert_eq!(RateBp(2100).whole_percent(), Some(21));
        assert!(!RateBp(550).is_whole_percent());
        assert_eq!(RateBp(550).whole_percent(), None);
        assert_eq!(RateBp(0).whole_percent(), Some(0));
    }

    #[test]
    fn zero_rate_and_zero_gross_have_no_vat() {
        assert_eq!(vat_in_gross(Cents(12345), RateBp(0)), Cents(0));
        assert_eq!(vat_in_gross(Cents(0), RateBp(2100)), Cents(0));
        // Extremes stay in range: a near-infinite rate on the largest amounts still fits.
        assert!(vat_in_gross(Cents(i64::MIN), RateBp(u32::MAX)).get() < 0);
        assert!(vat_in_gross(Cents(i64::MAX), RateBp(u32::MAX)).get() > 0);
    }

    #[test]
    fn codes_print_and_serialize_as_snake_case() {
        for code in [VatCode::Zero, VatCode::Low, VatCode::High] {
            assert_eq!(code.to_string().parse::<VatCode>().unwrap(), code);
            assert_eq!(
                serde_json::to_string(&code).unwrap(),
                format!("\"{}\"", code.as_str())
            );
        }
        assert_eq!(
            "x".parse::<VatCode>().unwrap_err(),
            DomainError::invalid("vat", "unknown VAT code 'x'; expected zero, low or high")
        );
    }

    #[test]
    fn codes_parse_case_insensitively() {
        assert_eq!("HIGH".parse::<VatCode>().unwrap(), VatCode::High);
        assert_eq!(
            "medium".parse::<VatCode>().unwrap_err().field(),
            Some("vat")
        );
    }
}

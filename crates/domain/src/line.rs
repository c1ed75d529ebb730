//! Pricing one order line: quantity, VAT-inclusive unit price, a unit discount in cents and a
//! percentage discount in basis points, then the VAT contained in the line total.

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::DomainError;
use crate::money::{Cents, div_round_half_away};
use crate::vat::{RateBp, vat_in_gross};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LineKind {
    Article,
    RepairCode,
    Labour,
    Text,
}

impl LineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Article => "article",
            Self::RepairCode => "repair_code",
            Self::Labour => "labour",
            Self::Text => "text",
        }
    }
}

impl FromStr for LineKind {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "article" => Ok(Self::Article),
            "repair_code" => Ok(Self::RepairCode),
            "labour" | "labor" => Ok(Self::Labour),
            "text" => Ok(Self::Text),
            _ => Err(DomainError::invalid(
                "kind",
                format!("unknown line kind '{s}'; expected article, repair_code, labour or text"),
            )),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LineStatus {
    Open,
    Done,
}

impl LineStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Done => "done",
        }
    }
}

impl FromStr for LineStatus {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "open" => Ok(Self::Open),
            "done" => Ok(Self::Done),
            _ => Err(DomainError::invalid(
                "status",
                format!("unknown line status '{s}'; expected open or done"),
            )),
        }
    }
}

/// Discount percentage in basis points, 0..=10000 (1250 = 12.5 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(transparent)]
#[ts(export, type = "number")]
pub struct DiscountBp(pub u32);

/// What is needed to price a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LinePricing {
    pub quantity: i64,
    pub unit_price: Cents,
    pub unit_discount: Cents,
    pub discount: DiscountBp,
    pub rate: RateBp,
}

/// A priced line: `total` is VAT-inclusive and `net = total - vat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LineAmounts {
    pub total: Cents,
    pub vat: Cents,
    pub net: Cents,
}

const MAX_QUANTITY: i64 = 100_000;
const MAX_UNIT_PRICE: i64 = 10_000_000_000;

fn validate(p: &LinePricing) -> Result<(), DomainError> {
    if p.quantity == 0 {
        return Err(DomainError::invalid("quantity", "must not be zero"));
    }
    if !(-MAX_QUANTITY..=MAX_QUANTITY).contains(&p.quantity) {
        return Err(DomainError::invalid(
            "quantity",
            format!("must be between -{MAX_QUANTITY} and {MAX_QUANTITY}"),
        ));
    }
    if p.unit_price.get() < 0 {
        return Err(DomainError::invalid(
            "unit_price_cents",
            "must not be negative (a return is a negative quantity)",
        ));
    }
    if p.unit_price.get() > MAX_UNIT_PRICE {
        return Err(DomainError::invalid("unit_price_cents", "is too large"));
    }
    if p.unit_discount.get() < 0 {
        return Err(DomainError::invalid(
            "unit_discount_cents",
            "must not be negative",
        ));
    }
    if p.unit_discount > p.unit_price {
        return Err(DomainError::invalid(
            "unit_discount_cents",
            "must not exceed the unit price",
        ));
    }
    if p.discount.0 > 10_000 {
        return Err(DomainError::invalid(
            "discount_bp",
            "must be between 0 and 10000 basis points",
        ));
    }
    if p.rate.0 > 10_000 {
        return Err(DomainError::invalid(
            "vat",
            "rate must be between 0 and 10000 basis points",
        ));
    }
    Ok(())
}

/// `total = round_half_away(quantity * (unit_price - unit_discount) * (10000 - discount) / 10000)`,
/// `vat = vat_in_gross(total, rate)`, `net = total - vat`.
pub fn price_line(p: &LinePricing) -> Result<LineAmounts, DomainError> {
    validate(p)?;
    let overflow = || DomainError::overflow("total_cents");
    let unit = i128::from(p.unit_price.get()) - i128::from(p.unit_discount.get());
    let gross = unit
        .checked_mul(i128::from(p.quantity))
        .ok_or_else(overflow)?;
    let kept = gross
        .checked_mul(i128::from(10_000 - p.discount.0))
        .ok_or_else(overflow)?;
    let total = div_round_half_away(kept, 10_000).ok_or_else(overflow)?;
    let total = Cents(i64::try_from(total).map_err(|_| overflow())?);
    let vat = vat_in_gross(total, p.rate);
    let net = total.checked_sub(vat).ok_or_else(overflow)?;
    Ok(LineAmounts { total, vat, net })
}

/// Work minutes of a line: quantity x minutes per unit. A return (negative quantity) takes no
/// work.
pub fn line_work_minutes(quantity: i64, minutes_per_unit: i64) -> Result<i64, DomainError> {
    if !(0..=10_000).contains(&minutes_per_unit) {
        return Err(DomainError::invalid(
            "work_minutes",
            "must be between 0 and 10000 minutes per unit",
        ));
    }
    if quantity <= 0 {
        return Ok(0);
    }
    quantity
        .checked_mul(minutes_per_unit)
        .ok_or_else(|| DomainError::overflow("work_minutes"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn line(
        quantity: i64,
        price: i64,
        unit_discount: i64,
        discount: u32,
        rate: u32,
    ) -> Result<LineAmounts, DomainError> {
        price_line(&LinePricing {
            quantity,
            unit_price: Cents(price),
            unit_discount: Cents(unit_discount),
            discount: DiscountBp(discount),
            rate: RateBp(rate),
        })
    }

    #[test]
    fn seed_vectors_on_lines() {
        assert_eq!(line(1, 9000, 0, 0, 900).unwrap().vat, Cents(743));
        assert_eq!(line(1, 9000, 0, 0, 600).unwrap().vat, Cents(509));
        assert_eq!(line(1, 12000, 0, 0, 900).unwrap().vat, Cents(991));
    }

    #[test]
    fn discounts_apply_before_vat() {
        // 2 x (12.50 - 2.50) = 20.00, less 10 % = 18.00; VAT at 21 % = 312.40 -> 312.
        let a = line(2, 1250, 250, 1000, 2100).unwrap();
        assert_eq!(
            (a.total, a.vat, a.net),
            (Cents(1800), Cents(312), Cents(1488))
        );
        // 12.5 % off 0.99 = 0.86625 -> 0.87.
        assert_eq!(line(1, 99, 0, 1250, 0).unwrap().total, Cents(87));
    }

    #[test]
    fn a_return_negates_the_line() {
        let sold = line(3, 995, 0, 0, 900).unwrap();
        let returned = line(-3, 995, 0, 0, 900).unwrap();
        assert_eq!(returned.total, Cents(-sold.total.get()));
        assert_eq!(returned.vat, Cents(-sold.vat.get()));
    }

    #[test]
    fn bad_input_names_the_field() {
        assert_eq!(
            line(0, 100, 0, 0, 900).unwrap_err().field(),
            Some("quantity")
        );
        assert_eq!(
            line(1, -100, 0, 0, 900).unwrap_err().field(),
            Some("unit_price_cents")
        );
        assert_eq!(
            line(1, 100, 101, 0, 900).unwrap_err().field(),
            Some("unit_discount_cents")
        );
        assert_eq!(
            line(1, 100, 0, 10_001, 900).unwrap_err().field(),
            Some("discount_bp")
        );
        assert_eq!(
            line(1_000_000, 100, 0, 0, 900).unwrap_err().field(),
            Some("quantity")
        );
    }

    #[test]
    fn every_refusal_names_its_field_and_says_why() {
        let cases = [
            (line(0, 100, 0, 0, 900), "quantity", "must not be zero"),
            (
                line(100_001, 100, 0, 0, 900),
                "quantity",
                "must be between -100000 and 100000",
            ),
            (
                line(-100_001, 100, 0, 0, 900),
                "quantity",
                "must be between -100000 and 100000",
            ),
            (
                line(1, 10_000_000_001, 0, 0, 900),
                "unit_price_cents",
                "is too large",
            ),
            (
                line(1, 100, -1, 0, 900),
                "unit_discount_cents",
                "must not be negative",
            ),
            (
                line(1, 100, 101, 0, 900),
                "unit_discount_cents",
                "must not exceed the unit price",
            ),
            (
                line(1, 100, 0, 10_001, 900),
                "discount_bp",
                "must be between 0 and 10000 basis points",
            ),
        ];
        for (result, field, message) in cases {
            assert_eq!(result.unwrap_err(), DomainError::invalid(field, message));
        }
    }

    #[test]
    fn limits_are_inclusive_and_cannot_overflow() {
        // The largest valid line: 100000 x 100,000,000.00 at 21 %.
        let a = line(100_000, 10_000_000_000, 0, 0, 2100).unwrap();
        assert_eq!(a.total, Cents(1_000_000_000_000_000));
        assert_eq!(a.net.get() + a.vat.get(), a.total.get());
        let a = line(-100_000, 10_000_000_000, 0, 0, 2100).unwrap();
        assert_eq!(a.total, Cents(-1_000_000_000_000_000));
        // A full discount, either way, is a free line.
        assert_eq!(line(3, 500, 500, 0, 2100).unwrap().total, Cents::ZERO);
        assert_eq!(line(3, 500, 0, 10_000, 2100).unwrap().total, Cents::ZERO);
        assert_eq!(line(1, 0, 0, 0, 2100).unwrap().total, Cents::ZERO);
    }

    #[test]
    fn discount_rounding_is_half_away_from_zero() {
        // 50 % off 0.01 is half a cent: 1 cent for a sale, -1 cent for a return.
        assert_eq!(line(1, 1, 0, 5_000, 0).unwrap().total, Cents(1));
        assert_eq!(line(-1, 1, 0, 5_000, 0).unwrap().total, Cents(-1));
    }

    #[test]
    fn kinds_and_statuses_round_trip() {
        for kind in [
            LineKind::Article,
            LineKind::RepairCode,
            LineKind::Labour,
            LineKind::Text,
        ] {
            assert_eq!(kind.as_str().parse::<LineKind>().unwrap(), kind);
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.as_str())
            );
        }
        assert_eq!(
            "Repair-Code".parse::<LineKind>().unwrap(),
            LineKind::RepairCode
        );
        assert_eq!(
            "part".parse::<LineKind>().unwrap_err().field(),
            Some("kind")
        );
        for status in [LineStatus::Open, LineStatus::Done] {
            assert_eq!(status.as_str().parse::<LineStatus>().unwrap(), status);
        }
        assert_eq!(" DONE ".parse::<LineStatus>().unwrap(), LineStatus::Done);
        assert_eq!(
            "closed".parse::<LineStatus>().unwrap_err().field(),
            Some("status")
        );
        assert_eq!(serde_json::to_string(&DiscountBp(1250)).unwrap(), "1250");
    }

    #[test]
    fn work_minutes() {
        assert_eq!(line_work_minutes(2, 15).unwrap(), 30);
        assert_eq!(line_work_minutes(-1, 15).unwrap(), 0);
        assert_eq!(
            line_work_minutes(1, -5).unwrap_err().field(),
            Some("work_minutes")
        );
        assert!(line_work_minutes(1, 10_001).is_err());
        assert_eq!(line_work_minutes(3, 10_000).unwrap(), 30_000);
        assert_eq!(line_work_minutes(5, 0).unwrap(), 0);
        assert_eq!(
            line_work_minutes(i64::MAX, 2).unwrap_err(),
            DomainError::overflow("work_minutes")
        );
    }
}

//! Order totals: the sum of the lines, and per VAT rate the net, VAT and gross that an
//! order summary prints. Sums of line amounts, never re-computed VAT, so the breakdown always
//! adds up to the lines to the cent.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::DomainError;
use crate::line::LineAmounts;
use crate::money::Cents;
use crate::vat::RateBp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RateTotal {
    pub rate: RateBp,
    pub net: Cents,
    pub vat: Cents,
    pub gross: Cents,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OrderTotals {
    pub total: Cents,
    pub vat: Cents,
    pub net: Cents,
    /// Sorted by rate, lowest first; a rate appears when at least one line has it.
    pub by_rate: Vec<RateTotal>,
}

pub fn order_totals<'a>(
    lines: impl IntoIterator<Item = (RateBp, &'a LineAmounts)>,
) -> Result<OrderTotals, DomainError> {
    let overflow = || DomainError::overflow("total_cents");
    let mut per_rate: BTreeMap<RateBp, (Cents, Cents)> = BTreeMap::new();
    for (rate, amounts) in lines {
        let (gross, vat) = per_rate.entry(rate).or_insert((Cents::ZERO, Cents::ZERO));
        *gross = gross.checked_add(amounts.total).ok_or_else(overflow)?;
        *vat = vat.checked_add(amounts.vat).ok_or_else(overflow)?;
    }
    let mut totals = OrderTotals::default();
    for (rate, (gross, vat)) in per_rate {
        let net = gross.checked_sub(vat).ok_or_else(overflow)?;
        totals.total = totals.total.checked_add(gross).ok_or_else(overflow)?;
        totals.vat = totals.vat.checked_add(vat).ok_or_else(overflow)?;
        totals.by_rate.push(RateTotal {
            rate,
            net,
            vat,
            gross,
        });
    }
    totals.net = totals.total.checked_sub(totals.vat).ok_or_else(overflow)?;
    Ok(totals)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn amounts(total: i64, vat: i64) -> LineAmounts {
        LineAmounts {
            total: Cents(total),
            vat: Cents(vat),
            net: Cents(total - vat),
        }
    }

    #[test]
    fn sums_per_rate_and_overall() {
        let a = amounts(2995, 520);
        let b = amounts(995, 82);
        let c = amounts(2500, 434);
        let totals =
            order_totals([(RateBp(2100), &a), (RateBp(900), &b), (RateBp(2100), &c)]).unwrap();
        assert_eq!(
            (totals.total, totals.vat, totals.net),
            (Cents(6490), Cents(1036), Cents(5454))
        );
        assert_eq!(
            totals.by_rate,
            vec![
                RateTotal {
                    rate: RateBp(900),
                    net: Cents(913),
                    vat: Cents(82),
                    gross: Cents(995)
                },
                RateTotal {
                    rate: RateBp(2100),
                    net: Cents(4541),
                    vat: Cents(954),
                    gross: Cents(5495)
                },
            ]
        );
    }

    #[test]
    fn overflow_is_an_error() {
        let big = amounts(i64::MAX, 0);
        assert_eq!(
            order_totals([(RateBp(0), &big), (RateBp(0), &big)])
                .unwrap_err()
                .field(),
            Some("total_cents")
        );
    }
}

//! Property tests of the money rules: whatever the input, the amounts add up to the cent and
//! nothing panics.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jobcard_domain::{
    Cents, DiscountBp, LineAmounts, LinePricing, OrderNumber, OrderStatus, RateBp,
    div_round_half_away, order_totals, price_line, vat_in_gross,
};
use proptest::prelude::*;

/// Realistic lines: what a shop could type, including returns and discounts.
fn realistic_line() -> impl Strategy<Value = LinePricing> {
    (
        -1_000i64..=1_000,
        0i64..=10_000_000,
        0u32..=10_000,
        prop_oneof![Just(0u32), Just(600), Just(900), Just(2100), 0u32..=10_000],
    )
        .prop_flat_map(|(quantity, price, discount, rate)| {
            (
                Just(quantity),
                Just(price),
                0..=price,
                Just(discount),
                Just(rate),
            )
        })
        .prop_filter("quantity is never zero", |(q, ..)| *q != 0)
        .prop_map(
            |(quantity, price, unit_discount, discount, rate)| LinePricing {
                quantity,
                unit_price: Cents(price),
                unit_discount: Cents(unit_discount),
                discount: DiscountBp(discount),
                rate: RateBp(rate),
            },
        )
}

/// Anything at all, valid or not.
fn any_line() -> impl Strategy<Value = LinePricing> {
    (
        any::<i64>(),
        any::<i64>(),
        any::<i64>(),
        any::<u32>(),
        any::<u32>(),
    )
        .prop_map(|(q, p, d, b, r)| LinePricing {
            quantity: q,
            unit_price: Cents(p),
            unit_discount: Cents(d),
            discount: DiscountBp(b),
            rate: RateBp(r),
        })
}

proptest! {
    #[test]
    fn a_line_total_is_the_discounted_price_to_the_nearest_cent(line in realistic_line()) {
        // Checked against the exact amount in hundredths of a basis point, not by re-running
        // the formula: 10000 x total is within half a cent of (price - unit discount) x
        // quantity x (10000 - discount), and a tie goes away from zero.
        let total = i128::from(price_line(&line).unwrap().total.get()) * 10_000;
        let exact = (i128::from(line.unit_price.get()) - i128::from(line.unit_discount.get()))
            * i128::from(line.quantity)
            * i128::from(10_000 - line.discount.0);
        let off = (total - exact).abs();
        prop_assert!(off * 2 <= 10_000, "total {total} is {off} from {exact}");
        if off * 2 == 10_000 {
            prop_assert!(total.abs() > exact.abs(), "a half cent rounds away from zero");
        }
    }

    #[test]
    fn a_line_net_is_its_total_without_vat_to_the_nearest_cent(line in realistic_line()) {
        // The exact net is total x 10000 / (10000 + rate); the stored net (total - rounded
        // VAT) may differ from it by half a cent at most.
        let a = price_line(&line).unwrap();
        prop_assert_eq!(a.net.get() + a.vat.get(), a.total.get());
        let divisor = 10_000 + i128::from(line.rate.0);
        let off = (i128::from(a.net.get()) * divisor - i128::from(a.total.get()) * 10_000).abs();
        prop_assert!(off * 2 <= divisor, "net {} of total {} at {}", a.net.get(), a.total.get(), line.rate.0);
    }

    #[test]
    fn negating_the_quantity_negates_total_and_vat(line in realistic_line()) {
        let sold = price_line(&line).unwrap();
        let returned = price_line(&LinePricing { quantity: -line.quantity, ..line }).unwrap();
        prop_assert_eq!(returned.total.get(), -sold.total.get());
        prop_assert_eq!(returned.vat.get(), -sold.vat.get());
    }

    #[test]
    fn per_rate_and_order_totals_add_up(lines in prop::collection::vec(realistic_line(), 0..20)) {
        let priced: Vec<(RateBp, LineAmounts)> = lines.iter().map(|l| (l.rate, price_line(l).unwrap())).collect();
        let totals = order_totals(priced.iter().map(|(r, a)| (*r, a))).unwrap();
        let sum: i64 = priced.iter().map(|(_, a)| a.total.get()).sum();
        prop_assert_eq!(totals.total.get(), sum);
        prop_assert_eq!(totals.by_rate.iter().map(|r| r.gross.get()).sum::<i64>(), sum);
        prop_assert_eq!(totals.by_rate.iter().map(|r| r.vat.get()).sum::<i64>(), totals.vat.get());
        for rate in &totals.by_rate {
            prop_assert_eq!(rate.net.get() + rate.vat.get(), rate.gross.get());
            let of_rate: i64 = priced.iter().filter(|(r, _)| *r == rate.rate).map(|(_, a)| a.vat.get()).sum();
            prop_assert_eq!(rate.vat.get(), of_rate);
        }
        prop_assert!(totals.by_rate.windows(2).all(|w| w[0].rate < w[1].rate));
    }

    #[test]
    fn pricing_never_panics(line in any_line()) {
        let _ = price_line(&line);
    }

    #[test]
    fn totals_never_panic(amounts in prop::collection::vec((any::<u32>(), any::<i64>(), any::<i64>()), 0..10)) {
        let lines: Vec<(RateBp, LineAmounts)> = amounts
            .iter()
            .map(|(r, t, v)| (RateBp(*r), LineAmounts { total: Cents(*t), vat: Cents(*v), net: Cents(t.wrapping_sub(*v)) }))
            .collect();
        let _ = order_totals(lines.iter().map(|(r, a)| (*r, a)));
    }

    #[test]
    fn vat_is_no_larger_than_the_gross_and_has_its_sign(gross in any::<i64>(), rate in 0u32..=10_000) {
        let vat = vat_in_gross(Cents(gross), RateBp(rate)).get();
        prop_assert!(vat.unsigned_abs() <= gross.unsigned_abs());
        prop_assert!(vat == 0 || (vat > 0) == (gross > 0));
    }

    #[test]
    fn vat_matches_the_formula_in_exact_arithmetic(gross in -10_000_000_000i64..=10_000_000_000, rate in 0u32..=10_000) {
        // round_half_away(gross * r / (10000 + r)), checked with exact remainders.
        let vat = i128::from(vat_in_gross(Cents(gross), RateBp(rate)).get());
        let n = i128::from(gross) * i128::from(rate);
        let d = 10_000 + i128::from(rate);
        prop_assert!((2 * (n - vat * d)).abs() <= d, "vat {} is not the nearest integer to {}/{}", vat, n, d);
    }

    #[test]
    fn checked_cents_match_wide_arithmetic(a in any::<i64>(), b in any::<i64>()) {
        let wide = i128::from(a) + i128::from(b);
        prop_assert_eq!(Cents(a).checked_add(Cents(b)).map(Cents::get), i64::try_from(wide).ok());
        let wide = i128::from(a) - i128::from(b);
        prop_assert_eq!(Cents(a).checked_sub(Cents(b)).map(Cents::get), i64::try_from(wide).ok());
        let wide = i128::from(a) * i128::from(b);
        prop_assert_eq!(Cents(a).checked_mul(b).map(Cents::get), i64::try_from(wide).ok());
    }

    #[test]
    fn rounding_is_half_away_from_zero(n in -1_000_000i128..=1_000_000, d in 1i128..=10_000) {
        let q = div_round_half_away(n, d).unwrap();
        prop_assert!((2 * (n - q * d)).abs() <= d);
        prop_assert_eq!(div_round_half_away(-n, d).unwrap(), -q);
    }

    #[test]
    fn returning_a_whole_order_negates_its_totals(lines in prop::collection::vec(realistic_line(), 0..10)) {
        let sold: Vec<(RateBp, LineAmounts)> = lines.iter().map(|l| (l.rate, price_line(l).unwrap())).collect();
        let returned: Vec<(RateBp, LineAmounts)> = lines
            .iter()
            .map(|l| (l.rate, price_line(&LinePricing { quantity: -l.quantity, ..*l }).unwrap()))
            .collect();
        let sold = order_totals(sold.iter().map(|(r, a)| (*r, a))).unwrap();
        let returned = order_totals(returned.iter().map(|(r, a)| (*r, a))).unwrap();
        prop_assert_eq!(returned.total.get(), -sold.total.get());
        prop_assert_eq!(returned.vat.get(), -sold.vat.get());
        prop_assert_eq!(returned.net.get(), -sold.net.get());
    }

    #[test]
    fn order_numbers_round_trip(year in 1000i32..=9999, seq in 1u32..) {
        let number = OrderNumber { year, seq };
        prop_assert_eq!(number.to_string().parse::<OrderNumber>().unwrap(), number);
        let json = serde_json::to_string(&number).unwrap();
        prop_assert_eq!(serde_json::from_str::<OrderNumber>(&json).unwrap(), number);
    }

    #[test]
    fn parsing_any_text_never_panics(text in ".{0,40}") {
        let _ = text.parse::<OrderNumber>();
        let _ = text.parse::<OrderStatus>();
    }
}

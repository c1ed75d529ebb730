//! Reading a euro amount typed by a person or exported by a spreadsheet into cents, without
//! floats. The rules match the UI's `parseEuroToCents` (ui/src/lib/money.ts), so a price means
//! the same in the intake form and in an imported CSV file:
//!
//! `12,50`, `12.50`, `12`, `,50`, `€ 9,95`, `-3,5`, `1.234,56`, `1,234.56` and `1.234.567` are
//! read. A final `,` or `.` followed by one or two digits is the decimal mark; other marks must
//! group thousands by three, all the same and different from the decimal mark. A single group
//! without decimals (`12,345`, `1.234`) is refused as ambiguous: a decimal typo and a thousands
//! separator look the same.

use crate::{Cents, DomainError};

/// Reads `text` as euros into cents; errors name `field`.
pub fn parse_euros(field: &str, text: &str) -> Result<Cents, DomainError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let (negative, rest) = match compact.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, compact.as_str()),
    };
    let body = rest.strip_prefix('€').unwrap_or(rest);
    let not_an_amount = || {
        DomainError::invalid(
            field,
            format!("'{}' is not an amount in euros", text.trim()),
        )
    };
    if body.is_empty() {
        return Err(if text.trim().is_empty() {
            DomainError::invalid(field, "is required")
        } else {
            not_an_amount()
        });
    }
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(not_an_amount());
    }
    let (int_part, decimal_mark, fraction) = split_decimals(body);
    let digits = if int_part.chars().all(|c| c.is_ascii_digit()) {
        if int_part.is_empty() && decimal_mark.is_none() {
            return Err(not_an_amount());
        }
        int_part.to_owned()
    } else {
        let thousands = grouping_mark(int_part).ok_or_else(not_an_amount)?;
        if Some(thousands) == decimal_mark {
            return Err(not_an_amount());
        }
        let groups: Vec<&str> = int_part.split(thousands).collect();
        if decimal_mark.is_none() && groups.len() == 2 {
            return Err(DomainError::invalid(
                field,
                format!(
                    "'{}' is ambiguous: write {} or {} with two decimals",
                    text.trim(),
                    groups.concat(),
                    int_part.replace(thousands, if thousands == ',' { "." } else { "," })
                ),
            ));
        }
        groups.concat()
    };
    let whole: i64 = if digits.is_empty() {
        0
    } else {
        digits.parse().map_err(|_| DomainError::overflow(field))?
    };
    let cents = whole
        .checked_mul(100)
        .and_then(|c| c.checked_add(fraction))
        .ok_or_else(|| DomainError::overflow(field))?;
    Ok(Cents(if negative { -cents } else { cents }))
}

/// Splits off a final decimal mark with one or two digits: (integer part, mark, cents).
fn split_decimals(body: &str) -> (&str, Option<char>, i64) {
    let Some(pos) = body.rfind(['.', ',']) else {
        return (body, None, 0);
    };
    let (int_part, tail) = body.split_at(pos);
    let mut chars = tail.chars();
    let mark = chars.next();
    let digits = chars.as_str();
    if !(1..=2).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return (body, None, 0);
    }
    let value: i64 = digits.parse().unwrap_or(0);
    let cents = if digits.len() == 1 { value * 10 } else { value };
    (int_part, mark, cents)
}

/// The thousands mark when `int_part` is digits grouped by three with one mark (`1.234.567`).
fn grouping_mark(int_part: &str) -> Option<char> {
    let mark = int_part.chars().find(|c| !c.is_ascii_digit())?;
    let mut groups = int_part.split(mark);
    let first = groups.next()?;
    let first_ok = (1..=3).contains(&first.len()) && first.chars().all(|c| c.is_ascii_digit());
    let rest_ok = groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
    (first_ok && rest_ok).then_some(mark)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cents(text: &str) -> Option<i64> {
        parse_euros("price", text).ok().map(Cents::get)
    }

    #[test]
    fn reads_the_ways_people_write_euros() {
        assert_eq!(cents("12,50"), Some(1250));
        assert_eq!(cents("12.50"), Some(1250));
        assert_eq!(cents("12"), Some(1200));
        assert_eq!(cents(",50"), Some(50));
        assert_eq!(cents("€ 9,95"), Some(995));
        assert_eq!(cents("-3,5"), Some(-350));
        assert_eq!(cents("1.234,56"), Some(123_456));
        assert_eq!(cents("1,234.56"), Some(123_456));
        assert_eq!(cents("1.234.567"), Some(123_456_700));
        assert_eq!(cents(" 29,95 "), Some(2995));
    }

    #[test]
    fn refuses_what_is_not_clearly_an_amount() {
        for text in [
            "",
            "abc",
            "12,345",
            "1.234",
            "1,234,56",
            "1.23.45",
            "12,5x",
            "€",
            "1,2345.00",
            "1.234.56",
        ] {
            assert!(cents(text).is_none(), "{text:?} was accepted");
        }
        let err = parse_euros("price", "12,345")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("ambiguous"), "{err}");
        let err = parse_euros("price", " ")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("required"), "{err}");
    }

    #[test]
    fn too_large_is_an_overflow_not_a_panic() {
        assert!(matches!(
            parse_euros("price", "999999999999999999999"),
            Err(DomainError::Overflow { .. })
        ));
    }
}

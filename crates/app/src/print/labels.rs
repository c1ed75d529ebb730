//! The documents' words in Dutch and English, and amounts and dates as a customer reads them.

use jobcard_domain::Lang;

/// Integer cents as `€ 1.234,56` (nl) or `€1,234.56` (en); integer arithmetic only.
pub fn format_eur(cents: i64, lang: Lang) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let whole = (abs / 100).to_string();
    let (group, decimal) = match lang {
        Lang::Nl => ('.', ','),
        Lang::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(group);
        }
        grouped.push(c);
    }
    match lang {
        Lang::Nl => format!("{sign}€ {grouped}{decimal}{:02}", abs % 100),
        Lang::En => format!("{sign}€{grouped}{decimal}{:02}", abs % 100),
    }
}

/// `2026-11-25` as `25-11-2026` (nl) or `25 Nov 2026` (en); other text unchanged.
pub fn format_date(value: &str, lang: Lang) -> String {
    let Ok(date) = chrono::NaiveDate::parse_from_str(value.get(..10).unwrap_or(value), "%Y-%m-%d")
    else {
        return value.to_owned();
    };
    match lang {
        Lang::Nl => date.format("%d-%m-%Y").to_string(),
        Lang::En => date.format("%-d %b %Y").to_string(),
    }
}

/// Words on the documents.
pub struct Words {
    pub job_card: &'static str,
    pub summary: &'static str,
    pub order: &'static str,
    pub customer: &'static str,
    pub bill_to: &'static str,
    pub object: &'static str,
    pub frame: &'static str,
    pub job: &'static str,
    pub quantity: &'static str,
    pub description: &'static str,
    pub code: &'static str,
    pub minutes: &'static str,
    pub unit_price: &'static str,
    pub discount: &'static str,
    pub vat: &'static str,
    pub total: &'static str,
    pub rate: &'static str,
    pub net: &'static str,
    pub gross: &'static str,
    pub total_incl_vat: &'static str,
    pub work_total: &'static str,
    pub promised: &'static str,
    pub planned: &'static str,
    pub order_date: &'static str,
    pub mechanic: &'static str,
    pub notes: &'static str,
    pub signature: &'static str,
    pub loan: &'static str,
    pub vat_number: &'static str,
    pub coc_number: &'static str,
    pub page: &'static str,
    pub footer: &'static str,
}

pub fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            job_card: "Job card",
            summary: "Order summary",
            order: "Order",
            customer: "Customer",
            bill_to: "Bill to",
            object: "Object",
            frame: "Frame no.",
            job: "Job",
            quantity: "Qty",
            description: "Description",
            code: "Code",
            minutes: "Min.",
            unit_price: "Unit price",
            discount: "Discount",
            vat: "VAT",
            total: "Total",
            rate: "VAT rate",
            net: "Net",
            gross: "Gross",
            total_incl_vat: "Total incl. VAT",
            work_total: "Total work",
            promised: "Promised",
            planned: "Planned",
            order_date: "Order date",
            mechanic: "Mechanic",
            notes: "Mechanic's notes",
            signature: "Signature",
            loan: "Loan object",
            vat_number: "VAT no.",
            coc_number: "CoC no.",
            page: "Page",
            footer: "Prices include VAT.",
        },
        Lang::Nl => Words {
            job_card: "Werkbon",
            summary: "Orderoverzicht",
            order: "Werkorder",
            customer: "Klant",
            bill_to: "Factuur aan",
            object: "Object",
            frame: "Framenr.",
            job: "Werk",
            quantity: "Aantal",
            description: "Omschrijving",
            code: "Code",
            minutes: "Min.",
            unit_price: "Stukprijs",
            discount: "Korting",
            vat: "Btw",
            total: "Totaal",
            rate: "Btw-tarief",
            net: "Netto",
            gross: "Bruto",
            total_incl_vat: "Totaal incl. btw",
            work_total: "Totaal werk",
            promised: "Beloofd",
            planned: "Gepland",
            order_date: "Orderdatum",
            mechanic: "Monteur",
            notes: "Notities monteur",
            signature: "Handtekening",
            loan: "Leenobject",
            vat_number: "Btw-nr.",
            coc_number: "KvK-nr.",
            page: "Pagina",
            footer: "Prijzen zijn inclusief btw.",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_in_both_languages() {
        assert_eq!(format_eur(123_456, Lang::Nl), "€ 1.234,56");
        assert_eq!(format_eur(123_456, Lang::En), "€1,234.56");
        assert_eq!(format_eur(-5, Lang::Nl), "-€ 0,05");
        assert_eq!(format_eur(100_000_000, Lang::En), "€1,000,000.00");
        assert_eq!(format_eur(99_900, Lang::Nl), "€ 999,00");
    }

    #[test]
    fn dates_in_both_languages() {
        assert_eq!(format_date("2026-11-25", Lang::Nl), "25-11-2026");
        assert_eq!(
            format_date("2026-11-25T08:00:00.000Z", Lang::En),
            "25 Nov 2026"
        );
        assert_eq!(format_date("soon", Lang::En), "soon");
    }
}

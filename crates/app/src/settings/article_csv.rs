//! Importing the article list from a CSV file, as a supplier or a spreadsheet exports it.
//!
//! The import is all or nothing: every row is checked first and each bad row is reported with
//! its line number in the file, the column and what is wrong; if any row is bad, nothing is
//! imported, so a half-read price list never reaches the counter. Separators `,`, `;` and tab
//! are recognised from the header line (Dutch spreadsheets write `;`). Columns, in any order
//! and case, English or Dutch: `barcode`/`ean`, `description`/`omschrijving`,
//! `price`/`prijs` (euros, `12,95` or `12.95`) or `price_cents`, `vat`/`btw` (`zero`, `low`,
//! `high`, `nul`, `laag`, `hoog`, or a percentage in force today such as `21`), and an
//! optional `active`/`actief`. Other columns are ignored.

use std::collections::HashMap;

use jobcard_domain::{RateBp, VatCode, parse_euros, required_text};
use jobcard_store::ArticleRow;

use super::catalogue_edit::{Saved, catalogue_key, price, save_article_in};
use crate::dto::{ImportReport, ImportRowError, VatRateView};
use crate::guard::Guard;
use crate::{Actor, App, AppError, Result};

/// The most rows one file may hold.
const MAX_ROWS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Barcode,
    Description,
    Price,
    PriceCents,
    Vat,
    Active,
}

impl Column {
    fn from_header(name: &str) -> Option<Self> {
        match name.trim().to_lowercase().replace([' ', '-'], "_").as_str() {
            "barcode" | "ean" | "gtin" | "streepjescode" => Some(Self::Barcode),
            "description" | "omschrijving" | "name" | "naam" => Some(Self::Description),
            "price" | "prijs" | "verkoopprijs" => Some(Self::Price),
            "price_cents" => Some(Self::PriceCents),
            "vat" | "btw" => Some(Self::Vat),
            "active" | "actief" => Some(Self::Active),
            _ => None,
        }
    }
}

/// One checked row and the file line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedArticle {
    pub line: u64,
    pub row: ArticleRow,
}

/// Reads and checks the whole file. `rates` are the VAT rates in force, for rows that give a
/// percentage instead of a code.
pub fn parse_articles_csv(
    text: &str,
    rates: &[VatRateView],
) -> std::result::Result<Vec<ImportedArticle>, Vec<ImportRowError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_line = text.lines().next().unwrap_or_default();
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| header_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let columns = match columns(&mut reader) {
        Ok(columns) => columns,
        Err(error) => return Err(vec![error]),
    };
    let mut errors = Vec::new();
    let mut articles = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let line = err.position().map_or(0, |p| line_at(text, p.byte()));
                errors.push(row_error(line, "", format!("unreadable row: {err}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| line_at(text, p.byte()));
        if record.iter().all(str::is_empty) {
            continue;
        }
        if articles.len() + errors.len() >= MAX_ROWS {
            errors.push(row_error(
                line,
                "",
                format!("the file has more than {MAX_ROWS} rows; split it"),
            ));
            break;
        }
        match article(&record, &columns, rates) {
            Ok(row) => {
                if let Some(first) = seen.insert(row.barcode.clone(), line) {
                    errors.push(row_error(
                        line,
                        "barcode",
                        format!("'{}' is also on line {first}", row.barcode),
                    ));
                } else {
                    articles.push(ImportedArticle { line, row });
                }
            }
            Err(mut row_errors) => {
                for e in &mut row_errors {
                    e.line = line;
                }
                errors.append(&mut row_errors);
            }
        }
    }
    if articles.is_empty() && errors.is_empty() {
        errors.push(row_error(
            1,
            "",
            "the file has no articles below its header".to_owned(),
        ));
    }
    if errors.is_empty() {
        Ok(articles)
    } else {
        Err(errors)
    }
}

/// The 1-based line of the record read from byte `offset`. The CSV reader's own count skips
/// blank lines and its offset is where it began reading, before the blank lines it skipped; a
/// person fixing the file counts every line, so the blank lines are stepped over here.
fn line_at(text: &str, offset: u64) -> u64 {
    let start = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(text.len());
    let skipped = text
        .as_bytes()
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| matches!(b, b'\n' | b'\r'))
        .count();
    let end = start + skipped;
    let newlines = text
        .as_bytes()
        .get(..end)
        .unwrap_or_default()
        .iter()
        .filter(|b| **b == b'\n')
        .count();
    newlines as u64 + 1
}

fn row_error(line: u64, field: &str, message: String) -> ImportRowError {
    ImportRowError {
        line,
        field: field.to_owned(),
        message,
    }
}

/// The column each header names; the header must name barcode, description, a price and VAT.
fn columns(
    reader: &mut csv::Reader<&[u8]>,
) -> std::result::Result<Vec<(usize, Column, String)>, ImportRowError> {
    let headers = reader
        .headers()
        .map_err(|err| row_error(1, "", format!("unreadable header: {err}")))?
        .clone();
    let found: Vec<(usize, Column, String)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| Column::from_header(h).map(|c| (i, c, h.trim().to_owned())))
        .collect();
    let has = |c: Column| found.iter().any(|(_, col, _)| *col == c);
    let mut missing = Vec::new();
    for (column, name) in [
        (Column::Barcode, "barcode"),
        (Column::Description, "description"),
        (Column::Vat, "vat"),
    ] {
        if !has(column) {
            missing.push(name);
        }
    }
    if !has(Column::Price) && !has(Column::PriceCents) {
        missing.push("price");
    }
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(row_error(
            1,
            missing.first().copied().unwrap_or_default(),
            format!(
                "the header has no column {}; expected barcode, description, price, vat",
                missing.join(", ")
            ),
        ))
    }
}

/// Checks one row; every bad field is reported, not just the first.
fn article(
    record: &csv::StringRecord,
    columns: &[(usize, Column, String)],
    rates: &[VatRateView],
) -> std::result::Result<ArticleRow, Vec<ImportRowError>> {
    let mut errors = Vec::new();
    let mut row = ArticleRow {
        barcode: String::new(),
        description: String::new(),
        price_cents: 0,
        vat_code: String::new(),
        active: true,
    };
    for (index, column, header) in columns {
        let value = record.get(*index).unwrap_or_default();
        let checked: Result<()> = (|| {
            if value.contains('\u{fffd}') {
                return Err(AppError::invalid(
                    header,
                    "has characters that are not UTF-8; save the file as \"CSV UTF-8\"",
                ));
            }
            match column {
                Column::Barcode => row.barcode = catalogue_key(header, value, "a barcode")?,
                Column::Description => row.description = required_text(header, value, 200)?,
                Column::Price => {
                    row.price_cents = price(header, parse_euros(header, value)?.get())?
                }
                Column::PriceCents => {
                    let cents = value.parse::<i64>().map_err(|_| {
                        AppError::invalid(
                            header,
                            format!("'{value}' is not a whole number of cents"),
                        )
                    })?;
                    row.price_cents = price(header, cents)?;
                }
                Column::Vat => row.vat_code = vat_code(header, value, rates)?.as_str().to_owned(),
                Column::Active => row.active = yes_no(header, value)?,
            }
            Ok(())
        })();
        if let Err(err) = checked {
            errors.push(row_error(
                0,
                err.field.as_deref().unwrap_or(header),
                err.message,
            ));
        }
    }
    if errors.is_empty() {
        Ok(row)
    } else {
        Err(errors)
    }
}

fn vat_code(header: &str, value: &str, rates: &[VatRateView]) -> Result<VatCode> {
    let word = match value.trim().to_lowercase().as_str() {
        "nul" => "zero".to_owned(),
        "laag" => "low".to_owned(),
        "hoog" => "high".to_owned(),
        other => other.trim_end_matches('%').trim().replace(',', "."),
    };
    if let Ok(code) = word.parse::<VatCode>() {
        return Ok(code);
    }
    let by_percent: Vec<&VatRateView> = rates
        .iter()
        .filter(|r| r.vat_percent == word || RateBp(r.vat_rate_bp).percent_display() == word)
        .collect();
    match by_percent.as_slice() {
        [one] => Ok(one.vat.parse()?),
        _ => {
            let known = rates
                .iter()
                .map(|r| format!("{} ({} %)", r.vat, r.vat_percent))
                .collect::<Vec<_>>()
                .join(", ");
            Err(AppError::invalid(
                header,
                format!("unknown VAT '{value}'; expected one of {known}"),
            ))
        }
    }
}

fn yes_no(header: &str, value: &str) -> Result<bool> {
    match value.trim().to_lowercase().as_str() {
        "" | "1" | "yes" | "y" | "true" | "ja" | "j" => Ok(true),
        "0" | "no" | "n" | "false" | "nee" => Ok(false),
        _ => Err(AppError::invalid(
            header,
            format!("'{value}' is not yes or no"),
        )),
    }
}

impl App {
    /// Imports the articles of a CSV file: all of them, or none when any row is bad.
    pub async fn import_articles_csv(&self, actor: &Actor, text: &str) -> Result<ImportReport> {
        actor.require(Guard::SETTINGS)?;
        let rates = self.catalogue().await?.vat_rates;
        let articles = match parse_articles_csv(text, &rates) {
            Ok(articles) => articles,
            Err(errors) => {
                return Ok(ImportReport {
                    added: 0,
                    updated: 0,
                    errors,
                });
            }
        };
        let (mut tx, at) = self.begin_change().await?;
        let (mut added, mut updated) = (0, 0);
        for ImportedArticle { line, row } in &articles {
            match save_article_in(&mut tx, &at, actor, row, Some(*line)).await? {
                Saved::Added => added += 1,
                Saved::Updated => updated += 1,
                Saved::Unchanged => {}
            }
        }
        // A file that changes no article leaves nothing to save.
        if added + updated > 0 {
            tx.commit().await?;
        }
        Ok(ImportReport {
            added,
            updated,
            errors: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn rates() -> Vec<VatRateView> {
        [("zero", 0), ("low", 900), ("high", 2100)]
            .into_iter()
            .map(|(vat, bp)| VatRateView {
                vat: vat.to_owned(),
                vat_rate_bp: bp,
                vat_percent: RateBp(bp).percent_display(),
                valid_from: "2019-01-01".to_owned(),
                valid_to: None,
            })
            .collect()
    }

    #[test]
    fn reads_a_dutch_spreadsheet_export() {
        let text = "\u{feff}EAN;Omschrijving;Prijs;BTW\n8712345000011;Binnenband 28\";\"7,95\";hoog\n\n8712345000028;Kettingolie;12.50;21%\n";
        let articles = parse_articles_csv(text, &rates()).unwrap();
        assert_eq!(articles.len(), 2);
        assert_eq!(articles[0].row.description, "Binnenband 28\"");
        assert_eq!(articles[0].row.price_cents, 795);
        assert_eq!(articles[0].row.vat_code, "high");
        assert_eq!(articles[1].line, 4, "the blank line counts");
        assert_eq!(articles[1].row.price_cents, 1250);
        assert_eq!(articles[1].row.vat_code, "high");
    }

    #[test]
    fn reports_every_bad_row_with_its_line_and_column() {
        let text = "barcode,description,price,vat\n\
                    111,Good,1.00,low\n\
                    ,No barcode,2.00,low\n\
                    333,,abc,medium\n\
                    111,Again,1.00,low\n\
                    \"444 4\",Space,\"12,345\",high\n";
        let errors = parse_articles_csv(text, &rates()).unwrap_err();
        let got: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.field.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (3, "barcode"),
                (4, "description"),
                (4, "price"),
                (4, "vat"),
                (5, "barcode"),
                (6, "barcode"),
                (6, "price"),
            ]
        );
        assert!(
            errors[4].message.contains("line 2"),
            "{}",
            errors[4].message
        );
    }

    #[test]
    fn a_header_without_the_needed_columns_is_refused_at_line_1() {
        let errors = parse_articles_csv("code,naam\n1,x\n", &rates()).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 1);
        assert!(
            errors[0].message.contains("barcode"),
            "{}",
            errors[0].message
        );
        let errors = parse_articles_csv("barcode,description,price,vat\n", &rates()).unwrap_err();
        assert!(errors[0].message.contains("no articles"));
    }

    #[test]
    fn price_in_cents_and_active_flags() {
        let text = "barcode\tdescription\tprice_cents\tvat\tactive\nA-1\tBel\t450\tlow\tnee\n";
        let articles = parse_articles_csv(text, &rates()).unwrap();
        assert_eq!(articles[0].row.price_cents, 450);
        assert!(!articles[0].row.active);
    }
}

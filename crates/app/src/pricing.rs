//! Turning typed lines into priced lines.
//!
//! A line by `code` takes the repair code's description, price, VAT code and minutes; a line
//! by `barcode` takes the article's; anything given on the line itself wins. The VAT rate is
//! the one in force on the order date and is stored on the line, so a later rate change never
//! alters an order already taken. All arithmetic is the domain's, in integer cents.

use crate::error::ErrorCode;
use chrono::NaiveDate;
use jobcard_domain::{
    Cents, DatedRate, DiscountBp, DomainError, LineAmounts, LineKind, LinePricing, LineStatus,
    OrderTotals, RateBp, VatCode, VatTable, line_work_minutes, optional_text, price_line,
};
use jobcard_store::Conn;
use jobcard_store::sql::catalogue;
use jobcard_store::{LineRow, VatRateRow};

use crate::dto::{LineInput, LineView};
use crate::{AppError, Result};

/// A line ready to store: everything resolved and priced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PricedLine {
    pub kind: LineKind,
    pub code: Option<String>,
    pub barcode: Option<String>,
    pub description: String,
    pub quantity: i64,
    pub unit_price: Cents,
    pub unit_discount: Cents,
    pub discount: DiscountBp,
    pub vat: VatCode,
    pub rate: RateBp,
    pub amounts: LineAmounts,
    pub minutes_per_unit: i64,
    pub work_minutes: i64,
    pub bill_to_customer_id: Option<String>,
}

/// Loads the dated VAT rates from the catalogue.
/// A rate or discount in basis points as stored (the store reads integers as `i64` on both
/// backends). Every one was written from a `u32` and checked on the way in; a value out of
/// range can only be a hand-edited row, and reads as 0 rather than wrapping around.
pub(crate) fn stored_bp(stored: i64) -> u32 {
    u32::try_from(stored).unwrap_or(0)
}

pub(crate) async fn vat_table(conn: &mut Conn) -> Result<VatTable> {
    let rows = catalogue::vat_rates(&mut *conn).await?;
    let rates = rows.iter().map(dated_rate).collect::<Result<Vec<_>>>()?;
    Ok(VatTable::new(rates)?)
}

/// A date as stored (`YYYY-MM-DD`); another text can only be a hand-edited row.
pub(crate) fn stored_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| AppError::storage(format!("bad date '{text}' in the database")))
}

fn dated_rate(row: &VatRateRow) -> Result<DatedRate> {
    let date = stored_date;
    Ok(DatedRate {
        code: row.code.parse()?,
        rate: RateBp(stored_bp(row.rate_bp)),
        valid_from: date(&row.valid_from)?,
        valid_to: row.valid_to.as_deref().map(date).transpose()?,
    })
}

/// An order's lines priced: as stored, as shown, and their sums.
pub(crate) struct PricedLines {
    pub lines: Vec<PricedLine>,
    pub views: Vec<LineView>,
    pub totals: OrderTotals,
    pub work_minutes: i64,
}

/// Prices every input line at the VAT rates of `order_date`, naming the failing field as
/// `lines[i].field`, and sums them: the one way an intake, an edit and a preview price lines.
pub(crate) async fn price_lines(
    conn: &mut Conn,
    order_date: NaiveDate,
    inputs: &[LineInput],
) -> Result<PricedLines> {
    let vat = vat_table(conn).await?;
    let mut lines = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let line = price_one(conn, &vat, order_date, input).await;
        lines.push(line.map_err(|err| prefix_field(err, &format!("lines[{i}]")))?);
    }
    let views = line_views(&lines);
    let totals = crate::views::totals_of(&views)?;
    let work_minutes = lines
        .iter()
        .try_fold(0i64, |sum, l| sum.checked_add(l.work_minutes))
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::Overflow,
                "work minutes out of range",
                Some("lines"),
            )
        })?;
    Ok(PricedLines {
        lines,
        views,
        totals,
        work_minutes,
    })
}

fn prefix_field(mut err: AppError, prefix: &str) -> AppError {
    err.field = Some(match err.field.take() {
        Some(field) => format!("{prefix}.{field}"),
        None => prefix.to_owned(),
    });
    err
}

/// What the catalogue says about a line, before the line's own values override it.
#[derive(Default)]
struct CatalogueDefaults {
    kind: Option<LineKind>,
    description: Option<String>,
    price: Option<i64>,
    vat: Option<VatCode>,
    minutes: i64,
}

async fn catalogue_defaults(conn: &mut Conn, input: &LineInput) -> Result<CatalogueDefaults> {
    if let Some(code) = crate::text::non_blank(input.code.as_deref()) {
        let Some(row) = catalogue::repair_code(&mut *conn, code).await? else {
            return Err(AppError::invalid(
                "code",
                format!("unknown repair code '{code}'"),
            ));
        };
        return Ok(CatalogueDefaults {
            kind: Some(LineKind::RepairCode),
            description: Some(row.description),
            price: row.price_cents,
            vat: Some(row.vat_code.parse()?),
            minutes: row.standard_minutes,
        });
    }
    if let Some(barcode) = crate::text::non_blank(input.barcode.as_deref()) {
        let Some(row) = catalogue::article(&mut *conn, barcode).await? else {
            return Err(AppError::invalid(
                "barcode",
                format!("no article with barcode '{barcode}'"),
            ));
        };
        return Ok(CatalogueDefaults {
            kind: Some(LineKind::Article),
            description: Some(row.description),
            price: Some(row.price_cents),
            vat: Some(row.vat_code.parse()?),
            minutes: 0,
        });
    }
    Ok(CatalogueDefaults::default())
}

async fn price_one(
    conn: &mut Conn,
    vat_table: &VatTable,
    order_date: NaiveDate,
    input: &LineInput,
) -> Result<PricedLine> {
    let defaults = catalogue_defaults(conn, input).await?;
    let kind = match input.kind.as_deref() {
        Some(kind) => kind.parse::<LineKind>().map_err(|_| {
            AppError::invalid(
                "kind",
                format!(
                    "unknown line kind '{kind}'; expected article, repair_code, labour or text"
                ),
            )
        })?,
        None => defaults.kind.unwrap_or_else(|| infer_kind(input)),
    };
    let description = optional_text("description", input.description.as_deref(), 500)?
        .or(defaults.description)
        .ok_or_else(|| {
            AppError::invalid(
                "description",
                "is required for a line without a code or barcode",
            )
        })?;
    let quantity = input.quantity.unwrap_or(1);
    let minutes_per_unit = input.work_minutes.unwrap_or(defaults.minutes);
    let work_minutes = line_work_minutes(quantity, minutes_per_unit)?;
    let bill_to_customer_id = optional_text(
        "bill_to_customer_id",
        input.bill_to_customer_id.as_deref(),
        64,
    )?;

    if kind == LineKind::Text {
        return text_line(
            input,
            description,
            quantity,
            minutes_per_unit,
            work_minutes,
            bill_to_customer_id,
        );
    }
    let unit_price = input.unit_price_cents.or(defaults.price).ok_or_else(|| {
        AppError::invalid(
            "unit_price_cents",
            "is required: this line has no catalogue price",
        )
    })?;
    let vat = match input.vat.as_deref() {
        Some(code) => code.parse::<VatCode>()?,
        None => defaults.vat.ok_or_else(|| {
            AppError::invalid("vat", "is required for a priced line (zero, low or high)")
        })?,
    };
    let rate = vat_table.rate_on(vat, order_date)?;
    let unit_discount = Cents(input.unit_discount_cents.unwrap_or(0));
    let discount = DiscountBp(input.discount_bp.unwrap_or(0));
    let amounts = price_line(&LinePricing {
        quantity,
        unit_price: Cents(unit_price),
        unit_discount,
        discount,
        rate,
    })?;
    Ok(PricedLine {
        kind,
        code: trimmed(input.code.as_deref()),
        barcode: trimmed(input.barcode.as_deref()),
        description,
        quantity,
        unit_price: Cents(unit_price),
        unit_discount,
        discount,
        vat,
        rate,
        amounts,
        minutes_per_unit,
        work_minutes,
        bill_to_customer_id,
    })
}

/// A text line carries words (and maybe minutes) but no money.
fn text_line(
    input: &LineInput,
    description: String,
    quantity: i64,
    minutes_per_unit: i64,
    work_minutes: i64,
    bill_to_customer_id: Option<String>,
) -> Result<PricedLine> {
    if input.unit_price_cents.is_some_and(|p| p != 0) {
        return Err(AppError::invalid(
            "unit_price_cents",
            "a text line has no price; use kind article or labour",
        ));
    }
    if quantity == 0 {
        return Err(DomainError::invalid("quantity", "must not be zero").into());
    }
    Ok(PricedLine {
        kind: LineKind::Text,
        code: None,
        barcode: None,
        description,
        quantity,
        unit_price: Cents::ZERO,
        unit_discount: Cents::ZERO,
        discount: DiscountBp(0),
        vat: VatCode::Zero,
        rate: RateBp(0),
        amounts: LineAmounts {
            total: Cents::ZERO,
            vat: Cents::ZERO,
            net: Cents::ZERO,
        },
        minutes_per_unit,
        work_minutes,
        bill_to_customer_id,
    })
}

/// A free line with minutes is labour, one with a price is an article (a part sold), one with
/// neither is text.
fn infer_kind(input: &LineInput) -> LineKind {
    if input.work_minutes.is_some_and(|m| m > 0) {
        LineKind::Labour
    } else if input.unit_price_cents.is_some() || input.vat.is_some() {
        LineKind::Article
    } else {
        LineKind::Text
    }
}

fn trimmed(value: Option<&str>) -> Option<String> {
    crate::text::non_blank(value).map(str::to_owned)
}

impl PricedLine {
    /// The stored row of this line as line `line_no` of order `order_pk`.
    pub(crate) fn to_row(&self, id: String, order_pk: i64, line_no: i64) -> LineRow {
        LineRow {
            id,
            order_pk,
            line_no,
            kind: self.kind,
            code: self.code.clone(),
            barcode: self.barcode.clone(),
            description: self.description.clone(),
            quantity: self.quantity,
            unit_price_cents: self.unit_price.get(),
            unit_discount_cents: self.unit_discount.get(),
            discount_bp: i64::from(self.discount.0),
            vat_code: self.vat,
            vat_rate_bp: i64::from(self.rate.0),
            total_cents: self.amounts.total.get(),
            vat_cents: self.amounts.vat.get(),
            work_minutes_per_unit: self.minutes_per_unit,
            work_minutes: self.work_minutes,
            status: LineStatus::Open,
            bill_to_customer_id: self.bill_to_customer_id.clone(),
        }
    }
}

/// The lines as the preview shows them, numbered from 1.
fn line_views(lines: &[PricedLine]) -> Vec<LineView> {
    (1..)
        .zip(lines)
        .map(|(line_no, line)| crate::views::line_view(&line.to_row(String::new(), 0, line_no)))
        .collect()
}

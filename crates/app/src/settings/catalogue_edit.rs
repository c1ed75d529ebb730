//! Repair codes and articles as the manager keeps them. Saving an existing code or barcode
//! replaces it; retiring (`active: false`) hides it from intake while old orders keep their
//! lines, which carry their own copy of description, price and VAT.

use jobcard_domain::{VatCode, required_text};
use jobcard_store::sql::catalogue;
use jobcard_store::{ArticleRow, RepairCodeRow, WriteTx};
use serde_json::json;

use crate::dto::{ArticleInput, RepairCodeInput};
use crate::guard::Guard;
use crate::journal::{Change, record};
use crate::{Actor, App, AppError, Result};

/// The highest catalogue price: one million euros.
pub(super) const MAX_PRICE_CENTS: i64 = 100_000_000;

/// A catalogue key (repair code or barcode): letters, digits, `-`, `.`, `_`, `/`, no spaces.
pub(super) fn catalogue_key(field: &str, value: &str, what: &str) -> Result<String> {
    let key = value.trim();
    if key.is_empty() {
        return Err(AppError::invalid(field, "is required"));
    }
    if key.chars().count() > 40 {
        return Err(AppError::invalid(field, "must be at most 40 characters"));
    }
    if let Some(bad) = key
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '/')))
    {
        return Err(AppError::invalid(
            field,
            format!("'{bad}' is not allowed in {what}; use letters, digits, - . _ /"),
        ));
    }
    Ok(key.to_owned())
}

pub(super) fn price(field: &str, cents: i64) -> Result<i64> {
    if !(0..=MAX_PRICE_CENTS).contains(&cents) {
        return Err(AppError::invalid(
            field,
            "must be between 0.00 and 1,000,000.00",
        ));
    }
    Ok(cents)
}

/// Checks an article as typed or imported; field names are the input's.
pub(super) fn article_row(input: &ArticleInput) -> Result<ArticleRow> {
    Ok(ArticleRow {
        barcode: catalogue_key("barcode", &input.barcode, "a barcode")?,
        description: required_text("description", &input.description, 200)?,
        price_cents: price("price_cents", input.price_cents)?,
        vat_code: input.vat.parse::<VatCode>()?.as_str().to_owned(),
        active: input.active.unwrap_or(true),
    })
}

fn repair_code_row(input: &RepairCodeInput) -> Result<RepairCodeRow> {
    let minutes = input.standard_minutes.unwrap_or(0);
    if !(0..=10_000).contains(&minutes) {
        return Err(AppError::invalid(
            "standard_minutes",
            "must be between 0 and 10000 minutes",
        ));
    }
    Ok(RepairCodeRow {
        code: catalogue_key("code", &input.code, "a repair code")?,
        description: required_text("description", &input.description, 200)?,
        standard_minutes: minutes,
        price_cents: input
            .price_cents
            .map(|c| price("price_cents", c))
            .transpose()?,
        vat_code: input.vat.parse::<VatCode>()?.as_str().to_owned(),
        active: input.active.unwrap_or(true),
    })
}

impl App {
    /// Adds a repair code or replaces the one with the same code.
    pub async fn save_repair_code(&self, actor: &Actor, input: &RepairCodeInput) -> Result<()> {
        actor.require(Guard::SETTINGS)?;
        let row = repair_code_row(input)?;
        let (mut tx, at) = self.begin_change().await?;
        let existed = catalogue::any_repair_code(&mut *tx, &row.code).await?;
        catalogue::upsert_repair_code(&mut tx, &row).await?;
        let change = Change {
            entity: "repair_code",
            entity_id: &row.code,
            action: if existed.is_some() {
                "updated"
            } else {
                "created"
            },
            changes: json!({
                "description": row.description, "standard_minutes": row.standard_minutes,
                "price_cents": row.price_cents, "vat": row.vat_code, "active": row.active,
                "price_before": existed.and_then(|r| r.price_cents),
            }),
        };
        record(&mut tx, &at, actor, change).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds an article or replaces the one with the same barcode.
    pub async fn save_article(&self, actor: &Actor, input: &ArticleInput) -> Result<()> {
        actor.require(Guard::SETTINGS)?;
        let row = article_row(input)?;
        let (mut tx, at) = self.begin_change().await?;
        if save_article_in(&mut tx, &at, actor, &row, None).await? != Saved::Unchanged {
            tx.commit().await?;
        }
        Ok(())
    }
}

/// What saving an article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Saved {
    Added,
    Updated,
    /// It was there as it is: nothing written.
    Unchanged,
}

/// Saves `row` with its journal entry (the price it had before, and the line of the file it
/// came from, when imported), in the change `tx`.
pub(super) async fn save_article_in(
    tx: &mut WriteTx,
    at: &str,
    actor: &Actor,
    row: &ArticleRow,
    import_line: Option<u64>,
) -> Result<Saved> {
    let before = catalogue::any_article(&mut **tx, &row.barcode).await?;
    if before.as_ref() == Some(row) {
        return Ok(Saved::Unchanged);
    }
    catalogue::upsert_article(tx, row).await?;
    let mut changes = json!({
        "description": row.description, "price_cents": row.price_cents,
        "vat": row.vat_code, "active": row.active,
        "price_before": before.as_ref().map(|r| r.price_cents),
    });
    if let (Some(line), Some(map)) = (import_line, changes.as_object_mut()) {
        map.insert("import_line".into(), json!(line));
    }
    let (action, saved) = match before {
        Some(_) => ("updated", Saved::Updated),
        None => ("created", Saved::Added),
    };
    let entity_id = &row.barcode;
    let change = Change {
        entity: "article",
        entity_id,
        action,
        changes,
    };
    record(tx, at, actor, change).await?;
    Ok(saved)
}

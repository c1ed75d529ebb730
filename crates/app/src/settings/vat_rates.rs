//! VAT rates with their dates. A rate is never edited in place: a change of rate is a new row
//! from a date on, and the rate it replaces ends the day before. Orders keep the rate stored on
//! their lines, so an announced change (say the low rate going up on 1 January) can be entered
//! ahead of time without touching a single existing order.

use jobcard_domain::{RateBp, VatCode};
use jobcard_store::VatRateRow;
use jobcard_store::sql::catalogue;
use serde_json::json;

use crate::dto::VatRateInput;
use crate::guard::Guard;
use crate::journal::{Change, record};
use crate::pricing::vat_table;
use crate::{Actor, App, AppError, Result};

impl App {
    /// Adds a rate for `input.vat` from `input.valid_from` on.
    pub async fn add_vat_rate(&self, actor: &Actor, input: &VatRateInput) -> Result<()> {
        actor.require(Guard::SETTINGS)?;
        let code: VatCode = input.vat.parse()?;
        if input.rate_bp > 10_000 {
            return Err(AppError::invalid(
                "rate_bp",
                "must be between 0 % and 100 %",
            ));
        }
        if code == VatCode::Zero && input.rate_bp != 0 {
            return Err(AppError::invalid("rate_bp", "the zero code is always 0 %"));
        }
        let from = crate::text::typed_date("valid_from", &input.valid_from)?;
        let (mut tx, at) = self.begin_change().await?;
        let latest = catalogue::vat_rates(&mut *tx)
            .await?
            .into_iter()
            .filter(|r| r.code == code.as_str())
            .map(|r| r.valid_from)
            .max();
        if let Some(latest) = latest.filter(|l| *l >= from.to_string()) {
            return Err(AppError::invalid(
                "valid_from",
                format!(
                    "must be after {latest}, when the {} rate in force began",
                    code.as_str()
                ),
            ));
        }
        if let Some(day_before) = from.pred_opt() {
            catalogue::close_open_rate(&mut tx, code.as_str(), &day_before.to_string()).await?;
        }
        let row = VatRateRow {
            code: code.as_str().to_owned(),
            rate_bp: i64::from(input.rate_bp),
            valid_from: from.to_string(),
            valid_to: None,
        };
        catalogue::insert_vat_rate(&mut tx, &row).await?;
        // The whole table must still be one rate per code and day.
        vat_table(&mut tx).await?;
        let change = Change {
            entity: "vat_rate",
            entity_id: &format!("{}@{}", row.code, row.valid_from),
            action: "created",
            changes: json!({
                "vat": row.code, "rate_bp": row.rate_bp,
                "vat_percent": RateBp(input.rate_bp).percent_display(), "valid_from": row.valid_from,
            }),
        };
        record(&mut tx, &at, actor, change).await?;
        tx.commit().await?;
        Ok(())
    }
}

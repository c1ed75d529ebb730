//! The shop's stores: name and the details printed on every order summary (address, VAT
//! number, chamber of commerce number), and the time zone that decides an order's date.

use chrono_tz::Tz;
use jobcard_domain::{optional_text, required_text};
use jobcard_store::StoreRow;
use jobcard_store::sql::parties;
use serde_json::json;

use crate::dto::{StoreInput, StoreView};
use crate::guard::Guard;
use crate::journal::{Change, record};
use crate::text::new_id;
use crate::views::store_view;
use crate::{Actor, App, AppError, Result};

impl App {
    /// Adds a store, or changes the one `input.id` names.
    pub async fn save_store(&self, actor: &Actor, input: &StoreInput) -> Result<StoreView> {
        actor.require(Guard::SETTINGS)?;
        let name = required_text("name", &input.name, 100)?;
        let address = optional_text("address", input.address.as_deref(), 300)?;
        let vat_number = optional_text("vat_number", input.vat_number.as_deref(), 30)?;
        let coc_number = optional_text("coc_number", input.coc_number.as_deref(), 30)?;
        let time_zone = time_zone(input.time_zone.as_deref())?;
        let (mut tx, at) = self.begin_change().await?;
        if let Some(other) = parties::store_by_name(&mut *tx, &name).await?
            && Some(other.id.as_str()) != input.id.as_deref()
        {
            return Err(AppError::invalid(
                "name",
                format!("a store named '{}' already exists", other.name),
            ));
        }
        let old =
            match input.id.as_deref() {
                Some(id) => Some(parties::store_by_id(&mut *tx, id).await?.ok_or_else(|| {
                    AppError::not_found("id", format!("no store with id '{id}'"))
                })?),
                None => None,
            };
        let row = StoreRow {
            id: old
                .as_ref()
                .map_or_else(|| new_id(self.clock.now()), |o| o.id.clone()),
            name,
            address,
            vat_number,
            coc_number,
            time_zone,
            created_at: old
                .as_ref()
                .map_or_else(|| at.clone(), |o| o.created_at.clone()),
        };
        let action = if old.is_some() {
            parties::update_store(&mut tx, &row).await?;
            "updated"
        } else {
            parties::insert_store(&mut tx, &row).await?;
            "created"
        };
        let change = Change {
            entity: "store",
            entity_id: &row.id,
            action,
            changes: json!({
                "name": row.name, "address": row.address, "vat_number": row.vat_number,
                "coc_number": row.coc_number, "time_zone": row.time_zone,
            }),
        };
        record(&mut tx, &at, actor, change).await?;
        tx.commit().await?;
        Ok(store_view(&row))
    }
}

/// A known IANA time zone; `Europe/Amsterdam` when blank.
fn time_zone(value: Option<&str>) -> Result<String> {
    let Some(text) = value.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok("Europe/Amsterdam".to_owned());
    };
    text.parse::<Tz>()
        .map(|tz| tz.name().to_owned())
        .map_err(|_| {
            AppError::invalid(
                "time_zone",
                format!("unknown time zone '{text}'; use a name such as Europe/Amsterdam"),
            )
        })
}

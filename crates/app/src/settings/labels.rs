//! The shop's own words: status labels in Dutch and English (a shop may call "waiting for
//! parts" "Besteld" on its screens) and the footer text printed on every document (payment
//! terms, opening hours). Both are settings rows, so they travel with the database and its
//! backups.

use jobcard_domain::{Lang, OrderStatus, optional_text};
use jobcard_store::sql::settings;
use serde_json::json;

use crate::dto::{StatusLabelInput, StatusLabelView};
use crate::guard::Guard;
use crate::journal::{Change, record};
use crate::shop::{FOOTER_KEY, LABELS_KEY, OwnLabel, own_labels, status_labels};
use crate::{Actor, App, AppError, Result};

impl App {
    /// Sets the shop's labels of the statuses given; a blank label restores the built-in one.
    pub async fn set_status_labels(
        &self,
        actor: &Actor,
        input: &[StatusLabelInput],
    ) -> Result<Vec<StatusLabelView>> {
        actor.require(Guard::SETTINGS)?;
        let (mut tx, at) = self.begin_change().await?;
        let mut own = own_labels(&mut tx).await?;
        for (i, label) in input.iter().enumerate() {
            let field = |name: &str| format!("labels[{i}].{name}");
            let status: OrderStatus = label
                .status
                .parse()
                .map_err(|e| AppError::invalid(&field("status"), AppError::from(e).message))?;
            let nl = optional_text(&field("nl"), label.nl.as_deref(), 40)?;
            let en = optional_text(&field("en"), label.en.as_deref(), 40)?;
            let entry = OwnLabel {
                nl: nl.filter(|t| t != status.label(Lang::Nl)),
                en: en.filter(|t| t != status.label(Lang::En)),
            };
            if entry == OwnLabel::default() {
                own.remove(status.as_str());
            } else {
                own.insert(status.as_str().to_owned(), entry);
            }
        }
        let text = serde_json::to_string(&own).map_err(|err| AppError::storage(err.to_string()))?;
        settings::set(&mut tx, LABELS_KEY, &text).await?;
        let change = Change {
            entity: "settings",
            entity_id: LABELS_KEY,
            action: "updated",
            changes: json!(own),
        };
        record(&mut tx, &at, actor, change).await?;
        let labels = status_labels(&mut tx).await?;
        tx.commit().await?;
        Ok(labels)
    }

    /// Sets the footer text printed on the job card and the order summary.
    pub async fn set_document_footer(&self, actor: &Actor, text: &str) -> Result<String> {
        actor.require(Guard::SETTINGS)?;
        let footer = optional_text("document_footer", Some(text), 300)?.unwrap_or_default();
        if footer.lines().count() > 3 {
            return Err(AppError::invalid(
                "document_footer",
                "must be at most 3 lines",
            ));
        }
        let (mut tx, at) = self.begin_change().await?;
        settings::set(&mut tx, FOOTER_KEY, &footer).await?;
        let change = Change {
            entity: "settings",
            entity_id: FOOTER_KEY,
            action: "updated",
            changes: json!({"document_footer": footer}),
        };
        record(&mut tx, &at, actor, change).await?;
        tx.commit().await?;
        Ok(footer)
    }
}

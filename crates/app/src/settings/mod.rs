//! The manager's settings: stores, employees, VAT rates, repair codes, articles (with CSV
//! import), status labels and the document footer.
//!
//! Every change is one write transaction with its audit row and outbox row, like an order
//! change, so the history says who changed a price or a rate, and the sync engine (issue 5)
//! learns about catalogue and staff changes the same way it learns about orders. Nothing here
//! deletes: codes, articles and employees are retired (`active: false`) because old orders and
//! the audit history still name them.

mod article_csv;
mod catalogue_edit;
mod hours;
mod labels;
mod staff;
mod stores;
mod vat_rates;

use jobcard_domain::RateBp;
use jobcard_store::Conn;
use jobcard_store::sql::{audit_log, catalogue, outbox, parties};
use jobcard_store::{NewAudit, NewOutbox};
use serde_json::Value;

use crate::auth::Guard;
use crate::dto::{
    ArticleView, RepairCodeView, SettingsArticle, SettingsRepairCode, ShopSettings,
    VatRateHistoryView,
};
use crate::intake::{current_store, shop_date};
use crate::{Actor, App, Result};

pub use article_csv::parse_articles_csv;
pub(crate) use labels::{document_footer, status_labels};
pub(crate) use stores::store_view;

impl App {
    /// Everything the settings screens show.
    pub async fn shop_settings(&self, actor: &Actor) -> Result<ShopSettings> {
        actor.require(Guard::SETTINGS)?;
        let mut conn = self.reader().await?;
        let today = shop_date(&current_store(&mut conn).await?, self.clock.now()).to_string();
        let stores = parties::stores(&mut conn).await?;
        let employees = parties::employees(&mut conn).await?;
        let rates = catalogue::vat_rates(&mut conn).await?;
        let codes = catalogue::all_repair_codes(&mut conn).await?;
        let articles = catalogue::all_articles(&mut conn).await?;
        Ok(ShopSettings {
            stores: stores.iter().map(store_view).collect(),
            employees: employees.iter().map(staff::employee_view).collect(),
            vat_rates: rates
                .into_iter()
                .map(|r| VatRateHistoryView {
                    current: r.valid_from <= today
                        && r.valid_to.as_deref().is_none_or(|to| to >= today.as_str()),
                    vat_percent: RateBp(crate::pricing::stored_bp(r.rate_bp)).percent_display(),
                    vat: r.code,
                    vat_rate_bp: crate::pricing::stored_bp(r.rate_bp),
                    valid_from: r.valid_from,
                    valid_to: r.valid_to,
                })
                .collect(),
            repair_codes: codes
                .into_iter()
                .map(|r| SettingsRepairCode {
                    active: r.active,
                    code: RepairCodeView {
                        code: r.code,
                        description: r.description,
                        standard_minutes: r.standard_minutes,
                        price_cents: r.price_cents,
                        vat: r.vat_code,
                    },
                })
                .collect(),
            articles: articles
                .into_iter()
                .map(|a| SettingsArticle {
                    active: a.active,
                    article: ArticleView {
                        barcode: a.barcode,
                        description: a.description,
                        price_cents: a.price_cents,
                        vat: a.vat_code,
                    },
                })
                .collect(),
            status_labels: status_labels(&mut conn).await?,
            document_footer: document_footer(&mut conn).await?,
        })
    }
}

/// One settings change to record: what it was about and what changed.
pub(crate) struct Change<'a> {
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub action: &'a str,
    pub changes: Value,
}

/// Writes the audit row and the outbox row of a settings change in its transaction.
pub(crate) async fn record(
    tx: &mut Conn,
    at: &str,
    actor: &Actor,
    change: Change<'_>,
) -> Result<()> {
    let audit = NewAudit {
        at,
        actor: &actor.name,
        entity: change.entity,
        entity_id: change.entity_id,
        action: change.action,
        changes: change.changes.clone(),
    };
    audit_log::insert(tx, &audit).await?;
    let queued = NewOutbox {
        created_at: at,
        entity: change.entity,
        entity_id: change.entity_id,
        operation: change.action,
        payload: change.changes,
    };
    outbox::insert(tx, &queued).await?;
    Ok(())
}

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
use jobcard_store::sql::{catalogue, parties};

use crate::dto::{
    ArticleView, RepairCodeView, SettingsArticle, SettingsRepairCode, ShopSettings,
    VatRateHistoryView,
};
use crate::guard::Guard;
use crate::shop::{current_store, document_footer, shop_date, status_labels};
use crate::views::store_view;
use crate::{Actor, App, Result};

pub use article_csv::parse_articles_csv;

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

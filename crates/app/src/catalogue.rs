//! What the intake form offers: repair codes, articles, the VAT rates in force, mechanics and
//! the statuses with their labels.

use jobcard_domain::{OrderStatus, RateBp, Role};
use jobcard_store::sql::{catalogue, parties};

use crate::dto::{ArticleView, Catalogue, RepairCodeView, VatRateView};
use crate::pricing::stored_bp;
use crate::shop::status_labels;
use crate::shop::{current_store, shop_date};
use crate::views::status_view;
use crate::views::store_view;
use crate::{App, Result};

impl App {
    /// The catalogue as of today (only the VAT rates in force today are listed).
    pub async fn catalogue(&self) -> Result<Catalogue> {
        let mut conn = self.reader().await?;
        let today = shop_date(&current_store(&mut conn).await?, self.clock.now()).to_string();
        let repair_codes = catalogue::repair_codes(&mut conn)
            .await?
            .into_iter()
            .map(|r| RepairCodeView {
                code: r.code,
                description: r.description,
                standard_minutes: r.standard_minutes,
                price_cents: r.price_cents,
                vat: r.vat_code,
            })
            .collect();
        let articles = catalogue::articles(&mut conn)
            .await?
            .into_iter()
            .map(|a| ArticleView {
                barcode: a.barcode,
                description: a.description,
                price_cents: a.price_cents,
                vat: a.vat_code,
            })
            .collect();
        let vat_rates = catalogue::vat_rates(&mut conn)
            .await?
            .into_iter()
            .filter(|r| {
                r.valid_from <= today && r.valid_to.as_deref().is_none_or(|to| to >= today.as_str())
            })
            .map(|r| VatRateView {
                vat_percent: RateBp(stored_bp(r.rate_bp)).percent_display(),
                vat: r.code,
                vat_rate_bp: stored_bp(r.rate_bp),
                valid_from: r.valid_from,
                valid_to: r.valid_to,
            })
            .collect();
        let mechanics = parties::employees(&mut conn)
            .await?
            .into_iter()
            .filter(|e| e.active && e.roles.has(Role::Mechanic))
            .map(|e| e.name)
            .collect();
        let statuses = OrderStatus::ALL.iter().copied().map(status_view).collect();
        let stores = parties::stores(&mut conn).await?;
        Ok(Catalogue {
            repair_codes,
            articles,
            vat_rates,
            mechanics,
            statuses,
            status_labels: status_labels(&mut conn).await?,
            stores: stores.iter().map(store_view).collect(),
        })
    }
}

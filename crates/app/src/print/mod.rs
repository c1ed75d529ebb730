//! Printed documents: the job card for the workshop and the order summary for the customer,
//! as PDF bytes. Both are drawn from the same `OrderView` the screen shows, so the printout and
//! the screen can never disagree about an amount.

mod canvas;
mod fonts;
mod job_card;
mod labels;
mod summary;

use std::str::FromStr;

use jobcard_domain::Lang;
use jobcard_store::sql::{orders, parties};

use crate::shop::document_footer;
use crate::{App, AppError, Result};

pub use labels::format_eur;

/// Which document to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    JobCard,
    Summary,
}

impl FromStr for DocumentKind {
    type Err = AppError;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "job-card" | "jobcard" => Ok(Self::JobCard),
            "summary" => Ok(Self::Summary),
            _ => Err(AppError::invalid(
                "kind",
                format!("unknown document '{s}'; expected job-card or summary"),
            )),
        }
    }
}

impl DocumentKind {
    /// The name used in file names and the CLI: `job-card` or `summary`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::JobCard => "job-card",
            Self::Summary => "summary",
        }
    }
}

/// Reads a document language: `nl` or `en`.
pub fn parse_lang(text: &str) -> Result<Lang> {
    match text.trim().to_ascii_lowercase().as_str() {
        "nl" => Ok(Lang::Nl),
        "en" => Ok(Lang::En),
        other => Err(AppError::invalid(
            "lang",
            format!("unknown language '{other}'; expected nl or en"),
        )),
    }
}

/// The shop's details as printed on documents.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Shop {
    pub name: String,
    pub address: Option<String>,
    pub vat_number: Option<String>,
    pub coc_number: Option<String>,
    /// The shop's own footer text (payment terms, opening hours).
    pub footer: String,
}

impl App {
    /// Renders `kind` for order `number` in `lang` as PDF bytes.
    pub async fn print_order(
        &self,
        number: &str,
        kind: DocumentKind,
        lang: Lang,
    ) -> Result<Vec<u8>> {
        let order = self.get_order(number).await?;
        let mut conn = self.reader().await?;
        let store = match orders::by_number(&mut conn, &order.number).await? {
            Some(row) => parties::store_by_id(&mut conn, &row.store_id).await?,
            None => None,
        };
        let store = store.unwrap_or_default();
        let shop = Shop {
            name: store.name,
            address: store.address,
            vat_number: store.vat_number,
            coc_number: store.coc_number,
            footer: document_footer(&mut conn).await?,
        };
        match kind {
            DocumentKind::JobCard => Ok(job_card::render(&order, &shop, lang)),
            DocumentKind::Summary => summary::render(&order, &shop, lang),
        }
    }
}

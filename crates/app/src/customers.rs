//! The intake type-ahead: customers by name, phone, e-mail or frame number, with their objects.

use jobcard_domain::normalize_serial;
use jobcard_store::sql::parties;

use crate::dto::CustomerMatch;
use crate::views::{customer_view, object_view};
use crate::{App, Result};

const MATCH_LIMIT: u32 = 10;

impl App {
    /// Up to ten customers matching what was typed, each with the objects they brought before.
    pub async fn find_customers(&self, text: &str) -> Result<Vec<CustomerMatch>> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Vec::new());
        }
        let mut conn = self.reader().await?;
        let digits = crate::text::phone_key(text);
        let serial = normalize_serial(text);
        let like_text = if serial.len() >= 4 && serial.chars().any(|c| c.is_ascii_digit()) {
            serial
        } else {
            text.to_owned()
        };
        let customers =
            parties::find_customers(&mut *conn, &like_text, &digits, MATCH_LIMIT).await?;
        let mut matches = Vec::with_capacity(customers.len());
        for customer in &customers {
            let objects = parties::repair_objects_of(&mut *conn, &customer.id).await?;
            matches.push(CustomerMatch {
                customer: customer_view(customer),
                objects: objects.iter().map(object_view).collect(),
            });
        }
        Ok(matches)
    }
}

//! The intake type-ahead: customers by name, phone, e-mail, frame number or order number, with
//! their objects. The full-text index of orders answers first (fast at any size, and it knows
//! order numbers); a direct look at the customer table then fills up the list with customers
//! the index cannot know, such as one added without an order.

use jobcard_domain::normalize_serial;
use jobcard_store::sql::{parties, search};

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
        // Only a text without letters is read as a phone number ("GZ123456" is a frame number).
        let digits = if text.chars().any(char::is_alphabetic) {
            String::new()
        } else {
            jobcard_domain::phone_match_key(text)
        };
        let serial = normalize_serial(text);
        let like_text = if serial.len() >= 4 && serial.chars().any(|c| c.is_ascii_digit()) {
            serial
        } else {
            text.to_owned()
        };
        let mut customers = Vec::new();
        if let Some(terms) = search::terms(text) {
            for id in search::customers_by_orders(&mut conn, &terms, MATCH_LIMIT).await? {
                if let Some(customer) = parties::customer_by_id(&mut conn, &id).await? {
                    customers.push(customer);
                }
            }
        }
        if customers.len() < MATCH_LIMIT as usize {
            for customer in
                parties::find_customers(&mut conn, &like_text, &digits, MATCH_LIMIT).await?
            {
                if customers.len() < MATCH_LIMIT as usize
                    && !customers.iter().any(|c| c.id == customer.id)
                {
                    customers.push(customer);
                }
            }
        }
        let mut matches = Vec::with_capacity(customers.len());
        for customer in &customers {
            let objects = parties::repair_objects_of(&mut conn, &customer.id).await?;
            matches.push(CustomerMatch {
                customer: customer_view(customer),
                objects: objects.iter().map(object_view).collect(),
            });
        }
        Ok(matches)
    }
}

//! What the order search indexes for an order: its number, the customer's name, phone (as
//! typed, as a national key, as bare digits, and its digit tails, so any notation and any run
//! of six digits or more finds it) and e-mail, the bike and the job text. One home, so that
//! intake, header edits, record edits, the move to a shared database and the rewrite below
//! index an order alike. A lower layer.
//!
//! The index is written from the tables as orders, customers and bikes change, so an entry
//! keeps what the build that wrote it put in. When [`search_doc`] starts to write something
//! new, [`ENTRY_VERSION`] goes up, and the first open by the new build rewrites every entry
//! ([`refresh`]): orders taken in before the update are found like those taken in after it.

use std::collections::HashMap;

use jobcard_store::sql::{search, settings};
use jobcard_store::{Conn, CustomerRow, OrderRow, RepairObjectRow, SearchDoc, Store};

use crate::{AppError, Result};

/// What this build's entries hold; raised whenever [`search_doc`] writes something new.
/// 2: a phone's digit tails (`search::phone_tails`: `77773030` finds `+31 6 7777 3030`).
const ENTRY_VERSION: &str = "2";
/// The setting that says which [`ENTRY_VERSION`] the shop's index was written with.
const ENTRY_VERSION_KEY: &str = "search_entry_version";
/// Orders per page when every entry is written.
const PAGE: i64 = 1000;

/// The search entry of `row`, with its customer and bike.
pub(crate) fn search_doc(
    row: &OrderRow,
    customer: &CustomerRow,
    object: &RepairObjectRow,
) -> SearchDoc {
    let typed = customer.phone.as_deref().unwrap_or("");
    let bare: String = typed.chars().filter(char::is_ascii_digit).collect();
    let national = customer.phone_digits.as_deref().unwrap_or(&bare);
    let tails = search::phone_tails(national);
    let mut phone = vec![typed, national, &bare];
    phone.extend(tails.iter().map(String::as_str));
    let object_text = [
        object.brand.as_deref(),
        object.model.as_deref(),
        object.frame_number.as_deref(),
        object.frame_key.as_deref(),
        object.licence_plate.as_deref(),
    ];
    SearchDoc {
        number: format!("{} {}", row.number, row.seq),
        customer: customer.name.clone(),
        phone: phone.join(" ").trim().to_owned(),
        email: customer.email.clone().unwrap_or_default(),
        object: object_text
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
        description: row.description.clone(),
    }
}

/// Rewrites every order's entry if the index was written by a build whose entries held less
/// ([`ENTRY_VERSION`]); a no-op read otherwise. One transaction: a seat that searches
/// meanwhile finds the old entries, never none.
pub(crate) async fn refresh(store: &Store) -> Result<()> {
    let current = |version: Option<String>| version.as_deref() == Some(ENTRY_VERSION);
    if current(settings::get(&mut store.reader().await?, ENTRY_VERSION_KEY).await?) {
        return Ok(());
    }
    let mut tx = store.begin_write().await?;
    // Another seat may have rewritten them since the read above.
    if current(settings::get(&mut tx, ENTRY_VERSION_KEY).await?) {
        return Ok(());
    }
    search::clear(&mut tx).await?;
    let written = write_all(&mut tx).await?;
    settings::set(&mut tx, ENTRY_VERSION_KEY, ENTRY_VERSION).await?;
    tx.commit().await?;
    tracing::info!(
        orders = written,
        version = ENTRY_VERSION,
        "search entries rewritten"
    );
    Ok(())
}

/// Writes every order's entry into an index that has none, a page of orders at a time, and
/// says how many it wrote.
pub(crate) async fn write_all(conn: &mut Conn) -> Result<i64> {
    let mut after = i64::MIN;
    let mut written = 0;
    loop {
        let (orders, customers, objects) = search::index_page(conn, after, PAGE).await?;
        let Some(last) = orders.last() else {
            return Ok(written);
        };
        after = last.pk;
        let customers: HashMap<&str, _> = customers.iter().map(|c| (c.id.as_str(), c)).collect();
        let objects: HashMap<&str, _> = objects.iter().map(|o| (o.id.as_str(), o)).collect();
        let mut docs = Vec::with_capacity(orders.len());
        for order in &orders {
            let customer = customers.get(order.customer_id.as_str());
            let object = objects.get(order.repair_object_id.as_str());
            let (Some(customer), Some(object)) = (customer, object) else {
                return Err(AppError::storage(format!(
                    "order {} names a customer or bike that is not in the database; nothing was changed",
                    order.number
                )));
            };
            docs.push((order.pk, search_doc(order, customer, object)));
        }
        search::insert_many(conn, &docs).await?;
        written += i64::try_from(docs.len()).unwrap_or(i64::MAX);
    }
}

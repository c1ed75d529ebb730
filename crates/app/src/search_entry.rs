//! What the order search indexes for an order: its number, the customer's name, phone (as
//! typed, as a national key and as bare digits, so any notation finds it) and e-mail, the
//! bike and the job text. One home, so that intake, header edits, record edits and the move
//! to a shared database index an order alike. A lower layer.

use jobcard_store::{CustomerRow, OrderRow, RepairObjectRow, SearchDoc};

/// The search entry of `row`, with its customer and bike.
pub(crate) fn search_doc(
    row: &OrderRow,
    customer: &CustomerRow,
    object: &RepairObjectRow,
) -> SearchDoc {
    // The phone as typed, its national key and its bare digits, so any notation finds it.
    let typed = customer.phone.as_deref().unwrap_or("");
    let bare: String = typed.chars().filter(char::is_ascii_digit).collect();
    let phone = [typed, customer.phone_digits.as_deref().unwrap_or(""), &bare];
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

//! A customer's and a repair object's own fields as a person types them, checked by one set
//! of rules for the intake (a new customer or bike) and the record pages (an edit), so the two
//! cannot drift apart: the same lengths, the same parsed phone and e-mail, the same plausible
//! year and the same frame key. A lower layer. Errors name the field as the edit form does
//! (`brand`); the intake puts its part of the order in front (`repair_object.brand`).

use jobcard_domain::{
    DomainError, Email, ObjectKind, Phone, normalize_serial, optional_text, required_text,
};
use jobcard_store::{CustomerRow, RepairObjectRow};

use crate::dto::{CustomerEdit, RepairObjectEdit};
use crate::text::non_blank;

/// `input` as the customer `id`, created at `created_at` and changed now (`at`).
pub(crate) fn customer_row(
    input: &CustomerEdit,
    id: String,
    created_at: String,
    at: &str,
) -> Result<CustomerRow, DomainError> {
    let phone = non_blank(input.phone.as_deref())
        .map(|v| Phone::parse("phone", v))
        .transpose()?;
    let email = non_blank(input.email.as_deref())
        .map(|v| Email::parse("email", v))
        .transpose()?;
    Ok(CustomerRow {
        id,
        name: required_text("name", &input.name, 200)?,
        phone_digits: phone.as_ref().map(Phone::match_key),
        phone: phone.map(Phone::into_string),
        email: email.map(Email::into_string),
        address: optional_text("address", input.address.as_deref(), 500)?,
        notes: optional_text("notes", input.notes.as_deref(), 2000)?,
        created_at,
        updated_at: at.to_owned(),
    })
}

/// `input` as the object `id` of `owner_id`, created at `created_at` and changed now (`at`).
pub(crate) fn object_row(
    input: &RepairObjectEdit,
    (id, owner_id): (String, Option<String>),
    created_at: String,
    at: &str,
) -> Result<RepairObjectRow, DomainError> {
    let kind = match non_blank(input.kind.as_deref()) {
        Some(kind) => kind.parse::<ObjectKind>()?,
        None => ObjectKind::Bicycle,
    };
    if let Some(year) = input.year.filter(|year| !(1850..=2100).contains(year)) {
        return Err(DomainError::invalid(
            "year",
            format!("{year} is not a plausible year"),
        ));
    }
    let frame_number = optional_text("frame_number", input.frame_number.as_deref(), 100)?;
    Ok(RepairObjectRow {
        id,
        owner_id,
        kind,
        brand: optional_text("brand", input.brand.as_deref(), 100)?,
        model: optional_text("model", input.model.as_deref(), 100)?,
        year: input.year,
        colour: optional_text("colour", input.colour.as_deref(), 50)?,
        frame_key: frame_number
            .as_deref()
            .map(normalize_serial)
            .filter(|k| !k.is_empty()),
        frame_number,
        licence_plate: optional_text("licence_plate", input.licence_plate.as_deref(), 20)?,
        barcode: optional_text("barcode", input.barcode.as_deref(), 100)?,
        created_at,
        updated_at: at.to_owned(),
    })
}

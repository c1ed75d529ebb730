//! Which known customer or object a typed one is: the one rule the intake (window, CLI and
//! imports alike) and the form's early warning ([`App::intake_matches`]) share.
//!
//! A phone number or e-mail address is not a person: a family shares a phone, a shop's
//! contact moves on. So a contact match is only taken silently when the typed name is the
//! known customer's name (trimmed, case- and accent-insensitive); otherwise someone has to
//! choose, with [`MatchChoice`], between the known customer and a new one with the typed
//! name. A frame number is the same: the customer's own bike with that frame number (and the
//! same or a blank brand and model) is taken silently, any other bike with it needs a choice.
//! Frame numbers are not unique in the schema, so "create new" can always be honoured.

use crate::error::ErrorCode;
use jobcard_domain::{Email, Phone, normalize_serial};
use jobcard_store::Conn;
use jobcard_store::sql::parties;
use jobcard_store::{CustomerRow, RepairObjectRow};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::dto::{
    CustomerInput, IntakeMatchQuery, IntakeMatches, KnownCustomer, KnownObject, MatchChoice,
    RepairObjectInput,
};
use crate::guard::Guard;
use crate::text::non_blank;
use crate::views::{customer_view, object_title, object_view};
use crate::{Actor, App, AppError, Result};

/// The field a frame-number question names.
pub(crate) const FRAME_FIELD: &str = "repair_object.frame_number";

/// A name or brand as compared: trimmed, single-spaced, lower case, without accents, so
/// "  Jan  de Vries" and "jan de vriës" are one name.
pub(crate) fn name_key(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a typed brand or model agrees with the known one: equal, or blank on either side.
fn agrees(typed: Option<&str>, known: Option<&str>) -> bool {
    match (non_blank(typed), non_blank(known)) {
        (Some(typed), Some(known)) => name_key(typed) == name_key(known),
        _ => true,
    }
}

/// What the known customers say about a typed one.
pub(crate) enum CustomerFound {
    /// No customer has the typed phone number or e-mail address.
    Nobody,
    /// A customer with the typed contact and the typed name: the same customer.
    Same(CustomerRow),
    /// The oldest customer with the typed contact, under another name; `field` is the input
    /// field that matched (`customer.phone` or `customer.email`).
    Other {
        known: CustomerRow,
        field: &'static str,
    },
}

/// Looks the typed contact up among the known customers. `digits` is the phone's match key.
pub(crate) async fn find_customer(
    conn: &mut Conn,
    name: &str,
    digits: Option<&str>,
    email: Option<&str>,
) -> Result<CustomerFound> {
    let known = parties::customers_by_contact(&mut *conn, digits, email).await?;
    let typed = name_key(name);
    if let Some(same) = known.iter().find(|c| name_key(&c.name) == typed) {
        return Ok(CustomerFound::Same(same.clone()));
    }
    let Some(first) = known.into_iter().next() else {
        return Ok(CustomerFound::Nobody);
    };
    let field = if digits.is_some() && first.phone_digits.as_deref() == digits {
        "customer.phone"
    } else {
        "customer.email"
    };
    Ok(CustomerFound::Other {
        known: first,
        field,
    })
}

/// What the known objects say about a typed frame number.
pub(crate) enum ObjectFound {
    Nobody,
    /// The owner's own object with this frame number and an agreeing brand and model.
    Same(RepairObjectRow),
    /// Another object with this frame number: the owner's own one first, else the oldest.
    Other(RepairObjectRow),
}

/// Looks the typed frame key up among the known objects; `owner_id` is the customer the
/// order is for, when known.
pub(crate) async fn find_object(
    conn: &mut Conn,
    frame_key: &str,
    owner_id: Option<&str>,
    brand: Option<&str>,
    model: Option<&str>,
) -> Result<ObjectFound> {
    let known = parties::repair_objects_by_frame_key(&mut *conn, frame_key).await?;
    let owned = |o: &&RepairObjectRow| owner_id.is_some() && o.owner_id.as_deref() == owner_id;
    let same = known
        .iter()
        .filter(owned)
        .find(|o| agrees(brand, o.brand.as_deref()) && agrees(model, o.model.as_deref()));
    if let Some(same) = same {
        return Ok(ObjectFound::Same(same.clone()));
    }
    let other = known.iter().find(owned).or(known.first());
    Ok(other.map_or(ObjectFound::Nobody, |o| ObjectFound::Other(o.clone())))
}

/// The refusal of a typed customer whose contact belongs to a known one, for the CLI and
/// the window alike.
pub(crate) fn known_customer_error(known: &CustomerRow, field: &str) -> AppError {
    let what = if field == "customer.phone" {
        "phone number"
    } else {
        "e-mail address"
    };
    AppError::new(
        ErrorCode::KnownCustomer,
        format!(
            "this {what} belongs to {}; choose whether to use {} or to create a new customer \
             (customer.on_match: use_known or create_new)",
            known.name, known.name
        ),
        Some(field),
    )
}

/// The refusal of a typed frame number that belongs to a known object not plainly this one.
pub(crate) fn known_object_error(known: &RepairObjectRow, owner: Option<&str>) -> AppError {
    let mut title = object_title(known.brand.as_deref(), known.model.as_deref());
    if title.is_empty() {
        title = "a known object".to_owned();
    }
    let owner = owner.map(|name| format!(" of {name}")).unwrap_or_default();
    AppError::new(
        ErrorCode::KnownObject,
        format!(
            "this frame number belongs to {title}{owner}; choose whether to use it or to \
             create a new object (repair_object.on_match: use_known or create_new)"
        ),
        Some(FRAME_FIELD),
    )
}

/// The name of an object's owner, for the question.
pub(crate) async fn owner_name(
    conn: &mut Conn,
    object: &RepairObjectRow,
) -> Result<Option<String>> {
    let Some(id) = object.owner_id.as_deref() else {
        return Ok(None);
    };
    Ok(parties::customer_by_id(&mut *conn, id)
        .await?
        .map(|c| c.name))
}

impl App {
    /// The known customer and object saving this intake would need a choice for, so the
    /// form can ask before saving. Half-typed input is no error here: a phone number or
    /// e-mail address that is not valid yet simply matches nobody.
    pub async fn intake_matches(
        &self,
        actor: &Actor,
        query: &IntakeMatchQuery,
    ) -> Result<IntakeMatches> {
        actor.require(Guard::INTAKE)?;
        let mut conn = self.reader().await?;
        let mut owner = None;
        let mut answer = IntakeMatches::default();
        if let Some(customer) = &query.customer {
            let (known, owner_id) = customer_question(&mut conn, customer).await?;
            answer.customer = known;
            owner = owner_id;
        }
        if let Some(object) = &query.repair_object {
            answer.repair_object = object_question(&mut conn, object, owner.as_deref()).await?;
        }
        Ok(answer)
    }
}

/// The question about a typed customer, if any, and the id of the customer the order would
/// be for when that is already decided.
async fn customer_question(
    conn: &mut Conn,
    input: &CustomerInput,
) -> Result<(Option<KnownCustomer>, Option<String>)> {
    if let Some(id) = non_blank(input.id.as_deref()) {
        return Ok((None, Some(id.to_owned())));
    }
    let digits = non_blank(input.phone.as_deref())
        .and_then(|p| Phone::parse("phone", p).ok())
        .map(|p| p.match_key());
    let email = non_blank(input.email.as_deref()).and_then(|e| Email::parse("email", e).ok());
    let found = find_customer(
        conn,
        &input.name,
        digits.as_deref(),
        email.as_ref().map(Email::as_str),
    )
    .await?;
    Ok(match (found, input.on_match) {
        (CustomerFound::Nobody, _) => (None, None),
        (CustomerFound::Same(known), _) => (None, Some(known.id)),
        (CustomerFound::Other { known, .. }, Some(MatchChoice::UseKnown)) => (None, Some(known.id)),
        (CustomerFound::Other { .. }, Some(MatchChoice::CreateNew)) => (None, None),
        (CustomerFound::Other { known, field }, None) => {
            let known = KnownCustomer {
                field: field.to_owned(),
                customer: customer_view(&known),
            };
            (Some(known), None)
        }
    })
}

/// The question about a typed object's frame number, if any.
async fn object_question(
    conn: &mut Conn,
    input: &RepairObjectInput,
    owner_id: Option<&str>,
) -> Result<Option<KnownObject>> {
    if non_blank(input.id.as_deref()).is_some() || input.on_match.is_some() {
        return Ok(None);
    }
    let Some(key) = non_blank(input.frame_number.as_deref())
        .map(normalize_serial)
        .filter(|k| !k.is_empty())
    else {
        return Ok(None);
    };
    let found = find_object(
        conn,
        &key,
        owner_id,
        input.brand.as_deref(),
        input.model.as_deref(),
    )
    .await?;
    let ObjectFound::Other(known) = found else {
        return Ok(None);
    };
    Ok(Some(KnownObject {
        field: FRAME_FIELD.to_owned(),
        owner_name: owner_name(conn, &known).await?,
        repair_object: object_view(&known),
    }))
}

#[cfg(test)]
mod tests {
    use super::{agrees, name_key};

    #[test]
    fn names_compare_without_case_accents_or_extra_spaces() {
        assert_eq!(name_key("  Jan  de Vriës "), name_key("jan de vries"));
        assert_eq!(name_key("ANNEMIEK"), "annemiek");
        assert_ne!(name_key("Annemiek Jansen"), name_key("Jan Jansen"));
    }

    #[test]
    fn a_blank_brand_agrees_with_any() {
        assert!(agrees(None, Some("Gazelle")));
        assert!(agrees(Some(" "), Some("Gazelle")));
        assert!(agrees(Some("gazelle"), Some("Gazelle")));
        assert!(agrees(Some("Batavus"), None));
        assert!(!agrees(Some("Batavus"), Some("Gazelle")));
    }
}

//! The intake's questions back to the user (a typed phone, e-mail or frame number that is
//! already known) and the half-typed form kept as a draft.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{CustomerInput, CustomerView, RepairObjectInput, RepairObjectView};

/// The user's answer when a typed phone, e-mail or frame number belongs to a known customer or
/// object: take the known one (what was typed for it is not saved), or add a new one with
/// what was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MatchChoice {
    UseKnown,
    CreateNew,
}

/// What the intake form has typed so far, to ask [`crate::App::intake_matches`] before saving.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct IntakeMatchQuery {
    pub customer: Option<CustomerInput>,
    pub repair_object: Option<RepairObjectInput>,
}

/// The known customer and object that saving would need a choice for (`None` when saving
/// needs none: nothing matches, or the match is plainly the same one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IntakeMatches {
    pub customer: Option<KnownCustomer>,
    pub repair_object: Option<KnownObject>,
}

/// A known customer whose phone number or e-mail address was typed for another name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KnownCustomer {
    /// `customer.phone` or `customer.email`: the field that matched.
    pub field: String,
    pub customer: CustomerView,
}

/// A known object whose frame number was typed for another customer or another bike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KnownObject {
    /// Always `repair_object.frame_number`.
    pub field: String,
    pub repair_object: RepairObjectView,
    /// The name of the customer who owns it, when known.
    pub owner_name: Option<String>,
}

/// A signed-in employee's unfinished New order form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DraftView {
    /// The form as the UI saved it (JSON text the core does not read).
    pub form: String,
    /// RFC 3339 UTC, when it was last saved.
    pub updated_at: String,
}

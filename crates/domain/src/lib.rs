//! Jobcard's domain: the rules of a repair workshop with no IO, no async and no clock.
//!
//! Money is integer cents ([`Cents`]) with checked arithmetic; VAT rates are basis points
//! ([`RateBp`]) with dates ([`VatTable`]); a line is priced by [`price_line`] and an order
//! totalled by [`order_totals`]; the workflow is the state machine [`OrderStatus`]. Everything
//! here is a pure function of its arguments, which is what makes it property-testable.

mod error;
mod euro_text;
mod line;
mod money;
mod number;
mod party;
pub mod planning;
mod status;
mod sync_state;
mod totals;
mod vat;

pub use error::DomainError;
pub use euro_text::parse_euros;
pub use line::{
    DiscountBp, LineAmounts, LineKind, LinePricing, LineStatus, line_work_minutes, price_line,
};
pub use money::{Cents, div_round_half_away};
pub use number::OrderNumber;
pub use party::{
    Email, ObjectKind, Phone, Priority, Role, Roles, normalize_serial, optional_text,
    phone_match_key, required_text,
};
pub use status::{Lang, OrderStatus};
pub use sync_state::SyncState;
pub use totals::{OrderTotals, RateTotal, order_totals};
pub use vat::{DatedRate, RateBp, VatCode, VatTable, vat_in_gross};

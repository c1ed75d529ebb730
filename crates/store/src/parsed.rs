//! The domain's enums that the store keeps as text are read back as their types, so a row
//! carries `OrderStatus`, not a string every use case parses again. A column is named
//! `#[sqlx(try_from = "Parsed<T>")]` (a nullable one `ParsedOption<T>`): [`Parsed`] decodes
//! the text and parses it, and a spelling this build does not know is that column's decode
//! error, saying the value and what it should be (damage, or a hand edit: never a default).
//! Written as text by `db::query::Value`.
//!
//! Why a wrapper and not `try_from = "String"`: sqlx 0.9's derive loses the message of a
//! `TryFrom` error ("unprintable error"), while a decode error keeps it.

use jobcard_domain::{
    LineKind, LineStatus, ObjectKind, OrderStatus, Priority, Roles, SyncState, VatCode,
};
use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Type, ValueRef};

/// A stored text parsed into `T` as the row is read.
pub struct Parsed<T>(T);

/// Both wrappers are text columns to sqlx.
macro_rules! text_column {
    ($($wrapper:ident),+) => {$(
        impl<DB: Database, T> Type<DB> for $wrapper<T>
        where
            String: Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <String as Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <String as Type<DB>>::compatible(ty)
            }
        }
    )+};
}

impl<'r, DB: Database, T> Decode<'r, DB> for Parsed<T>
where
    String: Decode<'r, DB>,
    T: std::str::FromStr<Err = jobcard_domain::DomainError>,
{
    fn decode(value: DB::ValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <String as Decode<'r, DB>>::decode(value)?;
        Ok(Self(text.parse()?))
    }
}

/// A stored text or NULL, parsed into `Option<T>` as the row is read: a nullable column's
/// [`Parsed`] (`#[sqlx(try_from = "ParsedOption<T>")]` on an `Option<T>` field).
pub struct ParsedOption<T>(Option<T>);

text_column!(Parsed, ParsedOption);

impl<'r, DB: Database, T> Decode<'r, DB> for ParsedOption<T>
where
    String: Decode<'r, DB>,
    T: std::str::FromStr<Err = jobcard_domain::DomainError>,
{
    fn decode(value: DB::ValueRef<'r>) -> Result<Self, BoxDynError> {
        if value.is_null() {
            return Ok(Self(None));
        }
        Ok(Self(Some(Parsed::decode(value)?.0)))
    }
}

macro_rules! parsed {
    ($($t:ty),+) => {$(
        impl From<Parsed<$t>> for $t {
            fn from(parsed: Parsed<$t>) -> Self {
                parsed.0
            }
        }

        impl From<ParsedOption<$t>> for Option<$t> {
            fn from(parsed: ParsedOption<$t>) -> Self {
                parsed.0
            }
        }
    )+};
}

parsed!(
    OrderStatus,
    LineKind,
    LineStatus,
    VatCode,
    ObjectKind,
    Priority,
    Roles,
    SyncState
);

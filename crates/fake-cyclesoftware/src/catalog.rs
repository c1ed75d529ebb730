//! Fixed reference data of the fake shop: employees and the enums
//! (workshop-order status, order-item status, VAT codes).
//!
//! One place for it so the `common/*` endpoints and the order validation
//! agree by construction.

use serde_json::{Value, json};

/// (id, Dutch description, English description)
pub const ORDER_STATUSES: [(i64, &str, &str); 8] = [
    (1, "Aangenomen", "Received"),
    (2, "Ingepland", "Planned"),
    (3, "In behandeling", "In progress"),
    (4, "Wacht op onderdelen", "Waiting for parts"),
    (5, "Wacht op klant", "Waiting for customer"),
    (7, "Reparatie voltooid", "Repair completed"),
    (8, "Afgehandeld", "Completed"),
    (9, "Geannuleerd", "Cancelled"),
];

/// (id, description)
pub const ITEM_STATUSES: [(i64, &str); 5] = [
    (0, "Geen status"),
    (1, "Besteld"),
    (2, "Geleverd"),
    (3, "Gereed"),
    (5, "Vervallen"),
];

/// The item status meaning "removed from the order".
pub const ITEM_CANCELLED: i64 = 5;

/// (vat_code, Dutch description, English description, percentage)
pub const VAT_CODES: [(i64, &str, &str, i64); 3] = [
    (0, "Geen", "None", 0),
    (1, "Laag", "Low", 9),
    (2, "Hoog", "High", 21),
];

/// (employee_id, name, role)
pub const EMPLOYEES: [(i64, &str, &str); 5] = [
    (12, "Joris Bakker", "mechanic"),
    (13, "Fatima El Amrani", "mechanic"),
    (14, "Pieter Visser", "mechanic"),
    (15, "Marco Jansen", "employee"),
    (16, "Sanne de Boer", "employee"),
];

pub fn order_status_text(id: i64) -> Option<&'static str> {
    ORDER_STATUSES.iter().find(|s| s.0 == id).map(|s| s.1)
}

pub fn item_status_text(id: i64) -> Option<&'static str> {
    ITEM_STATUSES.iter().find(|s| s.0 == id).map(|s| s.1)
}

pub fn vat_percentage(code: i64) -> Option<i64> {
    VAT_CODES.iter().find(|v| v.0 == code).map(|v| v.3)
}

pub fn is_employee(id: i64) -> bool {
    EMPLOYEES.iter().any(|e| e.0 == id)
}

fn envelope(data: Vec<Value>) -> Value {
    json!({"error": false, "error_message": null, "data": data})
}

pub fn employees_json() -> Value {
    envelope(
        EMPLOYEES
            .iter()
            .map(|(id, name, role)| {
                json!({
                    "employee_id": id, "employee_name": name, "sso_username": null,
                    "roles": [role], "is_active": true, "is_default": false,
                    "is_administrator": false, "avatar": null, "authorizations": [],
                })
            })
            .collect(),
    )
}

/// `common/enum/{subject}.json`, `None` for an unknown subject.
pub fn enum_json(subject: &str) -> Option<Value> {
    let data = match subject {
        "workshop-order-status" => ORDER_STATUSES
            .iter()
            .map(|(id, nl, en)| json!({"id": id, "description": nl, "description_en": en}))
            .collect(),
        "vat-codes" => VAT_CODES
            .iter()
            .map(|(id, nl, en, pct)| {
                json!({"id": id, "description": nl, "description_en": en, "percentage": pct})
            })
            .collect(),
        "sales-order-item-status" => ITEM_STATUSES
            .iter()
            .map(|(id, nl)| json!({"id": id, "description": nl, "description_en": nl}))
            .collect(),
        _ => return None,
    };
    Some(envelope(data))
}

//! The demo workshop: a Dutch bike shop with staff, a catalogue, customers and orders in
//! every state, so the app can be tried at once.
//!
//! It is loaded in one transaction through the same intake code the counter uses, and marks
//! itself in `settings`, so loading it twice adds nothing and a crash half-way leaves nothing.
//!
//! The demo's staff have PINs published in the README, among them a manager's. So the demo is
//! refused on a database that already has employees or orders of its own (a real shop, or one
//! being set up), unless it is forced: it would open the shop to anyone who read the README.

use crate::error::ErrorCode;
use chrono::{DateTime, TimeDelta, Utc};
use jobcard_domain::OrderStatus;
use jobcard_store::Conn;
use jobcard_store::sql::{catalogue, parties, settings};
use jobcard_store::{ArticleRow, CustomerRow, EmployeeRow, RepairCodeRow};
use serde_json::json;

use crate::dto::{CustomerInput, LineInput, NewOrder, RepairObjectInput};
use crate::intake::create_order_in;
use crate::shop::current_store;
use crate::status_flow::change_status_in;
use crate::text::{new_id, stamp};
use crate::{Actor, App, AppError, Result};

const DEMO_MARKER: &str = "demo_loaded_at";

/// The demo's lease company, which pays part of a lease bike's order (split billing).
const LEASE_COMPANY_ID: &str = "0190d1a0-0000-7000-8000-0000000000a1";

/// What `load_demo` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DemoReport {
    /// False when the demo was already there and nothing was added.
    pub loaded: bool,
    pub orders: usize,
    pub employees: usize,
}

impl App {
    /// Loads the demo workshop unless it is already loaded; refused on a database with
    /// employees or orders of its own.
    pub async fn load_demo(&self) -> Result<DemoReport> {
        self.load_demo_with(false).await
    }

    /// Like [`App::load_demo`]; with `force`, also into a database that has employees or
    /// orders of its own (adding the demo staff with their published PINs).
    pub async fn load_demo_with(&self, force: bool) -> Result<DemoReport> {
        let now = self.clock.now();
        let mut tx = self.store.begin_change().await?;
        if settings::get(&mut *tx, DEMO_MARKER).await?.is_some() {
            return Ok(DemoReport {
                loaded: false,
                orders: 0,
                employees: 0,
            });
        }
        if !force {
            refuse_own_data(&mut tx).await?;
        }
        let employees = load_staff_and_catalogue(&mut tx, now).await?;
        let orders = load_orders(&mut tx, now).await?;
        settings::set(&mut tx, DEMO_MARKER, &stamp(now)).await?;
        tx.commit().await?;
        Ok(DemoReport {
            loaded: true,
            orders,
            employees,
        })
    }
}

/// Refuses the demo when the database (without the demo's marker) has employees or orders.
async fn refuse_own_data(tx: &mut Conn) -> Result<()> {
    let employees = parties::employees(&mut *tx).await?.len();
    let orders = jobcard_store::sql::orders::count_live(&mut *tx).await?;
    if employees == 0 && orders == 0 {
        return Ok(());
    }
    Err(AppError::new(
        ErrorCode::Conflict,
        format!(
            "this database has its own data ({employees} employee(s), {orders} order(s)); the demo \
             would add staff whose PINs are published, a manager among them. Use --force to load \
             it anyway"
        ),
        None,
    ))
}

/// (name, roles, Argon2id hash of the demo PIN). The PINs are in the README: Sanne 1111,
/// Joris 2222, Fatima 3333, Pieter 4444, Marco 5555. The hashes are fixed here so loading the
/// demo does not spend a second hashing; each is salted like any other.
const STAFF: &[(&str, &str, &str)] = &[
    (
        "Sanne de Boer",
        "counter",
        "$argon2id$v=19$m=19456,t=2,p=1$rK1T0C5lq6n/J5xGSZFqxA$5DU1A+r6KCb98f0Tudq52mad6sPVfv7pSAanRLdpxkU",
    ),
    (
        "Joris Bakker",
        "mechanic",
        "$argon2id$v=19$m=19456,t=2,p=1$VL6IIZCs6pTA8iJHf+BT4w$heYID4mPw6VIA0q4bRapXLSLtVRbQi1PfYaBZFMeKTc",
    ),
    (
        "Fatima El Amrani",
        "mechanic",
        "$argon2id$v=19$m=19456,t=2,p=1$bkecHvQJUtj6QEarWecUXg$DjGKx+9nJG1FEOftdibVH6sfvSepcQK6IGQGg9jBYKw",
    ),
    (
        "Pieter Visser",
        "mechanic,counter",
        "$argon2id$v=19$m=19456,t=2,p=1$Uk0/AVb+ryS0e1PFAirT5w$wSEW+YxexVBnzZyIZvF4UE0yn3ymnc+kEHwBlvXH258",
    ),
    (
        "Marco Jansen",
        "manager,counter,mechanic",
        "$argon2id$v=19$m=19456,t=2,p=1$ewkQe3d9+LOGXz2H1pmHZA$4oiJVPwyCum/V4zglCOrSpAXCsZv55/FKnJ4Vri7U4Q",
    ),
];

/// (code, description, minutes, price in cents, VAT code)
const REPAIR_CODES: &[(&str, &str, i64, Option<i64>, &str)] = &[
    ("101", "Repair flat tyre", 15, Some(1250), "high"),
    ("102", "Replace chain", 20, Some(2995), "high"),
    ("103", "Adjust brakes", 15, Some(1500), "high"),
    (
        "104",
        "Replace brake pads (per wheel)",
        15,
        Some(1750),
        "high",
    ),
    ("110", "Small service", 45, Some(4950), "high"),
    ("120", "Large service", 120, Some(11900), "high"),
    ("130", "Adjust gears", 20, Some(1995), "high"),
    ("201", "E-bike diagnosis", 30, Some(3500), "high"),
    ("202", "E-bike software update", 15, Some(2500), "high"),
    ("301", "Wheel truing", 30, Some(2250), "high"),
    ("900", "Custom work (price on request)", 0, None, "high"),
];

/// (EAN barcode, description, price in cents, VAT code)
const ARTICLES: &[(&str, &str, i64, &str)] = &[
    ("8712345000014", "Inner tube 28 inch", 795, "high"),
    (
        "8712345000021",
        "Tyre Schwalbe Marathon 28x1.40",
        3495,
        "high",
    ),
    ("8712345000038", "Chain Shimano HG-71", 2495, "high"),
    (
        "8712345000045",
        "Brake pads Shimano B01S (pair)",
        1250,
        "high",
    ),
    ("8712345000052", "Bicycle lamp set LED", 2995, "high"),
    ("8712345000069", "Cycling map Utrecht", 995, "low"),
    ("8712345000076", "Bell", 495, "high"),
    ("8712345000083", "Saddle Selle Royal", 4995, "high"),
];

async fn load_staff_and_catalogue(tx: &mut Conn, now: DateTime<Utc>) -> Result<usize> {
    let at = stamp(now);
    let mut store = current_store(&mut *tx).await?;
    store.name = "Fietsenmakerij De Spaak".to_owned();
    store.address = Some("Oudegracht 120, 3511 AX Utrecht".to_owned());
    store.vat_number = Some("NL123456789B01".to_owned());
    store.coc_number = Some("30123456".to_owned());
    parties::update_store(tx, &store).await?;
    let lease = CustomerRow {
        id: LEASE_COMPANY_ID.to_owned(),
        name: "Lease a Bike B.V.".to_owned(),
        phone: Some("+31 20 123 4567".to_owned()),
        phone_digits: Some("0201234567".to_owned()),
        email: Some("service@leaseabike.example".to_owned()),
        address: Some("Zuidas 1, 1082 MA Amsterdam".to_owned()),
        notes: Some("Pays the lease bikes' maintenance; the rider pays extras.".to_owned()),
        created_at: at.clone(),
        updated_at: at.clone(),
    };
    parties::insert_customer(tx, &lease).await?;
    for (name, roles, pin_hash) in STAFF {
        let row = EmployeeRow {
            id: new_id(now),
            name: (*name).to_owned(),
            roles: roles.parse()?,
            active: true,
            created_at: at.clone(),
        };
        parties::insert_employee(tx, &row).await?;
        parties::set_pin_hash(tx, &row.id, pin_hash).await?;
    }
    for (code, description, minutes, price, vat) in REPAIR_CODES {
        let row = RepairCodeRow {
            code: (*code).to_owned(),
            description: (*description).to_owned(),
            standard_minutes: *minutes,
            price_cents: *price,
            vat_code: (*vat).to_owned(),
            active: true,
        };
        catalogue::insert_repair_code(tx, &row).await?;
    }
    for (barcode, description, price, vat) in ARTICLES {
        let row = ArticleRow {
            barcode: (*barcode).to_owned(),
            description: (*description).to_owned(),
            price_cents: *price,
            vat_code: (*vat).to_owned(),
            active: true,
        };
        catalogue::insert_article(tx, &row).await?;
    }
    Ok(STAFF.len())
}

/// A demo order: who, what, which lines, and how far along the workflow it is.
struct DemoOrder {
    customer: (&'static str, &'static str, &'static str),
    object: (&'static str, &'static str, &'static str, &'static str),
    description: &'static str,
    lines: serde_json::Value,
    start_in_hours: Option<i64>,
    mechanic: Option<&'static str>,
    path: &'static [OrderStatus],
}

fn demo_orders() -> Vec<DemoOrder> {
    use OrderStatus::*;
    vec![
        DemoOrder {
            customer: ("Anna de Vries", "+31 6 1234 5678", "anna@example.nl"),
            object: ("bicycle", "Gazelle", "Orange C7", "GZ123456"),
            description: "Replace chain and brake pads",
            lines: json!([{"code": "102"}, {"code": "104", "quantity": 2}, {"barcode": "8712345000038"}]),
            start_in_hours: Some(2),
            mechanic: Some("Joris Bakker"),
            path: &[],
        },
        DemoOrder {
            customer: (
                "Bram Hendriks",
                "+31 6 2345 6789",
                "bram.hendriks@example.nl",
            ),
            object: ("e_bike", "Stromer", "ST3", "STR-998877"),
            description: "Motor cuts out on hills; check and update software",
            lines: json!([{"code": "201"}, {"code": "202"}]),
            start_in_hours: Some(-3),
            mechanic: Some("Fatima El Amrani"),
            path: &[InProgress],
        },
        DemoOrder {
            customer: ("Claire Martens", "+31 6 3456 7890", "claire@example.com"),
            object: ("bicycle", "Batavus", "Finez", "BA-556677"),
            description: "Large yearly service, new tyres",
            lines: json!([{"code": "120"}, {"barcode": "8712345000021", "quantity": 2},
                          {"description": "Tyre fitting", "quantity": 2, "unit_price_cents": 750, "vat": "high", "work_minutes": 10}]),
            start_in_hours: Some(-26),
            mechanic: Some("Joris Bakker"),
            path: &[InProgress, WaitingForParts],
        },
        DemoOrder {
            customer: ("Daan Smit", "+31 6 4567 8901", "daan.smit@example.nl"),
            object: ("bicycle", "Cortina", "U4", "CO-112233"),
            description: "Flat rear tyre",
            lines: json!([{"code": "101"}, {"barcode": "8712345000014"}]),
            start_in_hours: Some(-50),
            mechanic: Some("Pieter Visser"),
            path: &[InProgress, Done],
        },
        DemoOrder {
            customer: ("Eva Mulder", "+31 6 5678 9012", "eva.mulder@example.nl"),
            object: ("bicycle", "VanMoof", "S3", "VM-445566"),
            description: "Gears slipping; adjust; customer brings own saddle",
            lines: json!([{"code": "130"}, {"description": "Customer asks for a call before extra work"}]),
            start_in_hours: Some(-75),
            mechanic: Some("Fatima El Amrani"),
            path: &[InProgress, Done, Collected],
        },
        DemoOrder {
            customer: ("Femke de Jong", "+31 6 6789 0123", "femke@example.org"),
            object: ("bicycle", "Sparta", "Amazon", "SP-778899"),
            description: "Small service and new lights",
            lines: json!([{"code": "110"}, {"barcode": "8712345000052"}, {"barcode": "8712345000069"}]),
            start_in_hours: None,
            mechanic: None,
            path: &[],
        },
        DemoOrder {
            customer: ("Gerrit Koster", "+31 30 123 4567", "g.koster@example.nl"),
            object: ("scooter", "Vespa", "Primavera 50", "ZAPM81200"),
            description: "Quote for brake service; waiting for approval",
            lines: json!([{"code": "103"}, {"code": "900", "unit_price_cents": 8500}]),
            start_in_hours: None,
            mechanic: None,
            path: &[WaitingForCustomer],
        },
        DemoOrder {
            customer: ("Anna de Vries", "+31 6 1234 5678", "anna@example.nl"),
            object: ("bicycle", "Gazelle", "Orange C7", "GZ123456"),
            description: "Wheel wobbles after a kerb hit",
            lines: json!([{"code": "301"}, {"description": "Returned bell (unused)", "quantity": -1, "unit_price_cents": 495, "vat": "high"}]),
            start_in_hours: Some(26),
            mechanic: Some("Pieter Visser"),
            path: &[],
        },
        DemoOrder {
            customer: ("Iris Bos", "+31 6 8901 2345", "iris.bos@example.nl"),
            object: (
                "e_bike",
                "Gazelle",
                "Ultimate C380 (lease)",
                "GZ-LEASE-0042",
            ),
            description: "Lease bike: yearly service; rider wants a new bell",
            lines: json!([
                {"code": "120", "bill_to_customer_id": LEASE_COMPANY_ID},
                {"code": "104", "bill_to_customer_id": LEASE_COMPANY_ID},
                {"barcode": "8712345000076"}
            ]),
            start_in_hours: Some(5),
            mechanic: Some("Fatima El Amrani"),
            path: &[],
        },
        DemoOrder {
            customer: ("Hassan Yilmaz", "+31 6 7890 1234", "hassan@example.com"),
            object: ("bicycle", "Giant", "Escape 2", "GT-334455"),
            description: "Customer cancelled: bike sold",
            lines: json!([{"code": "110"}]),
            start_in_hours: None,
            mechanic: None,
            path: &[Cancelled],
        },
    ]
}

async fn load_orders(tx: &mut Conn, now: DateTime<Utc>) -> Result<usize> {
    let counter = Actor::new("Sanne de Boer");
    let orders = demo_orders();
    for demo in &orders {
        let lines: Vec<LineInput> = serde_json::from_value(demo.lines.clone()).map_err(|e| {
            crate::AppError::new(ErrorCode::InvalidInput, format!("demo lines: {e}"), None)
        })?;
        let (name, phone, email) = demo.customer;
        let (kind, brand, model, frame) = demo.object;
        let input = NewOrder {
            customer: Some(CustomerInput {
                name: name.to_owned(),
                phone: Some(phone.to_owned()),
                email: Some(email.to_owned()),
                ..CustomerInput::default()
            }),
            repair_object: Some(RepairObjectInput {
                kind: Some(kind.to_owned()),
                brand: Some(brand.to_owned()),
                model: Some(model.to_owned()),
                frame_number: Some(frame.to_owned()),
                ..RepairObjectInput::default()
            }),
            description: demo.description.to_owned(),
            scheduled_start: demo
                .start_in_hours
                .map(|h| stamp(now + TimeDelta::hours(h))),
            promised_date: demo
                .start_in_hours
                .map(|h| (now + TimeDelta::hours(h + 24)).date_naive().to_string()),
            mechanic: demo.mechanic.map(str::to_owned),
            // The demo shows a realistic week, overlaps included (the calendar marks them).
            confirm: Some(true),
            lines,
            ..NewOrder::default()
        };
        let number = create_order_in(tx, &counter, &input, now).await?.row.number;
        let at = stamp(now);
        for status in demo.path {
            let actor = Actor::new(demo.mechanic.unwrap_or("Sanne de Boer"));
            let reason = match status {
                OrderStatus::WaitingForParts => Some("Tyres ordered from the wholesaler"),
                OrderStatus::WaitingForCustomer => Some("Quote sent; waiting for approval"),
                _ => None,
            };
            change_status_in(tx, &actor, &number, *status, reason, &at).await?;
        }
    }
    Ok(orders.len())
}

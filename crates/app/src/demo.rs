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
use jobcard_store::{ArticleRow, EmployeeRow, RepairCodeRow};

use serde::Deserialize;

use crate::dto::{CustomerEdit, NewOrder};
use crate::intake::create_order_in;
use crate::party_fields::customer_row;
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
        let shop = demo_shop()?;
        load_staff_and_catalogue(&mut tx, &shop, now).await?;
        load_orders(&mut tx, &shop.orders, now).await?;
        settings::set(&mut tx, DEMO_MARKER, &stamp(now)).await?;
        tx.commit().await?;
        Ok(DemoReport {
            loaded: true,
            orders: shop.orders.len(),
            employees: shop.staff.len(),
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

/// The demo workshop as data: the store's details, the lease company, the staff, the
/// catalogue, and the orders in the same form `jobcard orders create --file` takes. The staff's
/// PINs are in the README (Sanne 1111, Joris 2222, Fatima 3333, Pieter 4444, Marco 5555); their
/// Argon2id hashes are fixed in the file so loading the demo does not spend a second hashing,
/// and each is salted like any other.
const DEMO_SHOP: &str = include_str!("demo_shop.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoShop {
    store: DemoStore,
    lease_company: CustomerEdit,
    staff: Vec<DemoEmployee>,
    repair_codes: Vec<DemoRepairCode>,
    articles: Vec<DemoArticle>,
    orders: Vec<DemoOrder>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoStore {
    name: String,
    address: String,
    vat_number: String,
    coc_number: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoEmployee {
    name: String,
    roles: String,
    pin_hash: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoRepairCode {
    code: String,
    description: String,
    minutes: i64,
    price_cents: Option<i64>,
    vat: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoArticle {
    barcode: String,
    description: String,
    price_cents: i64,
    vat: String,
}

/// A demo order: the intake's input, when it starts (hours from now; its promise a day
/// later), and how far along the workflow it has come.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoOrder {
    order: NewOrder,
    start_in_hours: Option<i64>,
    #[serde(default)]
    path: Vec<OrderStatus>,
    waiting_reason: Option<String>,
}

fn demo_shop() -> Result<DemoShop> {
    serde_json::from_str(DEMO_SHOP)
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("demo_shop.json: {e}"), None))
}

async fn load_staff_and_catalogue(
    tx: &mut Conn,
    shop: &DemoShop,
    now: DateTime<Utc>,
) -> Result<()> {
    let at = stamp(now);
    let mut store = current_store(&mut *tx).await?;
    store.name.clone_from(&shop.store.name);
    store.address = Some(shop.store.address.clone());
    store.vat_number = Some(shop.store.vat_number.clone());
    store.coc_number = Some(shop.store.coc_number.clone());
    parties::update_store(tx, &store).await?;
    let id = LEASE_COMPANY_ID.to_owned();
    let lease = customer_row(&shop.lease_company, id, at.clone(), &at)?;
    parties::insert_customer(tx, &lease).await?;
    for employee in &shop.staff {
        let row = EmployeeRow {
            id: new_id(now),
            name: employee.name.clone(),
            roles: employee.roles.parse()?,
            active: true,
            created_at: at.clone(),
        };
        parties::insert_employee(tx, &row).await?;
        parties::set_pin_hash(tx, &row.id, &employee.pin_hash).await?;
    }
    for code in &shop.repair_codes {
        let row = RepairCodeRow {
            code: code.code.clone(),
            description: code.description.clone(),
            standard_minutes: code.minutes,
            price_cents: code.price_cents,
            vat_code: code.vat.clone(),
            active: true,
        };
        catalogue::insert_repair_code(tx, &row).await?;
    }
    for article in &shop.articles {
        let row = ArticleRow {
            barcode: article.barcode.clone(),
            description: article.description.clone(),
            price_cents: article.price_cents,
            vat_code: article.vat.clone(),
            active: true,
        };
        catalogue::insert_article(tx, &row).await?;
    }
    Ok(())
}

async fn load_orders(tx: &mut Conn, orders: &[DemoOrder], now: DateTime<Utc>) -> Result<()> {
    let counter = Actor::new("Sanne de Boer");
    let at = stamp(now);
    for demo in orders {
        let start = demo.start_in_hours.map(|h| now + TimeDelta::hours(h));
        let input = NewOrder {
            scheduled_start: start.map(stamp),
            promised_date: start.map(|s| (s + TimeDelta::hours(24)).date_naive().to_string()),
            // The demo shows a realistic week, overlaps included (the calendar marks them).
            confirm: Some(true),
            ..demo.order.clone()
        };
        let number = create_order_in(tx, &counter, &input, now).await?.row.number;
        let actor = Actor::new(demo.order.mechanic.as_deref().unwrap_or("Sanne de Boer"));
        for status in &demo.path {
            let reason = demo
                .waiting_reason
                .as_deref()
                .filter(|_| status.is_waiting());
            change_status_in(tx, &actor, &number, *status, reason, &at).await?;
        }
    }
    Ok(())
}

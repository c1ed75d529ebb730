//! Taking in a repair: find or add the customer and the object, price the lines, number the
//! order and save it, all in one transaction with its audit and outbox rows.
//!
//! Everything is validated and priced before the first row is written, so a bad field gives a
//! clear error; and because it all runs in one transaction, a failure at any later point still
//! leaves nothing behind.
//!
//! The intake screen's other use cases live beside it: the employee's unfinished form
//! (`drafts`) and the known customer or bike a typed phone, e-mail or frame number matches
//! (`matching`), which saving an order checks again.

mod drafts;
mod matching;

use crate::error::ErrorCode;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use jobcard_domain::{OrderNumber, OrderStatus, Priority, Role, optional_text, required_text};
use jobcard_store::Conn;
use jobcard_store::sql::{journal, orders, parties, search};
use jobcard_store::{
    AuditRow, ClosingRow, CustomerRow, EmployeeRow, OrderRow, Queued, RepairObjectRow, Written,
};
use serde_json::json;

use self::matching::{
    CustomerFound, ObjectFound, find_customer, find_object, known_customer_error,
    known_object_error, owner_name,
};
use crate::dto::{
    CustomerEdit, CustomerInput, MatchChoice, NewOrder, OrderView, RepairObjectEdit,
    RepairObjectInput,
};
use crate::guard::Guard;
use crate::party_fields::{customer_row, object_row};
use crate::pricing::{PricedLine, price_lines};
use crate::schedule_input::Schedule;
use crate::search_entry::search_doc;
use crate::shop::{order_store, shop_date};
use crate::text::{new_id, non_blank, optional_date, stamp};
use crate::views::{OrderParts, object_title, order_view_with_history};
use crate::{Actor, App, AppError, Result};

impl App {
    /// Takes in a repair and returns the saved order. When it comes from the window's form
    /// (`from_draft`), the employee's unfinished intake (their draft) is discarded with it, in
    /// the same transaction.
    pub async fn create_order(&self, actor: &Actor, input: NewOrder) -> Result<OrderView> {
        actor.require(Guard::INTAKE)?;
        let now = self.clock.now();
        let mut tx = self.store.begin_change().await?;
        let created = create_order_in(&mut tx, actor, &input, now).await?;
        if input.from_draft == Some(true) {
            drafts::discard_in(&mut tx, actor).await?;
        }
        // The screen is built from the rows just written, with no second read: the order row
        // carries the version its journal entry gave it, and its history is that entry.
        let view =
            order_view_with_history(&mut tx, &created.row, created.parts, created.history).await?;
        tx.commit().await?;
        Ok(view)
    }
}

/// A new order as written: its row (with its pk and version), the rows its screen shows, and
/// its history (the one audit row of its creation).
pub(crate) struct Created {
    pub row: OrderRow,
    pub parts: OrderParts,
    pub history: Vec<AuditRow>,
}

/// Writes a new order inside `tx`.
pub(crate) async fn create_order_in(
    tx: &mut Conn,
    actor: &Actor,
    input: &NewOrder,
    now: DateTime<Utc>,
) -> Result<Created> {
    let at = stamp(now);
    let store = order_store(tx, input.store.as_deref()).await?;
    let order_date = shop_date(&store, now);
    let fields = OrderFields::parse(input, store.zone())?;
    let mechanic = match &fields.mechanic {
        Some(name) => Some(planned_mechanic(tx, name).await?),
        None => None,
    };
    let priced = price_lines(tx, order_date, &input.lines).await?;
    let customer_input = input
        .customer
        .as_ref()
        .ok_or_else(|| AppError::invalid("customer", "is required"))?;
    let object_input = input
        .repair_object
        .as_ref()
        .ok_or_else(|| AppError::invalid("repair_object", "is required"))?;
    let customer = resolve_customer(tx, customer_input, now).await?;
    let object = resolve_object(tx, object_input, &customer.row().id, now).await?;
    let (totals, work_minutes, lines) = (priced.totals, priced.work_minutes, priced.lines);
    let status = if fields.schedule.is_some() {
        OrderStatus::Scheduled
    } else {
        OrderStatus::Intake
    };
    // The finish skips closed hours: the mechanic's own calendar, or the store's. A mechanic
    // planned over other work or past a full day is only booked when confirmed.
    let scheduled_finish = match (&fields.schedule, &mechanic) {
        (Some(Schedule::At(start)), Some(mechanic)) => {
            let (finish, warnings) =
                crate::planning::place(tx, &store, mechanic, None, work_minutes, *start).await?;
            if !warnings.is_empty() && input.confirm != Some(true) {
                return Err(AppError::needs_confirmation("scheduled_start", warnings));
            }
            finish
        }
        (Some(Schedule::At(start)), None) => {
            crate::planning::finish_on(tx, &store, *start, work_minutes).await?
        }
        _ => None,
    };

    // Every check has run: the writes start here.
    // A new customer or bike is added here; its journal entry is written with the order's.
    let (customer, new_customer) = customer.split();
    let (object, new_object) = object.split();
    if new_customer {
        parties::insert_customer(tx, &customer).await?;
    }
    if new_object {
        parties::insert_repair_object(tx, &object).await?;
    }
    let year = order_date.year();
    let seq = orders::next_seq(tx, year).await?;
    let number = OrderNumber {
        year,
        seq: u32::try_from(seq)
            .map_err(|_| AppError::new(ErrorCode::Overflow, "order numbers exhausted", None))?,
    };
    let row = OrderRow {
        pk: 0,
        id: new_id(now),
        number: number.to_string(),
        year,
        seq,
        customer_id: customer.id.clone(),
        repair_object_id: object.id.clone(),
        store_id: store.id.clone(),
        own_reference: fields.own_reference,
        description: fields.description,
        status,
        priority: fields.priority,
        mechanic_id: mechanic.as_ref().map(|m| m.id.clone()),
        scheduled_start: fields.schedule.as_ref().map(Schedule::stored),
        scheduled_all_day: matches!(fields.schedule, Some(Schedule::AllDay(_))),
        scheduled_finish,
        promised_date: fields.promised_date.map(|d| d.to_string()),
        loan_object: fields.loan_object,
        order_date: order_date.to_string(),
        work_minutes,
        total_cents: totals.total.get(),
        vat_cents: totals.vat.get(),
        created_at: at.clone(),
        created_by: actor.name.clone(),
        updated_at: at.clone(),
        updated_by: actor.name.clone(),
        deleted_at: None,
        version: 0,
    };
    let mut row = row;
    row.pk = orders::insert(tx, &row).await?;
    let pk = row.pk;
    let line_rows: Vec<_> = lines
        .iter()
        .enumerate()
        .map(|(i, line)| line.to_row(new_id(now), pk, i as i64 + 1))
        .collect();
    orders::insert_lines(tx, &line_rows).await?;
    search::upsert(tx, pk, &search_doc(&row, &customer, &object)).await?;
    let new_parties = (
        new_customer.then_some(&customer),
        new_object.then_some(&object),
    );
    let written = record_order_created(tx, actor, &row, &lines, new_parties).await?;
    let mut history = Vec::new();
    for entry in written {
        if entry.audit.entity == "order" && entry.audit.entity_id == row.id {
            row.version = entry.order_version.unwrap_or(row.version);
            history.push(entry.audit);
        }
    }
    Ok(Created {
        row,
        history,
        parts: OrderParts {
            customer,
            object,
            store,
            mechanic: mechanic.map(|m| m.name),
            lines: line_rows,
            closing: ClosingRow::default(),
            periods: Vec::new(),
        },
    })
}

/// The journal entries of a new order: the customer and bike it brought in new first, then
/// the order, in one call (one round trip on a shared database).
async fn record_order_created(
    tx: &mut Conn,
    actor: &Actor,
    row: &OrderRow,
    lines: &[PricedLine],
    (new_customer, new_object): (Option<&CustomerRow>, Option<&RepairObjectRow>),
) -> Result<Vec<Written>> {
    let at = row.created_at.as_str();
    let created = |entity, entity_id, changes| {
        (
            crate::journal::audit(at, actor, (entity, entity_id), "created", changes),
            Some(Queued {
                operation: "created",
                payload: json!({}),
            }),
        )
    };
    let mut entries = Vec::new();
    if let Some(customer) = new_customer {
        entries.push(created(
            "customer",
            &customer.id,
            json!({"name": customer.name}),
        ));
    }
    if let Some(object) = new_object {
        let title = object_title(object.brand.as_deref(), object.model.as_deref());
        entries.push(created(
            "repair_object",
            &object.id,
            json!({"title": title}),
        ));
    }
    let (audit, _) = created(
        "order",
        &row.id,
        json!({
            "number": row.number,
            "status": row.status,
            "lines": lines.len(),
            "total_cents": row.total_cents,
        }),
    );
    let queued = Queued {
        operation: "created",
        payload: json!({"number": row.number}),
    };
    entries.push((audit, Some(queued)));
    Ok(journal::write_all(tx, &entries).await?)
}

/// The order's own fields, validated.
struct OrderFields {
    description: String,
    own_reference: Option<String>,
    priority: Priority,
    schedule: Option<Schedule>,
    promised_date: Option<NaiveDate>,
    loan_object: Option<String>,
    mechanic: Option<String>,
}

impl OrderFields {
    fn parse(input: &NewOrder, tz: Tz) -> Result<Self> {
        let priority = match non_blank(input.priority.as_deref()) {
            Some(p) => p.parse::<Priority>()?,
            None => Priority::Normal,
        };
        let promised_date = optional_date("promised_date", input.promised_date.as_deref())?;
        Ok(Self {
            description: required_text("description", &input.description, 4000)?,
            own_reference: optional_text("own_reference", input.own_reference.as_deref(), 100)?,
            priority,
            schedule: non_blank(input.scheduled_start.as_deref())
                .map(|text| Schedule::parse(text, tz, "scheduled_start"))
                .transpose()?,
            promised_date,
            loan_object: optional_text("loan_object", input.loan_object.as_deref(), 200)?,
            mechanic: optional_text("mechanic", input.mechanic.as_deref(), 200)?,
        })
    }
}

/// The employee named `name`, who must be an active mechanic.
async fn planned_mechanic(conn: &mut Conn, name: &str) -> Result<EmployeeRow> {
    let employee = crate::shop::employee_named(&mut *conn, "mechanic", name).await?;
    let is_mechanic = employee.roles.has(Role::Mechanic);
    if !employee.active || !is_mechanic {
        return Err(AppError::invalid(
            "mechanic",
            format!("{} is not an active mechanic", employee.name),
        ));
    }
    Ok(employee)
}

/// The known customer `input` points at, or a new one. A customer with the same phone number
/// or e-mail address and the same name is the same customer; one under another name is only
/// taken, or passed over for a new customer, when `on_match` says so (see `matching`).
async fn resolve_customer(
    tx: &mut Conn,
    input: &CustomerInput,
    now: DateTime<Utc>,
) -> Result<Resolved<CustomerRow>> {
    if let Some(id) = non_blank(input.id.as_deref()) {
        return Ok(Resolved::Known(
            crate::shop::customer(&mut *tx, "customer.id", id).await?,
        ));
    }
    let edit = CustomerEdit {
        name: input.name.clone(),
        phone: input.phone.clone(),
        email: input.email.clone(),
        address: input.address.clone(),
        notes: input.notes.clone(),
    };
    let row = customer_row(&edit, new_id(now), stamp(now), &stamp(now))
        .map_err(|e| AppError::from(e.with_field_prefix("customer")))?;
    let (digits, email) = (row.phone_digits.as_deref(), row.email.as_deref());
    let found = find_customer(tx, &row.name, digits, email).await?;
    match (found, input.on_match) {
        (_, Some(MatchChoice::CreateNew)) | (CustomerFound::Nobody, _) => {}
        (CustomerFound::Same(known), _) => return Ok(Resolved::Known(known)),
        (CustomerFound::Other { known, .. }, Some(MatchChoice::UseKnown)) => {
            return Ok(Resolved::Known(known));
        }
        (CustomerFound::Other { known, field }, None) => {
            return Err(known_customer_error(&known, field));
        }
    }
    Ok(Resolved::New(row))
}

/// The known object `input` points at, or a new one owned by `owner_id`. The owner's own
/// object with the same frame or serial number (and an agreeing brand and model) is the same
/// object; any other object with it is only taken, or passed over for a new one, when
/// `on_match` says so (see `matching`).
async fn resolve_object(
    tx: &mut Conn,
    input: &RepairObjectInput,
    owner_id: &str,
    now: DateTime<Utc>,
) -> Result<Resolved<RepairObjectRow>> {
    if let Some(id) = non_blank(input.id.as_deref()) {
        let known = crate::shop::repair_object(&mut *tx, "repair_object.id", id).await?;
        return Ok(Resolved::Known(known));
    }
    let row = new_object_row(input, owner_id, now)?;
    if let Some(key) = &row.frame_key {
        let found = find_object(
            tx,
            key,
            Some(owner_id),
            row.brand.as_deref(),
            row.model.as_deref(),
        )
        .await?;
        match (found, input.on_match) {
            (_, Some(MatchChoice::CreateNew)) | (ObjectFound::Nobody, _) => {}
            (ObjectFound::Same(known), _) => return Ok(Resolved::Known(known)),
            (ObjectFound::Other(known), Some(MatchChoice::UseKnown)) => {
                return Ok(Resolved::Known(known));
            }
            (ObjectFound::Other(known), None) => {
                let owner = owner_name(tx, &known).await?;
                return Err(known_object_error(&known, owner.as_deref()));
            }
        }
    }
    Ok(Resolved::New(row))
}

/// A customer or object an order names: one the shop knows, or one to add with the order.
/// Resolving only reads, so every check runs before the order's first write.
enum Resolved<T> {
    Known(T),
    New(T),
}

impl<T> Resolved<T> {
    fn row(&self) -> &T {
        match self {
            Self::Known(row) | Self::New(row) => row,
        }
    }

    /// The row, and whether it is new.
    fn split(self) -> (T, bool) {
        match self {
            Self::Known(row) => (row, false),
            Self::New(row) => (row, true),
        }
    }
}

/// The typed object, validated, as the row a new object would be.
fn new_object_row(
    input: &RepairObjectInput,
    owner_id: &str,
    now: DateTime<Utc>,
) -> Result<RepairObjectRow> {
    let edit = RepairObjectEdit {
        kind: input.kind.clone(),
        brand: input.brand.clone(),
        model: input.model.clone(),
        year: input.year,
        colour: input.colour.clone(),
        frame_number: input.frame_number.clone(),
        licence_plate: input.licence_plate.clone(),
        barcode: input.barcode.clone(),
    };
    let id = (new_id(now), Some(owner_id.to_owned()));
    object_row(&edit, id, stamp(now), &stamp(now))
        .map_err(|e| e.with_field_prefix("repair_object").into())
}

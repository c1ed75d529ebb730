//! The bare SQL of each measured operation: the same statements the use case sends, run
//! straight through the store with no app logic (no parsing, checks, pricing or view
//! building), so the benchmark can print how much the use case costs on top of its queries.
//!
//! These lists follow the use cases by hand; the benchmark prints the statement count of both
//! (`jobcard_store::count_statements`), so a use case that starts reading more than its bare
//! list shows up in the output instead of making the ratio look better than it is.

use jobcard_store::sql::{audit_log, journal, orders, parties, search, work};
use jobcard_store::{
    Conn, CustomerRow, LineRow, ListFilter, NewAudit, OrderRow, Queued, RepairObjectRow, SearchDoc,
    Store,
};

/// The order list's first page: its one SELECT.
pub async fn list_first_page(store: &Store) {
    let filter = ListFilter {
        limit: 50,
        ..Default::default()
    };
    orders::list(store.readers(), &filter).await.unwrap();
}

/// Opening an order: the order, its customer, bike, store, mechanic, lines, closing notes,
/// work periods and history, on one reader connection.
pub async fn open(store: &Store, number: &str) {
    let mut conn = store.readers().acquire().await.unwrap();
    let row = orders::by_number(&mut conn, number).await.unwrap().unwrap();
    parties::customer_by_id(&mut conn, &row.customer_id)
        .await
        .unwrap();
    parties::repair_object_by_id(&mut conn, &row.repair_object_id)
        .await
        .unwrap();
    parties::store_by_id(&mut conn, &row.store_id)
        .await
        .unwrap();
    if let Some(id) = &row.mechanic_id {
        parties::employee_by_id(&mut conn, id).await.unwrap();
    }
    orders::lines(&mut conn, row.pk).await.unwrap();
    work::closing(&mut conn, row.pk).await.unwrap();
    work::periods_of(&mut conn, row.pk).await.unwrap();
    audit_log::history(&mut conn, "order", &row.id)
        .await
        .unwrap();
}

/// Creating a 10-line order for a new customer and bike: the same rows in one durable
/// transaction (customer, bike, number, order, lines, search entry, audit and outbox).
pub async fn create(store: &Store, store_id: &str, i: usize) {
    let now = "2026-11-30T09:00:00.000Z";
    let customer = CustomerRow {
        id: format!("bare-c-{i}"),
        name: format!("Bench {i}"),
        phone: Some(format!("07{i:08}")),
        phone_digits: Some(format!("07{i:08}")),
        email: None,
        address: None,
        notes: None,
        created_at: now.into(),
        updated_at: now.into(),
    };
    let object = RepairObjectRow {
        id: format!("bare-o-{i}"),
        owner_id: Some(customer.id.clone()),
        kind: jobcard_domain::ObjectKind::Bicycle,
        brand: Some("Gazelle".into()),
        model: None,
        year: None,
        colour: None,
        frame_number: Some(format!("BENCH{i:06}")),
        frame_key: Some(format!("BENCH{i:06}")),
        licence_plate: None,
        barcode: None,
        created_at: now.into(),
        updated_at: now.into(),
    };
    let mut tx = store.begin_write().await.unwrap();
    parties::insert_customer(&mut tx, &customer).await.unwrap();
    parties::insert_repair_object(&mut tx, &object)
        .await
        .unwrap();
    let seq = orders::next_seq(&mut tx, 2026).await.unwrap();
    let lines: Vec<LineRow> = (0..10).map(|n| line(n, 1000 + n)).collect();
    let row = OrderRow {
        pk: 0,
        id: format!("bare-{i}"),
        number: format!("WO-2026-{seq:05}"),
        year: 2026,
        seq,
        customer_id: customer.id.clone(),
        repair_object_id: object.id.clone(),
        store_id: store_id.into(),
        own_reference: None,
        description: "Benchmark order".into(),
        status: jobcard_domain::OrderStatus::Intake,
        priority: jobcard_domain::Priority::Normal,
        mechanic_id: None,
        scheduled_start: None,
        scheduled_all_day: false,
        scheduled_finish: None,
        promised_date: None,
        loan_object: None,
        order_date: "2026-11-30".into(),
        work_minutes: 0,
        total_cents: lines.iter().map(|l| l.total_cents).sum(),
        vat_cents: lines.iter().map(|l| l.vat_cents).sum(),
        created_at: now.into(),
        created_by: "bench".into(),
        updated_at: now.into(),
        updated_by: "bench".into(),
        deleted_at: None,
        version: 0,
    };
    insert_order(&mut tx, &row, lines, &customer, &object).await;
    let payload = serde_json::json!({ "number": row.number });
    journal::write(
        &mut tx,
        &NewAudit {
            at: now,
            actor: "bench",
            entity: "order",
            entity_id: &row.id,
            action: "create",
            changes: payload.clone(),
        },
        Some(&Queued {
            operation: "create",
            payload,
        }),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// Inserts an order with its lines (numbered from the order's id) and its search entry: the
/// rows the benchmark generates its workshop from, and the bare create writes.
pub async fn insert_order(
    tx: &mut Conn,
    row: &OrderRow,
    lines: Vec<LineRow>,
    customer: &CustomerRow,
    object: &RepairObjectRow,
) {
    let pk = orders::insert(tx, row).await.unwrap();
    let lines: Vec<LineRow> = lines
        .into_iter()
        .map(|mut l| {
            l.order_pk = pk;
            l.id = format!("{}-l-{}", row.id, l.line_no);
            l
        })
        .collect();
    orders::insert_lines(tx, &lines).await.unwrap();
    let doc = SearchDoc {
        number: format!("{} {}", row.number, row.seq),
        customer: customer.name.clone(),
        phone: customer.phone.clone().unwrap_or_default(),
        email: customer.email.clone().unwrap_or_default(),
        object: format!(
            "{} {} {}",
            object.brand.as_deref().unwrap_or(""),
            object.model.as_deref().unwrap_or(""),
            object.frame_number.as_deref().unwrap_or("")
        ),
        description: row.description.clone(),
    };
    search::upsert(tx, pk, &doc).await.unwrap();
}

fn line(n: i64, price: i64) -> LineRow {
    LineRow {
        id: String::new(),
        order_pk: 0,
        line_no: n + 1,
        kind: jobcard_domain::LineKind::Article,
        code: None,
        barcode: None,
        description: format!("Part {n}"),
        quantity: 1,
        unit_price_cents: price,
        unit_discount_cents: 0,
        discount_bp: 0,
        vat_code: jobcard_domain::VatCode::High,
        vat_rate_bp: 2100,
        total_cents: price,
        vat_cents: (price * 2100 * 2 + 12_100) / (2 * 12_100),
        work_minutes_per_unit: 0,
        work_minutes: 0,
        status: jobcard_domain::LineStatus::Open,
        bill_to_customer_id: None,
    }
}

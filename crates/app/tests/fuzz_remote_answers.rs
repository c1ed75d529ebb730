//! Every connector reads whatever a remote answers without panicking (issue 12): a property
//! test that runs the real engine (pull and push, real HTTP, real SQLite) of each of the five
//! connectors against a "chaos remote" answering each request with a generated status and JSON
//! body: nonsense of any shape, and the documents' own answer shapes with any field replaced
//! by a wrong type, a huge or negative number, a line break, a 5,000-character string, or
//! left out.
//!
//! A panic anywhere in the engine fails the case and proptest shrinks it to the smallest
//! answer that panics. The number of cases per connector is proptest's (`PROPTEST_CASES`,
//! default 24 here); the README records a long run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use common::{QUIET, quick, workshop};
use jobcard_app::dto::ConnectorInput;
use jobcard_app::{Actor, App};
use proptest::prelude::*;
use serde_json::{Value, json};

/// The answers still to give, one per request; `{}` with 200 once they run out.
type Script = Arc<Mutex<VecDeque<(u16, Value)>>>;

async fn chaos_remote(script: Script) -> String {
    let router = Router::new()
        .fallback(|State(script): State<Script>| async move {
            let (status, body) = script
                .lock()
                .unwrap()
                .pop_front()
                .unwrap_or((200, json!({})));
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            (status, axum::Json(body)).into_response()
        })
        .with_state(script);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    url
}

/// The answer shapes the five documents describe, as templates to break.
fn templates() -> Vec<Value> {
    vec![
        // CycleSoftware: a page of workshop orders, a customer list, an order.
        json!({"data": [{"id": 900001, "customer_id": 1000, "reference_text": "WO-2026-00001",
            "workshop_order_status_id": 7, "employee_id": 3, "scheduled_start": "2026-03-01 09:00:00",
            "total_price_in_vat_cents": 9000, "customer_reference": "x",
            "order_items": [{"id": 1, "description": "Chain", "quantity": 1,
                "price_in_vat_cents": 9000, "vat_amount_cents": 743, "vat_code": "H",
                "item_status_id": 1, "discount_percentage": "10.5", "repair_time_minutes": 30}]}],
            "pagination": {"next_url": null, "total": 1}}),
        json!({"data": [{"id": 1000, "email": "a@example.nl", "phone": "0612345678",
            "first_name": "Łukasz", "last_name": "Żółć", "frame_number": "GZ1"}]}),
        // The MES.
        json!({"data": [{"id": "wo-1", "orderNumber": "WO-2026-00001", "status": "IN_PROGRESS",
            "priority": "HIGH", "quantity": 1, "completedQuantity": 0, "updatedAt": "2026-03-01T09:00:00Z"}],
            "pagination": {"page": 1, "limit": 100, "total": 1, "hasMore": false}}),
        json!({"error": {"code": "INVALID_STATE_TRANSITION", "message": "no",
            "details": [{"field": "status", "reason": "bad"}]}}),
        // TrustPager.
        json!({"data": [{"id": "8b0c", "title": "WO-2026-00001 Chain", "status": {"id": "s1", "label": "Open"},
            "status_id": "s1", "schedule_date": "2026-03-01", "schedule_time": "09:00",
            "assigned_to": "u1", "description": "d"}]}),
        // Field Nation: a page, and one work order's details.
        json!({"results": [{"id": 1, "title": "Install router", "status": {"id": 3, "name": "assigned"}}],
            "metadata": {"pages": 2, "page": 1, "per_page": 50, "total": 2}}),
        json!({"id": 1, "title": "Install router", "description": {"markdown": "Mount it."},
            "company": {"id": 7, "name": "Acme"}, "status": {"name": "assigned"},
            "location": {"address1": "1 Main St", "city": "Minneapolis", "zip": "90210",
                "saved_location": {"contact": {"name": "Pat", "phone": "555"}}},
            "schedule": {"service_window": {"mode": "between", "start": {"utc": "2030-03-01 09:00:00"},
                "end": {"utc": "2030-03-01 17:00:00"}}}}),
        // Scan2Evolve: a page, and one work order with tasks.
        json!({"workOrders": [{"id": "w1", "status": "OPEN", "priority": "HIGH", "title": "Pump",
            "dueDate": "2026-03-01T00:00:00Z", "assignedTo": {"id": "u1"},
            "asset": {"id": "a1", "name": "Pump 3", "site": {"id": "s1", "name": "Plant"}},
            "tasks": [{"id": "t1", "title": "Seal", "estimatedHours": 1.5, "status": "OPEN"}]}],
            "hasMore": true, "total": 400, "limit": 200, "offset": 0}),
    ]
}

/// Strings a remote should never send, and does.
fn nasty_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("Brake\r\nbleed".to_owned()),
        Just("x".repeat(5000)),
        Just("WO-2026-00001".to_owned()),
        Just("9999-12-31T23:59:59Z".to_owned()),
        Just("-1".to_owned()),
        Just("NaN".to_owned()),
        Just("\u{0}\u{202e}Şule čistění Nguyễn".to_owned()),
        "\\PC{0,40}",
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop_oneof![Just(i64::MAX), Just(i64::MIN), Just(0), Just(-1), Just(1)]
            .prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        nasty_text().prop_map(Value::String),
    ]
}

/// Any JSON, with keys the documents use so the nonsense reaches past the first look-up.
fn any_json() -> impl Strategy<Value = Value> {
    let keys = prop_oneof![
        Just("data".to_owned()),
        Just("id".to_owned()),
        Just("status".to_owned()),
        Just("results".to_owned()),
        Just("metadata".to_owned()),
        Just("pages".to_owned()),
        Just("pagination".to_owned()),
        Just("next_url".to_owned()),
        Just("workOrders".to_owned()),
        Just("hasMore".to_owned()),
        Just("title".to_owned()),
        Just("order_items".to_owned()),
        Just("error".to_owned()),
        "[a-z_]{1,8}",
    ];
    leaf().prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// A template with each field kept, replaced by anything, or left out.
fn broken(template: &Value) -> BoxedStrategy<Value> {
    match template {
        Value::Object(map) => {
            let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = map
                .iter()
                .map(|(k, v)| {
                    let k = k.clone();
                    prop_oneof![
                        6 => broken(v).prop_map(move |v| Some((k.clone(), v))),
                        1 => Just(None),
                    ]
                    .boxed()
                })
                .collect();
            fields
                .prop_map(|pairs| Value::Object(pairs.into_iter().flatten().collect()))
                .boxed()
        }
        Value::Array(list) => {
            let items: Vec<BoxedStrategy<Value>> = list.iter().map(broken).collect();
            (items, 1..4_usize)
                .prop_map(|(items, copies)| {
                    Value::Array(
                        items
                            .iter()
                            .cycle()
                            .take(items.len() * copies)
                            .cloned()
                            .collect(),
                    )
                })
                .boxed()
        }
        leaf_value => prop_oneof![
            3 => Just(leaf_value.clone()),
            2 => leaf(),
            1 => any_json(),
        ]
        .boxed(),
    }
}

fn answer() -> impl Strategy<Value = (u16, Value)> {
    let templates: Vec<BoxedStrategy<Value>> = templates().iter().map(broken).collect();
    let body = prop_oneof![
        3 => prop::sample::select((0..templates.len()).collect::<Vec<_>>())
            .prop_flat_map(move |i| templates[i].clone()),
        1 => any_json(),
    ];
    let status = prop::sample::select(vec![
        200_u16, 200, 200, 201, 204, 400, 404, 409, 422, 429, 500,
    ]);
    (status, body)
}

/// A workshop with one connector of `kind` at the chaos remote, everything imported, and one
/// order marked for it (Field Nation sends only marked orders).
async fn shop(kind: &str, url: &str) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let owner = Actor::new("fuzz");
    let mut set = quick(&[("minutely_limit", "100000"), ("timeout_ms", "800")]);
    if kind != "mes" {
        set.push(("import".into(), "true".into()));
    }
    let input = ConnectorInput {
        name: "chaos".into(),
        kind: kind.into(),
        base_url: Some(url.into()),
        set,
        enabled: None,
    };
    app.add_connector(&owner, &input).await.unwrap();
    let view = app.connectors(&common::tester()).await.unwrap().remove(0);
    for secret in view.secrets {
        app.set_connector_secret(&owner, "chaos", &secret.key, "fuzz-secret")
            .await
            .unwrap();
    }
    let number = common::open_order(&app, 0).await;
    app.set_sync_mark(&owner, &number, "chaos", true)
        .await
        .unwrap();
    (dir, app)
}

fn fuzz(kind: &str) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let script: Script = Arc::default();
    let url = rt.block_on(chaos_remote(script.clone()));
    let (_dir, app) = rt.block_on(shop(kind, &url));
    let config = ProptestConfig {
        cases: ProptestConfig::default().cases.min(24),
        ..ProptestConfig::default()
    };
    let config = if std::env::var("PROPTEST_CASES").is_ok() {
        ProptestConfig::default()
    } else {
        config
    };
    proptest!(config, |(answers in prop::collection::vec(answer(), 1..24))| {
        *script.lock().unwrap() = answers.into_iter().collect();
        rt.block_on(async {
            // A pause or backoff from the last case must not keep this one from reading.
            let again = ConnectorInput {
                name: "chaos".into(),
                kind: String::new(),
                base_url: None,
                set: Vec::new(),
                enabled: None,
            };
            app.update_connector(&Actor::new("fuzz"), &again).await.unwrap();
            let reports = app
                .run_sync(&Actor::new("fuzz"), Some("chaos"), None, QUIET)
                .await;
            let reports = reports.unwrap_or_else(|e| panic!("the run failed as a whole: {e:?}"));
            let text = serde_json::to_string(&reports).unwrap();
            prop_assert!(!text.contains("fuzz-secret"), "a secret in {}", text);
            Ok(())
        })?;
    });
}

#[test]
fn cyclesoftware_reads_any_answer_without_panicking() {
    fuzz("cyclesoftware");
}

#[test]
fn mes_reads_any_answer_without_panicking() {
    fuzz("mes");
}

#[test]
fn trustpager_reads_any_answer_without_panicking() {
    fuzz("trustpager");
}

#[test]
fn fieldnation_reads_any_answer_without_panicking() {
    fuzz("fieldnation");
}

#[test]
fn scan2evolve_reads_any_answer_without_panicking() {
    fuzz("scan2evolve");
}

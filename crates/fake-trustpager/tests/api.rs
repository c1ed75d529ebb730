//! The fake TrustPager over real HTTP: auth, the documented answers and errors, the control
//! API, faults.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use jobcard_fake_trustpager::{FakeConfig, FakeServer, Fault, PREFIX, STATUSES, USERS};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

async fn call(
    fake: &FakeServer,
    method: Method,
    path: &str,
    body: Option<Value>,
    key: &str,
) -> (StatusCode, Value) {
    let url = if path.starts_with("/_fake") {
        format!("{}{path}", fake.base_url())
    } else {
        format!("{}{PREFIX}{path}", fake.base_url())
    };
    let mut req = Client::new().request(method, url).bearer_auth(key);
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_documented_answers_and_errors() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let (status, body) = call(&fake, Method::GET, "/work-orders", None, "wrong").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "UNAUTHORIZED");

    let new = json!({"title": "2026-0001 Femke", "status": "scheduled",
        "schedule_date": "2026-11-24", "schedule_time": "09:30:00", "assigned_to": USERS[0].0});
    let (status, body) = call(&fake, Method::POST, "/work-orders", Some(new), "tp-key").await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["data"]["status"], "Scheduled");
    assert_eq!(body["data"]["status_id"], STATUSES[1].0);
    let id = body["data"]["id"].as_str().unwrap().to_owned();

    let (status, body) = call(
        &fake,
        Method::PATCH,
        &format!("/work-orders/{id}"),
        Some(json!({"status": "Nope"})),
        "tp-key",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("Unknown status"));

    let (status, body) = call(
        &fake,
        Method::PATCH,
        &format!("/work-orders/{id}"),
        Some(json!({"schedule_time": null, "assigned_to": null})),
        "tp-key",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["data"]["schedule_time"], Value::Null);
    assert_eq!(body["data"]["schedule_date"], "2026-11-24");

    let filter = format!("/work-orders?status_id={}", STATUSES[1].0);
    let (_, body) = call(&fake, Method::GET, &filter, None, "tp-key").await;
    assert_eq!(body["data"].as_array().unwrap().len(), 1);

    // Made in the CRM, status changed there; e-mail off refuses send-work-status.
    let (status, made) = call(
        &fake,
        Method::POST,
        "/_fake/work-orders",
        Some(json!({"title": "From the CRM", "deal_product_id": "deal-7"})),
        "",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let crm_id = made["id"].as_str().unwrap().to_owned();
    assert!(fake.set_status(&crm_id, "on hold"));
    let send = json!({"work_order_id": crm_id});
    let path = "/work-orders/send-work-status";
    let (status, body) = call(&fake, Method::POST, path, Some(send.clone()), "tp-key").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["portal_id"].is_string() && body["token"].is_string());
    fake.set_email_configured(false);
    let (status, body) = call(&fake, Method::POST, path, Some(send), "tp-key").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "EMAIL_NOT_CONFIGURED");

    let (status, _) = call(
        &fake,
        Method::DELETE,
        &format!("/work-orders/{id}"),
        None,
        "tp-key",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(
        &fake,
        Method::GET,
        &format!("/work-orders/{id}"),
        None,
        "tp-key",
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Faults: a 503 once, then healthy.
    fake.add_fault(Fault::Status {
        code: 503,
        times: 1,
        path_contains: None,
        method: None,
    });
    let (status, _) = call(&fake, Method::GET, "/work-orders", None, "tp-key").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let (status, _) = call(&fake, Method::GET, "/work-orders", None, "tp-key").await;
    assert_eq!(status, StatusCode::OK);
    let state = fake.snapshot();
    assert_eq!(state["work_orders"].as_array().unwrap().len(), 1);
    assert!(state["requests"]["log"].as_array().unwrap().len() >= 8);
    fake.stop().await;
}

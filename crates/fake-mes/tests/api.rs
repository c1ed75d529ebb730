//! The fake MES over real HTTP: auth, the documented answers and error
//! shapes, the state machine, faults.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use jobcard_fake_mes::{FakeConfig, FakeServer, Fault};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

async fn call(
    fake: &FakeServer,
    method: Method,
    path: &str,
    body: Option<Value>,
    key: &str,
) -> (StatusCode, Value) {
    let mut req = Client::new()
        .request(method, format!("{}{path}", fake.base_url()))
        .bearer_auth(key);
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
    let (status, body) = call(&fake, Method::GET, "/api/v2/work-orders", None, "wrong").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "UNAUTHORIZED");

    let new = json!({"orderNumber": "2026-0001", "product": "Gazelle", "quantity": 1,
        "priority": "HIGH", "dueDate": "2026-12-01T00:00:00Z", "notes": "Service"});
    let (status, body) = call(
        &fake,
        Method::POST,
        "/api/v2/work-orders",
        Some(new),
        "mes-key",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["data"]["status"], "OPEN");
    let id = body["data"]["id"].as_str().unwrap().to_owned();

    let bad = json!({"orderNumber": "x", "product": "y", "quantity": -1});
    let (status, body) = call(
        &fake,
        Method::POST,
        "/api/v2/work-orders",
        Some(bad),
        "mes-key",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["error"]["details"],
        json!({"field": "quantity", "reason": "MUST_BE_POSITIVE"})
    );

    let path = format!("/api/v2/work-orders/{id}");
    let (status, _) = call(
        &fake,
        Method::POST,
        &format!("{path}/start"),
        None,
        "mes-key",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = call(&fake, Method::DELETE, &path, None, "mes-key").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["code"], "INVALID_STATE_TRANSITION");
    let done = json!({"completedQuantity": 1, "notes": "Done"});
    let (status, body) = call(
        &fake,
        Method::POST,
        &format!("{path}/complete"),
        Some(done),
        "mes-key",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["data"]["status"], "COMPLETED");
    let (status, body) = call(
        &fake,
        Method::POST,
        &format!("{path}/start"),
        None,
        "mes-key",
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        body["error"]["message"],
        "Cannot start work order that is already completed"
    );
    let (status, body) = call(&fake, Method::DELETE, &path, None, "mes-key").await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));
    let (status, body) = call(&fake, Method::GET, &path, None, "mes-key").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "NOT_FOUND");
    let (status, _) = call(
        &fake,
        Method::GET,
        "/api/v2/work-orders?limit=101",
        None,
        "mes-key",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(fake.snapshot()["requests"]["total"], 10);
}

#[tokio::test]
async fn faults_fire_and_are_consumed() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    fake.add_fault(Fault::RateLimit {
        times: 1,
        retry_after: 3,
        path_contains: None,
        method: None,
    });
    let (status, _) = call(&fake, Method::GET, "/api/v2/work-orders", None, "mes-key").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let (status, body) = call(&fake, Method::GET, "/api/v2/work-orders", None, "mes-key").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["pagination"]["total"], 0);
    assert_eq!(fake.snapshot()["rate_limited"], 1);
    fake.stop().await;
}

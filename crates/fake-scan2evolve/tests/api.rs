//! The fake Scan2Evolve over real HTTP: the two sets of credentials, the list's paging and
//! filters, the downstream sync's answers and errors, the control API, faults.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use jobcard_fake_scan2evolve::{FakeConfig, FakeServer, Fault};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

async fn send(req: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn read(fake: &FakeServer, path: &str, token: &str) -> (StatusCode, Value) {
    send(
        Client::new()
            .get(format!("{}{path}", fake.base_url()))
            .bearer_auth(token),
    )
    .await
}

async fn sync(fake: &FakeServer, id: &str, body: Value, key: &str) -> (StatusCode, Value) {
    send(
        Client::new()
            .post(format!(
                "{}/api/downstream/work-orders/{id}/sync",
                fake.base_url()
            ))
            .bearer_auth("s2e-downstream")
            .header("X-API-KEY", key)
            .json(&body),
    )
    .await
}

async fn control(
    fake: &FakeServer,
    method: Method,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    send(
        Client::new()
            .request(method, format!("{}{path}", fake.base_url()))
            .json(&body),
    )
    .await
}

#[tokio::test]
async fn reads_page_filter_and_need_the_api_token() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    for i in 0..7 {
        let site = if i < 3 { "site_a" } else { "site_b" };
        let (status, _) = control(
            &fake,
            Method::POST,
            "/_fake/work-orders",
            json!({"title": format!("WO {i}"), "priority": if i == 0 { "HIGH" } else { "LOW" },
                "asset": {"id": "asset_1", "name": "Pump", "code": "P-1",
                    "site": {"id": site, "name": "Site"}},
                "tasks": [{"id": "t1", "title": "Look", "estimatedHours": 1.5}]}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (status, body) = read(&fake, "/api/v1/work-orders", "wrong").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "UNAUTHORIZED");
    let (status, body) = read(&fake, "/api/v1/work-orders?limit=3&offset=3", "s2e-token").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["workOrders"].as_array().unwrap().len(), 3);
    assert_eq!(body["workOrders"][0]["id"], "wo_4");
    assert!(body["workOrders"][0].get("tasks").is_none());
    assert_eq!(
        body["pagination"],
        json!({"total": 7, "limit": 3, "offset": 3, "hasMore": true})
    );
    let (_, body) = read(
        &fake,
        "/api/v1/work-orders?siteId=site_a&priority=LOW",
        "s2e-token",
    )
    .await;
    assert_eq!(body["pagination"]["total"], 2);
    let (status, _) = read(&fake, "/api/v1/work-orders?limit=201", "s2e-token").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = read(&fake, "/api/v1/work-orders?status=OPEN", "s2e-token").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = read(&fake, "/api/v1/work-orders/wo_1", "s2e-token").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["tasks"][0]["estimatedHours"], 1.5);
    let (status, _) = read(&fake, "/api/v1/work-orders/wo_99", "s2e-token").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    fake.stop().await;
}

#[tokio::test]
async fn the_downstream_sync_checks_its_credentials_the_switch_and_the_fields() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    fake.seed(json!({"id": "wo_def456", "title": "Replace bearing"}))
        .unwrap();
    let done = json!({"externalId": "2026-0001", "status": "COMPLETED",
        "rootCause": "Equipment Failure", "resolution": "Replaced bearing",
        "closureNote": "Verified", "completedAt": "2026-03-10T14:30:00.000Z",
        "actualHours": 4.5});
    let (status, _) = sync(&fake, "wo_def456", done.clone(), "wrong").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = control(
        &fake,
        Method::POST,
        "/_fake/downstream",
        json!({"active": false}),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = sync(&fake, "wo_def456", done.clone(), "s2e-key").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["message"], "Downstream integration is not active");
    fake.set_downstream_active(true);
    let (status, body) = sync(
        &fake,
        "wo_def456",
        json!({"resolution": "x".repeat(2001)}),
        "s2e-key",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["message"],
        "resolution must be at most 2000 characters"
    );
    let (status, _) = sync(&fake, "wo_nope", done.clone(), "s2e-key").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = sync(&fake, "wo_def456", done, "s2e-key").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"success": true, "message": "Work order updated successfully"})
    );
    let state = fake.snapshot();
    let wo = &state["work_orders"][0];
    assert_eq!(wo["status"], "COMPLETED");
    assert_eq!(wo["actualHours"], 4.5);
    assert_eq!(wo["closureNote"], "Verified");
    assert_eq!(wo["syncStatus"], "SYNCED");
    assert_eq!(state["requests"]["sync_posts"], 5);
    // A change made on Scan2Evolve itself.
    let (status, body) = control(
        &fake,
        Method::POST,
        "/_fake/work-orders/wo_def456",
        json!({"status": "CANCELLED"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "CANCELLED");
    fake.stop().await;
}

#[tokio::test]
async fn faults_fire_and_are_consumed() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let (status, _) = control(
        &fake,
        Method::POST,
        "/_fake/faults",
        json!({"kind": "rate_limit", "times": 1, "retry_after": 3}),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    fake.add_fault(Fault::Status {
        code: 503,
        times: 1,
        path_contains: None,
        method: None,
    });
    let (status, _) = read(&fake, "/api/v1/work-orders", "s2e-token").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let (status, _) = read(&fake, "/api/v1/work-orders", "s2e-token").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let (status, body) = read(&fake, "/api/v1/work-orders", "s2e-token").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["pagination"]["total"], 0);
    assert_eq!(fake.snapshot()["rate_limited"], 1);
    fake.stop().await;
}

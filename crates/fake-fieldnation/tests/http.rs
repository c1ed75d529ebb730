//! The fake over real HTTP: the access token, the pages, a partial PUT and the control API.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use jobcard_fake_fieldnation::{FakeConfig, FakeServer};
use serde_json::{Value, json};

#[tokio::test]
async fn the_token_is_required_and_the_api_works_as_documented() {
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    let base = format!("{}/api/rest/v2/workorders", fake.base_url());
    let http = reqwest::Client::new();

    let refused = http.get(&base).send().await.unwrap();
    assert_eq!(refused.status(), 401);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(
        body,
        json!({"status": 401, "message": "Invalid or expired access token"})
    );

    let published: Value = http
        .post(format!("{}/_fake/workorders", fake.base_url()))
        .json(&json!({"title": "Router install", "company": {"name": "Acme"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = published["id"].as_u64().unwrap();
    let created: Value = http
        .post(format!("{base}?access_token=fn-token"))
        .json(&json!({"title": "[2026-0001] Fit a chain"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(created["status"]["name"], "Draft");

    let page: Value = http
        .get(format!("{base}?page=2&per_page=1&access_token=fn-token"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["metadata"]["pages"], 2);
    assert_eq!(page["results"][0]["title"], "[2026-0001] Fit a chain");

    let done = http
        .put(format!("{base}/{id}?access_token=fn-token"))
        .json(&json!({"status": "work_done", "closing_notes": "Installed"}))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    let details: Value = http
        .get(format!("{base}/{id}?access_token=fn-token"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(details["status"]["name"], "Work Done");
    assert_eq!(details["company"]["name"], "Acme");

    // The buyer approves it on the marketplace (a control request: not logged, no token).
    let moved = |status: &str, id: u64| {
        http.post(format!("{}/_fake/workorders/{id}/status", fake.base_url()))
            .json(&json!({ "status": status }))
            .send()
    };
    assert_eq!(moved("approved", id).await.unwrap().status(), 204);
    assert_eq!(moved("approved", 1).await.unwrap().status(), 404);
    assert_eq!(moved("lost", id).await.unwrap().status(), 404);
    let state = fake.snapshot();
    let there = state["work_orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == id)
        .unwrap();
    assert_eq!(there["status"]["name"], "Approved");

    fake.set_access_token("new");
    let expired = http
        .get(format!("{base}?access_token=fn-token"))
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), 401);
    let state = fake.snapshot();
    assert_eq!(state["unauthorized"], 2);
    assert_eq!(state["requests"]["log"][1]["query"], "");
    assert_eq!(
        state["requests"]["by_route"]["PUT /api/rest/v2/workorders/{id}"],
        1
    );
    fake.stop().await;
}

//! End-to-end tests of the fake over real HTTP: the behaviour Jobcard's sync
//! engine relies on (VAT figures, PUT item merge, auth, limits, faults,
//! downtime, pagination).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use jobcard_fake_cyclesoftware::{FakeConfig, FakeServer, Fault};
use reqwest::{Client, Method, Response, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;

struct Fake {
    server: FakeServer,
    http: Client,
}

impl Fake {
    async fn start() -> Self {
        let server = FakeServer::start(FakeConfig::default()).await.unwrap();
        let http = Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        Self { server, http }
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Result<Response> {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.server.base_url()))
            .basic_auth("jobcard", Some("secret"));
        if let Some(body) = body {
            req = req.json(&body);
        }
        req.send().await
    }

    /// Send and expect `status`; returns the JSON body.
    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        status: StatusCode,
    ) -> Value {
        let resp = self.send(method, path, body).await.unwrap();
        assert_eq!(resp.status(), status, "{path}");
        resp.json().await.unwrap()
    }

    async fn customer(&self) -> i64 {
        let body = json!({"name": "Jansen", "first_name": "Tim", "email": "Tim@Example.nl",
            "phone_numbers": [{"phone_number_id": "mob", "phone_number": "06-12345678", "name": "Tim"}]});
        let c = self
            .call(
                Method::POST,
                "/api/v1/customers.json",
                Some(body),
                StatusCode::OK,
            )
            .await;
        c["customer_id"].as_i64().unwrap()
    }

    async fn object(&self, cid: i64) -> i64 {
        let body =
            json!({"object_id": 1, "brand": "Gazelle", "model": "Orange", "frame_id": "GZ123"});
        let o = self
            .call(
                Method::POST,
                &format!("/api/v1/customers/{cid}/objects.json"),
                Some(body),
                StatusCode::OK,
            )
            .await;
        o["object_id"].as_i64().unwrap()
    }

    async fn order(&self, cid: i64, oid: i64, items: Value) -> Value {
        let body = json!({
            "repair_object_id": oid, "status_id": 7, "mechanic_employee_id": 12,
            "datetime_scheduled_start": "2023-03-07T16:56:32+01:00", "reference_text": "work_number",
            "order_items": items,
        });
        self.call(
            Method::POST,
            &format!("/api/v1/customers/{cid}/workshop-order.json"),
            Some(body),
            StatusCode::OK,
        )
        .await
    }
}

fn item(description: &str, cents: i64, minutes: i64) -> Value {
    json!({"item_id": 77, "item_type_id": 4, "quantity": 1, "description": description, "barcode": "102",
        "unit_price_in_vat_cents": cents, "price_in_vat_cents": cents, "vat_code": 1,
        "discount_percentage": 0, "unit_work_time_minutes": minutes, "assigned_to_customer_id": 24})
}

#[tokio::test]
async fn create_and_read_back_vat_figures() {
    let fake = Fake::start().await;
    let cid = fake.customer().await;
    assert_eq!(cid, 1000);
    let oid = fake.object(cid).await;
    assert_eq!(oid, 5000);
    let created = fake
        .order(
            cid,
            oid,
            json!([item("Motor", 9000, 0), item("Test Title", 12000, 60)]),
        )
        .await;
    let id = created["workshop_order_id"].as_i64().unwrap();
    assert_eq!(id, 900_000);
    let path = format!("/api/v1/customers/{cid}/workshop-order/{id}.json");
    let order = fake.call(Method::GET, &path, None, StatusCode::OK).await;
    assert_eq!(order, created);
    assert_eq!(order["sales_order_id"], id);
    assert_eq!(order["status_text"], "Reparatie voltooid");
    assert_eq!(order["datetime_scheduled_start"], "2023-03-07 16:56:32");
    assert_eq!(order["datetime_scheduled_finished"], "2023-03-07 17:56:32");
    assert_eq!(order["total_repair_time_minutes"], 60);
    assert_eq!(order["store_id"], 1);
    assert_eq!(order["is_active"], true);
    assert_eq!(order["invoice_number"], 0);
    let items = order["order_items"].as_array().unwrap();
    assert_eq!(items[0]["item_id"], 1);
    assert_eq!(items[1]["item_id"], 2);
    assert_eq!(items[0]["vat_percentage"], 9);
    assert_eq!(items[0]["vat_amount_cents"], 743);
    assert_eq!(items[1]["vat_amount_cents"], 991);
    assert_eq!(items[1]["item_status_text"], "Geen status");
    assert_eq!(items[1]["assigned_to_customer_id"], 24);

    // Validation names the field; nothing is stored.
    let mut bad = item("Bad", 100, 0);
    bad["vat_code"] = json!(3);
    let body = json!({"repair_object_id": oid, "order_items": [item("ok", 1, 0), bad]});
    let err = fake
        .call(
            Method::POST,
            &format!("/api/v1/customers/{cid}/workshop-order.json"),
            Some(body),
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert_eq!(err["error"], true);
    assert!(
        err["error_message"]
            .as_str()
            .unwrap()
            .contains("order_items[1].vat_code"),
        "{err}"
    );
    let err = fake
        .call(
            Method::POST,
            &format!("/api/v1/customers/{cid}/workshop-order.json"),
            Some(json!({"repair_object_id": 1})),
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert!(
        err["error_message"]
            .as_str()
            .unwrap()
            .contains("repair_object_id")
    );
    assert_eq!(
        fake.server.snapshot()["orders"].as_array().unwrap().len(),
        1
    );

    // Search by digits of the phone number, case-insensitive email.
    let found = fake
        .call(
            Method::GET,
            "/api/v1/customers/find.json?phone_number=0612345678&email=tim@example.NL",
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["phone_numbers"][0]["customer_id"], cid);
    fake.call(
        Method::GET,
        "/api/v1/customers/find.json",
        None,
        StatusCode::BAD_REQUEST,
    )
    .await;
    let bad_json = fake
        .http
        .post(format!("{}/api/v1/customers.json", fake.server.base_url()))
        .basic_auth("jobcard", Some("secret"))
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_json.status(), StatusCode::BAD_REQUEST);
    let err: Value = bad_json.json().await.unwrap();
    assert!(
        err["error_message"]
            .as_str()
            .unwrap()
            .starts_with("invalid JSON")
    );
}

#[tokio::test]
async fn put_keeps_omitted_lines_and_appends_new_ones() {
    let fake = Fake::start().await;
    let cid = fake.customer().await;
    let oid = fake.object(cid).await;
    let created = fake
        .order(cid, oid, json!([item("A", 9000, 0), item("B", 12000, 30)]))
        .await;
    let id = created["workshop_order_id"].as_i64().unwrap();
    let path =
        format!("/api/v1/customers/{cid}/workshop-order/{id}.json?send_customer_messages=true");
    let body = json!({
        "status_id": 3, "custom_repair_time_minutes": 15,
        "order_items": [
            {"item_id": 2, "quantity": 2, "price_in_vat_cents": 24000},
            {"item_id": null, "quantity": 1, "unit_price_in_vat_cents": 500, "price_in_vat_cents": 500,
             "vat_code": 2, "description": "Bel", "unit_work_time_minutes": 5},
        ]
    });
    let order = fake
        .call(Method::PUT, &path, Some(body), StatusCode::OK)
        .await;
    let items = order["order_items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(
        items[0], created["order_items"][0],
        "omitted line untouched"
    );
    assert_eq!(items[1]["quantity"], 2);
    assert_eq!(items[1]["description"], "B");
    assert_eq!(items[1]["vat_amount_cents"], 1982);
    assert_eq!(items[2]["item_id"], 3);
    assert_eq!(items[2]["vat_percentage"], 21);
    assert_eq!(items[2]["vat_amount_cents"], 87);
    assert_eq!(order["status_text"], "In behandeling");
    assert_eq!(order["total_repair_time_minutes"], 2 * 30 + 5 + 15);

    // Cancelling a line removes its time; an unknown item id is refused.
    let body = json!({"order_items": [{"item_id": 2, "item_status_id": 5}]});
    let order = fake
        .call(Method::PUT, &path, Some(body), StatusCode::OK)
        .await;
    assert_eq!(order["order_items"][1]["item_status_text"], "Vervallen");
    assert_eq!(order["total_repair_time_minutes"], 5 + 15);
    let body = json!({"order_items": [{"item_id": 99, "quantity": 1}]});
    let err = fake
        .call(Method::PUT, &path, Some(body), StatusCode::BAD_REQUEST)
        .await;
    assert!(
        err["error_message"]
            .as_str()
            .unwrap()
            .contains("order_items[0].item_id")
    );
    let body = json!({"mechanic_employee_id": 99});
    fake.call(Method::PUT, &path, Some(body), StatusCode::BAD_REQUEST)
        .await;

    // A change at the till.
    assert!(fake.server.set_order_status(id, 8));
    assert!(!fake.server.set_order_status(id, 6));
    let order = fake.call(Method::GET, &path, None, StatusCode::OK).await;
    assert_eq!(order["status_text"], "Afgehandeld");
    let other = format!("/api/v1/customers/{}/workshop-order/{id}.json", cid + 1);
    fake.call(Method::GET, &other, None, StatusCode::NOT_FOUND)
        .await;
}

#[tokio::test]
async fn unauthorized_without_or_with_wrong_credentials() {
    let fake = Fake::start().await;
    let url = format!("{}/api/v1/common/employees.json", fake.server.base_url());
    let resp = fake.http.get(&url).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert!(resp.headers().contains_key("x-ratelimit-minutely-limit"));
    let body: Value = resp.json().await.unwrap();
    assert_eq!(
        body,
        json!({"error": true, "error_message": "Unauthorized"})
    );
    let resp = fake
        .http
        .get(&url)
        .basic_auth("jobcard", Some("nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let ok = fake
        .call(
            Method::GET,
            "/api/v1/common/employees.json",
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(ok["data"].as_array().unwrap().len(), 5);
    fake.call(
        Method::GET,
        "/api/v1/nope.json",
        None,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn minutely_limit_gives_429_with_retry_after() {
    let fake = Fake::start().await;
    fake.server.set_limits(3, 1000);
    for remaining in ["2", "1", "0"] {
        let resp = fake
            .send(Method::GET, "/api/v1/common/enum/vat-codes.json", None)
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(resp.headers()["x-ratelimit-minutely-remaining"], remaining);
        assert_eq!(resp.headers()["x-ratelimit-minutely-limit"], "3");
    }
    let resp = fake
        .send(Method::GET, "/api/v1/common/enum/vat-codes.json", None)
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = resp.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(resp.headers()["x-ratelimit-minutely-remaining"], "0");
    assert_eq!(resp.headers()["x-ratelimit-daily-remaining"], "997");
    assert!(resp.headers().contains_key("x-ratelimit-daily-reset"));
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["error_message"], "Too Many Requests");
    let state = fake.server.snapshot();
    assert_eq!(state["rate_limited"], 1);
    assert_eq!(state["max_in_any_minute"], 3);
    assert_eq!(state["requests"]["total"], 4);
    assert_eq!(
        state["requests"]["by_route"]["GET /api/v1/common/enum/vat-codes.json"],
        4
    );
}

#[tokio::test]
async fn drop_after_apply_applies_but_the_client_gets_an_error() {
    let fake = Fake::start().await;
    fake.server.add_fault(Fault::DropAfterApply {
        times: 1,
        path_contains: Some("customers.json".into()),
        method: Some("POST".into()),
    });
    let result = fake
        .send(
            Method::POST,
            "/api/v1/customers.json",
            Some(json!({"name": "Visser"})),
        )
        .await;
    match result {
        Err(_) => {}
        Ok(resp) => assert!(
            resp.json::<Value>().await.is_err(),
            "expected no complete response"
        ),
    }
    let customers = fake.server.snapshot()["customers"].clone();
    assert_eq!(customers.as_array().unwrap().len(), 1);
    assert_eq!(customers[0]["name"], "Visser");
    // Consumed: the next one goes through.
    fake.call(
        Method::POST,
        "/api/v1/customers.json",
        Some(json!({"name": "Bakker"})),
        StatusCode::OK,
    )
    .await;
}

#[tokio::test]
async fn status_and_rate_limit_faults_via_control_api() {
    let fake = Fake::start().await;
    let base = fake.server.base_url();
    for fault in [
        json!({"kind": "status", "code": 503, "times": 1, "method": "POST"}),
        json!({"kind": "rate_limit", "times": 1, "retry_after": 7}),
    ] {
        let resp = fake
            .http
            .post(format!("{base}/_fake/faults"))
            .json(&fault)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    }
    let resp = fake
        .send(
            Method::POST,
            "/api/v1/customers.json",
            Some(json!({"name": "X"})),
        )
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
    let resp = fake
        .send(Method::GET, "/api/v1/common/employees.json", None)
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(resp.headers()["retry-after"], "7");
    let state: Value = fake
        .http
        .get(format!("{base}/_fake/state"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        state["customers"],
        json!([]),
        "503 did not apply the change"
    );
    assert_eq!(state["rate_limited"], 1);
}

#[tokio::test]
async fn stop_and_resume_keep_state() {
    let fake = Fake::start().await;
    let cid = fake.customer().await;
    let port = fake.server.port();
    fake.server.stop().await;
    assert!(
        fake.send(Method::GET, "/api/v1/common/employees.json", None)
            .await
            .is_err()
    );
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
    fake.server.resume().await.unwrap();
    assert_eq!(fake.server.port(), port);
    let c = fake
        .call(
            Method::GET,
            &format!("/api/v1/customers/{cid}.json"),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(c["name"], "Jansen");

    // The same through the control API.
    let resp = fake
        .http
        .post(format!("{}/_fake/down", fake.server.base_url()))
        .json(&json!({"seconds": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        fake.send(Method::GET, "/api/v1/common/employees.json", None)
            .await
            .is_err()
    );
    tokio::time::sleep(Duration::from_millis(1000)).await;
    fake.call(
        Method::GET,
        &format!("/api/v1/customers/{cid}.json"),
        None,
        StatusCode::OK,
    )
    .await;
}

#[tokio::test]
async fn list_orders_filters_and_paginates() {
    let fake = Fake::start().await;
    let cid = fake.customer().await;
    let oid = fake.object(cid).await;
    for _ in 0..5 {
        fake.order(cid, oid, json!([item("A", 1000, 10)])).await;
    }
    let other = fake.customer().await;
    let other_obj = fake.object(other).await;
    fake.order(other, other_obj, json!([])).await;

    let mut url = format!(
        "/api/v1/workshop/orders.json?customer_id={cid}&status_ids=7,8&date_from=2023-03-07&limit=2"
    );
    let mut seen = Vec::new();
    loop {
        let page = fake.call(Method::GET, &url, None, StatusCode::OK).await;
        assert_eq!(page["error"], false);
        for o in page["data"].as_array().unwrap() {
            seen.push(o["workshop_order_id"].as_i64().unwrap());
        }
        match page["pagination"]["next_url"].as_str() {
            Some(next) => {
                assert!(next.starts_with(&fake.server.base_url()), "{next}");
                assert!(next.contains("offset="), "{next}");
                url = next.trim_start_matches(&fake.server.base_url()).to_owned();
            }
            None => break,
        }
    }
    assert_eq!(seen, vec![900_000, 900_001, 900_002, 900_003, 900_004]);
    let none = fake
        .call(
            Method::GET,
            "/api/v1/workshop/orders.json?date_until=2023-03-06",
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(none["data"], json!([]));
    assert_eq!(none["pagination"]["next_url"], Value::Null);
    let status = fake
        .call(
            Method::GET,
            "/api/v1/workshop/orders.json?status_ids=1",
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(status["data"], json!([]));
}

#[tokio::test]
async fn binary_prints_its_address() {
    use tokio::io::AsyncBufReadExt;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_fake-cyclesoftware"))
        .args(["--port", "0", "--username", "u", "--password", "p"])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    tokio::io::BufReader::new(stdout)
        .read_line(&mut line)
        .await
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{line}");
    let resp = Client::new()
        .get(format!(
            "{base}/api/v1/common/enum/workshop-order-status.json"
        ))
        .basic_auth("u", Some("p"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["data"].as_array().unwrap().len(), 8);
    child.kill().await.unwrap();
}

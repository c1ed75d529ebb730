//! The CycleSoftware API routes (`/api/v1/...`), thin handlers over the
//! store.
//!
//! axum 0.8 captures whole path segments only, so `.../{file}` captures
//! `123.json` and `util::json_id` strips the suffix (anything else is 404).

use crate::catalog::{employees_json, enum_json};
use crate::server::FakeServer;
use crate::store::Find;
use crate::util::{ApiError, ApiResult, json_id, lock, parse_object, path_id};
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};

type Params = Query<Vec<(String, String)>>;

pub(crate) fn routes() -> Router<FakeServer> {
    Router::new()
        .route("/api/v1/customers.json", post(create_customer))
        .route(
            "/api/v1/customers/{file}",
            get(get_customer).put(put_customer),
        )
        .route(
            "/api/v1/customers/{cid}/objects.json",
            get(list_objects).post(create_object),
        )
        .route(
            "/api/v1/customers/{cid}/objects/{file}",
            get(get_object).put(put_object),
        )
        .route(
            "/api/v1/customers/{cid}/workshop-order.json",
            post(create_order),
        )
        .route(
            "/api/v1/customers/{cid}/workshop-order/{file}",
            get(get_order).put(put_order),
        )
        .route("/api/v1/workshop/orders.json", get(list_orders))
        .route("/api/v1/common/employees.json", get(employees))
        .route("/api/v1/common/enum/{file}", get(enum_values))
}

async fn create_customer(State(s): State<FakeServer>, body: Bytes) -> ApiResult {
    let body = parse_object(&body)?;
    lock(&s.shared().store).create_customer(body).map(Json)
}

async fn get_customer(
    State(s): State<FakeServer>,
    Path(file): Path<String>,
    Query(q): Params,
) -> ApiResult {
    let store = lock(&s.shared().store);
    if file == "find.json" {
        let param = |name: &str| {
            q.iter()
                .find(|(k, v)| k == name && !v.trim().is_empty())
                .map(|(_, v)| v.clone())
        };
        let find = Find {
            phone_number: param("phone_number"),
            email: param("email"),
            query: param("query"),
        };
        return store.find_customers(&find).map(Json);
    }
    store.customer(json_id(&file)?).map(Json)
}

async fn put_customer(
    State(s): State<FakeServer>,
    Path(file): Path<String>,
    body: Bytes,
) -> ApiResult {
    let id = json_id(&file)?;
    let body = parse_object(&body)?;
    lock(&s.shared().store).update_customer(id, body).map(Json)
}

async fn list_objects(State(s): State<FakeServer>, Path(cid): Path<String>) -> ApiResult {
    lock(&s.shared().store).objects_of(path_id(&cid)?).map(Json)
}

async fn create_object(
    State(s): State<FakeServer>,
    Path(cid): Path<String>,
    body: Bytes,
) -> ApiResult {
    let cid = path_id(&cid)?;
    let body = parse_object(&body)?;
    lock(&s.shared().store).create_object(cid, body).map(Json)
}

async fn get_object(
    State(s): State<FakeServer>,
    Path((cid, file)): Path<(String, String)>,
) -> ApiResult {
    lock(&s.shared().store)
        .object(path_id(&cid)?, json_id(&file)?)
        .map(Json)
}

async fn put_object(
    State(s): State<FakeServer>,
    Path((cid, file)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let (cid, id) = (path_id(&cid)?, json_id(&file)?);
    let body = parse_object(&body)?;
    lock(&s.shared().store)
        .update_object(cid, id, body)
        .map(Json)
}

async fn create_order(
    State(s): State<FakeServer>,
    Path(cid): Path<String>,
    body: Bytes,
) -> ApiResult {
    let cid = path_id(&cid)?;
    let body = parse_object(&body)?;
    lock(&s.shared().store).create_order(cid, body).map(Json)
}

async fn get_order(
    State(s): State<FakeServer>,
    Path((cid, file)): Path<(String, String)>,
) -> ApiResult {
    lock(&s.shared().store)
        .order(path_id(&cid)?, json_id(&file)?)
        .map(Json)
}

/// `?send_customer_messages=true` is accepted and ignored.
async fn put_order(
    State(s): State<FakeServer>,
    Path((cid, file)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let (cid, id) = (path_id(&cid)?, json_id(&file)?);
    let body = parse_object(&body)?;
    lock(&s.shared().store)
        .update_order(cid, id, body)
        .map(Json)
}

async fn list_orders(State(s): State<FakeServer>, Query(q): Params) -> ApiResult {
    let base_url = s.base_url();
    lock(&s.shared().store).list_orders(&q, &base_url).map(Json)
}

async fn employees() -> ApiResult {
    Ok(Json(employees_json()))
}

async fn enum_values(Path(file): Path<String>) -> ApiResult {
    file.strip_suffix(".json")
        .and_then(enum_json)
        .map(Json)
        .ok_or_else(ApiError::not_found)
}

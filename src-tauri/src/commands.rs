//! The Tauri commands: each one is a line or two that calls one `jobcard-app` function.
//!
//! Errors reach the UI as `AppError`'s JSON `{code, message, field?}`. The list here must
//! match `COMMANDS` in `build.rs`, which generates the permissions the capability grants.
//! Order input arrives as raw JSON and is parsed by the core, so a wrong type is reported with
//! its field path like any other input error.

use jobcard_app::dto::{Catalogue, CustomerMatch, OrderPage, OrderQuery, OrderView, PricePreview};
use jobcard_app::{Actor, App, AppError};
use tauri::{Runtime, State};

type Reply<T> = Result<T, AppError>;

/// Who the window acts as until sign-in arrives (issue 4).
fn desk() -> Actor {
    Actor::new("Counter")
}

pub fn register<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        list_orders,
        get_order,
        create_order,
        preview_order,
        set_order_status,
        find_customers,
        get_catalogue,
    ])
}

#[tauri::command]
async fn list_orders(app: State<'_, App>, query: OrderQuery) -> Reply<OrderPage> {
    app.list_orders(&query).await
}

#[tauri::command]
async fn get_order(app: State<'_, App>, number: String) -> Reply<OrderView> {
    app.get_order(&number).await
}

#[tauri::command]
async fn create_order(app: State<'_, App>, input: serde_json::Value) -> Reply<OrderView> {
    app.create_order(&desk(), jobcard_app::new_order_from_value(input)?).await
}

#[tauri::command]
async fn preview_order(app: State<'_, App>, input: serde_json::Value) -> Reply<PricePreview> {
    app.preview_order(&jobcard_app::new_order_from_value(input)?).await
}

#[tauri::command]
async fn set_order_status(app: State<'_, App>, number: String, status: String) -> Reply<OrderView> {
    app.set_order_status(&desk(), &number, &status).await
}

#[tauri::command]
async fn find_customers(app: State<'_, App>, text: String) -> Reply<Vec<CustomerMatch>> {
    app.find_customers(&text).await
}

#[tauri::command]
async fn get_catalogue(app: State<'_, App>) -> Reply<Catalogue> {
    app.catalogue().await
}

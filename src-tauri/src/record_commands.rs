//! The commands of the counter's records: an order's header, the customer page and the bike
//! page. Each is one call of a `jobcard-app` use case, which checks the roles; input arrives
//! as raw JSON and is read by the core, so a wrong type names its field like any other error.

use jobcard_app::dto::{
    CustomerEdit, CustomerPage, OrderHeaderInput, OrderView, RepairObjectEdit, RepairObjectPage,
};
use jobcard_app::{App, AppError, input_from_value};
use tauri::State;

use crate::session::Session;

type Reply<T> = Result<T, AppError>;

#[tauri::command]
pub async fn edit_order_header(
    app: State<'_, App>,
    session: State<'_, Session>,
    number: String,
    input: serde_json::Value,
    // The version of the order the window shows; a save on an order that moved on since is
    // refused (order_changed).
    expected_version: Option<i64>,
) -> Reply<OrderView> {
    let input: OrderHeaderInput = input_from_value(input)?;
    app.edit_order_header(&session.actor()?, &number, &input, expected_version)
        .await
}

#[tauri::command]
pub async fn customer_page(
    app: State<'_, App>,
    session: State<'_, Session>,
    id: String,
) -> Reply<CustomerPage> {
    session.actor()?;
    app.customer_page(&id).await
}

#[tauri::command]
pub async fn edit_customer(
    app: State<'_, App>,
    session: State<'_, Session>,
    id: String,
    input: serde_json::Value,
) -> Reply<CustomerPage> {
    let input: CustomerEdit = input_from_value(input)?;
    app.edit_customer(&session.actor()?, &id, &input).await
}

#[tauri::command]
pub async fn repair_object_page(
    app: State<'_, App>,
    session: State<'_, Session>,
    id: String,
) -> Reply<RepairObjectPage> {
    session.actor()?;
    app.repair_object_page(&id).await
}

#[tauri::command]
pub async fn edit_repair_object(
    app: State<'_, App>,
    session: State<'_, Session>,
    id: String,
    input: serde_json::Value,
) -> Reply<RepairObjectPage> {
    let input: RepairObjectEdit = input_from_value(input)?;
    app.edit_repair_object(&session.actor()?, &id, &input).await
}

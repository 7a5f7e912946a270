//! The commands the UI invokes. Each takes the state, calls one atelier-core
//! function, and converts its error.
//!
//! [`table!`] lists every command with the [`Action`] it needs: the handler
//! it builds refuses a command before it runs unless atelier-core says the
//! person signed in may do that action. A command missing from the table
//! does not exist for the UI.

mod customers;
mod session;
mod stock;
mod vehicles;

pub use customers::*;
pub use session::*;
pub use stock::*;
pub use vehicles::*;

use atelier_core::access::Action;
use atelier_core::{search, settings, sync};
use atelier_domain::Locale;
use serde::Serialize;
use tauri::ipc::Invoke;
use tauri::{Manager, Runtime, State};

use crate::{AppState, UiError};

macro_rules! table {
    ($($name:ident => $action:ident),* $(,)?) => {
        /// The action the command `name` needs, `None` for no such command.
        pub fn action(name: &str) -> Option<Action> {
            match name {
                $(stringify!($name) => Some(Action::$action),)*
                _ => None,
            }
        }

        /// Every command's name.
        #[cfg(test)]
        pub const NAMES: &[&str] = &[$(stringify!($name)),*];

        /// The invoke handler: every command, behind the permission gate.
        pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
            let commands: Box<dyn Fn(Invoke<R>) -> bool + Send + Sync> =
                Box::new(tauri::generate_handler![$($name),*]);
            move |invoke: Invoke<R>| {
                let verdict = {
                    let state = invoke.message.webview_ref().state::<AppState>();
                    match action(invoke.message.command()) {
                        Some(action) => state.authorize(action),
                        None => Err(UiError::unknown_command()),
                    }
                };
                match verdict {
                    Ok(()) => commands(invoke),
                    Err(refusal) => {
                        invoke.resolver.reject(refusal);
                        true
                    }
                }
            }
        }
    };
}

table! {
    app_info => Public,
    get_locale => Public,
    set_locale => Public,
    sync_status => Public,
    session_state => Public,
    switch_users => Public,
    first_run => Public,
    sign_in => Public,
    switch_user => Public,
    lock => Public,
    get_workshop => Station,
    save_workshop => Settings,
    set_workshop_logo => Settings,
    get_station => Station,
    save_station => Settings,
    list_users => ManageUsers,
    create_user => ManageUsers,
    update_user => ManageUsers,
    set_user_active => ManageUsers,
    list_audit => ReadAudit,
    record_history => ReadAudit,
    search => ReadCustomers,
    list_customers => ReadCustomers,
    get_customer => ReadCustomers,
    customer_page => ReadCustomers,
    create_customer => EditCustomers,
    update_customer => EditCustomers,
    archive_customer => EditCustomers,
    merge_customers => EditCustomers,
    anonymise_customer => EditCustomers,
    export_customer => ReadCustomers,
    import_customers => EditCustomers,
    export_customers_csv => ReadCustomers,
    list_vehicles => ReadVehicles,
    vehicle_page => ReadVehicles,
    create_vehicle => EditVehicles,
    update_vehicle => EditVehicles,
    transfer_vehicle => EditVehicles,
    record_mileage => RecordMileage,
    decode_vin => ReadVehicles,
    export_vehicles_csv => ReadCustomers,
    search_parts => ReadCatalogue,
    list_parts => ReadCatalogue,
    part_page => ReadCatalogue,
    negative_stock => ReadCatalogue,
    list_sites => ReadCatalogue,
    create_site => Settings,
    set_current_site => Settings,
    create_part => EditCatalogue,
    update_part => EditCatalogue,
    set_category_markup => EditCatalogue,
    receive_part => EditCatalogue,
    adjust_stock => EditCatalogue,
    return_to_supplier => EditCatalogue,
    transfer_stock => EditCatalogue,
    list_suppliers => EditCatalogue,
    create_supplier => EditCatalogue,
    link_supplier => EditCatalogue,
    unlink_supplier => EditCatalogue,
    low_stock => EditCatalogue,
    purchase_suggestions => EditCatalogue,
    create_suggested_purchase => EditCatalogue,
    list_purchases => EditCatalogue,
    get_purchase => EditCatalogue,
    create_purchase => EditCatalogue,
    add_purchase_line => EditCatalogue,
    remove_purchase_line => EditCatalogue,
    send_purchase => EditCatalogue,
    cancel_purchase => EditCatalogue,
    receive_purchase => EditCatalogue,
    purchase_order_pdf => EditCatalogue,
    start_stocktake => EditCatalogue,
    get_stocktake => EditCatalogue,
    record_counts => EditCatalogue,
    post_stocktake => EditCatalogue,
    count_sheet_pdf => EditCatalogue,
}

/// What the About section shows.
#[derive(Debug, Serialize)]
pub struct AppInfo {
    version: &'static str,
    data_dir: String,
    db_path: String,
}

/// Where a file the app wrote for the person went.
#[derive(Debug, Serialize)]
pub struct Written {
    path: String,
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, UiError> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        data_dir: state.data_dir().display().to_string(),
        db_path: state
            .data_dir()
            .join(atelier_core::DB_FILE_NAME)
            .display()
            .to_string(),
    })
}

#[tauri::command]
pub async fn get_locale(state: State<'_, AppState>) -> Result<Locale, UiError> {
    state.read(settings::locale).await
}

#[tauri::command]
pub async fn set_locale(state: State<'_, AppState>, locale: Locale) -> Result<Locale, UiError> {
    let chosen = state
        .write(move |tx, _| settings::set_locale(tx, locale))
        .await?;
    state.set_cached_locale(chosen);
    Ok(chosen)
}

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> Result<sync::SyncStatus, UiError> {
    state.read(sync::status).await
}

#[tauri::command]
pub async fn search(
    state: State<'_, AppState>,
    query: String,
    limit: Option<u32>,
) -> Result<Vec<search::Hit>, UiError> {
    let limit = limit.unwrap_or(12);
    state
        .read(move |conn| search::search(conn, &query, limit))
        .await
}

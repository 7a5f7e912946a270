//! The commands the UI invokes. Each takes the state, calls one atelier-core
//! function, and converts its error.
//!
//! [`table!`] lists every command with the [`Action`] it needs: the handler
//! it builds refuses a command before it runs unless atelier-core says the
//! person signed in may do that action. A command missing from the table
//! does not exist for the UI.

mod accounting;
mod archives;
mod assistant;
mod backups;
mod customers;
mod diagnosis;
mod encryption;
mod ereporting;
mod invoices;
mod orders;
mod planning;
mod reports;
mod session;
mod stock;
mod supplier_invoices;
mod syncing;
mod till;
mod updates;
mod vehicles;

pub use crate::opening::*;
pub use accounting::*;
pub use archives::*;
pub use assistant::*;
pub use backups::*;
pub use customers::*;
pub use diagnosis::*;
pub use encryption::*;
pub use ereporting::*;
pub use invoices::*;
pub use orders::*;
pub use planning::*;
pub use reports::*;
pub use session::*;
pub use stock::*;
pub use supplier_invoices::*;
pub use syncing::*;
pub use till::*;
pub use updates::*;
pub use vehicles::*;

use atelier_core::access::Action;
use atelier_core::pages::search;
use atelier_core::{settings, sync};
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
                    let command = invoke.message.command();
                    tracing::debug!(command, "invoked");
                    match (
                        action(command),
                        invoke.message.webview_ref().try_state::<AppState>(),
                    ) {
                        (None, _) => Err(UiError::unknown_command()),
                        // The gate, before the database is open.
                        (Some(Action::Public), None) if GATE.contains(&command) => Ok(()),
                        (Some(_), None) => Err(UiError::not_open()),
                        (Some(action), Some(state)) => state.authorize(action),
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

/// The commands the window may run before the station's database is open
/// (crate::opening): the others wait for it.
const GATE: &[&str] = &["station_gate", "unlock_station", "window_ready"];

table! {
    station_gate => Public,
    unlock_station => Public,
    window_ready => Public,
    recovery_key_pending => Settings,
    recovery_key_noted => Settings,
    show_recovery_key => Settings,
    encryption_state => Settings,
    app_info => Public,
    get_locale => Public,
    set_locale => Public,
    sync_status => Public,
    sync_now => Station,
    sync_enrol => Settings,
    sync_rejected => Station,
    sync_stations => Station,
    sync_conflicts => ReadCustomers,
    sync_keep => EditCustomers,
    sync_restore => EditCustomers,
    session_state => Public,
    switch_users => Public,
    first_run => Public,
    sync_join => Public,
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
    backup_state => Settings,
    set_backup_folder => Settings,
    backup_now => Settings,
    inspect_backup => Settings,
    restore_backup => Settings,
    offsite_backups => Settings,
    fetch_offsite => Settings,
    list_archives => Till,
    archives_due => Till,
    make_archive => Till,
    make_due_archives => Till,
    verify_archive => Till,
    export_diagnostic => Settings,
    update_server => Settings,
    set_update_server => Settings,
    check_update => Station,
    install_update => Settings,
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
    orders_board => ReadOrders,
    order_page => ReadOrders,
    create_order => EditOrders,
    update_order => EditOrders,
    add_order_line => EditOrders,
    update_order_line => EditOrders,
    remove_order_line => EditOrders,
    apply_canned_job => EditOrders,
    accept_estimate => EditOrders,
    change_order_status => EditOrders,
    reopen_order => EditOrders,
    add_supplement => EditOrders,
    approve_supplement => EditOrders,
    decline_supplement => EditOrders,
    vehicle_recommendations => ReadOrders,
    dismiss_recommendation => EditOrders,
    estimate_from_recommendations => EditOrders,
    add_step => EditOrders,
    remove_step => EditOrders,
    list_canned_jobs => ReadOrders,
    create_canned_job => EditOrders,
    update_canned_job => EditOrders,
    delete_canned_job => EditOrders,
    print_order => ReadOrders,
    bench_jobs => WorkJobs,
    job_card => WorkJobs,
    tick_step => WorkJobs,
    untick_step => WorkJobs,
    clock_job => WorkJobs,
    add_part_used => WorkJobs,
    add_bench_note => WorkJobs,
    mark_job_done => WorkJobs,
    start_inspection => WorkJobs,
    record_inspection_point => WorkJobs,
    inspection_of => WorkJobs,
    diagnosis_of => ReadVehicles,
    start_diagnosis => WorkJobs,
    record_codes => WorkJobs,
    record_codes_cleared => WorkJobs,
    read_car => WorkJobs,
    diagnosis_trees => ReadVehicles,
    vehicle_diagnoses => ReadVehicles,
    diagnosis_tree_form => Settings,
    save_diagnosis_tree => Settings,
    archive_diagnosis_tree => Settings,
    delete_diagnosis_tree => Settings,
    choose_diagnosis_tree => WorkJobs,
    answer_diagnosis => WorkJobs,
    finding_from_outcome => WorkJobs,
    canned_job_names => ReadCatalogue,
    clear_car_codes => WorkJobs,
    record_check => WorkJobs,
    add_finding => WorkJobs,
    write_up_diagnosis => WorkJobs,
    close_diagnosis => WorkJobs,
    reopen_diagnosis => WorkJobs,
    print_diagnosis => ReadVehicles,
    code_page => ReadVehicles,
    code_titles => ReadVehicles,
    set_code_title => Settings,
    diagnosis_fee => ReadVehicles,
    set_diagnosis_fee => Settings,
    obd_adapter => WorkJobs,
    set_obd_adapter => Settings,
    list_invoices => Invoices,
    invoice_page => Invoices,
    draft_invoice_from_order => Invoices,
    invoice_of_order => Invoices,
    draft_counter_sale => Invoices,
    update_invoice_draft => Invoices,
    discard_invoice_draft => Invoices,
    issue_invoice => Invoices,
    issue_credit_note => Invoices,
    record_payment => Invoices,
    record_deposit => Invoices,
    order_deposits => Invoices,
    reverse_payment => Invoices,
    unpaid_invoices => Invoices,
    customer_balance => Invoices,
    cash_summary => Invoices,
    invoice_pdf => Invoices,
    export_einvoice => Invoices,
    verify_invoices => Invoices,
    close_day => Invoices,
    day_closure => Invoices,
    check_integrity => Invoices,
    list_closures => Till,
    list_journal => Till,
    export_journal => Till,
    fiscal_year => Station,
    save_fiscal_year => Settings,
    ereporting_page => Till,
    save_ereporting_settings => Settings,
    save_exchange_folders => Settings,
    freeze_ereport_period => Till,
    send_ereport_period => Till,
    export_ereport_period => Till,
    send_invoice_to_platform => Invoices,
    fetch_platform_statuses => Invoices,
    invoice_exchange => Invoices,
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
    preview_supplier_invoice => EditCatalogue,
    import_supplier_invoice => EditCatalogue,
    supplier_invoice_matching => EditCatalogue,
    accept_supplier_invoice => EditCatalogue,
    reject_supplier_invoice => EditCatalogue,
    list_supplier_invoices => EditCatalogue,
    supplier_payables => EditCatalogue,
    mark_supplier_invoice_paid => EditCatalogue,
    einvoice_folder => Settings,
    set_einvoice_folder => Settings,
    dashboard => Station,
    report_revenue => Reports,
    report_productivity => Reports,
    report_parts => Reports,
    report_vat => Reports,
    report_ageing => Reports,
    export_report => Reports,
    accounting_form => Reports,
    save_accounts => Settings,
    export_fec => Reports,
    planning_board => Appointments,
    next_free_slot => Appointments,
    book_appointment => Appointments,
    reschedule_appointment => Appointments,
    set_appointment_status => Appointments,
    arrive_appointment => Appointments,
    appointment_history => Appointments,
    customer_appointments => ReadCustomers,
    list_resources => Appointments,
    create_resource => Settings,
    update_resource => Settings,
    set_resource_active => Settings,
    add_day_off => Settings,
    remove_day_off => Settings,
    list_days_off => Appointments,
    list_reminder_rules => Appointments,
    create_reminder_rule => Settings,
    update_reminder_rule => Settings,
    add_default_reminder_rules => Settings,
    due_reminders => Appointments,
    send_reminder => Appointments,
    customer_messages => ReadCustomers,
    resend_message => Appointments,
    message_settings => Settings,
    save_message_settings => Settings,
    message_template => Settings,
    save_message_template => Settings,
    ask => Station,
}

/// What the About section shows.
#[derive(Debug, Serialize)]
pub struct AppInfo {
    version: &'static str,
    data_dir: String,
    db_path: String,
    /// Where files go when the person names no folder.
    export_dir: String,
}

/// The environment variable that keeps printed papers from opening in the
/// system viewer (headless stations, tests): they are still written.
pub const NO_VIEWER_ENV: &str = "ATELIER_NO_VIEWER";

/// A paper written for the person, and whether the system viewer opened it.
#[derive(Debug, Serialize)]
pub struct Printed {
    path: String,
    opened: bool,
}

/// When `open`, opens `path` in the system's viewer for printing, unless
/// [`NO_VIEWER_ENV`] is set. A station without a viewer still has the file:
/// the UI then says where it is.
pub(crate) fn show(path: std::path::PathBuf, open: bool) -> Printed {
    let opened = open
        && std::env::var_os(NO_VIEWER_ENV).is_none_or(|v| v.is_empty())
        && open::that_detached(&path).is_ok();
    Printed {
        path: path.display().to_string(),
        opened,
    }
}

/// Where a file the app wrote for the person went.
#[derive(Debug, Serialize)]
pub struct Written {
    path: String,
}

/// The window's page is drawn (its sign-in screen, or the gate of a
/// database not open yet): the window is shown now, drawn (see
/// [`crate::show_window_anyway`]), and the time it took is logged, as the page
/// measured it — the epoch milliseconds of its navigation start, then
/// milliseconds from there to its modules run and to the screen ready — so
/// that a slow start on a workshop's PC can be read in its log (the start
/// benchmark, `bench-start`, reads it there).
#[tauri::command]
pub fn window_ready<R: Runtime>(
    window: tauri::WebviewWindow<R>,
    navigation_start: f64,
    modules: f64,
    ready: f64,
) {
    if let Err(error) = window.show() {
        tracing::warn!(%error, "the window could not be shown");
    }
    tracing::info!(navigation_start, modules, ready, "window ready");
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
        export_dir: state.export_dir().display().to_string(),
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
    state
        .read_at(|conn, _, locale| sync::status(conn, locale))
        .await
}

#[tauri::command]
pub async fn search(
    state: State<'_, AppState>,
    query: String,
    limit: Option<u32>,
) -> Result<Vec<search::Hit>, UiError> {
    let limit = limit.unwrap_or(12);
    state
        .read_at(move |conn, _, locale| search::find(conn, &query, limit, locale))
        .await
}

//! Stock commands: the catalogue, movements, purchasing and stocktakes.
//!
//! A `site_id` left out means this workstation's site, as atelier-core decides.

use atelier_core::stock::{
    self, Adjustment, CountLine, LowStock, Movement, Part, PartHit, PartInput, PartPage,
    PartSupplier, PurchaseLineInput, PurchaseOrder, Receipt, ReceiptLine, Site, StockLine,
    Stocktake, Suggestion, Supplier, SupplierInput, Transfer,
};
use atelier_core::text::today;
use atelier_domain::{
    PartId, PartSupplierId, PurchaseId, PurchaseLineId, SiteId, StocktakeId, SupplierId,
};
use tauri::State;

use super::Written;
use crate::{AppState, UiError};

#[tauri::command]
pub async fn search_parts(
    state: State<'_, AppState>,
    query: String,
    site_id: Option<SiteId>,
    limit: Option<u32>,
) -> Result<Vec<PartHit>, UiError> {
    let limit = limit.unwrap_or(20);
    let actor = state.require_actor()?;
    state
        .read(move |conn| stock::search(conn, &actor, &query, site_id, limit))
        .await
}

#[tauri::command]
pub async fn list_parts(
    state: State<'_, AppState>,
    site_id: Option<SiteId>,
    limit: Option<u32>,
    offset: Option<u32>,
) -> Result<Vec<StockLine>, UiError> {
    let (limit, offset) = (limit.unwrap_or(100), offset.unwrap_or_default());
    state
        .read(move |conn| stock::levels(conn, site_id, limit, offset))
        .await
}

#[tauri::command]
pub async fn part_page(state: State<'_, AppState>, id: PartId) -> Result<PartPage, UiError> {
    let actor = state.require_actor()?;
    state
        .read(move |conn| stock::part_page(conn, &actor, id))
        .await
}

#[tauri::command]
pub async fn negative_stock(
    state: State<'_, AppState>,
    site_id: Option<SiteId>,
) -> Result<Vec<StockLine>, UiError> {
    state.read(move |conn| stock::negative(conn, site_id)).await
}

#[tauri::command]
pub async fn list_sites(state: State<'_, AppState>) -> Result<Vec<Site>, UiError> {
    state.read(stock::list_sites).await
}

#[tauri::command]
pub async fn create_site(state: State<'_, AppState>, name: String) -> Result<Site, UiError> {
    state
        .write(move |tx, now| stock::create_site(tx, now, &name))
        .await
}

#[tauri::command]
pub async fn set_current_site(
    state: State<'_, AppState>,
    site_id: SiteId,
) -> Result<SiteId, UiError> {
    state
        .write(move |tx, _| stock::set_current_site(tx, site_id))
        .await
}

#[tauri::command]
pub async fn create_part(
    state: State<'_, AppState>,
    input: PartInput,
    site_id: Option<SiteId>,
) -> Result<Part, UiError> {
    state
        .write_at(move |tx, now, locale| stock::create_part(tx, now, site_id, &input, locale))
        .await
}

#[tauri::command]
pub async fn update_part(
    state: State<'_, AppState>,
    id: PartId,
    input: PartInput,
    site_id: Option<SiteId>,
) -> Result<Part, UiError> {
    state
        .write_at(move |tx, now, locale| stock::update_part(tx, now, id, site_id, &input, locale))
        .await
}

#[tauri::command]
pub async fn set_category_markup(
    state: State<'_, AppState>,
    category: String,
    markup: String,
) -> Result<(), UiError> {
    state
        .write(move |tx, now| stock::set_category_markup(tx, now, &category, &markup))
        .await
}

#[tauri::command]
pub async fn receive_part(state: State<'_, AppState>, input: Receipt) -> Result<Movement, UiError> {
    state
        .write_at(move |tx, now, locale| stock::receive(tx, now, &input, locale))
        .await
}

#[tauri::command]
pub async fn adjust_stock(
    state: State<'_, AppState>,
    input: Adjustment,
) -> Result<Movement, UiError> {
    state
        .write(move |tx, now| stock::adjust(tx, now, &input))
        .await
}

#[tauri::command]
pub async fn return_to_supplier(
    state: State<'_, AppState>,
    input: Adjustment,
) -> Result<Movement, UiError> {
    state
        .write(move |tx, now| stock::return_to_supplier(tx, now, &input))
        .await
}

#[tauri::command]
pub async fn transfer_stock(
    state: State<'_, AppState>,
    input: Transfer,
) -> Result<[Movement; 2], UiError> {
    state
        .write(move |tx, now| stock::transfer(tx, now, &input))
        .await
}

#[tauri::command]
pub async fn list_suppliers(state: State<'_, AppState>) -> Result<Vec<Supplier>, UiError> {
    state.read(stock::list_suppliers).await
}

#[tauri::command]
pub async fn create_supplier(
    state: State<'_, AppState>,
    input: SupplierInput,
) -> Result<Supplier, UiError> {
    state
        .write(move |tx, now| stock::create_supplier(tx, now, &input))
        .await
}

#[tauri::command]
pub async fn link_supplier(
    state: State<'_, AppState>,
    part_id: PartId,
    supplier_id: SupplierId,
    reference: Option<String>,
    price: String,
    preferred: Option<bool>,
) -> Result<PartSupplier, UiError> {
    state
        .write_at(move |tx, now, locale| {
            stock::link_supplier(
                tx,
                now,
                part_id,
                supplier_id,
                reference.as_deref(),
                &price,
                preferred.unwrap_or(false),
                locale,
            )
        })
        .await
}

#[tauri::command]
pub async fn unlink_supplier(
    state: State<'_, AppState>,
    id: PartSupplierId,
) -> Result<(), UiError> {
    state
        .write(move |tx, now| stock::unlink_supplier(tx, now, id))
        .await
}

#[tauri::command]
pub async fn low_stock(
    state: State<'_, AppState>,
    site_id: Option<SiteId>,
) -> Result<Vec<LowStock>, UiError> {
    state
        .read(move |conn| stock::low_stock(conn, site_id))
        .await
}

#[tauri::command]
pub async fn purchase_suggestions(
    state: State<'_, AppState>,
    site_id: Option<SiteId>,
) -> Result<Vec<Suggestion>, UiError> {
    state
        .read(move |conn| stock::suggestions(conn, site_id))
        .await
}

#[tauri::command]
pub async fn create_suggested_purchase(
    state: State<'_, AppState>,
    supplier_id: SupplierId,
    site_id: Option<SiteId>,
) -> Result<PurchaseOrder, UiError> {
    state
        .write_at(move |tx, now, locale| {
            stock::create_suggested(tx, now, site_id, supplier_id, locale)
        })
        .await
}

#[tauri::command]
pub async fn list_purchases(
    state: State<'_, AppState>,
    site_id: Option<SiteId>,
    open_only: Option<bool>,
) -> Result<Vec<PurchaseOrder>, UiError> {
    let open_only = open_only.unwrap_or(false);
    state
        .read(move |conn| stock::list_purchases(conn, site_id, open_only))
        .await
}

#[tauri::command]
pub async fn get_purchase(
    state: State<'_, AppState>,
    id: PurchaseId,
) -> Result<PurchaseOrder, UiError> {
    state.read(move |conn| stock::get_purchase(conn, id)).await
}

#[tauri::command]
pub async fn create_purchase(
    state: State<'_, AppState>,
    supplier_id: SupplierId,
    site_id: Option<SiteId>,
    lines: Vec<PurchaseLineInput>,
) -> Result<PurchaseOrder, UiError> {
    state
        .write_at(move |tx, now, locale| {
            stock::create_purchase(tx, now, supplier_id, site_id, &lines, locale)
        })
        .await
}

#[tauri::command]
pub async fn add_purchase_line(
    state: State<'_, AppState>,
    id: PurchaseId,
    line: PurchaseLineInput,
) -> Result<PurchaseOrder, UiError> {
    state
        .write_at(move |tx, now, locale| stock::add_purchase_line(tx, now, id, &line, locale))
        .await
}

#[tauri::command]
pub async fn remove_purchase_line(
    state: State<'_, AppState>,
    line_id: PurchaseLineId,
) -> Result<PurchaseOrder, UiError> {
    state
        .write(move |tx, now| stock::remove_purchase_line(tx, now, line_id))
        .await
}

#[tauri::command]
pub async fn send_purchase(
    state: State<'_, AppState>,
    id: PurchaseId,
) -> Result<PurchaseOrder, UiError> {
    state
        .write(move |tx, now| stock::send_purchase(tx, now, id))
        .await
}

#[tauri::command]
pub async fn cancel_purchase(
    state: State<'_, AppState>,
    id: PurchaseId,
) -> Result<PurchaseOrder, UiError> {
    state
        .write(move |tx, now| stock::cancel_purchase(tx, now, id))
        .await
}

#[tauri::command]
pub async fn receive_purchase(
    state: State<'_, AppState>,
    id: PurchaseId,
    receipts: Vec<ReceiptLine>,
) -> Result<PurchaseOrder, UiError> {
    state
        .write(move |tx, now| stock::receive_purchase(tx, now, id, &receipts))
        .await
}

/// Writes the purchase order's PDF in the export folder.
#[tauri::command]
pub async fn purchase_order_pdf(
    state: State<'_, AppState>,
    id: PurchaseId,
) -> Result<Written, UiError> {
    let dir = state.export_dir();
    let path = state
        .read_at(move |conn, now, locale| {
            stock::save_purchase_order_pdf(conn, id, locale, &today(now), &dir)
        })
        .await?;
    Ok(Written {
        path: path.display().to_string(),
    })
}

#[tauri::command]
pub async fn start_stocktake(
    state: State<'_, AppState>,
    site_id: Option<SiteId>,
) -> Result<Stocktake, UiError> {
    state
        .write(move |tx, now| stock::start_stocktake(tx, now, site_id))
        .await
}

#[tauri::command]
pub async fn get_stocktake(
    state: State<'_, AppState>,
    id: StocktakeId,
) -> Result<Stocktake, UiError> {
    state.read(move |conn| stock::get_stocktake(conn, id)).await
}

#[tauri::command]
pub async fn record_counts(
    state: State<'_, AppState>,
    id: StocktakeId,
    counts: Vec<CountLine>,
) -> Result<Stocktake, UiError> {
    state
        .write(move |tx, now| stock::record_counts(tx, now, id, &counts))
        .await
}

#[tauri::command]
pub async fn post_stocktake(
    state: State<'_, AppState>,
    id: StocktakeId,
) -> Result<Stocktake, UiError> {
    state
        .write_at(move |tx, now, locale| stock::post_stocktake(tx, now, id, locale))
        .await
}

/// Writes the stocktake's count sheet in the export folder.
#[tauri::command]
pub async fn count_sheet_pdf(
    state: State<'_, AppState>,
    id: StocktakeId,
) -> Result<Written, UiError> {
    let dir = state.export_dir();
    let path = state
        .read_at(move |conn, now, locale| {
            stock::save_count_sheet_pdf(conn, id, locale, &today(now), &dir)
        })
        .await?;
    Ok(Written {
        path: path.display().to_string(),
    })
}

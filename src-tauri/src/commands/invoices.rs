//! Invoice, credit note and payment commands.

use atelier_core::invoices::payments::{self, Payment, PaymentInput, Receipt};
use atelier_core::invoices::reports::{self, CashSummary, CustomerBalance, InvoiceQuery, Unpaid};
use atelier_core::invoices::{
    self, CreditNoteInput, DraftInput, Invoice, InvoiceSummary, Verification,
};
use atelier_core::text::today;
use atelier_domain::{CustomerId, InvoiceId, OrderId, PaymentId};
use tauri::State;

use super::Printed;
use crate::{AppState, UiError};

#[tauri::command]
pub async fn list_invoices(
    state: State<'_, AppState>,
    query: Option<InvoiceQuery>,
) -> Result<Vec<InvoiceSummary>, UiError> {
    let q = query.unwrap_or_default();
    state
        .read_at(move |conn, now, _| invoices::list(conn, &q, &today(now)))
        .await
}

#[tauri::command]
pub async fn invoice_page(state: State<'_, AppState>, id: InvoiceId) -> Result<Invoice, UiError> {
    state
        .read_at(move |conn, now, _| invoices::get(conn, id, &today(now)))
        .await
}

/// The draft invoice of a done repair order (the same draft when asked again).
#[tauri::command]
pub async fn draft_invoice_from_order(
    state: State<'_, AppState>,
    order_id: OrderId,
) -> Result<Invoice, UiError> {
    let actor = state.require_actor()?;
    state
        .write(move |tx, now| invoices::draft_from_order(tx, now, &actor, order_id))
        .await
}

/// The invoice (issued, else the live draft) of an order, if it has one.
#[tauri::command]
pub async fn invoice_of_order(
    state: State<'_, AppState>,
    order_id: OrderId,
) -> Result<Option<InvoiceId>, UiError> {
    state
        .read(move |conn| invoices::of_order(conn, order_id))
        .await
}

#[tauri::command]
pub async fn draft_counter_sale(
    state: State<'_, AppState>,
    input: DraftInput,
) -> Result<Invoice, UiError> {
    let actor = state.require_actor()?;
    state
        .write_at(move |tx, now, locale| {
            invoices::draft_counter_sale(tx, now, &actor, &input, locale)
        })
        .await
}

#[tauri::command]
pub async fn update_invoice_draft(
    state: State<'_, AppState>,
    id: InvoiceId,
    input: DraftInput,
) -> Result<Invoice, UiError> {
    state
        .write_at(move |tx, now, locale| invoices::update_draft(tx, now, id, &input, locale))
        .await
}

#[tauri::command]
pub async fn discard_invoice_draft(
    state: State<'_, AppState>,
    id: InvoiceId,
) -> Result<(), UiError> {
    state
        .write(move |tx, now| invoices::discard_draft(tx, now, id))
        .await
}

/// Issues the draft `id` (number, frozen content, chain: one transaction),
/// then renders and stores its PDF in a second one. The invoice is issued
/// once the first commits; if storing the PDF fails or the station stops
/// in between, nothing is lost: the next print stores it from the frozen
/// content ([`invoice_pdf`]).
#[tauri::command]
pub async fn issue_invoice(state: State<'_, AppState>, id: InvoiceId) -> Result<Invoice, UiError> {
    let actor = state.require_actor()?;
    let invoice = state
        .write(move |tx, now| invoices::issue(tx, now, &actor, id))
        .await?;
    store_pdf(&state, id).await;
    Ok(invoice)
}

/// Issues a credit note, then stores its PDF, as [`issue_invoice`] does.
#[tauri::command]
pub async fn issue_credit_note(
    state: State<'_, AppState>,
    input: CreditNoteInput,
) -> Result<Invoice, UiError> {
    let actor = state.require_actor()?;
    let note = state
        .write_at(move |tx, now, locale| invoices::credit_note(tx, now, &actor, &input, locale))
        .await?;
    store_pdf(&state, note.summary.id).await;
    Ok(note)
}

/// Stores the PDF of a document just issued. A failure is logged, not
/// returned: the document is issued and chained, and its first print
/// stores the PDF.
async fn store_pdf(state: &State<'_, AppState>, id: InvoiceId) {
    let stored = state
        .write(move |tx, now| invoices::store_pdf(tx, now, id).map(drop))
        .await;
    if let Err(e) = stored {
        tracing::warn!(
            code = e.code,
            "invoice PDF not stored after issue; the next print stores it"
        );
    }
}

#[tauri::command]
pub async fn record_payment(
    state: State<'_, AppState>,
    invoice_id: InvoiceId,
    input: PaymentInput,
) -> Result<Receipt, UiError> {
    let actor = state.require_actor()?;
    state
        .write_at(move |tx, now, locale| {
            payments::record_payment(tx, now, &actor, invoice_id, &input, locale)
        })
        .await
}

#[tauri::command]
pub async fn record_deposit(
    state: State<'_, AppState>,
    order_id: OrderId,
    input: PaymentInput,
) -> Result<Payment, UiError> {
    let actor = state.require_actor()?;
    state
        .write_at(move |tx, now, locale| {
            payments::record_deposit(tx, now, &actor, order_id, &input, locale)
        })
        .await
}

/// The deposits taken on an order before its invoice, oldest first.
#[tauri::command]
pub async fn order_deposits(
    state: State<'_, AppState>,
    order_id: OrderId,
) -> Result<Vec<Payment>, UiError> {
    state
        .read(move |conn| payments::deposits_of_order(conn, order_id))
        .await
}

#[tauri::command]
pub async fn reverse_payment(
    state: State<'_, AppState>,
    payment_id: PaymentId,
    reason: Option<String>,
) -> Result<Payment, UiError> {
    let actor = state.require_actor()?;
    state
        .write(move |tx, now| {
            payments::reverse_payment(tx, now, &actor, payment_id, reason.as_deref())
        })
        .await
}

#[tauri::command]
pub async fn unpaid_invoices(state: State<'_, AppState>) -> Result<Unpaid, UiError> {
    state
        .read_at(move |conn, now, _| reports::unpaid(conn, None, &today(now)))
        .await
}

#[tauri::command]
pub async fn customer_balance(
    state: State<'_, AppState>,
    customer_id: CustomerId,
) -> Result<CustomerBalance, UiError> {
    state
        .read_at(move |conn, now, _| reports::customer_balance(conn, customer_id, &today(now)))
        .await
}

/// The takings of `day` (YYYY-MM-DD), today when none is given.
#[tauri::command]
pub async fn cash_summary(
    state: State<'_, AppState>,
    day: Option<String>,
) -> Result<CashSummary, UiError> {
    state
        .read_at(move |conn, now, _| {
            reports::cash_summary(conn, &day.unwrap_or_else(|| today(now)))
        })
        .await
}

/// Writes the issued PDF in the export folder and, when `open` is set, opens
/// it in the system's viewer, from which it prints. A PDF not stored yet
/// (the station stopped right after issue) is rendered from the frozen
/// content and stored first, so this is a write.
#[tauri::command]
pub async fn invoice_pdf(
    state: State<'_, AppState>,
    id: InvoiceId,
    open: Option<bool>,
) -> Result<Printed, UiError> {
    let dir = state.export_dir();
    let path = state
        .write(move |tx, now| invoices::write_pdf(tx, now, id, &dir))
        .await?;
    Ok(super::show(path, open.unwrap_or(false)))
}

/// Writes the issued document `id` as an electronic invoice in the export
/// folder — `facturx` (the stored PDF/A-3 with its CII), `cii` or `ubl` (UBL
/// 2.1, which some customers' platforms prefer) — and says where.
#[tauri::command]
pub async fn export_einvoice(
    state: State<'_, AppState>,
    id: InvoiceId,
    format: atelier_core::invoices::einvoice::EinvoiceFormat,
) -> Result<Printed, UiError> {
    let dir = state.export_dir();
    let path = state
        .read(move |conn| atelier_core::invoices::export::write_file(conn, id, format, &dir))
        .await?;
    Ok(super::show(path, false))
}

#[tauri::command]
pub async fn verify_invoices(state: State<'_, AppState>) -> Result<Verification, UiError> {
    state
        .read_at(move |conn, _, locale| invoices::verify_in(conn, locale))
        .await
}

//! Parts inventory and purchasing: the catalogue, stock as movements, the
//! repair orders' consumption, purchase orders and stocktakes.
//!
//! Stock is never a stored quantity two stations could overwrite: every change
//! is an append-only [`Movement`], and on hand at a site is the sum of its
//! movements (DESIGN.md, Sync). A per-site summary (`stock_levels`) is kept
//! beside them for speed; each of its columns is a sum too, so movements from
//! other stations can be applied in any order ([`apply`]) and the summary
//! still equals a full recount ([`recount`]).
//!
//! Negative stock is allowed (a part used before its receipt was entered) and
//! listed ([`negative`]). Stock is valued at the weighted average cost of the
//! receipts, a sum as well, so every replica agrees on it.

mod catalogue;
mod consumption;
mod documents;
mod entries;
mod equivalents;
mod low_stock;
mod movements;
mod part;
mod part_sites;
mod purchasing;
mod refs;
mod sites;
mod stocktake;
mod suppliers;
mod words;

#[cfg(test)]
mod tests;

pub(crate) use catalogue::{Derived, set_cost};
pub use catalogue::{
    Part, PartInput, PartPage, PartSite, Unit, create_part, get_part, part_page,
    set_category_markup, update_part,
};
pub(crate) use consumption::{follow_line, follow_order};
pub use documents::{
    count_sheet_pdf, purchase_order_pdf, save_count_sheet_pdf, save_purchase_order_pdf,
};
pub use entries::{Adjustment, Receipt, Transfer, adjust, receive, return_to_supplier, transfer};
pub use equivalents::Equivalent;
pub use low_stock::{LowStock, Suggestion, create_suggested, low_stock, suggestions};
pub use movements::{
    Level, Movement, MovementKind, StockLine, apply, history, level, levels, negative, on_hand,
    recount,
};
pub(crate) use purchasing::receive_invoiced;
pub use purchasing::{
    PurchaseLine, PurchaseLineInput, PurchaseOrder, PurchaseStatus, ReceiptLine, add_purchase_line,
    cancel_purchase, create_purchase, get_purchase, list_purchases, receive_purchase,
    remove_purchase_line, send_purchase,
};
pub(crate) use refs::by_reference;
pub use refs::{PartHit, normalise_reference, search};
pub use sites::{MAIN_SITE, Site, create_site, current_site, list_sites, set_current_site};
pub(crate) use sites::{require_site, site_or_here};
pub use stocktake::{
    CountLine, Stocktake, StocktakeLine, get_stocktake, post_stocktake, record_counts,
    start_stocktake,
};
pub use suppliers::{
    PartSupplier, Supplier, SupplierInput, create_supplier, link_supplier, list_suppliers,
    unlink_supplier,
};
pub(crate) use suppliers::{learn_identity, siren, vat_number};

//! The texts of `atelier einvoice import`: what it read from a supplier's
//! invoice, the purchase order it bills and each line's difference.

use std::path::Path;

use atelier_core::einvoice::inbound::OrderBy;
use atelier_domain::Locale;

/// The file to import could not be read.
pub(crate) fn cannot_read(locale: Locale, file: &Path, e: &std::io::Error) -> String {
    match locale {
        Locale::Fr => format!("Impossible de lire {} : {e}", file.display()),
        Locale::En => format!("Cannot read {}: {e}", file.display()),
    }
}

/// The last line: the invoice is imported, and `received` into stock or
/// waiting to be.
pub(crate) fn imported(locale: Locale, received: bool) -> &'static str {
    match (received, locale) {
        (true, Locale::Fr) => {
            "Importée et réceptionnée : les pièces sont entrées en stock au prix facturé."
        }
        (true, Locale::En) => {
            "Imported and received: the parts are in stock at the invoiced price."
        }
        (false, Locale::Fr) => "Importée : à réceptionner depuis la commande, ou à refuser.",
        (false, Locale::En) => "Imported: receive it from the purchase order, or reject it.",
    }
}

/// The invoice read: its `number`, its `seller`, its `syntax`, the day it
/// was `issued` and the day it is `due` (both formatted).
pub(crate) fn invoice(
    locale: Locale,
    number: &str,
    seller: &str,
    syntax: &str,
    issued: &str,
    due: &str,
) -> String {
    match locale {
        Locale::Fr => {
            format!("Facture {number} de « {seller} » ({syntax}), du {issued}, échéance {due}")
        }
        Locale::En => {
            format!("Invoice {number} from “{seller}” ({syntax}), dated {issued}, due {due}")
        }
    }
}

/// The invoice's amounts (formatted): net, VAT, gross and what is left to
/// pay. The French abbreviations are kept in English.
pub(crate) fn amounts(locale: Locale, net: &str, vat: &str, gross: &str, due: &str) -> String {
    let to_pay = match locale {
        Locale::Fr => "à payer",
        Locale::En => "due",
    };
    format!("  HT {net} · TVA {vat} · TTC {gross} · {to_pay} {due}")
}

/// The supplier the invoice was filed under.
pub(crate) fn supplier(locale: Locale, name: &str) -> String {
    match locale {
        Locale::Fr => format!("  Fournisseur : {name}"),
        Locale::En => format!("  Supplier: {name}"),
    }
}

/// The purchase order the invoice bills, its `number`, and how it was found
/// (by the reference the invoice gives, else by its lines).
pub(crate) fn purchase_order(locale: Locale, number: &str, by: Option<OrderBy>) -> String {
    let how = match (by, locale) {
        (Some(OrderBy::Reference), Locale::Fr) => "par sa référence",
        (Some(OrderBy::Reference), Locale::En) => "by its reference",
        (_, Locale::Fr) => "par ses lignes",
        (_, Locale::En) => "by its lines",
    };
    match locale {
        Locale::Fr => format!("  Commande : {number} ({how})"),
        Locale::En => format!("  Purchase order: {number} ({how})"),
    }
}

/// No open purchase order of the supplier is the one the invoice bills.
pub(crate) fn no_purchase_order(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => "  Commande : aucune commande ouverte de ce fournisseur ne correspond.",
        Locale::En => "  Purchase order: no open order of this supplier matches.",
    }
}

/// A line of the purchase order the invoice does not bill, with the
/// quantity still `outstanding` (formatted).
pub(crate) fn not_invoiced(
    locale: Locale,
    reference: &str,
    description: &str,
    outstanding: &str,
) -> String {
    match locale {
        Locale::Fr => {
            format!("  – {reference} {description} : commandé, non facturé ({outstanding} restant)")
        }
        Locale::En => format!(
            "  – {reference} {description}: ordered, not invoiced ({outstanding} outstanding)"
        ),
    }
}

/// After an invoiced line: what was `ordered` (quantity × price,
/// formatted) and whether the quantity and the price differ.
pub(crate) fn ordered(
    locale: Locale,
    ordered: &str,
    quantity_differs: bool,
    price_differs: bool,
) -> String {
    let (label, quantity, price) = match locale {
        Locale::Fr => ("commandé", "quantité différente", "prix différent"),
        Locale::En => ("ordered", "quantity differs", "price differs"),
    };
    let mut notes = Vec::new();
    if quantity_differs {
        notes.push(quantity);
    }
    if price_differs {
        notes.push(price);
    }
    if notes.is_empty() {
        format!(" ({label} {ordered})")
    } else {
        format!(" ({label} {ordered}) — {}", notes.join(", "))
    }
}

/// After an invoiced line that is not on the purchase order.
pub(crate) fn not_on_order(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => " — hors commande",
        Locale::En => " — not on the order",
    }
}

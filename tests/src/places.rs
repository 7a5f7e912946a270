//! The places of the owner's app in the demo workshop: every screen and the
//! main dialogs, with the demo's own records in their addresses. The tour
//! photographs and checks each; the memory benchmark walks the screens.

use anyhow::{Context, Result};
use atelier_core::Db;

/// A place of the owner's app: its name (for pictures and reports), its
/// address, and the button that opens a dialog there, if it is a dialog.
#[derive(Debug, Clone)]
pub struct Stop {
    /// A short name: `customers`, `order-line`.
    pub name: String,
    /// The screen's address, `#/clients/…`.
    pub hash: String,
    /// The button that opens the dialog, if this place is a dialog.
    pub opens: Option<&'static str>,
    /// Clicked once the dialog is open (a save with nothing typed, to see its error).
    pub then: Option<&'static str>,
}

/// A screen.
pub fn stop(name: &str, hash: &str) -> Stop {
    Stop {
        name: name.into(),
        hash: hash.into(),
        opens: None,
        then: None,
    }
}

/// A dialog, opened by `button` on the screen at `hash`.
pub fn dialog(name: &str, hash: &str, button: &'static str) -> Stop {
    Stop {
        name: name.into(),
        hash: hash.into(),
        opens: Some(button),
        then: None,
    }
}

/// The first id `sql` finds in the demo workshop's database.
pub fn first_id(db: &Db, sql: &str) -> Result<String> {
    db.conn()
        .query_row(sql, [], |r| r.get(0))
        .with_context(|| format!("the demo workshop has none: {sql}"))
}

/// Every screen the owner has, and the main dialogs, with the demo's records.
pub fn stops(db: &Db) -> Result<Vec<Stop>> {
    let customer = first_id(
        db,
        "SELECT c.id FROM customers c JOIN orders o ON o.customer_id = c.id \
         JOIN invoices i ON i.customer_id = c.id GROUP BY c.id ORDER BY count(*) DESC LIMIT 1",
    )?;
    let vehicle = first_id(
        db,
        "SELECT vehicle_id FROM orders WHERE vehicle_id IS NOT NULL GROUP BY vehicle_id ORDER BY count(*) DESC LIMIT 1",
    )?;
    let order = |status: &str| {
        first_id(
            db,
            &format!(
                "SELECT o.id FROM orders o WHERE o.status = '{status}' \
                 ORDER BY (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id) DESC LIMIT 1"
            ),
        )
    };
    let invoice = first_id(
        db,
        "SELECT id FROM invoices WHERE order_id IS NOT NULL ORDER BY issued_on DESC LIMIT 1",
    )?;
    let part = first_id(db, "SELECT id FROM parts ORDER BY reference LIMIT 1")?;
    let (estimate, working, done) = (order("estimate")?, order("in_progress")?, order("done")?);
    Ok(vec![
        stop("home", "#/accueil"),
        stop("customers", "#/clients"),
        dialog("customer-new", "#/clients", "#new-customer"),
        Stop {
            then: Some("#customer-save"),
            ..dialog("customer-new-refused", "#/clients", "#new-customer")
        },
        stop("customer", &format!("#/clients/{customer}")),
        stop("customer-import", "#/clients/import"),
        stop("vehicles", "#/vehicules"),
        dialog("vehicle-new", "#/vehicules", "#new-vehicle"),
        stop("vehicle", &format!("#/vehicules/{vehicle}")),
        dialog(
            "vehicle-edit",
            &format!("#/vehicules/{vehicle}"),
            "#vehicle-edit",
        ),
        stop("orders", "#/ordres"),
        dialog("order-new", "#/ordres", "#new-order"),
        stop("order-estimate", &format!("#/ordres/{estimate}")),
        dialog("order-line", &format!("#/ordres/{estimate}"), "#add-line"),
        stop("order-in-progress", &format!("#/ordres/{working}")),
        stop("order-done", &format!("#/ordres/{done}")),
        stop("canned-jobs", "#/ordres/forfaits"),
        dialog("canned-new", "#/ordres/forfaits", "#new-canned"),
        stop("bench", "#/atelier"),
        stop("bench-job", &format!("#/atelier/{working}")),
        stop("planning", "#/planning"),
        dialog("planning-book", "#/planning", "#planning-book"),
        stop("stock", "#/stock"),
        dialog("stock-new-part", "#/stock", "#new-part"),
        stop("stock-part", &format!("#/stock/pieces/{part}")),
        stop("stock-reorder", "#/stock/reappro"),
        stop("stock-purchases", "#/stock/commandes"),
        stop("stock-supplier-invoices", "#/stock/factures"),
        stop("stock-count", "#/stock/inventaire"),
        stop("invoices", "#/factures"),
        dialog("counter-sale", "#/factures", "#new-counter-sale"),
        stop("invoice", &format!("#/factures/{invoice}")),
        stop("cash", "#/factures/caisse"),
        stop("reports", "#/rapports"),
        stop("settings", "#/reglages"),
        stop("users", "#/reglages/utilisateurs"),
        stop("audit", "#/reglages/journal"),
        stop("till", "#/reglages/registre"),
        stop("e-reporting", "#/reglages/e-reporting"),
        stop("planning-settings", "#/reglages/planning"),
        stop("diagnosis-trees", "#/reglages/arbres"),
        stop(
            "diagnosis-tree",
            "#/reglages/arbres/00000000-d1a9-4000-8000-000000000005",
        ),
        stop("sync", "#/synchro"),
    ])
}

//! The screens an answer opens, at their addresses in the app (ui/app.js,
//! `routes` and `subRoutes`).

use std::fmt::Display;

use super::Link;

fn to(route: String, label: &str) -> Link {
    Link {
        label: label.to_owned(),
        route,
    }
}

/// A customer's page.
pub(super) fn customer(id: impl Display, label: &str) -> Link {
    to(format!("#/clients/{id}"), label)
}

/// A vehicle's page.
pub(super) fn vehicle(id: impl Display, label: &str) -> Link {
    to(format!("#/vehicules/{id}"), label)
}

/// An estimate's or repair order's page.
pub(super) fn order(id: impl Display, label: &str) -> Link {
    to(format!("#/ordres/{id}"), label)
}

/// A job card at the bench: the order as a mechanic opens it.
pub(super) fn job(id: impl Display, label: &str) -> Link {
    to(format!("#/atelier/{id}"), label)
}

/// An invoice's or credit note's page.
pub(super) fn invoice(id: impl Display, label: &str) -> Link {
    to(format!("#/factures/{id}"), label)
}

/// A part's page in the catalogue.
pub(super) fn part(id: impl Display, label: &str) -> Link {
    to(format!("#/stock/pieces/{id}"), label)
}

/// A screen without a record: `route` is one of the app's own.
pub(super) fn screen(route: Screen, label: &str) -> Link {
    to(route.route().to_owned(), label)
}

/// The app's screens that show a list rather than one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Screen {
    Home,
    Orders,
    Bench,
    Planning,
    Invoices,
    Till,
    Reorder,
    Purchases,
    Reports,
}

impl Screen {
    fn route(self) -> &'static str {
        match self {
            Screen::Home => "#/accueil",
            Screen::Orders => "#/ordres",
            Screen::Bench => "#/atelier",
            Screen::Planning => "#/planning",
            Screen::Invoices => "#/factures",
            Screen::Till => "#/factures/caisse",
            Screen::Reorder => "#/stock/reappro",
            Screen::Purchases => "#/stock/commandes",
            Screen::Reports => "#/rapports",
        }
    }
}

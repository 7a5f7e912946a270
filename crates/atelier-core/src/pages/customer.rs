//! The customer: their page, with their vehicles and open work. Everything
//! Atelier holds about them (the GDPR export) is [`crate::privacy::export`].

use atelier_domain::CustomerId;
use rusqlite::Connection;
use serde::Serialize;

use crate::access::Actor;
use crate::customers::{Customer, resolve};
use crate::orders::board;
use crate::{Result, vehicles};

/// Everything the customer page shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CustomerPage {
    /// The customer (the surviving one, when the id asked for was merged).
    pub customer: Customer,
    /// Their vehicles, by plate.
    pub vehicles: Vec<vehicles::VehicleSummary>,
    /// Their estimates and repair orders not yet invoiced nor cancelled.
    pub open_work: Vec<board::BoardRow>,
}

/// The customer page of `id`, following merge aliases to the record that
/// stands for it now.
pub fn page(conn: &Connection, id: CustomerId) -> Result<CustomerPage> {
    let customer = resolve(conn, id)?;
    let vehicles = vehicles::of_customer(conn, customer.id)?;
    // Whoever may read a customer may see prices: the rows carry their totals.
    let filter = board::BoardFilter {
        customer_id: Some(customer.id),
        ..Default::default()
    };
    let open_work = board::board(conn, &Actor::system(), &filter)?;
    Ok(CustomerPage {
        customer,
        vehicles,
        open_work,
    })
}

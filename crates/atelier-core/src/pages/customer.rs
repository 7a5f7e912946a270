//! The customer: their page, with their vehicles and open work, the
//! consent they withdrew and the ratings they gave. Everything
//! Atelier holds about them (the GDPR export) is [`crate::privacy::export`].

use atelier_domain::CustomerId;
use rusqlite::Connection;
use serde::Serialize;

use crate::access::Actor;
use crate::customers::consent::{Channel, Withdrawal, has_withdrawn, withdrawals_of};
use crate::customers::{Customer, resolve};
use crate::orders::board;
use crate::satisfaction::{self, Summary};
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
    /// Whether they withdrew their consent by e-mail (and did not give it
    /// again since).
    pub email_withdrawn: bool,
    /// Whether they withdrew it by SMS.
    pub sms_withdrawn: bool,
    /// Their withdrawals, newest first, kept as proof.
    pub withdrawals: Vec<Withdrawal>,
    /// The ratings they gave.
    pub ratings: Summary,
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
        email_withdrawn: has_withdrawn(conn, customer.id, Channel::Email)?,
        sms_withdrawn: has_withdrawn(conn, customer.id, Channel::Sms)?,
        withdrawals: withdrawals_of(conn, customer.id)?,
        ratings: satisfaction::of_customer(conn, customer.id)?,
        customer,
        vehicles,
        open_work,
    })
}

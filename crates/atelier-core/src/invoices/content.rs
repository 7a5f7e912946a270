//! What an issued invoice prints, frozen at issue: the seller's and buyer's
//! identities as they were that day, the vehicle, the lines, the discount,
//! the deposits, the dates and terms. Later edits of the customer, the
//! workshop or the order never reach an issued invoice.

use atelier_domain::{CustomerId, Locale, Money, VehicleId};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::{InvoiceKind, InvoiceLine};
use crate::customers::{self, CustomerKind};
use crate::orders::OrderDiscount;
use crate::{Error, Result, workshop};

/// An issued invoice's or credit note's content, exactly as printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Content {
    /// Invoice or credit note.
    pub kind: InvoiceKind,
    /// Its number.
    pub number: String,
    /// Issue date (YYYY-MM-DD).
    pub issued_on: String,
    /// When the work was done or the goods sold (YYYY-MM-DD).
    pub work_date: String,
    /// Due date (YYYY-MM-DD).
    pub due_on: String,
    /// Payment terms in days (0: on receipt).
    pub payment_terms_days: u16,
    /// The language it is printed in: the customer's.
    pub locale: Locale,
    /// The workshop's name.
    pub seller_name: String,
    /// The workshop's letterhead lines: legal form and capital, address,
    /// SIRET and RCS, VAT number, contact.
    pub seller_lines: Vec<String>,
    /// The customer.
    pub buyer: Buyer,
    /// The vehicle worked on.
    pub vehicle: Option<VehicleRef>,
    /// The repair order's number.
    pub order_number: Option<String>,
    /// The invoice a credit note corrects.
    pub credited: Option<CreditedRef>,
    /// The lines.
    pub lines: Vec<InvoiceLine>,
    /// The whole-invoice discount.
    pub discount: OrderDiscount,
    /// Deposits received before the invoice, deducted from what is left to pay.
    pub deposits: Money,
    /// Free text printed under the totals (a credit note's reason).
    pub notes: Option<String>,
}

/// The customer as printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buyer {
    /// The customer's id.
    pub id: CustomerId,
    /// Name (company name for a business).
    pub name: String,
    /// Address lines.
    pub address: Vec<String>,
    /// A business customer: SIREN, VAT number, late penalties and the 40 € indemnity print.
    pub business: bool,
    /// SIREN or SIRET, grouped for reading.
    pub registration: Option<String>,
    /// Intra-EU VAT number.
    pub vat_number: Option<String>,
}

/// The vehicle as printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VehicleRef {
    /// The vehicle's id.
    pub id: VehicleId,
    /// Registration plate.
    pub plate: Option<String>,
    /// Make and model.
    pub label: Option<String>,
    /// VIN.
    pub vin: Option<String>,
    /// The odometer at drop-off, in km.
    pub mileage_km: Option<i64>,
}

/// The invoice a credit note corrects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditedRef {
    /// Its number.
    pub number: String,
    /// Its issue date.
    pub issued_on: String,
}

/// The workshop's name and letterhead in `locale`; empty before set-up.
pub(super) fn seller(conn: &Connection, locale: Locale) -> Result<(String, Vec<String>)> {
    match workshop::get(conn) {
        Ok(w) => Ok((w.name.clone(), w.letterhead(locale))),
        Err(Error::NotFound { .. }) => Ok((String::new(), Vec::new())),
        Err(e) => Err(e),
    }
}

/// The customer as they are now, to be frozen, with their language and terms.
pub(super) fn buyer(conn: &Connection, id: CustomerId) -> Result<(Buyer, Locale, u16)> {
    let c = customers::get_any(conn, id)?;
    let town = [c.postal_code.as_deref(), c.city.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let mut address: Vec<String> = [c.address_line1, c.address_line2, Some(town)]
        .into_iter()
        .flatten()
        .filter(|l| !l.is_empty())
        .collect();
    if c.country != "FR" {
        address.push(c.country.clone());
    }
    let business = c.kind == CustomerKind::Company;
    Ok((
        Buyer {
            id,
            name: c.display_name,
            address,
            business,
            registration: c.registration_display.filter(|_| business),
            vat_number: c.vat_number,
        },
        c.language,
        c.payment_terms_days.unwrap_or(0),
    ))
}

/// The vehicle as it is now, with the order's drop-off mileage.
pub(super) fn vehicle(
    conn: &Connection,
    id: VehicleId,
    mileage_km: Option<i64>,
) -> Result<VehicleRef> {
    let (plate, vin, make, model): (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = conn
        .prepare_cached("SELECT plate, vin, make, model FROM vehicles WHERE id = ?1")?
        .query_row([id.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
    Ok(VehicleRef {
        id,
        plate,
        label: crate::orders::vehicle_label(make, model),
        vin,
        mileage_km,
    })
}

//! What an issued invoice prints, frozen at issue: the seller's and buyer's
//! identities as they were that day, the vehicle, the lines, the discount,
//! the deposits, the dates and terms. Later edits of the customer, the
//! workshop or the order never reach an issued invoice.

use atelier_domain::{CustomerId, Locale, Money, VehicleId};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::words::words;
use super::{InvoiceKind, InvoiceLine};
use crate::customers::{self, CustomerKind};
use crate::orders::OrderDiscount;
use crate::text::format_date;
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
    /// Seller and buyer as structured data, for the electronic invoice
    /// (EN 16931) made from this content. Absent on documents issued before
    /// Atelier issued Factur-X: those keep their plain PDF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parties: Option<Parties>,
}

impl Content {
    /// The payment terms in one sentence, in the customer's language: how many
    /// days and the due date. The PDF prints it; the electronic invoice carries
    /// it as its payment terms (BT-20).
    pub(super) fn terms_sentence(&self) -> String {
        let w = words(self.locale);
        let due = format_date(&self.due_on, self.locale);
        match self.payment_terms_days {
            0 => (w.terms_on_receipt)(&due),
            days => (w.terms_days)(days, &due),
        }
    }
}

/// The seller and the buyer as the electronic invoice states them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parties {
    /// The workshop.
    pub seller: PartyData,
    /// The customer.
    pub buyer: PartyData,
}

/// One party of an electronic invoice, frozen at issue.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyData {
    /// Legal or display name.
    pub name: String,
    /// SIREN, 9 digits (a business's; the workshop's).
    pub siren: Option<String>,
    /// Intra-EU VAT number.
    pub vat_number: Option<String>,
    /// Street lines.
    pub street: Vec<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Town.
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2 country.
    pub country: String,
    /// Electronic invoicing address (scheme 0225, the French directory's);
    /// a business's defaults to its SIREN.
    pub electronic_address: Option<String>,
    /// E-mail, for the seller's contact.
    pub email: Option<String>,
    /// Phone, for the seller's contact.
    pub phone: Option<String>,
    /// Legal form, capital and trade register, for the seller (BT-33).
    pub legal_info: Option<String>,
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

/// The workshop's name and letterhead in `locale`, and its structured
/// identity for the electronic invoice; empty (and `None`) before set-up.
pub(super) fn seller(
    conn: &Connection,
    locale: Locale,
) -> Result<(String, Vec<String>, Option<PartyData>)> {
    let w = match workshop::get(conn) {
        Ok(w) => w,
        Err(Error::NotFound { .. }) => return Ok((String::new(), Vec::new(), None)),
        Err(e) => return Err(e),
    };
    let siren = w.siret.as_deref().and_then(siren_of);
    let legal_info = {
        let mut parts = Vec::new();
        if let Some(form) = &w.legal_form {
            parts.push(match w.capital {
                Some(c) => format!("{form} au capital de {}", c.format(Locale::Fr)),
                None => form.clone(),
            });
        }
        parts.extend(w.rcs.clone());
        (!parts.is_empty()).then(|| parts.join(", "))
    };
    let data = PartyData {
        name: w.name.clone(),
        electronic_address: siren.clone(),
        siren,
        vat_number: w.vat_number.clone(),
        street: [w.address_line1.clone(), w.address_line2.clone()]
            .into_iter()
            .flatten()
            .filter(|l| !l.is_empty())
            .collect(),
        postal_code: w.postal_code.clone(),
        city: w.city.clone(),
        country: "FR".into(),
        email: w.email.clone(),
        phone: w.phone.clone(),
        legal_info,
    };
    Ok((w.name.clone(), w.letterhead(locale), Some(data)))
}

/// The SIREN in a SIREN or SIRET however it is spaced: its first nine
/// digits.
fn siren_of(registration: &str) -> Option<String> {
    let digits: String = registration.chars().filter(char::is_ascii_digit).collect();
    digits.get(..9).map(str::to_owned)
}

/// The customer as they are now, to be frozen, with their language and
/// terms, and as the electronic invoice states them.
pub(super) fn buyer(conn: &Connection, id: CustomerId) -> Result<(Buyer, Locale, u16, PartyData)> {
    let c = customers::get_any(conn, id)?;
    let business = c.kind == CustomerKind::Company;
    let siren = c
        .siren
        .as_deref()
        .or(c.siret.as_deref())
        .and_then(siren_of)
        .filter(|_| business);
    let data = PartyData {
        name: c.display_name.clone(),
        electronic_address: c
            .einvoice_address
            .clone()
            .filter(|_| business)
            .or_else(|| siren.clone()),
        siren,
        vat_number: c.vat_number.clone().filter(|_| business),
        street: [c.address_line1.clone(), c.address_line2.clone()]
            .into_iter()
            .flatten()
            .filter(|l| !l.is_empty())
            .collect(),
        postal_code: c.postal_code.clone(),
        city: c.city.clone(),
        country: c.country.clone(),
        email: None,
        phone: None,
        legal_info: None,
    };
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
        data,
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

/// How a line crediting what remains of an invoice starts, before its rate.
pub(super) const BALANCE_FR: &str = "Solde de la facture, TVA ";
pub(super) const BALANCE_EN: &str = "Balance of the invoice, VAT ";

/// Whether `line` is one of the lines [`super::credit_note`] writes to credit what
/// remains of a partly credited invoice (a fee per VAT rate, no part): the
/// reports spread it over what the invoice still held of labour, parts and
/// other ([`super::figures::record`]).
pub fn is_balance_line(line: &InvoiceLine) -> bool {
    line.kind == crate::orders::LineKind::Fee
        && line.part_id.is_none()
        && (line.description.starts_with(BALANCE_FR) || line.description.starts_with(BALANCE_EN))
}

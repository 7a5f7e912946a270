//! Customers: the people and companies the front desk serves.
//!
//! Reads live here; the form's rules in [`input`]; writes (create, update,
//! archive) in [`write`]; duplicates, merging and GDPR in [`identity`].
//! Every write records its operation in the outbox and keeps the search index
//! in step, in the same transaction.

pub mod consent;
mod duplicates;
mod error;
mod identity;
mod input;
mod write;

use atelier_domain::{CustomerId, Locale, Phone, Siren, Siret};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::device::stored_hlc;
use crate::search;
use crate::text::rfc3339;
use crate::{Error, Result};

pub use error::CustomerError;
pub(crate) use identity::apply_merge;
pub use identity::{ANONYMOUS, merge, resolve};
pub(crate) use identity::{erase_row, erased_values, record_anonymisation, with_aliases};
pub use input::CustomerInput;
pub(crate) use input::Fields;
pub(crate) use write::Derived;
pub use write::{archive, create, create_id, update};

/// The sync entity name of customers.
pub(crate) const ENTITY: &str = "customers";
/// The most rows one page of the list may hold.
pub const PAGE_MAX: u32 = 200;

/// A private person or a company.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerKind {
    /// A private person.
    Individual,
    /// A company, with a company name.
    Company,
}

crate::text::str_enum!(CustomerKind {
    Individual => "individual",
    Company => "company",
});

/// How a private customer is addressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Civility {
    /// Monsieur.
    #[serde(rename = "M.")]
    Monsieur,
    /// Madame.
    #[serde(rename = "Mme")]
    Madame,
}

crate::text::str_enum!(Civility {
    Monsieur => "M.",
    Madame => "Mme",
});

/// A customer as stored, with what the UI shows computed once, here.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Customer {
    /// Stable id.
    pub id: CustomerId,
    /// Individual or company.
    pub kind: CustomerKind,
    /// M. / Mme, individuals only.
    pub civility: Option<Civility>,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name (for a company: the contact's).
    pub last_name: Option<String>,
    /// Company name, companies only.
    pub company_name: Option<String>,
    /// The name to show everywhere.
    pub display_name: String,
    /// SIREN, 9 digits.
    pub siren: Option<String>,
    /// SIRET, 14 digits, when the establishment is known.
    pub siret: Option<String>,
    /// The SIRET or SIREN grouped for reading ("123 456 789 00012").
    pub registration_display: Option<String>,
    /// Intra-EU VAT number, compact.
    pub vat_number: Option<String>,
    /// Electronic invoicing address (scheme 0225), a company's; `None`:
    /// their SIREN.
    pub einvoice_address: Option<String>,
    /// Main phone, E.164.
    pub phone: Option<String>,
    /// Main phone as people read it ("06 12 34 56 78").
    pub phone_display: Option<String>,
    /// Second phone, E.164.
    pub phone_alt: Option<String>,
    /// Second phone as people read it.
    pub phone_alt_display: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Street address.
    pub address_line1: Option<String>,
    /// Address complement.
    pub address_line2: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Town.
    pub city: Option<String>,
    /// ISO 3166 country code.
    pub country: String,
    /// The language documents and messages to this customer use.
    pub language: Locale,
    /// Whether they agreed to marketing messages (GDPR).
    pub marketing_consent: bool,
    /// The day they agreed, when they did.
    pub marketing_consent_at: Option<String>,
    /// Default payment terms in days (0 = on receipt); none = the workshop's default.
    pub payment_terms_days: Option<u16>,
    /// Free notes.
    pub notes: Option<String>,
    /// Archived (tombstoned): hidden from lists and search.
    pub archived: bool,
    /// Personal data wiped at the customer's request.
    pub anonymised: bool,
    /// When merged into another customer: that customer.
    pub merged_into: Option<CustomerId>,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
}

/// A customer in a list of matches: enough to recognise them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CustomerSummary {
    /// Stable id.
    pub id: CustomerId,
    /// Individual or company.
    pub kind: CustomerKind,
    /// The name to show.
    pub display_name: String,
    /// Main phone as people read it.
    pub phone_display: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Town.
    pub city: Option<String>,
}

impl From<&Customer> for CustomerSummary {
    fn from(c: &Customer) -> Self {
        CustomerSummary {
            id: c.id,
            kind: c.kind,
            display_name: c.display_name.clone(),
            phone_display: c.phone_display.clone(),
            email: c.email.clone(),
            city: c.city.clone(),
        }
    }
}

/// The order of the customer list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Alphabetical by folded name.
    #[default]
    Name,
    /// Newest first.
    Recent,
}

/// One page of the customer list.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// What to search for, as in the global search.
    pub query: Option<String>,
    /// The order.
    pub sort: Sort,
    /// Rows per page, 1 to [`PAGE_MAX`]; 0 means 25.
    pub limit: u32,
    /// Rows to skip.
    pub offset: u32,
    /// Include archived customers.
    pub include_archived: bool,
}

/// A page of results and how many match in all.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Page<T> {
    /// This page's rows.
    pub items: Vec<T>,
    /// How many rows match the query across all pages.
    pub total: u64,
}

/// The rows per page a query asks for, within bounds.
pub(crate) fn page_limit(limit: u32) -> u32 {
    match limit {
        0 => 25,
        n => n.min(PAGE_MAX),
    }
}

pub(crate) const COLUMNS: &str = "id, kind, civility, first_name, last_name, company_name, siren, siret, \
     vat_number, phone, phone_alt, email, address_line1, address_line2, postal_code, city, country, \
     language, marketing_consent, marketing_consent_at, payment_terms_days, notes, deleted_at, \
     anonymised_at, merged_into, created_at, updated_at, einvoice_address";

/// The customer with this id, unless it does not exist or was archived.
pub fn get(conn: &Connection, id: CustomerId) -> Result<Customer> {
    let c = get_any(conn, id)?;
    if c.archived {
        return Err(not_found(id));
    }
    Ok(c)
}

/// The customer with this id, archived or merged ones included.
pub fn get_any(conn: &Connection, id: CustomerId) -> Result<Customer> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM customers WHERE id = ?1"))?
        .query_row([id.to_string()], from_row)
        .optional()?
        .ok_or_else(|| not_found(id))?
}

pub(crate) fn not_found(id: CustomerId) -> Error {
    Error::NotFound {
        entity: "customer",
        id: id.to_string(),
    }
}

/// One page of customers matching `q`, with the total count of matches.
pub fn list(conn: &Connection, q: &ListQuery) -> Result<Page<Customer>> {
    let mut filter = String::from("1 = 1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if !q.include_archived {
        filter.push_str(" AND deleted_at IS NULL");
    }
    if let Some(m) = search::Query::parse(q.query.as_deref().unwrap_or_default()) {
        filter.push_str(&format!(" AND id IN ({})", search::MATCHING_IDS));
        args.extend(m.matching_ids_params(search::Kind::Customer));
    } else if q.query.as_deref().is_some_and(|s| !s.trim().is_empty()) {
        filter.push_str(" AND 0");
    }
    let total: i64 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM customers WHERE {filter}"))?
        .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
    let order = match q.sort {
        Sort::Name => "sort_key, id",
        Sort::Recent => "created_at DESC, id DESC",
    };
    args.push(i64::from(page_limit(q.limit)).into());
    args.push(i64::from(q.offset).into());
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM customers WHERE {filter} ORDER BY {order} LIMIT ? OFFSET ?"
    ))?;
    let items = stmt
        .query_map(rusqlite::params_from_iter(args.iter()), from_row)?
        .collect::<rusqlite::Result<Result<Vec<_>>>>()??;
    Ok(Page {
        items,
        total: total.unsigned_abs(),
    })
}

pub(crate) fn display_name(
    kind: CustomerKind,
    civility: Option<Civility>,
    first: Option<&str>,
    last: Option<&str>,
    company: Option<&str>,
) -> String {
    match kind {
        CustomerKind::Company => company.unwrap_or_default().to_owned(),
        CustomerKind::Individual => {
            let lead = first.or(civility.map(Civility::as_str));
            [lead, last]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
        }
    }
}

fn phone_display(e164: Option<&str>) -> Option<String> {
    e164.map(|p| {
        Phone::parse(p)
            .map(|p| p.national())
            .unwrap_or_else(|_| p.to_owned())
    })
}

fn registration_display(siren: Option<&str>, siret: Option<&str>) -> Option<String> {
    match (siret, siren) {
        (Some(s), _) => Some(
            s.parse::<Siret>()
                .map_or_else(|_| s.to_owned(), |s| s.to_string()),
        ),
        (None, Some(s)) => Some(
            s.parse::<Siren>()
                .map_or_else(|_| s.to_owned(), |s| s.to_string()),
        ),
        (None, None) => None,
    }
}

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<Customer>> {
    let id: String = r.get("id")?;
    let kind: String = r.get("kind")?;
    let civility: Option<String> = r.get("civility")?;
    let first_name: Option<String> = r.get("first_name")?;
    let last_name: Option<String> = r.get("last_name")?;
    let company_name: Option<String> = r.get("company_name")?;
    let siren: Option<String> = r.get("siren")?;
    let siret: Option<String> = r.get("siret")?;
    let phone: Option<String> = r.get("phone")?;
    let phone_alt: Option<String> = r.get("phone_alt")?;
    let language: String = r.get("language")?;
    let terms: Option<i64> = r.get("payment_terms_days")?;
    let deleted_at: Option<i64> = r.get("deleted_at")?;
    let anonymised_at: Option<i64> = r.get("anonymised_at")?;
    let merged_into: Option<String> = r.get("merged_into")?;
    let created: i64 = r.get("created_at")?;
    let updated: i64 = r.get("updated_at")?;
    let (vat_number, email, address_line1, address_line2, postal_code, city, country) = (
        r.get("vat_number")?,
        r.get("email")?,
        r.get("address_line1")?,
        r.get("address_line2")?,
        r.get("postal_code")?,
        r.get("city")?,
        r.get("country")?,
    );
    let einvoice_address: Option<String> = r.get("einvoice_address")?;
    let (marketing_consent, marketing_consent_at, notes) = (
        r.get::<_, bool>("marketing_consent")?,
        r.get("marketing_consent_at")?,
        r.get("notes")?,
    );
    let build = || -> Result<Customer> {
        fn corrupt<E>(what: &'static str) -> impl Fn(E) -> Error {
            move |_| Error::Corrupt(what)
        }
        let kind = CustomerKind::parse(&kind).ok_or(Error::Corrupt("customers.kind"))?;
        let civility = civility
            .map(|c| Civility::parse(&c).ok_or(Error::Corrupt("customers.civility")))
            .transpose()?;
        Ok(Customer {
            id: id.parse().map_err(corrupt("customers.id"))?,
            kind,
            civility,
            display_name: display_name(
                kind,
                civility,
                first_name.as_deref(),
                last_name.as_deref(),
                company_name.as_deref(),
            ),
            first_name,
            last_name,
            company_name,
            registration_display: registration_display(siren.as_deref(), siret.as_deref()),
            siren,
            siret,
            vat_number,
            einvoice_address,
            phone_display: phone_display(phone.as_deref()),
            phone,
            phone_alt_display: phone_display(phone_alt.as_deref()),
            phone_alt,
            email,
            address_line1,
            address_line2,
            postal_code,
            city,
            country,
            language: language.parse().map_err(corrupt("customers.language"))?,
            marketing_consent,
            marketing_consent_at,
            payment_terms_days: terms
                .map(u16::try_from)
                .transpose()
                .map_err(corrupt("customers.payment_terms_days"))?,
            notes,
            archived: deleted_at.is_some(),
            anonymised: anonymised_at.is_some(),
            merged_into: merged_into
                .map(|m| m.parse())
                .transpose()
                .map_err(corrupt("customers.merged_into"))?,
            created_at: rfc3339(stored_hlc(created)?),
            updated_at: rfc3339(stored_hlc(updated)?),
        })
    };
    Ok(build())
}

#[cfg(test)]
mod tests;

//! Customers: the people and companies the front desk serves.
//!
//! This first slice creates, reads, lists and edits them; each write records
//! its operation in the outbox in the same transaction.

use atelier_domain::{CustomerId, Hlc};
use rusqlite::{
    Connection, OptionalExtension, Row, Transaction, params_from_iter, types::Value as SqlValue,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::outbox::{self, OpKind};
use crate::text::{clean, fold, like_escape};
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result, device::stored_hlc};

const ENTITY: &str = "customers";
const NAME_MAX: usize = 100;
const COMPANY_MAX: usize = 200;
const PHONE_MAX: usize = 30;
const EMAIL_MAX: usize = 254;
const NOTES_MAX: usize = 4000;
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

impl CustomerKind {
    fn as_str(self) -> &'static str {
        match self {
            CustomerKind::Individual => "individual",
            CustomerKind::Company => "company",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "individual" => Some(CustomerKind::Individual),
            "company" => Some(CustomerKind::Company),
            _ => None,
        }
    }
}

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

impl Civility {
    fn as_str(self) -> &'static str {
        match self {
            Civility::Monsieur => "M.",
            Civility::Madame => "Mme",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "M." => Some(Civility::Monsieur),
            "Mme" => Some(Civility::Madame),
            _ => None,
        }
    }
}

/// What the customer form sends: raw text as typed. Blank means absent.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct CustomerInput {
    /// `individual` (the default when blank) or `company`.
    pub kind: Option<String>,
    /// `M.`, `Mme` or blank.
    pub civility: Option<String>,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name; required for an individual.
    pub last_name: Option<String>,
    /// Required for a company.
    pub company_name: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
}

/// A customer as stored, with the name to show computed once, here.
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
    /// Family name.
    pub last_name: Option<String>,
    /// Company name, companies only.
    pub company_name: Option<String>,
    /// The name to show everywhere.
    pub display_name: String,
    /// Telephone number.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
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
    /// Words that must all appear in the name, phone or e-mail (accents and case ignored).
    pub query: Option<String>,
    /// The order.
    pub sort: Sort,
    /// Rows per page, 1 to [`PAGE_MAX`]; 0 means 25.
    pub limit: u32,
    /// Rows to skip.
    pub offset: u32,
}

/// A page of results and how many match in all.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Page<T> {
    /// This page's rows.
    pub items: Vec<T>,
    /// How many rows match the query across all pages.
    pub total: u64,
}

/// Validated, normalised fields: what is stored and what the operation carries.
#[derive(Clone, Debug, PartialEq)]
struct Fields {
    kind: CustomerKind,
    civility: Option<Civility>,
    first_name: Option<String>,
    last_name: Option<String>,
    company_name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    notes: Option<String>,
}

impl Fields {
    fn parse(input: &CustomerInput) -> Result<Fields, Invalid> {
        let kind = match clean(input.kind.as_deref()) {
            None => CustomerKind::Individual,
            Some(k) => {
                CustomerKind::parse(&k).ok_or(Invalid::new(Field::Kind, Problem::NotAllowed))?
            }
        };
        let civility = match (kind, clean(input.civility.as_deref())) {
            (CustomerKind::Company, _) | (_, None) => None,
            (CustomerKind::Individual, Some(c)) => Some(
                Civility::parse(&c).ok_or(Invalid::new(Field::Civility, Problem::NotAllowed))?,
            ),
        };
        let first_name = clean(input.first_name.as_deref());
        let last_name = clean(input.last_name.as_deref());
        let company_name = match kind {
            CustomerKind::Company => clean(input.company_name.as_deref()),
            CustomerKind::Individual => None,
        };
        let phone = clean(input.phone.as_deref())
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "));
        let email = clean(input.email.as_deref());
        let notes = clean(input.notes.as_deref());

        match kind {
            CustomerKind::Individual if last_name.is_none() => {
                return Err(Invalid::new(Field::LastName, Problem::Required));
            }
            CustomerKind::Company if company_name.is_none() => {
                return Err(Invalid::new(Field::CompanyName, Problem::Required));
            }
            _ => {}
        }
        max_len(Field::FirstName, first_name.as_deref(), NAME_MAX)?;
        max_len(Field::LastName, last_name.as_deref(), NAME_MAX)?;
        max_len(Field::CompanyName, company_name.as_deref(), COMPANY_MAX)?;
        max_len(Field::Phone, phone.as_deref(), PHONE_MAX)?;
        max_len(Field::Email, email.as_deref(), EMAIL_MAX)?;
        max_len(Field::Notes, notes.as_deref(), NOTES_MAX)?;
        if let Some(p) = &phone {
            check_phone(p)?;
        }
        if let Some(e) = &email {
            check_email(e)?;
        }
        Ok(Fields {
            kind,
            civility,
            first_name,
            last_name,
            company_name,
            phone,
            email,
            notes,
        })
    }

    fn sort_key(&self) -> String {
        match self.kind {
            CustomerKind::Company => fold(self.company_name.as_deref().unwrap_or_default()),
            CustomerKind::Individual => fold(&format!(
                "{} {}",
                self.last_name.as_deref().unwrap_or_default(),
                self.first_name.as_deref().unwrap_or_default()
            )),
        }
    }

    /// Everything a search may match: names, phone as typed and as bare digits, e-mail.
    fn search_text(&self) -> String {
        let digits: String = self
            .phone
            .iter()
            .flat_map(|p| p.chars().filter(char::is_ascii_digit))
            .collect();
        let parts = [
            self.first_name.as_deref(),
            self.last_name.as_deref(),
            self.company_name.as_deref(),
            self.phone.as_deref(),
            Some(digits.as_str()),
            self.email.as_deref(),
        ];
        fold(&parts.into_iter().flatten().collect::<Vec<_>>().join(" "))
    }

    /// The fields as the operation payload carries them.
    fn to_json(&self) -> Map<String, Value> {
        let mut map = Map::new();
        map.insert("kind".into(), json!(self.kind.as_str()));
        map.insert(
            "civility".into(),
            json!(self.civility.map(Civility::as_str)),
        );
        map.insert("first_name".into(), json!(self.first_name));
        map.insert("last_name".into(), json!(self.last_name));
        map.insert("company_name".into(), json!(self.company_name));
        map.insert("phone".into(), json!(self.phone));
        map.insert("email".into(), json!(self.email));
        map.insert("notes".into(), json!(self.notes));
        map
    }
}

fn check_phone(p: &str) -> Result<(), Invalid> {
    let allowed = p
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '+' | '(' | ')'));
    let digits = p.chars().filter(char::is_ascii_digit).count();
    let plus_ok = p.rfind('+').is_none_or(|i| i == 0);
    if allowed && plus_ok && digits >= 4 {
        Ok(())
    } else {
        Err(Invalid::new(Field::Phone, Problem::InvalidPhone))
    }
}

fn check_email(e: &str) -> Result<(), Invalid> {
    let bad = Invalid::new(Field::Email, Problem::InvalidEmail);
    let (local, domain) = e.split_once('@').ok_or(bad)?;
    let valid = !local.is_empty()
        && !domain.contains('@')
        && !e.chars().any(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..");
    if valid { Ok(()) } else { Err(bad) }
}

fn display_name(
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

/// Creates a customer from what the form sent, or refuses it and writes nothing.
pub fn create(tx: &Transaction<'_>, now_ms: u64, input: &CustomerInput) -> Result<Customer> {
    let fields = Fields::parse(input)?;
    let id = CustomerId::new();
    let id_text = id.to_string();
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id_text,
        OpKind::Insert,
        &Value::Object(fields.to_json()),
    )?;
    tx.execute(
        "INSERT INTO customers (id, kind, civility, first_name, last_name, company_name, phone,
                                email, notes, sort_key, search_text, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
        rusqlite::params![
            id_text,
            fields.kind.as_str(),
            fields.civility.map(Civility::as_str),
            fields.first_name,
            fields.last_name,
            fields.company_name,
            fields.phone,
            fields.email,
            fields.notes,
            fields.sort_key(),
            fields.search_text(),
            hlc.as_i64(),
        ],
    )?;
    get(tx, id)
}

/// Replaces a customer's fields with what the form sent. Only the fields that
/// changed go into the operation, so another site's edit of a different field
/// survives the merge. Saving an unchanged form writes nothing.
pub fn update(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: CustomerId,
    input: &CustomerInput,
) -> Result<Customer> {
    let before = Fields::from_customer(&get(tx, id)?);
    let after = Fields::parse(input)?;
    let old = before.to_json();
    let changes: Map<String, Value> = after
        .to_json()
        .into_iter()
        .filter(|(k, v)| old.get(k) != Some(v))
        .collect();
    if changes.is_empty() {
        return get(tx, id);
    }
    let id_text = id.to_string();
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id_text,
        OpKind::Update,
        &Value::Object(changes),
    )?;
    tx.execute(
        "UPDATE customers SET kind = ?2, civility = ?3, first_name = ?4, last_name = ?5,
                company_name = ?6, phone = ?7, email = ?8, notes = ?9, sort_key = ?10,
                search_text = ?11, updated_at = ?12
         WHERE id = ?1",
        rusqlite::params![
            id_text,
            after.kind.as_str(),
            after.civility.map(Civility::as_str),
            after.first_name,
            after.last_name,
            after.company_name,
            after.phone,
            after.email,
            after.notes,
            after.sort_key(),
            after.search_text(),
            hlc.as_i64(),
        ],
    )?;
    get(tx, id)
}

impl Fields {
    fn from_customer(c: &Customer) -> Fields {
        Fields {
            kind: c.kind,
            civility: c.civility,
            first_name: c.first_name.clone(),
            last_name: c.last_name.clone(),
            company_name: c.company_name.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            notes: c.notes.clone(),
        }
    }
}

const COLUMNS: &str = "id, kind, civility, first_name, last_name, company_name, phone, email, notes, created_at, updated_at";

/// The customer with this id, unless it does not exist or was deleted.
pub fn get(conn: &Connection, id: CustomerId) -> Result<Customer> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM customers WHERE id = ?1 AND deleted_at IS NULL"),
        [id.to_string()],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: "customer",
        id: id.to_string(),
    })?
}

/// One page of customers matching `q`, with the total count of matches.
pub fn list(conn: &Connection, q: &ListQuery) -> Result<Page<Customer>> {
    let mut filter = String::from("deleted_at IS NULL");
    let mut args: Vec<SqlValue> = Vec::new();
    for word in fold(q.query.as_deref().unwrap_or_default())
        .split(' ')
        .filter(|w| !w.is_empty())
    {
        filter.push_str(" AND search_text LIKE ? ESCAPE '\\'");
        args.push(SqlValue::Text(format!("%{}%", like_escape(word))));
    }
    let total: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM customers WHERE {filter}"),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    let order = match q.sort {
        Sort::Name => "sort_key, id",
        Sort::Recent => "created_at DESC, id DESC",
    };
    let limit = match q.limit {
        0 => 25,
        n => n.min(PAGE_MAX),
    };
    args.push(SqlValue::Integer(i64::from(limit)));
    args.push(SqlValue::Integer(i64::from(q.offset)));
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM customers WHERE {filter} ORDER BY {order} LIMIT ? OFFSET ?"
    ))?;
    let items = stmt
        .query_map(params_from_iter(args.iter()), from_row)?
        .collect::<rusqlite::Result<Result<Vec<_>>>>()??;
    Ok(Page {
        items,
        total: total.unsigned_abs(),
    })
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<Customer>> {
    let id: String = r.get(0)?;
    let kind: String = r.get(1)?;
    let civility: Option<String> = r.get(2)?;
    let (first_name, last_name, company_name): (Option<String>, Option<String>, Option<String>) =
        (r.get(3)?, r.get(4)?, r.get(5)?);
    let created: i64 = r.get(9)?;
    let updated: i64 = r.get(10)?;
    let build = || -> Result<Customer> {
        let corrupt = |_| Error::Corrupt("customers");
        let kind = CustomerKind::parse(&kind).ok_or(Error::Corrupt("customers.kind"))?;
        let civility = civility
            .map(|c| Civility::parse(&c).ok_or(Error::Corrupt("customers.civility")))
            .transpose()?;
        Ok(Customer {
            id: id.parse().map_err(corrupt)?,
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
            phone: r.get(6)?,
            email: r.get(7)?,
            notes: r.get(8)?,
            created_at: rfc3339(stored_hlc(created)?),
            updated_at: rfc3339(stored_hlc(updated)?),
        })
    };
    Ok(build())
}

/// The wall-clock part of an HLC as an RFC 3339 UTC timestamp.
fn rfc3339(hlc: Hlc) -> String {
    let nanos = i128::from(hlc.millis()) * 1_000_000;
    time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;

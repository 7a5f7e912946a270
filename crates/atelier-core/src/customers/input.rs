//! What the customer form sends, and the rules that turn it into stored fields.

use atelier_domain::{Locale, Siren, Siret};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{Civility, Customer, CustomerKind};
use crate::search::phone_terms;
use crate::text::{clean, fold};
use crate::validation::{self, Field, Invalid, Problem, max_len};

const NAME_MAX: usize = 100;
const COMPANY_MAX: usize = 200;
const ADDRESS_MAX: usize = 200;
const CITY_MAX: usize = 100;
const NOTES_MAX: usize = 4000;

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
    /// SIREN (9 digits) or SIRET (14 digits), companies only.
    pub registration: Option<String>,
    /// Intra-EU VAT number, companies only.
    pub vat_number: Option<String>,
    /// Electronic invoicing address in the French directory, companies
    /// only; blank: their SIREN.
    pub einvoice_address: Option<String>,
    /// Main phone, any formatting.
    pub phone: Option<String>,
    /// Second phone.
    pub phone_alt: Option<String>,
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
    /// ISO country code; France when blank.
    pub country: Option<String>,
    /// `fr` (default) or `en`.
    pub language: Option<String>,
    /// Whether they agree to marketing messages.
    pub marketing_consent: bool,
    /// Payment terms in days, as typed; blank for the workshop's default.
    pub payment_terms_days: Option<Value>,
    /// Free notes.
    pub notes: Option<String>,
    /// Save even though another customer has the same phone, e-mail or SIREN.
    pub confirm_duplicate: bool,
}

/// Validated, normalised fields: what is stored and what operations carry.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Fields {
    pub kind: CustomerKind,
    pub civility: Option<Civility>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company_name: Option<String>,
    pub siren: Option<String>,
    pub siret: Option<String>,
    pub vat_number: Option<String>,
    pub einvoice_address: Option<String>,
    pub phone: Option<String>,
    pub phone_alt: Option<String>,
    pub email: Option<String>,
    pub address_line1: Option<String>,
    pub address_line2: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country: String,
    pub language: Locale,
    pub marketing_consent: bool,
    pub marketing_consent_at: Option<String>,
    pub payment_terms_days: Option<u16>,
    pub notes: Option<String>,
}

impl Fields {
    /// Checks and normalises the form. `today` (YYYY-MM-DD) dates a new consent;
    /// `before` keeps the date of a consent that was already given.
    pub fn parse(
        input: &CustomerInput,
        today: &str,
        before: Option<&Fields>,
    ) -> Result<Fields, Invalid> {
        let text = |s: &Option<String>| clean(s.as_deref());
        let kind = match text(&input.kind) {
            None => CustomerKind::Individual,
            Some(k) => {
                CustomerKind::parse(&k).ok_or(Invalid::new(Field::Kind, Problem::NotAllowed))?
            }
        };
        let company = kind == CustomerKind::Company;
        let civility = match text(&input.civility) {
            Some(c) if !company => Some(
                Civility::parse(&c).ok_or(Invalid::new(Field::Civility, Problem::NotAllowed))?,
            ),
            _ => None,
        };
        let first_name = text(&input.first_name);
        let last_name = text(&input.last_name);
        let company_name = text(&input.company_name).filter(|_| company);
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

        let (siren, siret) = match text(&input.registration).filter(|_| company) {
            None => (None, None),
            Some(r) => registration(&r)?,
        };
        let vat_number = validation::vat_number(
            Field::VatNumber,
            input.vat_number.as_deref().filter(|_| company),
        )?;

        let einvoice_address = text(&input.einvoice_address).filter(|_| company);
        if let Some(a) = &einvoice_address
            && (a.chars().count() > 125
                || !a
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        {
            return Err(Invalid::new(
                Field::EinvoiceAddress,
                Problem::EinvoiceAddress,
            ));
        }

        let phone_alt = validation::phone(Field::PhoneAlt, input.phone_alt.as_deref())?;
        let phone = validation::phone(Field::Phone, input.phone.as_deref())?;
        let email = validation::email(Field::Email, input.email.as_deref())?;

        let address_line1 = text(&input.address_line1);
        let address_line2 = text(&input.address_line2);
        let city = text(&input.city);
        max_len(Field::AddressLine1, address_line1.as_deref(), ADDRESS_MAX)?;
        max_len(Field::AddressLine2, address_line2.as_deref(), ADDRESS_MAX)?;
        max_len(Field::City, city.as_deref(), CITY_MAX)?;
        let country = match text(&input.country) {
            None => "FR".to_owned(),
            Some(c) if c.len() == 2 && c.chars().all(|c| c.is_ascii_alphabetic()) => {
                c.to_ascii_uppercase()
            }
            Some(_) => return Err(Invalid::new(Field::Country, Problem::NotAllowed)),
        };
        let postal_code = text(&input.postal_code)
            .map(|p| postal_code(&p, &country))
            .transpose()?;
        let language = match text(&input.language) {
            None => Locale::Fr,
            Some(l) => match l.as_str() {
                "fr" => Locale::Fr,
                "en" => Locale::En,
                _ => return Err(Invalid::new(Field::Language, Problem::NotAllowed)),
            },
        };
        let marketing_consent_at = match (input.marketing_consent, before) {
            (false, _) => None,
            (true, Some(b)) if b.marketing_consent => b.marketing_consent_at.clone(),
            (true, _) => Some(today.to_owned()),
        };
        let payment_terms_days = payment_terms(input.payment_terms_days.as_ref())?;
        let notes = text(&input.notes);
        max_len(Field::Notes, notes.as_deref(), NOTES_MAX)?;

        Ok(Fields {
            kind,
            civility,
            first_name,
            last_name,
            company_name,
            siren,
            siret,
            vat_number,
            einvoice_address,
            phone,
            phone_alt,
            email,
            address_line1,
            address_line2,
            postal_code,
            city,
            country,
            language,
            marketing_consent: input.marketing_consent,
            marketing_consent_at,
            payment_terms_days,
            notes,
        })
    }

    pub fn from_customer(c: &Customer) -> Fields {
        Fields {
            kind: c.kind,
            civility: c.civility,
            first_name: c.first_name.clone(),
            last_name: c.last_name.clone(),
            company_name: c.company_name.clone(),
            siren: c.siren.clone(),
            siret: c.siret.clone(),
            vat_number: c.vat_number.clone(),
            einvoice_address: c.einvoice_address.clone(),
            phone: c.phone.clone(),
            phone_alt: c.phone_alt.clone(),
            email: c.email.clone(),
            address_line1: c.address_line1.clone(),
            address_line2: c.address_line2.clone(),
            postal_code: c.postal_code.clone(),
            city: c.city.clone(),
            country: c.country.clone(),
            language: c.language,
            marketing_consent: c.marketing_consent,
            marketing_consent_at: c.marketing_consent_at.clone(),
            payment_terms_days: c.payment_terms_days,
            notes: c.notes.clone(),
        }
    }

    /// The fields a new row holds once an insert's `payload` is stored, as
    /// [`from_customer`](Self::from_customer) reads them back: every column
    /// the payload leaves out takes its default. `None` when reading back
    /// could give anything else or fail: a key that is not one of the
    /// form's fields (a tombstone, a merge, a stamp), a text field that is
    /// not text, a value of the wrong kind.
    pub fn from_payload(payload: &Map<String, Value>) -> Option<Fields> {
        const KEYS: [&str; 22] = [
            "kind",
            "civility",
            "first_name",
            "last_name",
            "company_name",
            "siren",
            "siret",
            "vat_number",
            "einvoice_address",
            "phone",
            "phone_alt",
            "email",
            "address_line1",
            "address_line2",
            "postal_code",
            "city",
            "country",
            "language",
            "marketing_consent",
            "marketing_consent_at",
            "payment_terms_days",
            "notes",
        ];
        if payload.keys().any(|k| !KEYS.contains(&k.as_str())) {
            return None;
        }
        // Text as stored: absent and null are NULL; a number would be
        // stored as its text, which this does not try to spell.
        let text = |k: &str| match payload.get(k) {
            None | Some(Value::Null) => Some(None),
            Some(Value::String(s)) => Some(Some(s.clone())),
            Some(_) => None,
        };
        let kind = CustomerKind::parse(payload.get("kind")?.as_str()?)?;
        let civility = match text("civility")? {
            None => None,
            Some(c) => Some(Civility::parse(&c)?),
        };
        let language = match payload.get("language") {
            None => Locale::Fr,
            Some(l) => l.as_str()?.parse().ok()?,
        };
        let marketing_consent = match payload.get("marketing_consent") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return None,
        };
        let payment_terms_days = match payload.get("payment_terms_days") {
            None | Some(Value::Null) => None,
            Some(n) => Some(u16::try_from(n.as_u64()?).ok()?),
        };
        Some(Fields {
            kind,
            civility,
            first_name: text("first_name")?,
            last_name: text("last_name")?,
            company_name: text("company_name")?,
            siren: text("siren")?,
            siret: text("siret")?,
            vat_number: text("vat_number")?,
            einvoice_address: text("einvoice_address")?,
            phone: text("phone")?,
            phone_alt: text("phone_alt")?,
            email: text("email")?,
            address_line1: text("address_line1")?,
            address_line2: text("address_line2")?,
            postal_code: text("postal_code")?,
            city: text("city")?,
            country: match payload.get("country") {
                None => "FR".to_owned(),
                Some(c) => c.as_str()?.to_owned(),
            },
            language,
            marketing_consent,
            marketing_consent_at: text("marketing_consent_at")?,
            payment_terms_days,
            notes: text("notes")?,
        })
    }

    pub fn sort_key(&self) -> String {
        match self.kind {
            CustomerKind::Company => fold(self.company_name.as_deref().unwrap_or_default()),
            CustomerKind::Individual => fold(&format!(
                "{} {}",
                self.last_name.as_deref().unwrap_or_default(),
                self.first_name.as_deref().unwrap_or_default()
            )),
        }
    }

    /// The fields as an operation's payload carries them, by column name.
    pub fn to_json(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("kind".into(), json!(self.kind.as_str()));
        m.insert(
            "civility".into(),
            json!(self.civility.map(Civility::as_str)),
        );
        m.insert("first_name".into(), json!(self.first_name));
        m.insert("last_name".into(), json!(self.last_name));
        m.insert("company_name".into(), json!(self.company_name));
        m.insert("siren".into(), json!(self.siren));
        m.insert("siret".into(), json!(self.siret));
        m.insert("vat_number".into(), json!(self.vat_number));
        m.insert("einvoice_address".into(), json!(self.einvoice_address));
        m.insert("phone".into(), json!(self.phone));
        m.insert("phone_alt".into(), json!(self.phone_alt));
        m.insert("email".into(), json!(self.email));
        m.insert("address_line1".into(), json!(self.address_line1));
        m.insert("address_line2".into(), json!(self.address_line2));
        m.insert("postal_code".into(), json!(self.postal_code));
        m.insert("city".into(), json!(self.city));
        m.insert("country".into(), json!(self.country));
        m.insert("language".into(), json!(self.language.as_str()));
        m.insert("marketing_consent".into(), json!(self.marketing_consent));
        m.insert(
            "marketing_consent_at".into(),
            json!(self.marketing_consent_at),
        );
        m.insert("payment_terms_days".into(), json!(self.payment_terms_days));
        m.insert("notes".into(), json!(self.notes));
        m
    }
}

/// A SIRET (14 digits) also gives the SIREN, its first nine.
fn registration(r: &str) -> Result<(Option<String>, Option<String>), Invalid> {
    let digits = r.chars().filter(char::is_ascii_digit).count();
    let invalid = |e| Invalid::new(Field::Registration, Problem::Registration(e));
    if digits > 9 {
        let siret = Siret::parse(r).map_err(invalid)?;
        Ok((
            Some(siret.siren().as_str().to_owned()),
            Some(siret.as_str().to_owned()),
        ))
    } else {
        let siren = Siren::parse(r).map_err(invalid)?;
        Ok((Some(siren.as_str().to_owned()), None))
    }
}

/// French postal codes are five digits; elsewhere up to ten letters, digits,
/// spaces or dashes.
fn postal_code(p: &str, country: &str) -> Result<String, Invalid> {
    let bad = Invalid::new(Field::PostalCode, Problem::PostalCode);
    let ok = if country == "FR" {
        p.len() == 5 && p.chars().all(|c| c.is_ascii_digit())
    } else {
        p.len() <= 10
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
    };
    if ok {
        Ok(p.to_ascii_uppercase())
    } else {
        Err(bad)
    }
}

fn payment_terms(value: Option<&Value>) -> Result<Option<u16>, Invalid> {
    let bad = || Invalid::new(Field::PaymentTerms, Problem::Number { min: 0, max: 365 });
    let n = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
        Some(Value::String(s)) => s.trim().parse::<i64>().map_err(|_| bad())?,
        Some(Value::Number(n)) => n.as_i64().ok_or_else(bad)?,
        Some(_) => return Err(bad()),
    };
    u16::try_from(n)
        .ok()
        .filter(|n| *n <= 365)
        .map(Some)
        .ok_or_else(bad)
}

impl Fields {
    /// The search document of a customer: its names, phones in every form,
    /// e-mail, town and identifiers, folded.
    pub(crate) fn search_body(&self) -> String {
        let f = self;
        let company = f
            .company_name
            .as_deref()
            .filter(|_| f.kind == CustomerKind::Company);
        let mut words = String::with_capacity(160);
        for word in [
            f.first_name.as_deref(),
            f.last_name.as_deref(),
            company,
            f.email.as_deref(),
            f.city.as_deref(),
            f.postal_code.as_deref(),
            f.siren.as_deref(),
            f.siret.as_deref(),
        ]
        .into_iter()
        .flatten()
        {
            words.push_str(word);
            words.push(' ');
        }
        for phone in [&f.phone, &f.phone_alt].into_iter().flatten() {
            for term in phone_terms(phone) {
                words.push_str(&term);
                words.push(' ');
            }
        }
        // Folding collapses the spaces between words and drops the last one.
        fold(&words)
    }
}

//! The workshop's identity (printed on every estimate, order and invoice), its
//! hourly labour rates and its defaults, and this workstation's own settings
//! (invoice series prefix, idle lock).
//!
//! Identity and rates are synced master data; the workstation settings are not.

use atelier_domain::{Locale, Money, Phone, Siret, VatRate};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::access::{Action, Actor};
use crate::outbox::{self, OpKind};
use crate::text::clean;
use crate::validation::{self, Field, Invalid, Problem, max_len};
use crate::{Error, Result};

mod words;
use words::words;

const ENTITY: &str = "workshop";
const RATES: &str = "rate_categories";
/// The largest logo accepted, in bytes.
pub const LOGO_MAX_BYTES: usize = 512 * 1024;

/// The workshop as printed on its documents.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Workshop {
    /// Trading name.
    pub name: String,
    /// SARL, SAS, EI…
    pub legal_form: Option<String>,
    /// Share capital, printed with the legal form ("SARL au capital de 10 000 €").
    pub capital: Option<Money>,
    /// Street address.
    pub address_line1: Option<String>,
    /// Address complement.
    pub address_line2: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Town.
    pub city: Option<String>,
    /// SIRET (14 digits, checked).
    pub siret: Option<String>,
    /// Trade register entry, e.g. "RCS Lyon".
    pub rcs: Option<String>,
    /// Intra-EU VAT number.
    pub vat_number: Option<String>,
    /// Phone, E.164.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Whether a logo is stored.
    pub has_logo: bool,
    /// VAT rate proposed on new lines.
    pub default_vat: VatRate,
    /// How long an estimate stays valid, in days.
    pub estimate_valid_days: u32,
    /// Hourly labour rates, in display order; empty for someone who may
    /// not see prices ([`seen_by`]).
    pub rates: Vec<RateCategory>,
}

impl Workshop {
    /// The lines printed under the workshop's name on documents.
    pub fn letterhead(&self, locale: Locale) -> Vec<String> {
        let w = words(locale);
        let mut lines = Vec::new();
        match (&self.legal_form, self.capital) {
            (Some(form), Some(capital)) => {
                lines.push((w.form_and_capital)(form, &capital.format(locale)));
            }
            (Some(form), None) => lines.push(form.clone()),
            _ => {}
        }
        lines.extend(self.address_line1.clone());
        lines.extend(self.address_line2.clone());
        let town = [self.postal_code.as_deref(), self.city.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        if !town.is_empty() {
            lines.push(town);
        }
        let mut ids = Vec::new();
        if let Some(siret) = &self.siret {
            ids.push(format!("SIRET {siret}"));
        }
        if let Some(rcs) = &self.rcs {
            ids.push(rcs.clone());
        }
        if !ids.is_empty() {
            lines.push(ids.join(" · "));
        }
        if let Some(vat) = &self.vat_number {
            lines.push((w.vat_number)(vat));
        }
        let contact = [
            self.phone
                .as_deref()
                .and_then(|p| Phone::parse(p).ok())
                .map(|p| p.national()),
            self.email.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        if !contact.is_empty() {
            lines.push(contact);
        }
        lines
    }

    /// The hourly rate of `code`, if the workshop has that category.
    pub fn rate(&self, code: &str) -> Option<Money> {
        self.rates.iter().find(|r| r.code == code).map(|r| r.hourly)
    }
}

/// One hourly labour rate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RateCategory {
    /// Stable code: `mechanics`, `bodywork`, `paint`, or one the owner added.
    pub code: String,
    /// The name people read.
    pub label: String,
    /// Price of one hour, HT.
    pub hourly: Money,
}

/// The identity form (wizard and Réglages), as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[allow(missing_docs, reason = "each field is the form input of the same name")]
pub struct WorkshopInput {
    pub name: Option<String>,
    pub legal_form: Option<String>,
    pub capital: Option<String>,
    pub address_line1: Option<String>,
    pub address_line2: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub siret: Option<String>,
    pub rcs: Option<String>,
    pub vat_number: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub default_vat: Option<String>,
    pub estimate_valid_days: Option<String>,
    /// The hourly rates, by category code, as typed ("65" or "65,00").
    #[serde(default)]
    pub rates: Vec<RateInput>,
}

/// One hourly rate as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct RateInput {
    /// The category's code.
    pub code: String,
    /// Its name (kept when blank).
    pub label: Option<String>,
    /// The price of one hour, HT, as typed.
    pub hourly: Option<String>,
}

/// The three categories every workshop starts with.
pub fn default_rates(locale: Locale) -> Vec<(&'static str, &'static str)> {
    let w = words(locale);
    vec![
        ("mechanics", w.mechanics),
        ("bodywork", w.bodywork),
        ("paint", w.paint),
    ]
}

/// Whether the first-run wizard has been completed here (or the identity came
/// by sync).
pub fn is_set_up(conn: &Connection) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT 1 FROM workshop")?.exists([])?)
}

/// The workshop as `actor` may see it: its identity, and its hourly rates
/// only if they may see prices (a mechanic is not shown what an hour is
/// charged). `NotFound` before the first run.
pub fn seen_by(conn: &Connection, actor: &Actor) -> Result<Workshop> {
    let workshop = get(conn)?;
    if actor.may(Action::SeePrices) {
        return Ok(workshop);
    }
    Ok(Workshop {
        rates: Vec::new(),
        ..workshop
    })
}

/// The workshop's identity and rates; `NotFound` before the first run.
pub fn get(conn: &Connection) -> Result<Workshop> {
    let found = conn
        .prepare_cached(
            "SELECT name, legal_form, capital_cents, address_line1, address_line2, postal_code,
                    city, siret, rcs, vat_number, phone, email, logo_png IS NOT NULL,
                    default_vat_bp, estimate_valid_days
             FROM workshop",
        )?
        .query_row([], |r| {
            Ok(Workshop {
                name: r.get(0)?,
                legal_form: r.get(1)?,
                capital: r.get::<_, Option<i64>>(2)?.map(Money::from_cents),
                address_line1: r.get(3)?,
                address_line2: r.get(4)?,
                postal_code: r.get(5)?,
                city: r.get(6)?,
                siret: r.get(7)?,
                rcs: r.get(8)?,
                vat_number: r.get(9)?,
                phone: r.get(10)?,
                email: r.get(11)?,
                has_logo: r.get(12)?,
                default_vat: VatRate::new(r.get(13)?).unwrap_or(VatRate::STANDARD),
                estimate_valid_days: r.get(14)?,
                rates: Vec::new(),
            })
        })
        .optional()?;
    let mut workshop = found.ok_or(Error::NotFound {
        entity: "workshop",
        id: "1".into(),
    })?;
    workshop.rates = rates(conn)?;
    Ok(workshop)
}

/// The hourly labour rates, in display order.
pub fn rates(conn: &Connection) -> Result<Vec<RateCategory>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, label, hourly_cents FROM rate_categories ORDER BY position, code",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(RateCategory {
            code: r.get(0)?,
            label: r.get(1)?,
            hourly: Money::from_cents(r.get(2)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The stored logo (PNG), if any.
pub fn logo(conn: &Connection) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT logo_png FROM workshop")?
        .query_row([], |r| r.get(0))
        .optional()?
        .flatten())
}

/// A paper headed by the workshop: its name, letterhead and logo on top,
/// the same again as small print at the foot of every page, page numbers,
/// `title` top right; printed without a letterhead before the workshop is
/// set up rather than refused. Every document Atelier lays out starts here.
pub fn paper(conn: &Connection, title: String, locale: Locale) -> Result<atelier_pdf::Document> {
    let issuer = match get(conn) {
        Ok(w) => atelier_pdf::Party {
            lines: w.letterhead(locale),
            name: w.name,
        },
        Err(Error::NotFound { .. }) => atelier_pdf::Party::default(),
        Err(e) => return Err(e),
    };
    let footer = (!issuer.name.is_empty())
        .then(|| {
            [vec![issuer.name.clone()], issuer.lines.clone()]
                .concat()
                .join(" — ")
        })
        .into_iter()
        .collect();
    Ok(atelier_pdf::Document {
        title,
        issuer,
        logo_png: logo(conn)?,
        footer,
        page_label: words(locale).page_label.to_owned(),
        ..atelier_pdf::Document::default()
    })
}

/// Saves the identity form; the first save creates the workshop. Only changed
/// fields travel. Refused with the field at fault, writing nothing.
pub fn save(
    tx: &Transaction<'_>,
    now_ms: u64,
    input: &WorkshopInput,
    locale: Locale,
) -> Result<Workshop> {
    let fields = parse(input, locale)?;
    let existing = get(tx).ok();
    let before = existing.as_ref().map(to_json);
    let after = fields_json(&fields);
    let (kind, payload) = match &before {
        Some(b) => (OpKind::Update, outbox::changes(b, after.clone())),
        None => (OpKind::Insert, after.clone()),
    };
    if !payload.is_empty() {
        let hlc = outbox::record(
            tx,
            now_ms,
            ENTITY,
            "1",
            kind,
            &Value::Object(payload),
            before.as_ref(),
        )?;
        let f = &fields;
        tx.prepare_cached(
            "INSERT INTO workshop (singleton, name, legal_form, capital_cents, address_line1,
                address_line2, postal_code, city, siret, rcs, vat_number, phone, email,
                default_vat_bp, estimate_valid_days, created_at, updated_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)
             ON CONFLICT (singleton) DO UPDATE SET name = ?1, legal_form = ?2,
                capital_cents = ?3, address_line1 = ?4, address_line2 = ?5, postal_code = ?6,
                city = ?7, siret = ?8, rcs = ?9, vat_number = ?10, phone = ?11, email = ?12,
                default_vat_bp = ?13, estimate_valid_days = ?14, updated_at = ?15",
        )?
        .execute(params![
            f.name,
            f.legal_form,
            f.capital.map(|m| m.cents()),
            f.address_line1,
            f.address_line2,
            f.postal_code,
            f.city,
            f.siret,
            f.rcs,
            f.vat_number,
            f.phone,
            f.email,
            f.default_vat.bp(),
            f.estimate_valid_days,
            hlc.as_i64(),
        ])?;
    }
    save_rates(tx, now_ms, &fields.rates, locale)?;
    get(tx)
}

/// The first run: the workshop's identity and rates, this workstation's
/// settings and the owner's account, all in one transaction. Refused once
/// anyone has an account (the wizard cannot run twice).
pub fn set_up(
    tx: &Transaction<'_>,
    now_ms: u64,
    locale: Locale,
    workshop: &WorkshopInput,
    station_input: &StationInput,
    owner: &crate::users::UserInput,
) -> Result<crate::users::User> {
    if crate::users::any(tx)? {
        return Err(Invalid::new(Field::WorkshopName, Problem::AlreadySetUp).into());
    }
    // The form's own order: the workshop's mistakes are shown before the owner's.
    parse(workshop, locale)?;
    let mut owner = owner.clone();
    if !owner.roles.contains(&crate::access::Role::Owner) {
        owner.roles.push(crate::access::Role::Owner);
    }
    let user = crate::users::create(tx, now_ms, &owner)?;
    // The workshop is the owner's doing: their name goes on its audit entries.
    let previous = crate::access::author_actor(tx)?;
    crate::access::set_author(tx, Some(&crate::users::actor(&user)))?;
    let saved = save(tx, now_ms, workshop, locale).and_then(|_| save_station(tx, station_input));
    crate::access::set_author(tx, previous.as_ref())?;
    saved?;
    Ok(user)
}

/// Stores the workshop's logo; `None` removes it. A PNG of at most
/// [`LOGO_MAX_BYTES`].
pub fn set_logo(tx: &Transaction<'_>, now_ms: u64, png: Option<&[u8]>) -> Result<Workshop> {
    get(tx)?;
    if let Some(bytes) = png {
        if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Err(Invalid::new(Field::Logo, Problem::Png).into());
        }
        if bytes.len() > LOGO_MAX_BYTES {
            return Err(Invalid::new(
                Field::Logo,
                Problem::FileTooLarge {
                    max_kb: LOGO_MAX_BYTES / 1024,
                },
            )
            .into());
        }
    }
    // The image itself is not put in the operation: it travels as a digest,
    // and sync fetches the bytes (a 512 kB payload would swell the log).
    let digest = png.map(|b| format!("{} bytes", b.len()));
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        "1",
        OpKind::Update,
        &json!({ "logo": digest }),
        None,
    )?;
    tx.prepare_cached("UPDATE workshop SET logo_png = ?1, updated_at = ?2")?
        .execute(params![png, hlc.as_i64()])?;
    get(tx)
}

struct Fields {
    name: String,
    legal_form: Option<String>,
    capital: Option<Money>,
    address_line1: Option<String>,
    address_line2: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    siret: Option<String>,
    rcs: Option<String>,
    vat_number: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    default_vat: VatRate,
    estimate_valid_days: u32,
    rates: Vec<(String, Option<String>, Money)>,
}

fn parse(input: &WorkshopInput, locale: Locale) -> Result<Fields, Invalid> {
    let text = |s: &Option<String>| clean(s.as_deref());
    let name = text(&input.name).ok_or(Invalid::new(Field::WorkshopName, Problem::Required))?;
    max_len(Field::WorkshopName, Some(&name), 120)?;
    let legal_form = text(&input.legal_form);
    max_len(Field::LegalForm, legal_form.as_deref(), 40)?;
    let capital = text(&input.capital)
        .map(|c| {
            Money::parse(&c, locale)
                .ok()
                .filter(|m| m.cents() >= 0)
                .ok_or(Invalid::new(Field::Capital, Problem::Amount))
        })
        .transpose()?;
    let siret = text(&input.siret)
        .map(|s| {
            Siret::parse(&s)
                .map(|s| s.to_string())
                .map_err(|e| Invalid::new(Field::Siret, Problem::Registration(e)))
        })
        .transpose()?;
    let vat_number = validation::vat_number(Field::VatNumber, input.vat_number.as_deref())?;
    let phone = validation::phone(Field::Phone, input.phone.as_deref())?;
    let email = validation::email(Field::Email, input.email.as_deref())?;
    let default_vat = match text(&input.default_vat) {
        None => VatRate::STANDARD,
        Some(v) => {
            VatRate::parse_percent(&v).ok_or(Invalid::new(Field::DefaultVat, Problem::Percent))?
        }
    };
    let estimate_valid_days = match text(&input.estimate_valid_days) {
        None => 30,
        Some(d) => d
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=365).contains(d))
            .ok_or(Invalid::new(
                Field::EstimateValidity,
                Problem::Number { min: 1, max: 365 },
            ))?,
    };
    let mut rates = Vec::new();
    for rate in &input.rates {
        let hourly = match text(&rate.hourly) {
            None => Money::ZERO,
            Some(h) => Money::parse(&h, locale)
                .ok()
                .filter(|m| m.cents() >= 0)
                .ok_or(Invalid::new(Field::HourlyRate, Problem::Amount))?,
        };
        rates.push((rate.code.clone(), text(&rate.label), hourly));
    }
    let fields = Fields {
        name,
        legal_form,
        capital,
        address_line1: text(&input.address_line1),
        address_line2: text(&input.address_line2),
        postal_code: text(&input.postal_code),
        city: text(&input.city),
        siret,
        rcs: text(&input.rcs),
        vat_number,
        phone,
        email,
        default_vat,
        estimate_valid_days,
        rates,
    };
    for (field, value) in [
        (Field::AddressLine1, &fields.address_line1),
        (Field::AddressLine2, &fields.address_line2),
        (Field::City, &fields.city),
        (Field::Rcs, &fields.rcs),
    ] {
        max_len(field, value.as_deref(), 120)?;
    }
    max_len(Field::PostalCode, fields.postal_code.as_deref(), 12)?;
    Ok(fields)
}

fn fields_json(f: &Fields) -> Map<String, Value> {
    let json = json!({
        "name": f.name, "legal_form": f.legal_form, "capital_cents": f.capital.map(|m| m.cents()),
        "address_line1": f.address_line1, "address_line2": f.address_line2,
        "postal_code": f.postal_code, "city": f.city, "siret": f.siret, "rcs": f.rcs,
        "vat_number": f.vat_number, "phone": f.phone, "email": f.email,
        "default_vat_bp": f.default_vat.bp(), "estimate_valid_days": f.estimate_valid_days,
    });
    match json {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn to_json(w: &Workshop) -> Map<String, Value> {
    fields_json(&Fields {
        name: w.name.clone(),
        legal_form: w.legal_form.clone(),
        capital: w.capital,
        address_line1: w.address_line1.clone(),
        address_line2: w.address_line2.clone(),
        postal_code: w.postal_code.clone(),
        city: w.city.clone(),
        siret: w.siret.clone(),
        rcs: w.rcs.clone(),
        vat_number: w.vat_number.clone(),
        phone: w.phone.clone(),
        email: w.email.clone(),
        default_vat: w.default_vat,
        estimate_valid_days: w.estimate_valid_days,
        rates: Vec::new(),
    })
}

/// Applies the typed rates over the current ones (the three default
/// categories on the first save); unknown codes become new categories. Only
/// categories that changed are written.
fn save_rates(
    tx: &Transaction<'_>,
    now_ms: u64,
    typed: &[(String, Option<String>, Money)],
    locale: Locale,
) -> Result<()> {
    let existing = rates(tx)?;
    let mut desired: Vec<RateCategory> = if existing.is_empty() {
        default_rates(locale)
            .into_iter()
            .map(|(code, label)| RateCategory {
                code: code.to_owned(),
                label: label.to_owned(),
                hourly: Money::ZERO,
            })
            .collect()
    } else {
        existing.clone()
    };
    for (code, label, hourly) in typed {
        match desired.iter_mut().find(|r| &r.code == code) {
            Some(rate) => {
                rate.hourly = *hourly;
                if let Some(label) = label {
                    rate.label.clone_from(label);
                }
            }
            None => desired.push(RateCategory {
                code: code.clone(),
                label: label.clone().unwrap_or_else(|| code.clone()),
                hourly: *hourly,
            }),
        }
    }
    for (position, rate) in desired.iter().enumerate() {
        let old = existing.iter().find(|r| r.code == rate.code);
        if old != Some(rate) {
            write_rate(tx, now_ms, rate, position, old)?;
        }
    }
    Ok(())
}

fn write_rate(
    tx: &Transaction<'_>,
    now_ms: u64,
    rate: &RateCategory,
    position: usize,
    old: Option<&RateCategory>,
) -> Result<()> {
    let payload =
        json!({ "label": rate.label, "hourly_cents": rate.hourly.cents(), "position": position });
    let before = old.map(|o| {
        Map::from_iter([
            ("label".to_owned(), json!(o.label)),
            ("hourly_cents".to_owned(), json!(o.hourly.cents())),
            ("position".to_owned(), json!(position)),
        ])
    });
    let kind = if old.is_some() {
        OpKind::Update
    } else {
        OpKind::Insert
    };
    let hlc = outbox::record(
        tx,
        now_ms,
        RATES,
        &rate.code,
        kind,
        &payload,
        before.as_ref(),
    )?;
    tx.prepare_cached(
        "INSERT INTO rate_categories (code, label, hourly_cents, position, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (code) DO UPDATE SET label = ?2, hourly_cents = ?3, updated_at = ?5",
    )?
    .execute(params![
        rate.code,
        rate.label,
        rate.hourly.cents(),
        i64::try_from(position).unwrap_or(i64::MAX),
        hlc.as_i64()
    ])?;
    Ok(())
}

use crate::device::SERIES_KEY;
const IDLE_KEY: &str = "session.idle_minutes";
/// Minutes of inactivity before a workstation locks, unless set otherwise.
pub const DEFAULT_IDLE_MINUTES: u32 = 5;

/// Settings of this workstation only, never synced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Station {
    /// This workstation's invoice series prefix (e.g. `S1A` in `F-S1A-2026-000123`).
    pub series_prefix: Option<String>,
    /// Minutes without activity before the screen locks; 0 never locks.
    pub idle_minutes: u32,
}

/// The workstation form, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct StationInput {
    /// The invoice series prefix.
    pub series_prefix: Option<String>,
    /// Minutes before the idle lock ("0" never locks).
    pub idle_minutes: Option<String>,
}

/// This workstation's settings.
pub fn station(conn: &Connection) -> Result<Station> {
    let get = |key: &str| -> Result<Option<String>> {
        Ok(conn
            .prepare_cached("SELECT value FROM local_settings WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    };
    Ok(Station {
        series_prefix: get(SERIES_KEY)?,
        idle_minutes: get(IDLE_KEY)?
            .and_then(|m| m.parse().ok())
            .unwrap_or(DEFAULT_IDLE_MINUTES),
    })
}

/// Saves this workstation's settings. The series prefix is 1–6 capital letters
/// or digits; once this workstation has issued an invoice it cannot change.
pub fn save_station(tx: &Transaction<'_>, input: &StationInput) -> Result<Station> {
    let prefix = clean(input.series_prefix.as_deref())
        .map(|p| {
            let p = p.to_uppercase();
            let ok = (1..=6).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric());
            ok.then_some(p)
                .ok_or(Invalid::new(Field::SeriesPrefix, Problem::SeriesPrefix))
        })
        .transpose()?;
    let idle = match clean(input.idle_minutes.as_deref()) {
        None => DEFAULT_IDLE_MINUTES,
        Some(m) => m
            .parse::<u32>()
            .ok()
            .filter(|m| *m <= 240)
            .ok_or(Invalid::new(
                Field::IdleMinutes,
                Problem::Number { min: 0, max: 240 },
            ))?,
    };
    let current = station(tx)?.series_prefix;
    if prefix.is_some() && prefix != current {
        let issued: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM invoice_counters)")?
            .query_row([], |r| r.get(0))?;
        if issued {
            return Err(Invalid::new(Field::SeriesPrefix, Problem::SeriesInUse).into());
        }
    }
    let mut put = tx.prepare_cached(
        "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?;
    if let Some(p) = &prefix {
        put.execute((SERIES_KEY, p))?;
    }
    put.execute((IDLE_KEY, idle.to_string()))?;
    drop(put);
    station(tx)
}

/// Takes the invoice series the sync server gave this workstation: unique in
/// the organisation, so no two stations ever issue the same number. A series
/// used before enrolment keeps its invoices; the next ones start the new one.
pub(crate) fn adopt_series_prefix(tx: &Transaction<'_>, prefix: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute((SERIES_KEY, prefix))?;
    Ok(())
}

#[cfg(test)]
mod tests;

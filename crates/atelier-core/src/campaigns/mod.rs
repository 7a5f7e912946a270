//! Promotional campaigns to the customers who agreed (docs/campaigns.md).
//!
//! Where things live:
//! - the campaign itself (its texts, period, offer, hours, cap, audience),
//!   written and synced like any master record: here;
//! - the fields of its texts and the length of an SMS: [`template`];
//! - who it goes to: [`audience`];
//! - sending it (queued per recipient in the outbox, spread over the
//!   allowed hours, never twice) and the test to oneself: [`send`];
//! - what it brought: [`results`];
//! - the offer a code brings to an estimate: [`offer`];
//! - the organisation's settings (the server's public address, the SMS
//!   STOP number, satisfaction): [`outreach`].
//!
//! Campaigns are organisation-wide; every write records its operation in
//! the outbox in the same transaction, and writes nothing when refused.

pub mod audience;
mod error;
pub mod offer;
pub mod outreach;
pub mod results;
pub mod send;
pub mod template;
#[cfg(test)]
pub(crate) mod tests;
mod words;

use atelier_domain::{CampaignId, CannedJobId, Percent};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::amounts::parse_percent;
use crate::orders::{canned, parse_id};
use crate::outbox::{self, OpKind};
use crate::planning::time::{clock, parse_at};
use crate::text::{clean, parse_date};
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result};

pub use audience::{Audience, AudienceCount, Recipient, preview};
pub use error::CampaignError;
pub use offer::{Offer, apply_offer, offer_for_code};
pub use outreach::{Outreach, OutreachInput, Satisfaction, outreach, save_outreach};
pub use results::{CampaignResults, results, results_csv};
pub use send::{Launched, launch, test_send};
pub use template::{SmsLength, sms_length};

pub(crate) const ENTITY: &str = "campaigns";

/// A campaign as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Campaign {
    /// Stable id.
    pub id: CampaignId,
    /// Its name, for the workshop.
    pub name: String,
    /// The SMS, with its fields; none: no SMS.
    pub sms_text: Option<String>,
    /// How many SMS the message is announced to take.
    pub sms_segments: u8,
    /// The SMS's length, filled at its longest, « STOP » line included.
    pub sms_length: Option<SmsLength>,
    /// The e-mail's subject.
    pub email_subject: Option<String>,
    /// The e-mail's text, with its fields; none: no e-mail.
    pub email_text: Option<String>,
    /// The first day of the offer (YYYY-MM-DD).
    pub valid_from: Option<String>,
    /// The last day of the offer.
    pub valid_until: Option<String>,
    /// The code a customer gives at the desk.
    pub code: Option<String>,
    /// The canned job an estimate takes with the code.
    pub canned_job_id: Option<CannedJobId>,
    /// The discount an estimate takes with the code.
    pub discount: Option<Percent>,
    /// At most this many messages a day on each channel.
    pub daily_cap: Option<u32>,
    /// The first minute messages may leave (France's time).
    pub send_from: u32,
    /// The minute from which none leaves.
    pub send_until: u32,
    /// Who it goes to.
    pub audience: Audience,
    /// When it was first launched (Unix ms).
    pub launched_at_ms: Option<i64>,
}

/// The campaign form, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct CampaignInput {
    /// Its name.
    pub name: Option<String>,
    /// The SMS, blank for none.
    pub sms_text: Option<String>,
    /// SMS announced (1–4); blank is 1.
    pub sms_segments: Option<u8>,
    /// The e-mail's subject.
    pub email_subject: Option<String>,
    /// The e-mail's text, blank for none.
    pub email_text: Option<String>,
    /// First day (YYYY-MM-DD), blank for none.
    pub valid_from: Option<String>,
    /// Last day, blank for none.
    pub valid_until: Option<String>,
    /// The code, blank for none.
    pub code: Option<String>,
    /// A canned job's id, blank for none.
    pub canned_job_id: Option<String>,
    /// A discount in percent (« 15 »), blank for none.
    pub discount: Option<String>,
    /// Most messages a day, blank for no cap.
    pub daily_cap: Option<u32>,
    /// `HH:MM`; blank is 09:00.
    pub send_from: Option<String>,
    /// `HH:MM`; blank is 19:00 (24:00 for until midnight).
    pub send_until: Option<String>,
    /// Who it goes to.
    pub audience: Audience,
}

/// A campaign's fields as stored and synced, checked.
#[derive(Clone, Debug, PartialEq)]
struct Fields {
    name: String,
    sms_text: Option<String>,
    sms_segments: u8,
    email_subject: Option<String>,
    email_text: Option<String>,
    valid_from: Option<String>,
    valid_until: Option<String>,
    code: Option<String>,
    canned_job_id: Option<String>,
    discount_bp: Option<u32>,
    daily_cap: Option<u32>,
    send_from: u32,
    send_until: u32,
    audience: String,
}

fn minutes(text: Option<&str>, default: u32) -> Result<u32, Invalid> {
    match clean(text) {
        None => Ok(default),
        Some(t) if t == "24:00" => Ok(24 * 60),
        Some(t) => parse_at(&format!("2000-01-01T{t}"))
            .map(|(_, m)| m)
            .ok_or(Invalid::new(Field::SendingHours, Problem::SendingHours)),
    }
}

/// The « STOP » line every campaign SMS ends with, as counted when its
/// length is checked (the number set, or five digits until it is).
pub(crate) fn stop_line(number: Option<&str>) -> String {
    format!("\n{} {}", words::STOP, number.unwrap_or("00000"))
}

impl Fields {
    fn parse(conn: &Connection, id: Option<CampaignId>, input: &CampaignInput) -> Result<Fields> {
        let name = clean(input.name.as_deref())
            .ok_or(Invalid::new(Field::CampaignName, Problem::Required))?;
        max_len(Field::CampaignName, Some(&name), 120)?;
        let sms_text = clean(input.sms_text.as_deref()).map(|t| template::plain_sms(&t));
        let email_text = clean(input.email_text.as_deref());
        let email_subject = clean(input.email_subject.as_deref());
        if sms_text.is_none() && email_text.is_none() {
            return Err(Invalid::new(Field::SmsText, Problem::Required).into());
        }
        let segments = input.sms_segments.unwrap_or(1);
        if !(1..=4).contains(&segments) {
            return Err(
                Invalid::new(Field::SmsSegments, Problem::Number { min: 1, max: 4 }).into(),
            );
        }
        if let Some(text) = &sms_text {
            let stop = outreach(conn)?.sms_stop_number;
            template::check_sms(
                Field::SmsText,
                text,
                &stop_line(stop.as_deref()),
                usize::from(segments),
            )?;
        }
        if let Some(text) = &email_text {
            max_len(Field::EmailText, Some(text), 5000)?;
            template::check_fields(Field::EmailText, text)?;
            let subject = email_subject
                .as_deref()
                .ok_or(Invalid::new(Field::EmailSubject, Problem::Required))?;
            max_len(Field::EmailSubject, Some(subject), 150)?;
            template::check_fields(Field::EmailSubject, subject)?;
        }
        let day = |field, text: Option<&str>| -> Result<Option<String>, Invalid> {
            clean(text)
                .map(|t| parse_date(&t).ok_or(Invalid::new(field, Problem::Date)))
                .transpose()
        };
        let valid_from = day(Field::From, input.valid_from.as_deref())?;
        let valid_until = day(Field::To, input.valid_until.as_deref())?;
        if let (Some(a), Some(b)) = (&valid_from, &valid_until)
            && b < a
        {
            return Err(Invalid::new(Field::To, Problem::PeriodReversed).into());
        }
        let code = clean(input.code.as_deref()).map(|c| c.to_uppercase());
        if let Some(c) = &code {
            max_len(Field::CampaignCode, Some(c), 20)?;
            if !c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-') {
                return Err(Invalid::new(Field::CampaignCode, Problem::NotAllowed).into());
            }
            let taken: Option<String> = conn
                .prepare_cached(
                    "SELECT id FROM campaigns WHERE code = ?1 AND deleted_at IS NULL AND id <> ?2",
                )?
                .query_row(params![c, id.map(|i| i.to_string())], |r| r.get(0))
                .optional()?;
            if taken.is_some() {
                return Err(Invalid::new(Field::CampaignCode, Problem::ReferenceTaken).into());
            }
        }
        let canned_job_id = match clean(input.canned_job_id.as_deref()) {
            None => None,
            Some(j) => {
                let job: CannedJobId = j
                    .parse()
                    .map_err(|_| Invalid::new(Field::JobName, Problem::NotAllowed))?;
                canned::get(conn, job)
                    .map_err(|_| Invalid::new(Field::JobName, Problem::NotAllowed))?;
                Some(job.to_string())
            }
        };
        let discount_bp = clean(input.discount.as_deref())
            .map(|d| parse_percent(&d, Field::Discount))
            .transpose()?
            .map(Percent::bp)
            .filter(|bp| *bp > 0);
        if (canned_job_id.is_some() || discount_bp.is_some()) && code.is_none() {
            return Err(Invalid::new(Field::CampaignCode, Problem::Required).into());
        }
        if input.daily_cap == Some(0) {
            return Err(Invalid::new(Field::DailyCap, Problem::NotPositive).into());
        }
        let send_from = minutes(input.send_from.as_deref(), 9 * 60)?;
        let send_until = minutes(input.send_until.as_deref(), 19 * 60)?;
        if send_until <= send_from {
            return Err(Invalid::new(Field::SendingHours, Problem::SendingHours).into());
        }
        input.audience.check()?;
        Ok(Fields {
            name,
            sms_text,
            sms_segments: segments,
            email_subject: email_text.as_ref().and(email_subject),
            email_text,
            valid_from,
            valid_until,
            code,
            canned_job_id,
            discount_bp,
            daily_cap: input.daily_cap,
            send_from,
            send_until,
            audience: serde_json::to_string(&input.audience)
                .map_err(|_| Error::Corrupt("campaigns.audience"))?,
        })
    }

    fn to_json(&self) -> Map<String, Value> {
        match json!({
            "name": self.name,
            "sms_text": self.sms_text,
            "sms_segments": self.sms_segments,
            "email_subject": self.email_subject,
            "email_text": self.email_text,
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
            "code": self.code,
            "canned_job_id": self.canned_job_id,
            "discount_bp": self.discount_bp,
            "daily_cap": self.daily_cap,
            "send_from": self.send_from,
            "send_until": self.send_until,
            "audience": self.audience,
        }) {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    fn store(&self, tx: &Transaction<'_>, id: CampaignId, stamp: i64) -> Result<()> {
        tx.prepare_cached(
            "INSERT INTO campaigns (id, name, sms_text, sms_segments, email_subject, email_text,
                    valid_from, valid_until, code, canned_job_id, discount_bp, daily_cap,
                    send_from, send_until, audience, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, sms_text = excluded.sms_text,
                    sms_segments = excluded.sms_segments, email_subject = excluded.email_subject,
                    email_text = excluded.email_text, valid_from = excluded.valid_from,
                    valid_until = excluded.valid_until, code = excluded.code,
                    canned_job_id = excluded.canned_job_id, discount_bp = excluded.discount_bp,
                    daily_cap = excluded.daily_cap, send_from = excluded.send_from,
                    send_until = excluded.send_until, audience = excluded.audience,
                    updated_at = excluded.updated_at",
        )?
        .execute(params![
            id.to_string(),
            self.name,
            self.sms_text,
            self.sms_segments,
            self.email_subject,
            self.email_text,
            self.valid_from,
            self.valid_until,
            self.code,
            self.canned_job_id,
            self.discount_bp,
            self.daily_cap,
            self.send_from,
            self.send_until,
            self.audience,
            stamp
        ])?;
        Ok(())
    }
}

/// Creates a campaign from the form, or refuses it and writes nothing:
/// no name, neither an SMS nor an e-mail, a field its texts name that does
/// not exist, an SMS that could exceed what it announces, an e-mail without
/// a subject, a period reversed, an offer without a code, a code another
/// campaign has, hours reversed, an audience filter out of bounds.
pub fn create(tx: &Transaction<'_>, now_ms: u64, input: &CampaignInput) -> Result<Campaign> {
    let fields = Fields::parse(tx, None, input)?;
    let id = CampaignId::new();
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Insert,
        &Value::Object(fields.to_json()),
        None,
    )?;
    fields.store(tx, id, hlc.as_i64())?;
    get(tx, id)
}

/// Changes a campaign by the same rules as [`create`]; only the fields that
/// changed travel. A campaign already launched keeps its texts for the
/// messages already queued; the new ones go to those it reaches next.
pub fn update(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: CampaignId,
    input: &CampaignInput,
) -> Result<Campaign> {
    let before = get(tx, id)?;
    let old = Fields::from_campaign(&before)?.to_json();
    let fields = Fields::parse(tx, Some(id), input)?;
    let changes = outbox::changes(&old, fields.to_json());
    if changes.is_empty() {
        return Ok(before);
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Update,
        &Value::Object(changes),
        Some(&old),
    )?;
    fields.store(tx, id, hlc.as_i64())?;
    get(tx, id)
}

/// Archives a campaign: it leaves the list; its messages and results stay.
pub fn archive(tx: &Transaction<'_>, now_ms: u64, id: CampaignId) -> Result<()> {
    get(tx, id)?;
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Delete,
        &json!({}),
        None,
    )?;
    tx.prepare_cached("UPDATE campaigns SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1")?
        .execute(params![id.to_string(), hlc.as_i64()])?;
    Ok(())
}

/// Records that a campaign was launched, once.
pub(crate) fn mark_launched(tx: &Transaction<'_>, now_ms: u64, c: &Campaign) -> Result<()> {
    if c.launched_at_ms.is_some() {
        return Ok(());
    }
    let fields = Map::from_iter([("launched_at".to_owned(), Value::from(now_ms as i64))]);
    let old = Map::from_iter([("launched_at".to_owned(), Value::Null)]);
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &c.id.to_string(),
        OpKind::Update,
        &Value::Object(fields),
        Some(&old),
    )?;
    tx.prepare_cached("UPDATE campaigns SET launched_at = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![c.id.to_string(), now_ms as i64, hlc.as_i64()])?;
    Ok(())
}

impl Fields {
    fn from_campaign(c: &Campaign) -> Result<Fields> {
        Ok(Fields {
            name: c.name.clone(),
            sms_text: c.sms_text.clone(),
            sms_segments: c.sms_segments,
            email_subject: c.email_subject.clone(),
            email_text: c.email_text.clone(),
            valid_from: c.valid_from.clone(),
            valid_until: c.valid_until.clone(),
            code: c.code.clone(),
            canned_job_id: c.canned_job_id.map(|j| j.to_string()),
            discount_bp: c.discount.map(Percent::bp),
            daily_cap: c.daily_cap,
            send_from: c.send_from,
            send_until: c.send_until,
            audience: serde_json::to_string(&c.audience)
                .map_err(|_| Error::Corrupt("campaigns.audience"))?,
        })
    }
}

/// The form's values of a campaign, to edit it.
impl From<&Campaign> for CampaignInput {
    fn from(c: &Campaign) -> Self {
        CampaignInput {
            name: Some(c.name.clone()),
            sms_text: c.sms_text.clone(),
            sms_segments: Some(c.sms_segments),
            email_subject: c.email_subject.clone(),
            email_text: c.email_text.clone(),
            valid_from: c.valid_from.clone(),
            valid_until: c.valid_until.clone(),
            code: c.code.clone(),
            canned_job_id: c.canned_job_id.map(|j| j.to_string()),
            discount: c.discount.map(|p| (f64::from(p.bp()) / 100.0).to_string()),
            daily_cap: c.daily_cap,
            send_from: Some(clock(c.send_from)),
            send_until: Some(clock(c.send_until)),
            audience: c.audience.clone(),
        }
    }
}

const COLUMNS: &str = "id, name, sms_text, sms_segments, email_subject, email_text, valid_from,
    valid_until, code, canned_job_id, discount_bp, daily_cap, send_from, send_until, audience,
    launched_at";

/// The campaign with this id, unless archived.
pub fn get(conn: &Connection, id: CampaignId) -> Result<Campaign> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM campaigns WHERE id = ?1 AND deleted_at IS NULL"
    ))?
    .query_row([id.to_string()], |r| Ok(from_row(conn, r)))
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: "campaign",
        id: id.to_string(),
    })?
}

/// Every campaign, newest first.
pub fn list(conn: &Connection) -> Result<Vec<Campaign>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM campaigns WHERE deleted_at IS NULL ORDER BY created_at DESC, id"
    ))?;
    stmt.query_map([], |r| Ok(from_row(conn, r)))?
        .map(|r| r?)
        .collect()
}

fn from_row(conn: &Connection, r: &Row<'_>) -> Result<Campaign> {
    let sms_text: Option<String> = r.get(2)?;
    let audience: String = r.get(14)?;
    let canned: Option<String> = r.get(9)?;
    let stop = match &sms_text {
        Some(_) => outreach(conn)?.sms_stop_number,
        None => None,
    };
    Ok(Campaign {
        id: parse_id(&r.get::<_, String>(0)?, "campaigns.id")?,
        name: r.get(1)?,
        sms_length: sms_text.as_deref().map(|t| {
            sms_length(&format!(
                "{}{}",
                template::longest(t),
                stop_line(stop.as_deref())
            ))
        }),
        sms_text,
        sms_segments: r.get(3)?,
        email_subject: r.get(4)?,
        email_text: r.get(5)?,
        valid_from: r.get(6)?,
        valid_until: r.get(7)?,
        code: r.get(8)?,
        canned_job_id: canned
            .map(|c| parse_id(&c, "campaigns.canned_job_id"))
            .transpose()?,
        discount: r
            .get::<_, Option<u32>>(10)?
            .and_then(|bp| Percent::new(bp).ok()),
        daily_cap: r.get(11)?,
        send_from: r.get(12)?,
        send_until: r.get(13)?,
        audience: serde_json::from_str(&audience)
            .map_err(|_| Error::Corrupt("campaigns.audience"))?,
        launched_at_ms: r.get(15)?,
    })
}

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
mod input;
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
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::orders::parse_id;
use crate::outbox::{self, OpKind};
use crate::planning::time::clock;
use crate::{Error, Result};

pub use audience::{Audience, AudienceCount, Recipient, preview};
pub use error::CampaignError;
pub use input::CampaignInput;
use input::Fields;
pub use offer::{Offer, apply_offer, offer_for_code};
pub use outreach::{Outreach, OutreachInput, Satisfaction, outreach, save_outreach};
pub use results::{CampaignResults, results, results_csv};
pub use send::{Launched, launch, test_send};
use template::stop_line;
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
    let old = Fields::read(tx, id)?.to_json();
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

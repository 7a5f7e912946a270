//! The campaign form: what a person types, checked and turned into the
//! fields stored and synced ([`Fields`]), or refused with the field at
//! fault and nothing written.

use atelier_domain::{CampaignId, CannedJobId, Percent};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::audience::Audience;
use super::outreach::outreach;
use super::template::{self, stop_line};
use crate::amounts::parse_percent;
use crate::orders::canned;
use crate::planning::time::parse_at;
use crate::text::{clean, parse_date};
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result};

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
pub(super) struct Fields {
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

impl Fields {
    pub(super) fn parse(
        conn: &Connection,
        id: Option<CampaignId>,
        input: &CampaignInput,
    ) -> Result<Fields> {
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

    pub(super) fn to_json(&self) -> Map<String, Value> {
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

    pub(super) fn store(&self, tx: &Transaction<'_>, id: CampaignId, stamp: i64) -> Result<()> {
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

impl Fields {
    /// The fields of campaign `id` as stored.
    pub(super) fn read(conn: &Connection, id: CampaignId) -> Result<Fields> {
        Ok(conn
            .prepare_cached(
                "SELECT name, sms_text, sms_segments, email_subject, email_text, valid_from,
                        valid_until, code, canned_job_id, discount_bp, daily_cap, send_from,
                        send_until, audience
                   FROM campaigns WHERE id = ?1",
            )?
            .query_row([id.to_string()], |r| {
                Ok(Fields {
                    name: r.get(0)?,
                    sms_text: r.get(1)?,
                    sms_segments: r.get(2)?,
                    email_subject: r.get(3)?,
                    email_text: r.get(4)?,
                    valid_from: r.get(5)?,
                    valid_until: r.get(6)?,
                    code: r.get(7)?,
                    canned_job_id: r.get(8)?,
                    discount_bp: r.get(9)?,
                    daily_cap: r.get(10)?,
                    send_from: r.get(11)?,
                    send_until: r.get(12)?,
                    audience: r.get(13)?,
                })
            })?)
    }
}

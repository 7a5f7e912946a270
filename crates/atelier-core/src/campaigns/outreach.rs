//! The organisation's settings for campaigns and satisfaction: the public
//! address of the workshop's server (the links in messages point there),
//! the number the SMS provider takes « STOP » on, when a rating is asked
//! after a paid invoice, and the rating flagged to the owner. One synced
//! row with the same id on every station, changed field by field.

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::Result;
use crate::outbox::{self, OpKind};
use crate::text::clean;
use crate::validation::{Field, Invalid, Problem, max_len};

const ENTITY: &str = "outreach_settings";
const ROW: &str = "outreach";

/// When a rating is asked after an invoice is paid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    /// Never.
    #[default]
    Off,
    /// As soon as it is paid.
    Immediate,
    /// The next day, within the sending hours.
    NextDay,
}

crate::text::str_enum!(Satisfaction {
    Off => "off",
    Immediate => "immediate",
    NextDay => "next_day",
});

/// The settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outreach {
    /// `https://…` of the workshop's atelier-server as customers reach it.
    pub public_url: Option<String>,
    /// The short number « STOP » is sent to.
    pub sms_stop_number: Option<String>,
    /// When a rating is asked.
    pub satisfaction: Satisfaction,
    /// Ratings at or below this are flagged to the owner (1–4).
    pub low_rating: u8,
}

/// The settings form, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct OutreachInput {
    /// The public address.
    pub public_url: Option<String>,
    /// The STOP number.
    pub sms_stop_number: Option<String>,
    /// `off`, `immediate` or `next_day`.
    pub satisfaction: Option<String>,
    /// 1 to 4; blank keeps 2.
    pub low_rating: Option<u8>,
}

/// The settings in force.
pub fn outreach(conn: &Connection) -> Result<Outreach> {
    let (public_url, sms_stop_number, satisfaction, low_rating): (_, _, String, u8) = conn
        .prepare_cached(
            "SELECT public_url, sms_stop_number, satisfaction, low_rating
               FROM outreach_settings WHERE id = ?1",
        )?
        .query_row([ROW], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(Outreach {
        public_url,
        sms_stop_number,
        satisfaction: Satisfaction::parse(&satisfaction).unwrap_or_default(),
        low_rating,
    })
}

/// Saves the settings form; only the fields that changed travel to the
/// other stations. Refused, writing nothing: an address that is not
/// `http(s)://`, a STOP number that is not 4 to 14 digits, an unknown
/// choice, a low rating outside 1–4.
pub fn save_outreach(tx: &Transaction<'_>, now_ms: u64, input: &OutreachInput) -> Result<Outreach> {
    let url = clean(input.public_url.as_deref()).map(|u| u.trim_end_matches('/').to_owned());
    max_len(Field::PublicUrl, url.as_deref(), 200)?;
    if let Some(u) = &url
        && (!(u.starts_with("https://") || u.starts_with("http://"))
            || u.contains(char::is_whitespace))
    {
        return Err(Invalid::new(Field::PublicUrl, Problem::WebAddress).into());
    }
    let stop = clean(input.sms_stop_number.as_deref()).map(|s| s.replace(' ', ""));
    if let Some(s) = &stop
        && (!(4..=14).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(Invalid::new(
            Field::SmsStopNumber,
            Problem::Number {
                min: 1000,
                max: 99_999_999_999_999,
            },
        )
        .into());
    }
    let satisfaction = match clean(input.satisfaction.as_deref()) {
        None => Satisfaction::Off,
        Some(s) => {
            Satisfaction::parse(&s).ok_or(Invalid::new(Field::Satisfaction, Problem::NotAllowed))?
        }
    };
    let low = input.low_rating.unwrap_or(2);
    if !(1..=4).contains(&low) {
        return Err(Invalid::new(Field::LowRating, Problem::Number { min: 1, max: 4 }).into());
    }
    let before = outreach(tx)?;
    let old = to_json(&before);
    let after = Outreach {
        public_url: url,
        sms_stop_number: stop,
        satisfaction,
        low_rating: low,
    };
    let changes = outbox::changes(&old, to_json(&after));
    if changes.is_empty() {
        return Ok(before);
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        ROW,
        OpKind::Update,
        &Value::Object(changes),
        Some(&old),
    )?;
    tx.prepare_cached(
        "UPDATE outreach_settings SET public_url = ?2, sms_stop_number = ?3, satisfaction = ?4,
                low_rating = ?5, updated_at = ?6 WHERE id = ?1",
    )?
    .execute(rusqlite::params![
        ROW,
        after.public_url,
        after.sms_stop_number,
        after.satisfaction.as_str(),
        after.low_rating,
        hlc.as_i64()
    ])?;
    Ok(after)
}

fn to_json(o: &Outreach) -> Map<String, Value> {
    match json!({
        "public_url": o.public_url,
        "sms_stop_number": o.sms_stop_number,
        "satisfaction": o.satisfaction.as_str(),
        "low_rating": o.low_rating,
    }) {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

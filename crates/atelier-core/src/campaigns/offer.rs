//! A campaign's offer at the desk: the customer gives its code, the
//! estimate takes the canned job it links (its lines added) and its
//! discount (the order's whole-order discount), while the offer is valid.

use atelier_domain::{CampaignId, CannedJobId, OrderId, Percent};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::Result;
use crate::orders::{OrderDiscount, canned, header, parse_id};
use crate::validation::{Field, Invalid, Problem};

/// What a code brings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Offer {
    /// The campaign.
    pub campaign_id: CampaignId,
    /// Its name.
    pub name: String,
    /// The canned job to add, if it links one.
    pub canned_job_id: Option<CannedJobId>,
    /// The discount to apply, if it gives one.
    pub discount: Option<Percent>,
}

/// The offer of `code` on `today` (YYYY-MM-DD). Refused: a code no
/// campaign has, or one whose period does not include today.
pub fn offer_for_code(conn: &Connection, code: &str, today: &str) -> Result<Offer> {
    let code = code.trim().to_uppercase();
    type Found = (
        String,
        String,
        Option<String>,
        Option<u32>,
        Option<String>,
        Option<String>,
    );
    let found: Option<Found> = conn
        .prepare_cached(
            "SELECT id, name, canned_job_id, discount_bp, valid_from, valid_until FROM campaigns
              WHERE code = ?1 AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 1",
        )?
        .query_row([&code], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .optional()?;
    let Some((id, name, job, bp, from, until)) = found else {
        return Err(Invalid::new(Field::CampaignCode, Problem::NotAllowed).into());
    };
    if from.is_some_and(|f| today < f.as_str()) || until.is_some_and(|u| today > u.as_str()) {
        return Err(Invalid::new(Field::CampaignCode, Problem::NotAllowed).into());
    }
    Ok(Offer {
        campaign_id: parse_id(&id, "campaigns.id")?,
        name,
        canned_job_id: job
            .map(|j| parse_id(&j, "campaigns.canned_job_id"))
            .transpose()?,
        discount: bp.and_then(|bp| Percent::new(bp).ok()),
    })
}

/// Applies the offer of `code` to an order still open to change: the
/// canned job's lines added, the discount set. Answers the offer.
pub fn apply_offer(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: OrderId,
    code: &str,
    today: &str,
) -> Result<Offer> {
    let offer = offer_for_code(tx, code, today)?;
    if let Some(job) = offer.canned_job_id {
        canned::apply_canned_job(tx, now_ms, order, job)?;
    }
    if let Some(p) = offer.discount {
        header::set_discount(tx, now_ms, order, OrderDiscount::Percent(p))?;
    }
    Ok(offer)
}

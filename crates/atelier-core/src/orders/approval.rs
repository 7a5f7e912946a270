//! The customer's word: the signed approval that turns an estimate into a
//! repair order (and approves a supplement, see [`super::supplements`]). An
//! approval records whether the customer accepts parts from the circular
//! economy (PIEC, code de la consommation art. L. 224-67).

use atelier_domain::{ApprovalId, Locale, OrderId, SupplementId};
use base64::Engine as _;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::line::{self, LineKind};
use super::parse_id;
use crate::Result;
use crate::access::Actor;
use crate::outbox::{self, OpKind};
use crate::text::{clean, parse_date, today};
use crate::validation::{Field, Invalid, Problem, max_len};

const APPROVALS: &str = "order_approvals";
/// The largest signature image accepted, in bytes.
pub const SIGNATURE_MAX_BYTES: usize = 256 * 1024;
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The customer's approval, as the signature screen sends it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Approval {
    /// Who signed, as they wrote their name.
    pub signer_name: String,
    /// The signature drawn on the screen's canvas, as PNG.
    pub signature_png: Vec<u8>,
    /// Whether the customer accepts recycled or exchange parts; required when
    /// any was offered.
    pub recycled_parts_accepted: Option<bool>,
    /// The day they accepted (YYYY-MM-DD); today when blank.
    pub accepted_on: String,
}

/// An approval as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApprovalRecord {
    /// Stable id.
    pub id: ApprovalId,
    /// The supplement approved; none for the estimate itself.
    pub supplement_id: Option<SupplementId>,
    /// Who signed.
    pub signer_name: String,
    /// The signature (PNG); not sent to screens with the order.
    #[serde(skip)]
    pub signature_png: Vec<u8>,
    /// Whether the customer accepts recycled or exchange parts.
    pub recycled_parts_accepted: Option<bool>,
    /// The day they accepted (YYYY-MM-DD).
    pub accepted_on: String,
    /// Who at the workshop recorded it.
    pub recorded_by: String,
}

/// Whether any part line (of the estimate, or of one supplement) was offered
/// recycled or in exchange: the documents then print the PIEC mention.
pub fn circular_offered(
    conn: &Connection,
    order: OrderId,
    supplement: Option<SupplementId>,
) -> Result<bool> {
    Ok(line::of_order(conn, order)?.iter().any(|l| {
        l.kind == LineKind::Part
            && l.supplement_id == supplement
            && l.origin.is_some_and(|o| o.is_circular())
    }))
}

/// The estimate's approval, once signed.
pub fn estimate_approval(conn: &Connection, order: OrderId) -> Result<Option<ApprovalRecord>> {
    approval_of(conn, order, None)
}

/// Checks and stores an approval.
pub(super) fn record(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    order: OrderId,
    supplement: Option<SupplementId>,
    a: &Approval,
    circular_offered: bool,
) -> Result<()> {
    let signer =
        clean(Some(&a.signer_name)).ok_or(Invalid::new(Field::SignerName, Problem::Required))?;
    max_len(Field::SignerName, Some(&signer), 120)?;
    if a.signature_png.is_empty() {
        return Err(Invalid::new(Field::Signature, Problem::Required).into());
    }
    if !a.signature_png.starts_with(PNG_MAGIC) {
        return Err(Invalid::new(Field::Signature, Problem::Png).into());
    }
    if a.signature_png.len() > SIGNATURE_MAX_BYTES {
        let max_kb = SIGNATURE_MAX_BYTES / 1024;
        return Err(Invalid::new(Field::Signature, Problem::FileTooLarge { max_kb }).into());
    }
    let today = today(now_ms);
    let accepted_on = match a.accepted_on.trim() {
        "" => today.clone(),
        d => parse_date(d).ok_or(Invalid::new(Field::AcceptedOn, Problem::Date))?,
    };
    if accepted_on > today {
        return Err(Invalid::new(Field::AcceptedOn, Problem::FutureDate).into());
    }
    if circular_offered && a.recycled_parts_accepted.is_none() {
        return Err(Invalid::new(Field::RecycledParts, Problem::Required).into());
    }
    let id = ApprovalId::new().to_string();
    let supplement = supplement.map(|s| s.to_string());
    let user = actor.user.map(|u| u.to_string());
    // The signed image travels with its approval (base64): every station of
    // the site can show what the customer signed. The audit trail notes
    // that an image was recorded, not its bytes.
    let payload = json!({
        "order_id": order.to_string(), "supplement_id": supplement, "signer_name": signer,
        "signature_png": base64::engine::general_purpose::STANDARD.encode(&a.signature_png),
        "recycled_parts_accepted": a.recycled_parts_accepted, "accepted_on": accepted_on,
        "recorded_by_id": user, "recorded_by_name": actor.name,
    });
    let hlc = outbox::record(tx, now_ms, APPROVALS, &id, OpKind::Insert, &payload, None)?;
    tx.prepare_cached(
        "INSERT INTO order_approvals (id, order_id, supplement_id, signer_name, signature_png,
                recycled_parts_accepted, accepted_on, recorded_by_id, recorded_by_name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        id,
        order.to_string(),
        supplement,
        signer,
        a.signature_png,
        a.recycled_parts_accepted,
        accepted_on,
        user,
        actor.name,
        hlc.as_i64()
    ])?;
    Ok(())
}

/// What an approval holds of the person who signed, with the value each
/// takes once erased: their name and the drawing of their signature.
/// Anonymising the customer erases them; that the estimate was accepted,
/// when and with which answer on recycled parts stays.
pub(crate) fn personal() -> serde_json::Map<String, serde_json::Value> {
    serde_json::Map::from_iter([
        ("signer_name".to_owned(), json!(crate::customers::ANONYMOUS)),
        ("signature_png".to_owned(), json!("")),
    ])
}

/// Erases the [`personal`] fields of approval `id`, once (the V19 trigger
/// lets nothing else of an approval change).
pub(crate) fn erase_personal(tx: &Transaction<'_>, now_ms: u64, id: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE order_approvals SET signer_name = ?2, signature_png = X'', erased_at = ?3
          WHERE id = ?1 AND erased_at IS NULL",
    )?
    .execute(params![id, crate::customers::ANONYMOUS, now_ms as i64])?;
    Ok(())
}

pub(super) fn approval_of(
    conn: &Connection,
    order: OrderId,
    supplement: Option<SupplementId>,
) -> Result<Option<ApprovalRecord>> {
    conn.prepare_cached(
        "SELECT id, supplement_id, signer_name, signature_png, recycled_parts_accepted,
                    accepted_on, recorded_by_name
             FROM order_approvals WHERE order_id = ?1 AND supplement_id IS ?2
             ORDER BY created_at DESC LIMIT 1",
    )?
    .query_row(
        params![order.to_string(), supplement.map(|s| s.to_string())],
        |r| {
            let (id, supplement): (String, Option<String>) = (r.get(0)?, r.get(1)?);
            let (signer_name, signature_png, recycled_parts_accepted) =
                (r.get(2)?, r.get(3)?, r.get(4)?);
            let (accepted_on, recorded_by) = (r.get(5)?, r.get(6)?);
            Ok((|| -> Result<ApprovalRecord> {
                Ok(ApprovalRecord {
                    id: parse_id(&id, "order_approvals.id")?,
                    supplement_id: supplement
                        .map(|s| parse_id(&s, "order_approvals.supplement_id"))
                        .transpose()?,
                    signer_name,
                    signature_png,
                    recycled_parts_accepted,
                    accepted_on,
                    recorded_by,
                })
            })())
        },
    )
    .optional()?
    .transpose()
}

/// The PIEC mention printed on an estimate that offers parts from the circular
/// economy, with the customer's choice when known (art. L. 224-67 and
/// R. 224-22 of the code de la consommation).
pub fn piec_mention(accepted: Option<bool>, locale: Locale) -> String {
    let w = super::words::words(locale);
    let choice = match accepted {
        Some(true) => w.piec_accepted,
        Some(false) => w.piec_declined,
        None => w.piec_choice,
    };
    format!("{}{choice}", w.piec_law)
}

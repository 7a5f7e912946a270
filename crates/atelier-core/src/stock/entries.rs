//! What people enter at the stock room: deliveries outside a purchase order,
//! corrections with their reason, returns to suppliers and transfers between
//! sites. Each is checked whole before its movements are written.

use atelier_domain::{Locale, PartId, SiteId, TransferId};
use rusqlite::{Connection, Transaction};
use serde::Deserialize;

use super::movements::{Movement, MovementKind, NewMovement, write};
use super::part::get_part;
use super::sites::{current_site, require_site};
use crate::Result;
use crate::amounts::{parse_milli, parse_price};
use crate::text::clean;
use crate::validation::{Field, Invalid, Problem, max_len};

const REASON_MAX: usize = 300;

/// A receipt typed outside a purchase order (or one line of one).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Receipt {
    /// The part.
    pub part_id: PartId,
    /// Where it arrives; this workstation's site when left out.
    pub site_id: Option<SiteId>,
    /// How many, above zero.
    pub quantity: Option<String>,
    /// Unit cost HT; the part's cost price when blank.
    pub unit_cost: Option<String>,
}

/// A correction of stock, either way, with its reason.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Adjustment {
    /// The part.
    pub part_id: PartId,
    /// Where; this workstation's site when left out.
    pub site_id: Option<SiteId>,
    /// Signed quantity: "-2" removes two.
    pub quantity: Option<String>,
    /// Why (required): breakage, found, theft…
    pub reason: Option<String>,
}

/// Parts sent from one site to another.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Transfer {
    /// The part.
    pub part_id: PartId,
    /// The site it leaves; this workstation's when left out.
    pub from_site_id: Option<SiteId>,
    /// The site it goes to.
    pub to_site_id: Option<SiteId>,
    /// How many, above zero.
    pub quantity: Option<String>,
}

/// The site named in a form, refused (naming `field`) when it does not
/// exist, or this workstation's when left out.
pub(crate) fn site_or_current(
    conn: &Connection,
    named: Option<SiteId>,
    field: Field,
) -> Result<SiteId> {
    match named {
        None => current_site(conn),
        Some(site) => {
            require_site(conn, site, field)?;
            Ok(site)
        }
    }
}

/// A quantity that must be above zero.
pub(crate) fn positive(typed: Option<&str>, field: Field) -> Result<i64, Invalid> {
    let text = clean(typed).ok_or(Invalid::new(field, Problem::Required))?;
    match parse_milli(&text, field)? {
        0 => Err(Invalid::new(field, Problem::Zero)),
        q => Ok(q),
    }
}

/// A quantity either way: "-2" is minus two. Zero is refused.
fn signed(typed: Option<&str>, field: Field) -> Result<i64, Invalid> {
    let text = clean(typed).ok_or(Invalid::new(field, Problem::Required))?;
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(&text)),
    };
    match parse_milli(digits, field)? {
        0 => Err(Invalid::new(field, Problem::Zero)),
        q => Ok(sign * q),
    }
}

fn reason(typed: Option<&str>, required: bool) -> Result<Option<String>, Invalid> {
    let reason = clean(typed);
    max_len(Field::Reason, reason.as_deref(), REASON_MAX)?;
    if required && reason.is_none() {
        return Err(Invalid::new(Field::Reason, Problem::Required));
    }
    Ok(reason)
}

/// Enters a delivery outside a purchase order: the quantity must be above
/// zero; the unit cost is the part's cost price unless typed.
pub fn receive(
    tx: &Transaction<'_>,
    now_ms: u64,
    input: &Receipt,
    locale: Locale,
) -> Result<Movement> {
    let part = get_part(tx, input.part_id)?;
    let quantity = positive(input.quantity.as_deref(), Field::Quantity)?;
    let unit_cost = match clean(input.unit_cost.as_deref()) {
        Some(t) => parse_price(&t, Field::CostPrice, locale)?.cents(),
        None => part.cost(),
    };
    let site = site_or_current(tx, input.site_id, Field::Site)?;
    write(
        tx,
        now_ms,
        MovementKind::Receipt,
        NewMovement {
            part: part.id,
            site,
            quantity_milli: quantity,
            unit_cost_cents: Some(unit_cost),
            ..NewMovement::default()
        },
    )
}

/// Corrects the stock of a part, either way, with a reason.
pub fn adjust(tx: &Transaction<'_>, now_ms: u64, input: &Adjustment) -> Result<Movement> {
    let part = get_part(tx, input.part_id)?;
    let quantity = signed(input.quantity.as_deref(), Field::Quantity)?;
    let reason = reason(input.reason.as_deref(), true)?;
    let site = site_or_current(tx, input.site_id, Field::Site)?;
    write(
        tx,
        now_ms,
        MovementKind::Adjustment,
        NewMovement {
            part: part.id,
            site,
            quantity_milli: quantity,
            reason,
            ..NewMovement::default()
        },
    )
}

/// Sends parts back to a supplier (faulty, wrong, surplus), with a reason.
pub fn return_to_supplier(
    tx: &Transaction<'_>,
    now_ms: u64,
    input: &Adjustment,
) -> Result<Movement> {
    let part = get_part(tx, input.part_id)?;
    let quantity = positive(input.quantity.as_deref(), Field::Quantity)?;
    let reason = reason(input.reason.as_deref(), false)?;
    let site = site_or_current(tx, input.site_id, Field::Site)?;
    write(
        tx,
        now_ms,
        MovementKind::ReturnToSupplier,
        NewMovement {
            part: part.id,
            site,
            quantity_milli: -quantity,
            reason,
            ..NewMovement::default()
        },
    )
}

/// Moves parts from one site to another: a transfer out and a transfer in,
/// paired by one transfer id, written together.
pub fn transfer(tx: &Transaction<'_>, now_ms: u64, input: &Transfer) -> Result<[Movement; 2]> {
    let part = get_part(tx, input.part_id)?;
    let quantity = positive(input.quantity.as_deref(), Field::Quantity)?;
    let from = site_or_current(tx, input.from_site_id, Field::Site)?;
    let to_named = input
        .to_site_id
        .ok_or(Invalid::new(Field::ToSite, Problem::Required))?;
    let to = site_or_current(tx, Some(to_named), Field::ToSite)?;
    if from == to {
        return Err(Invalid::new(Field::ToSite, Problem::SameSite).into());
    }
    let pair = TransferId::new();
    let out = write(
        tx,
        now_ms,
        MovementKind::TransferOut,
        NewMovement {
            part: part.id,
            site: from,
            quantity_milli: -quantity,
            transfer: Some(pair),
            ..NewMovement::default()
        },
    )?;
    let arrived = write(
        tx,
        now_ms,
        MovementKind::TransferIn,
        NewMovement {
            part: part.id,
            site: to,
            quantity_milli: quantity,
            transfer: Some(pair),
            ..NewMovement::default()
        },
    )?;
    Ok([out, arrived])
}

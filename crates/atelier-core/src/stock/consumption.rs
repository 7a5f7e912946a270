//! Repair orders take their parts from stock on their own.
//!
//! A part line whose reference is a catalogue part is used from stock when
//! its order is done: one `use` movement per line, naming the line. From then
//! on the stock follows the line: reopening or cancelling the order, or
//! removing the line, gives the part back (`return_from_order`); changing its
//! quantity or part on a done order moves only the difference. Every path
//! goes through [`follow_line`], which compares what the line should have
//! taken with what its movements took, so calling it twice changes nothing.

use atelier_domain::{OrderId, OrderLineId, PartId, SiteId};
use rusqlite::{OptionalExtension, Transaction, params};

use super::movements::{MovementKind, NewMovement, write};
use super::refs::by_reference;
use super::sites::current_site;
use crate::{Error, Result};

/// What decides whether an order line takes a part from stock.
struct LineState {
    kind: String,
    reference: Option<String>,
    quantity: i64,
    deleted: bool,
    status: String,
    supplement: Option<String>,
}

/// Brings the stock taken by one order line in line with the line: what a
/// live part line of a done (or invoiced) order says, nothing otherwise.
pub(crate) fn follow_line(tx: &Transaction<'_>, now_ms: u64, line_id: OrderLineId) -> Result<()> {
    let row: Option<LineState> = tx
        .prepare_cached(
            "SELECT l.kind, l.part_id, l.quantity_milli, l.deleted_at IS NOT NULL, o.status,
                    (SELECT s.status FROM order_supplements s WHERE s.id = l.supplement_id)
               FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.id = ?1",
        )?
        .query_row([line_id.to_string()], |r| {
            Ok(LineState {
                kind: r.get(0)?,
                reference: r.get(1)?,
                quantity: r.get(2)?,
                deleted: r.get(3)?,
                status: r.get(4)?,
                supplement: r.get(5)?,
            })
        })
        .optional()?;
    let Some(LineState {
        kind,
        reference,
        quantity,
        deleted,
        status,
        supplement,
    }) = row
    else {
        return Ok(());
    };
    let counts = kind == "part"
        && !deleted
        && quantity > 0
        && matches!(status.as_str(), "done" | "invoiced")
        && supplement.as_deref().is_none_or(|s| s == "approved");
    let wanted = match (counts, reference) {
        (true, Some(reference)) => match by_reference(tx, &reference)? {
            Some(part) => Some((
                part.parse::<PartId>()
                    .map_err(|_| Error::Corrupt("part_refs.part_id"))?,
                quantity,
            )),
            None => None,
        },
        _ => None,
    };
    let taken = taken_by_line(tx, line_id)?;
    if taken.is_empty() && wanted.is_none() {
        return Ok(());
    }
    // Give back whatever is taken of another part, or at another site than
    // the one the wanted part was taken at.
    let mut site_of_wanted = None;
    for (part, site, qty) in &taken {
        match &wanted {
            Some((p, _)) if p == part && site_of_wanted.is_none() => {
                site_of_wanted = Some((*site, *qty));
            }
            _ => give_back(tx, now_ms, line_id, *part, *site, *qty)?,
        }
    }
    if let Some((part, want)) = wanted {
        let (site, already) = match site_of_wanted {
            Some(found) => found,
            None => (current_site(tx)?, 0),
        };
        let diff = want - already;
        if diff > 0 {
            write(
                tx,
                now_ms,
                MovementKind::Use,
                NewMovement {
                    part,
                    site,
                    quantity_milli: -diff,
                    order_line: Some(line_id),
                    ..NewMovement::default()
                },
            )?;
        } else if diff < 0 {
            give_back(tx, now_ms, line_id, part, site, -diff)?;
        }
    }
    Ok(())
}

/// [`follow_line`] for every line an order has or had: after it is done,
/// reopened or cancelled.
pub(crate) fn follow_order(tx: &Transaction<'_>, now_ms: u64, order: OrderId) -> Result<()> {
    let lines = tx
        .prepare_cached(
            "SELECT id FROM order_lines
              WHERE order_id = ?1 AND (kind = 'part' OR EXISTS
                    (SELECT 1 FROM stock_movements m WHERE m.order_line_id = order_lines.id))
              ORDER BY position",
        )?
        .query_map([order.to_string()], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for line in lines {
        let line = line.parse().map_err(|_| Error::Corrupt("order_lines.id"))?;
        follow_line(tx, now_ms, line)?;
    }
    Ok(())
}

/// What a line's movements took, per part and site (positive: taken).
fn taken_by_line(tx: &Transaction<'_>, line_id: OrderLineId) -> Result<Vec<(PartId, SiteId, i64)>> {
    tx.prepare_cached(
        "SELECT part_id, site_id, -SUM(quantity_milli) FROM stock_movements
              WHERE order_line_id = ?1 GROUP BY part_id, site_id HAVING SUM(quantity_milli) <> 0
              ORDER BY MIN(created_at)",
    )?
    .query_map(params![line_id.to_string()], |r| {
        let (part, site): (String, String) = (r.get(0)?, r.get(1)?);
        let (Ok(part), Ok(site)) = (part.parse(), site.parse()) else {
            return Ok(Err(Error::Corrupt("stock_movements")));
        };
        Ok(Ok((part, site, r.get(2)?)))
    })?
    .collect::<rusqlite::Result<Result<Vec<_>>>>()?
}

fn give_back(
    tx: &Transaction<'_>,
    now_ms: u64,
    line_id: OrderLineId,
    part: PartId,
    site: SiteId,
    quantity: i64,
) -> Result<()> {
    if quantity == 0 {
        return Ok(());
    }
    // Something given back more than taken (never by this code) is taken again.
    let kind = if quantity > 0 {
        MovementKind::ReturnFromOrder
    } else {
        MovementKind::Use
    };
    write(
        tx,
        now_ms,
        kind,
        NewMovement {
            part,
            site,
            quantity_milli: quantity,
            order_line: Some(line_id),
            ..NewMovement::default()
        },
    )?;
    Ok(())
}

//! Answers about parts, from the catalogue's search, the reorder list and
//! the purchase orders as the stock screens read them: how many of a part
//! are on hand, which parts are under their minimum, what suppliers have
//! not delivered yet.

use super::context::{Cx, Reply};
use super::links::{self, Screen};
use crate::access::Action;
use crate::stock::{self, Unit};
use crate::text::fold;

/// How many parts a stock answer lists.
const PARTS: u32 = 8;

/// « 4 pièces », « 2,5 litres ».
fn quantity(cx: &Cx<'_>, q: atelier_domain::Quantity, unit: Unit) -> String {
    (cx.w.quantity)(&q.format(cx.locale()), unit, q.milli() > 1_000)
}

/// The words said without the plural's `s` or `x` (« filtres » →
/// « filtre », « jeux » → « jeu »): the catalogue names parts in the
/// singular, and its search finds words by their start.
fn singular(said: &str) -> String {
    said.split(' ')
        .map(|w| match w.strip_suffix(['s', 'x']) {
            Some(stem) if stem.len() >= 3 => stem,
            _ => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// How many of a part are on hand, for each part the catalogue's search
/// finds for the words said.
pub(super) fn level(cx: &Cx<'_>) -> Reply {
    let Some(part) = cx.slots().part.as_deref() else {
        return Err(cx.invalid(cx.w.which_part.to_owned()));
    };
    let mut hits = stock::search(cx.conn, &cx.asker.actor, part, None, PARTS)?;
    if hits.is_empty() {
        // « filtres à huile » for the catalogue's « Filtre à huile ».
        let singular = singular(part);
        if singular != part {
            hits = stock::search(cx.conn, &cx.asker.actor, &singular, None, PARTS)?;
        }
    }
    let text = match hits.as_slice() {
        [] => (cx.w.no_part)(part),
        [one] => (cx.w.on_hand)(&one.description, &quantity(cx, one.on_hand, one.unit)),
        many => (cx.w.parts_found)(many.len(), part),
    };
    let mut answer = cx.answered(text);
    for p in &hits {
        let mut text = format!(
            "{} · {} · {}",
            p.reference,
            p.description,
            quantity(cx, p.on_hand, p.unit)
        );
        if let Some(bin) = p.bin.as_deref() {
            text.push_str(&format!(" · {bin}"));
        }
        answer = answer.line(text, Some(links::part(p.id, &p.reference)));
    }
    Ok(answer)
}

/// The parts whose stock and what is on order fall under their reorder
/// point, with what is suggested to order.
pub(super) fn low(cx: &Cx<'_>) -> Reply {
    let low = stock::low_stock(cx.conn, None)?;
    let mut answer = cx.answered((cx.w.low_stock)(low.len()));
    for p in &low {
        let mut text = format!(
            "{} · {} · {}",
            p.reference,
            p.description,
            (cx.w.stock_and_minimum)(
                &quantity(cx, p.on_hand, p.unit),
                &quantity(cx, p.reorder_point, p.unit)
            )
        );
        if let Some(s) = p.supplier_name.as_deref() {
            text.push_str(&format!(" · {s}"));
        }
        answer = answer.line(text, Some(links::part(p.part_id, &p.reference)));
    }
    Ok(answer.link(links::screen(Screen::Reorder, cx.w.reorder_screen)))
}

/// The purchase orders not fully received (from the supplier named).
pub(super) fn purchases(cx: &Cx<'_>) -> Reply {
    let supplier = cx.slots().supplier.as_deref();
    let open: Vec<_> = stock::list_purchases(cx.conn, None, true)?
        .into_iter()
        .filter(|p| supplier.is_none_or(|s| fold(&p.supplier_name).contains(s)))
        .collect();
    let mut answer = cx.answered((cx.w.purchases)(open.len(), supplier));
    for p in &open {
        let received = p.lines.iter().filter(|l| l.received >= l.quantity).count();
        let mut text = format!(
            "{} · {} · {}",
            p.number,
            p.supplier_name,
            (cx.w.purchase_state)(p.status, p.lines.len(), received)
        );
        if let Some(sent) = p.sent_at {
            text.push_str(&format!(
                " · {}",
                (cx.w.sent_on)(&cx.date(&crate::text::today(sent)))
            ));
        }
        if cx.may(Action::SeePrices) {
            text.push_str(&format!(" · {}", (cx.w.excl_vat)(&cx.money(p.total))));
        }
        answer = answer.line(text, Some(links::screen(Screen::Purchases, &p.number)));
    }
    Ok(answer.link(links::screen(Screen::Purchases, cx.w.purchases_screen)))
}

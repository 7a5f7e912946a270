//! Finding a part by whatever is at hand: any of its references typed with or
//! without spaces, dots and dashes, its barcode (a scanner types it and
//! presses Enter), or words of its description.
//!
//! Each part's references are kept normalised in `part_refs` (exact and
//! prefix look-ups through its primary key); its folded words in the FTS5
//! table `part_index`. Both are written in the transaction that writes the
//! part, its equivalents or its suppliers.

use atelier_domain::{Money, PartId, Quantity, SiteId, VatRate};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use super::part::Unit;
use crate::access::{Action, Actor};
use crate::text::fold;
use crate::{Error, Result};

/// The most hits [`search`] returns.
pub const MAX_HITS: u32 = 50;
/// How many word matches are ranked at most (see [`crate::search`]): parts
/// found by reference come first anyway, and ranking costs per candidate.
const RANKED_CANDIDATES: u32 = 64;

/// Where a reference of a part comes from, best match first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RefSource {
    Own = 0,
    Oem = 1,
    Ean = 2,
    Equivalent = 3,
    Supplier = 4,
}

/// A reference as compared: capitals and digits only, so "oc-1234",
/// "OC 1234" and "OC.1234" are one reference.
pub fn normalise_reference(reference: &str) -> String {
    fold(reference)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Whether `digits` is a GTIN barcode (EAN-8, UPC-A, EAN-13, GTIN-14) with a
/// correct check digit.
pub(crate) fn is_ean(digits: &str) -> bool {
    if !matches!(digits.len(), 8 | 12 | 13 | 14) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let values: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    let (body, check) = values.split_at(values.len() - 1);
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d })
        .sum();
    (10 - sum % 10) % 10 == check[0]
}

/// A part found by [`search`], with its stock at the site searched from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartHit {
    /// Its id.
    pub id: PartId,
    /// The workshop's reference.
    pub reference: String,
    /// Its maker's reference.
    pub oem_reference: Option<String>,
    /// Its brand.
    pub brand: Option<String>,
    /// What it is.
    pub description: String,
    /// How it is counted.
    pub unit: Unit,
    /// Whether it is still sold.
    pub active: bool,
    /// On hand at the site (negative: used before received).
    #[serde(rename = "on_hand_milli")]
    pub on_hand: Quantity,
    /// Its sale price HT, if it has one (its own or by markup) and the
    /// person searching may see prices.
    #[serde(rename = "sale_cents")]
    pub sale: Option<Money>,
    /// Its VAT rate.
    #[serde(rename = "vat_bp")]
    pub vat: VatRate,
    /// Its bin at the site.
    pub bin: Option<String>,
}

/// Parts matching `query` with their stock at `site` (this workstation's
/// when `None`), best first: an exact reference or barcode, then
/// references starting with it, then description words; at most `limit`.
/// Without [`Action::SeePrices`], `actor` gets no sale price.
pub fn search(
    conn: &Connection,
    actor: &Actor,
    query: &str,
    site: Option<SiteId>,
    limit: u32,
) -> Result<Vec<PartHit>> {
    let site = super::sites::site_or_here(conn, site)?;
    let limit = limit.clamp(1, MAX_HITS) as usize;
    let key = normalise_reference(query);
    let mut ids: Vec<String> = Vec::with_capacity(limit);
    let push = |id: String, ids: &mut Vec<String>| {
        if ids.len() < limit && !ids.contains(&id) {
            ids.push(id);
        }
    };
    if key.len() >= crate::search::MIN_QUERY_CHARS {
        let mut exact = conn.prepare_cached(
            "SELECT part_id FROM part_refs WHERE ref_key = ?1 GROUP BY part_id ORDER BY MIN(source) LIMIT ?2",
        )?;
        for id in exact.query_map(params![key, limit as i64], |r| r.get::<_, String>(0))? {
            push(id?, &mut ids);
        }
        if ids.len() < limit {
            let mut prefix = conn.prepare_cached(
                "SELECT part_id FROM part_refs WHERE ref_key > ?1 AND ref_key < ?1 || '~'
                 ORDER BY ref_key LIMIT ?2",
            )?;
            for id in
                prefix.query_map(params![key, (limit * 2) as i64], |r| r.get::<_, String>(0))?
            {
                push(id?, &mut ids);
            }
        }
    }
    if ids.len() < limit
        && let Some(expr) = words_expression(query)
    {
        let mut words = conn.prepare_cached(
            "SELECT d.part_id
               FROM (SELECT rowid, rank FROM part_index WHERE part_index MATCH ?1 LIMIT ?3) s
               JOIN part_docs d ON d.doc = s.rowid
              ORDER BY s.rank LIMIT ?2",
        )?;
        for id in words.query_map(params![expr, limit as i64, RANKED_CANDIDATES], |r| {
            r.get::<_, String>(0)
        })? {
            push(id?, &mut ids);
        }
    }
    let prices = actor.may(Action::SeePrices);
    ids.iter()
        .filter_map(|id| hit(conn, id, site).transpose())
        .map(|hit| {
            hit.map(|h| PartHit {
                sale: h.sale.filter(|_| prices),
                ..h
            })
        })
        .collect()
}

/// The FTS5 expression for the words of a query: every word of two letters
/// or more must start a word of the part. References are not in the index
/// (`part_refs` finds them), so the compact form is not tried here.
fn words_expression(query: &str) -> Option<String> {
    let folded = fold(query);
    let words: Vec<String> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= crate::search::MIN_QUERY_CHARS)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" AND "))
}

fn hit(conn: &Connection, id: &str, site: SiteId) -> Result<Option<PartHit>> {
    let row = conn
        .prepare_cached(
            "SELECT p.id, p.reference, p.oem_reference, p.brand, p.description, p.unit, p.active,
                    COALESCE(l.on_hand_milli, 0), p.sale_cents, p.cost_cents, c.markup_bp, p.vat_bp, s.bin
               FROM parts p
               LEFT JOIN stock_levels l ON l.part_id = p.id AND l.site_id = ?2
               LEFT JOIN part_sites s ON s.part_id = p.id AND s.site_id = ?2
               LEFT JOIN part_categories c ON c.key = p.category_key
              WHERE p.id = ?1 AND p.deleted_at IS NULL",
        )?
        .query_row(params![id, site.to_string()], |r| {
            let id: String = r.get(0)?;
            let unit: String = r.get(5)?;
            let sale: Option<i64> = r.get(8)?;
            let cost: i64 = r.get(9)?;
            let markup: Option<i64> = r.get(10)?;
            let Ok(id) = id.parse() else {
                return Ok(Err(Error::Corrupt("parts.id")));
            };
            let Ok(vat) = VatRate::new(r.get(11)?) else {
                return Ok(Err(Error::Corrupt("parts.vat_bp")));
            };
            Ok(Ok(PartHit {
                id,
                reference: r.get(1)?,
                oem_reference: r.get(2)?,
                brand: r.get(3)?,
                description: r.get(4)?,
                unit: Unit::parse(&unit).unwrap_or(Unit::Piece),
                active: r.get(6)?,
                on_hand: Quantity::from_milli(r.get(7)?),
                sale: super::part::sale_price(sale, cost, markup).map(Money::from_cents),
                vat,
                bin: r.get(12)?,
            }))
        })
        .optional()?;
    row.transpose()
}

/// Rewrites the search entries of one part from its rows: its references
/// (own, OEM, EAN, equivalents', suppliers') and its words.
pub(crate) fn index_part(tx: &Transaction<'_>, part_id: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM part_refs WHERE part_id = ?1")?
        .execute([part_id])?;
    let row = tx
        .prepare_cached(
            "SELECT reference, oem_reference, ean, brand, description, category, deleted_at IS NOT NULL
               FROM parts WHERE id = ?1",
        )?
        .query_row([part_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, bool>(6)?,
            ))
        })
        .optional()?;
    let doc: Option<i64> = tx
        .prepare_cached("SELECT doc FROM part_docs WHERE part_id = ?1")?
        .query_row([part_id], |r| r.get(0))
        .optional()?;
    if let Some(doc) = doc {
        tx.prepare_cached("DELETE FROM part_index WHERE rowid = ?1")?
            .execute([doc])?;
    }
    let Some((reference, oem, ean, brand, description, category, deleted)) = row else {
        return Ok(());
    };
    if deleted {
        tx.prepare_cached("DELETE FROM part_docs WHERE part_id = ?1")?
            .execute([part_id])?;
        return Ok(());
    }
    let mut refs = vec![(reference, RefSource::Own)];
    refs.extend(oem.map(|r| (r, RefSource::Oem)));
    refs.extend(ean.map(|r| (r, RefSource::Ean)));
    let mut stmt = tx.prepare_cached(
        "SELECT reference, 3 FROM part_equivalents WHERE part_id = ?1 AND deleted_at IS NULL
         UNION ALL
         SELECT supplier_reference, 4 FROM part_suppliers
          WHERE part_id = ?1 AND deleted_at IS NULL AND supplier_reference IS NOT NULL",
    )?;
    for row in stmt.query_map([part_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })? {
        let (reference, source) = row?;
        let source = if source == 3 {
            RefSource::Equivalent
        } else {
            RefSource::Supplier
        };
        refs.push((reference, source));
    }
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO part_refs (ref_key, part_id, source) VALUES (?1, ?2, ?3)",
    )?;
    for (reference, source) in refs {
        let key = normalise_reference(&reference);
        if !key.is_empty() {
            insert.execute(params![key, part_id, source as i64])?;
        }
    }
    let body = fold(
        &[Some(description), brand, category]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
    );
    let doc = match doc {
        Some(doc) => doc,
        None => {
            tx.prepare_cached("INSERT INTO part_docs (part_id) VALUES (?1)")?
                .execute([part_id])?;
            tx.last_insert_rowid()
        }
    };
    tx.prepare_cached("INSERT INTO part_index (rowid, body) VALUES (?1, ?2)")?
        .execute(params![doc, body])?;
    Ok(())
}

/// Looks a part up by a reference written on an order line: the part whose
/// own reference it is, else the only part with it as OEM reference or
/// barcode. `None` for a reference the catalogue does not know.
pub(crate) fn by_reference(conn: &Connection, reference: &str) -> Result<Option<String>> {
    let key = normalise_reference(reference);
    if key.is_empty() {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT r.part_id FROM part_refs r JOIN parts p ON p.id = r.part_id
          WHERE r.ref_key = ?1 AND r.source = ?2 AND p.deleted_at IS NULL LIMIT 2",
    )?;
    for source in [RefSource::Own, RefSource::Oem, RefSource::Ean] {
        let ids = stmt
            .query_map(params![key, source as i64], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if let [one] = ids.as_slice() {
            return Ok(Some(one.clone()));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_compare_without_spaces_dots_dashes_or_case() {
        assert_eq!(normalise_reference("oc-1234"), "OC1234");
        assert_eq!(normalise_reference(" 77.01 208-265 "), "7701208265");
        assert_eq!(normalise_reference("Bosch é/12"), "BOSCHE12");
    }

    #[test]
    fn barcodes_need_their_check_digit() {
        assert!(is_ean("4006381333931"), "a real EAN-13");
        assert!(is_ean("96385074"), "a real EAN-8");
        assert!(!is_ean("4006381333932"), "wrong check digit");
        assert!(!is_ean("40063813339"), "wrong length");
        assert!(!is_ean("400638133393A"));
    }
}

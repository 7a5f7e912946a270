//! Reading a supplier's e-invoice and checking its sums: bytes in, a
//! [`ReceivedInvoice`] out, or the reason it is refused. Nothing here
//! touches the database.

use atelier_domain::{Money, Quantity};
use en16931::Invoice;
use en16931_formats::zugferd;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::error::{InboundError, Inconsistency};
use crate::Result;

/// The form an e-invoice arrived in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Syntax {
    /// A Factur-X (or ZUGFeRD) PDF with its CII XML inside.
    Facturx,
    /// A UN/CEFACT CII D16B XML file.
    Cii,
    /// A UBL 2.1 XML file.
    Ubl,
}

crate::text::str_enum!(Syntax {
    Facturx => "facturx",
    Cii => "cii",
    Ubl => "ubl",
});

/// The seller as the invoice names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Seller {
    /// BT-27.
    pub name: String,
    /// BT-31, upper case without spaces.
    pub vat_number: Option<String>,
    /// BT-30 when it is a SIREN or SIRET, else the SIREN inside a French
    /// VAT number or a SIREN-based electronic address.
    pub siren: Option<String>,
}

/// One VAT rate's totals (BG-23).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VatTotal {
    /// BT-118, e.g. `S` standard, `Z` zero, `E` exempt.
    pub category: String,
    /// BT-119 in basis points, as the file states it: kept as a number,
    /// not a `VatRate`, since the reader takes a rate above 100 % as written.
    pub rate_bp: u32,
    /// BT-116.
    #[serde(rename = "base_cents")]
    pub base: Money,
    /// BT-117.
    #[serde(rename = "vat_cents")]
    pub vat: Money,
}

/// One line as the supplier invoiced it (BG-25).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReceivedLine {
    /// From 1, in the file's order.
    pub position: u32,
    /// The supplier's reference for the item (BT-155).
    pub supplier_reference: Option<String>,
    /// BT-153.
    pub name: String,
    /// BT-129.
    #[serde(rename = "quantity_milli")]
    pub quantity: Quantity,
    /// BT-130, a UN/ECE rec. 20 code (`C62` one, `LTR` litre…).
    pub unit: String,
    /// BT-146 per one unit (BT-149 taken into account), rounded to the cent.
    #[serde(rename = "net_price_cents")]
    pub net_price: Money,
    /// BT-131.
    #[serde(rename = "net_amount_cents")]
    pub net_amount: Money,
    /// BT-152 in basis points, as the file states it (see
    /// [`VatTotal::rate_bp`]).
    pub vat_bp: u32,
    /// BT-151.
    pub vat_category: String,
}

/// A supplier's e-invoice, read and checked: its totals agree with its
/// lines and its VAT breakdown (see [`read`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReceivedInvoice {
    /// The form it came in.
    pub syntax: Syntax,
    /// BT-1.
    pub number: String,
    /// BT-3: 380 invoice, 381 credit note…
    pub type_code: String,
    /// BT-2, `YYYY-MM-DD`.
    pub issue_date: String,
    /// BT-9, `YYYY-MM-DD`.
    pub due_date: Option<String>,
    /// BT-5.
    pub currency: String,
    /// BT-13: the workshop's purchase order, as the supplier wrote it.
    pub order_reference: Option<String>,
    /// The seller.
    pub seller: Seller,
    /// BT-109.
    #[serde(rename = "total_ht_cents")]
    pub total_ht: Money,
    /// BT-110.
    #[serde(rename = "total_vat_cents")]
    pub total_vat: Money,
    /// BT-112.
    #[serde(rename = "total_ttc_cents")]
    pub total_ttc: Money,
    /// BT-113.
    #[serde(rename = "prepaid_cents")]
    pub prepaid: Money,
    /// BT-115.
    #[serde(rename = "due_cents")]
    pub due: Money,
    /// BG-23, one per rate and category.
    pub vat: Vec<VatTotal>,
    /// BG-25.
    pub lines: Vec<ReceivedLine>,
    /// SHA-256 of the file as received, lower-case hex.
    pub sha256: String,
    /// Its size in bytes.
    pub size: usize,
}

/// Reads a supplier's Factur-X PDF, CII XML or UBL 2.1 XML and checks it:
/// an invoice number, a seller, an issue date, euros, and sums that agree
/// (Σ lines = BT-106; BT-106 − allowances + charges = BT-109; Σ VAT
/// breakdown = BT-110 and its bases = BT-109; BT-112 = BT-109 + BT-110;
/// BT-115 = BT-112 − BT-113 + BT-114). Anything else is refused with its
/// reason ([`InboundError`]).
pub fn read(bytes: &[u8]) -> Result<ReceivedInvoice> {
    let read = en16931_formats::read(bytes).map_err(refusal)?;
    let syntax = match (read.pdf.is_some(), read.syntax) {
        (true, _) => Syntax::Facturx,
        (false, en16931_formats::Syntax::Cii) => Syntax::Cii,
        _ => Syntax::Ubl,
    };
    let sha256 = crate::text::hex(&Sha256::digest(bytes));
    of_model(&read.invoice, syntax, sha256, bytes.len())
}

/// Why the reader refused the bytes, in this area's words.
fn refusal(e: en16931_formats::Error) -> crate::Error {
    use en16931_formats::Error as E;
    let refused = match e {
        E::Pdf(zugferd::Error::NoInvoice { .. }) => InboundError::PdfWithoutXml,
        E::Pdf(other) => InboundError::CorruptPdf {
            detail: other.to_string(),
        },
        E::NotAnInvoice { found } if found.contains(" in namespace ") => {
            InboundError::UnknownNamespace { found }
        }
        other => InboundError::NotAnInvoice {
            detail: other.to_string(),
        },
    };
    refused.into()
}

fn of_model(inv: &Invoice, syntax: Syntax, sha256: String, size: usize) -> Result<ReceivedInvoice> {
    let number = text(inv.number.as_deref()).ok_or(InboundError::MissingNumber)?;
    let name = text(inv.seller.name.as_deref())
        .or_else(|| text(inv.seller.trading_name.as_deref()))
        .ok_or(InboundError::MissingSeller)?;
    let issue_date = inv
        .issue_date
        .map(|d| d.to_string())
        .ok_or(InboundError::MissingDate)?;
    let currency = inv
        .currency
        .as_ref()
        .map(|c| c.as_str().trim().to_owned())
        .unwrap_or_default();
    if currency != "EUR" {
        return Err(InboundError::Currency { currency }.into());
    }
    let lines = inv
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| line(i, l))
        .collect::<Vec<_>>();
    let vat = inv
        .vat_breakdown
        .iter()
        .map(|b| VatTotal {
            category: b.category.as_str().to_owned(),
            rate_bp: b.rate.map_or(0, |r| rate_bp(&r.into_decimal().to_string())),
            base: Money::from_cents(b.taxable_amount.to_minor_units()),
            vat: Money::from_cents(b.tax_amount.to_minor_units()),
        })
        .collect::<Vec<_>>();
    let t = &inv.totals;
    let cents = |a: Option<en16931::InvoiceAmount>| a.map_or(0, |a| a.to_minor_units());
    let received = ReceivedInvoice {
        syntax,
        number,
        type_code: inv
            .type_code
            .as_ref()
            .map_or_else(|| "380".to_owned(), |c| c.as_str().to_owned()),
        issue_date,
        due_date: inv.due_date.map(|d| d.to_string()),
        currency,
        order_reference: inv
            .purchase_order_reference
            .as_ref()
            .and_then(|r| text(Some(r.as_str()))),
        seller: seller(&inv.seller, name),
        total_ht: Money::from_cents(t.taxable_total.to_minor_units()),
        total_vat: Money::from_cents(cents(t.vat_total)),
        total_ttc: Money::from_cents(t.gross_total.to_minor_units()),
        prepaid: Money::from_cents(cents(t.paid)),
        due: Money::from_cents(t.due.to_minor_units()),
        vat,
        lines,
        sha256,
        size,
    };
    check(
        &received,
        t.line_total.to_minor_units(),
        cents(t.allowance_total),
        cents(t.charge_total),
        cents(t.rounding),
    )?;
    Ok(received)
}

/// The sums an invoice must agree with.
fn check(
    inv: &ReceivedInvoice,
    line_total: i64,
    allowances: i64,
    charges: i64,
    rounding: i64,
) -> Result<()> {
    let fail = |what| Err(InboundError::Inconsistent(what).into());
    let (total_ht, total_vat, total_ttc) = (
        inv.total_ht.cents(),
        inv.total_vat.cents(),
        inv.total_ttc.cents(),
    );
    let lines: i64 = inv.lines.iter().map(|l| l.net_amount.cents()).sum();
    if lines != line_total {
        return fail(Inconsistency::Lines {
            lines,
            stated: line_total,
        });
    }
    let net = line_total - allowances + charges;
    if net != total_ht {
        return fail(Inconsistency::Net {
            computed: net,
            stated: total_ht,
        });
    }
    let vat: i64 = inv.vat.iter().map(|v| v.vat.cents()).sum();
    if vat != total_vat {
        return fail(Inconsistency::Vat {
            breakdown: vat,
            stated: total_vat,
        });
    }
    let bases: i64 = inv.vat.iter().map(|v| v.base.cents()).sum();
    if bases != total_ht {
        return fail(Inconsistency::VatBases {
            breakdown: bases,
            stated: total_ht,
        });
    }
    let gross = total_ht + total_vat;
    if gross != total_ttc {
        return fail(Inconsistency::Gross {
            computed: gross,
            stated: total_ttc,
        });
    }
    let due = total_ttc - inv.prepaid.cents() + rounding;
    if due != inv.due.cents() {
        return fail(Inconsistency::Due {
            computed: due,
            stated: inv.due.cents(),
        });
    }
    Ok(())
}

fn line(index: usize, l: &en16931::InvoiceLine) -> ReceivedLine {
    let price = l.price.net_price.into_decimal().to_string();
    // BT-149: the price is for that many units.
    let per = l
        .price
        .base_quantity
        .map(|q| scaled(&q.into_decimal().to_string(), 3).unwrap_or(1000))
        .filter(|q| *q > 0)
        .unwrap_or(1000);
    let price_milli_cents = scaled(&price, 5).unwrap_or(0);
    ReceivedLine {
        position: u32::try_from(index + 1).unwrap_or(u32::MAX),
        supplier_reference: text(l.item.seller_identifier.as_deref()),
        name: text(l.item.name.as_deref()).unwrap_or_default(),
        quantity: Quantity::from_milli(
            scaled(&l.quantity.into_decimal().to_string(), 3).unwrap_or(0),
        ),
        unit: l.unit_code.as_str().trim().to_owned(),
        net_price: Money::from_cents(crate::amounts::mul_div_round(price_milli_cents, 1, per)),
        net_amount: Money::from_cents(l.net_amount.to_minor_units()),
        vat_bp: l
            .vat
            .rate
            .map_or(0, |r| rate_bp(&r.into_decimal().to_string())),
        vat_category: l.vat.category.as_str().to_owned(),
    }
}

fn seller(party: &en16931::invoice::Party, name: String) -> Seller {
    let vat_number = party
        .vat_identifier
        .as_deref()
        .map(|v| v.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .map(|v| v.to_uppercase())
        .filter(|v| !v.is_empty());
    let from_vat = vat_number
        .as_deref()
        .and_then(|v| v.strip_prefix("FR"))
        .and_then(|rest| rest.get(2..))
        .filter(|s| is_siren(s))
        .map(str::to_owned);
    let registered = party
        .legal_registration
        .as_ref()
        .map(|id| digits(id.content()))
        .and_then(|d| siren_of(&d));
    let address = party
        .electronic_address
        .as_ref()
        .filter(|a| matches!(a.scheme(), Some("0225" | "0002" | "0009")))
        .map(|a| digits(a.content()))
        .and_then(|d| siren_of(&d));
    Seller {
        name,
        siren: registered.or(from_vat).or(address),
        vat_number,
    }
}

/// The SIREN of a SIREN or a SIRET.
fn siren_of(digits: &str) -> Option<String> {
    match digits.len() {
        9 | 14 => Some(digits[..9].to_owned()),
        _ => None,
    }
}

fn is_siren(s: &str) -> bool {
    s.len() == 9 && s.bytes().all(|b| b.is_ascii_digit())
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn text(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn rate_bp(percent: &str) -> u32 {
    scaled(percent, 2)
        .and_then(|bp| u32::try_from(bp).ok())
        .unwrap_or(0)
}

/// A decimal written `-12.345` as an integer of `scale` decimals, rounded
/// half away from zero: `scaled("6.5", 2)` is 650.
pub(super) fn scaled(text: &str, scale: u32) -> Option<i64> {
    let t = text.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let scale = scale as usize;
    let mut value: i128 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    for i in 0..scale {
        let d = frac.as_bytes().get(i).map_or(0, |b| i128::from(b - b'0'));
        value = value.checked_mul(10)?.checked_add(d)?;
    }
    if frac.as_bytes().get(scale).is_some_and(|b| *b >= b'5') {
        value += 1;
    }
    let value = if negative { -value } else { value };
    i64::try_from(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_become_integers_rounded_half_away_from_zero() {
        assert_eq!(scaled("6.5", 2), Some(650));
        assert_eq!(scaled("20", 2), Some(2000));
        assert_eq!(scaled("5.5", 2), Some(550));
        assert_eq!(scaled("1.2345", 3), Some(1235));
        assert_eq!(scaled("-2.0005", 3), Some(-2001));
        assert_eq!(scaled("abc", 2), None);
    }

    #[test]
    fn a_siren_is_found_in_a_siret_or_a_french_vat_number() {
        assert_eq!(siren_of("73282932000074").as_deref(), Some("732829320"));
        assert_eq!(siren_of("1234"), None);
        assert!(is_siren("732829320"));
    }
}

//! What one station's period brings to the e-reporting, read from the
//! chained invoices and the append-only payments (nothing here writes).
//!
//! Each B2C document is split per VAT rate by the invoices' own totals
//! ([`crate::orders::totals()`], which [`crate::invoices::totals_of`]
//! calls): the rate's share of the whole-invoice
//! discount is spread over its goods and services in proportion to their HT
//! by the same largest-remainder rule ([`crate::orders::totals::spread`]),
//! and the rate's TVA likewise over what remains, so per rate the two
//! categories add up to what the invoice printed, to the cent, and the
//! period adds up to the VAT report of its B2C documents.
//!
//! A credit note of what remains of a partly credited invoice has one
//! « balance » line per rate ([`crate::invoices::is_balance_line`]): it is
//! split between goods and services as its invoice's lines were at that
//! rate.
//!
//! Payment data: each payment this station took on a B2C invoice (a
//! reversal negative; a deposit on an order counts once its order is
//! invoiced, by that invoice) is spread over the invoice's TTC per rate and
//! category; the services' share is what is reported, with the TVA it
//! holds. A deposit whose order is not invoiced when the period is frozen
//! is not in the payment data (its rates are not known yet).

use std::collections::{BTreeMap, HashMap};

use atelier_domain::{Money, VatRate};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use crate::amounts::{LineAmounts, mul_div_round};
use crate::invoices::{Content, InvoiceKind, is_balance_line};
use crate::orders::totals::spread;
use crate::orders::{LineKind, OrderDiscount};
use crate::{Error, Result};

/// Goods or services, as the e-reporting tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Parts sold: « livraisons de biens » (`TLB1`).
    Goods,
    /// Labour and other lines: « prestations de services » (`TPS1`).
    Services,
}

impl Category {
    /// The category of a line of this kind.
    pub fn of(kind: LineKind) -> Category {
        match kind {
            LineKind::Part => Category::Goods,
            LineKind::Labour | LineKind::Fee => Category::Services,
        }
    }

    /// The DGFiP's code of the category of transactions (flux 10.3):
    /// `TLB1` goods, `TPS1` services, both subject to VAT.
    pub fn code(self) -> &'static str {
        match self {
            Category::Goods => "TLB1",
            Category::Services => "TPS1",
        }
    }
}

/// One day's sales of one category at one VAT rate, credit notes deducted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesRow {
    /// The issue day (YYYY-MM-DD).
    pub day: String,
    /// Goods or services.
    pub category: Category,
    /// The VAT rate.
    #[serde(rename = "rate_bp")]
    pub rate: VatRate,
    /// Total HT.
    #[serde(rename = "net_cents")]
    pub net: Money,
    /// Total TVA.
    #[serde(rename = "tax_cents")]
    pub tax: Money,
    /// Documents with lines of this category and rate: invoices count one,
    /// credit notes minus one.
    pub transactions: i64,
}

/// What was received one day for services at one VAT rate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRow {
    /// The day received (YYYY-MM-DD).
    pub day: String,
    /// The VAT rate.
    #[serde(rename = "rate_bp")]
    pub rate: VatRate,
    /// Received, TTC (reversals deducted).
    #[serde(rename = "received_cents")]
    pub received: Money,
    /// The TVA it holds.
    #[serde(rename = "tax_cents")]
    pub tax: Money,
}

/// A period's e-reporting figures, as frozen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Per day, category and rate, in that order.
    pub sales: Vec<SalesRow>,
    /// Per day and rate; empty when the workshop opted for VAT on debits.
    pub payments: Vec<PaymentRow>,
    /// HT of every row.
    #[serde(rename = "net_cents")]
    pub net: Money,
    /// TVA of every row.
    #[serde(rename = "tax_cents")]
    pub tax: Money,
    /// B2C documents: invoices less credit notes.
    pub transactions: i64,
    /// Everything received for services.
    #[serde(rename = "received_cents")]
    pub received: Money,
}

/// A document's HT and TVA per rate and category, unsigned.
type Split = BTreeMap<(VatRate, Category), (i64, i64)>;

fn cents(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(0)
}

/// What the split reads of a document: its lines' category, rate and HT,
/// and its whole-invoice discount.
#[derive(Deserialize)]
struct Slim {
    kind: InvoiceKind,
    buyer: SlimBuyer,
    lines: Vec<SlimLine>,
    discount: OrderDiscount,
}

#[derive(Deserialize)]
struct SlimBuyer {
    business: bool,
}

#[derive(Deserialize)]
struct SlimLine {
    kind: LineKind,
    vat: VatRate,
    net: Money,
}

/// `content`'s HT and TVA per rate and category (`credited`: the invoice a
/// credit note corrects, if known), adding up per rate to its totals.
pub fn split(content: &Content, credited: Option<&Content>) -> Split {
    let balance = !content.lines.is_empty() && content.lines.iter().all(is_balance_line);
    let of_credited = match (balance, credited) {
        (true, Some(c)) => Some(split(c, None)),
        _ => None,
    };
    let lines: Vec<SlimLine> = content
        .lines
        .iter()
        .map(|l| SlimLine {
            kind: l.kind,
            vat: l.vat,
            net: l.net,
        })
        .collect();
    split_lines(&lines, content.discount, of_credited.as_ref())
}

/// The split of `lines` less `discount`; with `of_credited`, each rate's HT
/// is spread as the credited invoice's was instead of by the lines' kinds.
fn split_lines(lines: &[SlimLine], discount: OrderDiscount, of_credited: Option<&Split>) -> Split {
    let amounts: Vec<LineAmounts> = lines
        .iter()
        .map(|l| LineAmounts {
            net: l.net,
            vat: l.vat,
        })
        .collect();
    let totals = crate::orders::totals(&amounts, discount);
    let mut out = Split::new();
    for rate in &totals.by_rate {
        let net: BTreeMap<Category, i128> = if let Some(of) = of_credited {
            let weights: BTreeMap<Category, i128> = of
                .iter()
                .filter(|((r, _), _)| *r == rate.rate)
                .map(|((_, c), (n, _))| (*c, i128::from(*n)))
                .collect();
            if weights.values().all(|w| *w <= 0) {
                BTreeMap::from([(Category::Services, i128::from(rate.net.cents()))])
            } else {
                let shares = spread(i128::from(rate.net.cents()), &weights);
                weights.into_keys().zip(shares).collect()
            }
        } else {
            let mut by: BTreeMap<Category, i128> = BTreeMap::new();
            for line in lines.iter().filter(|l| l.vat == rate.rate) {
                *by.entry(Category::of(line.kind)).or_default() += i128::from(line.net.cents());
            }
            let shares = spread(i128::from(rate.discount.cents()), &by);
            by.into_iter()
                .zip(shares)
                .map(|((c, n), s)| (c, n - s))
                .collect()
        };
        let tax = spread(i128::from(rate.tax.cents()), &net);
        for ((category, n), t) in net.into_iter().zip(tax) {
            out.insert((rate.rate, category), (cents(n), cents(t)));
        }
    }
    out
}

/// What the split reads of a stored content, without the rest of it (a
/// month's documents are read in one go).
fn slim(content: &str) -> Result<Slim> {
    serde_json::from_str(content).map_err(|_| Error::Corrupt("invoices.content"))
}

fn parse(content: &str) -> Result<Content> {
    serde_json::from_str(content).map_err(|_| Error::Corrupt("invoices.content"))
}

/// This station's e-reporting figures from `start` to `end`, both included:
/// the B2C documents of the series it numbered and, unless
/// `vat_on_debits`, the payments it took for services.
pub fn compute(conn: &Connection, start: &str, end: &str, vat_on_debits: bool) -> Result<Figures> {
    let mut rows: BTreeMap<(String, Category, VatRate), (i64, i64, i64)> = BTreeMap::new();
    let mut f = Figures::default();
    let mut docs = conn.prepare_cached(
        "SELECT i.issued_on, i.content, c.content
           FROM invoices i LEFT JOIN invoices c ON c.id = i.credited_invoice_id
          WHERE i.status = 'issued' AND i.kind IN ('invoice', 'credit_note')
            AND i.issued_on BETWEEN ?1 AND ?2
            AND i.series IN (SELECT series FROM invoice_counters)",
    )?;
    let mut found = docs.query(params![start, end])?;
    while let Some(r) = found.next()? {
        let text = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        let doc = slim(text)?;
        if doc.buyer.business {
            continue;
        }
        let day: String = r.get(0)?;
        let (sign, parts) = match doc.kind {
            InvoiceKind::Invoice => (1, split_lines(&doc.lines, doc.discount, None)),
            // A credit note may take back what remains of its invoice:
            // read whole, with the invoice it credits.
            InvoiceKind::CreditNote => {
                let credited = match r.get::<_, Option<String>>(2)? {
                    Some(c) => Some(parse(&c)?),
                    None => None,
                };
                (-1, split(&parse(text)?, credited.as_ref()))
            }
        };
        f.transactions += sign;
        for ((rate, category), (net, tax)) in parts {
            let row = rows.entry((day.clone(), category, rate)).or_default();
            row.0 += sign * net;
            row.1 += sign * tax;
            row.2 += sign;
        }
    }
    f.sales = rows
        .into_iter()
        .map(|((day, category, rate), (net, tax, n))| SalesRow {
            day,
            category,
            rate,
            net: Money::from_cents(net),
            tax: Money::from_cents(tax),
            transactions: n,
        })
        .collect();
    f.net = Money::from_cents(f.sales.iter().map(|r| r.net.cents()).sum());
    f.tax = Money::from_cents(f.sales.iter().map(|r| r.tax.cents()).sum());
    if !vat_on_debits {
        f.payments = payments(conn, start, end)?;
        f.received = Money::from_cents(f.payments.iter().map(|p| p.received.cents()).sum());
    }
    Ok(f)
}

/// A B2C invoice's TTC and TVA per rate and category, to spread payments
/// over.
type Shape = BTreeMap<(VatRate, Category), (i128, i64)>;

/// The services' share of what this station received from `start` to
/// `end` on B2C invoices, per day and rate.
fn payments(conn: &Connection, start: &str, end: &str) -> Result<Vec<PaymentRow>> {
    let names = crate::till::own_names(conn)?;
    let mut stmt = conn.prepare_cached(
        "SELECT p.paid_on, p.amount_cents, i.id, i.content
           FROM payments p
           JOIN invoices i ON i.id = COALESCE(p.invoice_id,
                (SELECT d.id FROM invoices d WHERE d.order_id = p.order_id
                    AND d.kind = 'invoice' AND d.status = 'issued' LIMIT 1))
          WHERE p.paid_on BETWEEN ?2 AND ?3
            AND p.station IN (SELECT value FROM json_each(?1))
            AND i.status = 'issued' AND i.kind = 'invoice'",
    )?;
    // Per invoice: TTC and TVA per rate and category, once.
    let mut shapes: HashMap<String, Option<Shape>> = HashMap::new();
    let mut rows: BTreeMap<(String, VatRate), (i64, i64)> = BTreeMap::new();
    let mut found = stmt.query(params![names, start, end])?;
    while let Some(r) = found.next()? {
        let (day, amount, id): (String, i64, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        if !shapes.contains_key(&id) {
            let doc = slim(r.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?)?;
            let shape = (!doc.buyer.business).then(|| {
                split_lines(&doc.lines, doc.discount, None)
                    .into_iter()
                    .map(|(k, (net, tax))| (k, (i128::from(net + tax), tax)))
                    .collect()
            });
            shapes.insert(id.clone(), shape);
        }
        let Some(Some(shape)) = shapes.get(&id) else {
            continue;
        };
        let weights: BTreeMap<(VatRate, Category), i128> =
            shape.iter().map(|(k, (gross, _))| (*k, *gross)).collect();
        let shares = spread(i128::from(amount.abs()), &weights);
        for (((rate, category), (gross, tax)), share) in shape.iter().zip(shares) {
            if *category != Category::Services || share == 0 {
                continue;
            }
            let share = amount.signum() * cents(share);
            let row = rows.entry((day.clone(), *rate)).or_default();
            row.0 += share;
            row.1 += mul_div_round(share, *tax, cents(*gross));
        }
    }
    Ok(rows
        .into_iter()
        .map(|((day, rate), (received, tax))| PaymentRow {
            day,
            rate,
            received: Money::from_cents(received),
            tax: Money::from_cents(tax),
        })
        .collect())
}

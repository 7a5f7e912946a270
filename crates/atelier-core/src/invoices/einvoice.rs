//! The electronic invoice: an issued invoice or credit note as an EN 16931
//! invoice (the `en16931` crate's model), made from its frozen [`Content`]
//! alone, written as UN/CEFACT CII (the XML inside the Factur-X PDF) or UBL
//! 2.1 by `en16931-formats`, and checked at issue against EN 16931's rules
//! and the French ones (BR-FR) that the model can hold.
//!
//! How Atelier's invoice maps onto EN 16931 (docs/compliance/einvoicing.md):
//! - BT-23, the French billing frame: `B1` goods only (a counter sale of
//!   parts), `S1` services only, `M1` both — a repair order, labour and
//!   parts;
//! - notes: `BAR` (B2B, B2BINT, B2C or B2CINT), and the three mentions the
//!   French rules ask for once each, in the customer's language: `PMT` (the
//!   40 € recovery indemnity), `PMD` (late-payment penalties), `AAB` (no
//!   early-payment discount); the vehicle and a credit note's reason follow;
//! - the seller: name, SIREN (BT-30, scheme 0002), VAT number, address,
//!   legal form and register (BT-33), contact, and its electronic address
//!   (BT-34: its SIREN, scheme 0225);
//! - the buyer: a business's SIREN (BT-47) and VAT number, its electronic
//!   address (BT-49: its SIREN, scheme 0225). A private customer has no
//!   address in the French directory, but BR-FR-12 asks for BT-49 on every
//!   invoice: Atelier writes the customer's reference at the workshop,
//!   `B2C-` and the first 12 hex digits of their id, under the same scheme;
//!   such an invoice is not routed but e-reported;
//! - a line: quantity (hours `HUR` for labour at an hourly rate, `C62`
//!   otherwise; a flat-priced job is one `C62`), net price, the line's own
//!   discount as an allowance with its percentage, VAT category `S` (or `Z`
//!   at 0 %) and rate, the part's reference (BT-155) and the origin of a
//!   part as an item attribute;
//! - the order discount: one document allowance per VAT rate, the share
//!   [`crate::orders::totals`] gives it, so the VAT breakdown is the printed
//!   one to the cent;
//! - deposits: BT-113 (paid), BT-115 what is left; the work's date is the
//!   actual delivery date (BT-72); a credit note (`381`) names the invoice
//!   it corrects (BT-25, BT-26).

use atelier_domain::{Money, VatRate};
use en16931::invoice::{
    Code, Delivery, DocumentAllowanceCharge, DocumentKind, DocumentTotals, ItemAttribute,
    LineAllowanceCharge, LineVat, Party, PostalAddress, PrecedingInvoice, VatBreakdown,
};
use en16931::{
    Date, Identifier, Invoice, InvoiceAmount, InvoiceLine as EnLine, InvoiceNote, Percentage,
    Quantity, UnitPriceAmount,
};
use en16931_formats::Syntax;
use rust_decimal::Decimal;

use super::content::PartyData;
use super::words::{Words, words};
use super::{Content, InvoiceError, InvoiceKind, InvoiceLine, totals_of};
use crate::Result;
use crate::orders::LineKind;

/// The EN 16931 specification identifier (BT-24) of the Factur-X profile
/// EN 16931 ("Comfort").
const SPECIFICATION: &str = "urn:cen.eu:en16931:2017";

/// The scheme of an electronic address in the French directory.
const FR_ADDRESS: &str = "0225";

/// The longest invoice number the French rules allow (BR-FR-01).
const NUMBER_MAX: usize = 35;

/// The syntax an electronic invoice is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EinvoiceFormat {
    /// The Factur-X PDF/A-3 with its CII inside: the stored PDF.
    #[serde(rename = "facturx")]
    FacturX,
    /// UN/CEFACT Cross Industry Invoice, the XML alone.
    Cii,
    /// OASIS UBL 2.1.
    Ubl,
}

impl EinvoiceFormat {
    /// `facturx`, `cii` or `ubl`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "facturx" | "factur-x" => Some(Self::FacturX),
            "cii" => Some(Self::Cii),
            "ubl" => Some(Self::Ubl),
            _ => None,
        }
    }

    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::FacturX => "pdf",
            Self::Cii | Self::Ubl => "xml",
        }
    }
}

/// Checks at issue that `content` makes a valid electronic invoice: the
/// seller's SIREN and VAT number, a French business buyer's SIREN, the number's length and
/// characters, and every rule of EN 16931 the `en16931` crate checks.
/// Refused with an [`InvoiceError`] naming what to fix; nothing is written.
pub(super) fn check(content: &Content) -> Result<()> {
    let Some(parties) = &content.parties else {
        return Err(InvoiceError::SellerSiren.into());
    };
    if parties.seller.siren.is_none() {
        return Err(InvoiceError::SellerSiren.into());
    }
    if parties.seller.vat_number.is_none() && content.lines.iter().any(|l| l.vat.bp() > 0) {
        return Err(InvoiceError::SellerVat.into());
    }
    if content.buyer.business && parties.buyer.country == "FR" && parties.buyer.siren.is_none() {
        return Err(InvoiceError::BuyerSiren {
            name: parties.buyer.name.clone(),
        }
        .into());
    }
    validated(content).map(|_| ())
}

/// The EN 16931 invoice of `content`, validated.
fn validated(content: &Content) -> Result<Invoice> {
    let invoice = model(content)?;
    let mut problems = Vec::new();
    if content.number.chars().count() > NUMBER_MAX
        || !content
            .number
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '_' | '/'))
    {
        problems.push(format!(
            "[BR-FR-01/02] BT-1 « {} » : 35 caractères au plus, lettres, chiffres et + - _ /",
            content.number
        ));
    }
    let report = en16931::profiles::EN16931.validate(&invoice);
    problems.extend(
        report
            .fatal()
            .map(|f| format!("[{}] {} — {}", f.rule, f.path, f.message)),
    );
    if problems.is_empty() {
        Ok(invoice)
    } else {
        Err(InvoiceError::NotElectronic {
            rules: problems.join("\n"),
        }
        .into())
    }
}

/// The XML of `content` in `syntax` (CII or UBL), from its frozen content.
pub(super) fn xml(content: &Content, syntax: Syntax) -> Result<String> {
    let invoice = validated(content)?;
    let written = en16931_formats::write_unchecked(&invoice, syntax).map_err(|e| {
        InvoiceError::NotElectronic {
            rules: e.to_string(),
        }
    })?;
    Ok(written.xml)
}

/// The Factur-X PDF of `content`: `pdf`, its layout, made a PDF/A-3b that
/// carries the CII. `issued_ms` dates the file's metadata.
pub(super) fn facturx(pdf: &[u8], content: &Content, issued_ms: u64) -> Result<Vec<u8>> {
    let cii = xml(content, Syntax::Cii)?;
    let kind = words(content.locale).kind(content.kind);
    let about = atelier_pdf::facturx::FacturX {
        title: format!("{kind} {}", content.number),
        author: content.seller_name.clone(),
        subject: format!(
            "{kind} {} — {}",
            content.number,
            crate::text::format_date(&content.issued_on, content.locale)
        ),
        issued: instant(issued_ms),
        document_type: "INVOICE",
        conformance_level: "EN 16931",
    };
    Ok(atelier_pdf::facturx::attach_xml(
        pdf,
        cii.as_bytes(),
        &about,
    )?)
}

/// A moment in UTC from milliseconds since 1970.
fn instant(ms: u64) -> atelier_pdf::facturx::Instant {
    let secs = i64::try_from(ms / 1000).unwrap_or(0);
    let t =
        time::OffsetDateTime::from_unix_timestamp(secs).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    atelier_pdf::facturx::Instant {
        year: u16::try_from(t.year()).unwrap_or(1970),
        month: u8::from(t.month()),
        day: t.day(),
        hour: t.hour(),
        minute: t.minute(),
        second: t.second(),
    }
}

fn corrupt() -> crate::Error {
    crate::Error::Corrupt("invoices.content")
}

fn date(s: &str) -> Result<Date> {
    Date::parse(s).map_err(|_| corrupt())
}

fn amount(m: Money) -> InvoiceAmount {
    InvoiceAmount::from_minor_units(m.cents())
}

fn percent(rate: VatRate) -> Percentage {
    Percentage::new(Decimal::new(i64::from(rate.bp()), 2))
}

/// `S` standard rate, `Z` zero-rated.
fn category(rate: VatRate) -> &'static str {
    if rate.bp() == 0 { "Z" } else { "S" }
}

fn party(p: &PartyData, fallback_address: Option<String>) -> Result<Party> {
    let mut address = PostalAddress::new(
        p.street.first().cloned().unwrap_or_default(),
        p.city.clone().unwrap_or_default(),
        p.postal_code.clone().unwrap_or_default(),
        &p.country,
    )
    .map_err(|_| corrupt())?;
    address.line2 = p.street.get(1).cloned();
    if address.line1.as_deref() == Some("") {
        address.line1 = None;
    }
    if address.city.as_deref() == Some("") {
        address.city = None;
    }
    if address.post_code.as_deref() == Some("") {
        address.post_code = None;
    }
    let mut out = Party::new(p.name.clone(), address);
    if let Some(vat) = &p.vat_number {
        out = out.with_vat_identifier(vat.clone());
    }
    if let Some(siren) = &p.siren {
        out.legal_registration = Some(Identifier::schemed(siren.clone(), "0002"));
    }
    if let Some(a) = p.electronic_address.clone().or(fallback_address) {
        out = out.with_electronic_address(Identifier::schemed(a, FR_ADDRESS));
    }
    out.additional_legal_information = p.legal_info.clone();
    if p.email.is_some() || p.phone.is_some() {
        out.contact.email = p.email.clone();
        out.contact.phone = p.phone.clone();
    }
    Ok(out)
}

/// `B1`, `S1` or `M1`: goods, services, or both.
fn billing_frame(lines: &[InvoiceLine]) -> &'static str {
    let goods = lines.iter().any(|l| l.kind == LineKind::Part);
    let services = lines.iter().any(|l| l.kind != LineKind::Part);
    match (goods, services) {
        (true, false) => "B1",
        (false, true) => "S1",
        _ => "M1",
    }
}

fn line(n: usize, l: &InvoiceLine, w: &Words) -> EnLine {
    let (quantity, unit_code, price, gross) = match l.flat {
        Some(flat) => (Decimal::ONE, "C62", flat, flat),
        None => (
            Decimal::new(l.quantity.milli(), 3),
            if l.kind == LineKind::Labour {
                "HUR"
            } else {
                "C62"
            },
            l.unit,
            l.quantity.times(l.unit),
        ),
    };
    let mut out = EnLine::new(
        (n + 1).to_string(),
        l.description.clone(),
        Quantity::new(quantity),
        unit_code,
        amount(l.net),
        category(l.vat),
        Some(percent(l.vat)),
    );
    out.price.net_price = UnitPriceAmount::new(Decimal::new(price.cents(), 2));
    let off = gross.cents() - l.net.cents();
    if off > 0 {
        out.allowances.push(LineAllowanceCharge {
            amount: InvoiceAmount::from_minor_units(off),
            base_amount: Some(amount(gross)),
            percentage: Some(Percentage::new(Decimal::new(i64::from(l.discount.bp()), 2))),
            reason: Some(w.discount.to_owned()),
            reason_code: Some(Code::new("95")),
        });
    }
    out.item.seller_identifier = l.part_id.clone();
    if let Some(o) = l.origin {
        out.item.attributes.push(ItemAttribute {
            name: Some(w.origin.to_owned()),
            value: Some(w.part_origin(o).to_owned()),
        });
    }
    out
}

/// The EN 16931 model of `content`. Refused for a document issued before
/// Atelier issued electronic invoices ([`InvoiceError::BeforeElectronic`]).
pub(super) fn model(c: &Content) -> Result<Invoice> {
    let Some(parties) = &c.parties else {
        return Err(InvoiceError::BeforeElectronic {
            number: c.number.clone(),
        }
        .into());
    };
    let w = words(c.locale);
    let credit = c.kind == InvoiceKind::CreditNote;
    let totals = totals_of(&c.lines, c.discount);
    let mut b = Invoice::builder(
        SPECIFICATION,
        c.number.clone(),
        date(&c.issued_on)?,
        if credit { "381" } else { "380" },
        "EUR",
    )
    .business_process(billing_frame(&c.lines));
    if credit {
        b = b.credit_note();
    }
    let mut inv = b.build();
    inv.kind = if credit {
        DocumentKind::CreditNote
    } else {
        DocumentKind::Invoice
    };
    inv.type_code = Some(Code::new(if credit { "381" } else { "380" }));
    inv.due_date = Some(date(&c.due_on)?);
    inv.sales_order_reference = c.order_number.clone().map(Into::into);

    let business = c.buyer.business;
    let domestic = parties.buyer.country == "FR";
    let bar = match (business, domestic) {
        (true, true) => "B2B",
        (true, false) => "B2BINT",
        (false, true) => "B2C",
        (false, false) => "B2CINT",
    };
    let note = |code: &str, text: String| InvoiceNote::new(text).with_subject(code);
    inv.notes.push(note("BAR", bar.to_owned()));
    if business {
        inv.notes.push(note("PMT", w.indemnity.to_owned()));
        inv.notes.push(note("PMD", w.penalties.to_owned()));
    } else {
        inv.notes.push(note("PMT", w.no_indemnity.to_owned()));
        inv.notes.push(note("PMD", w.no_penalties.to_owned()));
    }
    inv.notes.push(note("AAB", w.no_early_discount.to_owned()));
    if let Some(v) = &c.vehicle {
        let mut words = vec![w.vehicle.to_owned()];
        words.extend(v.plate.clone());
        words.extend(v.label.clone());
        words.extend(v.vin.as_ref().map(|vin| format!("VIN {vin}")));
        words.extend(v.mileage_km.map(|km| crate::text::format_km(km, c.locale)));
        inv.notes.push(InvoiceNote::new(words.join(" — ")));
    }
    if let Some(n) = &c.notes {
        inv.notes.push(InvoiceNote::new(n.clone()));
    }
    if let Some(r) = &c.credited {
        inv.preceding_invoices = vec![PrecedingInvoice {
            reference: r.number.clone().into(),
            issue_date: Some(date(&r.issued_on)?),
        }];
    }

    inv.seller = party(&parties.seller, None)?;
    let own_reference = format!(
        "B2C-{}",
        c.buyer
            .id
            .to_string()
            .replace('-', "")
            .get(..12)
            .unwrap_or_default()
    );
    inv.buyer = party(&parties.buyer, (!business).then_some(own_reference))?;
    inv.delivery = Some(Delivery {
        date: Some(date(&c.work_date)?),
        ..Delivery::default()
    });
    inv.payment_terms = Some(c.terms_sentence());

    inv.lines = c
        .lines
        .iter()
        .enumerate()
        .map(|(n, l)| line(n, l, w))
        .collect();
    for r in &totals.by_rate {
        if r.discount > Money::ZERO {
            inv.allowances.push(DocumentAllowanceCharge {
                amount: amount(r.discount),
                base_amount: None,
                percentage: None,
                vat: LineVat {
                    category: Code::new(category(r.rate)),
                    rate: Some(percent(r.rate)),
                },
                reason: Some(w.discount.to_owned()),
                reason_code: Some(Code::new("95")),
            });
        }
        inv.vat_breakdown.push(VatBreakdown {
            taxable_amount: amount(r.net),
            tax_amount: amount(r.tax),
            category: Code::new(category(r.rate)),
            rate: Some(percent(r.rate)),
            exemption_reason: None,
            exemption_reason_code: None,
        });
    }
    let paid = c.deposits.min(totals.gross);
    inv.totals = DocumentTotals {
        line_total: amount(totals.lines_net),
        allowance_total: (totals.discount > Money::ZERO).then(|| amount(totals.discount)),
        charge_total: None,
        taxable_total: amount(totals.net),
        vat_total: Some(amount(totals.tax)),
        vat_total_accounting: None,
        gross_total: amount(totals.gross),
        paid: (paid > Money::ZERO).then(|| amount(paid)),
        rounding: None,
        due: amount(totals.gross.checked_sub(paid).unwrap_or(Money::ZERO)),
    };
    Ok(inv)
}

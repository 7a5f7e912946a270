//! Every word an invoice or a credit note shows its reader — on the PDF and
//! in the electronic invoice's notes — in French and in English. A text
//! missing in one language does not compile. The legal mentions (late
//! penalties, the 40 € indemnity, no early-payment discount, parts from the
//! circular economy) are written here word for word as the law and
//! docs/compliance ask; change them only with those.

use atelier_domain::Locale;

use super::InvoiceKind;
use crate::orders::lines::PartOrigin;

/// The invoices area's texts in one language.
pub(crate) struct Words {
    pub invoice: &'static str,
    pub credit_note: &'static str,
    pub issue_date: &'static str,
    /// The date of the work, on an invoice of a repair order.
    pub work_date: &'static str,
    /// The date of the sale, on a counter sale.
    pub sale_date: &'static str,
    pub repair_order: &'static str,
    pub original_invoice: &'static str,
    pub due_date: &'static str,
    /// A business buyer's VAT number under its name.
    pub buyer_vat: fn(vat_number: &str) -> String,
    pub registration: &'static str,
    pub make_and_model: &'static str,
    pub mileage: &'static str,
    pub vehicle: &'static str,
    /// The lines' heading on a credit note.
    pub amounts_credited: &'static str,
    /// The lines' heading on an invoice.
    pub details: &'static str,
    /// Before a credit note's reason.
    pub reason: &'static str,
    /// The page number at the foot of each page; `{n}` and `{total}` are
    /// filled in by `atelier_pdf`.
    pub page_label: &'static str,
    pub description: &'static str,
    pub quantity: &'static str,
    pub unit_price: &'static str,
    pub discount: &'static str,
    pub vat: &'static str,
    pub total_excl_vat: &'static str,
    /// Before a part's reference in a line's description.
    pub reference: &'static str,
    pub total_incl_vat: &'static str,
    pub total_credited: &'static str,
    pub deposit_paid: &'static str,
    pub amount_due: &'static str,
    /// What a credit note does, under its totals.
    pub credit_note_cancels: &'static str,
    /// The payment terms when the invoice is due on receipt, by `due`.
    pub terms_on_receipt: fn(due: &str) -> String,
    /// The payment terms of `days` days, that is by `due`.
    pub terms_days: fn(days: u16, due: &str) -> String,
    /// The mention that there is no discount for early payment (legal).
    pub no_early_discount: &'static str,
    /// The late-payment penalties and the 40 € indemnity, in one paragraph
    /// on a business customer's PDF (legal).
    pub late_payment: &'static str,
    /// The mention that parts from the circular economy were fitted.
    pub circular_parts: &'static str,
    pub new_oem_part: &'static str,
    pub new_part: &'static str,
    pub factory_exchange: &'static str,
    pub reused_part: &'static str,
    /// The electronic invoice's name for a line's origin attribute.
    pub origin: &'static str,
    /// The electronic invoice's `PMT` note for a business (legal).
    pub indemnity: &'static str,
    /// The electronic invoice's `PMD` note for a business (legal).
    pub penalties: &'static str,
    /// The `PMT` note for a private customer.
    pub no_indemnity: &'static str,
    /// The `PMD` note for a private customer.
    pub no_penalties: &'static str,
}

impl Words {
    /// The name of a document of `kind`, as its title says it.
    pub(crate) fn kind(&self, kind: InvoiceKind) -> &'static str {
        match kind {
            InvoiceKind::Invoice => self.invoice,
            InvoiceKind::CreditNote => self.credit_note,
        }
    }

    /// Where a part comes from, as a line says it.
    pub(crate) fn part_origin(&self, origin: PartOrigin) -> &'static str {
        match origin {
            PartOrigin::NewOem => self.new_oem_part,
            PartOrigin::NewAftermarket => self.new_part,
            PartOrigin::Exchange => self.factory_exchange,
            PartOrigin::Recycled => self.reused_part,
        }
    }
}

/// The texts in `locale`.
pub(crate) fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

const FR: Words = Words {
    invoice: "Facture",
    credit_note: "Avoir",
    issue_date: "Date d’émission",
    work_date: "Date des travaux",
    sale_date: "Date de la vente",
    repair_order: "Ordre de réparation",
    original_invoice: "Facture d’origine",
    due_date: "Échéance",
    buyer_vat: |v| format!("TVA intracommunautaire {v}"),
    registration: "Immatriculation",
    make_and_model: "Marque et modèle",
    mileage: "Kilométrage",
    vehicle: "Véhicule",
    amounts_credited: "Montants crédités",
    details: "Détail",
    reason: "Motif :",
    page_label: "Page {n}/{total}",
    description: "Désignation",
    quantity: "Qté",
    unit_price: "PU HT",
    discount: "Remise",
    vat: "TVA",
    total_excl_vat: "Total HT",
    reference: "réf.",
    total_incl_vat: "Total TTC",
    total_credited: "Total TTC de l’avoir",
    deposit_paid: "Acompte déjà versé",
    amount_due: "Net à payer",
    credit_note_cancels: "Cet avoir annule tout ou partie de la facture d’origine ; il vient en déduction de ce qui reste dû ou est remboursé.",
    terms_on_receipt: |due| {
        format!("Conditions de paiement : à réception de facture, au plus tard le {due}.")
    },
    terms_days: |days, due| {
        format!("Conditions de paiement : {days} jours, soit au plus tard le {due}.")
    },
    no_early_discount: "Pas d’escompte pour paiement anticipé.",
    late_payment: "En cas de retard de paiement, pénalités au taux de trois fois le taux d’intérêt légal, exigibles dès le lendemain de l’échéance, et indemnité forfaitaire pour frais de recouvrement de 40 € (art. L441-10 et D441-5 du Code de commerce).",
    circular_parts: "Des pièces issues de l’économie circulaire (échange standard ou réemploi) ont été utilisées, comme indiqué à chaque ligne.",
    new_oem_part: "pièce neuve d’origine",
    new_part: "pièce neuve",
    factory_exchange: "échange standard",
    reused_part: "pièce de réemploi",
    origin: "Origine",
    indemnity: "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 € (art. L441-10 et D441-5 du Code de commerce).",
    penalties: "En cas de retard de paiement, pénalités au taux de trois fois le taux d’intérêt légal, exigibles dès le lendemain de l’échéance.",
    no_indemnity: "Indemnité forfaitaire pour frais de recouvrement : sans objet, le client n’est pas un professionnel.",
    no_penalties: "Pénalités de retard : sans objet, le client n’est pas un professionnel.",
};

const EN: Words = Words {
    invoice: "Invoice",
    credit_note: "Credit note",
    issue_date: "Issue date",
    work_date: "Work done on",
    sale_date: "Date of sale",
    repair_order: "Repair order",
    original_invoice: "Original invoice",
    due_date: "Due date",
    buyer_vat: |v| format!("VAT {v}"),
    registration: "Registration",
    make_and_model: "Make and model",
    mileage: "Mileage",
    vehicle: "Vehicle",
    amounts_credited: "Amounts credited",
    details: "Details",
    reason: "Reason:",
    page_label: "Page {n} of {total}",
    description: "Description",
    quantity: "Qty",
    unit_price: "Unit excl. VAT",
    discount: "Discount",
    vat: "VAT",
    total_excl_vat: "Total excl. VAT",
    reference: "ref.",
    total_incl_vat: "Total incl. VAT",
    total_credited: "Total credited incl. VAT",
    deposit_paid: "Deposit already paid",
    amount_due: "Amount due",
    credit_note_cancels: "This credit note cancels all or part of the original invoice; it is deducted from what is still due, or refunded.",
    terms_on_receipt: |due| {
        format!("Payment terms: on receipt of the invoice, by {due} at the latest.")
    },
    terms_days: |days, due| format!("Payment terms: {days} days, that is by {due} at the latest."),
    no_early_discount: "No discount for early payment.",
    late_payment: "Late payment: penalties at three times the French legal interest rate, due from the day after the due date, and a flat recovery indemnity of €40 (French Commercial Code, art. L441-10 and D441-5).",
    circular_parts: "Parts from the circular economy (factory exchange or re-used) were fitted, as shown on each line.",
    new_oem_part: "new OEM part",
    new_part: "new part",
    factory_exchange: "factory exchange",
    reused_part: "re-used part",
    origin: "Origin",
    indemnity: "Flat recovery indemnity in case of late payment: €40 (French Commercial Code, art. L441-10 and D441-5).",
    penalties: "Late payment: penalties at three times the French legal interest rate, due from the day after the due date.",
    no_indemnity: "Flat recovery indemnity: not applicable, the customer is not a business.",
    no_penalties: "Late-payment penalties: not applicable, the customer is not a business.",
};

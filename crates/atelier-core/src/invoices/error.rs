//! The refusals of invoices, credit notes and payments, and how each is told
//! to a person: the invoices area's catalogue of user-facing texts.

use atelier_domain::Locale;

/// Why an invoice, its PDF or a payment on it refused a change. Nothing was
/// written. Reaches callers as [`crate::Error::Invoice`].
#[derive(Debug, thiserror::Error)]
pub enum InvoiceError {
    /// The invoice is issued: it never changes again; a credit note corrects it.
    #[error("invoice {number} is issued")]
    Issued {
        /// Its number.
        number: String,
    },
    /// The invoice is still a draft: it has no number, nothing is paid on it.
    #[error("invoice draft not issued")]
    Draft,
    /// The invoice is issued but its PDF is not stored yet (the station
    /// stopped between issuing and storing it): opening or printing it
    /// through [`crate::invoices::store_pdf`] renders and stores it.
    #[error("invoice {number}: PDF not stored yet")]
    PdfNotStored {
        /// Its number.
        number: String,
    },
    /// The invoice was cancelled by credit notes for its whole amount.
    #[error("invoice {number} is cancelled")]
    Cancelled {
        /// Its number.
        number: String,
    },
    /// The payment was already reversed (or is itself a reversal).
    #[error("payment already reversed")]
    PaymentReversed,
    /// The workshop has no SIRET: an electronic invoice states the seller's
    /// SIREN (BR-FR-10).
    #[error("the workshop has no SIRET")]
    SellerSiren,
    /// The workshop has no VAT number: an electronic invoice with VAT
    /// states the seller's (BR-S-02).
    #[error("the workshop has no VAT number")]
    SellerVat,
    /// A French business customer has no SIREN: a business-to-business
    /// electronic invoice states it and is routed by it (BR-FR-11, BR-FR-21).
    #[error("business customer {name} has no SIREN")]
    BuyerSiren {
        /// The customer's name.
        name: String,
    },
    /// The document breaks a rule of EN 16931 or of the French e-invoicing
    /// rules; the rules' ids and words.
    #[error("not a valid electronic invoice: {rules}")]
    NotElectronic {
        /// E.g. `[BR-CO-15] …`, one per line.
        rules: String,
    },
    /// An invoice issued before Atelier issued electronic invoices: it has
    /// no structured parties, so no XML can be made from it.
    #[error("invoice {number} was issued before electronic invoices")]
    BeforeElectronic {
        /// Its number.
        number: String,
    },
}

impl InvoiceError {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            InvoiceError::Issued { .. } => "invoice_issued",
            InvoiceError::Draft => "invoice_draft",
            InvoiceError::Cancelled { .. } => "invoice_cancelled",
            InvoiceError::PdfNotStored { .. } => "invoice_pdf_not_stored",
            InvoiceError::PaymentReversed => "payment_reversed",
            InvoiceError::SellerSiren => "invoice_seller_siren",
            InvoiceError::SellerVat => "invoice_seller_vat",
            InvoiceError::BuyerSiren { .. } => "invoice_buyer_siren",
            InvoiceError::NotElectronic { .. } => "invoice_not_electronic",
            InvoiceError::BeforeElectronic { .. } => "invoice_before_electronic",
        }
    }

    /// What to tell the person, in their language, with what to do about it.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            InvoiceError::Issued { number } if fr => format!("La facture {number} est émise : elle ne peut plus être modifiée ni supprimée. Pour la corriger, établissez un avoir."),
            InvoiceError::Issued { number } => format!("Invoice {number} is issued: it can no longer be changed or deleted. To correct it, issue a credit note."),
            InvoiceError::Draft if fr => "Cette facture est un brouillon : émettez-la d’abord.".to_owned(),
            InvoiceError::Draft => "This invoice is a draft: issue it first.".to_owned(),
            InvoiceError::PdfNotStored { number } if fr => format!("Le PDF de la facture {number} n’est pas encore enregistré : ouvrez-la ou imprimez-la pour l’enregistrer."),
            InvoiceError::PdfNotStored { number } => format!("The PDF of invoice {number} is not stored yet: open or print it to store it."),
            InvoiceError::Cancelled { number } if fr => format!("La facture {number} est annulée par avoir : plus rien ne s’y règle ni ne s’y déduit."),
            InvoiceError::Cancelled { number } => format!("Invoice {number} is cancelled by credit notes: nothing more is paid or credited on it."),
            InvoiceError::PaymentReversed if fr => "Ce règlement est déjà annulé (ou c’est lui-même une annulation) : rien n’a été enregistré.".to_owned(),
            InvoiceError::PaymentReversed => "This payment is already reversed (or is itself a reversal): nothing was saved.".to_owned(),
            InvoiceError::SellerSiren if fr => "L’atelier n’a pas de SIRET : une facture électronique indique le SIREN du vendeur. Renseignez-le dans Réglages › Atelier, puis émettez la facture.".to_owned(),
            InvoiceError::SellerSiren => "The workshop has no SIRET: an electronic invoice states the seller's SIREN. Enter it in Settings › Workshop, then issue the invoice.".to_owned(),
            InvoiceError::SellerVat if fr => "L’atelier n’a pas de numéro de TVA intracommunautaire : une facture électronique avec TVA l’indique. Renseignez-le dans Réglages › Atelier, puis émettez la facture.".to_owned(),
            InvoiceError::SellerVat => "The workshop has no VAT number: an electronic invoice with VAT states it. Enter it in Settings › Workshop, then issue the invoice.".to_owned(),
            InvoiceError::BuyerSiren { name } if fr => format!("Le client professionnel {name} n’a pas de SIREN : une facture électronique entre entreprises l’indique et est acheminée par lui. Renseignez-le sur sa fiche, puis émettez la facture."),
            InvoiceError::BuyerSiren { name } => format!("Business customer {name} has no SIREN: a business-to-business electronic invoice states it and is routed by it. Enter it on their record, then issue the invoice."),
            InvoiceError::NotElectronic { rules } if fr => format!("Cette facture ne serait pas une facture électronique valide (norme EN 16931) ; rien n’a été émis. Règles en cause :\n{rules}"),
            InvoiceError::NotElectronic { rules } => format!("This invoice would not be a valid electronic invoice (EN 16931); nothing was issued. Rules broken:\n{rules}"),
            InvoiceError::BeforeElectronic { number } if fr => format!("La facture {number} a été émise avant la facture électronique : seul son PDF existe."),
            InvoiceError::BeforeElectronic { number } => format!("Invoice {number} was issued before electronic invoices: only its PDF exists."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issued_invoice_says_to_issue_a_credit_note() {
        let e = InvoiceError::Issued {
            number: "F-2026-0042".to_owned(),
        };
        assert_eq!(e.code(), "invoice_issued");
        assert_eq!(
            e.message(Locale::Fr),
            "La facture F-2026-0042 est émise : elle ne peut plus être modifiée ni supprimée. Pour la corriger, établissez un avoir."
        );
        assert_eq!(
            e.message(Locale::En),
            "Invoice F-2026-0042 is issued: it can no longer be changed or deleted. To correct it, issue a credit note."
        );
    }

    #[test]
    fn a_draft_asks_to_be_issued_first() {
        let e = InvoiceError::Draft;
        assert_eq!(e.code(), "invoice_draft");
        assert_eq!(
            e.message(Locale::Fr),
            "Cette facture est un brouillon : émettez-la d’abord."
        );
        assert_eq!(
            e.message(Locale::En),
            "This invoice is a draft: issue it first."
        );
    }

    #[test]
    fn a_reversed_payment_is_not_reversed_twice() {
        let e = InvoiceError::PaymentReversed;
        assert_eq!(e.code(), "payment_reversed");
        assert_eq!(
            e.message(Locale::Fr),
            "Ce règlement est déjà annulé (ou c’est lui-même une annulation) : rien n’a été enregistré."
        );
        assert_eq!(
            e.message(Locale::En),
            "This payment is already reversed (or is itself a reversal): nothing was saved."
        );
    }
}

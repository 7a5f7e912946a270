//! The refusals of a supplier's e-invoice, and how each is told to a person:
//! the inbound e-invoices' catalogue of user-facing texts.

use atelier_domain::{Locale, Money, SupplierInvoiceId};
use serde_json::{Value, json};

/// Which of an e-invoice's totals disagrees with the others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inconsistency {
    /// Σ line net amounts (BT-131) ≠ the sum of lines (BT-106).
    Lines {
        /// Σ BT-131, cents.
        lines: i64,
        /// BT-106, cents.
        stated: i64,
    },
    /// BT-106 − allowances + charges ≠ the total without VAT (BT-109).
    Net {
        /// What the lines, allowances and charges make, cents.
        computed: i64,
        /// BT-109, cents.
        stated: i64,
    },
    /// Σ the VAT breakdown's amounts (BT-117) ≠ the total VAT (BT-110).
    Vat {
        /// Σ BT-117, cents.
        breakdown: i64,
        /// BT-110, cents.
        stated: i64,
    },
    /// Σ the VAT breakdown's bases (BT-116) ≠ the total without VAT (BT-109).
    VatBases {
        /// Σ BT-116, cents.
        breakdown: i64,
        /// BT-109, cents.
        stated: i64,
    },
    /// BT-112 ≠ BT-109 + BT-110.
    Gross {
        /// BT-109 + BT-110, cents.
        computed: i64,
        /// BT-112, cents.
        stated: i64,
    },
    /// BT-115 ≠ BT-112 − BT-113 + BT-114.
    Due {
        /// BT-112 − BT-113 + BT-114, cents.
        computed: i64,
        /// BT-115, cents.
        stated: i64,
    },
}

impl Inconsistency {
    fn describe(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        let m = |c: i64| Money::from_cents(c).format(locale);
        match self {
            Inconsistency::Lines { lines, stated } if fr => format!(
                "la somme des lignes fait {} mais le total des lignes indiqué est {}",
                m(*lines),
                m(*stated)
            ),
            Inconsistency::Lines { lines, stated } => format!(
                "the lines add up to {} but the stated line total is {}",
                m(*lines),
                m(*stated)
            ),
            Inconsistency::Net { computed, stated } if fr => format!(
                "lignes, remises et frais font {} HT mais le total HT indiqué est {}",
                m(*computed),
                m(*stated)
            ),
            Inconsistency::Net { computed, stated } => format!(
                "lines, allowances and charges make {} before VAT but the stated total before VAT is {}",
                m(*computed),
                m(*stated)
            ),
            Inconsistency::Vat { breakdown, stated } if fr => format!(
                "le détail de la TVA fait {} mais le total de TVA indiqué est {}",
                m(*breakdown),
                m(*stated)
            ),
            Inconsistency::Vat { breakdown, stated } => format!(
                "the VAT breakdown adds up to {} but the stated VAT total is {}",
                m(*breakdown),
                m(*stated)
            ),
            Inconsistency::VatBases { breakdown, stated } if fr => format!(
                "les bases de TVA font {} mais le total HT indiqué est {}",
                m(*breakdown),
                m(*stated)
            ),
            Inconsistency::VatBases { breakdown, stated } => format!(
                "the VAT bases add up to {} but the stated total before VAT is {}",
                m(*breakdown),
                m(*stated)
            ),
            Inconsistency::Gross { computed, stated } if fr => format!(
                "HT + TVA font {} mais le total TTC indiqué est {}",
                m(*computed),
                m(*stated)
            ),
            Inconsistency::Gross { computed, stated } => format!(
                "net + VAT make {} but the stated total with VAT is {}",
                m(*computed),
                m(*stated)
            ),
            Inconsistency::Due { computed, stated } if fr => format!(
                "TTC moins acomptes fait {} mais le net à payer indiqué est {}",
                m(*computed),
                m(*stated)
            ),
            Inconsistency::Due { computed, stated } => format!(
                "total less prepaid makes {} but the stated amount due is {}",
                m(*computed),
                m(*stated)
            ),
        }
    }
}

/// Why a supplier's e-invoice was refused, or a decision about it. Nothing
/// was written. Reaches callers as [`crate::Error::Inbound`].
#[derive(Debug, thiserror::Error)]
pub enum InboundError {
    /// The bytes are neither a PDF nor an XML invoice (CII or UBL).
    #[error("not an e-invoice: {detail}")]
    NotAnInvoice {
        /// What the reader found.
        detail: String,
    },
    /// A PDF that cannot be read.
    #[error("corrupted PDF: {detail}")]
    CorruptPdf {
        /// The PDF reader's words.
        detail: String,
    },
    /// A readable PDF with no Factur-X / ZUGFeRD XML inside: a plain PDF
    /// invoice, not an electronic one.
    #[error("PDF without an embedded invoice XML")]
    PdfWithoutXml,
    /// An `<Invoice>` or `<CrossIndustryInvoice>` in a namespace that is not
    /// UBL 2.1's or CII D16B's.
    #[error("unknown namespace: {found}")]
    UnknownNamespace {
        /// The root element and its namespace.
        found: String,
    },
    /// The totals or the VAT disagree.
    #[error("inconsistent totals: {0:?}")]
    Inconsistent(Inconsistency),
    /// No invoice number (BT-1).
    #[error("no invoice number")]
    MissingNumber,
    /// No seller name (BT-27).
    #[error("no seller")]
    MissingSeller,
    /// No issue date (BT-2).
    #[error("no issue date")]
    MissingDate,
    /// Not in euros: the workshop's books are.
    #[error("currency {currency}")]
    Currency {
        /// BT-5.
        currency: String,
    },
    /// No supplier of the workshop is this seller: pick one or create it.
    #[error("unknown supplier {name}")]
    UnknownSupplier {
        /// BT-27.
        name: String,
        /// BT-31.
        vat: Option<String>,
        /// BT-30 or the VAT number's SIREN.
        siren: Option<String>,
    },
    /// The same invoice was imported before (same supplier and number, or
    /// the same file).
    #[error("invoice {number} already imported")]
    Duplicate {
        /// The first import's id.
        id: SupplierInvoiceId,
        /// Its number.
        number: String,
        /// Its supplier's name.
        supplier: String,
        /// When it was imported (YYYY-MM-DD).
        imported_on: String,
    },
    /// The invoice was accepted or rejected already.
    #[error("invoice {number} already decided")]
    Decided {
        /// Its number.
        number: String,
    },
    /// No open purchase order of the supplier matches the invoice.
    #[error("no purchase order for {number}")]
    NoOrder {
        /// The invoice's number.
        number: String,
    },
    /// The invoice is marked paid already.
    #[error("invoice {number} already paid")]
    Paid {
        /// Its number.
        number: String,
    },
    /// A supplier's credit note is not received into stock: what it
    /// credits went back through a return to the supplier.
    #[error("credit note {number} is not received")]
    CreditNote {
        /// Its number.
        number: String,
    },
    /// The watched folder chosen cannot be used.
    #[error("watched folder {path}: {detail}")]
    Folder {
        /// The folder typed.
        path: String,
        /// Why.
        detail: String,
    },
}

impl InboundError {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            InboundError::NotAnInvoice { .. } => "einvoice_not_an_invoice",
            InboundError::CorruptPdf { .. } => "einvoice_corrupt_pdf",
            InboundError::PdfWithoutXml => "einvoice_pdf_without_xml",
            InboundError::UnknownNamespace { .. } => "einvoice_unknown_namespace",
            InboundError::Inconsistent(_) => "einvoice_inconsistent_totals",
            InboundError::MissingNumber => "einvoice_missing_number",
            InboundError::MissingSeller => "einvoice_missing_seller",
            InboundError::MissingDate => "einvoice_missing_date",
            InboundError::Currency { .. } => "einvoice_currency",
            InboundError::UnknownSupplier { .. } => "einvoice_unknown_supplier",
            InboundError::Duplicate { .. } => "einvoice_duplicate",
            InboundError::Decided { .. } => "einvoice_decided",
            InboundError::NoOrder { .. } => "einvoice_no_order",
            InboundError::Paid { .. } => "einvoice_paid",
            InboundError::CreditNote { .. } => "einvoice_credit_note",
            InboundError::Folder { .. } => "einvoice_folder",
        }
    }

    /// Data the UI needs to act: the seller to pick or create a supplier
    /// for, the first import of a duplicate.
    pub fn details(&self) -> Option<Value> {
        match self {
            InboundError::UnknownSupplier { name, vat, siren } => {
                Some(json!({ "name": name, "vat_number": vat, "siren": siren }))
            }
            InboundError::Duplicate { id, .. } => Some(json!({ "supplier_invoice_id": id })),
            _ => None,
        }
    }

    /// What to tell the person, in their language, with what to do about it.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            InboundError::NotAnInvoice { detail } if fr => format!("Ce fichier n’est pas une facture électronique (Factur-X, CII ou UBL) : rien n’a été importé. Demandez au fournisseur sa facture électronique. Détail : {detail}"),
            InboundError::NotAnInvoice { detail } => format!("This file is not an e-invoice (Factur-X, CII or UBL): nothing was imported. Ask the supplier for its e-invoice. Detail: {detail}"),
            InboundError::CorruptPdf { detail } if fr => format!("Ce PDF est endommagé et ne peut pas être lu : rien n’a été importé. Demandez au fournisseur de le renvoyer. Détail : {detail}"),
            InboundError::CorruptPdf { detail } => format!("This PDF is damaged and cannot be read: nothing was imported. Ask the supplier to send it again. Detail: {detail}"),
            InboundError::PdfWithoutXml if fr => "Ce PDF ne contient pas de facture électronique (pas de XML Factur-X) : c’est une facture papier numérisée. Rien n’a été importé ; demandez au fournisseur sa facture Factur-X.".to_owned(),
            InboundError::PdfWithoutXml => "This PDF carries no e-invoice (no Factur-X XML): it is a paper invoice in PDF. Nothing was imported; ask the supplier for its Factur-X invoice.".to_owned(),
            InboundError::UnknownNamespace { found } if fr => format!("Ce fichier XML n’est ni une facture UBL 2.1 ni une facture CII : son espace de noms est inconnu ({found}). Rien n’a été importé."),
            InboundError::UnknownNamespace { found } => format!("This XML file is neither a UBL 2.1 nor a CII invoice: its namespace is unknown ({found}). Nothing was imported."),
            InboundError::Inconsistent(what) if fr => format!("Les totaux de cette facture ne concordent pas : {}. Rien n’a été importé ; signalez-le au fournisseur.", what.describe(locale)),
            InboundError::Inconsistent(what) => format!("This invoice’s totals do not agree: {}. Nothing was imported; tell the supplier.", what.describe(locale)),
            InboundError::MissingNumber if fr => "Cette facture n’a pas de numéro : rien n’a été importé.".to_owned(),
            InboundError::MissingNumber => "This invoice has no number: nothing was imported.".to_owned(),
            InboundError::MissingSeller if fr => "Cette facture ne nomme pas son vendeur : rien n’a été importé.".to_owned(),
            InboundError::MissingSeller => "This invoice does not name its seller: nothing was imported.".to_owned(),
            InboundError::MissingDate if fr => "Cette facture n’a pas de date d’émission : rien n’a été importé.".to_owned(),
            InboundError::MissingDate => "This invoice has no issue date: nothing was imported.".to_owned(),
            InboundError::Currency { currency } if fr => format!("Cette facture est en {currency} : Atelier ne reçoit que des factures en euros. Rien n’a été importé."),
            InboundError::Currency { currency } => format!("This invoice is in {currency}: Atelier only receives invoices in euros. Nothing was imported."),
            InboundError::UnknownSupplier { name, .. } if fr => format!("Le vendeur « {name} » ne correspond à aucun fournisseur (ni par n° de TVA, ni par SIREN, ni par nom). Choisissez le fournisseur ou créez-le, puis importez à nouveau."),
            InboundError::UnknownSupplier { name, .. } => format!("The seller “{name}” matches no supplier (by VAT number, SIREN or name). Pick the supplier or create it, then import again."),
            InboundError::Duplicate { number, supplier, imported_on, .. } if fr => format!("La facture {number} de {supplier} a déjà été importée le {}. Rien n’a été importé une seconde fois.", crate::text::format_date(imported_on, locale)),
            InboundError::Duplicate { number, supplier, imported_on, .. } => format!("Invoice {number} from {supplier} was already imported on {}. Nothing was imported twice.", crate::text::format_date(imported_on, locale)),
            InboundError::Decided { number } if fr => format!("La facture fournisseur {number} est déjà réceptionnée ou refusée."),
            InboundError::Decided { number } => format!("Supplier invoice {number} is already received or rejected."),
            InboundError::NoOrder { number } if fr => format!("Aucune commande fournisseur ouverte ne correspond à la facture {number} : réceptionnez les pièces depuis la commande, ou refusez la facture."),
            InboundError::NoOrder { number } => format!("No open purchase order matches invoice {number}: receive the parts from the order, or reject the invoice."),
            InboundError::Paid { number } if fr => format!("La facture fournisseur {number} est déjà réglée."),
            InboundError::Paid { number } => format!("Supplier invoice {number} is already paid."),
            InboundError::CreditNote { number } if fr => format!("{number} est un avoir du fournisseur : il ne se réceptionne pas. Les pièces rendues sortent du stock par un retour fournisseur, depuis la fiche pièce."),
            InboundError::CreditNote { number } => format!("{number} is a credit note from the supplier: it is not received. Parts sent back leave the stock by a return to the supplier, from the part’s page."),
            InboundError::Folder { path, detail } if fr => format!("Le dossier « {path} » ne peut pas être surveillé ({detail}) : choisissez un dossier existant, où Atelier peut écrire."),
            InboundError::Folder { path, detail } => format!("The folder “{path}” cannot be watched ({detail}): choose an existing folder Atelier may write to."),
        }
    }
}

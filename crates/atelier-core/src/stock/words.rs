//! Every word the stock room's papers show their reader — the purchase
//! order and the count sheet — in French and in English. A text missing in
//! one language does not compile.

use atelier_domain::Locale;

use super::part::Unit;

/// The stock area's texts in one language.
pub(crate) struct Words {
    pub piece: &'static str,
    pub litre: &'static str,
    pub set: &'static str,
    pub purchase_order: &'static str,
    pub date: &'static str,
    pub deliver_to: &'static str,
    pub your_ref: &'static str,
    pub our_ref: &'static str,
    pub description: &'static str,
    pub quantity: &'static str,
    pub unit_price: &'static str,
    pub total_excl_vat: &'static str,
    /// What the supplier is asked under the purchase order's total.
    pub quote_our_number: &'static str,
    pub count_sheet: &'static str,
    pub site: &'static str,
    pub items: &'static str,
    pub bin: &'static str,
    pub reference: &'static str,
    pub unit: &'static str,
    pub on_hand: &'static str,
    pub counted: &'static str,
    pub counted_by: &'static str,
    /// The reason of the adjustments a stocktake of the formatted `day` makes.
    pub stocktake_of: fn(day: &str) -> String,
    /// The count sheet's file name, for the stocktake of `day`.
    pub count_sheet_file: fn(day: &str) -> String,
}

impl Words {
    /// The name of a unit, as a quantity is followed by it.
    pub(crate) fn unit_name(&self, unit: Unit) -> &'static str {
        match unit {
            Unit::Piece => self.piece,
            Unit::Litre => self.litre,
            Unit::Set => self.set,
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
    piece: "pièce",
    litre: "litre",
    set: "jeu",
    purchase_order: "Bon de commande",
    date: "Date",
    deliver_to: "Livrer à",
    your_ref: "Votre réf.",
    our_ref: "Notre réf.",
    description: "Désignation",
    quantity: "Quantité",
    unit_price: "PU HT",
    total_excl_vat: "Total HT",
    quote_our_number: "Merci de rappeler le numéro de ce bon sur le bon de livraison et la facture. Les articles non disponibles restent en reliquat, sauf avis contraire de notre part.",
    count_sheet: "Feuille d’inventaire",
    site: "Site",
    items: "Articles",
    bin: "Emplacement",
    reference: "Référence",
    unit: "Unité",
    on_hand: "En stock",
    counted: "Compté",
    counted_by: "Compté par",
    stocktake_of: |day| format!("Inventaire du {day}"),
    count_sheet_file: |day| format!("inventaire-{day}.pdf"),
};

const EN: Words = Words {
    piece: "piece",
    litre: "litre",
    set: "set",
    purchase_order: "Purchase order",
    date: "Date",
    deliver_to: "Deliver to",
    your_ref: "Your ref.",
    our_ref: "Our ref.",
    description: "Description",
    quantity: "Quantity",
    unit_price: "Unit excl. VAT",
    total_excl_vat: "Total excl. VAT",
    quote_our_number: "Please quote this order’s number on the delivery note and the invoice. Items not available stay on backorder unless we say otherwise.",
    count_sheet: "Count sheet",
    site: "Site",
    items: "Items",
    bin: "Bin",
    reference: "Reference",
    unit: "Unit",
    on_hand: "On hand",
    counted: "Counted",
    counted_by: "Counted by",
    stocktake_of: |day| format!("Stocktake of {day}"),
    count_sheet_file: |day| format!("stocktake-{day}.pdf"),
};

//! Every word a campaign's messages and files add to what the workshop
//! wrote, in French and in English. A text missing in one language does
//! not compile.

use atelier_domain::Locale;

/// The end of every campaign SMS, before the number: the French mention
/// SMS providers act on, whatever the customer's language.
pub(crate) const STOP: &str = "STOP au";

/// The words in one language.
pub(crate) struct Words {
    /// The line before an e-mail's unsubscribe link.
    pub unsubscribe: &'static str,
    /// Put before a test's subject.
    pub test_subject: &'static str,
    /// A test's sample first name, customer name and vehicle.
    pub sample: [&'static str; 3],
    /// `{vehicule}` for a customer with no vehicle on file.
    pub vehicle: &'static str,
    /// The results file's columns.
    pub columns: [&'static str; 8],
    /// The results file's name, before the campaign's.
    pub file: &'static str,
}

/// The words in `locale`.
pub(crate) fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

const FR: Words = Words {
    unsubscribe: "Pour ne plus recevoir nos offres par e-mail, cliquez ici :",
    test_subject: "[Essai] ",
    sample: ["Camille", "Camille Martin", "Peugeot 308"],
    vehicle: "véhicule",
    columns: [
        "Client",
        "Canal",
        "État",
        "Envoyé le",
        "Désabonné le",
        "Revenu le",
        "Ordres",
        "Chiffre d’affaires HT",
    ],
    file: "campagne",
};

const EN: Words = Words {
    unsubscribe: "To stop receiving our offers by e-mail, click here:",
    test_subject: "[Test] ",
    sample: ["Camille", "Camille Martin", "Peugeot 308"],
    vehicle: "vehicle",
    columns: [
        "Customer",
        "Channel",
        "Status",
        "Sent on",
        "Unsubscribed on",
        "Came back on",
        "Orders",
        "Revenue excl. VAT",
    ],
    file: "campaign",
};

//! Every word the messages to customers start from — the built-in
//! templates and the name of a vehicle that has none — in French and in
//! English. A text missing in one language does not compile.
//!
//! A template's `{client}`, `{atelier}`, `{vehicule}`, `{date}`, `{heure}`,
//! `{rappel}`, `{echeance}` and `{lien}` are filled in when a message is queued; a
//! workshop may write its own templates in their place.

use atelier_domain::Locale;

/// The messages' texts in one language.
pub(crate) struct Words {
    /// An appointment's confirmation: the e-mail's subject.
    pub confirmation_subject: &'static str,
    /// An appointment's confirmation: the text.
    pub confirmation_body: &'static str,
    /// A service reminder: the e-mail's subject.
    pub reminder_subject: &'static str,
    /// A service reminder: the text.
    pub reminder_body: &'static str,
    /// A rating request after a paid invoice: the e-mail's subject.
    pub satisfaction_subject: &'static str,
    /// A rating request: the text; `{lien}` is the rating page's address.
    pub satisfaction_body: &'static str,
    /// `{vehicule}` for a vehicle with neither a name nor a plate.
    pub vehicle: &'static str,
}

/// The texts in `locale`.
pub(crate) fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

const FR: Words = Words {
    confirmation_subject: "Votre rendez-vous chez {atelier}",
    confirmation_body: "Bonjour {client},\n\nNous confirmons votre rendez-vous le {date} à {heure} pour votre {vehicule}.\n\nÀ bientôt,\n{atelier}",
    reminder_subject: "{rappel} de votre {vehicule}",
    reminder_body: "Bonjour {client},\n\n{rappel} de votre {vehicule} arrive à échéance le {echeance}. Appelez-nous pour prendre rendez-vous.\n\n{atelier}",
    satisfaction_subject: "Votre avis sur votre passage chez {atelier}",
    satisfaction_body: "Bonjour {client},\n\nMerci de votre visite pour votre {vehicule}. Comment s’est-elle passée ? Donnez-nous une note de 1 à 5 en un clic : {lien}\n\n{atelier}",
    vehicle: "véhicule",
};

const EN: Words = Words {
    confirmation_subject: "Your appointment at {atelier}",
    confirmation_body: "Hello {client},\n\nWe confirm your appointment on {date} at {heure} for your {vehicule}.\n\nSee you soon,\n{atelier}",
    reminder_subject: "{rappel} for your {vehicule}",
    reminder_body: "Hello {client},\n\n{rappel} for your {vehicule} is due on {echeance}. Call us to book an appointment.\n\n{atelier}",
    satisfaction_subject: "How was your visit to {atelier}?",
    satisfaction_body: "Hello {client},\n\nThank you for bringing your {vehicule} in. How did it go? Rate us from 1 to 5 in one click: {lien}\n\n{atelier}",
    vehicle: "vehicle",
};

//! Every word `atelier dtc` prints around the library's meanings, in
//! French and in English, and which of the library's titles the reader gets
//! (`atelier obd` shows it too). A text missing in one language does not
//! compile.

use atelier_domain::Locale;
use atelier_dtc::Generic;

/// The command's texts in one language.
pub(crate) struct Words {
    /// After a title whose French is not whole; nothing in English, whose
    /// titles are the library's own.
    pub partial: &'static str,
    /// The label of the English title under the French one; none in English.
    pub english: Option<&'static str>,
    /// What a maker's own code means generically: nothing.
    pub makers_own: &'static str,
    /// Between a label and its text (« : » in French).
    pub colon: &'static str,
    /// When the make asked for has no meaning of its own for the code.
    pub no_make_meaning: &'static str,
    /// A meaning the library gives for no make in particular.
    pub other_maker: &'static str,
}

/// The texts in `locale`.
pub(crate) fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

/// The library's own title of a code in the reader's language: data, not
/// words, but chosen by language as the words are.
pub(crate) fn title(generic: &Generic, locale: Locale) -> &str {
    match locale {
        Locale::Fr => &generic.french,
        Locale::En => &generic.english,
    }
}

const FR: Words = Words {
    partial: " (traduction partielle)",
    english: Some("Anglais"),
    makers_own: "code propre aux constructeurs (pas de signification générique)",
    colon: " :",
    no_make_meaning: "pas de signification propre à cette marque dans la bibliothèque",
    other_maker: "Autre constructeur",
};

const EN: Words = Words {
    partial: "",
    english: None,
    makers_own: "a maker's own code (no generic meaning)",
    colon: ":",
    no_make_meaning: "no meaning of this make's own in the library",
    other_maker: "Other maker",
};

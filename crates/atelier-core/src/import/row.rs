//! One line of the file turned into what the customer and vehicle forms send,
//! so the import goes through the very rules the forms do.
//!
//! The words a spreadsheet holds ("Madame", "gazole", "oui", "21/03/2019")
//! become the values the forms use; a word not recognised is passed on as it
//! is, so the form's rule refuses it with its own message.

use atelier_domain::{CustomerId, Phone};
use csv::StringRecord;
use serde_json::Value;

use super::Refusal;
use super::read::{Column, Header};
use crate::customers::{CustomerInput, CustomerKind};
use crate::text::fold;
use crate::validation::Field;
use crate::vehicles::{Fuel, Gearbox, VehicleInput};

/// A record read through the header: its cells by column, trimmed, blank as absent.
#[derive(Clone, Copy, Debug)]
pub(super) struct Line<'a> {
    header: &'a Header,
    record: &'a StringRecord,
}

impl<'a> Line<'a> {
    pub(super) fn new(header: &'a Header, record: &'a StringRecord) -> Self {
        Line { header, record }
    }

    /// The cell of `column`, unless the file has no such column or it is blank.
    pub(super) fn get(&self, column: Column) -> Option<&'a str> {
        let i = self.header.position(column)?;
        let cell = self.record.get(i)?.trim();
        (!cell.is_empty()).then_some(cell)
    }

    fn owned(&self, column: Column) -> Option<String> {
        self.get(column).map(str::to_owned)
    }

    /// A line with nothing in any known column (Excel leaves `;;;;` lines).
    pub(super) fn is_blank(&self) -> bool {
        Column::ALL.into_iter().all(|c| self.get(c).is_none())
    }

    /// Whether the customer's country is France (the default when blank).
    fn in_france(&self) -> bool {
        self.get(Column::Pays)
            .map(country)
            .is_none_or(|c| c == "FR")
    }

    /// The customer form this line fills in.
    pub(super) fn customer(&self) -> Result<CustomerInput, Refusal> {
        let company_name = self.owned(Column::Societe);
        let kind = match self.get(Column::Type) {
            Some(t) => kind(t),
            None if company_name.is_some() => CustomerKind::Company.as_str().to_owned(),
            None => CustomerKind::Individual.as_str().to_owned(),
        };
        let france = self.in_france();
        let marketing_consent = match self.get(Column::ConsentementMarketing) {
            None => false,
            Some(v) => consent(v).ok_or_else(|| Refusal::Consent(v.to_owned()))?,
        };
        Ok(CustomerInput {
            kind: Some(kind),
            civility: self.get(Column::Civilite).map(civility),
            first_name: self.owned(Column::Prenom),
            last_name: self.owned(Column::Nom),
            company_name,
            registration: self.owned(Column::Siret),
            vat_number: self.owned(Column::Tva),
            einvoice_address: None,
            phone: self.get(Column::Telephone).map(phone),
            phone_alt: self.get(Column::Telephone2).map(phone),
            email: self.owned(Column::Email),
            address_line1: self.owned(Column::Adresse),
            address_line2: self.owned(Column::Complement),
            postal_code: self.get(Column::CodePostal).map(|p| postal_code(p, france)),
            city: self.owned(Column::Ville),
            country: self.get(Column::Pays).map(country),
            language: self.get(Column::Langue).map(language),
            marketing_consent,
            payment_terms_days: None,
            notes: self.owned(Column::Notes),
            confirm_duplicate: false,
        })
    }

    /// The vehicle form this line fills in for `owner`, or `None` when every
    /// vehicle column is blank. A plate is read as French unless
    /// `plaque_etrangere` says otherwise or, without that column, the customer
    /// lives abroad.
    pub(super) fn vehicle(&self, owner: CustomerId) -> Option<VehicleInput> {
        if !Column::ALL
            .into_iter()
            .any(|c| c.is_vehicle() && self.get(c).is_some())
        {
            return None;
        }
        Some(VehicleInput {
            customer_id: Some(owner.to_string()),
            plate: self.owned(Column::Immatriculation),
            plate_foreign: self
                .get(Column::PlaqueEtrangere)
                .and_then(consent)
                .unwrap_or(!self.in_france()),
            vin: self.owned(Column::Vin),
            make: self.owned(Column::Marque),
            model: self.owned(Column::Modele),
            version: self.owned(Column::Version),
            engine_code: self.owned(Column::Motorisation),
            fuel: self.get(Column::Energie).map(fuel),
            gearbox: self.get(Column::Boite).map(gearbox),
            colour: self.owned(Column::Couleur),
            first_registration: self.get(Column::MiseEnCirculation).map(date),
            notes: None,
            mileage: self
                .get(Column::Kilometrage)
                .map(|km| Value::String(km.to_owned())),
        })
    }

    /// What tells this line's customer apart from the others in the file.
    pub(super) fn keys(&self) -> Keys {
        let phone = self.get(Column::Telephone).map(|p| {
            let p = phone(p);
            Phone::parse(&p).map_or(p, |p| p.e164().to_owned())
        });
        let email = self.get(Column::Email).map(str::to_lowercase);
        let name = match (&phone, &email) {
            (None, None) => {
                let name = match self.get(Column::Societe) {
                    Some(company) => fold(company),
                    None => fold(&format!(
                        "{} {}",
                        self.get(Column::Nom).unwrap_or_default(),
                        self.get(Column::Prenom).unwrap_or_default()
                    )),
                };
                let postal = self.get(Column::CodePostal).unwrap_or_default();
                (!name.is_empty()).then(|| format!("{name}|{postal}"))
            }
            _ => None,
        };
        Keys { phone, email, name }
    }
}

/// The marks by which lines of one customer are recognised: the same phone,
/// or the same e-mail, or (with neither) the same folded name and postal code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Keys {
    pub phone: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
}

/// The CSV column of a form field, for the report.
pub(super) fn column_of(field: Field) -> Option<Column> {
    Some(match field {
        Field::Kind => Column::Type,
        Field::Civility => Column::Civilite,
        Field::FirstName => Column::Prenom,
        Field::LastName => Column::Nom,
        Field::CompanyName => Column::Societe,
        Field::Registration => Column::Siret,
        Field::VatNumber => Column::Tva,
        Field::Phone => Column::Telephone,
        Field::PhoneAlt => Column::Telephone2,
        Field::Email => Column::Email,
        Field::AddressLine1 => Column::Adresse,
        Field::AddressLine2 => Column::Complement,
        Field::PostalCode => Column::CodePostal,
        Field::City => Column::Ville,
        Field::Country => Column::Pays,
        Field::Language => Column::Langue,
        Field::Notes => Column::Notes,
        Field::Plate => Column::Immatriculation,
        Field::Vin => Column::Vin,
        Field::Make => Column::Marque,
        Field::Model => Column::Modele,
        Field::Version => Column::Version,
        Field::EngineCode => Column::Motorisation,
        Field::Fuel => Column::Energie,
        Field::Gearbox => Column::Boite,
        Field::Colour => Column::Couleur,
        Field::FirstRegistration => Column::MiseEnCirculation,
        Field::Mileage | Field::Km => Column::Kilometrage,
        // Notes of a vehicle, its owner, a reading date, payment terms, and
        // the fields of other forms (workshop, users) have no column.
        _ => return None,
    })
}

/// A word folded to compare: lowercase, no accents, no dots, single spaces.
fn word(s: &str) -> String {
    fold(&s.replace(['.', '_', '-'], " "))
}

fn kind(s: &str) -> String {
    match word(s).as_str() {
        "particulier" | "individuel" | "individual" | "personne" => {
            CustomerKind::Individual.as_str().to_owned()
        }
        "societe" | "entreprise" | "professionnel" | "company" => {
            CustomerKind::Company.as_str().to_owned()
        }
        _ => s.to_owned(),
    }
}

/// "Mlle" and "Mademoiselle" read as Mme: French administration dropped
/// "Mademoiselle" in 2012, and old files still hold it.
fn civility(s: &str) -> String {
    match word(s).as_str() {
        "m" | "mr" | "monsieur" => "M.".to_owned(),
        "mme" | "madame" | "mlle" | "mademoiselle" => "Mme".to_owned(),
        _ => s.to_owned(),
    }
}

fn consent(s: &str) -> Option<bool> {
    match word(s).as_str() {
        "oui" | "o" | "1" | "true" | "vrai" | "x" | "yes" | "y" => Some(true),
        "non" | "n" | "0" | "false" | "faux" | "no" => Some(false),
        _ => None,
    }
}

fn country(s: &str) -> String {
    if word(s) == "france" {
        "FR".to_owned()
    } else {
        s.to_ascii_uppercase()
    }
}

fn language(s: &str) -> String {
    match word(s).as_str() {
        "fr" | "francais" | "french" => "fr".to_owned(),
        "en" | "anglais" | "english" => "en".to_owned(),
        _ => s.to_owned(),
    }
}

/// Excel turns 06 12 34 56 78 typed without spaces into the number
/// 612345678: nine digits not starting with 0 get their 0 back.
fn phone(s: &str) -> String {
    if s.len() == 9 && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0') {
        format!("0{s}")
    } else {
        s.to_owned()
    }
}

/// Excel turns the postal code 01000 into the number 1000: a French code of
/// four digits gets its leading 0 back.
fn postal_code(s: &str, france: bool) -> String {
    if france && s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        format!("0{s}")
    } else {
        s.to_owned()
    }
}

/// The French word for each energy, as the file writes it.
const FUEL_WORDS: [(Fuel, &str); 9] = [
    (Fuel::Petrol, "essence"),
    (Fuel::Diesel, "diesel"),
    (Fuel::Hybrid, "hybride"),
    (Fuel::PluginHybrid, "hybride rechargeable"),
    (Fuel::Electric, "électrique"),
    (Fuel::Lpg, "gpl"),
    (Fuel::Cng, "gnv"),
    (Fuel::Hydrogen, "hydrogène"),
    (Fuel::Other, "autre"),
];

/// The French word the file uses for `fuel`.
pub(crate) fn fuel_word(fuel: Fuel) -> &'static str {
    FUEL_WORDS
        .iter()
        .find(|(f, _)| *f == fuel)
        .map_or("autre", |(_, w)| w)
}

fn fuel(s: &str) -> String {
    let w = word(s);
    if matches!(w.as_str(), "gazole" | "gasoil") {
        return Fuel::Diesel.as_str().to_owned();
    }
    FUEL_WORDS
        .iter()
        .find(|(f, name)| word(name) == w || word(f.as_str()) == w)
        .map_or_else(|| s.to_owned(), |(f, _)| f.as_str().to_owned())
}

/// The French word the file uses for `gearbox`.
pub(crate) fn gearbox_word(gearbox: Gearbox) -> &'static str {
    match gearbox {
        Gearbox::Manual => "manuelle",
        Gearbox::Automatic => "automatique",
    }
}

fn gearbox(s: &str) -> String {
    match word(s).as_str() {
        "manuelle" | "manuel" | "manual" => Gearbox::Manual.as_str().to_owned(),
        "automatique" | "auto" | "automatic" => Gearbox::Automatic.as_str().to_owned(),
        _ => s.to_owned(),
    }
}

/// DD/MM/YYYY (as French spreadsheets show dates) becomes YYYY-MM-DD; the
/// form checks that it is a real day.
fn date(s: &str) -> String {
    let parts: Vec<&str> = s.split('/').collect();
    match parts.as_slice() {
        [d, m, y]
            if (1..=2).contains(&d.len())
                && (1..=2).contains(&m.len())
                && y.len() == 4
                && [d, m, y]
                    .iter()
                    .all(|p| p.bytes().all(|b| b.is_ascii_digit())) =>
        {
            format!("{y}-{m:0>2}-{d:0>2}")
        }
        _ => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_words_become_form_values() {
        assert_eq!(kind("Société"), "company");
        assert_eq!(kind("PARTICULIER"), "individual");
        assert_eq!(civility("Madame"), "Mme");
        assert_eq!(civility("M"), "M.");
        assert_eq!(consent("Oui"), Some(true));
        assert_eq!(consent("x"), Some(true));
        assert_eq!(consent("0"), Some(false));
        assert_eq!(consent("peut-être"), None);
        assert_eq!(fuel("Électrique"), "electric");
        assert_eq!(fuel("Gazole"), "diesel");
        assert_eq!(fuel("hybride rechargeable"), "plugin_hybrid");
        assert_eq!(fuel("plugin_hybrid"), "plugin_hybrid");
        assert_eq!(fuel("vapeur"), "vapeur", "passed on for the form to refuse");
        assert_eq!(gearbox("Automatique"), "automatic");
        assert_eq!(date("01/03/2019"), "2019-03-01");
        assert_eq!(date("1/3/2019"), "2019-03-01");
        assert_eq!(date("2019-03-01"), "2019-03-01");
    }

    #[test]
    fn what_excel_did_to_numbers_is_undone() {
        assert_eq!(phone("612345678"), "0612345678");
        assert_eq!(phone("06 12 34 56 78"), "06 12 34 56 78");
        assert_eq!(postal_code("1000", true), "01000");
        assert_eq!(postal_code("1000", false), "1000", "a Belgian code");
    }

    #[test]
    fn every_french_word_reads_back_as_its_value() {
        for (f, _) in FUEL_WORDS {
            assert_eq!(fuel(fuel_word(f)), f.as_str());
        }
        for g in [Gearbox::Manual, Gearbox::Automatic] {
            assert_eq!(gearbox(gearbox_word(g)), g.as_str());
        }
    }
}

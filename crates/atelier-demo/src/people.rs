//! Demo customers as the front desk would type them: private people and
//! companies with valid SIREN/SIRET and VAT numbers, phones, e-mails and
//! addresses in real towns.

use std::collections::HashSet;

use atelier_core::customers::CustomerInput;
use atelier_core::text::fold;

use super::rng::Rng;
use super::words::{self, Town};

/// Numbers drawn without repetition: `n ↦ (n × STEP + offset) mod 10⁷` is a
/// bijection on `0..10⁷` (STEP is prime to 10), so the seven last digits of
/// two phones of the same kind never coincide, and the duplicate guard stays
/// quiet without keeping every number drawn.
#[derive(Clone, Debug)]
struct Numbering {
    next: u64,
    offset: u64,
}

const SEVEN_DIGITS: u64 = 10_000_000;
const STEP: u64 = 3_456_791;

impl Numbering {
    fn new(rng: &mut Rng) -> Numbering {
        Numbering {
            next: 0,
            offset: rng.below(SEVEN_DIGITS),
        }
    }

    fn draw(&mut self) -> u64 {
        let n = (self.next * STEP + self.offset) % SEVEN_DIGITS;
        self.next += 1;
        n
    }
}

/// A phone line: a mobile, or a landline of the town's area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Line {
    Mobile,
    Landline,
}

/// One customer to create, with what its vehicles need to know about it.
#[derive(Clone, Debug)]
pub(crate) struct NewCustomer {
    /// What the form would send.
    pub input: CustomerInput,
    /// Where they live: older plates carry its department.
    pub town: Town,
    /// A company, which runs a fleet.
    pub company: bool,
    lines: [Option<Line>; 2],
}

/// Draws customers; every phone, e-mail and SIREN it hands out is new.
#[derive(Debug)]
pub(crate) struct People {
    rng: Rng,
    mobiles: Numbering,
    landlines: Numbering,
    emails: HashSet<String>,
    sirens: HashSet<String>,
}

impl People {
    pub fn new(mut rng: Rng) -> People {
        People {
            mobiles: Numbering::new(&mut rng),
            landlines: Numbering::new(&mut rng),
            rng,
            emails: HashSet::new(),
            sirens: HashSet::new(),
        }
    }

    /// The next customer: about one in seven is a company.
    pub fn next(&mut self) -> NewCustomer {
        let town = *self.rng.pick(words::TOWNS);
        if self.rng.percent(15) {
            self.company(town)
        } else {
            self.person(town)
        }
    }

    fn person(&mut self, town: Town) -> NewCustomer {
        let r = &mut self.rng;
        let woman = r.percent(50);
        let first = *r.pick(if woman { words::WOMEN } else { words::MEN });
        let mut last = (*r.pick(words::SURNAMES)).to_owned();
        if r.percent(3) {
            last = format!("{last}-{}", r.pick(words::SURNAMES));
        }
        let civility = match (r.percent(70), woman) {
            (false, _) => None,
            (true, true) => Some("Mme".to_owned()),
            (true, false) => Some("M.".to_owned()),
        };
        let lines = match r.below(100) {
            0..=2 => [None, None],
            3..=14 => [Some(Line::Landline), Some(Line::Mobile)],
            15..=24 => [Some(Line::Mobile), Some(Line::Landline)],
            _ => [Some(Line::Mobile), None],
        };
        let with_email = r.percent(75);
        let line2 = r
            .percent(8)
            .then(|| (*r.pick(words::COMPLEMENTS)).to_owned());
        let language = r.percent(3).then(|| "en".to_owned());
        let marketing_consent = r.percent(35);
        let notes = r
            .percent(5)
            .then(|| (*r.pick(words::CUSTOMER_NOTES)).to_owned());
        let address = self.street();
        let mut c = NewCustomer {
            input: CustomerInput {
                civility,
                first_name: self.rng.percent(96).then(|| first.to_owned()),
                last_name: Some(last.clone()),
                address_line1: self.rng.percent(88).then_some(address),
                address_line2: line2,
                postal_code: Some(town.postal_code.to_owned()),
                city: Some(town.name.to_owned()),
                language,
                marketing_consent,
                notes,
                ..CustomerInput::default()
            },
            town,
            company: false,
            lines,
        };
        self.dial(&mut c);
        if with_email {
            let local = self.personal_mailbox(first, &last);
            let provider = *self.rng.weighted(words::MAIL_PROVIDERS);
            c.input.email = Some(self.unique_email(&local, &format!("{provider}.example")));
        }
        c
    }

    fn company(&mut self, town: Town) -> NewCustomer {
        let r = &mut self.rng;
        let trade = *r.pick(words::TRADES);
        let form = *r.pick(words::LEGAL_FORMS);
        let surname = *r.pick(words::SURNAMES);
        let (name, slug) = match r.below(3) {
            0 => (
                format!("{trade} {surname} {form}"),
                format!("{trade} {surname}"),
            ),
            1 => (
                format!("{form} {trade} {surname}"),
                format!("{trade} {surname}"),
            ),
            _ => {
                let place = format!("{trade} {}", of_town(town.name));
                (format!("{place} {form}"), place)
            }
        };
        let contact = r.percent(70).then(|| {
            let woman = r.percent(40);
            let first = *r.pick(if woman { words::WOMEN } else { words::MEN });
            (first.to_owned(), (*r.pick(words::SURNAMES)).to_owned())
        });
        let lines = match r.below(10) {
            0..=3 => [Some(Line::Landline), Some(Line::Mobile)],
            4..=5 => [Some(Line::Landline), None],
            _ => [Some(Line::Mobile), None],
        };
        let terms = r
            .percent(40)
            .then(|| serde_json::json!(*r.pick(&[30, 30, 45, 60, 0])));
        let park = r
            .percent(30)
            .then(|| (*r.pick(words::BUSINESS_PARKS)).to_owned());
        let consent = r.percent(20);
        let with_email = r.percent(85);
        let with_vat = r.percent(80);
        let address = self.street();
        let mut c = NewCustomer {
            input: CustomerInput {
                kind: Some("company".to_owned()),
                company_name: Some(name),
                first_name: contact.as_ref().map(|(f, _)| f.clone()),
                last_name: contact.map(|(_, l)| l),
                address_line1: Some(address),
                address_line2: park,
                postal_code: Some(town.postal_code.to_owned()),
                city: Some(town.name.to_owned()),
                marketing_consent: consent,
                payment_terms_days: terms,
                ..CustomerInput::default()
            },
            town,
            company: true,
            lines,
        };
        self.dial(&mut c);
        self.register(&mut c, with_vat);
        if with_email {
            let domain = format!("{}.example", mailbox(&slug, "-"));
            let local = *self
                .rng
                .pick(&["contact", "contact", "accueil", "compta", "direction"]);
            c.input.email = Some(self.unique_email(local, &domain));
        }
        c
    }

    /// Gives `c` phones, an e-mail and a SIREN never handed out before, after
    /// the database found one of them already taken (demo data added twice).
    pub fn renew_identity(&mut self, c: &mut NewCustomer) {
        self.dial(c);
        if let Some((local, domain)) = c
            .input
            .email
            .clone()
            .and_then(|e| e.split_once('@').map(|(l, d)| (l.to_owned(), d.to_owned())))
        {
            let suffix = self.rng.range(2, 99);
            c.input.email = Some(self.unique_email(&format!("{local}{suffix}"), &domain));
        }
        if c.input.registration.is_some() {
            self.register(c, c.input.vat_number.is_some());
        }
    }

    /// Fills the phone fields from `c.lines`, as people write numbers.
    fn dial(&mut self, c: &mut NewCustomer) {
        let area = c.town.area;
        let [main, alt] = c.lines.map(|line| line.map(|l| self.phone(l, area)));
        c.input.phone = main;
        c.input.phone_alt = alt;
    }

    fn phone(&mut self, line: Line, area: u8) -> String {
        let (prefix, lead) = match line {
            Line::Mobile if self.rng.percent(60) => (6, self.rng.below(10)),
            Line::Mobile => (7, self.rng.range(3, 8)),
            Line::Landline if self.rng.percent(10) => (9, self.rng.range(5, 8)),
            Line::Landline => (u64::from(area), self.rng.range(1, 9)),
        };
        let rest = match line {
            Line::Mobile => self.mobiles.draw(),
            Line::Landline => self.landlines.draw(),
        };
        let digits = format!("0{prefix}{lead}{rest:07}");
        let pairs: Vec<&str> = (0..5).map(|i| &digits[2 * i..2 * i + 2]).collect();
        match self.rng.below(10) {
            0 => digits,
            1 => pairs.join("."),
            2 => format!("+33 {} {}", &digits[1..2], pairs[1..].join(" ")),
            _ => pairs.join(" "),
        }
    }

    /// A SIREN (or, more often, a SIRET) never drawn before, and its VAT number.
    fn register(&mut self, c: &mut NewCustomer, with_vat: bool) {
        let siren = loop {
            let body = format!("{}{:07}", self.rng.range(3, 9), self.rng.below(10_000_000));
            let siren = format!("{body}{}", luhn_digit(&body));
            if self.sirens.insert(siren.clone()) {
                break siren;
            }
        };
        let registration = if self.rng.percent(60) {
            let body = format!("{siren}000{}", self.rng.range(1, 6));
            format!("{body}{}", luhn_digit(&body))
        } else {
            siren.clone()
        };
        c.input.registration = Some(group_registration(&registration));
        c.input.vat_number = with_vat.then(|| vat_number(&siren));
    }

    fn street(&mut self) -> String {
        let r = &mut self.rng;
        let number = r.range(1, 180);
        let bis = if r.percent(5) { " bis" } else { "" };
        format!(
            "{number}{bis} {} {}",
            r.pick(words::STREET_KINDS),
            r.pick(words::STREETS)
        )
    }

    fn personal_mailbox(&mut self, first: &str, last: &str) -> String {
        let (f, l) = (mailbox(first, "-"), mailbox(last, ""));
        let initial = f.chars().next().unwrap_or('x');
        match self.rng.below(5) {
            0 => format!("{initial}.{l}"),
            1 => format!("{f}{l}"),
            2 => format!("{l}.{f}"),
            3 => format!("{f}.{l}{}", self.rng.range(1, 99)),
            _ => format!("{f}.{l}"),
        }
    }

    /// `local@domain`, or with a number added to `local` when that is taken.
    fn unique_email(&mut self, local: &str, domain: &str) -> String {
        let mut email = format!("{local}@{domain}");
        let mut n = 2;
        while !self.emails.insert(email.clone()) {
            email = format!("{local}{n}@{domain}");
            n += 1;
        }
        email
    }
}

/// "de Lyon", "du Havre", "des Sables-d'Olonne", "de l'Haÿ-les-Roses".
fn of_town(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("Le ") {
        format!("du {rest}")
    } else if let Some(rest) = name.strip_prefix("Les ") {
        format!("des {rest}")
    } else if let Some(rest) = name.strip_prefix("La ") {
        format!("de la {rest}")
    } else if let Some(rest) = name.strip_prefix("L'") {
        format!("de l'{rest}")
    } else {
        format!("de {name}")
    }
}

/// `text` folded to what fits in an address: lower-case ASCII letters and
/// digits, other characters dropped, words joined by `joiner`.
fn mailbox(text: &str, joiner: &str) -> String {
    fold(text)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(joiner)
}

/// The digit that makes `payload` followed by it pass the Luhn check
/// (SIREN, SIRET).
pub(crate) fn luhn_digit(payload: &str) -> u32 {
    let sum: u32 = payload
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            match (i % 2 == 0, d * 2) {
                (true, doubled) if doubled > 9 => doubled - 9,
                (true, doubled) => doubled,
                (false, _) => d,
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// The French VAT number of a SIREN: its key is (12 + 3 × (SIREN mod 97)) mod 97.
pub(crate) fn vat_number(siren: &str) -> String {
    let n: u64 = siren.parse().unwrap_or_default();
    format!("FR{:02}{siren}", (12 + 3 * (n % 97)) % 97)
}

/// A SIREN or SIRET as printed on letterheads: "732 829 320 00074".
fn group_registration(digits: &str) -> String {
    let (siren, nic) = digits.split_at(digits.len().min(9));
    let mut out = format!("{} {} {}", &siren[..3], &siren[3..6], &siren[6..]);
    if !nic.is_empty() {
        out.push(' ');
        out.push_str(nic);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use atelier_domain::{Phone, Siren, Siret, VatNumber};

    #[test]
    fn registration_numbers_pass_their_checks() {
        let mut people = People::new(Rng::new(3));
        let mut companies = 0;
        for _ in 0..400 {
            let c = people.next();
            let Some(reg) = c.input.registration.as_deref() else {
                continue;
            };
            companies += 1;
            let siren = if reg.len() > 11 {
                Siret::parse(reg).expect("a valid SIRET").siren()
            } else {
                Siren::parse(reg).expect("a valid SIREN")
            };
            if let Some(vat) = &c.input.vat_number {
                let vat = VatNumber::parse(vat).expect("the key matches the SIREN");
                assert!(vat.as_str().ends_with(siren.as_str()));
            }
        }
        assert!((30..100).contains(&companies), "about 15%: {companies}");
        assert_eq!(
            vat_number("303265045"),
            "FR40303265045",
            "a published example"
        );
    }

    #[test]
    fn phones_are_valid_and_never_repeat() {
        let mut people = People::new(Rng::new(5));
        let mut seen = HashSet::new();
        for _ in 0..2_000 {
            let c = people.next();
            for p in [c.input.phone, c.input.phone_alt].into_iter().flatten() {
                let e164 = Phone::parse(&p).expect("a French number").e164().to_owned();
                assert!(seen.insert(e164), "{p} handed out twice");
            }
        }
    }
}

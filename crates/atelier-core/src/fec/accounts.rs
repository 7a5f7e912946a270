//! The account numbers the FEC is written with: sensible defaults of the
//! French chart of accounts (PCG), any of which the owner may change in
//! Réglages › Comptabilité. Only the numbers that differ from the defaults
//! are stored, as JSON in `workshop.accounts` (NULL: all defaults), and
//! saved like every other field of the workshop: the row and its sync
//! operation in one transaction.

use std::collections::BTreeMap;

use atelier_domain::VatRate;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, json};

use crate::outbox::{self, OpKind};
use crate::text::clean;
use crate::validation::{Field, Invalid, Problem};
use crate::{Error, Result};

/// The VAT rates every French workshop may invoice at,
/// always offered in the form (others appear once an invoice uses them).
pub const FRENCH_RATES: [VatRate; 4] = [
    VatRate::STANDARD,
    VatRate::INTERMEDIATE,
    VatRate::REDUCED,
    VatRate::SUPER_REDUCED,
];

/// The account numbers of each movement the FEC records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Accounts {
    /// Customers (411): the collective account; each customer is an
    /// auxiliary account under it.
    pub customers: String,
    /// Deposits received on orders before their invoice (4191).
    pub deposits: String,
    /// Labour sold: services (706).
    pub labour: String,
    /// Parts sold: goods (707).
    pub parts: String,
    /// Fees and everything else invoiced (7088, other ancillary revenue).
    pub other: String,
    /// Cash (530).
    pub cash: String,
    /// Card payments (512, the bank).
    pub card: String,
    /// Cheques received, until the workshop pays them in (5112).
    pub cheque: String,
    /// Transfers (512, the bank).
    pub transfer: String,
    /// Output VAT per rate: the French rates and any rate invoiced or set,
    /// highest first.
    pub vat: Vec<VatAccount>,
}

/// The output-VAT account of one rate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VatAccount {
    /// The rate (basis points on the wire, under `bp`).
    #[serde(rename = "bp")]
    pub rate: VatRate,
    /// Its account number.
    pub account: String,
    /// Whether that is the default number.
    pub default: bool,
}

/// The accounts form, as typed: blank puts the default back.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[allow(missing_docs, reason = "each field is the form input of the same name")]
pub struct AccountsInput {
    pub customers: Option<String>,
    pub deposits: Option<String>,
    pub labour: Option<String>,
    pub parts: Option<String>,
    pub other: Option<String>,
    pub cash: Option<String>,
    pub card: Option<String>,
    pub cheque: Option<String>,
    pub transfer: Option<String>,
    /// Output VAT per rate, by basis points ("2000": "445711").
    pub vat: BTreeMap<u32, Option<String>>,
}

/// One account of the form: its key in the stored JSON, its field, its
/// default, the digits it must start with, and how the FEC names it.
struct Slot {
    key: &'static str,
    field: Field,
    default: &'static str,
    prefix: &'static str,
    label: &'static str,
}

const SLOTS: [Slot; 9] = [
    Slot {
        key: "customers",
        field: Field::AccountCustomers,
        default: "411",
        prefix: "41",
        label: "Clients",
    },
    Slot {
        key: "deposits",
        field: Field::AccountDeposits,
        default: "4191",
        prefix: "419",
        label: "Clients - Avances et acomptes reçus sur commandes",
    },
    Slot {
        key: "labour",
        field: Field::AccountLabour,
        default: "706",
        prefix: "70",
        label: "Prestations de services",
    },
    Slot {
        key: "parts",
        field: Field::AccountParts,
        default: "707",
        prefix: "70",
        label: "Ventes de marchandises",
    },
    Slot {
        key: "other",
        field: Field::AccountOther,
        default: "7088",
        prefix: "70",
        label: "Autres produits d’activités annexes",
    },
    Slot {
        key: "cash",
        field: Field::AccountCash,
        default: "530",
        prefix: "5",
        label: "Caisse",
    },
    Slot {
        key: "card",
        field: Field::AccountCard,
        default: "512",
        prefix: "5",
        label: "Banque",
    },
    Slot {
        key: "cheque",
        field: Field::AccountCheque,
        default: "5112",
        prefix: "5",
        label: "Chèques à encaisser",
    },
    Slot {
        key: "transfer",
        field: Field::AccountTransfer,
        default: "512",
        prefix: "5",
        label: "Banque",
    },
];

/// The default output-VAT account of a rate: 44571 followed by the rate
/// itself, so the number reads as its rate: 20 % is 44571200, 5,5 % is
/// 44571055 (three digits, tenths of a percent); a rate with hundredths
/// (1,05 %) takes four digits of basis points (445710105), so no two rates
/// share a number.
pub fn default_vat_account(rate: VatRate) -> String {
    let bp = rate.bp();
    if bp.is_multiple_of(10) {
        format!("44571{:03}", bp / 10)
    } else {
        format!("44571{bp:04}")
    }
}

/// How the FEC names the output-VAT account of a rate: "TVA collectée 5,5 %".
pub(crate) fn vat_label(rate: VatRate) -> String {
    let bp = rate.bp();
    let whole = bp / 100;
    let cents = bp % 100;
    let rate = match cents {
        0 => whole.to_string(),
        c if c.is_multiple_of(10) => format!("{whole},{}", c / 10),
        c => format!("{whole},{c:02}"),
    };
    format!("TVA collectée {rate} %")
}

/// What the owner changed, as stored: `{"labour": "7061", "vat": {"2000": "445711"}}`.
#[derive(Default, Deserialize, Serialize)]
struct Stored {
    #[serde(flatten)]
    slots: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    vat: BTreeMap<u32, String>,
}

fn stored(conn: &Connection) -> Result<(Option<String>, Stored)> {
    let text: Option<String> = conn
        .prepare_cached("SELECT accounts FROM workshop")?
        .query_row([], |r| r.get(0))
        .optional()?
        .flatten();
    let parsed = match &text {
        None => Stored::default(),
        Some(t) => serde_json::from_str(t).map_err(|_| Error::Corrupt("workshop.accounts"))?,
    };
    Ok((text, parsed))
}

/// The rates invoiced here.
fn rates_used(conn: &Connection) -> Result<Vec<VatRate>> {
    let bps: Vec<u32> = conn
        .prepare_cached("SELECT DISTINCT vat_bp FROM invoice_vat_figures")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    bps.into_iter()
        .map(|bp| VatRate::new(bp).map_err(|_| Error::Corrupt("invoice_vat_figures.vat_bp")))
        .collect()
}

/// The accounts in force: the defaults with the owner's changes. The
/// defaults when the workshop is not set up yet.
pub fn get(conn: &Connection) -> Result<Accounts> {
    let (_, stored) = stored(conn)?;
    let pick = |slot: &Slot| {
        stored
            .slots
            .get(slot.key)
            .cloned()
            .unwrap_or_else(|| slot.default.to_owned())
    };
    let mut rates: Vec<VatRate> = FRENCH_RATES.to_vec();
    rates.extend(
        rates_used(conn)?
            .into_iter()
            .filter(|r| *r != VatRate::ZERO),
    );
    for bp in stored.vat.keys() {
        rates.push(VatRate::new(*bp).map_err(|_| Error::Corrupt("workshop.accounts"))?);
    }
    rates.sort_unstable_by(|a, b| b.cmp(a));
    rates.dedup();
    let [
        customers,
        deposits,
        labour,
        parts,
        other,
        cash,
        card,
        cheque,
        transfer,
    ] = SLOTS.each_ref().map(pick);
    Ok(Accounts {
        customers,
        deposits,
        labour,
        parts,
        other,
        cash,
        card,
        cheque,
        transfer,
        vat: rates
            .into_iter()
            .map(|rate| {
                let set = stored.vat.get(&rate.bp());
                VatAccount {
                    rate,
                    account: set.cloned().unwrap_or_else(|| default_vat_account(rate)),
                    default: set.is_none(),
                }
            })
            .collect(),
    })
}

impl Accounts {
    /// The output-VAT account of `rate`: the one set, else the default.
    pub fn vat_account(&self, rate: VatRate) -> String {
        self.vat
            .iter()
            .find(|v| v.rate == rate)
            .map_or_else(|| default_vat_account(rate), |v| v.account.clone())
    }

    /// How the FEC names the account of a slot (by its key).
    pub(crate) fn label(key: &str) -> &'static str {
        SLOTS.iter().find(|s| s.key == key).map_or("", |s| s.label)
    }
}

/// `typed` for `slot`, checked: 3 to 20 digits starting with the slot's
/// class; `None` when blank or the default.
fn check(
    typed: Option<&str>,
    field: Field,
    prefix: &'static str,
    default: &str,
) -> Result<Option<String>, Invalid> {
    let Some(number) = clean(typed) else {
        return Ok(None);
    };
    let number: String = number.chars().filter(|c| !c.is_whitespace()).collect();
    if !(3..=20).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Invalid::new(field, Problem::AccountNumber));
    }
    if !number.starts_with(prefix) {
        return Err(Invalid::new(field, Problem::AccountClass { prefix }));
    }
    Ok((number != default).then_some(number))
}

/// Saves the accounts form: each number checked (3 to 20 digits, in the
/// class its use needs: 41 for customers, 70 for revenue, 4457 for output
/// VAT, 5 for cash and bank), blank for the default. Only the numbers that
/// differ from the defaults are stored; the change travels to the other
/// stations as an update of the workshop, recorded in the same transaction.
/// Refused with the field at fault, writing nothing; `NotFound` before the
/// first run.
pub fn save(tx: &Transaction<'_>, now_ms: u64, input: &AccountsInput) -> Result<Accounts> {
    let typed = [
        &input.customers,
        &input.deposits,
        &input.labour,
        &input.parts,
        &input.other,
        &input.cash,
        &input.card,
        &input.cheque,
        &input.transfer,
    ];
    let mut next = Stored::default();
    for (slot, value) in SLOTS.iter().zip(typed) {
        if let Some(n) = check(value.as_deref(), slot.field, slot.prefix, slot.default)? {
            next.slots.insert(slot.key.to_owned(), n);
        }
    }
    for (bp, value) in &input.vat {
        let rate = match VatRate::new(*bp) {
            Ok(rate) if rate != VatRate::ZERO => rate,
            _ => return Err(Invalid::new(Field::AccountVat, Problem::Percent).into()),
        };
        let default = default_vat_account(rate);
        if let Some(n) = check(value.as_deref(), Field::AccountVat, "4457", &default)? {
            next.vat.insert(*bp, n);
        }
    }
    let exists: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM workshop)")?
        .query_row([], |r| r.get(0))?;
    if !exists {
        return Err(Error::NotFound {
            entity: "workshop",
            id: "1".into(),
        });
    }
    let (before, _) = stored(tx)?;
    let after = if next.slots.is_empty() && next.vat.is_empty() {
        None
    } else {
        Some(serde_json::to_string(&next).map_err(|_| Error::Corrupt("workshop.accounts"))?)
    };
    if after != before {
        let hlc = outbox::record(
            tx,
            now_ms,
            "workshop",
            "1",
            OpKind::Update,
            &json!({ "accounts": after }),
            Some(&Map::from_iter([("accounts".to_owned(), json!(before))])),
        )?;
        tx.prepare_cached("UPDATE workshop SET accounts = ?1, updated_at = ?2")?
            .execute(params![after, hlc.as_i64()])?;
    }
    get(tx)
}

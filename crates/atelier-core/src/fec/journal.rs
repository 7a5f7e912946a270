//! The entries of a period, day by day: each issued invoice and credit note
//! in the sales journal, then each payment, reversal and deposit in the
//! cash or bank journal of its method, each entry balanced and numbered in
//! turn.

use std::collections::HashMap;
use std::io::Write;

use atelier_domain::VatRate;
use rusqlite::Connection;

use super::accounts::{Accounts, vat_label};
use super::format::{Zones, push_line};
use super::{FecError, Separator};
use crate::{Error, Result};

/// The sales journal.
pub(super) const SALES: (&str, &str) = ("VE", "Journal des ventes");
/// The cash journal (payments in cash).
pub(super) const CASH: (&str, &str) = ("CA", "Journal de caisse");
/// The bank journal (card, cheque, transfer).
pub(super) const BANK: (&str, &str) = ("BQ", "Journal de banque");
/// The purchases journal (suppliers' invoices).
pub(super) const PURCHASES: (&str, &str) = ("HA", "Journal des achats");

/// Suppliers (401), the collective account of the purchases journal; each
/// supplier is an auxiliary account under it. Purchases (607, goods bought
/// for resale: the parts) and deductible VAT on goods and services (44566).
/// Fixed for now: the accounts form does not offer them yet.
const SUPPLIERS: (&str, &str) = ("401", "Fournisseurs");
const GOODS: (&str, &str) = ("607", "Achats de marchandises");
const DEDUCTIBLE_VAT: (&str, &str) = ("44566", "TVA déductible sur autres biens et services");

/// What the export wrote.
#[derive(Default)]
pub(super) struct Totals {
    pub entries: u64,
    pub lines: u64,
    pub debit: i64,
    pub credit: i64,
}

/// An issued document as the sales journal needs it.
struct Document {
    id: String,
    credit_note: bool,
    number: String,
    day: String,
    customer: String,
    deposit: i64,
    credited: Option<String>,
    figures: Option<[i64; 5]>,
}

/// A payment, a reversal or a deposit.
struct Payment {
    method: String,
    amount: i64,
    day: String,
    deposit: bool,
    reversal: bool,
    customer: String,
    piece: String,
}

/// A supplier's invoice or credit note received (not rejected).
struct Purchase {
    number: String,
    day: String,
    supplier: Aux,
    credit_note: bool,
    ht: i64,
    vat: i64,
    ttc: i64,
}

/// A supplier's invoice marked paid (a credit note: refunded).
struct SupplierPayment {
    number: String,
    day: String,
    supplier: Aux,
    method: String,
    amount: i64,
}

/// A customer's auxiliary account: number and name.
struct Aux {
    num: String,
    name: String,
}

/// The auxiliary account number of a customer: `C` and the last sixteen
/// hexadecimal digits of their id (the random part of a UUIDv7, 62 bits),
/// the same on every station, unique in practice, and short enough (17
/// characters) for the accounting programs that import a FEC.
pub(super) fn aux_number(customer_id: &str) -> String {
    let hex: String = customer_id
        .chars()
        .filter(char::is_ascii_hexdigit)
        .collect();
    let tail = hex.get(hex.len().saturating_sub(16)..).unwrap_or(&hex);
    format!("C{}", tail.to_ascii_uppercase())
}

const NAME: &str = "CASE c.kind WHEN 'company' THEN c.company_name
     ELSE TRIM(COALESCE(c.first_name, c.civility, '') || ' ' || COALESCE(c.last_name, '')) END";

fn documents(conn: &Connection, from: &str, to: &str) -> Result<Vec<Document>> {
    let mut stmt = conn.prepare(
        "SELECT i.id, i.kind, i.number, i.issued_on, i.customer_id, COALESCE(i.deposit_cents, 0),
                ci.number, f.gross_cents, f.labour_cents, f.parts_cents, f.other_cents,
                f.tax_cents
           FROM invoices i
           LEFT JOIN invoices ci ON ci.id = i.credited_invoice_id
           LEFT JOIN invoice_figures f ON f.invoice_id = i.id
          WHERE i.status = 'issued' AND i.issued_on BETWEEN ?1 AND ?2
          ORDER BY i.issued_on, i.kind DESC, i.series, i.seq",
    )?;
    let rows = stmt.query_map([from, to], |r| {
        let gross: Option<i64> = r.get(7)?;
        Ok(Document {
            id: r.get(0)?,
            credit_note: r.get_ref(1)?.as_str().is_ok_and(|k| k == "credit_note"),
            number: r.get(2)?,
            day: r.get(3)?,
            customer: r.get(4)?,
            deposit: r.get(5)?,
            credited: r.get(6)?,
            figures: match gross {
                Some(g) => Some([g, r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?]),
                None => None,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The suppliers' invoices of the period, by the day they were issued,
/// except those the workshop rejected.
fn purchases(conn: &Connection, from: &str, to: &str) -> Result<Vec<Purchase>> {
    let mut stmt = conn.prepare(
        "SELECT i.number, i.issue_date, i.supplier_id, s.name, i.type_code, i.total_ht_cents,
                i.total_vat_cents, i.total_ttc_cents
           FROM supplier_invoices i JOIN suppliers s ON s.id = i.supplier_id
          WHERE i.status <> 'rejected' AND i.deleted_at IS NULL
            AND i.issue_date BETWEEN ?1 AND ?2
          ORDER BY i.issue_date, i.imported_at, i.id",
    )?;
    let rows = stmt.query_map([from, to], |r| {
        let supplier: String = r.get(2)?;
        let mut num = aux_number(&supplier);
        num.replace_range(..1, "F");
        Ok(Purchase {
            number: r.get(0)?,
            day: r.get(1)?,
            supplier: Aux {
                num,
                name: r.get(3)?,
            },
            credit_note: r.get_ref(4)?.as_str().is_ok_and(|t| t == "381"),
            ht: r.get(5)?,
            vat: r.get(6)?,
            ttc: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The suppliers' invoices paid in the period, by the day they were paid.
fn supplier_payments(conn: &Connection, from: &str, to: &str) -> Result<Vec<SupplierPayment>> {
    let mut stmt = conn.prepare(
        "SELECT i.number, i.paid_on, i.supplier_id, s.name, i.payment_method, i.type_code,
                i.due_cents
           FROM supplier_invoices i JOIN suppliers s ON s.id = i.supplier_id
          WHERE i.status <> 'rejected' AND i.deleted_at IS NULL
            AND i.paid_on BETWEEN ?1 AND ?2
          ORDER BY i.paid_on, i.issue_date, i.id",
    )?;
    let rows = stmt.query_map([from, to], |r| {
        let supplier: String = r.get(2)?;
        let mut num = aux_number(&supplier);
        num.replace_range(..1, "F");
        let credit_note = r.get_ref(5)?.as_str().is_ok_and(|t| t == "381");
        let due: i64 = r.get(6)?;
        Ok(SupplierPayment {
            number: r.get(0)?,
            day: r.get(1)?,
            supplier: Aux {
                num,
                name: r.get(3)?,
            },
            method: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            amount: if credit_note { -due } else { due },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn payments(conn: &Connection, from: &str, to: &str) -> Result<Vec<Payment>> {
    let mut stmt = conn.prepare(
        "SELECT p.method, p.amount_cents, p.paid_on, p.invoice_id IS NULL, p.reverses_id IS NOT NULL,
                p.customer_id, COALESCE(i.number, o.order_number, o.estimate_number, p.id)
           FROM payments p
           LEFT JOIN invoices i ON i.id = p.invoice_id
           LEFT JOIN orders o ON o.id = p.order_id
          WHERE p.paid_on BETWEEN ?1 AND ?2
          ORDER BY p.paid_on, p.created_at, p.id",
    )?;
    let rows = stmt.query_map([from, to], |r| {
        Ok(Payment {
            method: r.get(0)?,
            amount: r.get(1)?,
            day: r.get(2)?,
            deposit: r.get(3)?,
            reversal: r.get(4)?,
            customer: r.get(5)?,
            piece: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The auxiliary accounts of every customer the period names.
fn customers(conn: &Connection, from: &str, to: &str) -> Result<HashMap<String, Aux>> {
    let sql = format!(
        "SELECT c.id, {NAME} FROM customers c
          WHERE c.id IN (SELECT customer_id FROM invoices
                          WHERE status = 'issued' AND issued_on BETWEEN ?1 AND ?2
                         UNION SELECT customer_id FROM payments WHERE paid_on BETWEEN ?1 AND ?2)"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([from, to], |r| {
        let id: String = r.get(0)?;
        let name: Option<String> = r.get(1)?;
        Ok((
            id.clone(),
            Aux {
                num: aux_number(&id),
                name: name.unwrap_or_default(),
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Output VAT per document of the period: (rate, tax) pairs, signed.
fn vat(conn: &Connection, from: &str, to: &str) -> Result<HashMap<String, Vec<(VatRate, i64)>>> {
    let mut stmt = conn.prepare(
        "SELECT invoice_id, vat_bp, tax_cents FROM invoice_vat_figures
          WHERE issued_on BETWEEN ?1 AND ?2 ORDER BY invoice_id, vat_bp DESC",
    )?;
    let mut out: HashMap<String, Vec<(VatRate, i64)>> = HashMap::new();
    let mut rows = stmt.query([from, to])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().push((
            VatRate::new(r.get(1)?).map_err(|_| Error::Corrupt("invoice_vat_figures.vat_bp"))?,
            r.get(2)?,
        ));
    }
    Ok(out)
}

/// One line before it is written: account, its name, the customer's
/// auxiliary account if any, and a signed amount on its natural side.
struct Line<'a> {
    account: &'a str,
    label: String,
    aux: Option<&'a Aux>,
    /// Debit when positive, credit when negative.
    amount: i64,
}

/// The writer of the entries: numbers them, checks each balances, counts.
pub(super) struct Journal<'a, W: Write> {
    pub out: W,
    pub separator: Separator,
    pub accounts: &'a Accounts,
    pub totals: Totals,
    buf: Vec<u8>,
}

impl<'a, W: Write> Journal<'a, W> {
    pub fn new(out: W, separator: Separator, accounts: &'a Accounts) -> Self {
        Journal {
            out,
            separator,
            accounts,
            totals: Totals::default(),
            buf: Vec::with_capacity(4096),
        }
    }

    /// Writes one entry: its lines with a non-zero amount, refused unless
    /// they balance. An entry whose every amount is zero writes nothing.
    fn entry(
        &mut self,
        journal: (&str, &str),
        day: &str,
        piece: &str,
        label: &str,
        lines: &[Line<'_>],
    ) -> Result<()> {
        let sum: i64 = lines.iter().map(|l| l.amount).sum();
        if sum != 0 {
            return Err(FecError::Unbalanced {
                piece: piece.to_owned(),
            }
            .into());
        }
        if lines.iter().all(|l| l.amount == 0) {
            return Ok(());
        }
        self.totals.entries += 1;
        self.buf.clear();
        for line in lines.iter().filter(|l| l.amount != 0) {
            let (debit, credit) = if line.amount > 0 {
                (line.amount, 0)
            } else {
                (0, -line.amount)
            };
            push_line(
                &mut self.buf,
                &Zones {
                    journal: journal.0,
                    journal_lib: journal.1,
                    num: self.totals.entries,
                    date: day,
                    account: line.account,
                    account_lib: &line.label,
                    aux: line.aux.map(|a| (a.num.as_str(), a.name.as_str())),
                    piece_ref: piece,
                    piece_date: day,
                    label,
                    debit,
                    credit,
                },
                self.separator,
            );
            self.totals.lines += 1;
            self.totals.debit += debit;
            self.totals.credit += credit;
        }
        self.out.write_all(&self.buf).map_err(|e| Error::Export {
            path: "FEC".into(),
            source: e,
        })
    }

    /// The sales entry of an invoice or a credit note: the customer's
    /// account debited with the TTC (credited for a credit note), each
    /// revenue account and each rate's output VAT credited (debited); the
    /// deposits an invoice deducts move from the deposits account to the
    /// customer's.
    fn document(&mut self, doc: &Document, aux: &Aux, vat: &[(VatRate, i64)]) -> Result<()> {
        let a = self.accounts;
        let [gross, labour, parts, other, tax] =
            doc.figures.ok_or_else(|| FecError::Unbalanced {
                piece: doc.number.clone(),
            })?;
        let label = match (&doc.credited, doc.credit_note) {
            (Some(of), true) => format!("Avoir {} sur {of} {}", doc.number, aux.name),
            _ => format!("Facture {} {}", doc.number, aux.name),
        };
        let vat_total: i64 = vat.iter().map(|(_, t)| t).sum();
        if vat_total != tax {
            return Err(FecError::Unbalanced {
                piece: doc.number.clone(),
            }
            .into());
        }
        let vat_accounts: Vec<(String, String, i64)> = vat
            .iter()
            .map(|(rate, t)| (a.vat_account(*rate), vat_label(*rate), *t))
            .collect();
        let mut lines = vec![
            Line {
                account: &a.customers,
                label: Accounts::label("customers").to_owned(),
                aux: Some(aux),
                amount: gross,
            },
            Line {
                account: &a.labour,
                label: Accounts::label("labour").to_owned(),
                aux: None,
                amount: -labour,
            },
            Line {
                account: &a.parts,
                label: Accounts::label("parts").to_owned(),
                aux: None,
                amount: -parts,
            },
            Line {
                account: &a.other,
                label: Accounts::label("other").to_owned(),
                aux: None,
                amount: -other,
            },
        ];
        for (account, name, t) in &vat_accounts {
            lines.push(Line {
                account,
                label: name.clone(),
                aux: None,
                amount: -t,
            });
        }
        if doc.deposit != 0 && !doc.credit_note {
            lines.push(Line {
                account: &a.deposits,
                label: Accounts::label("deposits").to_owned(),
                aux: Some(aux),
                amount: doc.deposit,
            });
            lines.push(Line {
                account: &a.customers,
                label: Accounts::label("customers").to_owned(),
                aux: Some(aux),
                amount: -doc.deposit,
            });
        }
        self.entry(SALES, &doc.day, &doc.number, &label, &lines)
    }

    /// The purchases entry of a supplier's invoice: purchases (607) and
    /// deductible VAT (44566) debited with its HT and VAT, the supplier
    /// (401 + auxiliary) credited with its TTC; a credit note the other way
    /// round.
    fn purchase(&mut self, p: &Purchase) -> Result<()> {
        let sign = if p.credit_note { -1 } else { 1 };
        let what = if p.credit_note {
            "Avoir fournisseur"
        } else {
            "Facture fournisseur"
        };
        let label = format!("{what} {} {}", p.number, p.supplier.name);
        let lines = [
            Line {
                account: GOODS.0,
                label: GOODS.1.to_owned(),
                aux: None,
                amount: sign * p.ht,
            },
            Line {
                account: DEDUCTIBLE_VAT.0,
                label: DEDUCTIBLE_VAT.1.to_owned(),
                aux: None,
                amount: sign * p.vat,
            },
            Line {
                account: SUPPLIERS.0,
                label: SUPPLIERS.1.to_owned(),
                aux: Some(&p.supplier),
                amount: -sign * p.ttc,
            },
        ];
        self.entry(PURCHASES, &p.day, &p.number, &label, &lines)
    }

    /// The treasury entry of a supplier's invoice paid: the supplier (401 +
    /// auxiliary) debited, cash (530) or the bank (512, every other method)
    /// credited; a credit note refunded the other way round.
    fn supplier_payment(&mut self, p: &SupplierPayment) -> Result<()> {
        let a = self.accounts;
        let (journal, account, key) = match p.method.as_str() {
            "cash" => (CASH, &a.cash, "cash"),
            _ => (BANK, &a.transfer, "transfer"),
        };
        let label = format!("Règlement fournisseur {} {}", p.number, p.supplier.name);
        let lines = [
            Line {
                account: SUPPLIERS.0,
                label: SUPPLIERS.1.to_owned(),
                aux: Some(&p.supplier),
                amount: p.amount,
            },
            Line {
                account,
                label: Accounts::label(key).to_owned(),
                aux: None,
                amount: -p.amount,
            },
        ];
        self.entry(journal, &p.day, &p.number, &label, &lines)
    }

    /// The treasury entry of a payment: the method's account debited, the
    /// customer's account credited (the deposits account for a deposit); a
    /// reversal, negative, the other way round.
    fn payment(&mut self, p: &Payment, aux: &Aux) -> Result<()> {
        let a = self.accounts;
        let (journal, account, key, how) = match p.method.as_str() {
            "cash" => (CASH, &a.cash, "cash", "espèces"),
            "card" => (BANK, &a.card, "card", "carte bancaire"),
            "cheque" => (BANK, &a.cheque, "cheque", "chèque"),
            "transfer" => (BANK, &a.transfer, "transfer", "virement"),
            _ => return Err(Error::Corrupt("payments.method")),
        };
        let what = match (p.deposit, p.reversal) {
            (false, false) => "Règlement",
            (false, true) => "Annulation règlement",
            (true, false) => "Acompte",
            (true, true) => "Annulation acompte",
        };
        let (against, against_key) = if p.deposit {
            (&a.deposits, "deposits")
        } else {
            (&a.customers, "customers")
        };
        let label = format!("{what} {how} {} {}", p.piece, aux.name);
        let lines = [
            Line {
                account,
                label: Accounts::label(key).to_owned(),
                aux: None,
                amount: p.amount,
            },
            Line {
                account: against,
                label: Accounts::label(against_key).to_owned(),
                aux: Some(aux),
                amount: -p.amount,
            },
        ];
        self.entry(journal, &p.day, &p.piece, &label, &lines)
    }

    /// Every entry of `from`..=`to`, day by day: the day's documents in
    /// number order, then the suppliers' invoices it received, then its
    /// payments in the order they were taken, then what it paid suppliers.
    pub fn period(&mut self, conn: &Connection, from: &str, to: &str) -> Result<()> {
        let documents = documents(conn, from, to)?;
        let purchases = purchases(conn, from, to)?;
        let payments = payments(conn, from, to)?;
        let paid = supplier_payments(conn, from, to)?;
        let customers = customers(conn, from, to)?;
        let vat = vat(conn, from, to)?;
        let unknown = Aux {
            num: "C0".into(),
            name: String::new(),
        };
        let aux = |id: &str| customers.get(id).unwrap_or(&unknown);
        let mut docs = documents.iter().peekable();
        let mut buys = purchases.iter().peekable();
        let mut pays = payments.iter().peekable();
        let mut outs = paid.iter().peekable();
        loop {
            // The earliest day next; on one day, sales, purchases, takings,
            // then payments to suppliers.
            let days = [
                docs.peek().map(|d| d.day.as_str()),
                buys.peek().map(|p| p.day.as_str()),
                pays.peek().map(|p| p.day.as_str()),
                outs.peek().map(|p| p.day.as_str()),
            ];
            let Some(first) = days.iter().flatten().min().copied() else {
                break;
            };
            if days[0] == Some(first)
                && let Some(d) = docs.next()
            {
                let rates = vat.get(&d.id).map_or(&[][..], Vec::as_slice);
                self.document(d, aux(&d.customer), rates)?;
            } else if days[1] == Some(first)
                && let Some(p) = buys.next()
            {
                self.purchase(p)?;
            } else if days[2] == Some(first)
                && let Some(p) = pays.next()
            {
                self.payment(p, aux(&p.customer))?;
            } else if let Some(p) = outs.next() {
                self.supplier_payment(p)?;
            }
        }
        Ok(())
    }
}

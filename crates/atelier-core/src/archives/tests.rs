//! A station's March archived after its closure: read back intact, then
//! changed in every way a person with the file could change it; written to
//! a folder that refuses it; interrupted; kept through backup rotation.

use std::io::{Read, Write};
use std::path::Path;

use atelier_domain::{Locale, Money};
use ed25519_dalek::SigningKey;

use super::manifest::{INVOICES, MANIFEST, Manifest, SIGNATURE};
use super::*;
use crate::Db;
use crate::access::{Actor, Role, Roles};
use crate::customers::{self, CustomerInput};
use crate::db::test_db;
use crate::invoices::{self, CreditNoteInput, DraftInput, Invoice, PaymentInput};
use crate::orders::LineInput;
use crate::workshop::{self, StationInput, WorkshopInput};

const FR: Locale = Locale::Fr;
const DAY: u64 = 86_400_000;
/// 2026-03-02T09:00:00Z.
const MARCH_2: u64 = 1_772_442_000_000;
/// 2026-04-02T09:00:00Z, when March is archived.
const APRIL_2: u64 = MARCH_2 + 31 * DAY;

fn key() -> SigningKey {
    SigningKey::from_bytes(&[7; 32])
}

struct Station {
    db: Db,
    desk: Actor,
    customer: String,
    dir: tempfile::TempDir,
    /// March's documents: three invoices, then a credit note of the second.
    march: Vec<Invoice>,
}

fn station() -> Station {
    let mut db = test_db();
    let garage = WorkshopInput {
        name: Some("Garage des Tilleuls".into()),
        siret: Some("73282932000074".into()),
        vat_number: Some("FR44732829320".into()),
        ..WorkshopInput::default()
    };
    db.write(|tx| {
        workshop::save(tx, MARCH_2, &garage, FR)?;
        workshop::save_station(
            tx,
            &StationInput {
                series_prefix: Some("S1A".into()),
                idle_minutes: None,
            },
        )
    })
    .unwrap();
    let customer = db
        .write(|tx| {
            customers::create(
                tx,
                MARCH_2,
                &CustomerInput {
                    first_name: Some("Hélène".into()),
                    last_name: Some("Lefèvre".into()),
                    ..CustomerInput::default()
                },
            )
        })
        .unwrap()
        .id
        .to_string();
    let mut s = Station {
        db,
        desk: Actor {
            user: None,
            name: "Léa".into(),
            roles: Roles::of(&[Role::FrontDesk]),
        },
        customer,
        dir: tempfile::tempdir().unwrap(),
        march: Vec::new(),
    };
    s.sale(MARCH_2 - 5 * DAY); // 25 February: not March's
    for day in [0, 3, 10] {
        let inv = s.sale(MARCH_2 + day * DAY);
        s.march.push(inv);
    }
    let paid = s.march[0].summary.id;
    let payment = s.pay(paid, MARCH_2).payment.id;
    let desk = s.desk.clone();
    s.db.write(|tx| {
        invoices::payments::reverse_payment(tx, MARCH_2 + DAY, &desk, payment, Some("erreur"))
    })
    .unwrap();
    let credited = s.march[1].summary.id;
    let note =
        s.db.write(|tx| {
            invoices::credit_note(
                tx,
                MARCH_2 + 20 * DAY,
                &desk,
                &CreditNoteInput {
                    invoice_id: Some(credited.to_string()),
                    reason: Some("Geste commercial".into()),
                    lines: Vec::new(),
                },
                FR,
            )
        })
        .unwrap();
    // Its PDF is left unstored, as after a stop between issuing and storing.
    s.march.push(note);
    s.sale(APRIL_2 - DAY); // 1 April: not March's
    s.closures_and_journal();
    s
}

impl Station {
    /// A counter sale issued on the day of `now`, its PDF stored.
    fn sale(&mut self, now: u64) -> Invoice {
        let desk = self.desk.clone();
        let input = DraftInput {
            customer_id: Some(self.customer.clone()),
            lines: vec![LineInput {
                kind: Some("part".into()),
                description: Some("Huile 5W-30 (l)".into()),
                quantity: Some("4".into()),
                unit_price: Some("13,90".into()),
                origin: Some("new_aftermarket".into()),
                ..LineInput::default()
            }],
            notes: None,
        };
        let draft = self
            .db
            .write(|tx| invoices::draft_counter_sale(tx, now, &desk, &input, FR))
            .unwrap();
        let id = draft.summary.id;
        let inv = self
            .db
            .write(|tx| invoices::issue(tx, now, &desk, id))
            .unwrap();
        self.db
            .write(|tx| invoices::store_pdf(tx, now, id))
            .unwrap();
        inv
    }

    fn pay(&mut self, id: atelier_domain::InvoiceId, now: u64) -> invoices::payments::Receipt {
        let desk = self.desk.clone();
        let input = PaymentInput {
            method: Some("card".into()),
            amount: Some("20".into()),
            paid_on: None,
            reference: None,
        };
        self.db
            .write(|tx| invoices::payments::record_payment(tx, now, &desk, id, &input, FR))
            .unwrap()
    }

    /// Two days of March closed, then March; and the journal around them
    /// (one entry of April). Written as the closure and journal code would,
    /// chained by made-up hashes.
    fn closures_and_journal(&mut self) {
        use crate::till::closures::{Closure, Kind as ClosureKind, Totals};
        self.db
            .write(|tx| {
                let device = crate::device::device_id(tx)?.to_string();
                let mut prev = crate::till::closures::GENESIS.to_owned();
                for (seq, kind, start, end) in [
                    (1, ClosureKind::Day, "2026-03-02", "2026-03-02"),
                    (2, ClosureKind::Day, "2026-03-05", "2026-03-05"),
                    (3, ClosureKind::Month, "2026-03-01", "2026-03-31"),
                ] {
                    let mut c = Closure {
                        id: closure_id(seq),
                        device_id: device.clone(),
                        station: "S1A".into(),
                        kind,
                        period_start: start.into(),
                        period_end: end.into(),
                        seq,
                        site_id: "site".into(),
                        closed_at: 0,
                        user_name: "Léa".into(),
                        totals: Totals::default(),
                        period_total: Money::ZERO,
                        perpetual_total: Money::ZERO,
                        perpetual_abs: Money::ZERO,
                        prev_hash: prev.clone(),
                        hash: String::new(),
                        totals_text: "{}".into(),
                    };
                    c.hash = c.computed_hash();
                    tx.execute(
                        "INSERT INTO closures (id, device_id, station, kind, period_start, period_end, seq,
                            site_id, closed_at, user_name, totals, period_total_cents,
                            perpetual_total_cents, perpetual_abs_cents, prev_hash, hash, created_at)
                         VALUES (?1, ?8, 'S1A', ?2, ?3, ?4, ?5, 'site', 0, 'Léa', '{}', 0, 0, 0, ?6, ?7, 0)",
                        rusqlite::params![c.id.to_string(), kind.as_str(), start, end, seq, c.prev_hash, c.hash, device],
                    )?;
                    prev = c.hash;
                }
                let mut prev = crate::journal::GENESIS.to_owned();
                for (seq, at) in [
                    (1, MARCH_2),
                    (2, MARCH_2 + DAY),
                    (3, MARCH_2 + 29 * DAY),
                    (4, APRIL_2),
                ] {
                    let mut e = crate::journal::Entry {
                        seq,
                        at_ms: at,
                        station: "S1A".into(),
                        user_id: None,
                        user_name: None,
                        code: crate::journal::Code::Start,
                        text: "Démarrage".into(),
                        prev_hash: prev.clone(),
                        hash: String::new(),
                    };
                    e.hash = e.computed_hash();
                    tx.execute(
                        "INSERT INTO journal (seq, at_ms, station, code, text, prev_hash, hash)
                         VALUES (?1, ?2, 'S1A', 'start', 'Démarrage', ?3, ?4)",
                        rusqlite::params![seq, i64::try_from(at).unwrap(), e.prev_hash, e.hash],
                    )?;
                    prev = e.hash;
                }
                Ok(())
            })
            .unwrap();
    }

    fn march(&self) -> Period {
        Period::month("S1A", "2026-03").unwrap()
    }

    fn make(&mut self) -> Made {
        let period = self.march();
        let dir = self.dir.path().to_path_buf();
        make(&mut self.db, &period, &key(), &dir, APRIL_2).unwrap()
    }

    fn rows(&self) -> i64 {
        self.db
            .conn()
            .query_row("SELECT COUNT(*) FROM archives", [], |r| r.get(0))
            .unwrap()
    }
}

/// Every entry of a zip, in order.
fn entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut e = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            e.read_to_end(&mut bytes).unwrap();
            (e.name().to_owned(), bytes)
        })
        .collect()
}

/// Writes `entries` as the zip at `path`, as someone with a zip tool would.
fn rewrite(path: &Path, entries: &[(String, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in entries {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

fn tamper(path: &Path, change: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) {
    let mut all = entries(path);
    change(&mut all);
    rewrite(path, &all);
}

/// The id of the made-up closure `seq` of [`Station::closures_and_journal`].
fn closure_id(seq: i64) -> atelier_domain::ClosureId {
    atelier_domain::ClosureId::from_uuid(uuid::Uuid::from_u128(seq.unsigned_abs().into()))
}

fn member<'a>(all: &'a mut [(String, Vec<u8>)], name: &str) -> &'a mut Vec<u8> {
    &mut all.iter_mut().find(|(n, _)| n == name).unwrap().1
}

#[test]
fn marchs_archive_holds_marchs_documents_payments_closures_and_journal_and_verifies_intact() {
    let mut s = station();
    let made = s.make();
    assert_eq!(
        made.path.file_name().unwrap(),
        "atelier-archive-S1A-month-2026-03.zip"
    );
    assert!(made.path.starts_with(s.dir.path()));
    assert_eq!(made.closure_id, Some(closure_id(3)));
    let c = &made.counts;
    assert_eq!(
        (
            c.invoices,
            c.credit_notes,
            c.pdfs,
            c.payments,
            c.closures,
            c.journal
        ),
        (3, 1, 4, 2, 3, 3),
        "March only: 3 invoices and the credit note (its PDF stored by the archive), \
         the payment and its reversal, 3 closures, 3 journal entries"
    );
    let names: Vec<String> = entries(&made.path).into_iter().map(|(n, _)| n).collect();
    let mut expected = vec![
        "FORMAT.txt",
        "manifest.json",
        "manifest.sig",
        "invoices.json",
        "payments.csv",
        "closures.json",
        "journal.json",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect::<Vec<_>>();
    let mut pdfs: Vec<String> = s
        .march
        .iter()
        .map(|i| format!("pdfs/{}.pdf", i.summary.number.as_deref().unwrap()))
        .collect();
    pdfs.sort(); // series order: A-… (credit notes) before F-…
    expected.extend(pdfs);
    assert_eq!(names, expected);

    let report = verify(&made.path, Some(s.db.conn())).unwrap();
    assert!(report.is_intact(), "{:?}", report.findings);
    assert!(report.signature_valid);
    assert_eq!(report.key_known, Some(true), "make registered the key");
    assert_eq!(report.invoices, 4);
    assert_eq!(report.members, 9, "all but the manifest and its signature");
    let m = report.manifest.unwrap();
    assert_eq!(
        (
            m.station.as_str(),
            m.kind.as_str(),
            m.period_start.as_str(),
            m.period_end.as_str()
        ),
        ("S1A", "month", "2026-03-01", "2026-03-31")
    );
    assert_eq!(m.public_key, hex(key().verifying_key().as_bytes()));
    let month_hash: String =
        s.db.conn()
            .query_row("SELECT hash FROM closures WHERE kind = 'month'", [], |r| {
                r.get(0)
            })
            .unwrap();
    assert_eq!(m.closure.unwrap().hash, month_hash);
    assert_eq!(m.workshop.siret.as_deref(), Some("732 829 320 00074"));

    let csv = String::from_utf8(member(&mut entries(&made.path), "payments.csv").clone()).unwrap();
    assert!(
        csv.starts_with("id,paid_on,station,method,amount_cents,"),
        "{csv}"
    );
    assert!(csv.contains(",-2000,"), "the reversal is archived: {csv}");

    let listed = list(s.db.conn()).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].state, FileState::Intact);
    assert_eq!(listed[0].sha256, made.sha256);
    assert!(due(s.db.conn()).unwrap().is_empty(), "March is archived");
}

#[test]
fn a_changed_byte_of_a_pdf_is_named_with_its_member_and_its_invoice() {
    let mut s = station();
    let made = s.make();
    let number = s.march[0].summary.number.clone().unwrap();
    let pdf = format!("pdfs/{number}.pdf");
    tamper(&made.path, |all| {
        let bytes = member(all, &pdf);
        let mid = bytes.len() / 2;
        bytes[mid] ^= 1;
    });
    let report = verify(&made.path, Some(s.db.conn())).unwrap();
    assert_eq!(
        report.findings,
        [
            Finding::MemberAltered { name: pdf },
            Finding::PdfAltered { number }
        ]
    );
    assert!(report.signature_valid, "the manifest itself is untouched");
    assert_eq!(list(s.db.conn()).unwrap()[0].state, FileState::Changed);
}

#[test]
fn an_amount_changed_in_invoices_json_is_named_with_the_invoice_number() {
    let mut s = station();
    let made = s.make();
    let number = s.march[2].summary.number.clone().unwrap();
    tamper(&made.path, |all| {
        let bytes = member(all, INVOICES);
        let mut invoices: Vec<manifest::InvoiceRecord> = serde_json::from_slice(bytes).unwrap();
        let inv = invoices.iter_mut().find(|i| i.number == number).unwrap();
        inv.gross = Money::from_cents(inv.gross.cents() - 1000);
        *bytes = serde_json::to_vec_pretty(&invoices).unwrap();
    });
    let report = verify(&made.path, Some(s.db.conn())).unwrap();
    assert_eq!(
        report.findings,
        [
            Finding::MemberAltered {
                name: INVOICES.to_owned()
            },
            Finding::InvoiceAltered {
                number: number.clone()
            }
        ]
    );
    let words = verify_in(&made.path, None, FR).unwrap();
    assert!(!words.intact);
    assert_eq!(
        words.messages,
        [
            "invoices.json : modifié depuis la signature.".to_owned(),
            format!("{number} : modifiée après émission.")
        ]
    );
}

#[test]
fn a_changed_manifest_no_longer_matches_its_signature() {
    let mut s = station();
    let made = s.make();
    tamper(&made.path, |all| {
        let bytes = member(all, MANIFEST);
        let text = String::from_utf8(bytes.clone()).unwrap();
        *bytes = text.replace("2026-03-31", "2026-03-30").into_bytes();
    });
    let report = verify(&made.path, Some(s.db.conn())).unwrap();
    assert_eq!(report.findings, [Finding::BadSignature]);
    assert!(!report.signature_valid);
}

#[test]
fn a_removed_member_and_an_added_one_are_named() {
    let mut s = station();
    let made = s.make();
    let number = s.march[1].summary.number.clone().unwrap();
    let pdf = format!("pdfs/{number}.pdf");
    tamper(&made.path, |all| {
        all.retain(|(n, _)| *n != pdf);
        all.push((
            "pdfs/F-S1A-2026-999999.pdf".to_owned(),
            b"%PDF-1.4".to_vec(),
        ));
    });
    let report = verify(&made.path, Some(s.db.conn())).unwrap();
    assert_eq!(
        report.findings,
        [
            Finding::MemberMissing { name: pdf },
            Finding::MemberAdded {
                name: "pdfs/F-S1A-2026-999999.pdf".to_owned()
            },
            Finding::PdfAltered { number },
        ]
    );
}

#[test]
fn an_archive_changed_and_re_signed_with_another_key_is_not_this_stations() {
    let mut s = station();
    let made = s.make();
    let forger = SigningKey::from_bytes(&[9; 32]);
    let number = s.march[0].summary.number.clone().unwrap();
    let changed = number.clone();
    tamper(&made.path, |all| {
        // The invoice's total lowered, and the manifest made to agree with
        // the new bytes, signed by the forger, carrying the forger's key.
        let bytes = member(all, INVOICES);
        let mut invoices: Vec<manifest::InvoiceRecord> = serde_json::from_slice(bytes).unwrap();
        let inv = invoices.iter_mut().find(|i| i.number == changed).unwrap();
        inv.gross = Money::from_cents(1);
        *bytes = serde_json::to_vec_pretty(&invoices).unwrap();
        let new_invoices = bytes.clone();
        let m = member(all, MANIFEST);
        let mut manifest: Manifest = serde_json::from_slice(m).unwrap();
        let entry = manifest
            .members
            .iter_mut()
            .find(|x| x.name == INVOICES)
            .unwrap();
        entry.sha256 = hex(&Sha256::digest(&new_invoices));
        entry.bytes = new_invoices.len() as u64;
        manifest.public_key = hex(forger.verifying_key().as_bytes());
        *m = serde_json::to_vec_pretty(&manifest).unwrap();
        let signature = hex(&forger.sign(m).to_bytes()).into_bytes();
        *member(all, SIGNATURE) = signature;
    });
    let report = verify(&made.path, Some(s.db.conn())).unwrap();
    assert!(
        report.signature_valid,
        "the forger's own signature verifies"
    );
    assert_eq!(report.key_known, Some(false));
    assert_eq!(
        report.findings,
        [
            Finding::UnknownKey {
                public_key: hex(forger.verifying_key().as_bytes())
            },
            Finding::InvoiceAltered { number }
        ],
        "the key is not the station's, and the invoice's hash gives it away"
    );
    let alone = verify(&made.path, None).unwrap();
    assert_eq!(
        alone.key_known, None,
        "without the database the key is not judged"
    );
}

#[test]
fn a_folder_that_refuses_the_archive_gives_the_clear_error_and_leaves_no_file_and_no_row() {
    use std::os::unix::fs::PermissionsExt;
    let mut s = station();
    let period = s.march();
    let read_only = s.dir.path().join("lecture-seule");
    std::fs::create_dir(&read_only).unwrap();
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root writes anywhere: there, a folder under a file stands for a
    // folder that refuses.
    let root = std::fs::write(read_only.join("probe"), b"").is_ok();
    let target = if root {
        std::fs::remove_file(read_only.join("probe")).unwrap();
        std::fs::write(s.dir.path().join("fichier"), b"").unwrap();
        s.dir.path().join("fichier").join("archives")
    } else {
        read_only.clone()
    };
    let err = make(&mut s.db, &period, &key(), &target, APRIL_2).unwrap_err();
    assert_eq!(err.code(), "archive_write");
    let message = err.message(FR);
    assert!(
        message.starts_with(&format!(
            "L’archive n’a pas pu être écrite dans {} :",
            target.display()
        )) && message.contains("Rien n’a été enregistré"),
        "{message}"
    );
    if !root {
        assert!(
            message.contains("le dossier est protégé en écriture"),
            "{message}"
        );
        assert_eq!(
            std::fs::read_dir(&read_only).unwrap().count(),
            0,
            "nothing written"
        );
    }
    assert_eq!(s.rows(), 0, "no archive recorded");
    assert_eq!(due(s.db.conn()).unwrap().len(), 1, "March is still due");
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_disk_filling_up_during_the_write_leaves_no_file_under_the_archives_name() {
    let dir = tempfile::tempdir().unwrap();
    let err = file::write_atomically(dir.path(), "atelier-archive-S1A-month-2026-03.zip", |out| {
        out.write_all(&[0; 100_000])?;
        Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
    })
    .unwrap_err();
    assert_eq!(err.code(), "archive_write");
    assert!(
        err.message(FR).contains("le disque est plein"),
        "{}",
        err.message(FR)
    );
    assert!(err.message(Locale::En).contains("the disk is full"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "neither the archive nor its temporary file"
    );
}

#[test]
fn a_kill_during_the_write_leaves_a_temporary_file_that_the_next_archive_removes() {
    let mut s = station();
    let leftover = s
        .dir
        .path()
        .join(".atelier-archive-atelier-archive-S1A-month-2026-03.zip.partial");
    std::fs::write(&leftover, b"PK\x03\x04 cut short").unwrap();
    let made = s.make();
    assert!(!leftover.exists(), "the interrupted write's file is gone");
    let names: Vec<_> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [made.path.file_name().unwrap()]);
    assert!(verify(&made.path, Some(s.db.conn())).unwrap().is_intact());
}

#[test]
fn a_period_is_archived_once_and_only_once_it_is_over() {
    let mut s = station();
    let period = s.march();
    let dir = s.dir.path().to_path_buf();
    let open = make(&mut s.db, &period, &key(), &dir, MARCH_2 + 29 * DAY).unwrap_err();
    assert_eq!(open.code(), "archive_period_open");
    s.make();
    let again = make(&mut s.db, &period, &key(), &dir, APRIL_2).unwrap_err();
    assert_eq!(again.code(), "archive_exists");
    assert!(
        again
            .message(FR)
            .contains("atelier-archive-S1A-month-2026-03.zip")
    );
    assert_eq!(s.rows(), 1);
}

#[test]
fn the_closed_months_without_an_archive_are_due_and_made_after_a_stop() {
    let mut s = station();
    assert_eq!(due(s.db.conn()).unwrap(), [s.march()]);
    let dir = s.dir.path().to_path_buf();
    let made = make_due(&mut s.db, &key(), &dir, APRIL_2).unwrap();
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].period, s.march());
    assert!(due(s.db.conn()).unwrap().is_empty());
    assert!(
        make_due(&mut s.db, &key(), &dir, APRIL_2)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_registry_says_when_an_archive_is_gone() {
    let mut s = station();
    let made = s.make();
    std::fs::remove_file(&made.path).unwrap();
    assert_eq!(list(s.db.conn()).unwrap()[0].state, FileState::Missing);
    let err = verify(&made.path, None).unwrap_err();
    assert_eq!(err.code(), "archive_read");
}

#[test]
fn backup_rotation_never_touches_the_archives_folder() {
    let data = tempfile::tempdir().unwrap();
    let mut db = Db::open_in_dir(data.path()).unwrap();
    db.write(|tx| {
        workshop::save_station(
            tx,
            &StationInput {
                series_prefix: Some("S1A".into()),
                idle_minutes: None,
            },
        )
    })
    .unwrap();
    let backups = backup::folder(db.conn(), data.path()).unwrap();
    let archives = folder(db.conn(), data.path()).unwrap();
    assert_eq!(archives, backups.join("archives"));
    let made = make(
        &mut db,
        &Period::month("S1A", "2026-03").unwrap(),
        &key(),
        &archives,
        APRIL_2,
    )
    .unwrap();
    let source = db.file().unwrap().clone();
    // Forty daily backups: the rotation deletes the oldest ones around it.
    let mut removed = 0;
    for d in 0..40 {
        let taken =
            backup::take(&source, &backups, backup::Reason::Daily, APRIL_2 + d * DAY).unwrap();
        removed += taken.removed.len();
    }
    assert!(removed > 0, "the rotation ran and deleted backups");
    assert_eq!(list(db.conn()).unwrap()[0].state, FileState::Intact);
    assert!(verify(&made.path, Some(db.conn())).unwrap().is_intact());
}

#[test]
fn periods_are_months_or_ranges_of_days() {
    let feb = Period::month("S1A", "2028-02").unwrap();
    assert_eq!(
        (feb.start.as_str(), feb.end.as_str()),
        ("2028-02-01", "2028-02-29")
    );
    let year = Period::year("S1A", "2025-07-01", "2026-12-31").unwrap();
    assert_eq!(
        year.file_name(),
        "atelier-archive-S1A-year-2025-07-01_2026-12-31.zip"
    );
    for bad in ["2026-13", "2026", "mars"] {
        assert_eq!(
            Period::month("S1A", bad).unwrap_err().code(),
            "archive_period"
        );
    }
    assert_eq!(
        Period::year("S1A", "2026-12-31", "2026-01-01")
            .unwrap_err()
            .code(),
        "archive_period"
    );
}

#[test]
fn an_archive_written_but_not_recorded_before_a_stop_is_recorded_as_it_is() {
    let mut first = station();
    let made = first.make();
    // The same station's database without the row (a kill between the
    // rename and the commit, or a restore of an older backup), same folder.
    let mut s = station();
    let target = s.dir.path().join(made.path.file_name().unwrap());
    std::fs::copy(&made.path, &target).unwrap();
    let before = std::fs::read(&target).unwrap();
    let adopted = s.make();
    assert_eq!(std::fs::read(&target).unwrap(), before, "not rewritten");
    assert_eq!(adopted.sha256, made.sha256);
    assert_eq!(adopted.counts, made.counts);
    assert_eq!(s.rows(), 1, "now recorded");
    assert_eq!(list(s.db.conn()).unwrap()[0].state, FileState::Intact);
}

#[test]
fn a_foreign_file_under_the_archives_name_is_left_alone_and_refused() {
    let mut s = station();
    let target = s.dir.path().join(s.march().file_name());
    std::fs::write(&target, b"not an archive").unwrap();
    let period = s.march();
    let dir = s.dir.path().to_path_buf();
    let err = make(&mut s.db, &period, &key(), &dir, APRIL_2).unwrap_err();
    assert_eq!(err.code(), "archive_name_taken");
    assert!(
        err.message(FR).contains("Déplacez-le"),
        "{}",
        err.message(FR)
    );
    assert_eq!(std::fs::read(&target).unwrap(), b"not an archive");
    assert_eq!(s.rows(), 0);
    // Another station's key on a real archive is refused the same way.
    let mut other = station();
    let made = other.make();
    let mut third = station();
    let target = third.dir.path().join(made.path.file_name().unwrap());
    std::fs::copy(&made.path, &target).unwrap();
    let dir = third.dir.path().to_path_buf();
    let forger = SigningKey::from_bytes(&[9; 32]);
    let err = make(&mut third.db, &period, &forger, &dir, APRIL_2).unwrap_err();
    assert_eq!(err.code(), "archive_name_taken");
}

#[test]
fn a_short_first_fiscal_year_is_archived_with_every_document_of_its_days() {
    let mut s = station();
    let year = Period::year("S1A", "2026-02-01", "2026-03-31").unwrap();
    let dir = s.dir.path().to_path_buf();
    let made = make(&mut s.db, &year, &key(), &dir, APRIL_2).unwrap();
    assert_eq!(
        made.path.file_name().unwrap(),
        "atelier-archive-S1A-year-2026-02-01_2026-03-31.zip"
    );
    assert_eq!(
        (made.counts.invoices, made.counts.credit_notes),
        (4, 1),
        "February's sale and March's"
    );
    assert_eq!(made.closure_id, None, "no closure of exactly that year");
    let report = verify(&made.path, Some(s.db.conn())).unwrap();
    assert!(report.is_intact(), "{:?}", report.findings);
    assert_eq!(
        due(s.db.conn()).unwrap(),
        [s.march()],
        "March's own archive is still due"
    );
}

#[test]
fn a_closure_changed_in_the_archive_and_re_signed_with_the_stations_own_key_is_named() {
    let mut s = station();
    let made = s.make();
    tamper(&made.path, |all| {
        // The month's grand total lowered, the manifest made to agree and
        // signed again with the station's own key (someone at the machine).
        let bytes = member(all, "closures.json");
        let mut closures: Vec<manifest::ClosureRecord> = serde_json::from_slice(bytes).unwrap();
        let month = closures.iter_mut().find(|c| c.kind == "month").unwrap();
        month.period_total = Money::from_cents(month.period_total.cents() - 100);
        *bytes = serde_json::to_vec_pretty(&closures).unwrap();
        let new_closures = bytes.clone();
        let m = member(all, MANIFEST);
        let mut manifest: Manifest = serde_json::from_slice(m).unwrap();
        let entry = manifest
            .members
            .iter_mut()
            .find(|x| x.name == "closures.json")
            .unwrap();
        entry.sha256 = hex(&Sha256::digest(&new_closures));
        entry.bytes = new_closures.len() as u64;
        *m = serde_json::to_vec_pretty(&manifest).unwrap();
        let signature = hex(&key().sign(m).to_bytes()).into_bytes();
        *member(all, SIGNATURE) = signature;
    });
    let report = verify(&made.path, Some(s.db.conn())).unwrap();
    assert!(report.signature_valid);
    assert_eq!(report.key_known, Some(true));
    assert_eq!(report.findings, [Finding::ClosureAltered { seq: 3 }]);
    assert!(
        report.findings[0]
            .message(FR)
            .contains("Clôture n° 3 : modifiée après coup")
    );
}

#[test]
fn without_a_key_the_next_archive_due_is_refused_journalled_and_left_due() {
    let mut s = station();
    let data_dir = s.dir.path().to_path_buf();
    let err = make_next_due(&mut s.db, &data_dir, APRIL_2, |_| {
        Err(ArchiveError::NoKeyring {
            detail: "no Secret Service".into(),
        }
        .into())
    })
    .unwrap_err();
    assert_eq!(err.code(), "no_keyring");
    assert_eq!(due(s.db.conn()).unwrap(), [s.march()], "still due");
    let errors = crate::journal::list(
        s.db.conn(),
        &crate::journal::Filter {
            code: Some("error".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].text.starts_with("archives: "), "{:?}", errors[0]);
    let made = make_next_due(&mut s.db, &data_dir, APRIL_2, |_| Ok(key())).unwrap();
    assert_eq!(made.map(|m| m.period), Some(s.march()));
    assert!(
        make_next_due(&mut s.db, &data_dir, APRIL_2, |_| Ok(key()))
            .unwrap()
            .is_none()
    );
}

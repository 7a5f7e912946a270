//! Proving an archive intact, or naming what changed in it.
//!
//! [`verify`] reads the zip and checks, in turn: the Ed25519 signature of
//! `manifest.json`'s exact bytes with the public key it carries (and, given
//! the station's database, that the key is one of its own: an archive
//! changed and re-signed with another key passes the first check, not this
//! one); every member against the manifest (SHA-256 and size), none missing
//! and none added; then, inside the members, every invoice's hash
//! recomputed from its sealed fields, the links of each series, closures
//! and journal, and each PDF against the hash its invoice recorded.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use atelier_domain::Locale;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use rusqlite::Connection;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::ArchiveError;
use super::manifest::{
    CLOSURES, ClosureRecord, FORMAT, INVOICES, InvoiceRecord, JOURNAL, JournalRecord, MANIFEST,
    Manifest, SIGNATURE, VERSION, hex, unhex,
};
use super::registry::is_station_key;
use crate::Result;

/// What is wrong with an archive, each naming the member or document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Finding {
    /// The file is not a zip (or is cut short).
    NotAnArchive {
        /// What the zip reader said.
        detail: String,
    },
    /// The manifest is there but is not an Atelier archive manifest this
    /// version reads.
    ManifestUnreadable {
        /// What was wrong.
        detail: String,
    },
    /// The signature does not verify: the manifest was changed after signing.
    BadSignature,
    /// Signed with a key that is not one of this station's: made or
    /// re-signed elsewhere.
    UnknownKey {
        /// The key the archive carries, hex.
        public_key: String,
    },
    /// A member's bytes no longer give the SHA-256 in the manifest.
    MemberAltered {
        /// The member.
        name: String,
    },
    /// A member of the manifest is not in the archive.
    MemberMissing {
        /// The member.
        name: String,
    },
    /// The archive holds a file the manifest does not list.
    MemberAdded {
        /// The file.
        name: String,
    },
    /// A member does not read as its format.
    MemberUnreadable {
        /// The member.
        name: String,
    },
    /// An invoice's sealed fields no longer give its hash.
    InvoiceAltered {
        /// Its number.
        number: String,
    },
    /// An invoice does not link to the previous one's hash.
    InvoiceLinkBroken {
        /// Its number.
        number: String,
    },
    /// A number between two documents of the archive is not in it.
    InvoiceMissing {
        /// The number.
        number: String,
    },
    /// An invoice's PDF is not the one issued (its hash differs from the
    /// recorded one).
    PdfAltered {
        /// The invoice's number.
        number: String,
    },
    /// A closure does not link to the previous one's hash.
    ClosureLinkBroken {
        /// Its place in the chain.
        seq: i64,
    },
    /// A journal entry does not link to the previous one's hash.
    JournalLinkBroken {
        /// Its place in the journal.
        seq: i64,
    },
    /// A closure's fields no longer give its hash.
    ClosureAltered {
        /// Its place in the chain.
        seq: i64,
    },
    /// A journal entry's fields no longer give its hash.
    JournalAltered {
        /// Its place in the journal.
        seq: i64,
    },
}

impl Finding {
    /// What to tell the owner.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            Finding::NotAnArchive { detail } if fr => format!(
                "Ce fichier n’est pas une archive lisible (zip endommagé ou tronqué) : {detail}."
            ),
            Finding::NotAnArchive { detail } => {
                format!("This file is not a readable archive (damaged or cut-short zip): {detail}.")
            }
            Finding::ManifestUnreadable { detail } if fr => {
                format!("Le manifeste est illisible : {detail}.")
            }
            Finding::ManifestUnreadable { detail } => {
                format!("The manifest is unreadable: {detail}.")
            }
            Finding::BadSignature if fr => {
                "La signature ne correspond pas au manifeste : il a été modifié après signature."
                    .to_owned()
            }
            Finding::BadSignature => {
                "The signature does not match the manifest: it was changed after signing."
                    .to_owned()
            }
            Finding::UnknownKey { public_key } if fr => format!(
                "Signée avec une clé qui n’est pas celle de ce poste ({}…) : archive faite ou re-signée ailleurs.",
                public_key.get(..16).unwrap_or(public_key)
            ),
            Finding::UnknownKey { public_key } => format!(
                "Signed with a key that is not this station’s ({}…): made or re-signed elsewhere.",
                public_key.get(..16).unwrap_or(public_key)
            ),
            Finding::MemberAltered { name } if fr => {
                format!("{name} : modifié depuis la signature.")
            }
            Finding::MemberAltered { name } => format!("{name}: changed since signing."),
            Finding::MemberMissing { name } if fr => format!("{name} : manquant."),
            Finding::MemberMissing { name } => format!("{name}: missing."),
            Finding::MemberAdded { name } if fr => format!("{name} : ajouté, absent du manifeste."),
            Finding::MemberAdded { name } => format!("{name}: added, not in the manifest."),
            Finding::MemberUnreadable { name } if fr => format!("{name} : illisible."),
            Finding::MemberUnreadable { name } => format!("{name}: unreadable."),
            Finding::InvoiceAltered { number } if fr => {
                format!("{number} : modifiée après émission.")
            }
            Finding::InvoiceAltered { number } => format!("{number}: changed after issue."),
            Finding::InvoiceLinkBroken { number } if fr => {
                format!("{number} : le chaînage avec la facture précédente est rompu.")
            }
            Finding::InvoiceLinkBroken { number } => {
                format!("{number}: the link to the previous invoice is broken.")
            }
            Finding::InvoiceMissing { number } if fr => format!("{number} : absente de l’archive."),
            Finding::InvoiceMissing { number } => format!("{number}: missing from the archive."),
            Finding::PdfAltered { number } if fr => {
                format!("{number} : le PDF n’est pas celui émis.")
            }
            Finding::PdfAltered { number } => format!("{number}: the PDF is not the one issued."),
            Finding::ClosureLinkBroken { seq } if fr => {
                format!("Clôture n° {seq} : le chaînage avec la précédente est rompu.")
            }
            Finding::ClosureLinkBroken { seq } => {
                format!("Closure no. {seq}: the link to the previous one is broken.")
            }
            Finding::JournalLinkBroken { seq } if fr => {
                format!("Journal, événement n° {seq} : le chaînage avec le précédent est rompu.")
            }
            Finding::JournalLinkBroken { seq } => {
                format!("Journal entry no. {seq}: the link to the previous one is broken.")
            }
            Finding::ClosureAltered { seq } if fr => {
                format!(
                    "Clôture n° {seq} : modifiée après coup (son empreinte ne correspond plus)."
                )
            }
            Finding::ClosureAltered { seq } => {
                format!("Closure no. {seq}: changed afterwards (its hash no longer matches).")
            }
            Finding::JournalAltered { seq } if fr => format!(
                "Journal, événement n° {seq} : modifié après coup (son empreinte ne correspond plus)."
            ),
            Finding::JournalAltered { seq } => {
                format!("Journal entry no. {seq}: changed afterwards (its hash no longer matches).")
            }
        }
    }
}

/// An archive as checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The file checked.
    pub path: PathBuf,
    /// Its manifest, when it could be read.
    pub manifest: Option<Manifest>,
    /// Whether the signature verifies with the key the archive carries.
    pub signature_valid: bool,
    /// Whether that key is one of this station's; `None` when no database
    /// was given to ask.
    pub key_known: Option<bool>,
    /// Members checked against the manifest.
    pub members: usize,
    /// Invoices and credit notes whose hash was recomputed.
    pub invoices: usize,
    /// What is wrong, in the order found.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether nothing was found wrong.
    pub fn is_intact(&self) -> bool {
        self.findings.is_empty()
    }
}

/// A verification as the owner reads it: the report and each finding in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Whether the archive is intact.
    pub intact: bool,
    /// The report.
    #[serde(flatten)]
    pub report: Report,
    /// Each finding, said in `locale`.
    pub messages: Vec<String>,
}

/// One member as read: its SHA-256 and size, and its bytes unless a PDF.
struct Entry {
    sha256: String,
    len: u64,
    bytes: Option<Vec<u8>>,
}

/// [`verify`], with the findings said in `locale`.
pub fn verify_in(path: &Path, conn: Option<&Connection>, locale: Locale) -> Result<Verification> {
    let report = verify(path, conn)?;
    Ok(Verification {
        intact: report.is_intact(),
        messages: report.findings.iter().map(|f| f.message(locale)).collect(),
        report,
    })
}

/// Checks the archive at `path`; given the station's database (`conn`),
/// also that it is signed with one of the station's keys. An error only
/// when the file cannot be read at all; anything wrong inside it is a
/// [`Finding`].
pub fn verify(path: &Path, conn: Option<&Connection>) -> Result<Report> {
    let read_error = |source: std::io::Error| ArchiveError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut report = Report {
        path: path.to_path_buf(),
        manifest: None,
        signature_valid: false,
        key_known: None,
        members: 0,
        invoices: 0,
        findings: Vec::new(),
    };
    let mut zip = match zip::ZipArchive::new(std::io::BufReader::new(file)) {
        Ok(zip) => zip,
        Err(e) => {
            report.findings.push(Finding::NotAnArchive {
                detail: e.to_string(),
            });
            return Ok(report);
        }
    };
    // Every entry, by index: a name given twice is an addition too.
    let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
    let mut added = Vec::new();
    for i in 0..zip.len() {
        let mut entry = match zip.by_index(i) {
            Ok(entry) => entry,
            Err(e) => {
                report.findings.push(Finding::NotAnArchive {
                    detail: e.to_string(),
                });
                return Ok(report);
            }
        };
        let name = entry.name().to_owned();
        let mut bytes = Vec::new();
        if entry.read_to_end(&mut bytes).is_err() {
            report.findings.push(Finding::MemberAltered { name });
            continue;
        }
        let read = Entry {
            sha256: hex(&Sha256::digest(&bytes)),
            len: bytes.len() as u64,
            // PDFs are only hashed: a year's thousands never sit in memory.
            bytes: (!name.starts_with("pdfs/")).then_some(bytes),
        };
        match entries.entry(name) {
            std::collections::btree_map::Entry::Occupied(e) => added.push(e.key().clone()),
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(read);
            }
        }
    }
    let Some(manifest_bytes) = entries.remove(MANIFEST).and_then(|e| e.bytes) else {
        report.findings.push(Finding::MemberMissing {
            name: MANIFEST.to_owned(),
        });
        return Ok(report);
    };
    let manifest: Manifest = match serde_json::from_slice(&manifest_bytes) {
        Ok(m) => m,
        Err(e) => {
            report.findings.push(Finding::ManifestUnreadable {
                detail: e.to_string(),
            });
            return Ok(report);
        }
    };
    if manifest.format != FORMAT || manifest.version > VERSION {
        report.findings.push(Finding::ManifestUnreadable {
            detail: format!("{} v{}", manifest.format, manifest.version),
        });
        return Ok(report);
    }
    check_signature(
        &mut report,
        &manifest,
        &manifest_bytes,
        entries.remove(SIGNATURE).and_then(|e| e.bytes),
    );
    if let Some(conn) = conn {
        let known = is_station_key(conn, &manifest.public_key)?;
        report.key_known = Some(known);
        if !known {
            report.findings.push(Finding::UnknownKey {
                public_key: manifest.public_key.clone(),
            });
        }
    }
    let mut listed = BTreeSet::new();
    for member in &manifest.members {
        listed.insert(member.name.as_str());
        report.members += 1;
        match entries.get(&member.name) {
            None => report.findings.push(Finding::MemberMissing {
                name: member.name.clone(),
            }),
            Some(read) => {
                if read.sha256 != member.sha256 || read.len != member.bytes {
                    report.findings.push(Finding::MemberAltered {
                        name: member.name.clone(),
                    });
                }
            }
        }
    }
    added.extend(
        entries
            .keys()
            .filter(|name| !listed.contains(name.as_str()))
            .cloned(),
    );
    added.sort();
    report
        .findings
        .extend(added.into_iter().map(|name| Finding::MemberAdded { name }));
    check_invoices(&mut report, &entries);
    check_links::<ClosureRecord>(&mut report, &entries, CLOSURES);
    check_links::<JournalRecord>(&mut report, &entries, JOURNAL);
    report.manifest = Some(manifest);
    Ok(report)
}

fn check_signature(
    report: &mut Report,
    manifest: &Manifest,
    manifest_bytes: &[u8],
    signature: Option<Vec<u8>>,
) {
    let Some(signature) = signature else {
        report.findings.push(Finding::MemberMissing {
            name: SIGNATURE.to_owned(),
        });
        return;
    };
    let key = unhex::<32>(&manifest.public_key).and_then(|k| VerifyingKey::from_bytes(&k).ok());
    let sig = std::str::from_utf8(&signature)
        .ok()
        .and_then(unhex::<64>)
        .map(|s| Signature::from_bytes(&s));
    report.signature_valid = match (key, sig) {
        (Some(key), Some(sig)) => key.verify(manifest_bytes, &sig).is_ok(),
        _ => false,
    };
    if !report.signature_valid {
        report.findings.push(Finding::BadSignature);
    }
}

/// Each invoice's hash recomputed, each series' links and gaps followed,
/// each PDF against its recorded hash.
fn check_invoices(report: &mut Report, entries: &BTreeMap<String, Entry>) {
    let Some(bytes) = entries.get(INVOICES).and_then(|e| e.bytes.as_ref()) else {
        return;
    };
    let Ok(invoices) = serde_json::from_slice::<Vec<InvoiceRecord>>(bytes) else {
        report.findings.push(Finding::MemberUnreadable {
            name: INVOICES.to_owned(),
        });
        return;
    };
    let mut previous: Option<&InvoiceRecord> = None;
    for inv in &invoices {
        report.invoices += 1;
        if inv.sealed().hash() != inv.hash {
            report.findings.push(Finding::InvoiceAltered {
                number: inv.number.clone(),
            });
        }
        if let Some(prev) = previous.filter(|p| p.series == inv.series) {
            for missing in prev.seq + 1..inv.seq {
                report.findings.push(Finding::InvoiceMissing {
                    number: format!("{}-{missing:06}", inv.series),
                });
            }
            if prev.seq + 1 == inv.seq && inv.prev_hash != prev.hash {
                report.findings.push(Finding::InvoiceLinkBroken {
                    number: inv.number.clone(),
                });
            }
        }
        if let (Some(member), Some(expected)) = (&inv.pdf, inv.expected_pdf_sha256()) {
            let intact = entries
                .get(member)
                .is_some_and(|pdf| pdf.sha256 == expected);
            if !intact {
                report.findings.push(Finding::PdfAltered {
                    number: inv.number.clone(),
                });
            }
        }
        previous = Some(inv);
    }
}

/// A record chained by `seq`, `prev_hash` and `hash`.
trait Chained: serde::de::DeserializeOwned {
    fn seq(&self) -> i64;
    fn prev_hash(&self) -> &str;
    fn hash(&self) -> &str;
    fn broken(seq: i64) -> Finding;
    /// The hash its fields give, as the closure or journal code computes
    /// it; `None` when a field cannot be read (then it is altered).
    fn computed(&self) -> Option<String>;
    fn altered(seq: i64) -> Finding;
}

impl Chained for ClosureRecord {
    fn seq(&self) -> i64 {
        self.seq
    }
    fn prev_hash(&self) -> &str {
        &self.prev_hash
    }
    fn hash(&self) -> &str {
        &self.hash
    }
    fn broken(seq: i64) -> Finding {
        Finding::ClosureLinkBroken { seq }
    }
    fn computed(&self) -> Option<String> {
        let c = crate::till::closures::Closure {
            // Not hashed: the record's id, whatever its text, changes nothing.
            id: atelier_domain::ClosureId::from_uuid(uuid::Uuid::nil()),
            device_id: self.device_id.clone(),
            station: self.station.clone(),
            kind: crate::till::closures::Kind::parse(&self.kind)?,
            period_start: self.period_start.clone(),
            period_end: self.period_end.clone(),
            seq: self.seq,
            site_id: self.site_id.clone(),
            closed_at: u64::try_from(self.closed_at).ok()?,
            user_name: self.user_name.clone(),
            totals: crate::till::closures::Totals::default(),
            period_total: self.period_total,
            perpetual_total: self.perpetual_total,
            perpetual_abs: self.perpetual_abs,
            prev_hash: self.prev_hash.clone(),
            hash: self.hash.clone(),
            totals_text: self.totals.clone(),
        };
        Some(c.computed_hash())
    }
    fn altered(seq: i64) -> Finding {
        Finding::ClosureAltered { seq }
    }
}

impl Chained for JournalRecord {
    fn seq(&self) -> i64 {
        self.seq
    }
    fn prev_hash(&self) -> &str {
        &self.prev_hash
    }
    fn hash(&self) -> &str {
        &self.hash
    }
    fn broken(seq: i64) -> Finding {
        Finding::JournalLinkBroken { seq }
    }
    fn computed(&self) -> Option<String> {
        let e = crate::journal::Entry {
            seq: self.seq,
            at_ms: u64::try_from(self.at_ms).ok()?,
            station: self.station.clone(),
            user_id: self.user_id.clone(),
            user_name: self.user_name.clone(),
            code: crate::journal::Code::parse(&self.code)?,
            text: self.text.clone(),
            prev_hash: self.prev_hash.clone(),
            hash: self.hash.clone(),
        };
        Some(e.computed_hash())
    }
    fn altered(seq: i64) -> Finding {
        Finding::JournalAltered { seq }
    }
}

/// Each record's hash, recomputed from its fields as the closure and
/// journal code compute it, and the links between consecutive records of a
/// chained member.
fn check_links<T: Chained>(report: &mut Report, entries: &BTreeMap<String, Entry>, name: &str) {
    let Some(bytes) = entries.get(name).and_then(|e| e.bytes.as_ref()) else {
        return;
    };
    let Ok(records) = serde_json::from_slice::<Vec<T>>(bytes) else {
        report.findings.push(Finding::MemberUnreadable {
            name: name.to_owned(),
        });
        return;
    };
    for r in &records {
        if r.computed().as_deref() != Some(r.hash()) {
            report.findings.push(T::altered(r.seq()));
        }
    }
    for pair in records.windows(2) {
        let (prev, next) = (&pair[0], &pair[1]);
        // A gap is another period's record between two of this one (a day
        // closed after the month began); consecutive ones must link.
        if next.seq() == prev.seq() + 1 && next.prev_hash() != prev.hash() {
            report.findings.push(T::broken(next.seq()));
        }
    }
}

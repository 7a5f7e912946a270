//! The technical-event journal (JET, « journal des événements techniques »)
//! of this workstation: the events a till-law certifier asks to see, each
//! chained to the one before, never changed.
//!
//! What goes in is listed by [`Code`]: the application starting and
//! stopping (and a start after an unclean stop), sign-ins and refused ones,
//! closures, archives, exports, integrity checks and their result, backups
//! and restores, updates, enrolment and revocation, errors that stopped an
//! operation, and the system clock found earlier than the journal's last
//! entry (checked at every entry: [`record`] writes a
//! [`Code::ClockBackwards`] entry first when it is).
//!
//! Each entry's `hash` is the SHA-256 of its fields and the previous
//! entry's hash (the first starts from [`GENESIS`]); the table refuses
//! updates and deletes (V14 migration). [`verify`] walks the chain. The
//! journal is the station's own: it is not synced, and its archives carry
//! it (`archives`).
//!
//! How the BOFiP text is read here: « les événements techniques » are those
//! that may affect the integrity or the continuity of the recorded data
//! (BOI-TVA-DECLA-30-10-30, § 190–210, and the NF 525 reference list).
//! Ordinary business changes are in the audit trail ([`crate::audit`]).

use atelier_domain::Locale;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::text::sealed_hash;
use crate::{Result, access, device};

mod words;
use words::words;

/// The `prev_hash` of a station's first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// How far back the clock may seem to go before it counts as set back: the
/// clocks of two threads writing one after the other differ by less.
const CLOCK_SLACK_MS: u64 = 2_000;

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// The application started.
    Start,
    /// The application stopped normally.
    Stop,
    /// The database was opened after a stop that did not close it (a crash,
    /// a kill, a power cut).
    UncleanStop,
    /// Someone signed in.
    SignIn,
    /// A sign-in was refused.
    SignInRefused,
    /// A day, month or fiscal year was closed.
    Closure,
    /// A closure was refused (the clock went back).
    ClosureRefused,
    /// A signed archive was written.
    Archive,
    /// An archive was checked.
    ArchiveCheck,
    /// Data left the station as a file: the FEC, a GDPR export, the journal.
    Export,
    /// The invoices, closures and journal were checked.
    IntegrityCheck,
    /// A backup was taken.
    Backup,
    /// A backup was restored.
    Restore,
    /// An update was installed.
    Update,
    /// The system clock was found earlier than the journal's last entry.
    ClockBackwards,
    /// The station enrolled with a sync server.
    Enrolment,
    /// The server revoked the station.
    Revocation,
    /// The database was encrypted, or its key made again from the
    /// recovery key.
    Encryption,
    /// An error stopped an operation.
    Error,
}

impl Code {
    /// Every code, in the order the journal screen offers them.
    pub const ALL: [Code; 19] = [
        Code::Start,
        Code::Stop,
        Code::UncleanStop,
        Code::SignIn,
        Code::SignInRefused,
        Code::Closure,
        Code::ClosureRefused,
        Code::Archive,
        Code::ArchiveCheck,
        Code::Export,
        Code::IntegrityCheck,
        Code::Backup,
        Code::Restore,
        Code::Update,
        Code::ClockBackwards,
        Code::Enrolment,
        Code::Revocation,
        Code::Encryption,
        Code::Error,
    ];

    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Start => "start",
            Code::Stop => "stop",
            Code::UncleanStop => "unclean_stop",
            Code::SignIn => "sign_in",
            Code::SignInRefused => "sign_in_refused",
            Code::Closure => "closure",
            Code::ClosureRefused => "closure_refused",
            Code::Archive => "archive",
            Code::ArchiveCheck => "archive_check",
            Code::Export => "export",
            Code::IntegrityCheck => "integrity_check",
            Code::Backup => "backup",
            Code::Restore => "restore",
            Code::Update => "update",
            Code::ClockBackwards => "clock_backwards",
            Code::Enrolment => "enrolment",
            Code::Revocation => "revocation",
            Code::Encryption => "encryption",
            Code::Error => "error",
        }
    }

    /// The code stored as `s`.
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// What a person reads.
    pub fn label(self, locale: Locale) -> &'static str {
        let w = words(locale);
        match self {
            Code::Start => w.start,
            Code::Stop => w.stop,
            Code::UncleanStop => w.unclean_stop,
            Code::SignIn => w.sign_in,
            Code::SignInRefused => w.sign_in_refused,
            Code::Closure => w.closure,
            Code::ClosureRefused => w.closure_refused,
            Code::Archive => w.archive,
            Code::ArchiveCheck => w.archive_check,
            Code::Export => w.export,
            Code::IntegrityCheck => w.integrity_check,
            Code::Backup => w.backup,
            Code::Restore => w.restore,
            Code::Update => w.update,
            Code::ClockBackwards => w.clock_backwards,
            Code::Enrolment => w.enrolment,
            Code::Revocation => w.revocation,
            Code::Encryption => w.encryption,
            Code::Error => w.error,
        }
    }
}

/// One entry, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Its place in the journal, from 1.
    pub seq: i64,
    /// When, in Unix milliseconds (the station's clock).
    pub at_ms: u64,
    /// The workstation (its series prefix, else its device id).
    pub station: String,
    /// Who was signed in, if anyone.
    pub user_id: Option<String>,
    /// Their name at the time.
    pub user_name: Option<String>,
    /// What happened.
    pub code: Code,
    /// The facts: which day was closed, which file, which result.
    pub text: String,
    /// The previous entry's hash, or [`GENESIS`].
    pub prev_hash: String,
    /// SHA-256 of this entry's fields and `prev_hash`.
    pub hash: String,
}

impl Entry {
    /// The hash its fields give.
    pub fn computed_hash(&self) -> String {
        hash_of(
            self.seq,
            self.at_ms,
            &self.station,
            self.user_id.as_deref(),
            self.user_name.as_deref(),
            self.code,
            &self.text,
            &self.prev_hash,
        )
    }
}

/// The hash of an entry's fields ([`sealed_hash`]).
#[allow(
    clippy::too_many_arguments,
    reason = "one entry is exactly these facts"
)]
fn hash_of(
    seq: i64,
    at_ms: u64,
    station: &str,
    user_id: Option<&str>,
    user_name: Option<&str>,
    code: Code,
    text: &str,
    prev_hash: &str,
) -> String {
    sealed_hash(&[
        "atelier-jet-v1",
        &seq.to_string(),
        &at_ms.to_string(),
        station,
        user_id.unwrap_or(""),
        user_name.unwrap_or(""),
        code.as_str(),
        text,
        prev_hash,
    ])
}

/// Appends an entry for `code` with `text`, by whoever is signed in on this
/// connection ([`access::set_author`]). When the clock reads earlier than
/// the last entry, a [`Code::ClockBackwards`] entry is written first.
pub fn record(tx: &Transaction<'_>, now_ms: u64, code: Code, text: &str) -> Result<Entry> {
    let author = access::author(tx)?;
    record_by(tx, now_ms, code, text, author)
}

/// [`record`], by `author` (user id, name) rather than the connection's:
/// a sign-in is the act of the person signing in.
pub fn record_by(
    tx: &Transaction<'_>,
    now_ms: u64,
    code: Code,
    text: &str,
    author: (Option<String>, Option<String>),
) -> Result<Entry> {
    if let Some(last) = last_time(tx)?
        && now_ms.saturating_add(CLOCK_SLACK_MS) < last
    {
        append(
            tx,
            now_ms,
            Code::ClockBackwards,
            &format!(
                "{} < {}",
                crate::text::rfc3339_now(now_ms),
                crate::text::rfc3339_now(last)
            ),
            author.clone(),
        )?;
    }
    append(tx, now_ms, code, text, author)
}

fn append(
    tx: &Transaction<'_>,
    now_ms: u64,
    code: Code,
    text: &str,
    (user_id, user_name): (Option<String>, Option<String>),
) -> Result<Entry> {
    let (seq, prev_hash) = tx
        .prepare_cached("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .optional()?
        .map_or((1, GENESIS.to_owned()), |(seq, hash)| (seq + 1, hash));
    let station = device::station(tx)?;
    let hash = hash_of(
        seq,
        now_ms,
        &station,
        user_id.as_deref(),
        user_name.as_deref(),
        code,
        text,
        &prev_hash,
    );
    tx.prepare_cached(
        "INSERT INTO journal (seq, at_ms, station, user_id, user_name, code, text, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        seq,
        i64::try_from(now_ms).unwrap_or(i64::MAX),
        station,
        user_id,
        user_name,
        code.as_str(),
        text,
        prev_hash,
        hash,
    ])?;
    Ok(Entry {
        seq,
        at_ms: now_ms,
        station,
        user_id,
        user_name,
        code,
        text: text.to_owned(),
        prev_hash,
        hash,
    })
}

/// The time of the journal's last entry, if any: the latest moment this
/// station is known to have lived through.
pub fn last_time(conn: &Connection) -> Result<Option<u64>> {
    let at: Option<i64> = conn
        .prepare_cached("SELECT at_ms FROM journal ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(at.map(|a| u64::try_from(a).unwrap_or(0)))
}

/// Which entries to list.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Only this code.
    pub code: Option<String>,
    /// From this day (YYYY-MM-DD, the station's clock in UTC), included.
    pub from: Option<String>,
    /// To this day, included.
    pub to: Option<String>,
    /// Only entries whose text or user name contains this.
    pub text: Option<String>,
    /// At most this many, newest first (default and cap [`LIST_MAX`]).
    pub limit: Option<u32>,
}

/// The most entries one list returns.
pub const LIST_MAX: u32 = 1_000;

const SELECT: &str =
    "SELECT seq, at_ms, station, user_id, user_name, code, text, prev_hash, hash FROM journal";

fn entry(r: &Row<'_>) -> rusqlite::Result<Result<Entry>> {
    let code: String = r.get(5)?;
    let at: i64 = r.get(1)?;
    let Some(code) = Code::parse(&code) else {
        return Ok(Err(crate::Error::Corrupt("journal.code")));
    };
    Ok(Ok(Entry {
        seq: r.get(0)?,
        at_ms: u64::try_from(at).unwrap_or(0),
        station: r.get(2)?,
        user_id: r.get(3)?,
        user_name: r.get(4)?,
        code,
        text: r.get(6)?,
        prev_hash: r.get(7)?,
        hash: r.get(8)?,
    }))
}

/// The entries matching `filter`, newest first, at most [`LIST_MAX`]: what
/// a screen shows.
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<Entry>> {
    let limit = filter.limit.unwrap_or(LIST_MAX).clamp(1, LIST_MAX);
    select(conn, filter, i64::from(limit))
}

/// Every entry matching `filter` (its `limit` aside), newest first: what an
/// export and the command line give.
pub fn all(conn: &Connection, filter: &Filter) -> Result<Vec<Entry>> {
    select(conn, filter, -1)
}

/// `limit` -1 is no limit (SQLite's).
fn select(conn: &Connection, filter: &Filter, limit: i64) -> Result<Vec<Entry>> {
    let from = filter.from.as_deref().and_then(crate::text::day_start_ms);
    let to = filter
        .to
        .as_deref()
        .and_then(crate::text::day_start_ms)
        .map(|t| t + 86_400_000);
    let code = filter
        .code
        .as_deref()
        .filter(|c| !c.is_empty())
        .and_then(Code::parse)
        .map(Code::as_str);
    let text = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| format!("%{}%", t.replace(['%', '_'], "")));
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE (?1 IS NULL OR code = ?1) AND (?2 IS NULL OR at_ms >= ?2)
            AND (?3 IS NULL OR at_ms < ?3)
            AND (?4 IS NULL OR text LIKE ?4 OR user_name LIKE ?4)
          ORDER BY seq DESC LIMIT ?5"
    ))?;
    let rows = stmt.query_map(params![code, from, to, text, limit], entry)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

/// Every entry from `from_ms` (included) to `to_ms` (excluded), oldest
/// first: what an archive of a period carries.
pub fn between(conn: &Connection, from_ms: u64, to_ms: u64) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE at_ms >= ?1 AND at_ms < ?2 ORDER BY seq"
    ))?;
    let rows = stmt.query_map(
        params![
            i64::try_from(from_ms).unwrap_or(i64::MAX),
            i64::try_from(to_ms).unwrap_or(i64::MAX)
        ],
        entry,
    )?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

/// The entries matching `filter` as CSV (`;`-separated, as French
/// spreadsheets open it), oldest first, with the labels in `locale`.
pub fn csv(conn: &Connection, filter: &Filter, locale: Locale) -> Result<String> {
    let mut entries = all(conn, filter)?;
    entries.reverse();
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let header = words(locale).csv_columns;
    let bad = |_| crate::Error::Corrupt("journal csv");
    w.write_record(header).map_err(bad)?;
    for e in &entries {
        w.write_record([
            e.seq.to_string().as_str(),
            &crate::text::rfc3339_now(e.at_ms),
            &e.station,
            e.user_name.as_deref().unwrap_or(""),
            e.code.as_str(),
            e.code.label(locale),
            &e.text,
            &e.hash,
            &e.prev_hash,
        ])
        .map_err(bad)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|_| crate::Error::Corrupt("journal csv"))?;
    String::from_utf8(bytes).map_err(|_| crate::Error::Corrupt("journal csv"))
}

/// Writes the entries matching `filter` as CSV ([`csv`]) into `dir`, as
/// `journal-evenements-YYYY-MM-DD.csv`, whole or not at all, and journals
/// the export itself.
pub fn export(
    tx: &Transaction<'_>,
    now_ms: u64,
    filter: &Filter,
    locale: Locale,
    dir: &std::path::Path,
) -> Result<std::path::PathBuf> {
    let text = csv(tx, filter, locale)?;
    let name = format!("journal-evenements-{}.csv", crate::text::today(now_ms));
    let path = crate::files::write(dir, &name, text.as_bytes())?;
    record(
        tx,
        now_ms,
        Code::Export,
        &format!("journal {}", path.display()),
    )?;
    Ok(path)
}

/// What is wrong at one place of the journal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Finding {
    /// Its stored fields no longer give its hash: changed after it was written.
    Altered {
        /// Which entry.
        seq: i64,
    },
    /// Its `prev_hash` is not the previous entry's hash.
    BrokenLink {
        /// Which entry.
        seq: i64,
    },
    /// Entries are missing before this one.
    Gap {
        /// The entry after the gap.
        seq: i64,
        /// The number expected.
        expected: i64,
    },
    /// Its code is not one this version knows.
    Unreadable {
        /// Which entry.
        seq: i64,
    },
}

/// The journal's chain, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Entries checked.
    pub entries: u64,
    /// What is wrong; empty when the journal is intact.
    pub findings: Vec<Finding>,
}

impl Verification {
    /// Whether the journal is intact.
    pub fn ok(&self) -> bool {
        self.findings.is_empty()
    }
}

/// Recomputes every entry's hash and follows every link.
pub fn verify(conn: &Connection) -> Result<Verification> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    let mut findings = Vec::new();
    let (mut expected, mut prev, mut entries) = (1_i64, GENESIS.to_owned(), 0_u64);
    while let Some(r) = rows.next()? {
        entries += 1;
        let seq: i64 = r.get(0)?;
        if seq != expected {
            findings.push(Finding::Gap { seq, expected });
        }
        match entry(r)? {
            Ok(e) => {
                if e.computed_hash() != e.hash {
                    findings.push(Finding::Altered { seq });
                }
                if e.prev_hash != prev {
                    findings.push(Finding::BrokenLink { seq });
                }
                prev = e.hash;
            }
            Err(_) => {
                findings.push(Finding::Unreadable { seq });
                prev = r.get(8)?;
            }
        }
        expected = seq + 1;
    }
    Ok(Verification { entries, findings })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Db;

    const T: u64 = 1_780_000_000_000;

    fn db() -> Db {
        Db::open_in_memory().unwrap()
    }

    #[test]
    fn entries_chain_from_genesis_and_verify() {
        let mut db = db();
        let a = db.write(|tx| record(tx, T, Code::Start, "0.1.0")).unwrap();
        let b = db
            .write(|tx| record(tx, T + 10, Code::Closure, "day 2026-06-01"))
            .unwrap();
        assert_eq!((a.seq, b.seq), (1, 2));
        assert_eq!(a.prev_hash, GENESIS);
        assert_eq!(b.prev_hash, a.hash);
        let v = verify(db.conn()).unwrap();
        assert!(v.ok(), "{v:?}");
        assert_eq!(v.entries, 2);
    }

    #[test]
    fn the_journal_refuses_changes_and_deletes() {
        let mut db = db();
        db.write(|tx| record(tx, T, Code::Start, "0.1.0")).unwrap();
        let changed = db
            .conn()
            .execute("UPDATE journal SET text = 'x' WHERE seq = 1", []);
        assert!(changed.is_err());
        assert!(db.conn().execute("DELETE FROM journal", []).is_err());
    }

    #[test]
    fn a_changed_entry_and_a_removed_one_are_found() {
        let mut db = db();
        for n in 0..4 {
            db.write(|tx| record(tx, T + n, Code::SignIn, &format!("user {n}")))
                .unwrap();
        }
        // Someone with the SQLite file drops the triggers and edits.
        let conn = db.conn();
        conn.execute_batch(
            "DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;
             UPDATE journal SET text = 'user 9' WHERE seq = 2;
             DELETE FROM journal WHERE seq = 3;",
        )
        .unwrap();
        let v = verify(conn).unwrap();
        assert_eq!(
            v.findings,
            vec![
                Finding::Altered { seq: 2 },
                Finding::Gap {
                    seq: 4,
                    expected: 3
                },
                Finding::BrokenLink { seq: 4 },
            ]
        );
    }

    #[test]
    fn a_clock_set_back_is_recorded_before_the_entry() {
        let mut db = db();
        db.write(|tx| record(tx, T, Code::Start, "")).unwrap();
        // A second later on another thread: not a clock change.
        db.write(|tx| record(tx, T - 1_000, Code::SignIn, ""))
            .unwrap();
        db.write(|tx| record(tx, T - 3_600_000, Code::SignIn, "Marie"))
            .unwrap();
        let codes: Vec<Code> = list(db.conn(), &Filter::default())
            .unwrap()
            .into_iter()
            .map(|e| e.code)
            .collect();
        assert_eq!(
            codes,
            vec![
                Code::SignIn,
                Code::ClockBackwards,
                Code::SignIn,
                Code::Start
            ]
        );
        assert!(verify(db.conn()).unwrap().ok());
    }

    #[test]
    fn the_list_filters_by_code_day_and_text_and_the_csv_has_every_entry() {
        let mut db = db();
        let day = 86_400_000;
        db.write(|tx| record(tx, T, Code::Start, "0.1.0")).unwrap();
        db.write(|tx| record(tx, T + day, Code::Closure, "day 2026-05-28"))
            .unwrap();
        db.write(|tx| record(tx, T + 2 * day, Code::Export, "FEC 2025"))
            .unwrap();
        let only = |f: Filter| -> Vec<i64> {
            list(db.conn(), &f)
                .unwrap()
                .into_iter()
                .map(|e| e.seq)
                .collect()
        };
        assert_eq!(
            only(Filter {
                code: Some("closure".into()),
                ..Filter::default()
            }),
            vec![2]
        );
        let second_day = crate::text::today(T + day);
        assert_eq!(
            only(Filter {
                from: Some(second_day.clone()),
                to: Some(second_day),
                ..Filter::default()
            }),
            vec![2]
        );
        assert_eq!(
            only(Filter {
                text: Some("fec".into()),
                ..Filter::default()
            }),
            vec![3]
        );
        let csv = csv(db.conn(), &Filter::default(), Locale::Fr).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[0].starts_with("n°;date;poste"));
        assert!(lines[1].starts_with("1;") && lines[1].contains(";Démarrage;"));
        assert!(lines[3].contains("FEC 2025"));

        let dir = tempfile::tempdir().unwrap();
        let path = db
            .write(|tx| export(tx, T + 3 * day, &Filter::default(), Locale::En, dir.path()))
            .unwrap();
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(written.starts_with("no;time;station"), "{written}");
        assert_eq!(written.lines().count(), 4, "the three entries before it");
        let last = &list(db.conn(), &Filter::default()).unwrap()[0];
        assert_eq!(last.code, Code::Export);
        assert!(last.text.ends_with(".csv"));
    }
}

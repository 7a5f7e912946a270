//! Every report's table as a CSV file, as French spreadsheets open it (the
//! conventions of [`crate::exports`]): UTF-8 with a BOM, `;` between fields,
//! CRLF, the header row first, amounts with a decimal comma and no grouping
//! (`1234,56`), quantities likewise (`1,5`).

use std::path::{Path, PathBuf};

use atelier_domain::{Locale, Money};
use rusqlite::Connection;
use serde::Deserialize;

use super::words::{Words, words};
use super::{Scope, parts, productivity, revenue, vat};
use crate::invoices::reports::unpaid_at;
use crate::{Error, Result};

/// Which report a file is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// Revenue by period with its split.
    Revenue,
    /// Hours clocked and billed per mechanic.
    Productivity,
    /// Top used parts, slow movers, value by category.
    Parts,
    /// Receivables by age.
    Ageing,
    /// VAT collected per rate.
    Vat,
}

impl ReportKind {
    fn file_word(self) -> &'static str {
        match self {
            ReportKind::Revenue => "chiffre-affaires",
            ReportKind::Productivity => "productivite",
            ReportKind::Parts => "pieces",
            ReportKind::Ageing => "encours-clients",
            ReportKind::Vat => "tva",
        }
    }
}

/// An amount as a French spreadsheet reads it: `-1234,56`.
pub fn amount(m: Money) -> String {
    let c = m.cents();
    let sign = if c < 0 { "-" } else { "" };
    format!(
        "{sign}{},{:02}",
        c.unsigned_abs() / 100,
        c.unsigned_abs() % 100
    )
}

/// Thousandths with a decimal comma, trailing zeros dropped: `1,5`, `12`.
pub fn milli(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let (whole, frac) = (v.unsigned_abs() / 1000, v.unsigned_abs() % 1000);
    if frac == 0 {
        format!("{sign}{whole}")
    } else {
        let frac = format!("{frac:03}");
        format!("{sign}{whole},{}", frac.trim_end_matches('0'))
    }
}

/// A ratio as a percentage: `87,5`.
fn percent(ratio: Option<atelier_domain::Ratio>) -> String {
    ratio.map(|r| milli(r.bp() * 10)).unwrap_or_default()
}

/// A report's table: its header row and its rows, ready to write.
#[derive(Debug)]
pub struct Table {
    /// Column names.
    pub header: Vec<String>,
    /// Cells.
    pub rows: Vec<Vec<String>>,
}

/// The table of report `kind` over `scope`, headed in `locale`.
pub fn table(
    conn: &Connection,
    kind: ReportKind,
    scope: &Scope,
    today: &str,
    now_ms: u64,
    locale: Locale,
) -> Result<Table> {
    let w = words(locale);
    let head = |cols: &[&str]| -> Vec<String> { cols.iter().map(|c| (*c).to_owned()).collect() };
    Ok(match kind {
        ReportKind::Revenue => {
            let r = revenue(conn, scope)?;
            let line = |row: &revenue::RevenueRow, label: String| {
                vec![
                    label,
                    amount(row.net),
                    amount(row.tax),
                    amount(row.gross),
                    amount(row.labour),
                    amount(row.parts),
                    amount(row.other),
                    row.invoices.to_string(),
                    row.credit_notes.to_string(),
                    row.cars.to_string(),
                ]
            };
            let mut rows: Vec<Vec<String>> = r
                .rows
                .iter()
                .map(|row| line(row, row.period.clone()))
                .collect();
            rows.push(line(&r.total, "Total".to_owned()));
            Table {
                header: head(&w.revenue_columns),
                rows,
            }
        }
        ReportKind::Productivity => {
            let p = productivity(conn, scope, now_ms)?;
            let line = |m: &productivity::MechanicRow, name: String| {
                vec![
                    name,
                    milli(m.clocked.milli()),
                    milli(m.billed.milli()),
                    percent(m.efficiency),
                    m.jobs_done.to_string(),
                ]
            };
            let mut rows: Vec<Vec<String>> = p
                .mechanics
                .iter()
                .map(|m| {
                    let name = if m.user_id.is_none() {
                        w.unassigned.to_owned()
                    } else {
                        m.name.clone()
                    };
                    line(m, name)
                })
                .collect();
            rows.push(line(&p.total, "Total".to_owned()));
            Table {
                header: head(&w.productivity_columns),
                rows,
            }
        }
        ReportKind::Parts => {
            let p = parts(conn, scope)?;
            let mut rows = Vec::new();
            let (top, slow, cat) = (w.most_used, w.slow_movers, w.value_by_category);
            for u in &p.top_used {
                rows.push(vec![
                    top.to_owned(),
                    u.reference.clone(),
                    u.description.clone(),
                    milli(u.used.milli()),
                    String::new(),
                ]);
            }
            for s in &p.slow_movers {
                rows.push(vec![
                    slow.to_owned(),
                    s.reference.clone(),
                    s.description.clone(),
                    milli(s.on_hand.milli()),
                    amount(s.value),
                ]);
            }
            for c in &p.by_category {
                rows.push(vec![
                    cat.to_owned(),
                    String::new(),
                    c.category.clone().unwrap_or_default(),
                    c.parts.to_string(),
                    amount(c.value),
                ]);
            }
            Table {
                header: head(&w.parts_columns),
                rows,
            }
        }
        ReportKind::Ageing => {
            let u = unpaid_at(conn, None, scope.site_id, today)?;
            let mut rows: Vec<Vec<String>> = u
                .buckets
                .iter()
                .map(|b| {
                    vec![
                        ageing_label(b.ageing, w).to_owned(),
                        b.count.to_string(),
                        amount(b.total),
                    ]
                })
                .collect();
            rows.push(vec![
                "Total".to_owned(),
                u.invoices.len().to_string(),
                amount(u.total),
            ]);
            Table {
                header: head(&w.ageing_columns),
                rows,
            }
        }
        ReportKind::Vat => {
            let v = vat(conn, scope)?;
            let mut rows: Vec<Vec<String>> = v
                .rates
                .iter()
                .map(|r| {
                    vec![
                        milli(i64::from(r.rate.bp()) * 10 / 100),
                        amount(r.net),
                        amount(r.tax),
                    ]
                })
                .collect();
            rows.push(vec!["Total".to_owned(), amount(v.net), amount(v.tax)]);
            Table {
                header: head(&w.vat_columns),
                rows,
            }
        }
    })
}

fn ageing_label(a: crate::invoices::Ageing, w: &Words) -> &'static str {
    use crate::invoices::Ageing as A;
    match a {
        A::NotDue => w.not_due,
        A::Days1To30 => "0–30",
        A::Days31To60 => "31–60",
        A::Days61To90 => "61–90",
        A::Over90 => "90+",
    }
}

/// Writes report `kind` over `scope` as
/// `rapport-<kind>-<from>-<to>.csv` in `dir`; returns its path.
pub fn write(
    conn: &Connection,
    kind: ReportKind,
    scope: &Scope,
    today: &str,
    now_ms: u64,
    locale: Locale,
    dir: &Path,
) -> Result<PathBuf> {
    let t = table(conn, kind, scope, today, now_ms, locale)?;
    let name = format!(
        "rapport-{}-{}-{}.csv",
        kind.file_word(),
        scope.period.from,
        scope.period.to
    );
    write_table(dir, &name, &t)
}

/// Writes `table` as `name` in `dir`, as French spreadsheets open it;
/// returns its path.
pub(crate) fn write_table(dir: &Path, name: &str, t: &Table) -> Result<PathBuf> {
    let failed = |source: std::io::Error| Error::Export {
        path: dir.join(name),
        source,
    };
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(&t.header).map_err(|e| failed(e.into()))?;
    for row in &t.rows {
        out.write_record(row).map_err(|e| failed(e.into()))?;
    }
    let bytes = out.into_inner().map_err(|e| failed(e.into_error()))?;
    crate::files::write(dir, name, &bytes)
}

//! The « Diagnostic » paper for the customer, in the workshop's layout: the
//! vehicle and what was noticed, the codes read with what they mean, the
//! checks made, the conclusion and the work recommended.

use atelier_domain::{DiagnosisSessionId, Locale};
use atelier_pdf::{Align, Block, Column, Document, Table};

use super::session::{self, CodeState, ReadingKind, Session};
use super::titles;
use super::walk::Reached;
use super::words::words;
use crate::orders::documents::{frame, vehicle_and_complaint};
use crate::orders::recommendations::Severity;
use crate::text::format_date;
use crate::{Connection, Result, orders};

/// The diagnosis as PDF, dated `today` (YYYY-MM-DD).
pub fn pdf(
    conn: &Connection,
    id: DiagnosisSessionId,
    locale: Locale,
    today: &str,
) -> Result<Vec<u8>> {
    let doc = document(conn, &session::get(conn, id)?, locale, today)?;
    let made_at_s = crate::text::day_start_ms(today).map(|ms| ms / 1000);
    Ok(atelier_pdf::render_made_at(&doc, made_at_s)?)
}

/// Writes the diagnosis's PDF in `dir` as `<order number>-diagnostic.pdf`,
/// replacing an earlier print. Returns where it went.
pub fn write_pdf(
    conn: &Connection,
    id: DiagnosisSessionId,
    locale: Locale,
    today: &str,
    dir: &std::path::Path,
) -> Result<std::path::PathBuf> {
    let s = session::get(conn, id)?;
    let order = orders::get(conn, s.order_id)?;
    let bytes = pdf(conn, id, locale, today)?;
    let name = words(locale).file;
    crate::files::write(dir, &format!("{}-{name}.pdf", order.number()), &bytes)
}

fn column(header: &str, width: f32, align: Align) -> Column {
    Column {
        header: header.to_owned(),
        width,
        align,
    }
}

pub(crate) fn document(
    conn: &Connection,
    s: &Session,
    locale: Locale,
    today: &str,
) -> Result<Document> {
    let w = words(locale);
    let order = orders::get(conn, s.order_id)?;
    let mut doc = frame(conn, &order, locale, w.title, order.number())?;
    doc.meta = vec![
        (w.date.to_owned(), format_date(today, locale)),
        (w.technician.to_owned(), s.started_by.clone()),
    ];
    doc.blocks
        .extend(vehicle_and_complaint(conn, &order, locale)?);
    if let Some(symptom) = s
        .symptom
        .as_ref()
        .filter(|x| Some(*x) != order.complaint.as_ref())
    {
        doc.blocks.push(Block::Heading(w.symptom.to_owned()));
        doc.blocks.push(Block::Paragraph(symptom.clone()));
    }
    codes(conn, s, locale, &mut doc)?;
    guide(s, locale, &mut doc);
    checks(s, locale, &mut doc);
    if let Some(conclusion) = &s.conclusion {
        doc.blocks.push(Block::Heading(w.conclusion.to_owned()));
        doc.blocks.push(Block::Paragraph(conclusion.clone()));
    }
    if !s.findings.is_empty() {
        doc.blocks.push(Block::Heading(w.recommended.to_owned()));
        doc.blocks.push(Block::Table(Table {
            columns: vec![
                column(w.work, 7.0, Align::Left),
                column(w.priority, 2.0, Align::Left),
            ],
            rows: s
                .findings
                .iter()
                .map(|f| {
                    let priority = match f.severity {
                        Severity::Urgent => w.urgent,
                        Severity::Watch => w.to_plan,
                    };
                    vec![f.description.clone(), priority.to_owned()]
                })
                .collect(),
        }));
        doc.blocks
            .push(Block::Paragraph(w.estimate_follows.to_owned()));
    }
    doc.blocks.push(Block::Signature {
        label: w.technician_box.to_owned(),
        png: None,
        caption: s.started_by.clone(),
    });
    Ok(doc)
}

/// The codes read, each with its state and meaning, and what the readings
/// said besides (the lamp, no code, the codes cleared).
fn codes(conn: &Connection, s: &Session, locale: Locale, doc: &mut Document) -> Result<()> {
    let w = words(locale);
    doc.blocks.push(Block::Heading(w.codes.to_owned()));
    let make = crate::vehicles::get(conn, s.vehicle_id)?
        .make
        .as_deref()
        .and_then(atelier_dtc::Make::new);
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for r in &s.readings {
        let day = format_date(r.at.get(..10).unwrap_or(&r.at), locale);
        if r.kind == ReadingKind::Cleared {
            notes.push((w.cleared)(&day, &r.by));
            continue;
        }
        if r.mil == Some(true) {
            notes.push((w.lamp_on)(&day));
        }
        if r.codes.is_empty() {
            notes.push((w.no_code)(&day));
        }
        for c in &r.codes {
            let state = match c.state {
                CodeState::Stored => w.stored,
                CodeState::Pending => w.pending,
                CodeState::Permanent => w.permanent,
            };
            // The stored titles are French: a paper in another language asks again.
            let asked = if locale == Locale::En {
                let code = atelier_dtc::Code::parse(&c.code)
                    .map_err(|_| crate::Error::Corrupt("diagnosis_readings.codes"))?;
                titles::explain(conn, code, make.as_ref(), locale)?.title
            } else {
                None
            };
            let (title, english) = match asked {
                Some(title) => (Some(title), None),
                None => (c.title.clone(), c.english.clone()),
            };
            let meaning = match (title, english) {
                (Some(title), Some(en)) => format!("{title}\n({en})"),
                (Some(title), None) => title,
                (None, _) => w.makers_own_code.to_owned(),
            };
            rows.push(vec![c.code.clone(), state.to_owned(), meaning, day.clone()]);
        }
    }
    if !rows.is_empty() {
        doc.blocks.push(Block::Table(Table {
            columns: vec![
                column(w.code, 1.2, Align::Left),
                column(w.state, 1.3, Align::Left),
                column(w.meaning, 6.0, Align::Left),
                column(w.read_on, 1.5, Align::Left),
            ],
            rows,
        }));
    }
    if s.readings.is_empty() {
        notes.push(w.not_read.to_owned());
    }
    if !notes.is_empty() {
        doc.blocks.push(Block::Paragraph(notes.join("\n")));
    }
    Ok(())
}

/// The tree followed: each question with its answer, and the likely cause
/// once reached.
fn guide(s: &Session, locale: Locale, doc: &mut Document) {
    let w = words(locale);
    let Some(guide) = s.guide.as_ref().filter(|g| !g.walk.path.is_empty()) else {
        return;
    };
    doc.blocks
        .push(Block::Heading((w.guided)(guide.name.get(locale))));
    doc.blocks.push(Block::Table(Table {
        columns: vec![
            column(w.question, 5.0, Align::Left),
            column(w.answer, 3.0, Align::Left),
        ],
        rows: guide
            .walk
            .path
            .iter()
            .map(|a| {
                vec![
                    a.question.get(locale).to_owned(),
                    a.shown.get(locale).to_owned(),
                ]
            })
            .collect(),
    }));
    if let Reached::Outcome { outcome, .. } = &guide.walk.at {
        let causes: Vec<&str> = outcome.causes.iter().map(|c| c.get(locale)).collect();
        doc.blocks.push(Block::Paragraph((w.likely_cause)(&causes)));
    }
}

/// The mechanic's checks, with their measures.
fn checks(s: &Session, locale: Locale, doc: &mut Document) {
    let w = words(locale);
    if s.checks.is_empty() {
        return;
    }
    doc.blocks.push(Block::Heading(w.checks.to_owned()));
    doc.blocks.push(Block::Table(Table {
        columns: vec![
            column(w.check, 4.0, Align::Left),
            column(w.result, 4.0, Align::Left),
            column(w.measure, 1.6, Align::Right),
        ],
        rows: s
            .checks
            .iter()
            .map(|c| {
                let measure = c.value.map_or_else(String::new, |v| {
                    let unit = c.unit.as_deref().unwrap_or("");
                    format!("{}\u{a0}{unit}", v.format(locale))
                        .trim_end()
                        .to_owned()
                });
                vec![
                    c.description.clone(),
                    c.result.clone().unwrap_or_default(),
                    measure,
                ]
            })
            .collect(),
    }));
}

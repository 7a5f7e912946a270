//! The « Diagnostic » paper for the customer, in the workshop's layout: the
//! vehicle and what was noticed, the codes read with what they mean, the
//! checks made, the conclusion and the work recommended.

use atelier_domain::{DiagnosisSessionId, Locale};
use atelier_pdf::{Align, Block, Column, Document, Table};

use super::session::{self, CodeState, ReadingKind, Session};
use super::titles;
use super::walk::Reached;
use crate::orders::documents::{frame, vehicle_and_complaint};
use crate::orders::recommendations::Severity;
use crate::text::{format_date, t};
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
    let name = t(locale == Locale::Fr, "diagnostic", "diagnosis");
    crate::files::write(dir, &format!("{}-{name}.pdf", order.number()), &bytes)
}

fn column(header: String, width: f32, align: Align) -> Column {
    Column {
        header,
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
    let fr = locale == Locale::Fr;
    let order = orders::get(conn, s.order_id)?;
    let mut doc = frame(
        conn,
        &order,
        locale,
        &t(fr, "Diagnostic", "Diagnosis"),
        order.number(),
    )?;
    doc.meta = vec![
        (t(fr, "Date", "Date"), format_date(today, locale)),
        (t(fr, "Technicien", "Technician"), s.started_by.clone()),
    ];
    doc.blocks
        .extend(vehicle_and_complaint(conn, &order, locale)?);
    if let Some(symptom) = s
        .symptom
        .as_ref()
        .filter(|x| Some(*x) != order.complaint.as_ref())
    {
        doc.blocks.push(Block::Heading(t(
            fr,
            "Symptôme constaté",
            "Symptom noticed",
        )));
        doc.blocks.push(Block::Paragraph(symptom.clone()));
    }

    doc.blocks
        .push(Block::Heading(t(fr, "Codes défaut", "Trouble codes")));
    let make = crate::vehicles::get(conn, s.vehicle_id)?
        .make
        .as_deref()
        .and_then(atelier_dtc::Make::new);
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for r in &s.readings {
        let day = format_date(r.at.get(..10).unwrap_or(&r.at), locale);
        match r.kind {
            ReadingKind::Cleared => notes.push(if fr {
                format!("Codes effacés le {day} par {}.", r.by)
            } else {
                format!("Codes cleared on {day} by {}.", r.by)
            }),
            ReadingKind::Read | ReadingKind::Typed => {
                if r.mil == Some(true) {
                    notes.push(if fr {
                        format!("Voyant moteur allumé à la lecture du {day}.")
                    } else {
                        format!("Engine warning light on at the reading of {day}.")
                    });
                }
                if r.codes.is_empty() {
                    notes.push(if fr {
                        format!("Aucun code défaut en mémoire à la lecture du {day}.")
                    } else {
                        format!("No trouble code stored at the reading of {day}.")
                    });
                }
                for c in &r.codes {
                    let state = match c.state {
                        CodeState::Stored => t(fr, "Confirmé", "Confirmed"),
                        CodeState::Pending => t(fr, "En attente", "Pending"),
                        CodeState::Permanent => t(fr, "Permanent", "Permanent"),
                    };
                    // The stored titles are French: an English paper asks again.
                    let english_title = if fr {
                        None
                    } else {
                        let code = atelier_dtc::Code::parse(&c.code)
                            .map_err(|_| crate::Error::Corrupt("diagnosis_readings.codes"))?;
                        titles::explain(conn, code, make.as_ref(), locale)?.title
                    };
                    let (title, english) = match english_title {
                        Some(title) => (Some(title), None),
                        None => (c.title.clone(), c.english.clone()),
                    };
                    let meaning = match (&title, &english) {
                        (Some(title), Some(en)) => format!("{title}\n({en})"),
                        (Some(title), None) => title.clone(),
                        (None, _) => t(
                            fr,
                            "Code propre au constructeur, sans description dans la bibliothèque",
                            "Maker's own code, not described in the library",
                        ),
                    };
                    rows.push(vec![c.code.clone(), state, meaning, day.clone()]);
                }
            }
        }
    }
    if !rows.is_empty() {
        doc.blocks.push(Block::Table(Table {
            columns: vec![
                column(t(fr, "Code", "Code"), 1.2, Align::Left),
                column(t(fr, "État", "State"), 1.3, Align::Left),
                column(t(fr, "Signification", "Meaning"), 6.0, Align::Left),
                column(t(fr, "Lu le", "Read on"), 1.5, Align::Left),
            ],
            rows,
        }));
    }
    if s.readings.is_empty() {
        notes.push(t(
            fr,
            "Les codes n’ont pas été lus.",
            "The codes were not read.",
        ));
    }
    if !notes.is_empty() {
        doc.blocks.push(Block::Paragraph(notes.join("\n")));
    }

    if let Some(guide) = &s.guide
        && !guide.walk.path.is_empty()
    {
        doc.blocks.push(Block::Heading(if fr {
            format!("Diagnostic guidé : {}", guide.name.get(locale))
        } else {
            format!("Guided diagnosis: {}", guide.name.get(locale))
        }));
        doc.blocks.push(Block::Table(Table {
            columns: vec![
                column(t(fr, "Question", "Question"), 5.0, Align::Left),
                column(t(fr, "Réponse", "Answer"), 3.0, Align::Left),
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
            doc.blocks.push(Block::Paragraph(if fr {
                format!("Cause probable : {}", causes.join(" ; "))
            } else {
                format!("Likely cause: {}", causes.join("; "))
            }));
        }
    }

    if !s.checks.is_empty() {
        doc.blocks
            .push(Block::Heading(t(fr, "Contrôles effectués", "Checks made")));
        doc.blocks.push(Block::Table(Table {
            columns: vec![
                column(t(fr, "Contrôle", "Check"), 4.0, Align::Left),
                column(t(fr, "Résultat", "Result"), 4.0, Align::Left),
                column(t(fr, "Mesure", "Measure"), 1.6, Align::Right),
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

    if let Some(conclusion) = &s.conclusion {
        doc.blocks
            .push(Block::Heading(t(fr, "Conclusion", "Conclusion")));
        doc.blocks.push(Block::Paragraph(conclusion.clone()));
    }

    if !s.findings.is_empty() {
        doc.blocks.push(Block::Heading(t(
            fr,
            "Travaux recommandés",
            "Recommended work",
        )));
        doc.blocks.push(Block::Table(Table {
            columns: vec![
                column(t(fr, "Travaux", "Work"), 7.0, Align::Left),
                column(t(fr, "Priorité", "Priority"), 2.0, Align::Left),
            ],
            rows: s
                .findings
                .iter()
                .map(|f| {
                    let priority = match f.severity {
                        Severity::Urgent => t(fr, "Urgent", "Urgent"),
                        Severity::Watch => t(fr, "À prévoir", "To plan"),
                    };
                    vec![f.description.clone(), priority]
                })
                .collect(),
        }));
        doc.blocks.push(Block::Paragraph(t(
            fr,
            "Un devis détaillé vous est remis pour ces travaux ; rien n’est fait sans votre accord.",
            "A detailed estimate is given to you for this work; nothing is done without your approval.",
        )));
    }
    doc.blocks.push(Block::Signature {
        label: t(fr, "Le technicien", "The technician"),
        png: None,
        caption: s.started_by.clone(),
    });
    Ok(doc)
}

//! Renders documents and reads them back with poppler's tools (pdftotext,
//! pdfinfo, pdfimages), as a person's PDF viewer would, and with lopdf for
//! the exact characters.

#[path = "common/mod.rs"]
mod common;

use std::io::Write;
use std::process::Command;

use atelier_pdf::{Align, Block, CheckItem, Column, Document, Error, Party, Status, Table, render};
use common::{FOOTER, estimate, estimate_columns, estimate_rows, estimate_totals, eur};

/// A4 width and the right margin, in points.
const PAGE_W: f32 = 595.276;
const MARGIN: f32 = 15.0 * 72.0 / 25.4;

/// A rendered PDF on disk, for the command-line tools.
struct Pdf {
    bytes: Vec<u8>,
    file: tempfile::NamedTempFile,
}

impl Pdf {
    fn of(doc: &Document) -> Self {
        let bytes = render(doc).expect("the document should render");
        let mut file = tempfile::Builder::new()
            .suffix(".pdf")
            .tempfile()
            .expect("a temporary file");
        file.write_all(&bytes)
            .expect("the PDF written to the temporary file");
        Self { bytes, file }
    }

    /// The page's text in drawing order with its exact characters, as lopdf
    /// reads it through the fonts' ToUnicode maps (runs of spaces collapsed).
    fn exact_text(&self, page: u32) -> String {
        let doc = lopdf::Document::load_mem(&self.bytes).expect("lopdf should read the PDF");
        collapse(
            &doc.extract_text(&[page])
                .expect("lopdf should extract the page's text"),
        )
    }

    fn run(&self, tool: &str, args: &[&str]) -> String {
        let path = self.file.path().to_str().expect("a UTF-8 temporary path");
        let output = Command::new(tool)
            .args(args)
            .arg(path)
            .args(if tool == "pdftotext" {
                &["-"][..]
            } else {
                &[][..]
            })
            .output()
            .unwrap_or_else(|e| panic!("{tool} should run (apt-get install poppler-utils): {e}"));
        assert!(
            output.status.success(),
            "{tool} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("poppler prints UTF-8")
    }

    fn pages(&self) -> usize {
        let info = self.run("pdfinfo", &[]);
        let line = info
            .lines()
            .find(|l| l.starts_with("Pages:"))
            .expect("pdfinfo prints Pages:");
        line["Pages:".len()..].trim().parse().expect("a page count")
    }

    /// The page's text as laid out, runs of spaces collapsed to one.
    fn page_text(&self, page: usize) -> String {
        let n = page.to_string();
        collapse(&self.run("pdftotext", &["-layout", "-f", &n, "-l", &n]))
    }

    /// Every word with its box, page after page.
    fn words(&self) -> Vec<Word> {
        let xml = self.run("pdftotext", &["-bbox"]);
        let mut words = Vec::new();
        for line in xml.lines().map(str::trim) {
            if let Some(rest) = line.strip_prefix("<word ") {
                let attr = |name: &str| -> f32 {
                    let start = rest
                        .find(&format!("{name}=\""))
                        .expect("a word has its box")
                        + name.len()
                        + 2;
                    let end = start + rest[start..].find('"').expect("a closing quote");
                    rest[start..end].parse().expect("a coordinate")
                };
                let open = rest.find('>').expect("a word element") + 1;
                let close = rest.rfind("</word>").expect("a closed word element");
                let text = &rest[open..close];
                words.push(Word {
                    x_min: attr("xMin"),
                    x_max: attr("xMax"),
                    y_min: attr("yMin"),
                    text: text
                        .replace("&amp;", "&")
                        .replace("&lt;", "<")
                        .replace("&gt;", ">"),
                });
            }
        }
        words
    }
}

#[derive(Debug)]
struct Word {
    x_min: f32,
    x_max: f32,
    y_min: f32,
    text: String,
}

/// pdftotext prints no-break spaces (U+00A0, U+202F) as plain spaces and
/// pads columns with runs of spaces: compare texts with every run of
/// whitespace made one plain space.
fn collapse(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{202F}' || c == '\u{A0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Asserts every expected piece occurs in `text`, each after the previous one.
fn assert_in_order(text: &str, expected: &[String]) {
    let mut from = 0;
    for piece in expected {
        let piece = collapse(piece);
        match text[from..].find(&piece) {
            Some(at) => from += at + piece.len(),
            None => panic!(
                "{piece:?} should come after what precedes it; the text from there is:\n{}",
                &text[from..]
            ),
        }
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn a_french_estimate_reads_back_exactly_and_in_order() {
    let doc = estimate(10);
    let pdf = Pdf::of(&doc);
    assert_eq!(
        pdf.pages(),
        1,
        "ten lines, totals and a signature fit on one page"
    );
    let text = pdf.page_text(1);

    // The letterhead: two columns side by side, so each line is checked on its own.
    let mut header = vec![doc.title.clone(), doc.issuer.name.clone()];
    header.extend(doc.issuer.lines.iter().cloned());
    header.extend(
        doc.meta
            .iter()
            .map(|(label, value)| format!("{label} {value}")),
    );
    let recipient = doc.recipient.as_ref().unwrap();
    header.push(recipient.name.clone());
    header.extend(recipient.lines.iter().cloned());
    for line in &header {
        assert!(
            text.contains(&collapse(line)),
            "{line:?} should be in the letterhead:\n{text}"
        );
    }

    // The body, read top to bottom and left to right.
    let (ht, tva, ttc) = estimate_totals(10);
    let mut body = strings(&[
        "Véhicule",
        "Immatriculation GH-482-KT Marque et modèle Renault Mégane IV 1.5 Blue",
        "VIN VF1RFB00067123456 Kilométrage 87\u{202F}412 km",
        "1re mise en circulation 14/03/2019",
        "Travaux proposés",
        "Réf. Désignation Qté PU HT TVA Total HT",
    ]);
    body.extend(estimate_rows(10).iter().map(|row| row.join(" ")));
    body.extend([
        format!("Total HT {}", eur(ht)),
        format!("TVA 20 % {}", eur(tva)),
        format!("Total TTC {}", eur(ttc)),
        "Les pièces remplacées sont tenues à votre disposition. Tout travail supplémentaire \
         fera l’objet d’un nouvel accord de votre part. Pour accepter ce devis, retournez-le \
         signé avec la mention « Bon pour accord »."
            .to_owned(),
        "Bon pour accord — signature du client".to_owned(),
        "Accepté le 21/11/2026".to_owned(),
    ]);
    body.extend(FOOTER.iter().map(|s| (*s).to_owned()));
    body.push("Page 1/1".to_owned());
    assert_in_order(&text, &body);
}

#[test]
fn no_break_spaces_and_typography_survive_in_the_file() {
    // pdftotext turns U+202F and U+00A0 into plain spaces; lopdf reads the
    // characters the PDF maps its glyphs to, so copy-paste gives them back.
    let bytes = render(&estimate(10)).unwrap();
    let text = lopdf::Document::load_mem(&bytes)
        .unwrap()
        .extract_text(&[1])
        .unwrap();
    let (_, _, ttc) = estimate_totals(10);
    for exact in [
        eur(ttc).as_str(),
        "1\u{202F}105,62\u{A0}€",
        "87\u{202F}412 km",
        "Main-d’œuvre : remplacement de la distribution",
        "« céramique »",
        "Mme Chloé Bœuf",
        "N° client",
    ] {
        assert!(
            text.contains(exact),
            "{exact:?} should be in the PDF exactly:\n{text}"
        );
    }
}

#[test]
fn amounts_are_flush_right_to_the_point() {
    let pdf = Pdf::of(&estimate(10));
    // Every amount ends with "€"; those of the Total HT column and the totals
    // box under it must end at the same x, which only holds if widths are
    // measured with the font's real advances.
    let euro_ends: Vec<f32> = pdf
        .words()
        .iter()
        .filter(|w| w.text == "€" && w.x_min > 500.0 && w.y_min > 250.0 && w.y_min < 620.0)
        .map(|w| w.x_max)
        .collect();
    assert_eq!(
        euro_ends.len(),
        13,
        "ten line amounts and three totals: {euro_ends:?}"
    );
    let (min, max) = euro_ends
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    assert!(
        max - min < 0.05,
        "right-aligned amounts should end together, they spread over {} pt",
        max - min
    );
}

#[test]
fn a_long_table_runs_over_pages_with_its_header_repeated() {
    let doc = estimate(120);
    let pdf = Pdf::of(&doc);
    let total = pdf.pages();
    assert!(
        total >= 3,
        "120 lines should need at least three pages, got {total}"
    );

    let rows: Vec<String> = estimate_rows(120).iter().map(|r| r.join(" ")).collect();
    let mut all = String::new();
    for page in 1..=total {
        let text = pdf.page_text(page);
        let exact = pdf.exact_text(page as u32);
        if rows.iter().any(|row| exact.contains(&collapse(row))) {
            assert!(
                text.contains("Réf. Désignation Qté PU HT TVA Total HT"),
                "page {page} has rows, so it should repeat the table header:\n{text}"
            );
        }
        assert!(
            text.contains(&format!("Page {page}/{total}")),
            "page {page} should be numbered:\n{text}"
        );
        if page > 1 {
            assert!(
                text.starts_with(&doc.title),
                "page {page} should carry the title as running head"
            );
        }
        all.push_str(&exact);
        all.push(' ');
    }
    // Every row once, in order, and nothing lost at the breaks. The drawing
    // order keeps a wrapped cell's lines together, the visual layout does not.
    assert_in_order(&all, &rows);
}

#[test]
fn totals_and_signature_are_never_split_across_pages() {
    // Row counts that push the totals and the signature across the first page's bottom.
    for count in 12..=28 {
        let pdf = Pdf::of(&estimate(count));
        let (ht, tva, ttc) = estimate_totals(count);
        let totals = [
            format!("Total HT {}", collapse(&eur(ht))),
            format!("TVA 20 % {}", collapse(&eur(tva))),
            format!("Total TTC {}", collapse(&eur(ttc))),
        ];
        let signature = [
            "Bon pour accord — signature du client",
            "Accepté le 21/11/2026",
        ];
        let pages: Vec<String> = (1..=pdf.pages()).map(|p| pdf.page_text(p)).collect();
        let page_of = |needle: &str| {
            let found: Vec<usize> = (0..pages.len())
                .filter(|&p| pages[p].contains(needle))
                .collect();
            assert_eq!(
                found.len(),
                1,
                "{needle:?} should be on exactly one page ({count} lines)"
            );
            found[0]
        };
        let totals_page = page_of(&totals[0]);
        assert!(
            totals.iter().all(|t| page_of(t) == totals_page),
            "with {count} lines the totals box is split"
        );
        assert_eq!(
            page_of(signature[0]),
            page_of(signature[1]),
            "with {count} lines the signature is split"
        );
    }
}

#[test]
fn a_long_description_wraps_inside_the_right_margin() {
    let description = "Remplacement complet du kit de distribution comprenant la courroie crantée, \
        les galets tendeur et enrouleur, la pompe à eau et le liquide de refroidissement \
        conforme à la norme du constructeur, contrôle de l’étanchéité du circuit, purge, \
        vérification du calage de la distribution et essai routier de contrôle de vingt \
        minutes avec lecture des codes défauts du calculateur moteur après intervention.";
    let vin_like = "WVWZZZ1KZ6W000001WVWZZZ1KZ6W000002WVWZZZ1KZ6W000003WVWZZZ1KZ6W000004";
    let doc = Document {
        title: "Ordre de réparation OR-2026-0007".to_owned(),
        blocks: vec![
            Block::Table(Table {
                columns: vec![
                    Column {
                        header: "Désignation".to_owned(),
                        width: 3.0,
                        align: Align::Left,
                    },
                    Column {
                        header: "Montant".to_owned(),
                        width: 1.0,
                        align: Align::Right,
                    },
                ],
                rows: vec![
                    vec![description.to_owned(), "1\u{202F}234,56\u{A0}€".to_owned()],
                    vec![vin_like.to_owned(), "12,00\u{A0}€".to_owned()],
                    vec!["Ligne suivante".to_owned(), "1,00\u{A0}€".to_owned()],
                ],
            }),
            Block::Paragraph(format!("{description} {description}")),
        ],
        page_label: "Page {n}/{total}".to_owned(),
        ..Document::default()
    };
    let pdf = Pdf::of(&doc);
    let words = pdf.words();
    let limit = PAGE_W - MARGIN + 0.01;
    for w in &words {
        assert!(
            w.x_max <= limit,
            "{:?} ends at {} pt, past the right margin at {limit} pt",
            w.text,
            w.x_max
        );
    }

    // The description column ends at three quarters of the text width.
    let column_end = MARGIN + 0.75 * (PAGE_W - 2.0 * MARGIN);
    let first = words.iter().position(|w| w.text == "Remplacement").unwrap();
    let cell: Vec<&Word> = words[first..]
        .iter()
        .take_while(|w| !w.text.starts_with("WVWZZZ"))
        .filter(|w| w.x_min < column_end)
        .collect();
    let lines = cell
        .iter()
        .map(|w| w.y_min as i32)
        .collect::<std::collections::BTreeSet<_>>();
    assert!(
        lines.len() >= 3,
        "the description should wrap onto several lines, got {}",
        lines.len()
    );
    assert!(
        cell.iter().all(|w| w.x_max <= column_end),
        "the description should stay in its column"
    );
    let read: Vec<&str> = cell.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(
        read.join(" "),
        collapse(description),
        "no word of the description is lost or moved"
    );

    // The row grows: the next row starts under the description's last line.
    let next = words.iter().find(|w| w.text.starts_with("WVWZZZ")).unwrap();
    assert!(
        next.y_min > cell.last().unwrap().y_min,
        "the next row should start below the wrapped cell"
    );
    let start = words
        .iter()
        .position(|w| w.text.starts_with("WVWZZZ"))
        .unwrap();
    let cut: String = words[start..]
        .iter()
        .take_while(|w| w.text != "Ligne")
        .filter(|w| w.x_min < column_end)
        .map(|w| w.text.as_str())
        .collect();
    assert_eq!(
        cut, vin_like,
        "a word wider than its column is cut, not lost"
    );
}

#[test]
fn logo_and_signature_are_embedded_as_images() {
    let pdf = Pdf::of(&estimate(3));
    let list = pdf.run("pdfimages", &["-list"]);
    // Columns: page num type width height …; the alpha channels are listed as "smask".
    let images: Vec<(String, String)> = list
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|cols| cols[2] == "image")
        .map(|cols| (cols[3].to_owned(), cols[4].to_owned()))
        .collect();
    assert_eq!(
        images,
        vec![
            ("240".to_owned(), "120".to_owned()),
            ("360".to_owned(), "140".to_owned())
        ],
        "the logo and the signature should each be embedded once:\n{list}"
    );
}

#[test]
fn a_document_without_logo_recipient_or_footer_renders() {
    let doc = Document {
        title: "Rapport d’inspection".to_owned(),
        issuer: Party {
            name: "Garage du Centre".to_owned(),
            lines: vec![],
        },
        blocks: vec![
            Block::Heading("Points contrôlés".to_owned()),
            Block::Checklist(vec![
                CheckItem {
                    label: "Plaquettes de frein avant".to_owned(),
                    status: Status::Urgent,
                    status_label: "Urgent".to_owned(),
                    comment: "Épaisseur 2 mm".to_owned(),
                },
                CheckItem {
                    label: "Pneumatiques".to_owned(),
                    status: Status::Watch,
                    status_label: "À surveiller".to_owned(),
                    comment: String::new(),
                },
                CheckItem {
                    label: "Éclairage".to_owned(),
                    status: Status::Ok,
                    status_label: "Bon".to_owned(),
                    comment: String::new(),
                },
                CheckItem {
                    label: "Climatisation".to_owned(),
                    status: Status::NotChecked,
                    status_label: "Non contrôlé".to_owned(),
                    comment: String::new(),
                },
            ]),
            Block::Spacer(10.0),
            Block::Signature {
                label: "Le technicien".to_owned(),
                png: None,
                caption: String::new(),
            },
        ],
        ..Document::default()
    };
    let pdf = Pdf::of(&doc);
    assert_eq!(pdf.pages(), 1);
    let text = pdf.page_text(1);
    assert_in_order(
        &text,
        &strings(&[
            "Garage du Centre",
            "Points contrôlés",
            "Plaquettes de frein avant Urgent Épaisseur 2 mm",
            "Pneumatiques À surveiller",
            "Éclairage Bon",
            "Climatisation Non contrôlé",
            "Le technicien",
        ]),
    );
    assert!(
        pdf.run("pdfimages", &["-list"]).lines().count() == 2,
        "no image was given, none is drawn"
    );

    // Nothing at all is still a valid (blank) page.
    let blank = Pdf::of(&Document::default());
    assert_eq!(blank.pages(), 1);
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    let mut doc = estimate(2);
    doc.logo_png = Some(b"GIF89a not a png".to_vec());
    assert!(matches!(
        render(&doc),
        Err(Error::Image { what: "logo", .. })
    ));

    let mut doc = estimate(2);
    doc.blocks = vec![Block::Signature {
        label: String::new(),
        png: Some(b"\x89PNG\r\n\x1a\ntruncated".to_vec()),
        caption: String::new(),
    }];
    let err = render(&doc).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Image {
                what: "signature",
                ..
            }
        ),
        "{err}"
    );

    let mut rows = estimate_rows(3);
    rows[1].pop();
    doc.blocks = vec![Block::Table(Table {
        columns: estimate_columns(),
        rows,
    })];
    assert!(matches!(
        render(&doc),
        Err(Error::TableShape {
            row: 1,
            expected: 6,
            found: 5
        })
    ));

    let mut columns = estimate_columns();
    columns[2].width = 0.0;
    doc.blocks = vec![Block::Table(Table {
        columns,
        rows: vec![],
    })];
    assert!(matches!(
        render(&doc),
        Err(Error::ColumnWidth { column: 2, .. })
    ));
}

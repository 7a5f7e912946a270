//! A realistic French estimate and small PNG images, shared by the tests, the
//! benchmark and the sample example (which include this file by path).
#![allow(dead_code)]

use atelier_pdf::sample::png;
use atelier_pdf::{Align, Block, Column, Document, Party, Table, TotalRow};

/// Formats cents as a French amount: "1 234,56 €", with a narrow no-break
/// space between thousands and a no-break space before the sign.
pub fn eur(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let units = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push('\u{202F}');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped},{:02}\u{A0}€", cents % 100)
}

/// A workshop logo: a navy disc with an orange band, on a transparent background.
pub fn logo_png() -> Vec<u8> {
    png(240, 120, |x, y| {
        let (dx, dy) = (x as f32 - 60.0, y as f32 - 60.0);
        if dx * dx + dy * dy < 52.0 * 52.0 {
            if (y as f32 - 60.0).abs() < 8.0 {
                [240, 140, 30, 255]
            } else {
                [28, 58, 102, 255]
            }
        } else if x > 125 && (35..85).contains(&y) && (y / 12) % 2 == 0 {
            [28, 58, 102, 255]
        } else {
            [255, 255, 255, 0]
        }
    })
}

/// A hand-written-looking stroke in dark blue ink on a transparent background.
pub fn signature_png() -> Vec<u8> {
    png(360, 140, |x, y| {
        let t = x as f32 / 360.0;
        let curve = 70.0 + 38.0 * (t * 14.0).sin() * (1.0 - t) + 10.0 * (t * 40.0).cos();
        if (y as f32 - curve).abs() < 2.5 && (20..340).contains(&x) {
            [20, 30, 90, 255]
        } else {
            [255, 255, 255, 0]
        }
    })
}

/// The parts and labour lines of an estimate, as (ref, description, quantity
/// in tenths, unit price in cents).
const LINES: &[(&str, &str, u32, i64)] = &[
    (
        "MO-DIAG",
        "Diagnostic électronique et lecture des défauts",
        10,
        4_500,
    ),
    (
        "KD-1420",
        "Kit de distribution avec pompe à eau",
        10,
        38_990,
    ),
    (
        "MO-DIST",
        "Main-d’œuvre : remplacement de la distribution",
        35,
        6_200,
    ),
    ("FR-0231", "Disques de frein avant (la paire)", 10, 8_950),
    (
        "FR-0232",
        "Plaquettes de frein avant « céramique »",
        10,
        4_720,
    ),
    ("LQ-DOT4", "Liquide de frein DOT 4 — 1 L", 10, 1_490),
    ("HU-5W30", "Huile moteur 5W-30 (l)", 45, 1_390),
    ("FI-0457", "Filtre à huile", 10, 1_250),
    ("FI-0812", "Filtre à air", 10, 1_890),
    ("FI-1190", "Filtre d’habitacle à charbon actif", 10, 2_390),
    (
        "MO-VID",
        "Main-d’œuvre : vidange et remplacement des filtres",
        8,
        6_200,
    ),
    ("BA-70AH", "Batterie 70 Ah 720 A", 10, 14_900),
    (
        "ES-0610",
        "Balais d’essuie-glace avant (la paire)",
        10,
        2_990,
    ),
    ("AM-0341", "Amortisseurs arrière (la paire)", 10, 17_800),
    (
        "MO-AMO",
        "Main-d’œuvre : remplacement des amortisseurs",
        15,
        6_200,
    ),
    ("GE-0101", "Géométrie et parallélisme", 10, 7_900),
    ("CL-R134", "Recharge de climatisation R1234yf", 10, 9_900),
    ("AMP-H7", "Ampoule H7 12 V 55 W", 20, 890),
    ("PN-2055", "Pneumatique 205/55 R16 91V été", 20, 10_450),
    ("MO-PNEU", "Montage, équilibrage et valve", 20, 1_800),
];

/// Cents × a quantity in tenths, rounded to the cent.
pub fn line_total(unit_cents: i64, tenths: u32) -> i64 {
    (unit_cents * i64::from(tenths) + 5) / 10
}

/// A quantity in tenths written the French way: "3,5", "1".
pub fn quantity(tenths: u32) -> String {
    if tenths.is_multiple_of(10) {
        (tenths / 10).to_string()
    } else {
        format!("{},{}", tenths / 10, tenths % 10)
    }
}

/// The table rows of an estimate with `count` lines (the 20 above, repeated).
pub fn estimate_rows(count: usize) -> Vec<Vec<String>> {
    LINES
        .iter()
        .cycle()
        .take(count)
        .map(|&(reference, designation, quantity, unit)| {
            vec![
                reference.to_owned(),
                designation.to_owned(),
                self::quantity(quantity),
                eur(unit),
                "20 %".to_owned(),
                eur(line_total(unit, quantity)),
            ]
        })
        .collect()
}

/// The columns of an estimate's table.
pub fn estimate_columns() -> Vec<Column> {
    let column = |header: &str, width, align| Column {
        header: header.to_owned(),
        width,
        align,
    };
    vec![
        column("Réf.", 1.5, Align::Left),
        column("Désignation", 5.6, Align::Left),
        column("Qté", 0.8, Align::Right),
        column("PU HT", 1.5, Align::Right),
        column("TVA", 0.8, Align::Right),
        column("Total HT", 1.6, Align::Right),
    ]
}

/// Total HT, TVA 20 % and TTC of `count` estimate lines, in cents.
pub fn estimate_totals(count: usize) -> (i64, i64, i64) {
    let ht: i64 = LINES
        .iter()
        .cycle()
        .take(count)
        .map(|&(_, _, quantity, unit)| line_total(unit, quantity))
        .sum();
    let tva = (ht * 20 + 50) / 100;
    (ht, tva, ht + tva)
}

/// The legal mentions printed at the foot of every page.
pub const FOOTER: [&str; 2] = [
    "Garage Martin & Fils — SARL au capital de 20 000 € — RCS Lyon B 123 456 789 — \
     SIRET 123 456 789 00012 — TVA FR 12 123456789",
    "Devis gratuit. En cas de retard de paiement, pénalités au taux de trois fois \
     l’intérêt légal et indemnité forfaitaire de 40 € pour frais de recouvrement. \
     Pas d’escompte pour paiement anticipé.",
];

/// A complete estimate with `count` lines, a logo, a customer, totals and a signature.
pub fn estimate(count: usize) -> Document {
    let (ht, tva, ttc) = estimate_totals(count);
    Document {
        title: "Devis D-2026-0042".to_owned(),
        issuer: Party {
            name: "Garage Martin & Fils".to_owned(),
            lines: vec![
                "SARL au capital de 20 000 €".to_owned(),
                "12 rue des Artisans, 69003 Lyon".to_owned(),
                "SIRET 123 456 789 00012 — RCS Lyon B 123 456 789".to_owned(),
                "TVA intracommunautaire FR 12 123456789".to_owned(),
                "Tél. 04 78 00 00 00 — contact@garage-martin.fr".to_owned(),
            ],
        },
        logo_png: Some(logo_png()),
        meta: vec![
            ("Date".to_owned(), "21/11/2026".to_owned()),
            ("Valable jusqu’au".to_owned(), "21/12/2026".to_owned()),
            ("N° client".to_owned(), "C-00318".to_owned()),
            ("Conseiller".to_owned(), "Sophie Lefèvre".to_owned()),
        ],
        recipient: Some(Party {
            name: "Mme Chloé Bœuf".to_owned(),
            lines: vec![
                "8 allée des Peupliers".to_owned(),
                "69100 Villeurbanne".to_owned(),
            ],
        }),
        blocks: vec![
            Block::Heading("Véhicule".to_owned()),
            Block::Fields(vec![
                ("Immatriculation".to_owned(), "GH-482-KT".to_owned()),
                (
                    "Marque et modèle".to_owned(),
                    "Renault Mégane IV 1.5 Blue dCi 115".to_owned(),
                ),
                ("VIN".to_owned(), "VF1RFB00067123456".to_owned()),
                ("Kilométrage".to_owned(), "87\u{202F}412 km".to_owned()),
                (
                    "1re mise en circulation".to_owned(),
                    "14/03/2019".to_owned(),
                ),
            ]),
            Block::Heading("Travaux proposés".to_owned()),
            Block::Table(Table {
                columns: estimate_columns(),
                rows: estimate_rows(count),
            }),
            Block::Totals(vec![
                TotalRow {
                    label: "Total HT".to_owned(),
                    amount: eur(ht),
                    strong: false,
                },
                TotalRow {
                    label: "TVA 20 %".to_owned(),
                    amount: eur(tva),
                    strong: false,
                },
                TotalRow {
                    label: "Total TTC".to_owned(),
                    amount: eur(ttc),
                    strong: true,
                },
            ]),
            Block::Paragraph(
                "Les pièces remplacées sont tenues à votre disposition. Tout travail \
                 supplémentaire fera l’objet d’un nouvel accord de votre part. Pour \
                 accepter ce devis, retournez-le signé avec la mention « Bon pour accord »."
                    .to_owned(),
            ),
            Block::Signature {
                label: "Bon pour accord — signature du client".to_owned(),
                png: Some(signature_png()),
                caption: "Accepté le 21/11/2026".to_owned(),
            },
        ],
        footer: FOOTER.iter().map(|s| (*s).to_owned()).collect(),
        page_label: "Page {n}/{total}".to_owned(),
    }
}

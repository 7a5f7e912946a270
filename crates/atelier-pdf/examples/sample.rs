//! Renders a sample document to look at the layout:
//!
//! ```sh
//! cargo run -p atelier-pdf --example sample                 # estimate, 10 lines
//! cargo run -p atelier-pdf --example sample -- estimate 60  # estimate over pages
//! cargo run -p atelier-pdf --example sample -- inspection   # inspection report
//! ```
//!
//! It writes /tmp/atelier-pdf-sample.pdf; `pdftoppm -png -r 80` turns it into pictures.

#[path = "../tests/common/mod.rs"]
mod common;

use atelier_pdf::{Block, CheckItem, Document, Status};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let doc = match args.next().as_deref() {
        None | Some("estimate") => {
            let lines = args.next().map(|n| n.parse()).transpose()?.unwrap_or(10);
            common::estimate(lines)
        }
        Some("inspection") => inspection(),
        Some(other) => {
            return Err(format!("unknown sample {other:?}: estimate or inspection").into());
        }
    };
    std::fs::write("/tmp/atelier-pdf-sample.pdf", atelier_pdf::render(&doc)?)?;
    Ok(())
}

/// An inspection report: the estimate's letterhead with a checklist for a body.
fn inspection() -> Document {
    let estimate = common::estimate(0);
    let item = |label: &str, status, status_label: &str, comment: &str| CheckItem {
        label: label.to_owned(),
        status,
        status_label: status_label.to_owned(),
        comment: comment.to_owned(),
    };
    Document {
        title: "Rapport d’inspection RI-2026-0113".to_owned(),
        meta: vec![
            ("Date".to_owned(), "21/11/2026".to_owned()),
            ("N° client".to_owned(), "C-00318".to_owned()),
        ],
        blocks: vec![
            estimate.blocks[0].clone(),
            estimate.blocks[1].clone(),
            Block::Heading("Points contrôlés".to_owned()),
            Block::Checklist(vec![
                item("Plaquettes de frein avant", Status::Urgent, "À remplacer", "Épaisseur restante 2 mm, témoin d’usure atteint"),
                item("Disques de frein avant", Status::Watch, "À surveiller", "Légère voilure, à reprendre au prochain entretien"),
                item("Pneumatiques avant", Status::Ok, "Bon", "5 mm"),
                item("Pneumatiques arrière", Status::Watch, "À surveiller", "2,5 mm : prévoir le remplacement d’ici 5\u{202F}000 km"),
                item("Éclairage et signalisation", Status::Ok, "Bon", ""),
                item("Batterie", Status::Ok, "Bon", "12,6 V, test de charge satisfaisant"),
                item("Balais d’essuie-glace", Status::Urgent, "À remplacer", "Traces sur le pare-brise"),
                item("Climatisation", Status::NotChecked, "Non contrôlé", "Sur demande du client"),
            ]),
            Block::Paragraph("Les points « À remplacer » compromettent la sécurité : nous vous conseillons de les faire traiter sans attendre.".to_owned()),
            Block::Signature {
                label: "Le technicien".to_owned(),
                png: Some(common::signature_png()),
                caption: "Contrôlé le 21/11/2026 par Karim Haddad".to_owned(),
            },
        ],
        ..estimate
    }
}

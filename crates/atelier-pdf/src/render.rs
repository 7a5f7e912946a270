//! From a [`Document`] to PDF bytes.

use printpdf::{
    ImageCompression, ImageOptimizationOptions, Mm, PdfDocument, PdfPage, PdfSaveOptions,
};

use crate::canvas::{Canvas, Placed};
use crate::header::{Footer, letterhead};
use crate::{Block, Document, Error, blocks, fonts, images};

/// Lays `doc` out on A4 portrait pages and returns the PDF file's bytes.
///
/// The fonts are embedded (subset to the characters used), so the file reads
/// the same on any machine. Fails only on an image that is not a readable PNG
/// or a malformed table; text never makes it fail.
///
/// ```
/// use atelier_pdf::{Block, Document, Party, TotalRow};
///
/// let doc = Document {
///     title: "Devis D-2026-0042".into(),
///     issuer: Party { name: "Garage Martin".into(), lines: vec!["69003 Lyon".into()] },
///     blocks: vec![
///         Block::Paragraph("Remplacement des plaquettes avant.".into()),
///         Block::Totals(vec![TotalRow {
///             label: "Total TTC".into(),
///             amount: "1\u{202F}234,56\u{A0}€".into(),
///             strong: true,
///         }]),
///     ],
///     page_label: "Page {n}/{total}".into(),
///     ..Document::default()
/// };
/// let pdf = atelier_pdf::render(&doc)?;
/// assert!(pdf.starts_with(b"%PDF-"));
/// # Ok::<(), atelier_pdf::Error>(())
/// ```
pub fn render(doc: &Document) -> Result<Vec<u8>, Error> {
    render_made_at(doc, None)
}

/// [`render`], with the PDF's creation and modification dates set to
/// `made_at_s` (Unix seconds): what a PDF reader's properties show, rather
/// than 1 January 1970.
pub fn render_made_at(doc: &Document, made_at_s: Option<i64>) -> Result<Vec<u8>, Error> {
    let faces = fonts::faces()?;
    let mut pdf = PdfDocument::new(&doc.title);
    if let Some(at) = made_at_s.and_then(|s| printpdf::OffsetDateTime::from_unix_timestamp(s).ok())
    {
        pdf.metadata.info.creation_date = at;
        pdf.metadata.info.modification_date = at;
        pdf.metadata.info.metadata_date = at;
    }
    pdf.metadata.info.author = doc.issuer.name.clone();
    pdf.metadata.info.creator = "Atelier".to_owned();
    pdf.metadata.info.producer = "Atelier".to_owned();
    let regular = pdf.add_font(&faces.regular.font);
    let bold = pdf.add_font(&faces.bold.font);

    let logo = doc
        .logo_png
        .as_deref()
        .map(|png| images::place(&mut pdf, png, "logo"))
        .transpose()?;
    let signatures = doc
        .blocks
        .iter()
        .map(|block| match block {
            Block::Signature { png: Some(png), .. } => {
                images::place(&mut pdf, png, "signature").map(Some)
            }
            _ => Ok(None),
        })
        .collect::<Result<Vec<Option<Placed>>, Error>>()?;

    let footer = Footer::new(faces, doc);
    let mut canvas = Canvas::new(faces, regular, bold, &doc.title, footer.body_bottom());
    letterhead(&mut canvas, doc, logo.as_ref());
    for (block, signature) in doc.blocks.iter().zip(&signatures) {
        blocks::draw(&mut canvas, block, signature.as_ref())?;
    }
    let pages = canvas
        .finish(|canvas, n, total| footer.draw(canvas, n, total))
        .into_iter()
        .map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops))
        .collect();

    let options = PdfSaveOptions {
        // Logos and signatures are line art: keep them lossless.
        image_optimization: Some(ImageOptimizationOptions {
            format: Some(ImageCompression::Flate),
            ..Default::default()
        }),
        ..Default::default()
    };
    Ok(pdf.with_pages(pages).save(&options, &mut Vec::new()))
}

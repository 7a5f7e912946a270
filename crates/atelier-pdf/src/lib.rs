//! Lays out Atelier's A4 business documents as PDF bytes.
//!
//! Pure layout: the caller (atelier-core) passes strings that are already
//! formatted for the reader (money, dates, labels in their language) and gets
//! the bytes of a PDF back. Nothing here reads a database, the clock or a locale.
//!
//! One general [`Document`] model serves every paper the workshop prints: a
//! header (workshop, logo, reference data, customer), a body of [`Block`]s in
//! order, and legal small print with page numbers on every page.

#![warn(missing_docs)]

mod blocks;
mod canvas;
pub mod facturx;
mod fonts;
mod header;
mod images;
mod render;
pub mod sample;
mod style;
mod wrap;

pub use render::{render, render_made_at};

/// A business document to print: an estimate, a repair order, an inspection report…
///
/// Every string is printed as given; the layout only decides where it goes.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The big title top-right, e.g. "Devis D-2026-0042"; also the PDF's title
    /// and the running head of every page after the first.
    pub title: String,
    /// The workshop that issues the document: its name, then its legal form and
    /// capital, address, SIRET, RCS, VAT number, phone, e-mail, one per line.
    pub issuer: Party,
    /// The workshop's logo as PNG, drawn top-left and scaled to fit 35 × 20 mm
    /// without distortion.
    pub logo_png: Option<Vec<u8>>,
    /// Label/value pairs shown top-right under the title: "Date", "Valable jusqu'au",
    /// "N° client"…
    pub meta: Vec<(String, String)>,
    /// The customer's block, boxed on the right as on a French business letter.
    pub recipient: Option<Party>,
    /// The body, printed in order; page breaks are placed automatically.
    pub blocks: Vec<Block>,
    /// Small print at the bottom of every page (legal mentions), one paragraph each.
    pub footer: Vec<String>,
    /// The page number line, e.g. "Page {n}/{total}": `{n}` and `{total}` are
    /// replaced on every page.
    pub page_label: String,
}

/// A person or company with a name and address lines.
#[derive(Debug, Clone, Default)]
pub struct Party {
    /// Printed in bold on the first line.
    pub name: String,
    /// Printed one under the other below the name.
    pub lines: Vec<String>,
}

/// One piece of a document's body.
#[derive(Debug, Clone)]
pub enum Block {
    /// A section heading; it is never left alone at the bottom of a page.
    Heading(String),
    /// Running text, wrapped to the text width; `\n` starts a new line.
    Paragraph(String),
    /// Label/value rows (vehicle: plate, VIN, mileage…); more than three are
    /// laid out in two columns.
    Fields(Vec<(String, String)>),
    /// A table whose cells wrap within their column; its header is repeated on
    /// every page it runs onto.
    Table(Table),
    /// A right-aligned box of totals (HT per rate, TVA per rate, TTC); never split.
    Totals(Vec<TotalRow>),
    /// Inspection points, each with a coloured status mark and its status word.
    Checklist(Vec<CheckItem>),
    /// A signature box: the label above, the image inside (if signed), the
    /// caption below (e.g. "Accepté le 21/11/2026"); never split.
    Signature {
        /// Printed above the box, e.g. "Bon pour accord".
        label: String,
        /// The signature as PNG, scaled to fit the box; `None` leaves it blank to sign by hand.
        png: Option<Vec<u8>>,
        /// Printed under the box.
        caption: String,
    },
    /// Vertical space, in millimetres.
    Spacer(f32),
}

/// A table: column definitions and rows of already formatted cells.
///
/// Every row must have exactly one cell per column.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// The rows, top to bottom.
    pub rows: Vec<Vec<String>>,
}

/// A table column.
#[derive(Debug, Clone)]
pub struct Column {
    /// Printed in the header row (wrapped if needed).
    pub header: String,
    /// Relative weight: the text width is shared in proportion to it; must be > 0.
    pub width: f32,
    /// How the header and cells of this column are aligned.
    pub align: Align,
}

/// Horizontal alignment of text within its space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Flush left (text).
    #[default]
    Left,
    /// Flush right (amounts, quantities), measured with the font's real advances.
    Right,
    /// Centred.
    Center,
}

/// One line of a [`Block::Totals`] box.
#[derive(Debug, Clone)]
pub struct TotalRow {
    /// E.g. "Total HT", "TVA 20 %", "Total TTC".
    pub label: String,
    /// The formatted amount, right-aligned.
    pub amount: String,
    /// Bold on a shaded background, for the rows the reader looks for (TTC, net to pay).
    pub strong: bool,
}

/// One inspection point of a [`Block::Checklist`].
#[derive(Debug, Clone)]
pub struct CheckItem {
    /// What was checked, e.g. "Plaquettes de frein avant".
    pub label: String,
    /// Decides the colour of the mark.
    pub status: Status,
    /// The status in words ("Bon", "À surveiller"…), printed beside the mark so
    /// the report still reads on a black-and-white printer.
    pub status_label: String,
    /// The technician's remark; may be empty.
    pub comment: String,
}

/// The state of an inspection point, shown as a filled square.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Green: nothing to do.
    Ok,
    /// Amber: to watch, plan a repair.
    Watch,
    /// Red: to repair now.
    Urgent,
    /// Grey: not checked.
    NotChecked,
}

/// Why a document could not be laid out.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The font shipped inside the crate did not parse.
    #[error(
        "the built-in font {0} could not be read: this build of Atelier is damaged, reinstall it"
    )]
    Font(&'static str),
    /// A logo or signature was not a PNG that could be decoded.
    #[error("the {what} image could not be read as PNG ({reason}): choose a PNG file")]
    Image {
        /// "logo" or "signature".
        what: &'static str,
        /// The decoder's words.
        reason: String,
    },
    /// A table row does not have one cell per column.
    #[error("table row {row} has {found} cells but the table has {expected} columns")]
    TableShape {
        /// Zero-based index of the row.
        row: usize,
        /// The number of columns.
        expected: usize,
        /// The number of cells in that row.
        found: usize,
    },
    /// A PDF to turn into a Factur-X could not be read or written again.
    #[error("the PDF could not be made a Factur-X: {0}")]
    Pdf(String),
    /// A column weight is zero, negative or not a number.
    #[error("table column {column} has width {width}: a column's width must be a positive weight")]
    ColumnWidth {
        /// Zero-based index of the column.
        column: usize,
        /// The weight given.
        width: f32,
    },
}

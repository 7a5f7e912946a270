//! The first page's letterhead and the small print at the foot of every page.

use crate::canvas::{Canvas, Placed};
use crate::fonts::Faces;
use crate::style::{
    self, ACCENT, FOOTER_SIZE, LEFT, MARGIN, MUTED, PAGE_H, RIGHT, RULE, TEXT_W, TextStyle, mm,
};
use crate::wrap::wrap;
use crate::{Align, Document, Party};

/// The workshop's column on the left.
const ISSUER_W: f32 = 85.0 * style::PT_PER_MM;
/// Title, reference data and customer on the right, where a window envelope shows the address.
const RIGHT_X: f32 = 110.0 * style::PT_PER_MM;
const RIGHT_W: f32 = RIGHT - RIGHT_X;

/// Draws the letterhead on the first page and starts the body under it.
pub(crate) fn letterhead(canvas: &mut Canvas<'_>, doc: &Document, logo: Option<&Placed>) {
    let left_end = issuer(canvas, &doc.issuer, logo);

    let mut y = MARGIN;
    let title = TextStyle::bold(style::TITLE_SIZE).color(ACCENT);
    for line in wrap(canvas.face(title.weight), title.size, &doc.title, RIGHT_W) {
        canvas.text_in(RIGHT_X, RIGHT_W, y, &line, title, Align::Right);
        y += title.line_height();
    }
    y += mm(2.0);
    y = meta(canvas, &doc.meta, y);
    if let Some(recipient) = &doc.recipient {
        y = recipient_box(canvas, recipient, y + mm(5.0));
    }

    canvas.start_body(left_end.max(y) + mm(8.0));
}

/// The logo, then the workshop's name and lines; returns where the column ends.
fn issuer(canvas: &mut Canvas<'_>, issuer: &Party, logo: Option<&Placed>) -> f32 {
    let mut y = MARGIN;
    if let Some(logo) = logo {
        let (_, height) = canvas.image(logo, (LEFT, y, mm(35.0), mm(20.0)), Align::Left, false);
        y += height + mm(4.0);
    }
    let name = TextStyle::bold(style::HEADING_SIZE).color(ACCENT);
    for line in wrap(canvas.face(name.weight), name.size, &issuer.name, ISSUER_W) {
        canvas.text(LEFT, y, &line, name);
        y += name.line_height();
    }
    let small = TextStyle::regular(style::SMALL_SIZE).color(MUTED);
    for text in &issuer.lines {
        for line in wrap(canvas.face(small.weight), small.size, text, ISSUER_W) {
            canvas.text(LEFT, y, &line, small);
            y += small.line_height();
        }
    }
    y
}

/// Label/value rows, labels flush left and values flush right in the right column.
fn meta(canvas: &mut Canvas<'_>, rows: &[(String, String)], mut y: f32) -> f32 {
    let label = TextStyle::regular(style::SMALL_SIZE).color(MUTED);
    let value = TextStyle::bold(style::CELL_SIZE);
    let label_w = rows
        .iter()
        .map(|(l, _)| canvas.width(l, label))
        .fold(0.0, f32::max)
        .min(RIGHT_W * 0.5);
    let value_w = RIGHT_W - label_w - mm(3.0);
    for (l, v) in rows {
        let labels = wrap(canvas.face(label.weight), label.size, l, label_w);
        let values = wrap(canvas.face(value.weight), value.size, v, value_w);
        let line_h = value.line_height();
        for (i, line) in labels.iter().enumerate() {
            canvas.text(RIGHT_X, y + i as f32 * line_h, line, label);
        }
        for (i, line) in values.iter().enumerate() {
            canvas.text_in(
                RIGHT_X,
                RIGHT_W,
                y + i as f32 * line_h,
                line,
                value,
                Align::Right,
            );
        }
        y += labels.len().max(values.len()) as f32 * line_h;
    }
    y
}

/// The customer's name and address in a thin box; returns its bottom.
fn recipient_box(canvas: &mut Canvas<'_>, party: &Party, top: f32) -> f32 {
    let pad = mm(3.0);
    let inner = RIGHT_W - 2.0 * pad;
    let name = TextStyle::bold(style::BODY_SIZE + 0.5);
    let body = TextStyle::regular(style::BODY_SIZE);
    let mut y = top + pad;
    for line in wrap(canvas.face(name.weight), name.size, &party.name, inner) {
        canvas.text(RIGHT_X + pad, y, &line, name);
        y += name.line_height();
    }
    for text in &party.lines {
        for line in wrap(canvas.face(body.weight), body.size, text, inner) {
            canvas.text(RIGHT_X + pad, y, &line, body);
            y += body.line_height();
        }
    }
    let bottom = y + pad;
    canvas.stroke_rect(RIGHT_X, top, RIGHT_W, bottom - top, RULE);
    bottom
}

/// The small print and page number, laid out once and drawn on every page.
#[derive(Debug)]
pub(crate) struct Footer {
    lines: Vec<String>,
    page_label: String,
}

impl Footer {
    const STYLE: TextStyle = TextStyle::regular(FOOTER_SIZE).color(MUTED);

    pub(crate) fn new(faces: &Faces, doc: &Document) -> Self {
        let face = faces.get(Self::STYLE.weight);
        let lines = doc
            .footer
            .iter()
            .flat_map(|text| wrap(face, FOOTER_SIZE, text, TEXT_W))
            .collect();
        Self {
            lines,
            page_label: doc.page_label.clone(),
        }
    }

    /// Height from the rule above the small print down to the bottom margin.
    pub(crate) fn height(&self) -> f32 {
        mm(2.0) + (self.lines.len() + 1) as f32 * Self::STYLE.line_height()
    }

    /// Where body content must stop on every page.
    pub(crate) fn body_bottom(&self) -> f32 {
        PAGE_H - MARGIN - self.height() - mm(4.0)
    }

    pub(crate) fn draw(&self, canvas: &mut Canvas<'_>, page: usize, total: usize) {
        let style = Self::STYLE;
        let top = PAGE_H - MARGIN - self.height();
        canvas.hline(LEFT, RIGHT, top, RULE, 0.5);
        let mut y = top + mm(2.0);
        for line in &self.lines {
            canvas.text_in(LEFT, TEXT_W, y, line, style, Align::Center);
            y += style.line_height();
        }
        let label = self
            .page_label
            .replace("{n}", &page.to_string())
            .replace("{total}", &total.to_string());
        canvas.text_in(LEFT, TEXT_W, y, &label, style, Align::Right);
    }
}

//! A stack of pages being filled top to bottom, with a cursor and drawing
//! primitives in top-down points (PDF itself counts from the bottom).

use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, TextItem,
    XObjectId, XObjectTransform,
};

use crate::Align;
use crate::fonts::{Face, Faces};
use crate::style::{self, MARGIN, MUTED, PAGE_H, RULE, Rgb, TextStyle, Weight, mm};
use crate::wrap::wrap;

/// A decoded image placed in the document's resources.
#[derive(Debug, Clone)]
pub(crate) struct Placed {
    pub id: XObjectId,
    pub width_px: usize,
    pub height_px: usize,
}

/// Pages being laid out.
///
/// Invariant: body content stays between the top of the page's body and
/// `bottom`; whoever draws a piece asks [`Canvas::ensure`] for its height first.
pub(crate) struct Canvas<'a> {
    faces: &'static Faces,
    regular: FontId,
    bold: FontId,
    running_head: &'a str,
    pages: Vec<Vec<Op>>,
    ops: Vec<Op>,
    /// Where the next piece of body content starts, in points from the top.
    pub y: f32,
    /// Where body content started on this page.
    page_top: f32,
    /// The lowest point body content may reach, above the footer.
    pub bottom: f32,
}

impl<'a> Canvas<'a> {
    pub(crate) fn new(
        faces: &'static Faces,
        regular: FontId,
        bold: FontId,
        running_head: &'a str,
        bottom: f32,
    ) -> Self {
        Self {
            faces,
            regular,
            bold,
            running_head,
            pages: Vec::new(),
            ops: Vec::new(),
            y: MARGIN,
            page_top: MARGIN,
            bottom,
        }
    }

    pub(crate) fn face(&self, weight: Weight) -> &'static Face {
        self.faces.get(weight)
    }

    pub(crate) fn width(&self, text: &str, style: TextStyle) -> f32 {
        self.face(style.weight).width(text, style.size)
    }

    /// Declares that the body of this page starts at `y` (under the first
    /// page's header).
    pub(crate) fn start_body(&mut self, y: f32) {
        self.y = y;
        self.page_top = y;
    }

    /// Closes the current page and starts the next one under a running head
    /// repeating the document's title.
    pub(crate) fn page_break(&mut self) {
        self.pages.push(std::mem::take(&mut self.ops));
        let head = TextStyle::regular(style::SMALL_SIZE).color(MUTED);
        let face = self.face(head.weight);
        if let Some(line) = wrap(face, head.size, self.running_head, style::TEXT_W).first() {
            self.text(style::LEFT, MARGIN, line, head);
        }
        let rule_y = MARGIN + head.line_height() + mm(1.0);
        self.hline(style::LEFT, style::RIGHT, rule_y, RULE, 0.5);
        self.start_body(Self::continuation_top());
    }

    /// Where the body starts on every page after the first, under the running head.
    pub(crate) fn continuation_top() -> f32 {
        MARGIN + style::SMALL_SIZE * style::LEADING + mm(6.0)
    }

    /// True when nothing has been drawn yet in this page's body, so breaking
    /// the page would not make more room.
    pub(crate) fn at_page_top(&self) -> bool {
        self.y <= self.page_top
    }

    /// Room left on this page, in points.
    pub(crate) fn room(&self) -> f32 {
        self.bottom - self.y
    }

    /// Makes sure `height` points fit below the cursor, breaking the page if
    /// they do not (unless the page is still empty: then they never will).
    /// Returns whether it broke the page.
    pub(crate) fn ensure(&mut self, height: f32) -> bool {
        if self.y + height <= self.bottom || self.at_page_top() {
            return false;
        }
        self.page_break();
        true
    }

    /// Draws one line of text whose line box starts at `top`.
    pub(crate) fn text(&mut self, x: f32, top: f32, text: &str, style: TextStyle) {
        if text.is_empty() {
            return;
        }
        // Centre the glyphs (cap height to descender) in the line box.
        let baseline = top + (style.line_height() - style.size) / 2.0 + 0.83 * style.size;
        let font = match style.weight {
            Weight::Regular => self.regular.clone(),
            Weight::Bold => self.bold.clone(),
        };
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(style.size),
            },
            Op::SetFillColor {
                col: color(style.color),
            },
            Op::SetTextCursor {
                pos: point(x, baseline),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    /// Draws one line of text aligned within `[x, x + width]`.
    pub(crate) fn text_in(
        &mut self,
        x: f32,
        width: f32,
        top: f32,
        text: &str,
        style: TextStyle,
        align: Align,
    ) {
        let x = match align {
            Align::Left => x,
            Align::Right => x + width - self.width(text, style),
            Align::Center => x + (width - self.width(text, style)) / 2.0,
        };
        self.text(x, top, text, style);
    }

    pub(crate) fn fill_rect(&mut self, x: f32, top: f32, width: f32, height: f32, fill: Rgb) {
        self.ops.extend([
            Op::SetFillColor { col: color(fill) },
            Op::DrawRectangle {
                rectangle: rect(x, top, width, height, PaintMode::Fill),
            },
        ]);
    }

    pub(crate) fn stroke_rect(&mut self, x: f32, top: f32, width: f32, height: f32, stroke: Rgb) {
        self.ops.extend([
            Op::SetOutlineColor { col: color(stroke) },
            Op::SetOutlineThickness { pt: Pt(0.6) },
            Op::DrawRectangle {
                rectangle: rect(x, top, width, height, PaintMode::Stroke),
            },
        ]);
    }

    pub(crate) fn hline(&mut self, x1: f32, x2: f32, y: f32, stroke: Rgb, thickness: f32) {
        self.ops.extend([
            Op::SetOutlineColor { col: color(stroke) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: point(x1, y),
                            bezier: false,
                        },
                        LinePoint {
                            p: point(x2, y),
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            },
        ]);
    }

    /// Draws `image` as large as fits in the box without distortion, placed
    /// horizontally by `align` and either centred vertically or at the top.
    /// Returns the size drawn.
    pub(crate) fn image(
        &mut self,
        image: &Placed,
        (x, top, width, height): (f32, f32, f32, f32),
        align: Align,
        centre_vertically: bool,
    ) -> (f32, f32) {
        let (w_px, h_px) = (image.width_px.max(1) as f32, image.height_px.max(1) as f32);
        let scale = (width / w_px).min(height / h_px);
        let (w, h) = (w_px * scale, h_px * scale);
        let left = match align {
            Align::Left => x,
            Align::Center => x + (width - w) / 2.0,
            Align::Right => x + width - w,
        };
        let bottom = if centre_vertically {
            top + (height + h) / 2.0
        } else {
            top + h
        };
        self.ops.push(Op::UseXobject {
            id: image.id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Pt(left)),
                translate_y: Some(Pt(PAGE_H - bottom)),
                scale_x: Some(scale),
                scale_y: Some(scale),
                // At 72 dpi one pixel is one point before scaling.
                dpi: Some(72.0),
                ..Default::default()
            },
        });
        (w, h)
    }

    /// Closes the last page, lets `decorate` draw on every page (footer, page
    /// number: it is told the page's number and the total), and returns every
    /// page's operations.
    pub(crate) fn finish(mut self, decorate: impl Fn(&mut Self, usize, usize)) -> Vec<Vec<Op>> {
        self.pages.push(std::mem::take(&mut self.ops));
        let mut pages = std::mem::take(&mut self.pages);
        let total = pages.len();
        for (i, page) in pages.iter_mut().enumerate() {
            self.ops = std::mem::take(page);
            decorate(&mut self, i + 1, total);
            *page = std::mem::take(&mut self.ops);
        }
        pages
    }
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

fn point(x: f32, top: f32) -> Point {
    Point {
        x: Pt(x),
        y: Pt(PAGE_H - top),
    }
}

fn rect(x: f32, top: f32, width: f32, height: f32, mode: PaintMode) -> Rect {
    Rect {
        x: Pt(x),
        y: Pt(PAGE_H - top - height),
        width: Pt(width),
        height: Pt(height),
        mode: Some(mode),
        winding_order: None,
    }
}

//! Page geometry, type sizes and colours, in PDF points (1/72 inch).

/// Points per millimetre.
pub(crate) const PT_PER_MM: f32 = 72.0 / 25.4;

/// Millimetres to points.
pub(crate) fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

/// A4 portrait.
pub(crate) const PAGE_W: f32 = 210.0 * PT_PER_MM;
pub(crate) const PAGE_H: f32 = 297.0 * PT_PER_MM;
pub(crate) const MARGIN: f32 = 15.0 * PT_PER_MM;
pub(crate) const LEFT: f32 = MARGIN;
pub(crate) const RIGHT: f32 = PAGE_W - MARGIN;
pub(crate) const TEXT_W: f32 = RIGHT - LEFT;

pub(crate) const TITLE_SIZE: f32 = 16.0;
pub(crate) const HEADING_SIZE: f32 = 11.0;
pub(crate) const BODY_SIZE: f32 = 9.5;
pub(crate) const CELL_SIZE: f32 = 9.0;
pub(crate) const SMALL_SIZE: f32 = 8.5;
pub(crate) const FOOTER_SIZE: f32 = 7.0;

/// Line height as a multiple of the type size.
pub(crate) const LEADING: f32 = 1.3;

/// Space left under every block.
pub(crate) const BLOCK_GAP: f32 = 3.5 * PT_PER_MM;

/// The weight of a font face.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

/// An RGB colour with components in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub f32, pub f32, pub f32);

pub(crate) const TEXT: Rgb = Rgb(0.11, 0.11, 0.13);
pub(crate) const MUTED: Rgb = Rgb(0.38, 0.40, 0.44);
pub(crate) const ACCENT: Rgb = Rgb(0.11, 0.23, 0.40);
pub(crate) const RULE: Rgb = Rgb(0.72, 0.74, 0.78);
pub(crate) const HEADER_FILL: Rgb = Rgb(0.89, 0.91, 0.94);
pub(crate) const STRIPE_FILL: Rgb = Rgb(0.965, 0.97, 0.98);
pub(crate) const GREEN: Rgb = Rgb(0.18, 0.58, 0.25);
pub(crate) const AMBER: Rgb = Rgb(0.95, 0.63, 0.08);
pub(crate) const RED: Rgb = Rgb(0.80, 0.14, 0.14);
pub(crate) const GREY: Rgb = Rgb(0.62, 0.63, 0.65);

/// How a run of text is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextStyle {
    pub weight: Weight,
    pub size: f32,
    pub color: Rgb,
}

impl TextStyle {
    pub(crate) const fn regular(size: f32) -> Self {
        Self {
            weight: Weight::Regular,
            size,
            color: TEXT,
        }
    }

    pub(crate) const fn bold(size: f32) -> Self {
        Self {
            weight: Weight::Bold,
            size,
            color: TEXT,
        }
    }

    pub(crate) const fn color(self, color: Rgb) -> Self {
        Self { color, ..self }
    }

    /// Distance from one baseline to the next.
    pub(crate) fn line_height(self) -> f32 {
        self.size * LEADING
    }
}
